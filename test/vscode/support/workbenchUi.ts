/**
 * What the UI tests read and click in the VS Code workbench that more than one of them needs.
 * The selectors are VS Code 1.100.3's DOM, so a VS Code update is fixed here once.
 */
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/**
 * The Problems status item's accessible label, e.g. "Errors: 1, Warnings: 2", as an expression
 * evaluated in the page, so `page.waitForFunction` can wait on it without a round trip per poll.
 */
export const PROBLEMS_LABEL = `(() => { const item = document.querySelector('#status\\\\.problems');
  return (item && (item.getAttribute('aria-label') || (item.querySelector('a') && item.querySelector('a').getAttribute('aria-label')))) || ''; })()`;

export const problemsLabel = (page: Page): Promise<string> => page.evaluate<string>(PROBLEMS_LABEL);

/** Waits until the status bar counts at least one error (`present`) or none. */
export async function waitForErrors(page: Page, present: boolean, timeout: number): Promise<void> {
  await page.waitForFunction(`${present ? '' : '!'}/Errors: [1-9]/.test(${PROBLEMS_LABEL})`, null, { timeout });
}

/**
 * Chooses the entry matching `fix` in the open Ctrl+. menu. A pointer-blocking layer covers the
 * menu while it is open, so it chooses with the keyboard.
 */
export async function chooseQuickFix(page: Page, fix: RegExp): Promise<void> {
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < 10 && !fix.test((await focused.count()) > 0 ? await focused.first().innerText() : ''); i++) await page.keyboard.press('ArrowDown');
  assert.match(await focused.first().innerText(), fix);
  await page.keyboard.press('Enter');
}

/** A view's title-bar action by its label; shown inline or in the overflow, depending on the width. */
export const viewTitleAction = (view: Locator, label: string): Locator =>
  view.locator(`.title-actions .action-label[aria-label="${label}"], .actions-container .action-label[aria-label="${label}"]`);

/** Opens the extension's own view container (the Appliances view) from the activity bar. */
export async function openAppliancesView(page: Page): Promise<void> {
  await page.locator('.part.activitybar .action-item a[aria-label^="AsyncOS PVO"]').first().click();
}
