/**
 * The Appliances view in Restricted Mode, as a user sees it: the packaged .vsix in a real VS Code
 * (code-server 4.100.3) with workspace trust on and the folder not trusted. Live actions are
 * nowhere to be clicked (view title, context menu, command palette) and the view says why.
 * Screenshots under test-results/vscode-ui-untrusted/. Needs `npm run package` first.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CACHE = path.join(ROOT, '.vscode-test');
const CODE_SERVER = process.env.CODE_SERVER || path.join(CACHE, 'code-server', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VSIX = path.join(ROOT, 'asyncos-pvo.vsix');
const SHOTS = path.join(ROOT, 'test-results', 'vscode-ui-untrusted');
const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const title = (key: string) => nls[`command.appliances.${key}`];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitHealthy(port: number): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.on('error', () => resolve(false));
      request.on('timeout', () => {
        request.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    // Polling a health endpoint that has no event to wait on; the loop is bounded.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('code-server did not become healthy');
}

test('in an untrusted workspace the Appliances view lists the appliances, says that connecting needs trust, and offers no live action anywhere', async (t) => {
  assert.ok(fs.existsSync(VSIX), 'npm run package has built the .vsix');
  const base = path.join(CACHE, 'ui-untrusted');
  fs.rmSync(base, { recursive: true, force: true });
  const workspace = path.join(base, 'workspace');
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  const home = path.join(base, 'home');
  const env = {
    ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'), TMPDIR: fs.mkdtempSync(path.join(base, 'tmp-')), EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }),
  };
  const userData = path.join(base, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  // Nothing listens on port 9: a connection attempt would show as an error in the tree.
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never',
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'workbench.tips.enabled': false, 'git.openRepositoryInParentFolders': 'never', 'remote.autoForwardPorts': false,
    'asyncosPvo.appliances': [{ label: 'lab ESA', target: 'admin@127.0.0.1:9', group: 'Lab', kind: 'esa' }],
  }));
  const common = ['--config', path.join(base, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', path.join(base, 'extensions')];
  const install = spawnSync(CODE_SERVER, [...common, '--install-extension', VSIX], { env, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stdout + install.stderr);
  const port = await freePort();
  const server: ChildProcess = spawn(CODE_SERVER, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened'], { env, detached: true, stdio: 'ignore' });
  let browser: Browser | undefined;
  let page: Page | undefined;
  let shot = 0;
  const screenshot = async (name: string) => page!.screenshot({ path: path.join(SHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`) });
  try {
    await waitHealthy(port);
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, env,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page = p;
    await p.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await p.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60000 });
    const sidebar = p.locator('.part.sidebar');

    await p.locator('.part.activitybar .action-item a[aria-label^="AsyncOS PVO"]').first().click();
    const row = sidebar.locator('.monaco-list-row', { hasText: 'lab ESA' }).first();
    await row.waitFor({ timeout: 60000 });
    await sidebar.getByText('Connecting to appliances needs a trusted workspace.').first().waitFor({ timeout: 30000 });
    t.diagnostic('the view lists the appliance and says that connecting needs a trusted workspace');

    const action = (label: string) => sidebar.locator(`.title-actions .action-label[aria-label="${label}"], .actions-container .action-label[aria-label="${label}"]`);
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
  } catch (error) {
    await page?.screenshot({ path: path.join(SHOTS, '99-failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser?.close();
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
    fs.rmSync(env.TMPDIR, { recursive: true, force: true });
  }
});
