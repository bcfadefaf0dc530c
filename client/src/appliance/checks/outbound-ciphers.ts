import { unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const outboundCiphers: LiveCheck = {
  id: 'outbound-ciphers',
  title: 'Outbound TLS cipher list has no anonymous suites',
  scenario: 4,
  runs: ['sslconfig', 'version'],
  async run(ctx) {
    const ssl = await ctx.facts.sslconfig();
    if (!ssl.ok) return unknownFrom(ssl);
    const list = ssl.value.outbound?.ciphers;
    const evidence = ssl.value.lines.filter((l) => /^Outbound/.test(l));
    if (!list) return { verdict: 'unknown', summary: 'sslconfig shows no outbound SMTP cipher list.', evidence: ssl.value.lines };
    const version = await ctx.facts.version();
    const release = version.ok ? version.value.version : undefined;
    const verdict = ctx.settings.cipherEvaluator?.(list, release);
    if (!verdict) {
      return {
        verdict: 'unknown',
        summary: `Outbound SMTP ciphers: ${list} (not evaluated: the cipher engine is not available in this build).`,
        evidence: [`Outbound SMTP ciphers: ${list}`],
        advice: 'Check the list with `asyncos-pvo ciphers` or `sslconfig` > VERIFY; it must exclude aNULL.',
      };
    }
    if (!evidence.some((l) => l.includes(list))) evidence.unshift(`Outbound SMTP ciphers: ${list}`);
    evidence.push(`evaluated as OpenSSL ${verdict.profile}: ${verdict.count} suites`);
    if (!verdict.accepted) {
      return { verdict: 'problem', summary: `OpenSSL rejects the outbound cipher list (${verdict.error ?? 'no cipher match'}).`, evidence, advice: 'Set a valid list, e.g. HIGH:MEDIUM:ALL:-aNULL:-SSLv2, with sslconfig > OUTBOUND, then commit.' };
    }
    if (verdict.anonymous.length > 0) {
      return {
        verdict: 'problem',
        summary: `The outbound cipher list allows ${verdict.anonymous.length} anonymous suites (e.g. ${verdict.anonymous.slice(0, 3).join(', ')}); a peer that picks one sends no certificate and CPQ fails.`,
        evidence,
        advice: `Append :-aNULL (e.g. ${list}:-aNULL, or HIGH:MEDIUM:ALL:-aNULL:-SSLv2) with sslconfig > OUTBOUND, then commit.`,
      };
    }
    return { verdict: 'ok', summary: 'No anonymous suites in the outbound cipher list.', evidence };
  },
};
