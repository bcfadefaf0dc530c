import { applianceKind, noPeer, peerAddresses, pvoPort, unknownFrom } from './helpers';
import type { CheckOutcome, LiveCheck } from './types';

export const tlsToPeer: LiveCheck = {
  id: 'tls-to-peer',
  title: 'TLS to the peer on the PVO port verifies a certificate',
  scenario: 4,
  runs: ['tlsverify'],
  async run(ctx) {
    const peers = await peerAddresses(ctx);
    if (peers.length === 0) return noPeer();
    const port = await pvoPort(ctx);
    const domain = (await applianceKind(ctx)) === 'sma' ? 'the.cpq.release.host' : 'the.cpq.host';
    const evidence: string[] = [];
    const failures: CheckOutcome[] = [];
    for (const peer of peers) {
      const r = await ctx.facts.tlsverify(domain, peer, port);
      if (!r.ok) return unknownFrom(r);
      evidence.push(`tlsverify ${domain} ${peer}:${port}`, ...r.value.lines);
      if (r.value.noCertificate || r.value.anonymousCipher) {
        failures.push({
          verdict: 'problem',
          summary: `TLS to ${peer}:${port} negotiated ${r.value.cipher ?? 'an anonymous cipher'} and got no certificate from the peer: CPQ requires a verified peer.`,
          evidence: [],
          advice: 'Remove anonymous suites from the outbound cipher list (append :-aNULL) with sslconfig > OUTBOUND, then commit.',
        });
      } else if (!r.value.connected) {
        failures.push({
          verdict: 'problem',
          summary: `Cannot open a connection to ${peer}:${port}${r.value.connectError ? ` (${r.value.connectError})` : ''}.`,
          evidence: [],
          advice: 'Check that the peer is online (`status`, `resume`), that it listens on this port, and routing between the two.',
        });
      } else if (!r.value.succeeded) {
        failures.push({ verdict: 'problem', summary: `TLS to ${peer}:${port} did not verify.`, evidence: [], advice: 'Read the tlsverify lines below and the peer certificate settings.' });
      }
    }
    if (failures.length) return { ...failures[0], summary: failures.map((f) => f.summary).join(' '), evidence };
    return { verdict: 'ok', summary: `TLS to ${peers.map((p) => `${p}:${port}`).join(', ')} verified.`, evidence };
  },
};
