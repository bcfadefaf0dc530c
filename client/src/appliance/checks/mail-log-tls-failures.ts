import { unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const mailLogTlsFailures: LiveCheck = {
  id: 'mail-log-tls-failures',
  title: 'No recent TLS failures on port 7025 in mail_logs',
  scenario: 4,
  runs: ['grep mail_logs'],
  async run(ctx) {
    const log = await ctx.facts.mailLog();
    if (!log.ok) return unknownFrom(log);
    const cpqDcids = new Set<string>();
    for (const l of log.value.lines) {
      const m = /New SMTP DCID (\d+) .*port (\d+)/.exec(l);
      if (m && m[2] === '7025') cpqDcids.add(m[1]);
    }
    const bad = [...log.value.tlsFailures, ...log.value.tlsRequiredFailures].filter((l) => {
      const dcid = /DCID (\d+)/.exec(l)?.[1];
      return dcid !== undefined && (cpqDcids.has(dcid) || /the\.cpq/.test(l));
    });
    if (bad.length === 0) {
      return {
        verdict: 'ok',
        summary: `No TLS failures on CPQ connections (${log.value.tlsSuccesses.length} TLS successes, ${log.value.quarantineDeliveries.length} quarantine deliveries seen).`,
        evidence: log.value.lines.slice(-4),
      };
    }
    const noCert = bad.some((l) => /no certificate from server/i.test(l));
    return {
      verdict: 'problem',
      summary: `${bad.length} TLS failure line(s) on port 7025${noCert ? ': "no certificate from server" — an anonymous cipher was negotiated' : ''}.`,
      evidence: bad.slice(0, 6),
      advice: noCert ? 'Append :-aNULL to the outbound cipher list (sslconfig > OUTBOUND), then commit.' : 'Run tlsverify against the peer on port 7025 and read the certificate error.',
    };
  },
};
