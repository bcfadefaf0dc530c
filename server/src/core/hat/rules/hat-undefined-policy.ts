import { closestName } from '../../rules/helpers';
import type { Rule, RuleFinding } from '../../rules/types';
import { policiesByName } from '../analysis';
import { hatsOf, rowRef } from './common';

/** hat-undefined-policy: a sender group, host or `ALL` is mapped to a `$POLICY` the HAT never defines. */
export const hatUndefinedPolicy: Rule = {
  meta: {
    id: 'hat-undefined-policy',
    defaultSeverity: 'error',
    description: 'A HAT row refers to a $POLICY (mail flow policy) that the HAT does not define.',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      notDefined: 'In {hat}: {row} is mapped to ${policy}, which is not defined in this HAT{policies}.{suggestion}',
      policies: ' (policies: {names})',
      didYouMean: ' Did you mean ${name}?',
      use: 'Use ${name}',
    },
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
          message: {
            id: 'notDefined',
            args: {
              hat: hat.labelRef,
              row: rowRef(row),
              policy: b.name.value,
              policies: names.length > 0 ? { id: 'policies', args: { names: names.map((n) => `$${n}`).join(', ') } } : '',
              suggestion: suggestion ? { id: 'didYouMean', args: { name: suggestion } } : '',
            },
          },
          span,
          fixes: suggestion ? [{ title: { id: 'use', args: { name: suggestion } }, preferred: true, edits: [{ span, newText: `$${suggestion}` }] }] : [],
          data: { policy: b.name.value },
        });
      }
    }
    return findings;
  },
};
