import { listenerLabel } from '../../rules/helpers';
import type { Rule, RuleFinding } from '../../rules/types';
import { readRat } from '../rat';
import { capped } from './common';

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
        const label = `the RAT of ${listenerLabel(listener, level)}`;
        const own = readRat(listener.rat).problems.map((problem): RuleFinding => ({ message: `In ${label}: ${problem.message}.`, span: problem.span, severity: problem.severity }));
        findings.push(...capped(own, (more) => ({ message: `In ${label}: ${more} more entries are malformed.`, span: listener.rat[0]?.element.parent?.nameSpan ?? listener.element.nameSpan })));
      }
    }
    return findings;
  },
};
