/**
 * Connects the live checks to the analysis core: the static rules for a fetched configuration,
 * and the cipher engine for a live cipher list. Kept in one file so the checks depend on small
 * function types, not on the core's internals.
 */
import { createAnalyzer } from '../../../server/src/core/analyzer';
import { defaultProfileForRelease, evaluateCipherString, FALLBACK_PROFILE } from '../../../server/src/core/ciphers';
import type { CipherEvaluator, ConfigAnalyzer } from './checks/types';

export const coreConfigAnalyzer: ConfigAnalyzer = (xml, uri, peers) => {
  const result = createAnalyzer({ peerAddresses: peers.length ? peers : undefined }).analyzeText(xml, uri);
  return {
    recognised: result.recognised,
    findings: result.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.range.start.line + 1 })),
  };
};

/** Evaluates a live cipher list with the OpenSSL build the appliance's release used. */
export const coreCipherEvaluator: CipherEvaluator = (list, release) => {
  const profile = defaultProfileForRelease(release) ?? FALLBACK_PROFILE;
  const e = evaluateCipherString(list, profile);
  const anonymous = e.ciphers.filter((c) => c.au === 'None').map((c) => c.name);
  return { accepted: e.ok, error: e.error, anonymous, count: e.ciphers.length, profile: e.profile };
};

/** The settings the CLI and the editor use: everything wired to the core. */
export function coreProbeSettings(smaAddresses: string[] = []) {
  return { smaAddresses, cipherEvaluator: coreCipherEvaluator, configAnalyzer: coreConfigAnalyzer };
}
