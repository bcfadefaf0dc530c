import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../server/src/core/rules';
import { REPO_ROOT } from '../support/cli';
import { filesUnder } from '../support/files';

test('every rule has a unique id, a docs page, fixtures or tests, and a one-line description', () => {
  const ids = allRules.map((r) => r.meta.id);
  assert.deepEqual(ids, [...ids].sort(), 'the registry is sorted');
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  const testSources = readdirSync(path.join(REPO_ROOT, 'test/unit')).map((f) => readFileSync(path.join(REPO_ROOT, 'test/unit', f), 'utf8')).join('\n');
  for (const rule of allRules) {
    const { id, description } = rule.meta;
    assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${id}: ids are kebab-case`);
    assert.ok(existsSync(path.join(REPO_ROOT, 'docs/rules', `${id}.md`)), `${id}: docs/rules/${id}.md exists`);
    const fixtures = path.join(REPO_ROOT, 'test/fixtures/rules', id);
    const hasFixtures = existsSync(fixtures) && statSync(fixtures).isDirectory() && readdirSync(fixtures).some((f) => f.endsWith('.xml'));
    assert.ok(hasFixtures || testSources.includes(`'${id}'`), `${id}: has fixtures in test/fixtures/rules/${id}/ or a unit test naming it`);
    assert.ok(description.length > 10 && !description.includes('\n'), `${id}: one-line description`);
  }
});

test('the analysis core imports no editor, protocol, network or file-system module', () => {
  // The core must run unchanged in the CLI, the language server, a worker and the tests.
  const forbidden = /from\s+['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*|ssh2|node:fs|fs|node:net|net|node:child_process|child_process)['"]/;
  for (const file of filesUnder(path.join(REPO_ROOT, 'server/src/core'), '.ts')) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, forbidden, `${path.relative(REPO_ROOT, file)} imports a forbidden module`);
  }
});
