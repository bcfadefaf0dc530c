import { unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const systemOnline: LiveCheck = {
  id: 'system-online',
  title: 'System online (listeners not suspended)',
  scenario: 1,
  runs: ['status'],
  async run(ctx) {
    const status = await ctx.facts.status();
    if (!status.ok) return unknownFrom(status);
    const evidence = [status.value.statusLine];
    if (status.value.online) return { verdict: 'ok', summary: 'System status: Online.', evidence };
    return {
      verdict: 'problem',
      summary: `System status: ${status.value.systemStatus}. The cpq_listener does not accept connections, so PVO cannot be enabled or used.`,
      evidence,
      advice: 'Run `resume` on this appliance (it restarts receiving on cpq_listener); the probe offers it only after confirmation.',
    };
  },
};
