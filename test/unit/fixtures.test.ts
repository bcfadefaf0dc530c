import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createAnalyzer } from '../../server/src/core/analyzer';
import { describeFinding, readFixtureSpec } from '../support/expectations';
import { filesUnder } from '../support/files';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');

for (const file of filesUnder(FIXTURES, '.xml')) {
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
