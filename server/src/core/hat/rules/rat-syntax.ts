import { listenerLabel } from '../../rules/helpers';
import type { Rule, RuleFinding } from '../../rules/types';
import { readRat } from '../rat';

/** rat-syntax: a recipient access entry with a malformed address or an unknown action. */
export const ratSyntax: Rule = {
  meta: {
    id: 'rat-syntax',
    defaultSeverity: 'error',
    description: 'A recipient access table (RAT) entry has a malformed address or an unknown access action.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const level of model.levels) {
      for (const listener of level.listeners) {
        for (const problem of readRat(listener.rat).problems) {
          findings.push({ message: `In the RAT of ${listenerLabel(listener, level)}: ${problem.message}.`, span: problem.span, severity: problem.severity });
        }
      }
    }
    return findings;
  },
};
