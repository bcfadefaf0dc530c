import type { Dialect, Suite } from './types';

/** The facets a cipher-string word can constrain. */
export type Facet = 'kx' | 'au' | 'enc' | 'mac' | 'ssl' | 'exp' | 'strong';
export const FACETS: readonly Facet[] = ['kx', 'au', 'enc', 'mac', 'ssl', 'exp', 'strong'];

/** A suite described by facet tokens: one token per facet, except `exp` and `strong` which may hold several. */
export interface Traits {
  kx: string;
  au: string;
  enc: string;
  mac: string;
  ssl: string;
  exp: readonly string[];
  strong: readonly string[];
  /** 0.9.8 only: an ECC suite, which its OpenSSL treats as a draft (see `matchSet`). */
  eccDraft: boolean;
}

/**
 * What one word (or several joined with `+`) selects: for each facet it
 * constrains, the tokens a suite may have. A suite matches when, in every
 * constrained facet, it has one of the tokens.
 */
export interface Pattern {
  sets: Partial<Record<Facet, ReadonlySet<string>>>;
  /** Only suites in ALL but not in DEFAULT (`COMPLEMENTOFDEFAULT`). */
  notDefault?: boolean;
  /** 0.9.8: `COMPLEMENTOFDEFAULT` adds its anonymous suites first, then the others. */
  anonymousFirst?: boolean;
  /** 0.9.8: the pattern may select draft ECC suites (`ECCdraft`, or a suite named explicitly). */
  ecc?: boolean;
  /** The pattern names a suite (the protocol version is deliberately not part of it). */
  explicit?: boolean;
}

const KX_ALL = ['kRSA', 'kDHr', 'kDHd', 'kEDH', 'kECDHr', 'kECDHe', 'kECDH', 'kEECDH', 'kPSK', 'kSRP', 'kKRB5', 'kGOST'];
const AU_ALL = ['aRSA', 'aDSS', 'aNULL', 'aDH', 'aECDH', 'aECDSA', 'aPSK', 'aSRP', 'aKRB5', 'aGOST'];
const ENC_ALL = ['DES', '3DES', 'RC4', 'RC2', 'IDEA', 'eNULL', 'AES128', 'AES256', 'AES128GCM', 'AES256GCM', 'CAMELLIA128', 'CAMELLIA256', 'SEED', 'GOST89'];

function kxToken(suite: Suite, dialect: Dialect): string {
  const kx = suite.kx.replace(/\(\d+\)$/, '');
  switch (kx) {
    case 'RSA':
      return 'kRSA';
    case 'DH/RSA':
      return 'kDHr';
    case 'DH/DSS':
      return 'kDHd';
    case 'DH':
      return 'kEDH';
    case 'ECDH/RSA':
      return 'kECDHr';
    case 'ECDH/ECDSA':
      return 'kECDHe';
    case 'ECDH':
      // 0.9.8 prints fixed and ephemeral ECDH alike; the name tells them apart.
      if (dialect === '0.9.8' && suite.name.startsWith('ECDH-')) return 'kECDH';
      return 'kEECDH';
    default:
      return `k${kx}`;
  }
}

function auToken(au: string): string {
  return au === 'None' ? 'aNULL' : `a${au}`;
}

function encToken(enc: string): string {
  const m = /^([A-Za-z0-9]+)(?:\((\d+)\))?$/.exec(enc);
  const family = m ? m[1] : enc;
  const bits = m?.[2] ?? '';
  switch (family) {
    case 'None':
      return 'eNULL';
    case 'AES':
      return `AES${bits}`;
    case 'AESGCM':
      return `AES${bits}GCM`;
    case 'Camellia':
      return `CAMELLIA${bits}`;
    default:
      return family;
  }
}

export function traitsOf(suite: Suite, dialect: Dialect): Traits {
  const kx = kxToken(suite, dialect);
  const enc = encToken(suite.enc);
  const exp = suite.export ? ['EXPORT', /\(56\)/.test(suite.enc) ? 'EXPORT56' : 'EXPORT40'] : ['NOT_EXP'];
  const strong: string[] = suite.strength === 'EXPORT' ? [] : [suite.strength];
  // FIPS-approved: AES and 3DES outside SSLv2, export and SRP (what both generations' FIPS alias selects).
  if (!suite.export && suite.protocol !== 'SSLv2' && kx !== 'kSRP' && /^(AES|3DES)/.test(enc)) strong.push('FIPS');
  return {
    kx,
    au: auToken(suite.au),
    enc,
    mac: suite.mac === 'GOST89' ? 'GOST89MAC' : suite.mac,
    ssl: suite.protocol,
    exp,
    strong,
    eccDraft: dialect === '0.9.8' && (kx === 'kECDH' || kx === 'kEECDH'),
  };
}

/** The pattern of a suite named explicitly: all of its facets but the protocol. */
export function explicitPattern(t: Traits): Pattern {
  const sets: Pattern['sets'] = {
    kx: new Set([t.kx]),
    au: new Set([t.au]),
    enc: new Set([t.enc]),
    mac: new Set([t.mac]),
    exp: new Set(t.exp),
  };
  if (t.strong.length > 0) sets.strong = new Set(t.strong);
  return { sets, explicit: true, ecc: true };
}

/** `A+B`: suites matching both. Undefined when the two have nothing in common in some facet (OpenSSL then skips the element). */
export function combine(a: Pattern, b: Pattern): Pattern | undefined {
  const sets: Pattern['sets'] = { ...a.sets };
  for (const facet of FACETS) {
    const s = b.sets[facet];
    if (!s) continue;
    const prev = sets[facet];
    if (!prev) {
      sets[facet] = s;
      continue;
    }
    const both = new Set([...prev].filter((x) => s.has(x)));
    if (both.size === 0) return undefined;
    sets[facet] = both;
  }
  return {
    sets,
    notDefault: a.notDefault || b.notDefault,
    anonymousFirst: a.anonymousFirst || b.anonymousFirst,
    ecc: a.ecc || b.ecc,
    explicit: a.explicit || b.explicit,
  };
}

const set = (...tokens: string[]): ReadonlySet<string> => new Set(tokens);
const except = (all: string[], ...out: string[]): ReadonlySet<string> => new Set(all.filter((x) => !out.includes(x)));

type AliasTable = ReadonlyMap<string, Pattern>;

function table(entries: [string | string[], Pattern['sets'], Omit<Pattern, 'sets'>?][]): AliasTable {
  const map = new Map<string, Pattern>();
  for (const [names, sets, extra] of entries) {
    for (const name of Array.isArray(names) ? names : [names]) map.set(name, { sets, ...extra });
  }
  return map;
}

/** Words both generations know, with the same meaning. */
const common: [string | string[], Pattern['sets'], Omit<Pattern, 'sets'>?][] = [
  ['COMPLEMENTOFALL', { enc: set('eNULL') }],
  ['kRSA', { kx: set('kRSA') }],
  ['kDHr', { kx: set('kDHr') }],
  ['kDHd', { kx: set('kDHd') }],
  ['kEDH', { kx: set('kEDH') }],
  ['DH', { kx: set('kDHr', 'kDHd', 'kEDH') }],
  ['ADH', { kx: set('kEDH'), au: set('aNULL') }],
  ['aRSA', { au: set('aRSA') }],
  [['aDSS', 'DSS'], { au: set('aDSS') }],
  ['aDH', { au: set('aDH') }],
  ['aNULL', { au: set('aNULL') }],
  ['kKRB5', { kx: set('kKRB5') }],
  ['aKRB5', { au: set('aKRB5') }],
  ['KRB5', { kx: set('kKRB5'), au: set('aKRB5') }],
  [['eNULL', 'NULL'], { enc: set('eNULL') }],
  ['DES', { enc: set('DES') }],
  ['3DES', { enc: set('3DES') }],
  ['RC4', { enc: set('RC4') }],
  ['RC2', { enc: set('RC2') }],
  ['IDEA', { enc: set('IDEA') }],
  ['SEED', { enc: set('SEED') }],
  ['MD5', { mac: set('MD5') }],
  [['SHA1', 'SHA'], { mac: set('SHA1') }],
  ['SSLv2', { ssl: set('SSLv2') }],
  [['SSLv3', 'TLSv1'], { ssl: set('SSLv3') }],
  [['EXP', 'EXPORT'], { exp: set('EXPORT') }],
  ['EXPORT40', { exp: set('EXPORT40') }],
  ['EXPORT56', { exp: set('EXPORT56') }],
  ['LOW', { strong: set('LOW') }],
  ['MEDIUM', { strong: set('MEDIUM') }],
  ['HIGH', { strong: set('HIGH') }],
  ['FIPS', { strong: set('FIPS') }],
];

const aliases098 = table([
  ...common,
  // ALL leaves out eNULL and, in 0.9.8, the draft ECC suites.
  ['ALL', { enc: except(ENC_ALL, 'eNULL'), kx: except(KX_ALL, 'kECDH', 'kEECDH') }],
  ['COMPLEMENTOFDEFAULT', {}, { notDefault: true, anonymousFirst: true }],
  ['ECCdraft', { kx: set('kECDH', 'kEECDH') }, { ecc: true }],
  ['RSA', { kx: set('kRSA'), au: set('aRSA') }],
  ['AES', { enc: set('AES128', 'AES256') }],
  ['CAMELLIA', { enc: set('CAMELLIA128', 'CAMELLIA256') }],
  // Fortezza: named by 0.9.8, never compiled.
  ['kFZA', { kx: set('kFZA') }],
  ['aFZA', { au: set('aFZA') }],
  ['eFZA', { enc: set('eFZA') }],
  ['FZA', { kx: set('kFZA'), au: set('aFZA'), enc: set('eFZA') }],
]);

const aliases102 = table([
  ...common,
  ['ALL', { enc: except(ENC_ALL, 'eNULL') }],
  ['COMPLEMENTOFDEFAULT', {}, { notDefault: true }],
  ['RSA', { kx: set('kRSA') }],
  ['kDH', { kx: set('kDHr', 'kDHd') }],
  [['EDH', 'DHE'], { kx: set('kEDH'), au: except(AU_ALL, 'aNULL') }],
  ['kECDHr', { kx: set('kECDHr') }],
  ['kECDHe', { kx: set('kECDHe') }],
  ['kECDH', { kx: set('kECDHr', 'kECDHe') }],
  [['kEECDH', 'kECDHE'], { kx: set('kEECDH') }],
  ['kDHE', { kx: set('kEDH') }],
  ['ECDH', { kx: set('kECDHr', 'kECDHe', 'kEECDH') }],
  [['EECDH', 'ECDHE'], { kx: set('kEECDH'), au: except(AU_ALL, 'aNULL') }],
  ['AECDH', { kx: set('kEECDH'), au: set('aNULL') }],
  ['aECDH', { au: set('aECDH') }],
  [['aECDSA', 'ECDSA'], { au: set('aECDSA') }],
  ['kPSK', { kx: set('kPSK') }],
  ['aPSK', { au: set('aPSK') }],
  ['PSK', { kx: set('kPSK'), au: set('aPSK') }],
  ['kSRP', { kx: set('kSRP') }],
  ['aSRP', { au: set('aSRP') }],
  ['SRP', { kx: set('kSRP') }],
  ['kGOST', { kx: set('kGOST') }],
  ['aGOST94', { au: set('aGOST94') }],
  ['aGOST01', { au: set('aGOST01') }],
  ['aGOST', { au: set('aGOST94', 'aGOST01') }],
  ['GOST94', { mac: set('GOST94') }],
  ['GOST89MAC', { mac: set('GOST89MAC') }],
  ['AES128', { enc: set('AES128', 'AES128GCM') }],
  ['AES256', { enc: set('AES256', 'AES256GCM') }],
  ['AES', { enc: set('AES128', 'AES256', 'AES128GCM', 'AES256GCM') }],
  ['AESGCM', { enc: set('AES128GCM', 'AES256GCM') }],
  ['CAMELLIA128', { enc: set('CAMELLIA128') }],
  ['CAMELLIA256', { enc: set('CAMELLIA256') }],
  ['CAMELLIA', { enc: set('CAMELLIA128', 'CAMELLIA256') }],
  ['SHA256', { mac: set('SHA256') }],
  ['SHA384', { mac: set('SHA384') }],
  ['TLSv1.2', { ssl: set('TLSv1.2') }],
]);

export function aliasTable(dialect: Dialect): AliasTable {
  return dialect === '0.9.8' ? aliases098 : aliases102;
}

/** Characters a word may contain; anything else right after a known word makes OpenSSL reject the string. 0.9.8 does not allow `.`. */
export function isWordChar(c: string, dialect: Dialect): boolean {
  return c.length === 1 && isWordCode(c.charCodeAt(0), dialect);
}

/** `isWordChar` by UTF-16 code unit: the engine tests every character of every string. */
export function isWordCode(code: number, dialect: Dialect): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    (code === 0x2e && dialect === '1.0.2') // .
  );
}

export function isSeparator(c: string): boolean {
  return c === ':' || c === ',' || c === ' ' || c === ';';
}
