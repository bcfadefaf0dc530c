/**
 * Connects the live checks to the analysis core: the static rules for a fetched configuration,
 * and the cipher engine for a live cipher list. Kept in one file so the checks depend on small
 * function types, not on the core's internals.
 */
import { createAnalyzer } from '../../../server/src/core/analyzer';
import type { CipherEvaluator, ConfigAnalyzer } from './checks/types';

export const coreConfigAnalyzer: ConfigAnalyzer = (xml, uri, peers) => {
  const result = createAnalyzer({ peerAddresses: peers.length ? peers : undefined }).analyzeText(xml, uri);
  return {
    recognised: result.recognised,
    findings: result.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.range.start.line + 1 })),
  };
};

interface EngineModule {
  evaluateCipherString?: (input: string, profile: string) => EngineEvaluation;
  evaluate?: (input: string, profile: string) => EngineEvaluation;
}

interface EngineEvaluation {
  ok: boolean;
  error?: string;
  profile: string;
  ciphers: readonly { name: string; au: string }[];
}

/**
 * FIXME: the cipher engine's evaluation entry point was not published when this was written;
 * this looks for it by its expected names and returns undefined (check verdict `unknown`) until
 * it exists. Replace with a static import once `server/src/core/ciphers` exports it.
 */
export function loadCipherEvaluator(): CipherEvaluator | undefined {
  let engine: EngineModule | undefined;
  let profiles: { defaultProfileForRelease(r: string | undefined): string | undefined; FALLBACK_PROFILE: string } | undefined;
  for (const name of ['../../../server/src/core/ciphers/engine', '../../../server/src/core/ciphers/evaluate', '../../../server/src/core/ciphers']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require(name) as EngineModule;
      if (m && (m.evaluateCipherString || m.evaluate)) {
        engine = m;
        break;
      }
    } catch {
      // not built yet
    }
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    profiles = require('../../../server/src/core/ciphers/profiles');
  } catch {
    profiles = undefined;
  }
  const evaluate = engine?.evaluateCipherString ?? engine?.evaluate;
  if (!evaluate || !profiles) return undefined;
  return (list, release) => {
    const profile = profiles!.defaultProfileForRelease(release) ?? profiles!.FALLBACK_PROFILE;
    try {
      const e = evaluate(list, profile);
      const anonymous = e.ciphers.filter((c) => c.au === 'None' || /^(ADH|AECDH)-/.test(c.name)).map((c) => c.name);
      return { accepted: e.ok, error: e.error, anonymous, count: e.ciphers.length, profile: e.profile ?? profile };
    } catch {
      return undefined;
    }
  };
}
