import type { Rule, RuleFinding } from '../../rules/types';
import { hatsOf } from './common';

/** hat-syntax: a HAT line that cannot be read (error), or one in a form the documentation does not show (warning). */
export const hatSyntax: Rule = {
  meta: {
    id: 'hat-syntax',
    defaultSeverity: 'error',
    description: 'A line of a listener\'s host access table (HAT) cannot be read.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const hat of hatsOf(model)) {
      for (const problem of hat.parsed.problems) {
        if (problem.code !== 'syntax') continue;
        findings.push({
          message: `In ${hat.label}: ${problem.message}.`,
          span: hat.fileSpan(problem.span),
          severity: problem.severity,
        });
      }
    }
    return findings;
  },
};
