import { createAnalyzer } from '../core/analyzer';
import { getProfile, listProfiles } from '../core/ciphers/profiles';
import { decodeBytes, type DecodedText } from '../core/text/decode';
import type { AnalyzerOptions } from '../core/options';
import type { Severity } from '../core/rules/types';
import { cliLocale, oneOf, parseArgs } from './args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from './command';
import { collectFiles, readFileBytes } from './files';
import { formatJson, type FileReport } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { cli, cliText } from './messages';

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;

function severitiesFrom(values: string[] | undefined, knownRules: Set<string>): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  for (const value of values ?? []) {
    const m = /^([\w-]+)=(\w+)$/.exec(value);
    if (!m) throw new UsageError(cli('ruleSyntax', { value }));
    if (!knownRules.has(m[1])) throw new UsageError(cli('unknownRule', { rule: m[1] }));
    out[m[1]] = oneOf(m[2], SEVERITIES, 'rule', 'error');
  }
  return out;
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: cli('lintSummary'),
  usage: cli('lintUsage'),
  async run(args, io) {
    const parsed = parseArgs(args, {
      format: { value: true }, release: { value: true }, openssl: { value: true }, sma: { value: true, repeat: true },
      'expect-pvo': {}, rule: { value: true, repeat: true }, 'no-color': {}, locale: { value: true },
    });
    const format = oneOf(parsed.options.get('format')?.[0], ['text', 'json', 'sarif'] as const, 'format', 'text');
    const locale = cliLocale(args, io.env);
    if (parsed.positionals.length === 0) throw new UsageError(cli('noFile'));
    const profile = parsed.options.get('openssl')?.[0];
    if (profile !== undefined && !getProfile(profile)) {
      throw new UsageError(cli('lintUnknownProfile', { profile, profiles: listProfiles().map((p) => p.id).join(', ') }));
    }
    const probe = createAnalyzer();
    const options: AnalyzerOptions = {
      expectPvo: parsed.flags.has('expect-pvo'),
      release: parsed.options.get('release')?.[0],
      opensslProfile: profile,
      peerAddresses: parsed.options.get('sma')?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean),
      locale,
      severities: severitiesFrom(parsed.options.get('rule'), new Set(probe.rules.map((r) => r.meta.id))),
    };
    const analyzer = createAnalyzer(options);
    const files = await collectFiles(parsed.positionals, io.cwd);
    // Decoded as read: a file's bytes are not kept while the files are analysed.
    const inputs: { uri: string; decoded: DecodedText }[] = [];
    for (const file of files) inputs.push({ uri: file.display, decoded: decodeBytes(await readFileBytes(file)) });
    // Analysed together, so an ESA and its SMA, or a cluster's machines, are checked against each other.
    const reports: FileReport[] = analyzer.analyzeFiles(inputs).map((result) => ({ path: result.uri!, result }));
    for (const { path, result } of reports) {
      for (const note of result.notes.filter((n) => n.startsWith('rule '))) io.stderr.write(`asyncos-pvo: ${cliText(cli('ruleFailed', { path, note }), locale)}\n`);
    }
    if (format === 'json') io.stdout.write(formatJson(reports));
    else if (format === 'sarif') io.stdout.write(formatSarif(reports, analyzer.rules));
    else io.stdout.write(formatText(reports, !!io.stdout.isTTY && !parsed.flags.has('no-color') && !io.env.NO_COLOR, locale));
    // A pipeline gate must not pass when every file it was given was skipped (a binary or truncated export).
    if (!reports.some((r) => r.result.recognised)) {
      io.stderr.write(`asyncos-pvo: ${cliText(cli(reports.length === 1 ? 'nothingAnalysedOne' : 'nothingAnalysedOther', { count: reports.length }), locale)}\n`);
      return EXIT_USAGE;
    }
    const anyError = reports.some((r) => r.result.findings.some((f) => f.severity === 'error'));
    return anyError ? EXIT_FINDINGS : EXIT_OK;
  },
};
