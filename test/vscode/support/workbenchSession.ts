/**
 * One UI test's browser session: the sandbox's code-server, headless Chromium on its workbench,
 * numbered screenshots, and the clean-up that must happen however the test ends (a browser or a
 * server left behind would hold the port and the CPU for the suites after it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { ROOT, startCodeServer, type RunningCodeServer, type Sandbox } from './codeServer';

// scripts/vscode-test exports CHROMIUM; the default is Debian's package, which that script installs.
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Chromium's own sandbox does not start as root (as in CI containers) and there is no GPU there;
// the rest keeps Chromium off the network, so nothing it fetches slows or changes a run.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export interface Workbench {
  readonly page: Page;
  /** Saves test-results/<folder>/NN-<name>.png, numbered in the order taken so the folder reads as the story. */
  screenshot(name: string): Promise<void>;
}

export interface WorkbenchOptions {
  /** The folder under test-results/ for the screenshots; emptied first, so it shows this run only. */
  screenshots: string;
  viewport: { width: number; height: number };
}

/**
 * Starts code-server, opens the workbench in Chromium, waits until it has drawn, and runs `use`.
 * A failure saves 99-failure.png of the page as it was; the browser, the server and the sandbox's
 * TMPDIR are gone afterwards in every case.
 */
export async function usingWorkbench(sandbox: Sandbox, options: WorkbenchOptions, use: (workbench: Workbench) => Promise<void>): Promise<void> {
  const shots = path.join(ROOT, 'test-results', options.screenshots);
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    server = await startCodeServer(sandbox);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, env: sandbox.env, args: CHROMIUM_ARGS });
    const p = await browser.newPage({ viewport: options.viewport });
    page = p;
    await p.goto(server.workbenchUrl);
    await p.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60000 });
    let shot = 0;
    const screenshot = async (name: string) => {
      await p.screenshot({ path: path.join(shots, `${String(++shot).padStart(2, '0')}-${name}.png`) });
    };
    await use({ page: p, screenshot });
  } catch (error) {
    await page?.screenshot({ path: path.join(shots, '99-failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser?.close();
    await server?.stop();
    fs.rmSync(sandbox.env.TMPDIR, { recursive: true, force: true });
  }
}

/**
 * Runs the steps of one long UI test in order, logging how far into the test each one finished:
 * a step that slows down shows in the report before it starts timing out.
 */
export function timedSteps(t: TestContext): (name: string, run: () => Promise<void>) => Promise<void> {
  const started = Date.now();
  return async (name, run) => {
    await run();
    t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`);
  };
}
