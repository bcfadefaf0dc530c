import { createAnalyzer } from '../core/analyzer';
import { getProfile, listProfiles } from '../core/ciphers/profiles';
import { LOCALES, normaliseLocale } from '../core/l10n';
import type { AnalyzerOptions } from '../core/options';
import type { Severity } from '../core/rules/types';
import { oneOf, parseArgs } from './args';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliCommand } from './command';
import { collectFiles, readFileBytes } from './files';
import { formatJson, type FileReport } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';

const USAGE = `Usage: asyncos-pvo lint [options] <file-or-dir>...

Checks exported AsyncOS configuration files (config.xml) for problems that
stop centralized Policy, Virus and Outbreak quarantines (PVO) from working.
Directories are searched for *.xml; other XML files are skipped.

Options:
  --format text|json|sarif   output format (default: text)
  --release <version>        AsyncOS release when the file's header has none (e.g. 13.5.1)
  --openssl <profile>        OpenSSL build profile for cipher lists (see: asyncos-pvo ciphers --list-profiles)
  --sma <ip>                 address of the peer SMA (repeatable)
  --expect-pvo               centralized PVO is expected even if the file does not show it
  --rule <id>=<severity>     set a rule's severity: error, warning, information, hint or off (repeatable)
  --locale fr|ja|ko|it|en    language of the finding messages (default: from LC_ALL, LC_MESSAGES
                             or LANG; C, POSIX and other languages give English)
  --no-color                 no colours in text output (also: NO_COLOR=1)

Exit status: 0 no error-severity finding, 1 at least one, 2 usage or I/O error.`;

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;

/** The message language the POSIX environment asks for, in the order setlocale(3) honours: LC_ALL, LC_MESSAGES, LANG. */
export function localeFromEnv(env: NodeJS.ProcessEnv): string {
  const tag = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return normaliseLocale(tag);
}

function severitiesFrom(values: string[] | undefined, knownRules: Set<string>): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  for (const value of values ?? []) {
    const m = /^([\w-]+)=(\w+)$/.exec(value);
    if (!m) throw new UsageError(`--rule takes <id>=<severity> (got "${value}")`);
    if (!knownRules.has(m[1])) throw new UsageError(`unknown rule "${m[1]}" in --rule`);
    out[m[1]] = oneOf(m[2], SEVERITIES, 'rule', 'error');
  }
  return out;
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'check config.xml files for PVO blockers (text, JSON or SARIF)',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, {
      format: { value: true }, release: { value: true }, openssl: { value: true }, sma: { value: true, repeat: true },
      'expect-pvo': {}, rule: { value: true, repeat: true }, 'no-color': {}, locale: { value: true },
    });
    const format = oneOf(parsed.options.get('format')?.[0], ['text', 'json', 'sarif'] as const, 'format', 'text');
    if (parsed.positionals.length === 0) throw new UsageError('no file or directory given');
    const profile = parsed.options.get('openssl')?.[0];
    if (profile !== undefined && !getProfile(profile)) {
      throw new UsageError(`unknown OpenSSL profile "${profile}" (profiles: ${listProfiles().map((p) => p.id).join(', ')})`);
    }
    const given = parsed.options.get('locale')?.[0];
    const locale = given === undefined ? localeFromEnv(io.env) : oneOf(given, LOCALES, 'locale', 'en');
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
    const inputs: { uri: string; bytes: Uint8Array }[] = [];
    for (const file of files) inputs.push({ uri: file.display, bytes: await readFileBytes(file) });
    // Analysed together, so an ESA and its SMA, or a cluster's machines, are checked against each other.
    const reports: FileReport[] = analyzer.analyzeFiles(inputs).map((result) => ({ path: result.uri!, result }));
    for (const { path, result } of reports) {
      for (const note of result.notes.filter((n) => n.startsWith('rule '))) io.stderr.write(`asyncos-pvo: internal error in ${path}: ${note}\n`);
    }
    if (format === 'json') io.stdout.write(formatJson(reports));
    else if (format === 'sarif') io.stdout.write(formatSarif(reports, analyzer.rules));
    else io.stdout.write(formatText(reports, !!io.stdout.isTTY && !parsed.flags.has('no-color') && !io.env.NO_COLOR));
    const anyError = reports.some((r) => r.result.findings.some((f) => f.severity === 'error'));
    return anyError ? EXIT_FINDINGS : EXIT_OK;
  },
};
