/**
 * Every command the extension contributes, in one table. Ids and titles live
 * in `commandList.ts` (which package.json must match); handlers live here.
 */
import * as vscode from 'vscode';
import { COMMANDS } from './commandList';
import type { LanguageClientController } from './languageClient';

export interface CommandServices {
  languageClient: LanguageClientController;
  log: vscode.LogOutputChannel;
}

type Handler = (services: CommandServices, ...args: unknown[]) => unknown;

/** Later features (the Appliances view) add their entries to this table. */
export const commandHandlers: Record<string, Handler> = {
  [COMMANDS.restartServer.id]: ({ languageClient }) => languageClient.restart(),
  [COMMANDS.showOutput.id]: ({ log }) => log.show(true),
  [COMMANDS.revalidate.id]: ({ languageClient }) => languageClient.revalidate(),
};

export function registerCommands(context: vscode.ExtensionContext, services: CommandServices, handlers: Record<string, Handler> = commandHandlers): void {
  for (const [id, run] of Object.entries(handlers)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => run(services, ...args)));
  }
}
