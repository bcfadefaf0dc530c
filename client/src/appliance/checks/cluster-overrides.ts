import { applianceKind, NOT_ON_SMA, unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const clusterOverrides: LiveCheck = {
  id: 'cluster-overrides',
  title: 'No filter, DLP or DMARC settings below cluster level',
  scenario: 6,
  runs: ['showconfig'],
  async run(ctx) {
    if ((await applianceKind(ctx)) === 'sma') return NOT_ON_SMA;
    const config = await ctx.facts.runningConfig();
    if (!config.ok) return unknownFrom(config);
    if (!config.value.clustered) return { verdict: 'ok', summary: 'Standalone appliance: no cluster levels.', evidence: [] };
    const o = config.value.overrides;
    if (o.length === 0) return { verdict: 'ok', summary: 'All filters, DLP and DMARC settings are at cluster level.', evidence: [] };
    return {
      verdict: 'problem',
      summary: `${o.length} setting(s) below cluster level: ${o.map((x) => `${x.section}${x.name ? ` "${x.name}"` : ''} at ${x.level} ${x.owner}`).join('; ')}. PVO's Enable stays greyed out.`,
      evidence: o.map((x) => `${x.level} ${x.owner}: ${x.section}${x.name ? ` ${x.name}` : ''}`),
      advice: 'Move the settings to cluster level, or clusterconfig > REMOVEMACHINE the machine and join it again so it inherits the cluster configuration.',
    };
  },
};
