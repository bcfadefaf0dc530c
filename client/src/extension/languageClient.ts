/**
 * Starts, restarts and stops the language server (dist/server.js over IPC)
 * and routes its status notifications to the status bar.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { RevalidateRequest, SETTINGS_SECTION, StatusNotification, type DocumentStatus } from '../../../server/src/lsp/protocol';
import type { StatusBar } from './statusBar';

export class LanguageClientController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Subscriptions that belong to the current client and end with it. */
  private clientSubscriptions: vscode.Disposable[] = [];
  private starting: Promise<void> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly statusBar: StatusBar,
  ) {
    this.subscriptions.push(vscode.workspace.onDidCloseTextDocument((d) => this.statusBar.forget(d.uri.toString())));
  }

  /** The running client, for tests and for features that talk to the server. */
  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.xml');
    this.clientSubscriptions.push(watcher);
    const clientOptions: LanguageClientOptions = {
      // Only XML, and not the read-only copies of diff views (git:, …), which would fill the Problems view twice.
      // The server decides by content which XML is an AsyncOS configuration.
      documentSelector: ['file', 'untitled', 'vscode-vfs'].map((scheme) => ({ scheme, language: 'xml' })),
      // Other configurations on disk are analysed with the open ones (peer SMA, cluster machines).
      synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: watcher },
      initializationOptions: { settings: JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SETTINGS_SECTION))) },
      outputChannel: this.log,
      // One message per problem: the server logs its own failures, the client must not pop up on each.
      connectionOptions: { maxRestartCount: 4 },
    };
    const client = new LanguageClient('asyncosPvo', 'AsyncOS PVO', serverOptions, clientOptions);
    this.client = client;
    this.statusBar.setServerState('starting');
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) this.statusBar.setServerState('running');
      else if (event.newState === State.Stopped && this.client === client) this.statusBar.setServerState('stopped');
    });
    this.clientSubscriptions.push(client.onNotification(StatusNotification, (status: DocumentStatus) => this.statusBar.update(status)));
    try {
      await client.start();
      this.log.info(`language server started (${module})`);
    } catch (error) {
      this.statusBar.setServerState('failed');
      this.log.error(`the language server could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }

  async restart(): Promise<void> {
    this.log.info('restarting the language server');
    const old = this.client;
    this.client = undefined;
    for (const s of this.clientSubscriptions) s.dispose();
    this.clientSubscriptions = [];
    if (old) {
      try {
        await old.stop(5000);
      } catch (error) {
        this.log.warn(`stopping the old server failed: ${String(error)}`);
      }
    }
    await this.start();
  }

  async revalidate(): Promise<void> {
    await this.client?.sendRequest(RevalidateRequest);
  }

  dispose(): void {
    for (const s of [...this.subscriptions, ...this.clientSubscriptions]) s.dispose();
    void this.client?.stop();
  }
}
