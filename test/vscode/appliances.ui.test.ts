/**
 * The Appliances view as a user drives it: the packaged .vsix in a real VS Code (code-server
 * 4.100.3) through headless Chromium, against the appliance simulator on loopback. Each step
 * saves a screenshot under test-results/vscode-ui-appliances/.
 * Run with `scripts/appliances-ui-test` (builds and packages when stale).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { PRESET_IDS, loadPreset } from '../../client/src/appliance/simulator/presets';
import { ROOT, installPackagedExtension, prepareSandbox } from './support/codeServer';
import { freePortRange } from './support/ports';
import { timedSteps, usingWorkbench } from './support/workbenchSession';
import { chooseQuickFix, openAppliancesView, viewTitleAction, waitForErrors } from './support/workbenchUi';

const FLEET_SIZE = PRESET_IDS.reduce((n, id) => n + loadPreset(id).appliances.length, 0);

/** Starts the standalone simulator (one preset, one data dir = one host key) and waits until it listens. */
async function startExternalSimulator(port: number, dataDir: string, env: NodeJS.ProcessEnv, extra: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'simulator.js'), '--preset', 'healthy', '--port', String(port), '--data-dir', dataDir, ...extra], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Press Ctrl-C')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${out}`)));
  });
  return child;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

test('in VS Code the walkthrough fixes the scenario-4 blocker, and the Appliances view finds each scenario problem on the simulator, asks about host keys, resumes the offline SMA, fetches a configuration and exports a report', async (t) => {
  const step = timedSteps(t);
  // The simulator's appliances take consecutive ports from `fleetPort`; "lab ESA" is a separate
  // simulator whose host key the test swaps to play a reinstalled (or impersonated) appliance.
  const fleetPort = await freePortRange(FLEET_SIZE + 2);
  const labPort = fleetPort + FLEET_SIZE;
  const sandbox = prepareSandbox('ui-appliances', {
    settings: {
      'asyncosPvo.simulator.basePort': fleetPort,
      'asyncosPvo.appliances': [{ label: 'lab ESA', target: `admin@127.0.0.1:${labPort}`, group: 'Lab', kind: 'esa' }],
    },
  });
  const { base, workspace, env } = sandbox;
  installPackagedExtension(sandbox);

  let lab: ChildProcess | undefined = await startExternalSimulator(labPort, path.join(base, 'lab-key-1'), env);
  await usingWorkbench(sandbox, { screenshots: 'vscode-ui-appliances', viewport: { width: 1500, height: 1000 } }, async ({ page: p, screenshot }) => {
    const sidebar = p.locator('.part.sidebar');
    const rows = sidebar.locator('.monaco-list-row');
    const dialog = p.locator('.monaco-dialog-box');
    const titleAction = (label: string) => viewTitleAction(sidebar, label).first();
    const statusItem = p.locator('[id="asyncos-pvo.asyncos-pvo.asyncosPvo.appliancesStatus"], #asyncosPvo\\.appliancesStatus').first();
    /** The appliance row `label` under the group whose label contains `group` (labels repeat across groups). */
    const applianceRow = async (group: string, label: string): Promise<Locator> => {
      const texts = await rows.evaluateAll((els) => els.map((e) => (e as unknown as { innerText: string }).innerText));
      const g = texts.findIndex((x) => x.includes(group));
      assert.ok(g >= 0, `group ${group} is shown`);
      const n = texts.findIndex((x, i) => i > g && x.startsWith(label));
      assert.ok(n > g, `${label} is shown under ${group}`);
      return rows.nth(n);
    };
    const contextMenu = async (row: Locator, item: string) => {
      await row.click({ button: 'right' });
      await chooseFromMenu(item);
    };
    const chooseFromMenu = async (item: string) => {
      const menu = p.locator('.monaco-menu');
      const entry = menu.locator('.action-item', { hasText: item }).first();
      await entry.waitFor({ timeout: 15000 });
      // A click that lands while the menu is still opening is ignored: click until the menu closes.
      for (let attempt = 0; attempt < 5 && (await menu.count()) > 0; attempt++) {
        await entry.click().catch(() => undefined);
        await menu.first().waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined);
      }
    };

    await step('the walkthrough opens the scenario-4 example, whose anonymous outbound cipher list is an error', async () => {
      await p.keyboard.press('F1');
      const input = p.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15000 });
      await input.fill('>Open Walkthrough');
      await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor({ timeout: 15000 });
      await p.keyboard.press('Enter');
      await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'Find and fix PVO blockers' }).first().click();
      const open = p.getByRole('button', { name: 'Open Example' });
      await open.waitFor({ timeout: 30000 });
      await screenshot('walkthrough');
      await open.click();
      await p.locator('.tab', { hasText: 'scenario-4-anonymous-cipher.xml' }).first().waitFor({ timeout: 30000 });
      await waitForErrors(p, true, 60000);
    });

    await step('following the walkthrough, the :-aNULL quick fix clears the PVO blocker', async () => {
      await p.locator('.monaco-editor .view-lines').first().click();
      await p.keyboard.press('F8');
      await p.waitForSelector('.monaco-editor .squiggly-error', { timeout: 30000 });
      await p.keyboard.press('Escape');
      await p.keyboard.press('Control+.');
      const fix = p.locator('.action-widget .monaco-list-row', { hasText: ':-aNULL' });
      await fix.first().waitFor({ timeout: 30000 });
      await screenshot('walkthrough-quick-fix');
      await chooseQuickFix(p, /:-aNULL/);
      await waitForErrors(p, false, 30000);
      const line = p.locator('.monaco-editor .view-line', { hasText: 'ssl_outbound_ciphers' });
      assert.match((await line.first().innerText()).replace(/\u00a0/g, ' '), /RC4-SHA:RC4-MD5:ALL:-aNULL/);
      await screenshot('walkthrough-blocker-fixed');
    });

    await step('the Appliances view is empty apart from the lab ESA and offers the simulator', async () => {
      await openAppliancesView(p);
      await rows.filter({ hasText: 'Lab' }).first().waitFor({ timeout: 30000 });
      // Wider, so the screenshots show the problem ids next to each appliance.
      const box = await sidebar.boundingBox();
      assert.ok(box);
      await p.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
      await p.mouse.down();
      await p.mouse.move(box.x + 640, box.y + box.height / 2, { steps: 5 });
      await p.mouse.up();
      await titleAction('Start Simulator').waitFor({ timeout: 15000 });
      await screenshot('view-with-lab-appliance');
    });

    await step('Start Simulator adds one group per scenario preset', async () => {
      await titleAction('Start Simulator').click();
      for (const id of PRESET_IDS) await rows.filter({ hasText: loadPreset(id).title }).first().waitFor({ timeout: 30000 });
      await screenshot('simulator-groups');
    });

    await step('Run All Checks asks for the lab password, then shows an unknown host key with its fingerprint in a modal; accepting lets the checks run', async () => {
      await titleAction('Run All Checks').click();
      const input = p.locator('.quick-input-widget input[type="password"]');
      await input.waitFor({ timeout: 15000 });
      await screenshot('password-prompt');
      await input.fill('ironport');
      await p.keyboard.press('Enter');
      // Two keys: the simulator's (shared by all its appliances on 127.0.0.1) and the lab ESA's.
      for (let n = 0; n < 2; n++) {
        await dialog.waitFor({ timeout: 30000 });
        const text = await dialog.innerText();
        assert.match(text, /Trust the host key of/);
        assert.match(text, /SHA256:[A-Za-z0-9+/]{43}/);
        if (n === 0) await screenshot('host-key-modal');
        await dialog.locator('.monaco-button', { hasText: 'Accept and Remember' }).click();
        // The next question may replace this one at once: wait for this one to go, not for no dialog.
        await p.waitForFunction(
          `(() => { const d = document.querySelector('.monaco-dialog-box'); return !d || d.innerText !== ${JSON.stringify(text)}; })()`,
          null,
          { timeout: 15000 },
        );
      }
      await p.waitForFunction(`/Appliances: \\d+ problem/.test(document.querySelector('.part.statusbar')?.textContent ?? '')`, null, { timeout: 60000 });
    });

    await step('each preset shows its scenario problems in the tree', async () => {
      // The tree repaints a moment after the last result: wait until it shows every expected problem.
      const expected = [...new Set(PRESET_IDS.flatMap((id) => Object.values(loadPreset(id).expectedProblems).flat()))];
      await p.waitForFunction(
        `(() => { const text = [...document.querySelectorAll('.part.sidebar .monaco-list-row')].map((e) => e.innerText).join('\\n');
          return ${JSON.stringify(expected)}.every((id) => text.includes(id)); })()`,
        null,
        { timeout: 30000 },
      );
      const texts = (await rows.evaluateAll((els) => els.map((e) => (e as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ')))).join('\n');
      for (const id of PRESET_IDS) {
        const preset = loadPreset(id);
        for (const [appliance, problems] of Object.entries(preset.expectedProblems)) for (const check of problems) assert.ok(texts.includes(check), `${id}/${appliance}: ${check} is shown`);
      }
      assert.match(await statusItem.innerText(), /Appliances: \d+ problem/);
      await screenshot('each-preset-problem');
    });

    await step('the lab ESA presents a changed host key: the connection is refused with both fingerprints and nothing offers to accept it', async () => {
      await stopProcess(lab);
      lab = await startExternalSimulator(labPort, path.join(base, 'lab-key-2'), env);
      const row = await applianceRow('Lab', 'lab ESA');
      await contextMenu(row, 'Connect');
      const toast = p.locator('.notification-toast', { hasText: 'CHANGED' });
      await toast.waitFor({ timeout: 30000 });
      assert.match(await toast.innerText(), /Presented: SHA256:\S+\. Recorded: SHA256:/);
      await rows.filter({ hasText: 'host key changed' }).first().waitFor({ timeout: 15000 });
      assert.equal(await dialog.count(), 0, 'no modal offers to accept a changed key');
      await screenshot('changed-host-key-refused');
      await toast.locator('.codicon-notifications-clear, .codicon-close').first().click().catch(() => undefined);
    });

    await step('cancelling a run against an appliance that never answers stops it at once, and nothing keeps spinning', async () => {
      await stopProcess(lab);
      lab = await startExternalSimulator(labPort, path.join(base, 'lab-key-2'), env, ['--fault', 'silent']);
      const row = await applianceRow('Lab', 'lab ESA');
      await contextMenu(row, 'Run Checks');
      await rows.filter({ hasText: 'connecting' }).first().waitFor({ timeout: 15000 });
      const progress = p.locator('.notification-toast', { hasText: 'Checking lab ESA' });
      await progress.waitFor({ timeout: 15000 });
      await screenshot('silent-appliance-connecting');
      await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await p.waitForFunction(
        `(() => { const t = [...document.querySelectorAll('.part.sidebar .monaco-list-row')].map((e) => e.innerText).join('\\n'); return !/connecting|checking/.test(t); })()`,
        null,
        { timeout: 5000 },
      );
      assert.equal(await p.locator('.part.sidebar .codicon-loading').count(), 0, 'no spinner left in the tree');
    });

    await step('Resume on the offline SMA asks in a modal naming the appliance and the command, then the SMA is online again', async () => {
      const group = loadPreset('sma-offline').title;
      const row = await applianceRow(group, 'sma.example.com (SMA)');
      assert.match(await row.innerText(), /system-online/);
      await contextMenu(row, 'Resume Appliance');
      await dialog.waitFor({ timeout: 15000 });
      assert.match(await dialog.innerText(), /Run "resume" on sma\.example\.com/);
      await screenshot('resume-confirmation');
      await dialog.locator('.monaco-button', { hasText: 'Run resume' }).click();
      await p.waitForFunction(
        `(() => {
          const texts = [...document.querySelectorAll('.part.sidebar .monaco-list-row')].map((e) => e.innerText);
          const at = texts.findIndex((x) => x.includes(${JSON.stringify(group)}));
          const sma = texts.find((x, i) => i > at && x.startsWith('sma.example.com'));
          return !!sma && !/system-online|checking/.test(sma);
        })()`,
        null,
        { timeout: 30000 },
      );
      await screenshot('sma-resumed');
    });

    await step('Fetch Running Configuration opens the scenario-4 ESA configuration with the anonymous cipher error', async () => {
      const row = await applianceRow(loadPreset('anonymous-cipher').title, 'mx.example.com (ESA)');
      await contextMenu(row, 'Fetch Running Configuration');
      await p.locator('.tab', { hasText: 'mx.example.com-ESA-running-config.xml' }).first().waitFor({ timeout: 30000 });
      await waitForErrors(p, true, 60000);
      // F8 goes to the first error and shows its message under the line.
      await p.locator('.monaco-editor .view-lines').first().click();
      await p.keyboard.press('F8');
      await p.waitForSelector('.monaco-editor .squiggly-error', { timeout: 30000 });
      const peek = p.locator('.marker-widget').first();
      await peek.waitFor({ timeout: 15000 });
      assert.match(await peek.innerText(), /anonymous/);
      const line = p.locator('.monaco-editor .view-line', { hasText: 'ssl_outbound_ciphers' });
      assert.match(await line.first().innerText(), /RC4-SHA:RC4-MD5:ALL/);
      await screenshot('fetched-config-diagnostics');
    });

    await step('Export Report saves a Markdown report with the problems and no password', async () => {
      await sidebar.locator('.action-label[aria-label="Views and More Actions..."], .action-label[aria-label="More Actions..."]').first().click();
      await chooseFromMenu('Export Report');
      const input = p.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15000 });
      const report = path.join(workspace, 'pvo-report.md');
      // The save dialog proposes pvo-report.md in the workspace: accept it as a user would.
      await p.waitForFunction(`(document.querySelector('.quick-input-widget input')?.value ?? '').endsWith('/pvo-report.md')`, null, { timeout: 15000 });
      await screenshot('export-report-save-dialog');
      await p.keyboard.press('Enter');
      await p.locator('.tab', { hasText: 'pvo-report.md' }).first().waitFor({ timeout: 30000 });
      const text = fs.readFileSync(report, 'utf8');
      assert.match(text, /# AsyncOS PVO live check report/);
      assert.match(text, /outbound-ciphers/);
      assert.ok(!text.includes('ironport') && !text.includes('operator-pass'), 'no password in the report');
      await screenshot('exported-report');
    });
  }).finally(() => stopProcess(lab));
});
