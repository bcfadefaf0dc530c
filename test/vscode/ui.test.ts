/**
 * The user's view: the packaged .vsix installed into a real VS Code
 * (code-server 4.100.3) and driven through its UI in headless Chromium.
 * Screenshots of each step go to test-results/vscode-ui/.
 * Run with `scripts/vscode-test ui` (which builds the .vsix when it is stale).
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
const SHOTS = path.join(ROOT, 'test-results', 'vscode-ui');
const SCENARIO = 'scenario-4-anonymous-cipher.xml';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
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
      request.on('timeout', () => { request.destroy(); resolve(false); });
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('code-server did not become healthy');
}

/** The Problems status item's accessible label, e.g. "Errors: 1, Warnings: 2" (evaluated in the page). */
const PROBLEMS_LABEL = `(() => { const item = document.querySelector('#status\\\\.problems');
  return (item && (item.getAttribute('aria-label') || (item.querySelector('a') && item.querySelector('a').getAttribute('aria-label')))) || ''; })()`;
const problemsLabel = (page: Page) => page.evaluate<string>(PROBLEMS_LABEL);

test('in VS Code the scenario-4 anonymous cipher error shows as a squiggle and a problem, and the :-aNULL quick fix removes it', async (t) => {
  const started = Date.now();
  const step = async (name: string, run: () => Promise<void>) => {
    await run();
    t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`);
  };
  assert.ok(fs.existsSync(VSIX), 'npm run package has built the .vsix');
  const base = path.join(CACHE, 'ui');
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
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'workbench.tips.enabled': false,
    // The workspace copy sits inside this repository; the prompt to open it would cover the Problems panel.
    'git.openRepositoryInParentFolders': 'never',
    // code-server offers to forward every port the test machine listens on; the toast would cover the panel.
    'remote.autoForwardPorts': false,
  }));
  const common = ['--config', path.join(base, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', path.join(base, 'extensions')];

  // The packaged extension, as a user installs it: packaging mistakes fail here.
  const install = spawnSync(CODE_SERVER, [...common, '--install-extension', VSIX], { env, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stdout + install.stderr);
  assert.ok(fs.readdirSync(path.join(base, 'extensions')).some((d) => d.startsWith('asyncos-pvo.asyncos-pvo-')), 'the .vsix is installed');

  const port = await freePort();
  const server: ChildProcess = spawn(CODE_SERVER, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'], { env, detached: true, stdio: 'ignore' });
  let browser: Browser | undefined;
  let page: Page | undefined;
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

    await step('opening the scenario file counts the error in the status bar, with the release the analysis assumed', async () => {
      const row = p.locator('.explorer-folders-view .monaco-list-row', { hasText: SCENARIO });
      await row.waitFor({ timeout: 30000 });
      await row.click();
      await p.waitForFunction(`/Errors: [1-9]/.test(${PROBLEMS_LABEL})`, null, { timeout: 60000 });
      const ours = p.locator('.statusbar-item', { hasText: 'AsyncOS 13.5.1-277' });
      await ours.first().waitFor({ timeout: 30000 });
      assert.match(await ours.first().innerText(), /AsyncOS 13\.5\.1-277 \(OpenSSL 1\.0\.2k\): \d+ findings?/);
      await p.screenshot({ path: path.join(SHOTS, '01-file-opened.png') });
    });

    await step('the Problems panel lists the anonymous outbound cipher error; choosing it shows the squiggle on the cipher list', async () => {
      await p.locator('#status\\.problems').click();
      const problem = p.locator('.markers-panel .monaco-list-row', { hasText: 'anonymous suites' });
      await problem.first().waitFor({ timeout: 30000 });
      assert.match(await problem.first().innerText(), /cipher-anonymous-outbound/);
      await problem.first().click();
      await p.waitForSelector('.monaco-editor .squiggly-error', { timeout: 30000 });
      const line = p.locator('.monaco-editor .view-line', { hasText: 'ssl_outbound_ciphers' });
      assert.match(await line.first().innerText(), /RC4-SHA:RC4-MD5:ALL/);
      await p.screenshot({ path: path.join(SHOTS, '02-problem-and-squiggle.png') });
    });

    await step('Ctrl+. on the squiggle offers the :-aNULL quick fix, and choosing it removes the error', async () => {
      // The squiggle lies under the text layer: click its coordinates, not the element.
      const box = await p.locator('.monaco-editor .squiggly-error').first().boundingBox();
      assert.ok(box);
      await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await p.keyboard.press('Control+.');
      const fix = p.locator('.action-widget .monaco-list-row', { hasText: ':-aNULL' });
      await fix.first().waitFor({ timeout: 30000 });
      await p.screenshot({ path: path.join(SHOTS, '03-quick-fix-menu.png') });
      // A pointer-blocking layer covers the menu while it is open, so choose with the keyboard.
      const focused = p.locator('.action-widget .monaco-list-row.focused');
      for (let i = 0; i < 10 && !/:-aNULL/.test((await focused.count()) > 0 ? await focused.first().innerText() : ''); i++) await p.keyboard.press('ArrowDown');
      assert.match(await focused.first().innerText(), /:-aNULL/);
      await p.keyboard.press('Enter');
      await p.waitForSelector('.monaco-editor .squiggly-error', { state: 'detached', timeout: 30000 });
      await p.waitForFunction(`!/Errors: [1-9]/.test(${PROBLEMS_LABEL})`, null, { timeout: 30000 });
      const text = await p.locator('.monaco-editor .view-lines').first().innerText();
      assert.match(text.replace(/\u00a0/g, ' '), /RC4-SHA:RC4-MD5:ALL:-aNULL/);
      assert.doesNotMatch(await problemsLabel(p), /Errors: [1-9]/);
      await p.locator('.markers-panel .monaco-list-row', { hasText: 'anonymous suites' }).first().waitFor({ state: 'detached', timeout: 30000 });
      await p.screenshot({ path: path.join(SHOTS, '04-error-fixed.png') });
    });
  } catch (error) {
    await page?.screenshot({ path: path.join(SHOTS, '99-failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser?.close();
    try { process.kill(-server.pid!, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
    fs.rmSync(env.TMPDIR, { recursive: true, force: true });
  }
});
