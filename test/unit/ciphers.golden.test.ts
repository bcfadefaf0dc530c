import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { evaluateCipherString, listProfiles } from '../../server/src/core/ciphers';

/**
 * Ground truth captured from real OpenSSL builds (`openssl ciphers -v`), one
 * line per (string, build). Suites whose name contains GOST are left out on
 * both sides: the capturing binary loaded a GOST engine an appliance does not
 * have, so a string that selects only GOST suites is refused on an appliance.
 */
interface GoldenLine {
  id: string;
  build: string;
  input: string;
  ok: boolean;
  reasons: string[];
  ciphers: [string, string][];
}

const fixture = path.resolve(__dirname, '../../../test/fixtures/ciphers/golden-public.jsonl');
const golden: GoldenLine[] = fs
  .readFileSync(fixture, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as GoldenLine);

function expected(line: GoldenLine): { ok: boolean; error?: string; ciphers: string[] } {
  const ciphers = line.ciphers.filter(([name]) => !name.includes('GOST')).map(([name, protocol]) => `${name} ${protocol}`);
  if (line.ok && ciphers.length === 0) return { ok: false, error: 'no cipher match', ciphers };
  return line.ok ? { ok: true, ciphers } : { ok: false, error: line.reasons[0], ciphers: [] };
}

test('the ground truth covers every build profile', () => {
  const builds = new Set(golden.map((line) => line.build));
  assert.deepEqual([...builds].sort(), listProfiles().map((p) => p.id).sort());
  assert.ok(golden.length > 2000);
});

for (const profile of listProfiles()) {
  test(`every public cipher string gives what OpenSSL ${profile.id} gives: same acceptance, error and suites in the same order`, () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const line of golden) {
      if (line.build !== profile.id) continue;
      checked++;
      const want = expected(line);
      const got = evaluateCipherString(line.input, profile.id);
      const gotCiphers = got.ciphers.map((s) => `${s.name} ${s.protocol}`);
      if (got.ok !== want.ok || got.error !== want.error || JSON.stringify(gotCiphers) !== JSON.stringify(want.ciphers)) {
        mismatches.push(`${line.id} ${JSON.stringify(line.input.slice(0, 60))}: want ${want.error ?? want.ciphers.length + ' suites'}, got ${got.error ?? gotCiphers.length + ' suites'}`);
      }
    }
    assert.ok(checked > 200, `only ${checked} lines for ${profile.id}`);
    assert.deepEqual(mismatches, []);
  });
}

test('the whole public corpus stays in the evaluation cache: evaluating it again returns the same results', () => {
  // A cache smaller than the corpus (or cleared when full) makes every evaluation of a repeated pass a miss.
  const first = golden.map((line) => evaluateCipherString(line.input, line.build));
  const again = golden.map((line) => evaluateCipherString(line.input, line.build));
  assert.equal(again.filter((e, i) => e !== first[i]).length, 0);
});
