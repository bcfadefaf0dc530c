import type { Rule, RuleFinding } from '../../rules/types';
import { HOST_PATTERN_ERRORS } from '../address';
import { capped, hatsOf } from './common';

/** hat-invalid-address: an IP address, CIDR block, range or SenderBase score in the HAT is not valid. */
export const hatInvalidAddress: Rule = {
  meta: {
    id: 'hat-invalid-address',
    defaultSeverity: 'error',
    description: 'A HAT entry is not a valid IP address, CIDR block, range, SBRS range or DNS list.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      invalid: 'In {hat}: {problem}; the appliance will not match any host with it.',
      more: 'In {hat}: {count} more entries are not valid addresses.',
      // Why the entry is not valid, the `{problem}` of `invalid`.
      ...HOST_PATTERN_ERRORS,
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const hat of hatsOf(model)) {
      const own: RuleFinding[] = [];
      for (const problem of hat.parsed.problems) {
        if (problem.code !== 'invalid-address') continue;
        own.push({
          message: { id: 'invalid', args: { hat: hat.labelRef, problem: problem.message } },
          span: hat.fileSpan(problem.span),
        });
      }
      findings.push(...capped(own, (more) => ({ message: { id: 'more', args: { hat: hat.labelRef, count: more } }, span: hat.text.element.nameSpan })));
    }
    return findings;
  },
};
