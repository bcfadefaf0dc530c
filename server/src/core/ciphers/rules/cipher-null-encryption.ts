import type { Rule, RuleFinding } from '../../rules/types';
import { describeEvaluation } from '../describe';
import type { CipherEvaluation } from '../types';
import { appendText, cipherListSites, countWithExamples, defined, profileLabel, soleCause, verifiedFix } from './shared';

const hasNull = (e: CipherEvaluation): boolean => e.ciphers.some((s) => s.enc === 'None');

/** cipher-null-encryption: the list can negotiate a suite that does not encrypt at all (eNULL). */
export const cipherNullEncryption: Rule = {
  meta: {
    id: 'cipher-null-encryption',
    defaultSeverity: 'warning',
    description: 'The cipher list can negotiate a suite without encryption (eNULL).',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      allowsNull: '{^list} allows {suites} without encryption on {profile}: mail would cross the network in clear text inside "TLS".',
      appendNotENull: 'Append :!eNULL',
    },
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    for (const site of cipherListSites(model, context)) {
      if (!site.evaluation.ok || !hasNull(site.evaluation)) continue;
      const nulls = site.evaluation.ciphers.filter((s) => s.enc === 'None');
      const cause = soleCause(site, nulls.map((s) => s.key));
      const end = site.value.length;
      findings.push({
        message: { id: 'allowsNull', args: { list: site.label, suites: countWithExamples(nulls.map((s) => s.name), 'suites'), profile: profileLabel(site.profile) } },
        span: cause ? site.spanOf(cause.start, cause.end) : site.span,
        fixes: [verifiedFix(site, end, end, appendText(site, '!eNULL'), { id: 'appendNotENull' }, true, (e) => e.ok && !hasNull(e))].filter(defined),
        data: { cipherList: describeEvaluation(site.evaluation) },
      });
    }
    return findings;
  },
};
