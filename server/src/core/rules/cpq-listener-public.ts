import { cpqListeners, listenerLabelRef, replaceValueFix } from './helpers';
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
    messages: {
      notPrivate: 'The {listener} is of type "{type}"; it should be private, as the appliance creates it.',
      makePrivate: 'Make the listener private',
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const { listener, level } of cpqListeners(model)) {
      const type = listener.type;
      if (!type || type.value.toLowerCase() === 'private') continue;
      findings.push({
        message: { id: 'notPrivate', args: { listener: listenerLabelRef(listener, level), type: type.value } },
        span: type.span,
        fixes: [replaceValueFix(type, 'private', { id: 'makePrivate' })],
      });
    }
    return findings;
  },
};
