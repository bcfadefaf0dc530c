/**
 * Cipher-list hover and completion data. The cipher module owns the
 * evaluation of cipher strings; this file only presents what it computes.
 */
import { cipherListMarkdown, describeCipherList, resolveProfile } from '../core/ciphers';
import { knownWords } from '../core/ciphers/describe';
import type { CipherList, ConfigModel } from '../core/model/types';
import type { AnalyzerOptions } from '../core/options';
import type { ModelView } from './modelView';

const DIRECTION_LABEL: Record<CipherList['direction'], string> = {
  inbound: 'Inbound SMTP TLS (receiving)',
  outbound: 'Outbound SMTP TLS (delivery)',
  gui: 'Web interface (HTTPS)',
  other: 'TLS',
};

const SOURCE_LABEL = {
  option: 'from the OpenSSL profile setting',
  header: "from the AsyncOS release in the file's header",
  'release option': 'from the AsyncOS release setting',
  fallback: 'no release known: the default profile',
} as const;

export function cipherListHover(result: ModelView, list: CipherList, options: AnalyzerOptions): string {
  const { profile, source } = resolveProfile(result.model, options);
  const description = describeCipherList(list.value.value, profile.id);
  return [
    `**${DIRECTION_LABEL[list.direction]} cipher list** (OpenSSL profile ${'`' + profile.id + '`'}, ${SOURCE_LABEL[source]})`,
    '',
    cipherListMarkdown(description),
  ].join('\n');
}

/** Aliases and suite names the profile in effect knows, offered while typing a cipher list. */
export function cipherWords(result: ModelView, options: AnalyzerOptions): { word: string; detail: string }[] {
  const { profile } = resolveProfile(result.model, options);
  const suites = new Set(profile.suites.map((s) => s.name));
  return [...new Set(knownWords(profile))].map((word) => ({ word, detail: suites.has(word) ? `suite (OpenSSL ${profile.id})` : `alias (OpenSSL ${profile.id})` }));
}

/** The profile id the analysis used, for the status bar. */
export function profileIdOf(model: ConfigModel | undefined, options: AnalyzerOptions): string | undefined {
  return model ? resolveProfile(model, options).profile.id : undefined;
}
