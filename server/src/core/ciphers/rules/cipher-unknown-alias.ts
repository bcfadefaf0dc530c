import type { MessageRef, Rule, RuleFinding } from '../../rules/types';
import { isSeparator } from '../aliases';
import { isAnonymous, isTls13Name, knownInOtherGeneration, suggestWord } from '../describe';
import type { CipherElement, CipherEvaluation } from '../types';
import { cipherListSites, defined, profileLabel, verifiedFix, type CipherListSite } from './shared';

const unknownCount = (e: CipherEvaluation): number => e.elements.reduce((n, el) => n + el.parts.filter((p) => p.kind === 'unknown').length, 0);

function removeElementFix(site: CipherListSite, element: CipherElement, resolves: (e: CipherEvaluation) => boolean) {
  let start = element.span.start;
  let end = element.span.end;
  if (start > 0) {
    while (start > 0 && isSeparator(site.value.charAt(start - 1))) start--;
  } else {
    while (end < site.value.length && isSeparator(site.value.charAt(end))) end++;
  }
  return verifiedFix(site, start, end, '', { id: 'remove', args: { element: element.text } }, false, resolves);
}

function unknownWordFindings(site: CipherListSite): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const before = unknownCount(site.evaluation);
  const fewerUnknown = (e: CipherEvaluation): boolean => e.ok && unknownCount(e) < before;
  const version = profileLabel(site.profile);
  for (const element of site.evaluation.elements) {
    for (const part of element.parts) {
      if (part.kind !== 'unknown') continue;
      // OpenSSL stops reading the word at a character such as "_", but the user wrote (and meant) the whole token.
      let tokenEnd = part.span.end;
      while (tokenEnd < site.value.length && !isSeparator(site.value.charAt(tokenEnd)) && !/\s/.test(site.value.charAt(tokenEnd))) tokenEnd++;
      const word = site.value.slice(part.span.start, tokenEnd);
      let message: MessageRef;
      const fixes = [];
      if (word === 'DEFAULT') {
        message = { id: 'defaultNotFirst', args: { profile: version, list: site.label } };
      } else {
        const suggestion = suggestWord(word, site.profile);
        const other = knownInOtherGeneration(word, site.profile) ? { id: site.profile.dialect === '0.9.8' ? 'onlyInNewer' : 'onlyIn098', args: { word } }
          : isTls13Name(word) ? { id: 'tls13' }
          : /^TLS_.*_WITH_/.test(word) ? { id: 'ianaName' }
          : '';
        message = suggestion
          ? { id: 'unknownSuggest', args: { profile: version, word, other, suggestion, list: site.label } }
          : { id: 'unknown', args: { profile: version, word, other, list: site.label } };
        if (suggestion) {
          fixes.push(verifiedFix(site, part.span.start, tokenEnd, suggestion, { id: 'replace', args: { word, replacement: suggestion } }, true, fewerUnknown));
        }
      }
      fixes.push(removeElementFix(site, element, fewerUnknown));
      findings.push({
        message,
        span: site.spanOf(part.span.start, tokenEnd),
        fixes: fixes.filter(defined),
      });
    }
  }
  return findings;
}

/** `-NULL` removes the unencrypted suites; users who write it usually meant the anonymous ones (`-aNULL`). */
function nullInsteadOfANullFindings(site: CipherListSite): RuleFinding[] {
  if (!site.evaluation.ok) return [];
  const anonymous = site.evaluation.ciphers.filter(isAnonymous);
  if (anonymous.length === 0) return [];
  const findings: RuleFinding[] = [];
  for (const element of site.evaluation.elements) {
    if (element.operator !== 'remove' && element.operator !== 'kill') continue;
    const part = element.parts.length === 1 ? element.parts[0] : undefined;
    if (!part || part.text !== 'NULL') continue;
    const meant = `${element.text.charAt(0)}aNULL`;
    const fix = verifiedFix(site, part.span.start, part.span.end, 'aNULL', { id: 'replace', args: { word: element.text, replacement: meant } }, true, (e) => e.ok && !e.ciphers.some(isAnonymous));
    findings.push({
      message: anonymous.length === 1
        ? { id: 'nullNotANullOne', args: { element: element.text, list: site.label, meant } }
        : { id: 'nullNotANullMany', args: { element: element.text, count: anonymous.length, list: site.label, meant } },
      span: site.spanOf(element.span.start, element.span.end),
      severity: 'information',
      fixes: fix ? [fix] : [],
    });
  }
  return findings;
}

/** cipher-unknown-alias: a word OpenSSL does not know (silently ignored), with "did you mean"; and `-NULL` written for `-aNULL`. */
export const cipherUnknownAlias: Rule = {
  meta: {
    id: 'cipher-unknown-alias',
    defaultSeverity: 'warning',
    description: 'The cipher list names something OpenSSL does not know and silently ignores (a typo such as MEDIO for MEDIUM).',
    fixable: true,
    scenarios: [4],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      defaultNotFirst: '"DEFAULT" means the default list only at the very start of the string; here {profile} ignores it. (in {list})',
      unknown: '{^profile} does not know "{word}" and silently ignores it{other}. (in {list})',
      unknownSuggest: '{^profile} does not know "{word}" and silently ignores it{other}; did you mean "{suggestion}"? (in {list})',
      onlyInNewer: ' ("{word}" exists only in OpenSSL 1.0.x, AsyncOS 9.5 and later)',
      onlyIn098: ' ("{word}" exists only in OpenSSL 0.9.8)',
      tls13: ' (a TLS 1.3 suite, which this OpenSSL does not have)',
      ianaName: ' (an IANA name; OpenSSL uses its own names)',
      nullNotANullOne: '"{element}" removes the suites without encryption (eNULL), not the anonymous ones: 1 anonymous suite remain in {list}. Did you mean "{meant}"?',
      nullNotANullMany: '"{element}" removes the suites without encryption (eNULL), not the anonymous ones: {count} anonymous suites remain in {list}. Did you mean "{meant}"?',
      replace: 'Replace "{word}" with "{replacement}"',
      remove: 'Remove "{element}"',
    },
  },
  check(model, context) {
    return cipherListSites(model, context).flatMap((site) => [...unknownWordFindings(site), ...nullInsteadOfANullFindings(site)]);
  },
};
