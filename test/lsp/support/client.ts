/**
 * A minimal LSP client for the protocol tests: starts dist/server.js over
 * stdio exactly as another editor would, answers the server's settings
 * requests, and lets tests wait for the notifications they expect.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { DocumentStatus } from '../../../server/src/lsp/protocol';

export const ROOT = path.resolve(__dirname, '../../../..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');
export const EXAMPLES = path.join(ROOT, 'examples');

export function exampleUri(name: string): string {
  return pathToFileURL(path.join(EXAMPLES, name)).toString();
}

export function readExample(name: string): string {
  return fs.readFileSync(path.join(EXAMPLES, name), 'latin1');
}

type Waiter<T> = { match: (value: T) => boolean; resolve: (value: T) => void };

export interface StartOptions {
  settings?: Record<string, unknown>;
  rootUri?: string;
  /** Whether the client answers workspace/configuration (most editors do). */
  configuration?: boolean;
  initializationOptions?: Record<string, unknown>;
  /** The editor's display language, as `initialize` reports it. */
  locale?: string;
}

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly statuses: DocumentStatus[] = [];
  readonly logs: string[] = [];
  settings: Record<string, unknown>;
  private readonly versions = new Map<string, number>();
  private readonly diagnosticWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private readonly statusWaiters: Waiter<DocumentStatus>[] = [];
  initializeResult!: InitializeResult;

  private constructor(readonly process: ChildProcess, readonly connection: MessageConnection, options: StartOptions) {
    this.settings = options.settings ?? {};
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection, options);
    child.stderr!.on('data', (chunk) => client.logs.push(String(chunk)));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      client.published.push(params);
      client.settle(client.diagnosticWaiters, params);
    });
    connection.onNotification('asyncosPvo/status', (params: DocumentStatus) => {
      client.statuses.push(params);
      client.settle(client.statusWaiters, params);
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => client.logs.push(params.message));
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'asyncosPvo' ? client.settings : null)));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    const configuration = options.configuration ?? true;
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'root' }] : null,
      initializationOptions: options.initializationOptions,
      locale: options.locale,
      capabilities: {
        workspace: { configuration, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true }, workspaceFolders: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true },
          completion: { completionItem: { snippetSupport: true } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private settle<T>(waiters: Waiter<T>[], value: T): void {
    for (const waiter of [...waiters]) {
      if (waiter.match(value)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(value);
      }
    }
  }

  private waitFor<T>(waiters: Waiter<T>[], seen: T[], match: (value: T) => boolean, what: string, timeoutMs: number): Promise<T> {
    const already = seen.find(match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; server log:\n${this.logs.join('\n')}`)), timeoutMs);
      waiters.push({ match, resolve: (value) => { clearTimeout(timer); resolve(value); } });
    });
  }

  /** Waits for diagnostics of `uri` for the document's current version (or the given one). */
  diagnostics(uri: string, version = this.versions.get(uri), timeoutMs = 15000): Promise<Diagnostic[]> {
    return this.waitFor(this.diagnosticWaiters, this.published, (p) => p.uri === uri && (version === undefined || p.version === version), `diagnostics for ${uri} v${version}`, timeoutMs)
      .then((p) => p.diagnostics);
  }

  status(uri: string, version = this.versions.get(uri), timeoutMs = 15000): Promise<DocumentStatus> {
    return this.waitFor(this.statusWaiters, this.statuses, (s) => s.uri === uri && s.version === version, `status for ${uri}`, timeoutMs);
  }

  /** Resolves on the next diagnostics for `uri` published after this call. */
  nextDiagnostics(uri: string, timeoutMs = 15000): Promise<Diagnostic[]> {
    return this.waitFor(this.diagnosticWaiters, [], (p) => p.uri === uri, `next diagnostics for ${uri}`, timeoutMs).then((p) => p.diagnostics);
  }

  async open(uri: string, text: string, languageId = 'xml'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Opens an example configuration, under its own file URI unless another is given. */
  async openExample(name: string, uri = exampleUri(name)): Promise<{ uri: string; text: string }> {
    const text = readExample(name);
    await this.open(uri, text);
    return { uri, text };
  }

  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { asyncosPvo: settings } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    await exited;
    this.connection.dispose();
  }
}

/** Applies LSP text edits to a text (the edits of one code action never overlap). */
export function applyTextEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}
