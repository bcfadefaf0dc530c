import { applianceKind, unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const cpqQueues: LiveCheck = {
  id: 'cpq-queues',
  title: 'Queue to the.cpq.host / the.cpq.release.host is draining',
  runs: ['tophosts'],
  async run(ctx) {
    const hosts = await ctx.facts.tophosts();
    if (!hosts.ok) return unknownFrom(hosts);
    const name = (await applianceKind(ctx)) === 'sma' ? 'the.cpq.release.host' : 'the.cpq.host';
    const row = hosts.value.find((h) => h.host === name);
    if (!row) return { verdict: 'ok', summary: `No ${name} queue: nothing is waiting for the peer.`, evidence: [] };
    const evidence = [row.line];
    const stuck = row.down || (row.active > 0 && row.connOut === 0 && (row.softBounced > 0 || row.delivered === 0));
    if (!stuck) return { verdict: 'ok', summary: `${name}: ${row.active} active, ${row.delivered} delivered.`, evidence };
    return {
      verdict: 'problem',
      summary: `${name} is ${row.down ? 'marked down' : 'not draining'}: ${row.active} recipients waiting, ${row.connOut} connections out, ${row.softBounced} soft bounces.`,
      evidence,
      advice: 'Find why the peer refuses or cannot be reached (peer-port-reachable, tls-to-peer); hoststatus does not work for this queue, use tophosts / showrecipients.',
    };
  },
};
