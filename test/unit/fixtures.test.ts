import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createAnalyzer } from '../../server/src/core/analyzer';
import { describeFinding, readFixtureSpec } from '../support/expectations';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');

function fixtureFiles(directory: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(directory)) {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) out.push(...fixtureFiles(full));
    else if (entry.endsWith('.xml')) out.push(full);
  }
  return out.sort();
}

for (const file of fixtureFiles(FIXTURES)) {
  const name = path.relative(FIXTURES, file);
  test(`fixture ${name} shows exactly the findings written under its lines`, () => {
    const bytes = readFileSync(file);
    const spec = readFixtureSpec(bytes.toString('latin1'));
    const result = createAnalyzer(spec.options).analyzeBytes(bytes, name);
    assert.deepEqual(result.notes.filter((n) => n.startsWith('rule ')), [], 'no rule may fail');
    const actual = result.findings
      .filter((f) => !spec.onlyRules || spec.onlyRules.has(f.rule))
      .map((f) => {
        const multiLine = f.range.end.line !== f.range.start.line;
        return {
          rule: f.rule, severity: f.severity, message: f.message, line: f.range.start.line,
          startCharacter: f.range.start.character,
          endCharacter: multiLine ? Number.MAX_SAFE_INTEGER : f.range.end.character,
        };
      });
    const expected = spec.expected.map((e) => {
      if (!e.message.endsWith('...')) return e;
      const match = actual.find((a) => a.rule === e.rule && a.line === e.line && a.message.startsWith(e.message.slice(0, -3)));
      return match ? { ...e, message: match.message } : e;
    });
    const sort = (xs: string[]) => xs.sort();
    assert.deepEqual(sort(actual.map(describeFinding)), sort(expected.map(describeFinding)));
  });
}
