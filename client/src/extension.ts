/**
 * The VS Code extension's entry point (bundled into dist/extension.js).
 * Activation only assembles the parts; each part owns its disposables.
 */
import * as vscode from 'vscode';
import { registerAppliances } from './extension/appliances';
import { registerCommands } from './extension/commands';
import { LanguageClientController } from './extension/languageClient';
import { StatusBar } from './extension/statusBar';

/** What the extension returns from `activate`; the integration tests read it through `extension.exports`. */
export interface AsyncOsPvoApi {
  /** Resolves once the language server has started (or failed to). */
  readonly ready: Promise<void>;
  readonly languageClient: LanguageClientController;
  readonly statusBar: StatusBar;
}

export function activate(context: vscode.ExtensionContext): AsyncOsPvoApi {
  const log = vscode.window.createOutputChannel('AsyncOS PVO', { log: true });
  context.subscriptions.push(log);
  const statusBar = new StatusBar();
  context.subscriptions.push(statusBar);
  const languageClient = new LanguageClientController(context, log, statusBar);
  context.subscriptions.push(languageClient);
  registerCommands(context, { languageClient, log });
  registerAppliances(context, log);
  const ready = languageClient.start();
  return { ready, languageClient, statusBar };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the language client stops in its dispose().
}
