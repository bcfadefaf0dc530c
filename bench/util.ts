/** Timing and reporting helpers shared by the benchmarks. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** Marks the line a benchmark child writes its peak RSS on (see rssReport.ts). */
export const RSS_MARKER = '@@bench-rss ';

export interface Samples {
  samples: number[];
  min: number;
  median: number;
}

export function summarise(samples: number[]): Samples {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { samples: samples.map((s) => round(s)), min: round(sorted[0]), median: round(median) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function ratio(a: number, b: number): number {
  return b > 0 ? round(a / b, 3) : 0;
}

/** Collects garbage between runs when node was started with --expose-gc, so one run's garbage is not billed to the next. */
export function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Runs each task `runs` times, interleaved (a1 b1 a2 b2 …), so a slow phase
 * of the machine hits the measured code and its baseline alike.
 */
export async function interleave(runs: number, tasks: Record<string, () => unknown | Promise<unknown>>): Promise<Record<string, Samples>> {
  const times: Record<string, number[]> = {};
  for (const name of Object.keys(tasks)) times[name] = [];
  for (let r = 0; r < runs; r++) {
    for (const [name, task] of Object.entries(tasks)) {
      settle();
      const t0 = performance.now();
      await task();
      times[name].push(performance.now() - t0);
    }
  }
  const out: Record<string, Samples> = {};
  for (const [name, samples] of Object.entries(times)) out[name] = summarise(samples);
  return out;
}

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** A file of the build, or undefined when `npm run build` has not made it (yet). */
export function distFile(name: string): string | undefined {
  const file = path.join(REPO_ROOT, 'dist', name);
  return existsSync(file) ? file : undefined;
}

export function mb(bytes: number): number {
  return round(bytes / (1024 * 1024), 1);
}

/** A plain-text table: first row is the header. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map((c) => String(c)));
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export type Skipped = { skipped: string };

export function isSkipped(value: unknown): value is Skipped {
  return typeof value === 'object' && value !== null && 'skipped' in value;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
