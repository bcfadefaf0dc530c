import type { Rule, RuleFinding } from '../../rules/types';
import { recommendedCipherString } from '../describe';
import { cipherListSites, defined, profileLabel, replaceRecommended, verifiedFix } from './shared';

/** cipher-no-match: the string selects no suite, so OpenSSL (and the appliance) refuses it. */
export const cipherNoMatch: Rule = {
  meta: {
    id: 'cipher-no-match',
    defaultSeverity: 'error',
    description: 'The cipher list selects no suite: the appliance refuses it ("no cipher match").',
    fixable: true,
    scenarios: [4],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      noMatch: '{^list} selects no cipher suite on {profile}, so the appliance refuses it ("no cipher match").{hint}',
      ignoredNames: ' It ignores the names it does not know ({names}).',
    },
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    for (const site of cipherListSites(model, context)) {
      if (site.evaluation.error !== 'no cipher match') continue;
      const unknown = site.evaluation.elements.flatMap((e) => e.parts.filter((p) => p.kind === 'unknown').map((p) => p.text));
      const hint = unknown.length > 0 ? { id: 'ignoredNames', args: { names: [...new Set(unknown)].join(', ') } } : '';
      const recommended = recommendedCipherString(site.profile);
      findings.push({
        message: { id: 'noMatch', args: { list: site.label, profile: profileLabel(site.profile), hint } },
        span: site.span,
        fixes: [verifiedFix(site, 0, site.value.length, recommended, replaceRecommended(site), true, (e) => e.ok)].filter(defined),
      });
    }
    return findings;
  },
};
