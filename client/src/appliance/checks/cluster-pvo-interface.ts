import { applianceKind, NOT_ON_SMA, unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const clusterPvoInterface: LiveCheck = {
  id: 'cluster-pvo-interface',
  title: 'Cluster PVO interface exists on this machine',
  runs: ['showconfig', 'interfaceconfig'],
  async run(ctx) {
    if ((await applianceKind(ctx)) === 'sma') return NOT_ON_SMA;
    const config = await ctx.facts.runningConfig();
    if (!config.ok) return unknownFrom(config);
    if (!config.value.clustered) return { verdict: 'ok', summary: 'Standalone appliance.', evidence: [] };
    const wanted = config.value.cpqListener?.interfaceName;
    if (!wanted) return { verdict: 'unknown', summary: 'The cluster configuration names no PVO interface (no cpq_listener).', evidence: [] };
    const ifaces = await ctx.facts.interfaces();
    if (!ifaces.ok) return unknownFrom(ifaces);
    const evidence = [`cluster PVO interface: ${wanted}`, ...ifaces.value.map((i) => i.line)];
    if (ifaces.value.some((i) => i.name === wanted)) return { verdict: 'ok', summary: `Interface ${wanted} exists on this machine.`, evidence };
    return {
      verdict: 'problem',
      summary: `The cluster uses interface "${wanted}" for PVO, but this machine has no interface of that name (${ifaces.value.map((i) => i.name).join(', ')}).`,
      evidence,
      advice: `Create or rename an interface to "${wanted}" on this machine (Network > IP Interfaces / interfaceconfig), then commit.`,
    };
  },
};
