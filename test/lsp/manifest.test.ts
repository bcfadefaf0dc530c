import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_CATEGORY, COMMANDS } from '../../client/src/extension/commandList';
import { allRules } from '../../server/src/core/rules';
import { MANIFEST, updatedManifest } from '../../scripts/generate-settings-schema';

const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));

test('package.json has a severity setting for every rule and the current OpenSSL profiles (else: npm run generate:settings)', () => {
  const text = fs.readFileSync(MANIFEST, 'utf8');
  assert.equal(updatedManifest(text), text, 'package.json is stale: run `npm run build && npm run generate:settings`');
  const ruleSettings = manifest.contributes.configuration.properties['asyncosPvo.rules'].properties;
  assert.deepEqual(Object.keys(ruleSettings).sort(), allRules.map((r) => r.meta.id).sort());
});

test('every setting the server reads is contributed with a type, default, scope and description', () => {
  const properties = manifest.contributes.configuration.properties as Record<string, Record<string, unknown>>;
  for (const key of ['enable', 'release', 'opensslProfile', 'peerAddresses', 'expectPvo', 'rules', 'exclude', 'debounceMs']) {
    const setting = properties[`asyncosPvo.${key}`];
    assert.ok(setting, `asyncosPvo.${key}`);
    assert.ok(setting.type && 'default' in setting && setting.scope && (setting.description || setting.markdownDescription), `asyncosPvo.${key} is complete`);
  }
});

test('package.json contributes every language-client command, and every contributed command has a category', () => {
  const contributed = manifest.contributes.commands as { command: string; title: string; category?: string }[];
  for (const command of Object.values(COMMANDS)) {
    assert.deepEqual(contributed.find((c) => c.command === command.id), { command: command.id, title: command.title, category: COMMAND_CATEGORY });
  }
  for (const command of contributed) assert.ok(command.category, `${command.command} has a category`);
});

test('every grammar and snippet file package.json contributes is in the repository (and so in the .vsix)', () => {
  const root = path.dirname(MANIFEST);
  const files = [...manifest.contributes.grammars, ...manifest.contributes.snippets].map((g: { path: string }) => g.path);
  assert.ok(files.length > 0);
  for (const file of files) assert.ok(fs.existsSync(path.join(root, file)), file);
});
