#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests()
// would download (its download host is unreachable here). It serves the
// VS Code bundled in code-server and opens it in headless Chromium, handing
// the web workbench the extension and test paths that runTests passes on the
// command line. The workbench reports the mocha result through
// window.codeAutomationExit, and this process exits with that code.
//
// Environment: CODE_SERVER, CHROMIUM (binaries), SHIM_TIMEOUT_MS (default 300000),
// SHIM_VERBOSE=1 (all browser and code-server output), SHIM_SCREENSHOT=<png at exit>.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');

const root = path.resolve(__dirname, '..', '..');
const cache = path.join(root, '.vscode-test', 'code-server');
const CODE_SERVER = process.env.CODE_SERVER || path.join(cache, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.SHIM_TIMEOUT_MS || 300000);
const VERBOSE = !!process.env.SHIM_VERBOSE;
// Workbench chatter that arrives through codeAutomationLog too; only shown when verbose.
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin|Updating additional builtin|\[Service Worker\]|ChatSessionStore|Error while fetching the extension under development)/;
const { chromium } = require(require.resolve('playwright-core', { paths: [root] }));

/** runTests passes Electron-style arguments; code-server's own CLI would reject the extension ones. */
function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, extDir: undefined, userDataDir: undefined, folder: undefined };
  const takesValue = new Set(['extensionTestsPath', 'extensionDevelopmentPath', 'extensions-dir', 'user-data-dir', 'folder-uri']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      out.folder ??= path.resolve(arg);
      continue;
    }
    let [key, value] = arg.slice(2).split(/=(.*)/s);
    if (value === undefined && takesValue.has(key)) value = argv[++i];
    if (key === 'extensionDevelopmentPath') out.devPaths.push(path.resolve(value));
    else if (key === 'extensionTestsPath') out.testsPath = path.resolve(value);
    else if (key === 'extensions-dir') out.extDir = path.resolve(value);
    else if (key === 'user-data-dir') out.userDataDir = path.resolve(value);
    else if (key === 'folder-uri') out.folder = decodeURIComponent(value.replace(/^file:\/\//, ''));
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => { request.destroy(); resolve(false); });
  });
}

async function main() {
  const started = Date.now();
  const opt = parseArgs(process.argv.slice(2));
  if (!opt.testsPath || opt.devPaths.length === 0) {
    console.error('[shim] needs --extensionTestsPath and --extensionDevelopmentPath');
    process.exit(2);
  }
  opt.userDataDir ??= path.join(cache, 'user-data');
  opt.extDir ??= path.join(cache, 'extensions');

  // Keep code-server, the extension host and Chromium out of the real home, and give them a
  // private TMPDIR: VS Code leaves sockets and folders there when it is killed.
  const home = path.join(cache, 'home');
  fs.mkdirSync(home, { recursive: true });
  Object.assign(process.env, {
    HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'), XDG_CACHE_HOME: path.join(home, '.cache'),
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncos-pvo-shim-'));
  process.env.TMPDIR = tmp;
  // No marketplace is reachable; an empty gallery stops the lookup errors in the log.
  process.env.EXTENSIONS_GALLERY ??= JSON.stringify({ serviceUrl: '' });

  fs.mkdirSync(path.join(opt.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(opt.extDir, { recursive: true });
  const settings = path.join(opt.userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settings)) {
    fs.writeFileSync(settings, JSON.stringify({
      'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
      'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'security.workspace.trust.enabled': false,
      'remote.autoForwardPorts': false, 'git.openRepositoryInParentFolders': 'never',
    }, null, 1));
  }

  const port = await freePort();
  const codeServer = spawn(CODE_SERVER, [
    '--config', path.join(cache, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', opt.userDataDir, '--extensions-dir', opt.extDir, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
  ], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let serverLog = '';
  const collect = (chunk) => {
    serverLog += chunk;
    if (VERBOSE) process.stderr.write(`[code-server] ${chunk}`);
  };
  codeServer.stdout.on('data', collect);
  codeServer.stderr.on('data', collect);

  let browser;
  let page;
  let finishing = false;
  const finish = async (code, why) => {
    if (finishing) return;
    finishing = true;
    if (why) console.error(`[shim] ${why}`);
    try { await browser?.close(); } catch { /* already gone */ }
    try { process.kill(-codeServer.pid, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise((resolve) => codeServer.exitCode !== null ? resolve() : codeServer.once('exit', resolve));
    fs.rmSync(tmp, { recursive: true, force: true });
    if (VERBOSE || code) console.error(`[shim] exit ${code} after ${Date.now() - started} ms`);
    process.exit(code);
  };
  codeServer.on('exit', (code) => finish(code || 1, `code-server exited early (${code}):\n${serverLog}`));
  process.on('SIGINT', () => finish(130, 'interrupted'));
  process.on('SIGTERM', () => finish(143, 'terminated'));
  setTimeout(async () => {
    const shot = path.join(cache, 'timeout.png');
    try { await page?.screenshot({ path: shot }); } catch { /* no page yet */ }
    finish(124, `timed out after ${TIMEOUT_MS} ms (screenshot: ${shot}); code-server log:\n${serverLog.slice(-4000)}`);
  }, TIMEOUT_MS).unref();

  for (let attempt = 0; !(await healthy(port)); attempt++) {
    if (attempt > 300) return finish(1, `code-server did not become healthy:\n${serverLog}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const authority = `127.0.0.1:${port}`;
  const remoteUri = (p) => ({ scheme: 'vscode-remote', authority, path: p });
  const payload = [
    ...opt.devPaths.map((p) => ['extensionDevelopmentPath', `vscode-remote://${authority}${p}`]),
    ['extensionTestsPath', `vscode-remote://${authority}${opt.testsPath}`],
    ['skipWelcome', 'true'],
  ];
  const where = !opt.folder ? 'ew=true'
    : opt.folder.endsWith('.code-workspace') ? `workspace=${encodeURIComponent(opt.folder)}` : `folder=${encodeURIComponent(opt.folder)}`;
  const url = `http://${authority}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // Mocha's reporter logs printf-style ('%s'), so format like console.log would.
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    if (!VERBOSE && NOISE.test(line)) return;
    (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
  });
  await page.exposeFunction('codeAutomationExit', async (code) => {
    if (process.env.SHIM_SCREENSHOT) {
      try { await page.screenshot({ path: process.env.SHIM_SCREENSHOT }); } catch { /* page closing */ }
    }
    finish(code);
  });
  // Newer workbenches ignore the URL payload in built mode; the construction options they read
  // from the page's configuration element are honoured by every version, so set them there too.
  await page.addInitScript(({ extensions, extensionTestsPath }) => {
    const observer = new MutationObserver(() => {
      const element = document.getElementById('vscode-workbench-web-configuration');
      if (!element || !element.getAttribute('data-settings')) return;
      observer.disconnect();
      const config = JSON.parse(element.getAttribute('data-settings'));
      config.developmentOptions = { ...(config.developmentOptions || {}), extensions, extensionTestsPath };
      element.setAttribute('data-settings', JSON.stringify(config));
    });
    observer.observe(document, { childList: true, subtree: true });
  }, { extensions: opt.devPaths.map(remoteUri), extensionTestsPath: remoteUri(opt.testsPath) });
  if (VERBOSE) page.on('console', (message) => console.error(`[browser:${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => console.error('[browser]', error.message));
  const response = await page.goto(url);
  if (!response || response.status() >= 400) {
    return finish(1, `the workbench page answered HTTP ${response && response.status()}:\n${serverLog}`);
  }
}

main().catch((error) => {
  console.error('[shim]', error);
  process.exit(1);
});
