import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LANGUAGES = ['fr', 'ja', 'ko', 'it'];
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, string>;

/** Every string the Appliances view passes to `vscode.l10n.t`, read from its sources. */
function sourceStrings(): string[] {
  const dir = path.join(ROOT, 'client', 'src', 'extension', 'appliances');
  const out = new Set<string>();
  for (const file of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) out.add(m[1].replace(/\\'/g, "'"));
  }
  return [...out];
}

test('the English bundle holds every string of the Appliances view, and nothing else', () => {
  assert.deepEqual(Object.keys(read('l10n/bundle.l10n.json')).sort(), sourceStrings().sort());
});

for (const lang of LANGUAGES) {
  test(`the ${lang} bundle translates every string and keeps its {n} placeholders`, () => {
    const english = read('l10n/bundle.l10n.json');
    const bundle = read(`l10n/bundle.l10n.${lang}.json`);
    assert.deepEqual(Object.keys(bundle).sort(), Object.keys(english).sort());
    for (const [key, value] of Object.entries(bundle)) {
      assert.ok(value.trim().length > 0, key);
      assert.deepEqual((value.match(/\{\d\}/g) ?? []).sort(), (key.match(/\{\d\}/g) ?? []).sort(), `${lang}: ${key}`);
    }
  });

  test(`package.nls.${lang}.json has every key of package.nls.json and keeps the command links`, () => {
    const english = read('package.nls.json');
    const nls = read(`package.nls.${lang}.json`);
    for (const key of Object.keys(english)) {
      assert.ok(nls[key], `${lang}: ${key}`);
      assert.deepEqual(nls[key].match(/\(command:[^)]+\)/g) ?? [], english[key].match(/\(command:[^)]+\)/g) ?? [], `${lang}: links of ${key}`);
    }
  });
}

test('every %placeholder% of package.json is defined in package.nls.json', () => {
  const manifest = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const nls = read('package.nls.json');
  const used = [...manifest.matchAll(/"%([A-Za-z0-9.]+)%"/g)].map((m) => m[1]);
  assert.ok(used.length > 0);
  for (const key of used) assert.ok(key in nls, key);
});
