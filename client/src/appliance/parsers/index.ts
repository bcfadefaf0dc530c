/**
 * Readers for AsyncOS command output. Each takes the cleaned text of one command (a transcript
 * may include the echoed command and answers) and returns either the facts it found or a
 * "could not read" result naming what was missing — never a guess, so a check built on it can
 * say `unknown` instead of a wrong verdict. Shapes follow the Cisco TAC transcripts and the
 * known release differences (one-line vs one-cipher-per-line `sslconfig`, cluster prompts).
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function couldNotRead<T>(command: string, why: string): Parsed<T> {
  return { ok: false, reason: `could not read the output of "${command}": ${why}` };
}

/** Lines with their trailing spaces removed, blank lines dropped. */
function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '');
}

function restrictedMessage(text: string): string | undefined {
  const m = /(Unknown command[^\n]*|You do not have permission[^\n]*|Permission denied[^\n]*|This command is restricted[^\n]*)/.exec(text);
  return m?.[1];
}

// ---- status --------------------------------------------------------------------------------

export interface StatusInfo {
  systemStatus: string;
  online: boolean;
  statusLine: string;
}

export function parseStatus(text: string): Parsed<StatusInfo> {
  const m = /^\s*System status:\s*(.+?)\s*$/m.exec(text);
  if (!m) return couldNotRead('status', restrictedMessage(text) ?? 'no "System status:" line');
  const value = m[1];
  return ok({ systemStatus: value, online: /^online$/i.test(value), statusLine: m[0].trim() });
}

// ---- version -------------------------------------------------------------------------------

export interface VersionInfo {
  version: string;
  model?: string;
  product?: string;
  serial?: string;
  kind: 'esa' | 'sma' | 'unknown';
}

export function parseVersion(text: string): Parsed<VersionInfo> {
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(.+?)\\s*$`, 'm').exec(text)?.[1];
  const version = field('Version');
  if (!version || !/^\d+\.\d+/.test(version)) return couldNotRead('version', restrictedMessage(text) ?? 'no "Version:" line with a release number');
  const model = field('Model');
  const product = field('Product');
  let kind: VersionInfo['kind'] = 'unknown';
  if (/Management|\bSMA\b/i.test(product ?? '') || /^M\d/.test(model ?? '')) kind = 'sma';
  else if (/Email Security|Messaging Gateway|\bESA\b/i.test(product ?? '') || /^[CX]\d/.test(model ?? '')) kind = 'esa';
  return ok({ version, model, product, serial: field('Serial #'), kind });
}

export function releaseAtLeast(version: string, major: number, minor = 0): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  return Number(m[1]) > major || (Number(m[1]) === major && Number(m[2]) >= minor);
}

// ---- whoami --------------------------------------------------------------------------------

export interface WhoAmI {
  username: string;
  fullName?: string;
  groups: string[];
  /** `Administrator` when the account is in the admin group, else the first group. */
  role: string;
  isAdministrator: boolean;
}

export function parseWhoami(text: string): Parsed<WhoAmI> {
  const user = /^\s*Username:\s*(.+?)\s*$/m.exec(text)?.[1];
  const groupsText = /^\s*Groups?:\s*(.+?)\s*$/m.exec(text)?.[1];
  if (!user || !groupsText) return couldNotRead('whoami', restrictedMessage(text) ?? 'no "Username:" and "Groups:" lines');
  const groups = groupsText.split(/\s*,\s*/).filter(Boolean);
  const isAdministrator = groups.some((g) => /^(admin|administrators?)$/i.test(g));
  const roleNames: Record<string, string> = { operators: 'Operator', operator: 'Operator', readonly: 'Read-Only Operator', guest: 'Guest', helpdesk: 'Help Desk User' };
  const role = isAdministrator ? 'Administrator' : (roleNames[groups[0]?.toLowerCase()] ?? groups[0] ?? 'unknown');
  return ok({ username: user, fullName: /^\s*Full Name:\s*(.+?)\s*$/m.exec(text)?.[1], groups, role, isAdministrator });
}

// ---- sslconfig -----------------------------------------------------------------------------

export interface SslSettings {
  gui?: { method?: string; ciphers?: string };
  inbound?: { method?: string; ciphers?: string };
  outbound?: { method?: string; ciphers?: string };
  /** The lines the settings were read from, for evidence. */
  lines: string[];
}

/**
 * Reads both known shapes: `Outbound SMTP ciphers: A:B:C` on one line (before 9.5), and a label
 * followed by one cipher element per indented line (9.5 and later).
 */
export function parseSslconfig(text: string): Parsed<SslSettings> {
  const start = text.indexOf('sslconfig settings:');
  if (start < 0) return couldNotRead('sslconfig', restrictedMessage(text) ?? 'no "sslconfig settings:" block');
  const end = text.indexOf('Choose the operation', start);
  const block = text.slice(start, end < 0 ? undefined : end).split('\n').slice(1);
  const out: SslSettings = { lines: [] };
  const label = /^(\s*)(GUI HTTPS|Inbound SMTP|Outbound SMTP)\s+(method|ciphers):\s*(.*?)\s*$/;
  for (let n = 0; n < block.length; n++) {
    const m = label.exec(block[n]);
    if (!m) continue;
    const direction = m[2] === 'GUI HTTPS' ? 'gui' : m[2] === 'Inbound SMTP' ? 'inbound' : 'outbound';
    const slot = (out[direction] ??= {});
    out.lines.push(block[n].trim());
    if (m[3] === 'method') {
      slot.method = m[4];
      continue;
    }
    if (m[4]) {
      slot.ciphers = m[4];
      continue;
    }
    const indent = m[1].length;
    const parts: string[] = [];
    while (n + 1 < block.length && !label.test(block[n + 1]) && block[n + 1].trim() !== '' && block[n + 1].search(/\S/) > indent) {
      n++;
      parts.push(block[n].trim());
      out.lines.push(block[n].trim());
    }
    slot.ciphers = parts.join(':');
  }
  if (!out.outbound?.ciphers && !out.inbound?.ciphers && !out.gui?.ciphers) return couldNotRead('sslconfig', 'no cipher list under "sslconfig settings:"');
  return ok(out);
}

// ---- deliveryconfig ------------------------------------------------------------------------

export interface DeliveryConfig {
  defaultInterface: string;
  isAuto: boolean;
  line: string;
}

export function parseDeliveryconfig(text: string): Parsed<DeliveryConfig> {
  const m = /^\s*Default interface to deliver mail:\s*(.+?)\s*$/m.exec(text);
  if (!m) return couldNotRead('deliveryconfig', restrictedMessage(text) ?? 'no "Default interface to deliver mail:" line');
  return ok({ defaultInterface: m[1], isAuto: /^auto$/i.test(m[1]), line: m[0].trim() });
}

// ---- interfaceconfig -----------------------------------------------------------------------

export interface InterfaceInfo {
  name: string;
  ip: string;
  prefix: number;
  port?: string;
  hostname: string;
  line: string;
}

const IFACE_LINE = /^\s*\d+\.\s+(.+?)\s+\((\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})(?:\s+on\s+([^:]+?))?:\s*([^)]*)\)\s*$/;

/** Reads `N. Name (ip/len on Port: hostname)` lines (interfaceconfig) and `N. Name (ip/len: hostname)` (telnet, deliveryconfig). */
export function parseInterfaceLines(text: string): InterfaceInfo[] {
  const out: InterfaceInfo[] = [];
  for (const line of lines(text)) {
    const m = IFACE_LINE.exec(line);
    if (m) out.push({ name: m[1], ip: m[2], prefix: Number(m[3]), port: m[4]?.trim(), hostname: m[5].trim(), line: line.trim() });
  }
  return out;
}

export function parseInterfaceconfig(text: string): Parsed<InterfaceInfo[]> {
  if (!/Currently configured interfaces:/.test(text)) return couldNotRead('interfaceconfig', restrictedMessage(text) ?? 'no "Currently configured interfaces:" list');
  const list = parseInterfaceLines(text.slice(text.indexOf('Currently configured interfaces:')));
  if (list.length === 0) return couldNotRead('interfaceconfig', 'the interface list is empty or in an unknown shape');
  return ok(list);
}

// ---- routeconfig ---------------------------------------------------------------------------

export interface RouteInfo {
  name: string;
  destination: string;
  gateway: string;
  line: string;
}

export function parseRouteconfig(text: string): Parsed<RouteInfo[]> {
  if (/There are no routes configured|No routes (are )?configured/i.test(text)) return ok([]);
  if (!/Currently configured routes:/.test(text)) return couldNotRead('routeconfig', restrictedMessage(text) ?? 'no route list');
  const out: RouteInfo[] = [];
  for (const line of lines(text)) {
    const m = /^\s*\d+\.\s+(.+?)\s+Destination:\s*(\S+)\s+Gateway:\s*(\S+)/i.exec(line);
    if (m) out.push({ name: m[1], destination: m[2], gateway: m[3], line: line.trim() });
  }
  return ok(out);
}

// ---- telnet --------------------------------------------------------------------------------

export interface TelnetResult {
  outcome: 'connected' | 'timeout' | 'refused' | 'unreachable';
  banner?: string;
  lines: string[];
}

export function parseTelnet(text: string): Parsed<TelnetResult> {
  const evidence = lines(text).filter((l) => /^(Trying|Connected to|telnet:|220[ -]|Connection closed)/.test(l.trim())).map((l) => l.trim());
  const banner = /^\s*(220[ -].*)$/m.exec(text)?.[1];
  if (banner) return ok({ outcome: 'connected', banner, lines: evidence });
  if (/Operation timed out|Connection timed out/i.test(text)) return ok({ outcome: 'timeout', lines: evidence });
  if (/Connection refused/i.test(text)) return ok({ outcome: 'refused', lines: evidence });
  if (/No route to host|Network is unreachable|Unable to connect/i.test(text)) return ok({ outcome: 'unreachable', lines: evidence });
  return couldNotRead('telnet', restrictedMessage(text) ?? 'neither a 220 banner nor a connection error');
}

// ---- tlsverify -----------------------------------------------------------------------------

export interface TlsVerifyResult {
  connected: boolean;
  protocol?: string;
  cipher?: string;
  anonymousCipher: boolean;
  certificateVerified: boolean;
  noCertificate: boolean;
  succeeded: boolean;
  connectError?: string;
  lines: string[];
}

export function parseTlsverify(text: string): Parsed<TlsVerifyResult> {
  if (!/TLS verification completed|Failed to connect|TLS connection established|Connecting to/.test(text)) {
    return couldNotRead('tlsverify', restrictedMessage(text) ?? 'no TLS verification result');
  }
  const est = /TLS connection established: protocol ([^,]+), cipher ([^\s.]+(?:\.[^\s.]+)*)\.?/.exec(text);
  const cipher = est?.[2]?.replace(/\.$/, '');
  const noCertificate = /no certificate from server/i.test(text);
  const succeeded = /TLS successfully connected|TLS connection to \S+ succeeded/i.test(text);
  const connectError = /Connection to \S+ failed: ([^\n]+?)\.?$/m.exec(text)?.[1];
  return ok({
    connected: Boolean(est) || /Connected to /.test(text),
    protocol: est?.[1],
    cipher,
    anonymousCipher: cipher !== undefined && /^(ADH|AECDH)-|-anon-|_anon_/i.test(cipher),
    certificateVerified: /TLS certificate verified|Certificate verified/i.test(text),
    noCertificate,
    succeeded: succeeded && !noCertificate,
    connectError,
    lines: lines(text)
      .map((l) => l.trim())
      .filter((l) => /^(Connecting|Connected|TLS|Certificate|Verifying|Failed|Connection to)/.test(l)),
  });
}

// ---- tophosts ------------------------------------------------------------------------------

export interface TopHost {
  host: string;
  down: boolean;
  active: number;
  connOut: number;
  delivered: number;
  softBounced: number;
  hardBounced: number;
  line: string;
}

export function parseTophosts(text: string): Parsed<TopHost[]> {
  if (!/Recipient Host/.test(text)) return couldNotRead('tophosts', restrictedMessage(text) ?? 'no "Recipient Host" table');
  const out: TopHost[] = [];
  const num = (s: string) => Number(s.replace(/,/g, ''));
  for (const line of lines(text)) {
    const m = /^\s*\d+\s*(\*?)\s+(\S+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s*$/.exec(line);
    if (m) {
      out.push({ host: m[2], down: m[1] === '*', active: num(m[3]), connOut: num(m[4]), delivered: num(m[5]), softBounced: num(m[6]), hardBounced: num(m[7]), line: line.trim() });
    }
  }
  return ok(out);
}

// ---- featurekey ----------------------------------------------------------------------------

export interface FeatureKey {
  module: string;
  quantity: string;
  remaining: string;
  expiration: string;
}

export function parseFeaturekey(text: string): Parsed<FeatureKey[]> {
  const header = /^(\s*Module\s+)Quantity\s+Remaining\s+Expiration.*$/m.exec(text);
  if (!header) return couldNotRead('featurekey', restrictedMessage(text) ?? 'no "Module  Quantity  Remaining  Expiration" header');
  const after = text.slice(header.index + header[0].length);
  const body = after.split(/Choose the operation/)[0];
  const out: FeatureKey[] = [];
  for (const line of lines(body)) {
    const m = /^\s*(.+?)\s{2,}(\d+)\s+(.+?)\s{2,}(.+?)\s*$/.exec(line);
    if (m) out.push({ module: m[1], quantity: m[2], remaining: m[3], expiration: m[4] });
  }
  return ok(out);
}

// ---- clusterconfig -------------------------------------------------------------------------

export interface ClusterInfo {
  clustered: boolean;
  name?: string;
  machines: { name: string; serial?: string; group?: string }[];
}

export function parseClusterconfig(text: string): Parsed<ClusterInfo> {
  if (/join or create a cluster|configure as standalone|has not been clustered/i.test(text)) return ok({ clustered: false, machines: [] });
  const name = /^\s*cluster\s*=\s*(.+?)\s*$/m.exec(text)?.[1] ?? /^\s*Cluster\s+(\S.*?)\s*$/m.exec(text)?.[1];
  const machines: ClusterInfo['machines'] = [];
  let group: string | undefined;
  for (const line of lines(text)) {
    const g = /^\s*Group\s+(.+?):\s*$/.exec(line);
    if (g) group = g[1];
    const m = /^\s*Machine\s+(\S+)(?:\s+\(Serial #:\s*([^)]+)\))?/.exec(line);
    if (m) machines.push({ name: m[1], serial: m[2]?.trim(), group });
  }
  if (!name && machines.length === 0) return couldNotRead('clusterconfig', restrictedMessage(text) ?? 'neither a cluster listing nor the standalone question');
  return ok({ clustered: true, name, machines });
}

// ---- grep over mail_logs -------------------------------------------------------------------

export interface MailLogFacts {
  lines: string[];
  tlsFailures: string[];
  tlsRequiredFailures: string[];
  tlsSuccesses: string[];
  cpqIncoming: string[];
  quarantineDeliveries: string[];
  connectionErrors: string[];
}

const LOG_LINE = /^\s*\w{3} \w{3}\s+\d+ \d\d:\d\d:\d\d \d{4} (Info|Warning|Debug|Critical|Trace):/;

export function parseMailLogGrep(text: string): Parsed<MailLogFacts> {
  if (/Unknown log name|Unknown command/i.test(text)) return couldNotRead('grep', restrictedMessage(text) ?? 'the appliance did not recognise the log name');
  const all = lines(text).filter((l) => LOG_LINE.test(l)).map((l) => l.trim());
  if (all.length === 0 && lines(text).some((l) => !/^(grep|[\w.-]+>|\[)/.test(l.trim()))) {
    return couldNotRead('grep', 'output lines are not mail log entries');
  }
  return ok({
    lines: all,
    tlsFailures: all.filter((l) => /TLS failed/i.test(l)),
    tlsRequiredFailures: all.filter((l) => /TLS was required but could not be successfully negotiated/i.test(l)),
    tlsSuccesses: all.filter((l) => /TLS success/i.test(l)),
    cpqIncoming: all.filter((l) => /New CPQ ICID/.test(l)),
    quarantineDeliveries: all.filter((l) => /Centralized Policy Quarantine/i.test(l)),
    connectionErrors: all.filter((l) => /Connection Error/i.test(l)),
  });
}
