/**
 * Shared by the Appliances view's extension-host tests: answering dialogs, reading results and the log.
 * The extension and the tests share one `vscode` API object, so replacing a `vscode.window`
 * function answers what the extension asks; every question is recorded.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AppliancesApi } from '../../../client/src/extension/appliances';
import type { Appliance } from '../../../client/src/extension/appliances/model';

type Answer = (message: string, ...rest: unknown[]) => unknown;
export type DialogFn = 'showWarningMessage' | 'showErrorMessage' | 'showInformationMessage' | 'showInputBox' | 'showQuickPick';

export class Dialogs {
  readonly asked: { fn: DialogFn; message: string; options?: unknown }[] = [];
  private readonly originals = new Map<string, unknown>();

  answer(fn: DialogFn, reply: Answer): void {
    const w = vscode.window as unknown as Record<string, unknown>;
    if (!this.originals.has(fn)) this.originals.set(fn, w[fn]);
    w[fn] = (first: unknown, ...rest: unknown[]) => {
      // Input boxes take their options first; keep them so tests can check `password: true`.
      const message = typeof first === 'string' ? first : JSON.stringify(first);
      this.asked.push({ fn, message, options: fn === 'showInputBox' ? first : rest[0] });
      return Promise.resolve(reply(message, ...rest));
    };
  }

  restore(): void {
    const w = vscode.window as unknown as Record<string, unknown>;
    for (const [fn, original] of this.originals) w[fn] = original;
    this.originals.clear();
    this.asked.length = 0;
  }
}

/** Picks the modal's button whose label matches. */
export const button =
  (label: RegExp) =>
  (_m: string, ...items: unknown[]) =>
    items.find((i) => typeof i === 'string' && label.test(i));

/** Picks the quick-pick items whose label matches (one, or several for a multi-select). */
export const pick =
  (label: RegExp, many = false) =>
  (json: string) => {
    const items = JSON.parse(json) as { label: string }[];
    return many ? items.filter((i) => label.test(i.label)) : items.find((i) => label.test(i.label));
  };

/** The finished result of check `id` on `appliance`; failing the test when there is none yet. */
export const resultOf = (api: AppliancesApi, appliance: Appliance, id: string) => {
  const r = api.service.state(appliance.id).results.get(id);
  assert.ok(r && r !== 'running', `${appliance.label} has a result for ${id}`);
  return r;
};

/** Records every line the view writes to its output channel until `stop`. */
export function captureLog(api: AppliancesApi): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const log = api.service.log as unknown as Record<string, (...a: unknown[]) => void>;
  const originals = Object.fromEntries(['trace', 'debug', 'info', 'warn', 'error'].map((level) => [level, log[level]]));
  for (const level of Object.keys(originals)) {
    log[level] = (...a: unknown[]) => {
      lines.push(a.map(String).join(' '));
      originals[level].apply(api.service.log, a);
    };
  }
  return { lines, stop: () => Object.assign(log, originals) };
}
