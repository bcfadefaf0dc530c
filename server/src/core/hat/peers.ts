import type { ConfigLevel, ConfigModel, Listener, Located } from '../model/types';
import type { WorkspaceFile } from '../rules/types';
import { parseIpAddress, type IpVersion } from './address';
import { listenerHat, relayedPeerAddresses } from './analysis';

/** An address of another configuration file, with where it is written there. */
export interface FileAddress {
  address: string;
  version: IpVersion;
  value: bigint;
  /** The interface it belongs to. */
  interfaceName?: string;
  located: Located;
}

/** The other side of centralized PVO, found among the configurations analysed together. */
export interface PeerFile {
  uri: string;
  model: ConfigModel;
  /** Every interface address of the peer (it may connect from any of them). */
  addresses: FileAddress[];
  /** The addresses of the interface its cpq_listener is bound to: where it accepts CPQ. */
  cpqAddresses: FileAddress[];
  /** Its cpq_listener(s), for the port. */
  cpqListeners: Listener[];
  /** How the pairing was established, for messages. */
  why: string;
}

function interfaceAddresses(level: ConfigLevel): FileAddress[] {
  const out: FileAddress[] = [];
  for (const iface of level.interfaces) {
    for (const located of [iface.ip, iface.ip6]) {
      const ip = located ? parseIpAddress(located.value) : undefined;
      if (ip && located) out.push({ address: located.value.trim(), ...ip, interfaceName: iface.name?.value, located });
    }
  }
  return out;
}

export function addressesOf(model: ConfigModel): FileAddress[] {
  return model.levels.flatMap(interfaceAddresses);
}

function cpqListenersOf(model: ConfigModel): { listener: Listener; level: ConfigLevel }[] {
  return model.levels.flatMap((level) => level.listeners.filter((l) => l.isCpq).map((listener) => ({ listener, level })));
}

/** Where a configuration accepts CPQ: the addresses of the interface its cpq_listener names. */
export function cpqAddressesOf(model: ConfigModel): FileAddress[] {
  const names = new Set(cpqListenersOf(model).flatMap(({ listener }) => (listener.interfaceName ? [listener.interfaceName.value] : [])));
  return addressesOf(model).filter((a) => a.interfaceName !== undefined && names.has(a.interfaceName));
}

/** The single addresses a configuration's cpq_listener relays. */
export function relayedBy(model: ConfigModel): { version: IpVersion; value: bigint }[] {
  return cpqListenersOf(model).flatMap(({ listener }) => {
    const hat = listenerHat(listener);
    return hat ? relayedPeerAddresses(hat.parsed.value) : [];
  });
}

const same = (a: { version: IpVersion; value: bigint }, b: { version: IpVersion; value: bigint }) => a.version === b.version && a.value === b.value;

/**
 * The files among `workspace` that are this configuration's PVO peers: SMAs
 * for an ESA, ESAs for an SMA. A file is a peer when either side's
 * cpq_listener relays the other's address, when the ESA lists the SMA among
 * its managing appliances, or when it is the only file of the other kind.
 * Files of unknown kind are never paired: a guess would mean false findings.
 */
export function peerFiles(model: ConfigModel, workspace: readonly WorkspaceFile[]): PeerFile[] {
  const wanted = model.kind === 'esa' ? 'sma' : model.kind === 'sma' ? 'esa' : undefined;
  if (!wanted) return [];
  const candidates = workspace.filter((w) => w.model !== model && w.model.kind === wanted);
  const mine = addressesOf(model);
  const myRelayed = relayedBy(model);
  const mySmaHosts = new Set(model.levels.flatMap((l) => l.smaHosts.map((h) => h.value.trim().toLowerCase())));
  const out: PeerFile[] = [];
  for (const candidate of candidates) {
    const theirs = addressesOf(candidate.model);
    const theirRelayed = relayedBy(candidate.model);
    const theirNames = candidate.model.levels.flatMap((l) => [l.hostname?.value, ...l.interfaces.map((i) => i.hostname?.value)]).filter((n): n is string => !!n).map((n) => n.toLowerCase());
    let why: string | undefined;
    if (theirs.some((t) => myRelayed.some((r) => same(r, t)))) why = 'this cpq_listener relays it';
    else if (mine.some((m) => theirRelayed.some((r) => same(r, m)))) why = 'its cpq_listener relays this appliance';
    else if (theirs.some((t) => mySmaHosts.has(t.address.toLowerCase())) || theirNames.some((n) => mySmaHosts.has(n))) why = 'this appliance lists it as its management appliance';
    else if (candidates.length === 1) why = `it is the only ${wanted.toUpperCase()} configuration analysed with this one`;
    if (!why) continue;
    out.push({
      uri: candidate.uri,
      model: candidate.model,
      addresses: theirs,
      cpqAddresses: cpqAddressesOf(candidate.model),
      cpqListeners: cpqListenersOf(candidate.model).map((c) => c.listener),
      why,
    });
  }
  return out;
}

export function peerLabel(peer: PeerFile): string {
  const host = peer.model.levels.find((l) => l.hostname)?.hostname?.value;
  return `the ${peer.model.kind.toUpperCase()} ${host ? `${host} ` : ''}(${peer.uri})`;
}
