import { DEFAULT_PVO_PORT, unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const cpqListener: LiveCheck = {
  id: 'cpq-listener',
  title: 'Hidden cpq_listener present, on the PVO port, relaying for the peer',
  runs: ['showconfig'],
  async run(ctx) {
    const config = await ctx.facts.runningConfig();
    if (!config.ok) return unknownFrom(config);
    const l = config.value.cpqListener;
    if (!l) {
      return {
        verdict: 'problem',
        summary: 'The running configuration has no cpq_listener: centralized PVO is not set up on this appliance.',
        evidence: [],
        advice: 'Enable Policy, Virus and Outbreak Quarantines (SMA: Centralized Services; ESA: Security Services) and commit.',
      };
    }
    const evidence = [
      `cpq_listener (${l.level} level): protocol ${l.protocol ?? '?'}, interface ${l.interfaceName ?? '?'}, port ${l.port ?? '?'}`,
      `relaying hosts: ${l.relayHosts.join(', ') || 'none'}`,
    ];
    const problems: string[] = [];
    if (l.protocol && l.protocol.toUpperCase() !== 'CPQ') problems.push(`protocol is ${l.protocol}, not CPQ`);
    if (!l.port) problems.push('no port');
    if (l.relayHosts.length === 0) problems.push('no peer in the HAT relaying group, so CPQ connections from the peer are rejected');
    const sma = ctx.settings.smaAddresses.filter((a) => !l.relayHosts.includes(a));
    const kind = (await ctx.facts.version());
    if (kind.ok && kind.value.kind === 'esa' && ctx.settings.smaAddresses.length > 0 && sma.length > 0) {
      problems.push(`the SMA ${sma.join(', ')} is not in the relaying group`);
    }
    if (problems.length) {
      return { verdict: 'problem', summary: `cpq_listener: ${problems.join('; ')}.`, evidence, advice: 'Re-save the PVO settings so the appliance rebuilds cpq_listener, then commit.' };
    }
    const note = l.port === DEFAULT_PVO_PORT ? '' : ` (not the default ${DEFAULT_PVO_PORT}: the peer must use the same port)`;
    return { verdict: 'ok', summary: `cpq_listener listens on ${l.interfaceName} port ${l.port}${note}.`, evidence };
  },
};
