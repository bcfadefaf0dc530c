import type { Listener } from '../model/types';
import { listenerLabel } from './helpers';
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
          message: `The ${listenerLabel(listener, level)} uses interface "${iface}" port ${port}, like the ${listenerLabel(first, level)}: only one listener can bind there.`,
          span: listener.port!.span,
          related: [{ message: `${listenerLabel(first, level)} uses the same interface and port`, span: first.port!.span }],
        });
      }
    }
    return findings;
  },
};
