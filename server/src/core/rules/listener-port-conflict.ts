import type { Listener } from '../model/types';
import { listenerLabelRef } from './helpers';
import { parsePort } from './cpq-listener-port';
import type { Rule, RuleFinding } from './types';

/**
 * listener-port-conflict: two listeners on the same interface and port. Only
 * one can bind; when one of them is the cpq_listener, PVO traffic reaches the
 * wrong listener or none.
 */
export const listenerPortConflict: Rule = {
  meta: {
    id: 'listener-port-conflict',
    defaultSeverity: 'error',
    description: 'Two listeners use the same interface and port.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      conflict: 'The {listener} uses interface "{interface}" port {port}, like the {first}: only one listener can bind there.',
      sameBinding: '{listener} uses the same interface and port',
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const level of model.levels) {
      const seen = new Map<string, Listener>();
      for (const listener of level.listeners) {
        const port = listener.port ? parsePort(listener.port.value) : undefined;
        const iface = listener.interfaceName?.value;
        if (port === undefined || !iface) continue;
        const key = `${iface}\u0000${port}`;
        const first = seen.get(key);
        if (!first) {
          seen.set(key, listener);
          continue;
        }
        findings.push({
          message: { id: 'conflict', args: { listener: listenerLabelRef(listener, level), interface: iface, port, first: listenerLabelRef(first, level) } },
          span: listener.port!.span,
          related: [{ message: { id: 'sameBinding', args: { listener: listenerLabelRef(first, level) } }, span: first.port!.span }],
        });
      }
    }
    return findings;
  },
};
