import { CPQ_PROTOCOL } from '../model/assumptions';
import { cpqListeners, listenerLabel, replaceValueFix } from './helpers';
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
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const { listener, level } of cpqListeners(model)) {
      const protocol = listener.protocol;
      if (!protocol || protocol.value === CPQ_PROTOCOL) continue;
      findings.push({
        message: `The ${listenerLabel(listener, level)} uses protocol "${protocol.value || '(empty)'}"; it must be ${CPQ_PROTOCOL}, or the peer's quarantine connections fail.`,
        span: protocol.span,
        fixes: [replaceValueFix(protocol, CPQ_PROTOCOL, `Set the protocol to ${CPQ_PROTOCOL}`)],
      });
    }
    return findings;
  },
};
