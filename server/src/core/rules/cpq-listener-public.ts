import { cpqListeners, listenerLabel, replaceValueFix } from './helpers';
import type { Rule, RuleFinding } from './types';

/**
 * cpq-listener-public: the cpq_listener is a private (relay) listener on both
 * appliances; a public one applies inbound mail-flow behaviour to the peer.
 */
export const cpqListenerPublic: Rule = {
  meta: {
    id: 'cpq-listener-public',
    defaultSeverity: 'warning',
    description: 'The cpq_listener\'s type is not private.',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const { listener, level } of cpqListeners(model)) {
      const type = listener.type;
      if (!type || type.value.toLowerCase() === 'private') continue;
      findings.push({
        message: `The ${listenerLabel(listener, level)} is of type "${type.value}"; it should be private, as the appliance creates it.`,
        span: type.span,
        fixes: [replaceValueFix(type, 'private', 'Make the listener private')],
      });
    }
    return findings;
  },
};
