import type { ConfigLevel, ConfigModel, CipherList, TlsDirection } from '../../model/types';
import type { AnalyzerOptions } from '../../options';
import { levelSuffixRef } from '../../rules/helpers';
import type { Fix, MessageRef, RuleContext, RuleFinding, RuleText } from '../../rules/types';
import type { Span } from '../../text/lineIndex';
import { describeEvaluation, isAnonymous, recommendedCipherString } from '../describe';
import { evaluateCipherString } from '../engine';
import { defaultProfileForRelease, FALLBACK_PROFILE, getProfile } from '../profiles';
import type { CipherEvaluation, Profile } from '../types';

export type ProfileSource = 'option' | 'header' | 'release option' | 'fallback';

/**
 * Which OpenSSL build to evaluate with: `--openssl` wins; else the release in
 * the file's header, else `--release`, else the newest 1.0.2 profile.
 */
export function resolveProfile(model: ConfigModel, options: AnalyzerOptions): { profile: Profile; source: ProfileSource } {
  const explicit = options.opensslProfile ? getProfile(options.opensslProfile) : undefined;
  if (explicit) return { profile: explicit, source: 'option' };
  const fromHeader = defaultProfileForRelease(model.header?.version?.value);
  if (fromHeader) return { profile: getProfile(fromHeader) as Profile, source: 'header' };
  const fromOption = defaultProfileForRelease(options.release);
  if (fromOption) return { profile: getProfile(fromOption) as Profile, source: 'release option' };
  return { profile: getProfile(FALLBACK_PROFILE) as Profile, source: 'fallback' };
}

/** One cipher list of the file, evaluated. Indexes are into `value` (the trimmed text). */
export interface CipherListSite {
  level: ConfigLevel;
  list: CipherList;
  direction: TlsDirection;
  value: string;
  profile: Profile;
  profileSource: ProfileSource;
  evaluation: CipherEvaluation;
  /** File span of `value.slice(start, end)`; an empty span marks an insertion point. */
  spanOf(start: number, end: number): Span;
  /** The whole value in the file. */
  span: Span;
  /** `the outbound cipher list (ssl_outbound_ciphers)`, with the cluster level when there is one. */
  label: MessageRef;
}

const DIRECTION_LABEL: Record<TlsDirection, string> = {
  outbound: 'common.cipherListOutbound',
  inbound: 'common.cipherListInbound',
  gui: 'common.cipherListGui',
  other: 'common.cipherListOther',
};

/**
 * Every non-empty cipher list of every level, evaluated with the resolved
 * profile. The value is trimmed: the appliance stores the string without the
 * surrounding white space XML indentation may add.
 */
export function cipherListSites(model: ConfigModel, context: RuleContext): CipherListSite[] {
  const { profile, source } = resolveProfile(model, context.options);
  const sites: CipherListSite[] = [];
  for (const level of model.levels) {
    for (const list of level.tls.cipherLists) {
      const raw = list.value.raw;
      const value = list.value.value;
      if (value === '') continue;
      const lead = raw.length - raw.trimStart().length;
      sites.push({
        level,
        list,
        direction: list.direction,
        value,
        profile,
        profileSource: source,
        evaluation: evaluateCipherString(value, profile.id),
        spanOf: (start, end) => list.value.spanOf(lead + start, lead + end),
        span: list.value.span,
        label: { id: DIRECTION_LABEL[list.direction], args: { element: list.element.name, level: levelSuffixRef(level) } },
      });
    }
  }
  return sites;
}

/** `OpenSSL 1.0.2k (default build)`: how messages name the profile. */
export function profileLabel(profile: Profile): MessageRef {
  return { id: profile.variant === 'full' ? 'common.opensslFull' : 'common.opensslDefault', args: { version: profile.version } };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/**
 * A fix that replaces `value.slice(start, end)` with `text`, offered only if
 * re-evaluating the new string satisfies `resolves` (a fix that does not
 * remove its finding is a bug, so it is never offered).
 */
export function verifiedFix(
  site: CipherListSite,
  start: number,
  end: number,
  text: string,
  title: RuleText,
  preferred: boolean,
  resolves: (evaluation: CipherEvaluation) => boolean,
): Fix | undefined {
  const next = site.value.slice(0, start) + text + site.value.slice(end);
  const evaluation = evaluateCipherString(next, site.profile.id);
  if (!resolves(evaluation)) return undefined;
  return { title, preferred, edits: [{ span: site.spanOf(start, end), newText: escapeXml(text) }] };
}

/** Appending an element: no doubled separator when the value already ends with one. */
export function appendText(site: CipherListSite, element: string): string {
  return /[:,; ]$/.test(site.value) ? element : `:${element}`;
}

export function defined<T>(x: T | undefined): x is T {
  return x !== undefined;
}

/** `3 anonymous suites (e.g. AECDH-AES256-SHA, ADH-AES256-GCM-SHA384)`: `noun` names the common messages `<noun>One` and `<noun>Many`. */
export function countWithExamples(names: string[], noun: 'anonymousSuites' | 'suites'): MessageRef {
  const examples = [...new Set(names)].slice(0, 2).join(', ');
  return names.length === 1 ? { id: `common.${noun}One`, args: { examples } } : { id: `common.${noun}Many`, args: { count: names.length, examples } };
}

/** The single element that added all the given suites, if there is one (so the finding can point at it). */
export function soleCause(site: CipherListSite, keys: string[]): { start: number; end: number } | undefined {
  const causes = new Set(keys.map((k) => site.evaluation.addedBy.get(k) ?? -1));
  if (causes.size !== 1) return undefined;
  const index = [...causes][0];
  return site.evaluation.elements[index]?.span;
}

/**
 * The finding for anonymous suites on a list: where they come from, and the
 * fixes (append `-aNULL` keeping the order, `!aNULL`, or the recommended list),
 * each checked to leave no anonymous suite.
 */
export function anonymousFinding(site: CipherListSite, why: MessageRef): RuleFinding | undefined {
  if (!site.evaluation.ok) return undefined;
  const anonymous = site.evaluation.ciphers.filter(isAnonymous);
  if (anonymous.length === 0) return undefined;
  const cause = soleCause(site, anonymous.map((s) => s.key));
  const noAnonymous = (e: CipherEvaluation): boolean => e.ok && !e.ciphers.some(isAnonymous);
  const end = site.value.length;
  const recommended = recommendedCipherString(site.profile);
  const fixes = [
    verifiedFix(site, end, end, appendText(site, '-aNULL'), { id: 'appendMinusANull' }, true, noAnonymous),
    verifiedFix(site, end, end, appendText(site, '!aNULL'), { id: 'appendBangANull' }, false, noAnonymous),
    recommended !== site.value ? verifiedFix(site, 0, end, recommended, replaceRecommended(site), false, noAnonymous) : undefined,
  ].filter(defined);
  return {
    message: { id: 'anonymous', args: { list: site.label, suites: countWithExamples(anonymous.map((s) => s.name), 'anonymousSuites'), profile: profileLabel(site.profile), why } },
    span: cause ? site.spanOf(cause.start, cause.end) : site.span,
    fixes,
    data: { cipherList: describeEvaluation(site.evaluation), anonymous: anonymous.map((s) => s.name) },
  };
}

/** The messages `anonymousFinding` reports, which both anonymous-suite rules declare. */
export const ANONYMOUS_MESSAGES = {
  anonymous: '{^list} lets TLS negotiate {suites} on {profile}: {why}',
  appendMinusANull: 'Append :-aNULL (keeps the order of the other suites)',
  appendBangANull: 'Append :!aNULL (anonymous suites can never come back)',
} as const;

export function replaceRecommended(site: CipherListSite): MessageRef {
  return { id: 'common.replaceRecommended', args: { profile: profileLabel(site.profile) } };
}
