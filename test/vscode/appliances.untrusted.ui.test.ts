/**
 * The Appliances view in Restricted Mode, as a user sees it: the packaged .vsix in a real VS Code
 * (code-server 4.100.3) with workspace trust on and the folder not trusted. Live actions are
 * nowhere to be clicked (view title, context menu, command palette) and the view says why.
 * Screenshots under test-results/vscode-ui-untrusted/. Needs `npm run package` first.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, installPackagedExtension, prepareSandbox } from './support/codeServer';
import { usingWorkbench } from './support/workbenchSession';
import { openAppliancesView, viewTitleAction } from './support/workbenchUi';

const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const title = (key: string) => nls[`command.appliances.${key}`];

test('in an untrusted workspace the Appliances view lists the appliances, says that connecting needs trust, and offers no live action anywhere', async (t) => {
  const sandbox = prepareSandbox('ui-untrusted', {
    workspaceTrust: true,
    // Nothing listens on port 9: a connection attempt would show as an error in the tree.
    settings: { 'asyncosPvo.appliances': [{ label: 'lab ESA', target: 'admin@127.0.0.1:9', group: 'Lab', kind: 'esa' }] },
  });
  installPackagedExtension(sandbox);

  await usingWorkbench(sandbox, { screenshots: 'vscode-ui-untrusted', viewport: { width: 1400, height: 900 } }, async ({ page: p, screenshot }) => {
    const sidebar = p.locator('.part.sidebar');

    await openAppliancesView(p);
    const row = sidebar.locator('.monaco-list-row', { hasText: 'lab ESA' }).first();
    await row.waitFor({ timeout: 60000 });
    await sidebar.getByText('Connecting to appliances needs a trusted workspace.').first().waitFor({ timeout: 30000 });
    t.diagnostic('the view lists the appliance and says that connecting needs a trusted workspace');

    const action = (label: string) => viewTitleAction(sidebar, label);
    await action(title('add')).first().waitFor({ timeout: 15000 });
    for (const key of ['runAllChecks', 'startSimulator']) assert.equal(await action(title(key)).count(), 0, `no ${title(key)} in the view title`);
    await screenshot('view-untrusted');

    await row.click({ button: 'right' });
    const menu = p.locator('.monaco-menu');
    await menu.locator('.action-item', { hasText: title('edit') }).first().waitFor({ timeout: 15000 });
    const entries = (await menu.locator('.action-item .action-label').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
    assert.ok(entries.includes(title('remove')), `Remove is offered: ${entries.join(', ')}`);
    for (const key of ['connect', 'runChecks', 'resume', 'fetchRunningConfig', 'openMailLog']) assert.ok(!entries.includes(title(key)), `no ${title(key)} in the context menu: ${entries.join(', ')}`);
    await screenshot('context-menu-untrusted');
    await p.keyboard.press('Escape');
    await menu.first().waitFor({ state: 'detached', timeout: 5000 });
    t.diagnostic('the context menu offers Edit and Remove only');

    const input = p.locator('.quick-input-widget input');
    const palette = async (query: string) => {
      await p.keyboard.press('F1');
      await input.waitFor({ timeout: 15000 });
      await input.fill(`>${query}`);
    };
    // A positive control before each query, so a missing row means "hidden", not "not loaded yet".
    await palette(`AsyncOS PVO: ${title('add')}`);
    await p.locator('.quick-input-widget .monaco-list-row', { hasText: title('add') }).first().waitFor({ timeout: 15000 });
    const addRow = p.locator('.quick-input-widget .monaco-list-row', { hasText: title('add') }).first();
    for (const key of ['runAllChecks', 'startSimulator', 'connect', 'fetchRunningConfig']) {
      await input.fill(`>AsyncOS PVO: ${title('add')}`);
      await addRow.waitFor({ timeout: 15000 });
      await input.fill(`>AsyncOS PVO: ${title(key)}`);
      // With no match, VS Code says so or offers "similar commands"; either means the list is final.
      await p.locator('.quick-input-widget', { hasText: /No matching commands|similar commands/ }).first().waitFor({ timeout: 15000 });
      assert.equal(await p.locator('.quick-input-widget .monaco-list-row', { hasText: `AsyncOS PVO: ${title(key)}` }).count(), 0, `${title(key)} is not in the command palette`);
    }
    await screenshot('palette-untrusted');
    await p.keyboard.press('Escape');
    assert.equal(await sidebar.locator('.monaco-list-row', { hasText: 'lab ESA' }).locator('.codicon-loading, .codicon-warning, .codicon-error').count(), 0, 'nothing tried to connect');
    t.diagnostic('the command palette has no live command');
  });
});
