import { noPeer, peerAddresses, pvoPort, unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const peerPortReachable: LiveCheck = {
  id: 'peer-port-reachable',
  title: "Peer's PVO port answers (telnet, 220 banner)",
  runs: ['telnet'],
  async run(ctx) {
    const peers = await peerAddresses(ctx);
    if (peers.length === 0) return noPeer();
    const port = await pvoPort(ctx);
    const evidence: string[] = [];
    const failed: { peer: string; outcome: string }[] = [];
    for (const peer of peers) {
      const t = await ctx.facts.telnet('Auto', peer, port);
      if (!t.ok) return unknownFrom(t);
      evidence.push(`telnet from Auto to ${peer} port ${port}:`, ...t.value.lines);
      if (t.value.outcome !== 'connected') failed.push({ peer, outcome: t.value.outcome });
    }
    if (failed.length === 0) return { verdict: 'ok', summary: `${peers.map((p) => `${p}:${port}`).join(', ')} answered with a 220 banner.`, evidence };
    const refused = failed.some((f) => f.outcome === 'refused');
    return {
      verdict: 'problem',
      summary: `No CPQ banner from ${failed.map((f) => `${f.peer}:${port} (${f.outcome})`).join(', ')}.`,
      evidence,
      advice: refused
        ? 'The peer refuses the port: check `status` on it (Offline after suspend → `resume`) and that its PVO interface exists and uses this port.'
        : 'The connection times out: check routing and firewalls between the appliances for this port.',
    };
  },
};
