import { closestName } from '../../rules/helpers';
import type { Rule, RuleFinding } from '../../rules/types';
import { describeRow, policiesByName } from '../analysis';
import { hatsOf } from './common';

/** hat-undefined-policy: a sender group, host or `ALL` is mapped to a `$POLICY` the HAT never defines. */
export const hatUndefinedPolicy: Rule = {
  meta: {
    id: 'hat-undefined-policy',
    defaultSeverity: 'error',
    description: 'A HAT row refers to a $POLICY (mail flow policy) that the HAT does not define.',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const hat of hatsOf(model)) {
      const policies = policiesByName(hat.parsed.value);
      const names = [...policies.keys()];
      for (const row of hat.parsed.value.rows) {
        const b = row.behaviour;
        if (b?.kind !== 'policy-ref' || policies.has(b.name.value)) continue;
        const suggestion = closestName(b.name.value, names);
        const span = hat.fileSpan(b.span);
        findings.push({
          message: `In ${hat.label}: ${describeRow(row)} is mapped to $${b.name.value}, which is not defined in this HAT${names.length > 0 ? ` (policies: ${names.map((n) => `$${n}`).join(', ')})` : ''}.${suggestion ? ` Did you mean $${suggestion}?` : ''}`,
          span,
          fixes: suggestion ? [{ title: `Use $${suggestion}`, preferred: true, edits: [{ span, newText: `$${suggestion}` }] }] : [],
          data: { policy: b.name.value },
        });
      }
    }
    return findings;
  },
};
