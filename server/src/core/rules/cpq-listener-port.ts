import { CPQ_DEFAULT_PORT } from '../model/assumptions';
import { cpqListeners, listenerLabelRef, replaceValueFix } from './helpers';
import type { Rule, RuleFinding } from './types';

/** A TCP port as AsyncOS accepts it: a decimal number from 1 to 65535. */
export function parsePort(value: string): number | undefined {
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * cpq-listener-port: an invalid port is an error; a port other than 7025 is
 * allowed but both appliances must agree, so it is worth a reminder.
 */
export const cpqListenerPort: Rule = {
  meta: {
    id: 'cpq-listener-port',
    defaultSeverity: 'error',
    description: 'The cpq_listener\'s port is not a valid TCP port (error), or not the default 7025 (information).',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      invalidPort: 'The {listener} has port "{port}", which is not a TCP port (1-65535); the PVO default is {default}.',
      useDefault: 'Use the default PVO port {port}',
      otherPort: 'The {listener} listens on port {port}, not the default {default}: the peer appliance\'s PVO port must be set to {port} too.',
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const { listener, level } of cpqListeners(model)) {
      const port = listener.port;
      if (!port) continue;
      const number = parsePort(port.value);
      if (number === undefined) {
        findings.push({
          message: { id: 'invalidPort', args: { listener: listenerLabelRef(listener, level), port: port.value, default: CPQ_DEFAULT_PORT } },
          span: port.span,
          fixes: [replaceValueFix(port, String(CPQ_DEFAULT_PORT), { id: 'useDefault', args: { port: CPQ_DEFAULT_PORT } })],
        });
      } else if (number !== CPQ_DEFAULT_PORT) {
        findings.push({
          severity: 'information',
          message: { id: 'otherPort', args: { listener: listenerLabelRef(listener, level), port: number, default: CPQ_DEFAULT_PORT } },
          span: port.span,
          data: { port: number },
        });
      }
    }
    return findings;
  },
};
