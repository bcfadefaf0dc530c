import { listenerLabelRef } from '../../rules/helpers';
import type { MessageRef, Rule, RuleFinding } from '../../rules/types';
import { RAT_SYNTAX_MESSAGES, readRat } from '../rat';
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
    messages: {
      entry: 'In {rat}: {problem}.',
      more: 'In {rat}: {count} more entries are malformed.',
      // The reader's own descriptions, the `{problem}` of `entry`.
      ...RAT_SYNTAX_MESSAGES,
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const level of model.levels) {
      for (const listener of level.listeners) {
        const label: MessageRef = { id: 'common.ratOf', args: { listener: listenerLabelRef(listener, level) } };
        const own = readRat(listener.rat).problems.map((problem): RuleFinding => ({ message: { id: 'entry', args: { rat: label, problem: problem.message } }, span: problem.span, severity: problem.severity }));
        findings.push(...capped(own, (more) => ({ message: { id: 'more', args: { rat: label, count: more } }, span: listener.rat[0]?.element.parent?.nameSpan ?? listener.element.nameSpan })));
      }
    }
    return findings;
  },
};
