import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createAnalyzer, type AnalysisResult } from '../../../server/src/core/analyzer';
import { REPO_ROOT, runCliCaptured, type CliRun } from '../../support/cli';
import type { ChildSummary } from './analyzeChild';
import { violations } from './invariants';

export { REPO_ROOT };

/** The compiled CLI entry point (what `bin/asyncos-pvo.js` runs once bundled). */
export const CLI_MAIN = path.join(REPO_ROOT, 'out/server/src/cli/main.js');
export const ANALYZE_CHILD = path.join(__dirname, 'analyzeChild.js');
export const TRACE_PRELOAD = path.join(__dirname, 'trace.js');

export function example(name: string): Buffer {
  return readFileSync(path.join(REPO_ROOT, 'examples', name));
}

/** A temp directory removed when the process exits: generated inputs are never left in the tree. */
export function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'asyncos-pvo-robustness-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a Node script in a child process with a capped heap. A wall-clock
 * timeout only guards against a hang; the memory bound is the heap cap (the
 * child dies with an out-of-memory error past it).
 */
export function runNode(args: string[], options: { heapMiB: number; timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${options.heapMiB}`, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Analyses a file in a child with a capped heap; fails with the child's own words if it crashed. */
export async function analyzeInChild(file: string, heapMiB: number, env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<ChildSummary> {
  const run = await runNode([ANALYZE_CHILD, file], { heapMiB, env, timeoutMs });
  if (run.timedOut || run.code !== 0) {
    throw new Error(`analysis in a child with a ${heapMiB} MiB heap failed (exit ${run.code}, signal ${run.signal}${run.timedOut ? ', timed out' : ''}):\n${run.stderr.slice(-2000)}`);
  }
  return JSON.parse(run.stdout) as ChildSummary;
}

/** Lints a file with the CLI in a child with a capped heap, JSON output. */
export async function lintInChild(file: string, heapMiB: number, env?: NodeJS.ProcessEnv, preload?: string, timeoutMs?: number): Promise<ChildRun & { report?: JsonReport }> {
  const args = [...(preload ? ['--require', preload] : []), CLI_MAIN, 'lint', '--format', 'json', file];
  const run = await runNode(args, { heapMiB, env, timeoutMs });
  let report: JsonReport | undefined;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    report = undefined;
  }
  return { ...run, report };
}

export interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface JsonReport {
  files: { path: string; kind: string; findings: JsonFinding[] }[];
}

export interface BothRuns {
  core: AnalysisResult;
  cli: CliRun;
  cliText: CliRun;
  report: JsonReport;
}

/**
 * Analyses bytes through the core and through the CLI (JSON and text), and
 * checks what must hold for any input: no crash, every location inside the
 * document, the CLI exits 0 or 1 for a configuration and 2 (nothing was checked)
 * for anything else (never an internal error), and both report
 * the same findings at the same places.
 */
export async function throughCoreAndCli(bytes: Uint8Array, dir: string, name: string): Promise<BothRuns> {
  const core = createAnalyzer().analyzeBytes(bytes, name);
  const problems = violations(core);
  if (problems.length > 0) throw new Error(`${name}: ${problems.join('\n')}`);
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  const cli = await runCliCaptured(['lint', '--format', 'json', file]);
  const cliText = await runCliCaptured(['lint', '--no-color', file]);
  // A configuration gives 0 or 1; anything else leaves nothing checked, which the CLI reports with 2.
  const codes = core.recognised ? [0, 1] : [2];
  for (const run of [cli, cliText]) {
    if (!codes.includes(run.code)) throw new Error(`${name}: the CLI exited ${run.code}: ${run.stderr}`);
    if (/internal error/.test(run.stderr)) throw new Error(`${name}: the CLI reported an internal error: ${run.stderr}`);
  }
  const report = JSON.parse(cli.stdout) as JsonReport;
  const cliFindings = report.files[0].findings.map((f) => `${f.rule} ${JSON.stringify(f.range)}`);
  const coreFindings = core.findings.map((f) => `${f.rule} ${JSON.stringify(f.range)}`);
  if (JSON.stringify(cliFindings) !== JSON.stringify(coreFindings)) {
    throw new Error(`${name}: the CLI and the core disagree:\n${cliFindings.join('\n')}\n---\n${coreFindings.join('\n')}`);
  }
  return { core, cli, cliText, report };
}

/** The text a range covers, read from the document's lines as an editor would. */
export function textAt(text: string, range: JsonFinding['range']): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}
