import { CPQ_PROTOCOL } from '../model/assumptions';
import { cpqListeners, listenerLabelRef, replaceValueFix } from './helpers';
import type { Rule, RuleFinding } from './types';

/** cpq-listener-protocol: the cpq_listener must speak CPQ; as SMTP it cannot carry quarantine metadata. */
export const cpqListenerProtocol: Rule = {
  meta: {
    id: 'cpq-listener-protocol',
    defaultSeverity: 'error',
    description: 'The cpq_listener\'s protocol is not CPQ.',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      notCpq: 'The {listener} uses protocol "{protocol}"; it must be {expected}, or the peer\'s quarantine connections fail.',
      empty: '(empty)',
      setProtocol: 'Set the protocol to {protocol}',
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const { listener, level } of cpqListeners(model)) {
      const protocol = listener.protocol;
      if (!protocol || protocol.value === CPQ_PROTOCOL) continue;
      findings.push({
        message: { id: 'notCpq', args: { listener: listenerLabelRef(listener, level), protocol: protocol.value || { id: 'empty' }, expected: CPQ_PROTOCOL } },
        span: protocol.span,
        fixes: [replaceValueFix(protocol, CPQ_PROTOCOL, { id: 'setProtocol', args: { protocol: CPQ_PROTOCOL } })],
      });
    }
    return findings;
  },
};
