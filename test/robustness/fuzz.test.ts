import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { describeFailure, runTarget, writeResults, type TargetResult } from './fuzz/run';
import { TARGETS } from './fuzz/targets';

/**
 * The short, seeded fuzz run that belongs in every test run: a few hundred
 * cases per target, the same cases every time (a failure here reproduces
 * exactly). The long run is `npm run fuzz`.
 */
const SEED = 20261123;
const CASES: Record<string, number> = { 'hat-parser': 500 };

const results: TargetResult[] = [];
after(() => writeResults(results));

for (const target of TARGETS) {
  test(`fuzz ${target.name}: ${target.description}`, () => {
    const result = runTarget(target, CASES[target.name] ?? 200, SEED);
    results.push(result);
    assert.equal(result.failures, 0, describeFailure(result));
  });
}
