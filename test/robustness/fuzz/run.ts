import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { REPO_ROOT } from '../../support/cli';
import type { FuzzTarget } from './targets';

export interface TargetResult {
  name: string;
  cases: number;
  failures: number;
  seed: number;
  durationMs: number;
  /** The first failing input as generated, and the violations it caused. */
  firstFailure?: { input: string; violations: string[] };
  /** The smallest failing input fast-check could shrink it to. */
  shrunk?: { input: string; violations: string[] };
}

function outcome<T>(target: FuzzTarget<T>, input: T): string[] {
  try {
    return target.check(input);
  } catch (error) {
    return [`threw: ${(error as Error)?.stack ?? String(error)}`];
  }
}

/**
 * Runs one target for `numRuns` cases. Every case runs even after a failure,
 * so the count of failures is real; then the first failure is shrunk with the
 * same seed to a small input worth a bug report.
 */
export function runTarget<T>(target: FuzzTarget<T>, numRuns: number, seed: number): TargetResult {
  const started = Date.now();
  let cases = 0;
  let failures = 0;
  let firstFailure: TargetResult['firstFailure'];
  fc.check(fc.property(target.arbitrary, (input) => {
    cases++;
    const found = outcome(target, input);
    if (found.length > 0) {
      failures++;
      firstFailure ??= { input: fc.stringify(input), violations: found.slice(0, 5) };
    }
    return true;
  }), { numRuns, seed });
  let shrunk: TargetResult['shrunk'];
  if (failures > 0) {
    const details = fc.check(fc.property(target.arbitrary, (input) => outcome(target, input).length === 0), { numRuns, seed });
    if (details.counterexample) shrunk = { input: fc.stringify(details.counterexample[0]), violations: outcome(target, details.counterexample[0]).slice(0, 5) };
  }
  return { name: target.name, cases, failures, seed, durationMs: Date.now() - started, firstFailure, shrunk };
}

export const FUZZ_RESULTS = path.join(REPO_ROOT, 'test-results', 'fuzz.json');

/**
 * Records the counts in the agreed shape: `{"targets":[{"name","cases","failures"}]}`.
 * With `keepOthers` (a run of some targets only), the other targets' last counts stay.
 */
export function writeResults(results: TargetResult[], keepOthers = false): void {
  mkdirSync(path.dirname(FUZZ_RESULTS), { recursive: true });
  let targets = results.map(({ name, cases, failures }) => ({ name, cases, failures }));
  if (keepOthers) {
    try {
      const previous = (JSON.parse(readFileSync(FUZZ_RESULTS, 'utf8')) as { targets: typeof targets }).targets;
      targets = previous.map((p) => targets.find((t) => t.name === p.name) ?? p).concat(targets.filter((t) => !previous.some((p) => p.name === t.name)));
    } catch {
      // No earlier counts: this run's are all there is.
    }
  }
  writeFileSync(FUZZ_RESULTS, JSON.stringify({ targets }, null, 2) + '\n');
}

export function describeFailure(result: TargetResult): string {
  const parts = [`${result.name}: ${result.failures} of ${result.cases} cases failed (seed ${result.seed})`];
  if (result.shrunk) parts.push(`smallest failing input: ${result.shrunk.input}`, ...result.shrunk.violations.map((v) => `  - ${v}`));
  if (result.firstFailure) parts.push(`first failing input: ${result.firstFailure.input.slice(0, 2000)}`, ...result.firstFailure.violations.map((v) => `  - ${v}`));
  return parts.join('\n');
}
