/**
 * The state of a simulated AsyncOS appliance. Everything the simulated CLI prints, and every
 * configuration file it exports, is derived from this data, so a scenario preset only has to
 * describe the appliance once and every command agrees with every other.
 */
import type { SimLatency } from './latency';

export type ApplianceKind = 'esa' | 'sma';

export interface SimInterface {
  name: string;
  ip: string;
  prefix: number;
  hostname: string;
  phys: string;
}

export interface SimRoute {
  name: string;
  /** CIDR, e.g. `10.20.0.0/16`. */
  destination: string;
  gateway: string;
}

export interface SimListener {
  name: string;
  protocol: 'SMTP' | 'CPQ';
  interfaceName: string;
  port: number;
  type: 'public' | 'private';
  /** Addresses in the HAT's relaying sender group. */
  relayHosts: string[];
}

export interface SimFeatureKey {
  module: string;
  quantity: number;
  remaining: string;
  expiration: string;
}

export interface SimQueue {
  host: string;
  active: number;
  connOut: number;
  delivered: number;
  soft: number;
  hard: number;
  down: boolean;
}

export interface SimClusterMachine {
  name: string;
  serial: string;
  group: string;
}

/** A setting configured below cluster level; PVO needs these at one level only. */
export interface SimOverride {
  level: 'machine' | 'group';
  /** Machine or group name. */
  owner: string;
  section: 'content_filter' | 'message_filter' | 'dlp' | 'dmarc';
  name: string;
}

export interface SimCluster {
  name: string;
  machines: SimClusterMachine[];
  overrides: SimOverride[];
  /** Interface chosen for PVO at cluster level; must exist by name on every machine. */
  pvoInterface: string;
}

export interface SimSsl {
  guiMethod: string;
  guiCiphers: string;
  inboundMethod: string;
  inboundCiphers: string;
  outboundMethod: string;
  outboundCiphers: string;
}

export interface SimAppliance {
  /** Short id inside a scenario (`esa`, `sma`, `esa2`). */
  id: string;
  kind: ApplianceKind;
  hostname: string;
  model: string;
  serial: string;
  version: string;
  online: boolean;
  interfaces: SimInterface[];
  routes: SimRoute[];
  defaultGateway: string;
  /** `Auto` or an interface name. */
  deliveryInterface: string;
  ssl: SimSsl;
  listeners: SimListener[];
  featureKeys: SimFeatureKey[];
  queues: SimQueue[];
  mailLog: string[];
  cluster?: SimCluster;
  /** TLS behaviour of this appliance when it accepts CPQ connections. */
  offersAnonymousCipher: boolean;
  /** Delay before each command's output (real appliances take 0.2–2 s); the scenario's when absent. */
  latency?: SimLatency;
}

export type SimRole = 'admin' | 'operator';

export interface SimUser {
  name: string;
  password: string;
  role: SimRole;
  fullName: string;
  /** OpenSSH public key lines accepted for this user. */
  authorizedKeys?: string[];
  /** Authentication methods this user may use; all when absent (some appliances allow only keyboard-interactive). */
  methods?: ('password' | 'publickey' | 'keyboard-interactive')[];
}

export interface Scenario {
  id: string;
  title: string;
  description: string;
  appliances: SimAppliance[];
  users: SimUser[];
  /** The account the probe logs in with on this scenario. */
  loginUser: string;
  /**
   * Check ids that must come out as `problem` for each appliance id; every other check must not.
   * This is the contract the tests and the demo rely on.
   */
  expectedProblems: Record<string, string[]>;
  /** Delay before each command's output on every appliance without a latency of its own; none when absent. */
  latency?: SimLatency;
}

export function cpqListener(appliance: SimAppliance): SimListener | undefined {
  return appliance.listeners.find((l) => l.name === 'cpq_listener');
}

export function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const v = Number(part);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function inSubnet(ip: string, network: string, prefix: number): boolean {
  const a = ipToNumber(ip);
  const b = ipToNumber(network);
  if (a === undefined || b === undefined) return false;
  if (prefix === 0) return true;
  const size = 2 ** (32 - prefix);
  return Math.floor(a / size) === Math.floor(b / size);
}

export function prefixToNetmask(prefix: number): string {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.');
}

export function ownsAddress(appliance: SimAppliance, ip: string): boolean {
  return appliance.interfaces.some((i) => i.ip === ip);
}

export function primaryAddress(appliance: SimAppliance): string {
  return (appliance.interfaces.find((i) => i.name === 'Management') ?? appliance.interfaces[0]).ip;
}

/**
 * Picks the interface a connection to `ip` leaves from, as AsyncOS does for `Auto`: the interface
 * on the destination's subnet, else a static route's interface, else the default gateway's.
 */
export function autoInterface(appliance: SimAppliance, ip: string): SimInterface | undefined {
  const direct = appliance.interfaces.find((i) => inSubnet(ip, i.ip, i.prefix));
  if (direct) return direct;
  const route = appliance.routes
    .filter((r) => {
      const [net, len] = r.destination.split('/');
      return inSubnet(ip, net, Number(len));
    })
    .sort((a, b) => Number(b.destination.split('/')[1]) - Number(a.destination.split('/')[1]))[0];
  const gateway = route ? route.gateway : appliance.defaultGateway;
  return appliance.interfaces.find((i) => inSubnet(gateway, i.ip, i.prefix));
}

/** Whether traffic forced out of `iface` can reach `ip`: on-link, or via a gateway on that link. */
export function canReachFrom(appliance: SimAppliance, iface: SimInterface, ip: string): boolean {
  if (inSubnet(ip, iface.ip, iface.prefix)) return true;
  const gateways = appliance.routes
    .filter((r) => {
      const [net, len] = r.destination.split('/');
      return inSubnet(ip, net, Number(len));
    })
    .map((r) => r.gateway);
  gateways.push(appliance.defaultGateway);
  return gateways.some((g) => inSubnet(g, iface.ip, iface.prefix));
}

/**
 * A deliberately rough reading of an OpenSSL cipher string, enough for the simulator to decide
 * whether a peer offering an anonymous suite would get one. The product never uses this; it
 * evaluates cipher strings with the real cipher engine.
 */
export function simAllowsAnonymous(cipherList: string): boolean {
  let allowed = false;
  for (const raw of cipherList.split(/[:, ;]+/)) {
    const token = raw.trim();
    if (!token) continue;
    const removes = token.startsWith('-') || token.startsWith('!');
    const name = token.replace(/^[-!+]/, '');
    const anonymous = ['aNULL', 'ADH', 'AECDH', 'ALL', 'COMPLEMENTOFDEFAULT'].includes(name) || name.startsWith('ADH-');
    if (removes && ['aNULL', 'ADH', 'ALL'].includes(name)) allowed = false;
    else if (!removes && anonymous) allowed = true;
  }
  return allowed;
}
