/**
 * Host patterns of a HAT (sender-group members and inline rules) and the
 * arithmetic the rules need: does an address fall in a pattern, does one
 * pattern cover another. Pure: no I/O.
 *
 * Syntax as the AsyncOS user guide lists it ("Sender Group Syntax"): full,
 * partial, CIDR and ranged IPv4; IPv6 with CIDR and ranges; host names;
 * `.domain`; `SBRS[lo:hi]`, `SBRS[none]`; `SBO:n`; `dnslist[server]`; `ALL`.
 */

import { isSenderGroupReference } from '../model/assumptions';
import type { MessageArg, MessageRef } from '../rules/types';

export type IpVersion = 4 | 6;

/** An inclusive interval of addresses of one version. */
export interface IpInterval {
  version: IpVersion;
  first: bigint;
  last: bigint;
}

export type IpForm = 'address' | 'partial' | 'cidr' | 'range';

export type HostPattern =
  | ({ kind: 'ip'; form: IpForm } & IpInterval)
  | { kind: 'hostname'; name: string }
  /** `.example.com`: every host below example.com (not example.com itself). */
  | { kind: 'domain'; suffix: string }
  | { kind: 'sbrs'; min: number; max: number }
  | { kind: 'sbrs-none' }
  | { kind: 'dnslist'; server: string }
  | { kind: 'sbo'; id: number }
  /** A bare upper-case word: the name of another sender group. */
  | { kind: 'group-ref'; name: string }
  | { kind: 'all' }
  /** Accepted but not understood (syntax the documentation does not show). */
  | { kind: 'unknown'; text: string };

export interface PatternResult {
  pattern: HostPattern;
  /** The text is not a valid instance of the syntax it evidently uses (bad octet, prefix, range): an id of `HOST_PATTERN_ERRORS`. */
  error?: MessageRef;
  /** The syntax is not one the documentation shows; accepted as is: an id of `HOST_PATTERN_WARNINGS`. */
  warning?: MessageRef;
}

/**
 * Why a host entry is not valid, as English templates (docs/L10N.md):
 * `hat-invalid-address` declares them among its messages. The entry itself
 * (`{text}`) is quoted as written.
 */
export const HOST_PATTERN_ERRORS = {
  notIpv4: '`{text}` is not an IPv4 address, prefix or range',
  dotAfterFourthOctet: '`{text}` has a dot after the fourth octet',
  octetOver255: 'octet {octet} in `{text}` is more than 255',
  rangeNotLast: 'only the last octet given may be a range in `{text}`',
  octetRangeBackwards: 'the range {low}-{high} in `{text}` runs backwards',
  rangeAndPrefix: '`{text}` mixes a range and a prefix length',
  dotBeforePrefix: '`{text}` has a dot before the prefix length',
  prefixNotIpv4: 'prefix length /{prefix} in `{text}` is not 0 to 32',
  notIpv6: '`{text}` is not an IPv6 address',
  prefixNotIpv6: 'prefix length /{prefix} in `{text}` is not 0 to 128',
  moreThanOneRange: '`{text}` has more than one range',
  rangeBackwards: 'the range `{text}` runs backwards',
  notIpv6Range: '`{text}` is not an IPv6 address or range',
  notSbrs: '`{text}` is not `SBRS[low:high]` or `SBRS[none]`',
  sbrsShape: '`{text}` is not `SBRS[low:high]` with scores from -10.0 to 10.0',
  sbrsOutOfRange: 'SenderBase scores in `{text}` must be between -10.0 and 10.0',
  sbrsBackwards: 'the score range in `{text}` runs backwards',
  emptyHost: 'empty host entry',
  noDnsListServer: '`{text}` names no DNS list server',
  badDnsListServer: '`{server}` in `{text}` is not a DNS list server name',
  notSbo: '`{text}` is not `SBO:` followed by a network owner number',
  notDomain: '`{text}` is not a domain',
} as const;

/** An entry in a form the documentation does not show (reported by `hat-syntax` as a warning). */
export const HOST_PATTERN_WARNINGS = {
  undocumentedHostForm: '`{text}` is not a host entry form the documentation shows; kept as is',
} as const;

function unknown(text: string, id: keyof typeof HOST_PATTERN_ERRORS, args: Record<string, MessageArg> = {}): PatternResult {
  return { pattern: { kind: 'unknown', text }, error: id === 'emptyHost' ? { id } : { id, args: { text, ...args } } };
}

const V4_MAX = 0xffffffffn;
const V6_MAX = (1n << 128n) - 1n;

function maxOf(version: IpVersion): bigint {
  return version === 4 ? V4_MAX : V6_MAX;
}

function bitsOf(version: IpVersion): number {
  return version === 4 ? 32 : 128;
}

/** The interval of a CIDR block; host bits in `base` are ignored, as the appliance does for `10.1.1.1/24`. */
export function cidrInterval(version: IpVersion, base: bigint, prefix: number): IpInterval {
  const hostBits = BigInt(bitsOf(version) - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const first = base & (maxOf(version) ^ hostMask);
  return { version, first, last: first | hostMask };
}

/** A full dotted IPv4 address, or undefined. */
export function parseIpv4(text: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** A full IPv6 address (with `::` and an optional dotted IPv4 tail), or undefined. */
export function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length < 2) return undefined;
  let head = text;
  let tail: bigint[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const left = groupsOf(halves[0]);
  const right = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!left || !right) return undefined;
  const total = left.length + right.length + tail.length;
  let groups: bigint[];
  if (halves.length === 2) {
    if (total > 7) return undefined;
    groups = [...left, ...new Array<bigint>(8 - total).fill(0n), ...right, ...tail];
  } else {
    if (total !== 8) return undefined;
    groups = [...left, ...tail];
  }
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** A single IPv4 or IPv6 address (as given with `--sma`, or found in a config). */
export function parseIpAddress(text: string): { version: IpVersion; value: bigint } | undefined {
  const t = text.trim().replace(/^\[(.*)\]$/, '$1');
  const v4 = parseIpv4(t);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = t.includes(':') ? parseIpv6(t) : undefined;
  if (v6 !== undefined) return { version: 6, value: v6 };
  return undefined;
}

export function formatIp(version: IpVersion, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as people write them.
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength) { best = i; bestLength = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

/** `10.1.1.0/24`, or `10.1.1.1` for a single address. */
export function formatInterval(interval: IpInterval): string {
  if (interval.first === interval.last) return formatIp(interval.version, interval.first);
  const span = interval.last - interval.first + 1n;
  const bits = bitsOf(interval.version);
  for (let prefix = 0; prefix <= bits; prefix++) {
    const size = 1n << BigInt(bits - prefix);
    if (size === span && interval.first % size === 0n) return `${formatIp(interval.version, interval.first)}/${prefix}`;
  }
  return `${formatIp(interval.version, interval.first)}-${formatIp(interval.version, interval.last)}`;
}

function ipv4Pattern(text: string): PatternResult | undefined {
  // Most members are plain addresses: skip the general reading for them.
  const plain = parseIpv4(text);
  if (plain !== undefined) return { pattern: { kind: 'ip', form: 'address', version: 4, first: plain, last: plain } };
  // Every documented IPv4 form: digits, dots, at most one dash, optional /prefix.
  const m = /^([\d.-]+?)(?:\/(\d*))?$/.exec(text);
  if (!m || !/^\d/.test(m[1])) return undefined;
  const body = m[1];
  const prefixText = m[2];
  const invalid = (id: keyof typeof HOST_PATTERN_ERRORS, args?: Record<string, MessageArg>): PatternResult => unknown(text, id, args);
  const trailingDot = body.endsWith('.');
  const parts = (trailingDot ? body.slice(0, -1) : body).split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return invalid('notIpv4');
  if (trailingDot && parts.length === 4) return invalid('dotAfterFourthOctet');
  const octets: { lo: number; hi: number }[] = [];
  for (let i = 0; i < parts.length; i++) {
    const r = /^(\d+)(?:-(\d+))?$/.exec(parts[i]);
    if (!r) return invalid('notIpv4');
    const lo = Number(r[1]);
    const hi = r[2] === undefined ? lo : Number(r[2]);
    if (lo > 255 || hi > 255) return invalid('octetOver255', { octet: lo > 255 ? lo : hi });
    if (r[2] !== undefined) {
      if (i !== parts.length - 1) return invalid('rangeNotLast');
      if (hi < lo) return invalid('octetRangeBackwards', { low: lo, high: hi });
    }
    octets.push({ lo, hi });
  }
  const ranged = octets.some((o) => o.lo !== o.hi);
  let first = 0n;
  let last = 0n;
  for (let i = 0; i < 4; i++) {
    const o = octets[i];
    first = (first << 8n) | BigInt(o ? o.lo : 0);
    last = (last << 8n) | BigInt(o ? o.hi : 255);
  }
  if (prefixText !== undefined) {
    if (ranged) return invalid('rangeAndPrefix');
    if (trailingDot) return invalid('dotBeforePrefix');
    const prefix = prefixText === '' ? NaN : Number(prefixText);
    if (!(prefix >= 0 && prefix <= 32)) return invalid('prefixNotIpv4', { prefix: prefixText });
    return { pattern: { kind: 'ip', form: 'cidr', ...cidrInterval(4, first, prefix) } };
  }
  const form: IpForm = ranged ? 'range' : parts.length === 4 ? 'address' : 'partial';
  return { pattern: { kind: 'ip', form, version: 4, first, last } };
}

function ipv6Pattern(text: string): PatternResult | undefined {
  if (!text.includes(':') || !/^[0-9a-fA-F:.\/-]+$/.test(text)) return undefined;
  const invalid = (id: keyof typeof HOST_PATTERN_ERRORS, args?: Record<string, MessageArg>): PatternResult => unknown(text, id, args);
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const base = parseIpv6(text.slice(0, slash));
    if (base === undefined) return unknown(text, 'notIpv6', { text: text.slice(0, slash) });
    const prefixText = text.slice(slash + 1);
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix >= 0 && prefix <= 128)) return invalid('prefixNotIpv6', { prefix: prefixText });
    return { pattern: { kind: 'ip', form: 'cidr', ...cidrInterval(6, base, prefix) } };
  }
  const dash = text.indexOf('-');
  if (dash >= 0) {
    if (text.indexOf('-', dash + 1) >= 0) return invalid('moreThanOneRange');
    const a = parseIpv6(text.slice(0, dash));
    const b = parseIpv6(text.slice(dash + 1));
    if (a !== undefined && b !== undefined) {
      if (b < a) return invalid('rangeBackwards');
      return { pattern: { kind: 'ip', form: 'range', version: 6, first: a, last: b } };
    }
    // `n:n:n-n:n:n:n:n:n`: one group is itself a range.
    const groups = text.split(':');
    const k = groups.findIndex((g) => g.includes('-'));
    const [lo, hi] = groups[k].split('-');
    const withGroup = (g: string) => parseIpv6([...groups.slice(0, k), g, ...groups.slice(k + 1)].join(':'));
    const first = withGroup(lo);
    const last = withGroup(hi);
    if (first === undefined || last === undefined) return invalid('notIpv6Range');
    if (last < first) return invalid('rangeBackwards');
    return { pattern: { kind: 'ip', form: 'range', version: 6, first, last } };
  }
  const value = parseIpv6(text);
  if (value === undefined) return invalid('notIpv6');
  return { pattern: { kind: 'ip', form: 'address', version: 6, first: value, last: value } };
}

function sbrsPattern(text: string): PatternResult | undefined {
  if (/^sbrsnone$/i.test(text)) return { pattern: { kind: 'sbrs-none' } };
  const m = /^sbrs\[(.*)\]$/i.exec(text);
  if (!m) return /^sbrs\b/i.test(text) ? unknown(text, 'notSbrs') : undefined;
  const inner = m[1].trim();
  if (/^none$/i.test(inner)) return { pattern: { kind: 'sbrs-none' } };
  const r = /^(-?\d+(?:\.\d+)?)\s*:\s*(-?\d+(?:\.\d+)?)$/.exec(inner);
  if (!r) return unknown(text, 'sbrsShape');
  const min = Number(r[1]);
  const max = Number(r[2]);
  if (min < -10 || max > 10 || min > 10 || max < -10) return unknown(text, 'sbrsOutOfRange');
  if (min > max) return unknown(text, 'sbrsBackwards');
  return { pattern: { kind: 'sbrs', min, max } };
}

const HOSTNAME = /^(?=.{1,253}\.?$)[A-Za-z0-9_*](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

/** Reads one host pattern. Never throws; an unrecognised form is `unknown` with a warning. */
export function parseHostPattern(text: string): PatternResult {
  const t = text.trim();
  if (t === '') return unknown(t, 'emptyHost');
  if (t === 'ALL') return { pattern: { kind: 'all' } };
  const sbrs = sbrsPattern(t);
  if (sbrs) return sbrs;
  const dnslist = /^dnslist\[(.*)\]$/i.exec(t);
  if (dnslist) {
    const server = dnslist[1].trim();
    if (server === '') return unknown(t, 'noDnsListServer');
    if (!HOSTNAME.test(server)) return unknown(t, 'badDnsListServer', { server });
    return { pattern: { kind: 'dnslist', server: server.toLowerCase() } };
  }
  const sbo = /^sbo:(.*)$/i.exec(t);
  if (sbo) {
    if (!/^\d+$/.test(sbo[1])) return unknown(t, 'notSbo');
    return { pattern: { kind: 'sbo', id: Number(sbo[1]) } };
  }
  const v4 = ipv4Pattern(t);
  if (v4) return v4;
  const v6 = ipv6Pattern(t);
  if (v6) return v6;
  if (t.startsWith('.')) {
    const suffix = t.slice(1);
    if (HOSTNAME.test(suffix)) return { pattern: { kind: 'domain', suffix: suffix.replace(/\.$/, '').toLowerCase() } };
    return unknown(t, 'notDomain');
  }
  if (isSenderGroupReference(t)) return { pattern: { kind: 'group-ref', name: t } };
  if (HOSTNAME.test(t)) {
    // Dotted digits only would have been read as an IPv4 form; anything else dotted is a name.
    return { pattern: { kind: 'hostname', name: t.replace(/\.$/, '').toLowerCase() } };
  }
  return { pattern: { kind: 'unknown', text: t }, warning: { id: 'undocumentedHostForm', args: { text: t } } };
}

/** The address interval a pattern matches, when it matches by address only. */
export function intervalOf(pattern: HostPattern): IpInterval | undefined {
  return pattern.kind === 'ip' ? pattern : undefined;
}

/**
 * Whether a connecting address matches a pattern: true, false, or undefined
 * when the answer depends on DNS, SenderBase or another group.
 */
export function patternMatchesIp(pattern: HostPattern, address: { version: IpVersion; value: bigint }): boolean | undefined {
  switch (pattern.kind) {
    case 'all':
      return true;
    case 'ip':
      return pattern.version === address.version && pattern.first <= address.value && address.value <= pattern.last;
    case 'hostname':
    case 'domain':
    case 'sbrs':
    case 'sbrs-none':
    case 'dnslist':
    case 'sbo':
    case 'group-ref':
    case 'unknown':
      return undefined;
  }
}

/** Whether `outer` certainly matches every host that `inner` matches. */
export function patternCovers(outer: HostPattern, inner: HostPattern): boolean {
  if (outer.kind === 'all') return true;
  switch (inner.kind) {
    case 'ip':
      return outer.kind === 'ip' && outer.version === inner.version && outer.first <= inner.first && inner.last <= outer.last;
    case 'hostname':
      if (outer.kind === 'hostname') return outer.name === inner.name;
      return outer.kind === 'domain' && inner.name.endsWith(`.${outer.suffix}`);
    case 'domain':
      return outer.kind === 'domain' && (inner.suffix === outer.suffix || inner.suffix.endsWith(`.${outer.suffix}`));
    case 'sbrs':
      return outer.kind === 'sbrs' && outer.min <= inner.min && inner.max <= outer.max;
    case 'sbrs-none':
      return outer.kind === 'sbrs-none';
    case 'dnslist':
      return outer.kind === 'dnslist' && outer.server === inner.server;
    case 'sbo':
      return outer.kind === 'sbo' && outer.id === inner.id;
    case 'group-ref':
      return outer.kind === 'group-ref' && outer.name === inner.name;
    case 'all':
    case 'unknown':
      return false;
  }
}

/** How a pattern reads in a message. */
export function describePattern(pattern: HostPattern): string {
  switch (pattern.kind) {
    case 'ip': return formatInterval(pattern);
    case 'hostname': return pattern.name;
    case 'domain': return `.${pattern.suffix}`;
    case 'sbrs': return `SBRS[${pattern.min}:${pattern.max}]`;
    case 'sbrs-none': return 'SBRS[none]';
    case 'dnslist': return `dnslist[${pattern.server}]`;
    case 'sbo': return `SBO:${pattern.id}`;
    case 'group-ref': return pattern.name;
    case 'all': return 'ALL';
    case 'unknown': return pattern.text;
  }
}
