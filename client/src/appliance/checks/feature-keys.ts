import { applianceKind, NOT_ON_SMA, unknownFrom } from './helpers';
import type { CheckContext, LiveCheck } from './types';

/** The cluster another appliance of the run belongs to; a failure to read it is kept, not hidden. */
async function clusterName(ctx: CheckContext): Promise<{ name?: string; failure?: string }> {
  try {
    const c = await ctx.facts.cluster();
    return { name: c.ok && c.value.clustered ? c.value.name : undefined };
  } catch (e) {
    return { failure: `${ctx.target.label}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export const featureKeys: LiveCheck = {
  id: 'feature-keys',
  title: 'Feature keys equal across cluster machines',
  scenario: 5,
  runs: ['clusterconfig', 'featurekey'],
  fleet: true,
  async run(ctx) {
    if ((await applianceKind(ctx)) === 'sma') return NOT_ON_SMA;
    const cluster = await ctx.facts.cluster();
    if (!cluster.ok) return unknownFrom(cluster);
    if (!cluster.value.clustered) return { verdict: 'ok', summary: 'Standalone appliance: no cluster machines to compare.', evidence: [] };
    const mine = await ctx.facts.featurekeys();
    if (!mine.ok) return unknownFrom(mine);
    const name = cluster.value.name;
    const peers: { host: string; modules: Set<string> }[] = [];
    const failures: string[] = [];
    for (const other of ctx.fleet) {
      if (other === ctx || other.connection?.error) continue;
      const theirs = await clusterName(other);
      if (theirs.failure) failures.push(theirs.failure);
      if (theirs.name !== name) continue;
      try {
        const keys = await other.facts.featurekeys();
        if (keys.ok) peers.push({ host: other.target.label, modules: new Set(keys.value.map((k) => k.module)) });
        else failures.push(`${other.target.label}: ${keys.reason}`);
      } catch (e) {
        failures.push(`${other.target.label}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const mineSet = new Set(mine.value.map((k) => k.module));
    const evidence = [`${ctx.target.label}: ${[...mineSet].join(', ')}`];
    const machines = cluster.value.machines.length;
    if (peers.length + 1 < machines) {
      return {
        verdict: 'unknown',
        summary: `Cluster ${name} has ${machines} machines; only ${peers.length + 1} could be read in this run, so the keys cannot be compared.`,
        evidence: [...evidence, ...failures],
        advice: 'Probe every machine of the cluster in one run.',
      };
    }
    const diffs: string[] = [];
    for (const p of peers) {
      const missingHere = [...p.modules].filter((m) => !mineSet.has(m));
      const missingThere = [...mineSet].filter((m) => !p.modules.has(m));
      if (missingHere.length) diffs.push(`${ctx.target.label} lacks ${missingHere.join(', ')} (present on ${p.host})`);
      if (missingThere.length) diffs.push(`${p.host} lacks ${missingThere.join(', ')}`);
      evidence.push(`${p.host}: ${[...p.modules].join(', ')}`);
    }
    if (diffs.length === 0) return { verdict: 'ok', summary: `Feature keys are the same on all ${machines} machines of ${name}.`, evidence };
    return {
      verdict: 'problem',
      summary: `Feature keys differ in cluster ${name}: ${diffs.join('; ')}. PVO refuses a cluster whose machines have content filters / DLP at different levels.`,
      evidence,
      advice: 'Add the missing feature key (featurekey > ACTIVATE) and make the DLP / Outbreak / anti-virus settings identical on every machine.',
    };
  },
};
