import type { Rule, RuleFinding } from '../../rules/types';
import { HOST_PATTERN_WARNINGS } from '../address';
import { HAT_SYNTAX_MESSAGES } from '../parse';
import { capped, hatsOf } from './common';

/** hat-syntax: a HAT line that cannot be read (error), or one in a form the documentation does not show (warning). */
export const hatSyntax: Rule = {
  meta: {
    id: 'hat-syntax',
    defaultSeverity: 'error',
    description: 'A line of a listener\'s host access table (HAT) cannot be read.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      line: 'In {hat}: {problem}.',
      more: 'In {hat}: {count} more lines cannot be read.',
      // The reader's own descriptions, the `{problem}` of `line`.
      ...HAT_SYNTAX_MESSAGES,
      ...HOST_PATTERN_WARNINGS,
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const hat of hatsOf(model)) {
      const own: RuleFinding[] = [];
      for (const problem of hat.parsed.problems) {
        if (problem.code !== 'syntax') continue;
        own.push({
          message: { id: 'line', args: { hat: hat.labelRef, problem: problem.message } },
          span: hat.fileSpan(problem.span),
          severity: problem.severity,
        });
      }
      findings.push(...capped(own, (more) => ({ message: { id: 'more', args: { hat: hat.labelRef, count: more } }, span: hat.text.element.nameSpan })));
    }
    return findings;
  },
};
