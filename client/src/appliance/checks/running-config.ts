import { peerAddresses, unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const runningConfig: LiveCheck = {
  id: 'running-config',
  title: 'Static rules over the running configuration',
  runs: ['showconfig'],
  async run(ctx) {
    const config = await ctx.facts.runningConfig();
    if (!config.ok) return unknownFrom(config);
    const analyze = ctx.settings.configAnalyzer;
    if (!analyze) return { verdict: 'unknown', summary: 'Configuration fetched (passphrases masked); no analyzer available.', evidence: [] };
    const result = analyze(config.value.xml, `asyncos://${ctx.target.label}/running-config.xml`, await peerAddresses(ctx));
    if (!result.recognised) return { verdict: 'unknown', summary: 'The fetched configuration was not recognised as an AsyncOS configuration.', evidence: [] };
    const errors = result.findings.filter((f) => f.severity === 'error');
    const warnings = result.findings.filter((f) => f.severity === 'warning');
    const evidence = result.findings.slice(0, 10).map((f) => `line ${f.line}: ${f.severity}[${f.rule}] ${f.message}`);
    if (errors.length === 0) {
      return { verdict: 'ok', summary: `No errors in the running configuration (${warnings.length} warnings, ${result.findings.length - warnings.length} other findings).`, evidence };
    }
    return {
      verdict: 'problem',
      summary: `${errors.length} error(s) in the running configuration: ${[...new Set(errors.map((e) => e.rule))].join(', ')}.`,
      evidence,
      advice: 'Open the fetched configuration with `asyncos-pvo lint` (or in the editor) for positions and fixes.',
    };
  },
};
