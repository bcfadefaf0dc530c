import { applianceKind, pvoPort } from './helpers';
import type { CheckContext, LiveCheck } from './types';

interface Side {
  ctx: CheckContext;
  addresses: string[];
  relays: string[];
  port: number;
}

async function side(ctx: CheckContext): Promise<Side | undefined> {
  const [ifaces, config] = await Promise.all([ctx.facts.interfaces(), ctx.facts.runningConfig()]);
  if (!ifaces.ok || !config.ok || !config.value.cpqListener) return undefined;
  return { ctx, addresses: ifaces.value.map((i) => i.ip), relays: config.value.cpqListener.relayHosts, port: await pvoPort(ctx) };
}

/** Both ends of PVO in one run: each relays for the other, on the same port. */
export const pvoPair: LiveCheck = {
  id: 'pvo-pair',
  title: 'ESA and SMA relay for each other on the same PVO port',
  runs: ['interfaceconfig', 'showconfig'],
  fleet: true,
  async run(ctx) {
    const kind = await applianceKind(ctx);
    if (kind === 'unknown') return { verdict: 'unknown', summary: 'Could not tell whether this is an ESA or an SMA.', evidence: [] };
    const others: CheckContext[] = [];
    // Another appliance's failure is said as such: shown under this appliance as a bare error it
    // would read as this one's own, and skipped silently it would read as "not in the run".
    const unreadable: string[] = [];
    const failed = (o: CheckContext, e: unknown) => unreadable.push(`${o.target.label} could not be read: ${e instanceof Error ? e.message : String(e)}`);
    const note = () => (unreadable.length ? ` (${unreadable.length} other appliance(s) of the run could not be read)` : '');
    for (const o of ctx.fleet) {
      if (o === ctx) continue;
      if (o.connection?.error) {
        failed(o, o.connection.error);
        continue;
      }
      const k = await applianceKind(o).catch((e: unknown) => (failed(o, e), 'unknown' as const));
      if (k !== 'unknown' && k !== kind) others.push(o);
    }
    if (others.length === 0) {
      return { verdict: 'unknown', summary: `No ${kind === 'esa' ? 'SMA' : 'ESA'} in this probe run to compare with${note()}.`, evidence: unreadable, advice: 'Probe the ESA and its SMA together to check both ends.' };
    }
    const me = await side(ctx);
    if (!me) return { verdict: 'unknown', summary: 'This appliance shows no readable cpq_listener or interface list.', evidence: [] };
    const evidence: string[] = [];
    const problems: string[] = [];
    let paired = 0;
    for (const o of others) {
      let them: Side | undefined;
      try {
        them = await side(o);
      } catch (e) {
        failed(o, e);
        continue;
      }
      if (!them) continue;
      const iRelayThem = them.addresses.some((a) => me.relays.includes(a));
      const theyRelayMe = me.addresses.some((a) => them.relays.includes(a));
      // On an SMA only the ESAs it serves matter; an ESA of another SMA is not its peer.
      if (kind === 'sma' && !iRelayThem && !theyRelayMe) continue;
      paired++;
      evidence.push(`${o.target.label}: addresses ${them.addresses.join(', ')}; relays ${them.relays.join(', ') || 'none'}; port ${them.port}`);
      if (!iRelayThem) problems.push(`this appliance's cpq_listener does not relay for ${o.target.label}`);
      if (!theyRelayMe) problems.push(`${o.target.label}'s cpq_listener does not relay for this appliance`);
      if (them.port !== me.port) problems.push(`PVO port ${me.port} here but ${them.port} on ${o.target.label}`);
    }
    evidence.unshift(`${ctx.target.label}: addresses ${me.addresses.join(', ')}; relays ${me.relays.join(', ') || 'none'}; port ${me.port}`);
    evidence.push(...unreadable);
    if (paired === 0) return { verdict: 'unknown', summary: `No appliance in this run is paired with this one${note()}.`, evidence };
    if (problems.length === 0) return { verdict: 'ok', summary: `Paired with ${paired} appliance(s): mutual relay on port ${me.port}.`, evidence };
    return {
      verdict: 'problem',
      summary: `${problems.join('; ')}.`,
      evidence,
      advice: 'Add the appliance on the SMA (Centralized Services > Security Appliances) and set the same Quarantine Port on both sides, then commit.',
    };
  },
};
