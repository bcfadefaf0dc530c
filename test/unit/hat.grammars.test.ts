import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { aliasTable } from '../../server/src/core/ciphers/aliases';
import { HAT_ACTIONS } from '../../server/src/core/hat/types';
import { REPO_ROOT } from '../support/cli';

const grammar = (name: string) => JSON.parse(readFileSync(path.join(REPO_ROOT, 'syntaxes', name), 'utf8'));

/** The words of a `(?<!…)(?:a|b|c)(?!…)` match. */
function alternatives(match: string): string[] {
  return match.slice(match.indexOf('(?:') + 3, match.lastIndexOf(')(?!')).split('|').map((w) => w.replace(/\\\./g, '.'));
}

test('the cipher grammar colours every alias the cipher engine knows, in both OpenSSL dialects', () => {
  const g = grammar('asyncos-ciphers.tmLanguage.json');
  const known = new Set([...alternatives(g.repository.alias.match), ...alternatives(g.repository['weak-alias'].match)]);
  for (const dialect of ['0.9.8', '1.0.2'] as const) {
    const missing = [...aliasTable(dialect).keys()].filter((name) => !known.has(name));
    assert.deepEqual(missing, [], `${dialect} aliases the grammar would show as unknown`);
  }
});

test('the HAT grammar knows the same actions as the HAT parser', () => {
  const g = grammar('asyncos-hat.tmLanguage.json');
  assert.deepEqual(alternatives(g.repository.action.match.replace('\\b(?:', '(?<!)(?:').replace(')\\b', ')(?!)')).sort(), [...HAT_ACTIONS].sort());
});

test('the grammars the tests load are the files in syntaxes/, under the scope names they declare', () => {
  const config = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/grammars/grammars.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; path: string }[] } };
  for (const entry of config.contributes.grammars) {
    const file = path.resolve(REPO_ROOT, 'test/grammars', entry.path);
    const declared = JSON.parse(readFileSync(file, 'utf8')).scopeName;
    assert.equal(declared, entry.scopeName, entry.path);
  }
});
