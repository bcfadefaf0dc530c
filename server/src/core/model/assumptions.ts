/**
 * Every working assumption about the config.xml format, in one place.
 *
 * No complete public config.xml or config.dtd exists. What is evidenced is
 * used as is elsewhere; what is assumed lives here, numbered as in the
 * project's format notes (docs/CONFIG-FORMAT.md), so that a real export that
 * contradicts an assumption changes one function, not the rules.
 */
import type { ApplianceKind, ConfigLevel, ConfigModel, TlsDirection } from './types';

/** Evidence: the hidden listener that carries CPQ is named like this. */
export const CPQ_LISTENER_NAME = 'cpq_listener';
/** Evidence: the CPQ protocol word and its default port, on both appliances. */
export const CPQ_PROTOCOL = 'CPQ';
export const CPQ_DEFAULT_PORT = 7025;

/** Assumption 1: an element whose name mentions PVO/CPQ means centralized PVO is configured. */
export function isPvoElementName(name: string): boolean {
  return /pvo|cpq|centralized_quarantine/i.test(name);
}

/** Assumption 2: the default delivery interface is "Auto" when absent, empty, or `Auto` in any case. */
export function isAutoDeliveryInterface(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || value.trim().toLowerCase() === 'auto';
}

/** Assumption 3: a netmask may be dotted, hex (`0xffffff00`) or a prefix length (`24`, `/24`). Returns the prefix length. */
export function netmaskPrefixLength(text: string): number | undefined {
  const value = text.trim();
  const prefix = /^\/?(\d{1,2})$/.exec(value);
  if (prefix) {
    const n = Number(prefix[1]);
    return n <= 32 ? n : undefined;
  }
  let bits: number | undefined;
  const hex = /^0x([0-9a-f]{8})$/i.exec(value);
  if (hex) bits = parseInt(hex[1], 16) >>> 0;
  const dotted = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (dotted) {
    const parts = dotted.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    bits = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
  }
  if (bits === undefined) return undefined;
  // A valid mask is a run of ones followed by zeros.
  const inverted = ~bits >>> 0;
  if ((inverted & (inverted + 1)) !== 0) return undefined;
  let length = 0;
  for (let b = bits; b & 0x80000000; b = (b << 1) >>> 0) length++;
  return length;
}

/** Assumption 4: where static routes and their fields may be. Paths are relative to a level's `<config>`. */
export const ROUTE_CONTAINERS: string[][] = [
  ['routing_tables', 'routing_table', 'routes'],
  ['routes'],
];
export const ROUTE_DESTINATION_NAMES = ['destination', 'destinatione', 'route_destination'];
export const ROUTE_GATEWAY_NAMES = ['gateway', 'route_gateway'];

/** Assumption 5: any element under `<ssl>` ending in `_ciphers` is a cipher list, `_method` a method; direction from the name. */
export function tlsSettingOf(elementName: string): { setting: 'ciphers' | 'method'; direction: TlsDirection } | undefined {
  const setting = /_ciphers?$/.test(elementName) ? 'ciphers' : /_methods?$/.test(elementName) ? 'method' : undefined;
  if (!setting) return undefined;
  const direction: TlsDirection = /outbound/i.test(elementName) ? 'outbound'
    : /inbound/i.test(elementName) ? 'inbound'
    : /gui|https/i.test(elementName) ? 'gui'
    : 'other';
  return { setting, direction };
}

/** Assumption 6: TLS method words as the CLI prints them, read as a set of protocol versions. */
export function tlsMethodProtocols(value: string): Set<string> | undefined {
  const v = value.toLowerCase().replace(/[\s._-]/g, '');
  const known = ['sslv2', 'sslv3', 'tlsv10', 'tlsv11', 'tlsv12', 'tlsv13', 'tlsv1'];
  const found = new Set<string>();
  let rest = v;
  while (rest.length > 0) {
    const word = known.find((k) => rest.startsWith(k));
    if (!word) return undefined;
    found.add(word === 'tlsv10' ? 'tlsv1' : word);
    rest = rest.slice(word.length);
  }
  return found.size > 0 ? found : undefined;
}

/** Assumption 7: the group and machine sections of a cluster export. */
export const CLUSTER_ROOT = 'cluster_config';
export const CLUSTER_LEVEL_PATH = ['cluster', 'config'];
export const CLUSTER_GROUP = { element: 'group', name: 'group_name', config: 'config' };
export const CLUSTER_MACHINE = { element: 'machine', name: 'machine_name', group: 'group_name', config: 'config' };
export const CLUSTER_NAME_ELEMENTS = ['cluster_name', 'name'];

/** Assumption 7: the sections that must not be overridden below the level where PVO is enabled. */
export function overrideSectionKind(elementName: string): 'dlp' | 'dmarc' | 'pvo' | undefined {
  if (/^dlp/i.test(elementName)) return 'dlp';
  if (/^dmarc/i.test(elementName)) return 'dmarc';
  if (isPvoElementName(elementName)) return 'pvo';
  return undefined;
}

/** Not evidenced: which header words tell an SMA from an ESA. */
export function applianceKindFromHeader(product: string | undefined, model: string | undefined): ApplianceKind {
  const p = (product ?? '').toLowerCase();
  const m = (model ?? '').trim().toUpperCase();
  if (/management|\bsma\b|content security management/.test(p) || /^(SMA|M)\d|^SMA/.test(m)) return 'sma';
  if (/email security|\besa\b|ironport c|ironport x/.test(p) || /^(ESA|C|X)\d|^ESA/.test(m)) return 'esa';
  return 'unknown';
}

/** Evidence: the header keys (the first comment's `Key: value` lines). */
export const HEADER_KEYS = {
  product: 'Product',
  model: 'Model Number',
  version: 'Version',
  serial: 'Serial Number',
} as const;

/** Elements that only an AsyncOS configuration has at its top level (recognition without a header). */
export const TOP_LEVEL_MARKERS = new Set(['hostname', 'interfaces', 'listeners', 'ssl', 'delivery_interface', 'perrcpt_policies', 'routing_tables', 'smad', 'euq', 'users', 'filters', 'altsrchost', 'smtp_routes', 'cluster']);

/**
 * Not evidenced beyond examples: the HAT text inside `<hat>`. Read by the
 * HAT module (`hat/parse.ts`, `hat/address.ts`), which also assumes that the
 * left margin is the smallest indentation in the text and that a partial
 * IPv4 address (`10.1.1`) matches whole octets.
 */
/** `#` starts a comment line in a HAT, as the user guide states for RAT files. */
export const HAT_COMMENT_PREFIX = '#';
/** A sender-group member that is a bare upper-case word (`PARTNERS`) names another sender group, not a host. */
export function isSenderGroupReference(member: string): boolean {
  return member !== 'ALL' && /^[A-Z_][A-Z0-9_]*$/.test(member) && /[A-Z]/.test(member);
}

/**
 * Not evidenced: a message filter's `sendergroup == "NAME"` compares its value
 * with sender-group names as a regular expression, without regard to case, as
 * the filters' other string comparisons do (`mail-from == "^user@"`). An
 * invalid expression matches nothing.
 */
export function senderGroupPattern(value: string): RegExp | undefined {
  try {
    return new RegExp(value, 'i');
  } catch {
    return undefined;
  }
}

/**
 * Not evidenced: whose HATs a message filter's `sendergroup` condition can
 * name. Filters apply to the mail of every listener of the appliance, so in a
 * standalone file every HAT. In a cluster export, a level's settings hold for
 * the levels below it unless they override them: filters at the cluster level
 * see every level's listeners; a group's filters see the cluster's listeners,
 * the group's and its machines'; a machine's see the cluster's, its group's
 * and its own; never a sibling group's or another machine's. A `recv-listnr`
 * condition next to it is not taken into account.
 */
export function filterSeesListenersOf(model: ConfigModel, filterLevel: ConfigLevel, listenerLevel: ConfigLevel): boolean {
  if (filterLevel === listenerLevel) return true;
  return isWithin(listenerLevel, filterLevel) || isWithin(filterLevel, listenerLevel) || model.levels.length === 1;
}

/** Whether `inner` is `outer` or one of the levels `outer`'s settings hold for. */
function isWithin(inner: ConfigLevel, outer: ConfigLevel): boolean {
  if (inner === outer || outer.kind === 'cluster') return true;
  if (outer.kind === 'group' && inner.kind === 'machine') return !!outer.name && inner.groupName?.value === outer.name.value;
  return false;
}
