/**
 * `lint`: the CLI's whole analysis of a generated config against two
 * baselines on the same bytes in the same run: fast-xml-parser with default
 * options (a bare JavaScript parse, same process) and `xmllint --noout` (the
 * C floor). Peak RSS comes from a child process running the shipped CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { createAnalyzer } from '../server/src/core/analyzer';
import { runCli } from '../server/src/cli/main';
import { REPO_ROOT, RSS_MARKER, errorText, hasCommand, interleave, mb, ratio, round, summarise, type Samples } from './util';

/** Output is discarded but still produced, so formatting stays part of the measured work. */
function sink(): Writable & { bytes: number } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  stream.bytes = 0;
  return stream;
}

export async function lintInProcess(file: string): Promise<{ code: number; outputBytes: number }> {
  const stdout = sink();
  const stderr = sink();
  const code = await runCli(['lint', '--format', 'json', file], { stdout, stderr, stdin: process.stdin, env: {}, cwd: REPO_ROOT });
  if (code === 2) throw new Error(`lint failed with exit code 2 on ${file}`);
  return { code, outputBytes: stdout.bytes };
}

/** Installs xmllint (Debian's libxml2-utils) when missing; idempotent. */
export function ensureXmllint(log: (s: string) => void): string | undefined {
  if (hasCommand('xmllint')) return undefined;
  if (!hasCommand('apt-get')) return 'xmllint is not installed and apt-get is not available';
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  log('installing xmllint (libxml2-utils)…');
  for (const args of [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', 'libxml2-utils']]) {
    const all = [...sudo, ...args];
    const run = spawnSync(all[0], all.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) return `could not install libxml2-utils: ${run.stderr?.toString().trim().split('\n').pop() ?? 'apt-get failed'}`;
  }
  return hasCommand('xmllint') ? undefined : 'libxml2-utils installed but xmllint not found';
}

function xmllintOnce(file: string): number {
  const t0 = performance.now();
  const run = spawnSync('xmllint', ['--noout', '--nonet', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`xmllint rejected ${file}: ${run.stderr.toString().slice(0, 300)}`);
  return ms;
}

export interface ChildLint {
  wallMs: number;
  maxRssKb: number;
}

/** Runs `node bin/asyncos-pvo.js lint --format json <file>` (or nothing, for node's own footprint) in a child. */
export function childLint(file: string | undefined): Promise<ChildLint> {
  const args = ['-r', require.resolve('./rssReport'), ...(file ? ['bin/asyncos-pvo.js', 'lint', '--format', 'json', file] : ['-e', ''])];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const line = stderr.split('\n').find((l) => l.startsWith(RSS_MARKER));
      if (!line || (code !== 0 && code !== 1)) return reject(new Error(`child lint exited ${code}: ${stderr.slice(0, 500)}`));
      resolve({ wallMs, maxRssKb: JSON.parse(line.slice(RSS_MARKER.length)).maxRssKb });
    });
  });
}

/**
 * One retry: a child that starts while a build rewrites out/ (another `tsc`
 * in the same tree) can read a half-written file and die; that says nothing
 * about the lint.
 */
async function retried<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch {
    await new Promise((r) => setTimeout(r, 2000));
    return run();
  }
}

export interface LintResult {
  sizeBytes: number;
  lintMs: number;
  parseOnlyMs: number;
  xmllintMs: number | null;
  ratioVsParse: number;
  ratioVsXmllint: number | null;
  peakRssMb: number;
  [key: string]: unknown;
}

export async function benchLint(file: string, runs: number, log: (s: string) => void, rssRuns = Math.min(runs, 3)): Promise<LintResult> {
  const bytes = readFileSync(file);
  const xmllintProblem = ensureXmllint(log);
  const analyzer = createAnalyzer();
  let findings = 0;
  let outputBytes = 0;
  // One untimed pass of each warms the JIT and the file cache, as an editor's second save would be.
  await lintInProcess(file);
  new XMLParser().parse(bytes);
  if (!xmllintProblem) xmllintOnce(file);

  const timed = await interleave(runs, {
    lint: async () => {
      outputBytes = (await lintInProcess(file)).outputBytes;
    },
    analyze: () => {
      findings = analyzer.analyzeBytes(bytes, file).findings.length;
    },
    parseOnly: () => new XMLParser().parse(bytes),
    ...(xmllintProblem ? {} : { xmllint: () => xmllintOnce(file) }),
  });

  const children: ChildLint[] = [];
  for (let r = 0; r < rssRuns; r++) children.push(await retried(() => childLint(file)));
  const nodeAlone = await retried(() => childLint(undefined));
  const rss = Math.max(...children.map((c) => c.maxRssKb)) * 1024;
  const cli: Samples = summarise(children.map((c) => c.wallMs));

  const lintMs = timed.lint.median;
  const parseOnlyMs = timed.parseOnly.median;
  const xmllintMs = timed.xmllint?.median ?? null;
  return {
    sizeBytes: bytes.length,
    lintMs,
    parseOnlyMs,
    xmllintMs,
    ratioVsParse: ratio(lintMs, parseOnlyMs),
    ratioVsXmllint: xmllintMs ? ratio(lintMs, xmllintMs) : null,
    peakRssMb: mb(rss),
    ...(xmllintProblem ? { xmllintSkipped: xmllintProblem } : {}),
    // Other work on the machine only ever adds time, so the ratio of the minima is the steadier estimate.
    ratioVsParseOfMins: ratio(timed.lint.min, timed.parseOnly.min),
    ratioVsXmllintOfMins: timed.xmllint ? ratio(timed.lint.min, timed.xmllint.min) : null,
    lintMsMin: timed.lint.min,
    parseOnlyMsMin: timed.parseOnly.min,
    xmllintMsMin: timed.xmllint?.min ?? null,
    analyzeOnlyMs: timed.analyze.median,
    peakRssOverFileSize: round(rss / bytes.length, 1),
    // What the file itself costs: the peak less an idle node's own footprint.
    peakRssNetOverFileSize: round(Math.max(0, rss - nodeAlone.maxRssKb * 1024) / bytes.length, 1),
    nodeBaselineRssMb: mb(nodeAlone.maxRssKb * 1024),
    cliProcessMs: cli.median,
    findings,
    jsonOutputBytes: outputBytes,
    runs,
    samples: { lintMs: timed.lint.samples, analyzeOnlyMs: timed.analyze.samples, parseOnlyMs: timed.parseOnly.samples, xmllintMs: timed.xmllint?.samples ?? [], cliProcessMs: cli.samples },
  };
}

export function describeLintFailure(error: unknown): string {
  return `lint benchmark failed: ${errorText(error)}`;
}
