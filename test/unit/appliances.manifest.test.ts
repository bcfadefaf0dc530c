import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APPLIANCE_COMMANDS } from '../../client/src/extension/appliances/commandList';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LANGUAGES = ['fr', 'ja', 'ko', 'it'];
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
const manifest = read('package.json');
const contributed = manifest.contributes.commands as { command: string; title: string; category?: string; icon?: string; enablement?: string }[];
const table = Object.values(APPLIANCE_COMMANDS) as { id: string; nls: string; icon: string; live?: boolean }[];
const menuEntries = () =>
  Object.entries(manifest.contributes.menus as Record<string, { command?: string; when?: string }[]>).flatMap(([menu, entries]) => entries.map((e) => ({ menu, ...e })));

test('every command of the Appliances view is contributed with its %nls% title and icon, and the view contributes no other', () => {
  for (const c of table) {
    const entry = contributed.find((x) => x.command === c.id);
    assert.ok(entry, `${c.id} is contributed`);
    assert.equal(entry.title, `%${c.nls}%`, `${c.id} title`);
    assert.equal(entry.icon, c.icon, `${c.id} icon`);
    assert.equal(entry.category, 'AsyncOS PVO', `${c.id} category`);
  }
  const ids = new Set(table.map((c) => c.id));
  const extra = contributed.filter((x) => x.command.startsWith('asyncosPvo.appliances.') && !ids.has(x.command)).map((x) => x.command);
  assert.deepEqual(extra, [], 'contributed but missing from APPLIANCE_COMMANDS');
  const menuOnly = menuEntries().filter((e) => e.command?.startsWith('asyncosPvo.appliances.') && !ids.has(e.command));
  assert.deepEqual(menuOnly, [], 'menus only name commands of the table');
});

for (const lang of ['', ...LANGUAGES]) {
  const file = `package.nls${lang ? `.${lang}` : ''}.json`;
  test(`${file} titles every command of the Appliances view`, () => {
    const nls = read(file) as Record<string, string>;
    for (const c of table) assert.ok(nls[c.nls]?.trim(), `${file}: ${c.nls} (${c.id})`);
    // The other way round: a command.appliances.* title with no command behind it is dead text.
    const used = new Set(table.map((c) => c.nls));
    const orphans = Object.keys(nls).filter((k) => k.startsWith('command.appliances.') && !used.has(k));
    assert.deepEqual(orphans, [], `${file}: titles of no command`);
  });
}

test('in an untrusted workspace every live command is disabled and hidden from every menu; capabilities say why', () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.match(manifest.capabilities.untrustedWorkspaces.description, /trusted workspace/);
  const live = table.filter((c) => c.live);
  assert.ok(live.length >= 7, 'connect, checks, resume, fetch, mail log, simulator');
  for (const c of live) {
    assert.match(contributed.find((x) => x.command === c.id)?.enablement ?? '', /\bisWorkspaceTrusted\b/, `${c.id} enablement`);
    const entries = menuEntries().filter((e) => e.command === c.id);
    for (const e of entries) {
      if (e.when === 'false') continue;
      assert.match(e.when ?? '', /(^|&&\s*)isWorkspaceTrusted\b/, `${c.id} in ${e.menu}: ${e.when}`);
    }
    const palette = entries.find((e) => e.menu === 'commandPalette');
    assert.ok(palette, `${c.id} has a commandPalette when clause`);
  }
  // The welcome links of an untrusted workspace must not offer what it cannot do.
  const nls = read('package.nls.json') as Record<string, string>;
  const untrusted = (manifest.contributes.viewsWelcome as { when: string; contents: string }[]).find((w) => w.when === '!isWorkspaceTrusted');
  assert.ok(untrusted);
  const text = nls[untrusted.contents.replace(/%/g, '')];
  for (const c of live) assert.ok(!text.includes(`command:${c.id}`), `untrusted welcome links ${c.id}`);
});

test('the ssh_config setting is application-scoped: a workspace cannot point the import at a file of its own', () => {
  const setting = manifest.contributes.configuration.properties['asyncosPvo.sshConfigFile'];
  assert.equal(setting.scope, 'application');
  assert.equal(setting.default, '');
});
