/**
 * The status bar item: for the active AsyncOS configuration, the finding
 * counts and the release/OpenSSL profile the analysis assumed; the server's
 * state while it starts or after it failed. Hidden for other files.
 */
import * as vscode from 'vscode';
import type { DocumentStatus } from '../../../server/src/lsp/protocol';
import { COMMANDS } from './commandList';

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('asyncosPvo.status', vscode.StatusBarAlignment.Left, 50);
  private readonly statuses = new Map<string, DocumentStatus>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private serverState: ServerState = 'starting';
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever the item's text changes (tests wait on it). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item.name = 'AsyncOS PVO';
    this.subscriptions.push(this.item, this.changed, vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.render();
  }

  setServerState(state: ServerState): void {
    this.serverState = state;
    this.render();
  }

  update(status: DocumentStatus): void {
    this.statuses.set(status.uri, status);
    this.render();
  }

  forget(uri: string): void {
    this.statuses.delete(uri);
    this.render();
  }

  /** The status shown for the active editor, if any. */
  get current(): DocumentStatus | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    return uri ? this.statuses.get(uri) : undefined;
  }

  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const status = this.current;
    if (this.serverState === 'failed' || this.serverState === 'stopped') {
      this.item.text = '$(error) AsyncOS PVO';
      this.item.tooltip = `The AsyncOS PVO language server ${this.serverState === 'failed' ? 'failed' : 'stopped'}. Click to restart it.`;
      this.item.command = COMMANDS.restartServer.id;
      this.item.show();
    } else if (this.serverState === 'starting') {
      this.item.text = '$(sync~spin) AsyncOS PVO';
      this.item.tooltip = 'Starting the AsyncOS PVO language server';
      this.item.command = COMMANDS.showOutput.id;
      this.item.show();
    } else if (status?.recognised) {
      const { error, warning, information, hint } = status.counts;
      const total = error + warning + information + hint;
      const icon = error > 0 ? '$(error)' : warning > 0 ? '$(warning)' : '$(pass)';
      const profile = status.opensslProfile ? ` (OpenSSL ${status.opensslProfile.replace(/-default$/, '')})` : '';
      this.item.text = `${icon} AsyncOS ${status.release ?? 'PVO'}${profile}: ${total === 0 ? 'no problems' : `${total} finding${total === 1 ? '' : 's'}`}`;
      const tooltip = new vscode.MarkdownString(
        `**AsyncOS PVO** — ${status.kind.toUpperCase()} configuration\n\n` +
        `- Release: ${status.release ?? 'unknown'}\n- OpenSSL profile: ${status.opensslProfile ?? 'n/a'}\n` +
        `- Errors ${error}, warnings ${warning}, information ${information}, hints ${hint}\n- Analysed in ${status.durationMs} ms\n\nClick to open the Problems view.`);
      this.item.tooltip = tooltip;
      this.item.command = 'workbench.actions.view.problems';
      this.item.show();
    } else {
      this.item.hide();
    }
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
