/**
 * `npm run bench [-- --quick] [-- --only lint,ciphers] [-- --runs N]`
 *
 * Each benchmark runs several times and is reported as min/median, and each
 * speed is a ratio against a baseline measured in the same run on the same
 * machine: absolute milliseconds differ from machine to machine, ratios much
 * less. Writes test-results/bench.json and test-results/bench.md, and prints
 * the table. Inputs are generated (fixed seed) into test-results/bench-inputs/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { benchCiphers } from './ciphers';
import { ensureInputs, DEFAULT_SEED } from './generate';
import { benchIncremental, benchResponsiveness } from './incremental';
import { benchLint } from './lint';
import { benchParallel, benchProbe } from './probe';
import { REPO_ROOT, distFile, errorText, isSkipped, mb, round, table } from './util';

const KEYS = ['lint', 'lintBySize', 'incremental', 'responsiveness', 'ciphers', 'probe', 'parallel'] as const;
type Key = (typeof KEYS)[number];

interface Options {
  quick: boolean;
  runs: number;
  only: Set<Key>;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const only = value('--only')?.split(',').map((s) => s.trim()) ?? [...KEYS];
  for (const k of only) if (!(KEYS as readonly string[]).includes(k)) throw new Error(`unknown benchmark "${k}" (known: ${KEYS.join(', ')})`);
  // The size table repeats the lint benchmark at four sizes: too slow for a smoke run.
  const selected = new Set(only as Key[]);
  if (quick && !value('--only')) selected.delete('lintBySize');
  return { quick, runs: Number(value('--runs')) || (quick ? 3 : 7), only: selected };
}

const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

async function attempt<T>(name: string, fn: () => Promise<T>): Promise<T | { skipped: string }> {
  const t0 = performance.now();
  log(`${name}…`);
  try {
    const result = await fn();
    log(`${name} done in ${round((performance.now() - t0) / 1000, 1)} s`);
    return result;
  } catch (error) {
    const message = errorText(error).split('\n').filter((l) => l.trim()).slice(0, 6).join(' | ');
    log(`${name} failed: ${message}`);
    return { skipped: `failed: ${message}` };
  }
}

function commit(): string | undefined {
  const run = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT });
  return run.status === 0 ? run.stdout.toString().trim() : undefined;
}

type Result = Record<string, unknown>;

function fmt(v: unknown, unit = ''): string {
  return typeof v === 'number' ? `${v}${unit}` : v === null || v === undefined ? '—' : String(v);
}

function minMed(r: Result, key: string): string {
  return `${fmt(r[`${key}Min`])} / ${fmt(r[key])}`;
}

/** The readable summary: one row per goal of the issue, measured against its baseline. */
function summaryRows(report: Record<string, Result>): (string | number)[][] {
  const rows: (string | number)[][] = [['benchmark', 'measured (min / median)', 'baseline (min / median)', 'ratio', 'goal', 'met']];
  const goal = (value: unknown, test: (v: number) => boolean) => (typeof value === 'number' ? (test(value) ? 'yes' : 'no') : '—');
  const skipped = (name: string, r: Result) => rows.push([name, `skipped: ${String(r.skipped).split('\n')[0].slice(0, 90)}`, '', '', '', '']);
  const lint = report.lint;
  if (lint && !isSkipped(lint)) {
    const size = `${mb(Number(lint.sizeBytes))} MB`;
    rows.push([`lint ${size} vs fast-xml-parser`, `${minMed(lint, 'lintMs')} ms`, `${minMed(lint, 'parseOnlyMs')} ms`, fmt(lint.ratioVsParse, '×'), '≤ 1.6×', goal(lint.ratioVsParse, (v) => v <= 1.6)]);
    rows.push([`lint ${size} vs xmllint --noout`, `${minMed(lint, 'lintMs')} ms`, `${minMed(lint, 'xmllintMs')} ms`, fmt(lint.ratioVsXmllint, '×'), 'report', '—']);
    rows.push([`lint ${size} peak RSS`, `${fmt(lint.peakRssMb)} MB (node alone ${fmt(lint.nodeBaselineRssMb)})`, `file ${size}`, `${fmt(lint.peakRssOverFileSize, '×')} (net ${fmt(lint.peakRssNetOverFileSize, '×')})`, '≤ 10×', goal(lint.peakRssOverFileSize, (v) => v <= 10)]);
  } else if (lint) skipped('lint', lint);
  const inc = report.incremental;
  if (inc && !isSkipped(inc)) {
    rows.push([`edit → diagnostics ${mb(Number(inc.sizeBytes))} MB (LSP)`, `${minMed(inc, 'editToDiagnosticsMs')} ms`, `full lint ${minMed(inc, 'fullLintMs')} ms`, fmt(inc.ratio, '×'), '≤ 0.1×', goal(inc.ratio, (v) => v <= 0.1)]);
  } else if (inc) skipped('incremental', inc);
  const resp = report.responsiveness;
  if (resp && !isSkipped(resp)) {
    rows.push([`hover while a ${mb(Number(resp.bigSizeBytes))} MB file is analysed (LSP)`, `max ${fmt(resp.hoverMaxMs)} / median ${fmt(resp.hoverMedianMs)} ms`, `its analysis ${fmt(resp.bigOpenToDiagnosticsMs)} ms`, '', 'median < 50 ms', goal(resp.hoverMedianMs, (v) => v < 50)]);
    rows.push([`hover on the ${mb(Number(resp.bigSizeBytes))} MB file itself (LSP)`, `first ${fmt(resp.bigFirstHoverMs)} / then ${fmt(resp.bigSecondHoverMs)} ms`, `another file's outline meanwhile ${fmt(resp.outlineDuringBigHoverMs)} ms`, '', '—', '']);
  } else if (resp) skipped('responsiveness', resp);
  const ciphers = report.ciphers;
  if (ciphers && !isSkipped(ciphers)) {
    rows.push([`cipher strings × profiles (${fmt(ciphers.strings)})`, `${fmt(ciphers.stringsPerSecond)} /s warm`, `${fmt(ciphers.coldStringsPerSecond)} /s cold`, '', '≥ 50000/s', goal(ciphers.stringsPerSecond, (v) => v >= 50_000)]);
  } else if (ciphers) skipped('ciphers', ciphers);
  const probe = report.probe;
  if (probe && !isSkipped(probe)) {
    rows.push([`live suite, ${fmt(probe.checks)} checks / ${fmt(probe.commands)} commands`, `${minMed(probe, 'suiteMs')} ms`, `ssh per command ${minMed(probe, 'sshSuiteMs')} ms`, fmt(probe.speedup, '× faster'), '≥ 5×', goal(probe.speedup, (v) => v >= 5)]);
  } else if (probe) skipped('probe', probe);
  const par = report.parallel;
  if (par && !isSkipped(par)) {
    rows.push([`${fmt(par.appliances)} appliances vs 1, ${fmt(par.latencyMs)} ms per command`, `${minMed(par, 'allMs')} ms`, `${minMed(par, 'oneMs')} ms`, fmt(par.ratio, '×'), '≤ 3×', goal(par.ratio, (v) => v <= 3)]);
    const instant = par.zeroLatency as Result | undefined;
    if (instant && !isSkipped(instant)) rows.push([`${fmt(par.appliances)} appliances vs 1, answering at once`, `${minMed(instant, 'allMs')} ms`, `${minMed(instant, 'oneMs')} ms`, fmt(instant.ratio, '×'), 'report', '—']);
  } else if (par) skipped('parallel', par);
  return rows;
}

function sizeRows(bySize: Result[]): (string | number)[][] {
  return [
    ['size', 'lint ms (min / median)', 'fast-xml-parser ms', 'xmllint ms', 'vs parse', 'vs xmllint', 'peak RSS MB', 'RSS / size'],
    ...bySize.map((r) => [`${mb(Number(r.sizeBytes))} MB`, minMed(r, 'lintMs'), minMed(r, 'parseOnlyMs'), minMed(r, 'xmllintMs'), fmt(r.ratioVsParse, '×'), fmt(r.ratioVsXmllint, '×'), fmt(r.peakRssMb), fmt(r.peakRssOverFileSize, '×')]),
  ];
}

function markdown(rows: (string | number)[][]): string {
  const line = (row: (string | number)[]) => `| ${row.map(String).join(' | ')} |`;
  return [line(rows[0]), line(rows[0].map(() => '---')), ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const outDir = path.join(REPO_ROOT, 'test-results');
  const inputDir = path.join(outDir, 'bench-inputs');
  // The smoke run lints the 1 MB input: the 10 MB one alone takes longer than the minute it has.
  const lintSize = options.quick ? '1MB' : '10MB';
  const sizes = options.only.has('lintBySize') ? ['100KB', '1MB', '10MB', '50MB'] : [...new Set([...(options.only.has('lint') ? [lintSize] : []), ...(options.only.has('responsiveness') ? [lintSize] : []), ...(options.only.has('incremental') ? ['1MB'] : [])])];
  const inputs = ensureInputs(inputDir, sizes, DEFAULT_SEED, log);
  const runs = options.runs;

  const report: Record<string, Result> = {};
  if (options.only.has('lint')) report.lint = await attempt(`lint ${lintSize}`, () => benchLint(inputs[lintSize], runs, log, options.quick ? 1 : 3));
  if (options.only.has('incremental')) report.incremental = await attempt('incremental 1 MB', () => benchIncremental(distFile('server.js'), inputs['1MB'], options.quick ? 10 : 15, !options.quick));
  if (options.only.has('responsiveness')) {
    report.responsiveness = await attempt(`responsiveness ${lintSize}`, () => benchResponsiveness(distFile('server.js'), path.join(REPO_ROOT, 'examples/clean-esa.xml'), inputs[lintSize]));
  }
  if (options.only.has('ciphers')) report.ciphers = await attempt('ciphers', () => benchCiphers(runs));
  if (options.only.has('probe')) report.probe = await attempt('probe', () => benchProbe(options.quick ? 3 : 5, log));
  if (options.only.has('parallel')) report.parallel = await attempt('parallel', () => benchParallel(50, options.quick ? 1 : 5, log, !options.quick));
  if (options.only.has('lintBySize')) {
    const bySize: Result[] = [];
    for (const label of ['100KB', '1MB', '10MB', '50MB']) {
      const r = await attempt(`lint ${label}`, () => benchLint(inputs[label], label === '50MB' ? Math.min(runs, 3) : runs, log));
      bySize.push({ size: label, ...r });
    }
    (report as Record<string, unknown>).lintBySize = bySize;
  }

  const cpu = cpus();
  const json = {
    ...report,
    meta: {
      date: new Date().toISOString(),
      quick: options.quick,
      runs,
      seed: DEFAULT_SEED,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model,
      memoryGb: round(totalmem() / 1024 ** 3, 1),
      commit: commit(),
      totalSeconds: round((performance.now() - started) / 1000, 1),
      notes: 'Times are medians of `runs` interleaved runs (min in *Min keys, all in samples). ciphers.strings counts (string, profile) evaluations.',
    },
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'bench.json'), JSON.stringify(json, null, 2) + '\n');
  const summary = summaryRows(report);
  const bySize = (report as Record<string, unknown>).lintBySize as Result[] | undefined;
  const header = `${json.meta.cpus} × ${json.meta.cpuModel}, node ${json.meta.node}, ${runs} runs${options.quick ? ' (quick)' : ''}, ${json.meta.date.slice(0, 16)}Z`;
  writeFileSync(
    path.join(outDir, 'bench.md'),
    `${header}\n\n${markdown(summary)}\n${bySize ? `\n${markdown(sizeRows(bySize.filter((r) => !isSkipped(r))))}\n` : ''}`,
  );
  process.stdout.write(`\n${header}\n\n${table(summary)}\n`);
  if (bySize) process.stdout.write(`\n${table(sizeRows(bySize.filter((r) => !isSkipped(r))))}\n`);
  process.stdout.write(`\nwritten: test-results/bench.json, test-results/bench.md (${json.meta.totalSeconds} s)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
