import { editDistance } from '../text/editDistance';
import { aliasTable } from './aliases';
import { evaluateCipherString } from './engine';
import { getProfile } from './profiles';
import type { CipherEvaluation, PrintedSuite, Profile, Suite } from './types';

/** Why a suite is risky; each maps to the cipher-string word that removes it. */
export type SuiteRisk = 'anonymous' | 'null-encryption' | 'export' | 'low' | 'rc4' | 'des' | '3des' | 'md5' | 'sslv2';

/** The word that removes every suite with a given risk, in every profile. */
export const RISK_ALIAS: Record<SuiteRisk, string> = {
  anonymous: 'aNULL',
  'null-encryption': 'eNULL',
  export: 'EXPORT',
  low: 'LOW',
  rc4: 'RC4',
  des: 'DES',
  '3des': '3DES',
  md5: 'MD5',
  sslv2: 'SSLv2',
};

/** What `cipher-weak` reports unless configured otherwise. */
export const DEFAULT_WEAK_RISKS: readonly SuiteRisk[] = ['export', 'low', 'rc4', 'des', '3des', 'md5', 'sslv2'];

/** A risk reads as the word that removes it, except where that word (aNULL, eNULL) means little to a reader. */
const RISK_LABEL: Record<SuiteRisk, string> = { ...RISK_ALIAS, anonymous: 'anonymous', 'null-encryption': 'no encryption' };

export function riskLabel(risk: SuiteRisk): string {
  return RISK_LABEL[risk];
}

export function risksOf(suite: Suite): SuiteRisk[] {
  const risks: SuiteRisk[] = [];
  if (suite.au === 'None') risks.push('anonymous');
  if (suite.enc === 'None') risks.push('null-encryption');
  if (suite.export) risks.push('export');
  if (suite.strength === 'LOW') risks.push('low');
  if (suite.enc.startsWith('RC4')) risks.push('rc4');
  if (suite.enc.startsWith('DES(')) risks.push('des');
  if (suite.enc.startsWith('3DES')) risks.push('3des');
  if (suite.mac === 'MD5') risks.push('md5');
  if (suite.protocol === 'SSLv2') risks.push('sslv2');
  return risks;
}

export function isAnonymous(suite: Suite): boolean {
  return suite.au === 'None';
}

/** One row of the expanded table, as `openssl ciphers -v` prints it, with the risks marked. */
export interface CipherRow extends PrintedSuite {
  risks: SuiteRisk[];
}

/** Hover data for a cipher list: the expanded table, how many rows are risky, and the profile used. */
export interface CipherListDescription {
  input: string;
  profile: { id: string; version: string; variant: string } | undefined;
  ok: boolean;
  error?: string;
  count: number;
  riskyCount: number;
  anonymousCount: number;
  rows: CipherRow[];
}

export function rowOf(suite: Suite): CipherRow {
  return { name: suite.name, protocol: suite.protocol, kx: suite.kx, au: suite.au, enc: suite.enc, mac: suite.mac, export: suite.export, risks: risksOf(suite) };
}

export function describeEvaluation(evaluation: CipherEvaluation): CipherListDescription {
  const profile = getProfile(evaluation.profile);
  const rows = evaluation.ciphers.map(rowOf);
  return {
    input: evaluation.input,
    profile: profile ? { id: profile.id, version: profile.version, variant: profile.variant } : undefined,
    ok: evaluation.ok,
    ...(evaluation.error ? { error: evaluation.error } : {}),
    count: rows.length,
    riskyCount: rows.filter((r) => r.risks.length > 0).length,
    anonymousCount: rows.filter((r) => r.risks.includes('anonymous')).length,
    rows,
  };
}

/** What the language server shows when hovering a cipher list. */
export function describeCipherList(value: string, profileId: string): CipherListDescription {
  return describeEvaluation(evaluateCipherString(value, profileId));
}

/** The hover text in Markdown: a count line, then the table with risky rows marked. */
export function cipherListMarkdown(description: CipherListDescription): string {
  const profile = description.profile ? `OpenSSL ${description.profile.id}` : 'an unknown OpenSSL profile';
  if (!description.ok) return `**Refused** by ${profile}: ${description.error ?? 'error'}.`;
  const lines = [
    `**${description.count} suites** on ${profile}` +
      (description.riskyCount > 0 ? `, ${description.riskyCount} risky (⚠)` : '') +
      (description.anonymousCount > 0 ? `, ${description.anonymousCount} anonymous` : '') + '.',
    '',
    '| | Suite | Protocol | Kx | Au | Enc | Mac |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of description.rows) {
    const mark = r.risks.length > 0 ? `⚠ ${r.risks.map(riskLabel).join(', ')}` : '';
    lines.push(`| ${mark} | ${r.name} | ${r.protocol} | ${r.kx} | ${r.au} | ${r.enc} | ${r.mac} |`);
  }
  return lines.join('\n');
}

/**
 * A cipher list with no anonymous, unencrypted or weak suite, in the
 * profile's own vocabulary (0.9.8 does not know PSK or SRP, and its order is
 * not by strength until `@STRENGTH`).
 */
export function recommendedCipherString(profile: Profile | string): string {
  const p = typeof profile === 'string' ? getProfile(profile) : profile;
  if (p?.dialect === '0.9.8') return 'HIGH:!aNULL:!eNULL:!EXPORT:!LOW:!3DES:!RC4:!MD5:!SSLv2:@STRENGTH';
  return 'HIGH:!aNULL:!eNULL:!EXPORT:!LOW:!3DES:!RC4:!MD5:!PSK:!SRP';
}

/** Every word the profile knows: aliases and suite names. */
export function knownWords(profile: Profile): string[] {
  return [...aliasTable(profile.dialect).keys(), ...new Set(profile.suites.map((s) => s.name))];
}

/**
 * "Did you mean": the known word a user most likely meant. Names are case
 * sensitive, so a case-only difference wins; otherwise the closest word
 * within two edits (one for short words).
 */
export function suggestWord(word: string, profile: Profile): string | undefined {
  const iana = ianaToOpenssl(word, profile);
  if (iana) return iana;
  const words = knownWords(profile);
  const sameCase = words.find((w) => w.toLowerCase() === word.toLowerCase());
  if (sameCase) return sameCase;
  const limit = word.length >= 4 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const w of words) {
    if (Math.abs(w.length - word.length) > limit) continue;
    const d = editDistance(word.toUpperCase(), w.toUpperCase());
    if (d < bestDistance) {
      best = w;
      bestDistance = d;
    }
  }
  return best;
}

/** Whether the other OpenSSL generation knows the word (so the message can say why it is ignored here). */
export function knownInOtherGeneration(word: string, profile: Profile): boolean {
  return aliasTable(profile.dialect === '0.9.8' ? '1.0.2' : '0.9.8').has(word);
}

const IANA_KX: Record<string, string[]> = {
  RSA: [''], DHE_RSA: ['DHE-RSA', 'EDH-RSA'], DHE_DSS: ['DHE-DSS', 'EDH-DSS'], DH_RSA: ['DH-RSA'], DH_DSS: ['DH-DSS'], DH_anon: ['ADH'],
  ECDHE_RSA: ['ECDHE-RSA'], ECDHE_ECDSA: ['ECDHE-ECDSA'], ECDH_RSA: ['ECDH-RSA'], ECDH_ECDSA: ['ECDH-ECDSA'], ECDH_anon: ['AECDH'],
  PSK: ['PSK'], SRP_SHA: ['SRP'], SRP_SHA_RSA: ['SRP-RSA'], SRP_SHA_DSS: ['SRP-DSS'],
};
const IANA_ENC: Record<string, string[]> = {
  AES_128_CBC: ['AES128', 'AES128-CBC', 'AES-128-CBC'], AES_256_CBC: ['AES256', 'AES256-CBC', 'AES-256-CBC'],
  AES_128_GCM: ['AES128-GCM'], AES_256_GCM: ['AES256-GCM'], CAMELLIA_128_CBC: ['CAMELLIA128'], CAMELLIA_256_CBC: ['CAMELLIA256'],
  '3DES_EDE_CBC': ['DES-CBC3', '3DES-EDE-CBC'], RC4_128: ['RC4'], DES_CBC: ['DES-CBC'], SEED_CBC: ['SEED'], IDEA_CBC: ['IDEA-CBC'], NULL: ['NULL'],
};

/** The TLS 1.3 suites: no OpenSSL before 1.1.1 has them. */
export function isTls13Name(word: string): boolean {
  return /^TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256|AES_128_CCM(_8)?_SHA256)$/.test(word);
}

/** The OpenSSL name of a suite written by its IANA name (`TLS_RSA_WITH_AES_128_CBC_SHA` → `AES128-SHA`), if the profile has it. */
export function ianaToOpenssl(word: string, profile: Profile): string | undefined {
  const m = /^TLS_(.+)_WITH_(.+)_(SHA|SHA256|SHA384|MD5)$/.exec(word);
  if (!m) return undefined;
  const names = new Set(profile.suites.map((s) => s.name));
  for (const kx of IANA_KX[m[1]] ?? []) {
    for (const enc of IANA_ENC[m[2]] ?? []) {
      const candidate = [kx, enc, m[3]].filter((x) => x !== '').join('-');
      if (names.has(candidate)) return candidate;
    }
  }
  return undefined;
}
