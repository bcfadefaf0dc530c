/**
 * The language server: wires the connection's requests to the feature
 * modules. Knows LSP; knows nothing about AsyncOS beyond what the core tells it.
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind, DidChangeConfigurationNotification, TextDocumentSyncKind, TextDocuments,
  type CancellationToken, type ClientCapabilities, type Connection, type InitializeParams, type InitializeResult, type Position, type ReferenceParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeBytes } from '../core/text/decode';
import { LineIndex } from '../core/text/lineIndex';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { Analyses, type ValidatedVersion } from './analyses';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { toDiagnostic, type LineIndexOf } from './convert';
import { InProcessEngine, WorkerEngine, type Engine } from './engine';
import { HandlerGuard } from './guard';
import { RevalidateRequest, SETTINGS_SECTION, StatusNotification, type DocumentStatus } from './protocol';
import { analyzerOptionsOf, normaliseSettings, type ServerSettings } from './settings';
import { flattenSymbols, matchesQuery } from './symbols';
import { WorkerViews, type ViewQuery } from './views';
import { WorkspaceIndex } from './workspaceIndex';

export interface ServerOptions {
  /** Where `parseWorker.js` is looked for (the bundle's folder). */
  workerDir: string;
}

interface ClientFeatures {
  configurationPull: boolean;
  dynamicConfiguration: boolean;
  snippets: boolean;
  documentChanges: boolean;
  hierarchicalSymbols: boolean;
  workspaceFolders: boolean;
}

function clientFeatures(c: ClientCapabilities): ClientFeatures {
  return {
    configurationPull: !!c.workspace?.configuration,
    dynamicConfiguration: !!c.workspace?.didChangeConfiguration?.dynamicRegistration,
    snippets: !!c.textDocument?.completion?.completionItem?.snippetSupport,
    documentChanges: !!c.workspace?.workspaceEdit?.documentChanges,
    hierarchicalSymbols: !!c.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport,
    workspaceFolders: !!c.workspace?.workspaceFolders,
  };
}

export function startServer(connection: Connection, options: ServerOptions): void {
  // The manager trusts the client's JSON: a didOpen with `"text": null` or a non-string URI would
  // otherwise store a document that breaks every later analysis, so both are coerced here.
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) =>
      TextDocument.create(String(uri), String(languageId), Number.isInteger(version) ? version : 0, typeof content === 'string' ? content : ''),
    update: (document, changes, version) =>
      TextDocument.update(document, changes.filter((change) => typeof (change as { text?: unknown })?.text === 'string'), version),
  });
  const guard = new HandlerGuard(connection.console);
  const workspaceIndex = new WorkspaceIndex();
  let features = clientFeatures({});
  let engine: Engine = new InProcessEngine();
  let views: WorkerViews | undefined;
  const seen = new Set<string>();

  /** Related locations in other files: open documents first, then the file on disk. */
  const lineIndexOf: LineIndexOf = (uri) => {
    const open = documents.get(uri);
    if (open) return new LineIndex(open.getText());
    if (!uri.startsWith('file:')) return undefined;
    try {
      return new LineIndex(decodeBytes(fs.readFileSync(fileURLToPath(uri))).text);
    } catch {
      return undefined;
    }
  };

  const publish = (document: TextDocument, validated: ValidatedVersion | undefined) => {
    const findings = validated?.result.findings ?? [];
    const diagnostics = findings.map((finding, index) => toDiagnostic(finding, document.uri, { version: document.version, index }, lineIndexOf));
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    void Promise.resolve().then(() => {
      const counts = { error: 0, warning: 0, information: 0, hint: 0 };
      for (const finding of findings) counts[finding.severity]++;
      const release = validated?.result.release;
      const status: DocumentStatus = {
        uri: document.uri,
        version: document.version,
        recognised: !!validated?.result.recognised,
        kind: validated?.result.kind ?? 'unknown',
        release,
        opensslProfile: validated?.result.opensslProfile,
        counts,
        durationMs: validated?.result.durationMs ?? 0,
      };
      return connection.sendNotification(StatusNotification, status);
    }).catch((error) => guard.report('status', error));
  };

  const analyses = new Analyses(connection, documents, engine, guard, publish, workspaceIndex);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    features = clientFeatures(params.capabilities);
    const init = (params.initializationOptions ?? {}) as { settings?: unknown; worker?: boolean };
    analyses.configurationPull = features.configurationPull;
    analyses.locale = params.locale;
    analyses.fallbackSettings = normaliseSettings(init.settings);
    const script = init.worker === false ? undefined : WorkerEngine.scriptBeside(options.workerDir);
    if (script) {
      engine = new WorkerEngine(script, (message) => connection.console.error(message));
      analyses.setEngine(engine);
      views = new WorkerViews(script, (message) => connection.console.error(message));
      analyses.setViews(views);
    }
    workspaceIndex.folders = (params.workspaceFolders ?? []).map((f) => safePath(f.uri)).filter((p): p is string => !!p);
    if (workspaceIndex.folders.length === 0 && params.rootUri) {
      const root = safePath(params.rootUri);
      if (root) workspaceIndex.folders = [root];
    }
    return {
      capabilities: {
        // Edits arrive as ranges: a keystroke in a large file does not re-send the whole text.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: params.capabilities.textDocument?.codeAction?.codeActionLiteralSupport
          ? { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] }
          : undefined,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['$', '<', ':', '!', '+'] },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        ...(features.workspaceFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: `${TOOL_NAME}-language-server`, version: TOOL_VERSION },
    };
  });

  connection.onInitialized(guard.run('initialized', () => {
    connection.console.info(`${TOOL_NAME} language server ${TOOL_VERSION} ready (analysis: ${engine.name})`);
    if (features.dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    if (features.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(guard.run('workspaceFolders', (event) => {
        const removed = new Set(event.removed.map((f) => safePath(f.uri)));
        workspaceIndex.folders = [...workspaceIndex.folders.filter((f) => !removed.has(f)), ...event.added.map((f) => safePath(f.uri)).filter((p): p is string => !!p)];
      }));
    }
  }));

  connection.onDidChangeConfiguration(guard.run('didChangeConfiguration', (params) => {
    if (!features.configurationPull) {
      const all = (params.settings ?? {}) as Record<string, unknown>;
      analyses.fallbackSettings = normaliseSettings(all[SETTINGS_SECTION] ?? all);
    }
    analyses.invalidateSettings();
    analyses.validateAll();
  }));

  connection.onDidChangeWatchedFiles(guard.run('didChangeWatchedFiles', () => analyses.workspaceChanged()));

  connection.onRequest(RevalidateRequest, guard.wrap('revalidate', null, () => {
    analyses.invalidateSettings();
    analyses.validateAll();
    return null;
  }));

  documents.onDidChangeContent(guard.run('didChange', (event) => {
    // The first content event is the open: analyse it at once rather than after the typing pause.
    const first = !seen.has(event.document.uri);
    seen.add(event.document.uri);
    if (first) {
      views?.start();
      analyses.schedule(event.document, true);
    } else analyses.changed(event.document);
  }));
  documents.onDidSave(guard.run('didSave', (event) => analyses.schedule(event.document, true)));
  documents.onDidClose(guard.run('didClose', (event) => {
    seen.delete(event.document.uri);
    analyses.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  }));

  type PositionParams = { textDocument: { uri: string }; position: Position };
  /** A feature answered on the model view of the document's version when the request arrived (`views.ts`). */
  const onView = <P extends PositionParams, Q extends ViewQuery>(name: string, query: (params: P, settings: ServerSettings) => Q) =>
    guard.wrap(name, null, async (params: P, token?: CancellationToken) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      return (await analyses.ask(document, (settings) => query(params, settings), token)) ?? null;
    });

  connection.onHover(onView('hover', (params, settings) => ({ feature: 'hover', position: params.position, options: analyzerOptionsOf(settings) })));
  connection.onCompletion(onView('completion', (params, settings) => ({ feature: 'completion', position: params.position, snippets: features.snippets, options: analyzerOptionsOf(settings) })));
  connection.onDefinition(onView('definition', (params) => ({ feature: 'definition', position: params.position })));
  connection.onReferences(onView('references', (params: ReferenceParams) => ({ feature: 'references', position: params.position, includeDeclaration: params.context.includeDeclaration })));

  /** The outline of the current version, from its analysis (in the worker); the model view when there is none. */
  const outline = async (document: TextDocument) => {
    // Analysing in the worker now beats parsing a large file on the request path.
    if (!analyses.validated(document)) await analyses.validate(document.uri);
    const validated = analyses.validated(document);
    if (validated) return validated.result.symbols;
    return (await analyses.ask(document, () => ({ feature: 'symbols' }))) ?? undefined;
  };

  connection.onDocumentSymbol(guard.wrap('documentSymbol', null, async (params) => {
    const document = documents.get(params.textDocument.uri);
    const symbols = document && (await outline(document));
    if (!document || !symbols) return null;
    return features.hierarchicalSymbols ? symbols : flattenSymbols(symbols, document.uri);
  }));

  connection.onWorkspaceSymbol(guard.wrap('workspaceSymbol', [], async (params, token) => {
    const out = [];
    const open = new Set<string>();
    for (const document of documents.all()) {
      open.add(document.uri);
      const symbols = await outline(document);
      if (symbols) out.push(...flattenSymbols(symbols, document.uri));
    }
    if (!token.isCancellationRequested) out.push(...(await workspaceIndex.symbols(open)));
    return out.filter((s) => matchesQuery(s.name, params.query));
  }));

  connection.onCodeAction(guard.wrap('codeAction', null, async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    let validated = analyses.validated(document);
    if (!validated) {
      // The client asked before the debounced analysis ran: analyse this version now.
      await analyses.validate(document.uri);
      validated = analyses.validated(document);
    }
    return codeActions(document, validated, params, { documentChanges: features.documentChanges, locale: analyses.locale }, lineIndexOf);
  }));

  connection.onShutdown(() => analyses.dispose());
  documents.listen(connection);
  connection.listen();
}

function safePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
