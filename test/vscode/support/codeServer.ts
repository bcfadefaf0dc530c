/**
 * A throwaway code-server (the VS Code 1.100.3 server that code-server 4.100.3 bundles) with the
 * packaged .vsix installed as a user installs it, for the Playwright UI tests. Everything it
 * writes (home, settings, extensions, the workspace copy) stays in one folder under
 * .vscode-test/, so a run neither reads nor changes the developer's own VS Code, and the folder
 * is kept after the run for a look.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { freePort } from './ports';

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CACHE = path.join(ROOT, '.vscode-test');
// scripts/vscode-test exports CODE_SERVER; the default is where that script installs it.
const CODE_SERVER = process.env.CODE_SERVER || path.join(CACHE, 'code-server', 'node_modules', '.bin', 'code-server');
const VSIX = path.join(ROOT, 'asyncos-pvo.vsix');

/** Settings that keep VS Code's own prompts, toasts and network calls out of the screenshots and the timings. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
  'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'workbench.tips.enabled': false,
  // The workspace copy sits inside this repository; the prompt to open it would cover the Problems panel.
  'git.openRepositoryInParentFolders': 'never',
  // code-server offers to forward every port the test machine listens on; the toast would cover the panel.
  'remote.autoForwardPorts': false,
};

export interface SandboxOptions {
  /** Settings beyond the quiet defaults, e.g. the extension's own. */
  settings?: Record<string, unknown>;
  /**
   * Off (the default), VS Code trusts every folder. On, trust is enforced without a start-up
   * prompt, so the workspace stays in Restricted Mode the whole run.
   */
  workspaceTrust?: boolean;
}

export interface Sandbox {
  /** .vscode-test/<name>: emptied when the test starts. */
  readonly base: string;
  /** A fresh copy of examples/, opened as the workspace folder (the tests may edit and save it). */
  readonly workspace: string;
  /** The environment for every process of the run: a private HOME and TMPDIR, no extension gallery. */
  readonly env: NodeJS.ProcessEnv & { TMPDIR: string };
  readonly workspaceTrust: boolean;
  /** The code-server arguments that point it at the sandbox's config, user data and extensions. */
  readonly dirArgs: readonly string[];
}

export function prepareSandbox(name: string, options: SandboxOptions = {}): Sandbox {
  const base = path.join(CACHE, name);
  fs.rmSync(base, { recursive: true, force: true });
  const workspace = path.join(base, 'workspace');
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  const home = path.join(base, 'home');
  const env = {
    ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'), TMPDIR: fs.mkdtempSync(path.join(base, 'tmp-')), EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }),
  };
  const workspaceTrust = options.workspaceTrust ?? false;
  const trust = workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : { 'security.workspace.trust.enabled': false };
  const userData = path.join(base, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...options.settings }));
  const dirArgs = ['--config', path.join(base, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', path.join(base, 'extensions')];
  return { base, workspace, env, workspaceTrust, dirArgs };
}

/** Installs the packaged .vsix with code-server's own installer, so packaging mistakes fail here. */
export function installPackagedExtension(sandbox: Sandbox): void {
  assert.ok(fs.existsSync(VSIX), 'npm run package has built the .vsix');
  const install = spawnSync(CODE_SERVER, [...sandbox.dirArgs, '--install-extension', VSIX], { env: sandbox.env, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stdout + install.stderr);
  assert.ok(fs.readdirSync(path.join(sandbox.base, 'extensions')).some((d) => d.startsWith('asyncos-pvo.asyncos-pvo-')), 'the .vsix is installed');
}

export interface RunningCodeServer {
  /** The workbench with the sandbox's workspace folder open. */
  readonly workbenchUrl: string;
  stop(): Promise<void>;
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

/** Starts code-server on a free loopback port without authentication and waits until it answers. */
export async function startCodeServer(sandbox: Sandbox): Promise<RunningCodeServer> {
  const port = await freePort();
  const trustArgs = sandbox.workspaceTrust ? [] : ['--disable-workspace-trust'];
  // Its own process group: code-server forks, and stopping must reach the whole tree.
  const server: ChildProcess = spawn(CODE_SERVER, [...sandbox.dirArgs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', ...trustArgs, '--disable-getting-started-override', '--ignore-last-opened'], { env: sandbox.env, detached: true, stdio: 'ignore' });
  const stop = async () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    // A process killed by a signal keeps exitCode null: check both, or a dead server is waited for forever.
    await new Promise((resolve) => (server.exitCode !== null || server.signalCode !== null ? resolve(undefined) : server.once('exit', resolve)));
  };
  try {
    await waitHealthy(port);
  } catch (error) {
    await stop();
    throw error;
  }
  return { workbenchUrl: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(sandbox.workspace)}`, stop };
}
