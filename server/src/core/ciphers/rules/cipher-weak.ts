import type { Rule, RuleFinding } from '../../rules/types';
import { DEFAULT_WEAK_RISKS, describeEvaluation, recommendedCipherString, RISK_ALIAS, riskLabel, risksOf, type SuiteRisk } from '../describe';
import type { CipherEvaluation, Suite } from '../types';
import { appendText, cipherListSites, defined, profileLabel, replaceRecommended, soleCause, verifiedFix } from './shared';

/**
 * Which risks count as weak: `cipherWeakRisks` in the options when the host
 * passes it (a setting), else EXPORT, LOW, RC4, DES, 3DES, MD5 and SSLv2.
 * Anonymous and unencrypted suites have rules of their own.
 */
function weakRisks(options: object): readonly SuiteRisk[] {
  const configured = (options as { cipherWeakRisks?: unknown }).cipherWeakRisks;
  if (Array.isArray(configured)) return configured.filter((r): r is SuiteRisk => typeof r === 'string' && r in RISK_ALIAS);
  return DEFAULT_WEAK_RISKS;
}

/** cipher-weak: the list can negotiate suites with broken or obsolete algorithms. */
export const cipherWeak: Rule = {
  meta: {
    id: 'cipher-weak',
    defaultSeverity: 'warning',
    description: 'The cipher list can negotiate weak suites (EXPORT, LOW, RC4, DES, 3DES, MD5, SSLv2; configurable).',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      weakOne: '{^list} allows 1 weak suite on {profile} ({counts}; e.g. {example}).',
      weakMany: '{^list} allows {count} weak suites on {profile} ({counts}; e.g. {example}).',
      append: 'Append :{removal}',
    },
  },
  check(model, context) {
    const risks = weakRisks(context.options);
    const weakOf = (s: Suite): SuiteRisk[] => risksOf(s).filter((r) => risks.includes(r));
    const isClean = (e: CipherEvaluation): boolean => e.ok && e.ciphers.every((s) => weakOf(s).length === 0);
    const findings: RuleFinding[] = [];
    for (const site of cipherListSites(model, context)) {
      if (!site.evaluation.ok) continue;
      const weak = site.evaluation.ciphers.filter((s) => weakOf(s).length > 0);
      if (weak.length === 0) continue;
      const present = risks.filter((r) => weak.some((s) => weakOf(s).includes(r)));
      const counts = present.map((r) => `${riskLabel(r)} ${weak.filter((s) => weakOf(s).includes(r)).length}`).join(', ');
      const end = site.value.length;
      const removal = present.map((r) => `!${RISK_ALIAS[r]}`).join(':');
      const recommended = recommendedCipherString(site.profile);
      const cause = soleCause(site, weak.map((s) => s.key));
      findings.push({
        message: weak.length === 1
          ? { id: 'weakOne', args: { list: site.label, profile: profileLabel(site.profile), counts, example: weak[0].name } }
          : { id: 'weakMany', args: { list: site.label, count: weak.length, profile: profileLabel(site.profile), counts, example: weak[0].name } },
        span: cause ? site.spanOf(cause.start, cause.end) : site.span,
        fixes: [
          verifiedFix(site, end, end, appendText(site, removal), { id: 'append', args: { removal } }, true, isClean),
          recommended !== site.value ? verifiedFix(site, 0, end, recommended, replaceRecommended(site), false, isClean) : undefined,
        ].filter(defined),
        data: { cipherList: describeEvaluation(site.evaluation), weak: weak.map((s) => ({ name: s.name, protocol: s.protocol, risks: weakOf(s) })) },
      });
    }
    return findings;
  },
};
