/**
 * The user's view: the packaged .vsix installed into a real VS Code
 * (code-server 4.100.3) and driven through its UI in headless Chromium.
 * Screenshots of each step go to test-results/vscode-ui/.
 * Run with `scripts/vscode-test ui` (which builds the .vsix when it is stale).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { installPackagedExtension, prepareSandbox } from './support/codeServer';
import { timedSteps, usingWorkbench } from './support/workbenchSession';
import { chooseQuickFix, problemsLabel, waitForErrors } from './support/workbenchUi';

const SCENARIO = 'scenario-4-anonymous-cipher.xml';

test('in VS Code the scenario-4 anonymous cipher error shows as a squiggle and a problem, and the :-aNULL quick fix removes it', async (t) => {
  const step = timedSteps(t);
  const sandbox = prepareSandbox('ui');
  installPackagedExtension(sandbox);

  await usingWorkbench(sandbox, { screenshots: 'vscode-ui', viewport: { width: 1400, height: 900 } }, async ({ page: p, screenshot }) => {
    await step('opening the scenario file counts the error in the status bar, with the release the analysis assumed', async () => {
      const row = p.locator('.explorer-folders-view .monaco-list-row', { hasText: SCENARIO });
      await row.waitFor({ timeout: 30000 });
      await row.click();
      await waitForErrors(p, true, 60000);
      const ours = p.locator('.statusbar-item', { hasText: 'AsyncOS 13.5.1-277' });
      await ours.first().waitFor({ timeout: 30000 });
      assert.match(await ours.first().innerText(), /AsyncOS 13\.5\.1-277 \(OpenSSL 1\.0\.2k\): \d+ findings?/);
      await screenshot('file-opened');
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
      await screenshot('problem-and-squiggle');
    });

    await step('Ctrl+. on the squiggle offers the :-aNULL quick fix, and choosing it removes the error', async () => {
      // The squiggle lies under the text layer: click its coordinates, not the element.
      const box = await p.locator('.monaco-editor .squiggly-error').first().boundingBox();
      assert.ok(box);
      await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await p.keyboard.press('Control+.');
      const fix = p.locator('.action-widget .monaco-list-row', { hasText: ':-aNULL' });
      await fix.first().waitFor({ timeout: 30000 });
      await screenshot('quick-fix-menu');
      await chooseQuickFix(p, /:-aNULL/);
      await p.waitForSelector('.monaco-editor .squiggly-error', { state: 'detached', timeout: 30000 });
      await waitForErrors(p, false, 30000);
      const text = await p.locator('.monaco-editor .view-lines').first().innerText();
      assert.match(text.replace(/\u00a0/g, ' '), /RC4-SHA:RC4-MD5:ALL:-aNULL/);
      assert.doesNotMatch(await problemsLabel(p), /Errors: [1-9]/);
      await p.locator('.markers-panel .monaco-list-row', { hasText: 'anonymous suites' }).first().waitFor({ state: 'detached', timeout: 30000 });
      await screenshot('error-fixed');
    });
  });
});
