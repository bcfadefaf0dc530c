/**
 * The model views that hover, completion, definition, references and the
 * fallback outline read: one per document version, built once and shared by
 * every request on that version. `WorkerViews` builds and queries them in a
 * worker thread of their own, so that parsing a large document never blocks
 * the server's main loop and a request on a small file never waits for a
 * large file's analysis (that runs in the analysis worker, `engine.ts`); it
 * can wait while a large file's view is built, once per version, as the
 * worker answers one request at a time. `InProcessViews` is the fallback when
 * no worker can be started.
 *
 * A request is answered on the version the document had when the request
 * arrived, with that version's text and positions, never on an older view.
 */
import type { Worker } from 'node:worker_threads';
import type { CompletionList, DocumentSymbol, Hover, Location, Position } from 'vscode-languageserver';
import { createAnalyzer, type AnalysisResult } from '../core/analyzer';
import type { AnalyzerOptions } from '../core/options';
import { complete } from './completion';
import { hover } from './hover';
import { startWorker } from './engine';
import type { ModelView } from './modelView';
import { definition, references } from './navigation';
import { documentSymbols } from './symbols';

export type ViewQuery =
  | { feature: 'hover'; position: Position; options: AnalyzerOptions }
  | { feature: 'completion'; position: Position; snippets: boolean; options: AnalyzerOptions }
  | { feature: 'definition'; position: Position }
  | { feature: 'references'; position: Position; includeDeclaration: boolean }
  | { feature: 'symbols' };

interface Answers {
  hover: Hover | null;
  completion: CompletionList | null;
  definition: Location[] | null;
  references: Location[] | null;
  symbols: DocumentSymbol[] | null;
}

export type ViewAnswer<Q extends ViewQuery> = Answers[Q['feature']];

/** Answers one query on one version's view; null for text that is not an AsyncOS configuration. */
export function answerQuery<Q extends ViewQuery>(view: ModelView | undefined, uri: string, query: Q): ViewAnswer<Q> {
  if (!view) return null;
  const at = (position: Position) => view.lineIndex.offsetAt(position);
  let out: Answers[keyof Answers];
  switch (query.feature) {
    case 'hover': out = hover(view, at(query.position), query.options); break;
    case 'completion': out = complete(view, at(query.position), { snippets: query.snippets, analyzer: query.options }); break;
    case 'definition': out = definition(view, uri, at(query.position)); break;
    case 'references': out = references(view, uri, at(query.position), query.includeDeclaration); break;
    case 'symbols': out = documentSymbols(view.model, view.lineIndex); break;
  }
  return out as ViewAnswer<Q>;
}

/**
 * One view per document: the version last asked about. A newer version is
 * built from the one held by the core's incremental path (an edit inside one
 * element's text patches the tree instead of parsing the text again), with no
 * rule run: those run in the analysis worker.
 */
export class ViewCache {
  private readonly analyzer = createAnalyzer({}, []);
  private readonly views = new Map<string, { version: number; result: AnalysisResult; view: ModelView | undefined }>();

  has(uri: string, version: number): boolean {
    return this.views.get(uri)?.version === version;
  }

  /** The view of `version`, built from `text` unless it is the one held. */
  view(uri: string, version: number, text: string): ModelView | undefined {
    const held = this.views.get(uri);
    if (held?.version === version) return held.view;
    // The held result is spent by the re-use: taken out first, so that a failure leaves nothing half-patched behind.
    this.views.delete(uri);
    const result = held && held.version < version ? this.analyzer.reanalyzeText(held.result, text) : this.analyzer.analyzeText(text, uri);
    const { document, model, lineIndex } = result;
    const view = result.recognised && document && model ? { text, lineIndex, document, model } : undefined;
    this.views.set(uri, { version, result, view });
    return view;
  }

  held(uri: string, version: number): ModelView | undefined {
    const held = this.views.get(uri);
    return held?.version === version ? held.view : undefined;
  }

  forget(uri: string): void {
    this.views.delete(uri);
  }
}

export interface ViewHost {
  readonly name: string;
  /**
   * Answers `query` on `version` of `uri`; `text` is that version's text.
   * Undefined when the host gave up, or when the answer was no longer wanted
   * (`stale`) before any work was spent on it.
   */
  ask<Q extends ViewQuery>(uri: string, version: number, text: string, query: Q, stale?: () => boolean): Promise<ViewAnswer<Q> | undefined>;
  forget(uri: string): void;
  dispose(): void;
}

export class InProcessViews implements ViewHost {
  readonly name = 'in-process';
  private readonly cache = new ViewCache();

  ask<Q extends ViewQuery>(uri: string, version: number, text: string, query: Q, stale?: () => boolean): Promise<ViewAnswer<Q> | undefined> {
    if (stale?.()) return Promise.resolve(undefined);
    return Promise.resolve(answerQuery(this.cache.view(uri, version, text), uri, query));
  }

  forget(uri: string): void {
    this.cache.forget(uri);
  }

  dispose(): void {}
}

/** Messages to and from the views worker (`parseWorker.ts` answers both kinds of worker). */
export type ViewRequestMessage =
  | { id: number; view: { uri: string; version: number; text?: string; query: ViewQuery } }
  | { id: number; forget: string };
export type ViewResponseMessage = { id: number; answer: unknown } | { id: number; missing: true } | { id: number; error: string };

/** The worker's side: the views it holds and the answers it computes. */
export function handleViewMessage(cache: ViewCache, message: ViewRequestMessage): ViewResponseMessage | undefined {
  if ('forget' in message) {
    cache.forget(message.forget);
    return undefined;
  }
  const { uri, version, text, query } = message.view;
  if (text === undefined && !cache.has(uri, version)) return { id: message.id, missing: true };
  const view = text === undefined ? cache.held(uri, version) : cache.view(uri, version, text);
  return { id: message.id, answer: answerQuery(view, uri, query) };
}

interface Ask {
  uri: string;
  version: number;
  text: string;
  query: ViewQuery;
  /** True once the client no longer wants the answer (it cancelled the request). */
  stale?: () => boolean;
  resolve: (answer: unknown) => void;
  reject: (error: unknown) => void;
  /** Whether the worker was already told this version's text (it answered "missing" once). */
  resent?: boolean;
}

/**
 * Sends one request at a time and drops, unanswered, the queued ones that the
 * client cancelled or that a request of the same kind on a newer version of
 * the document superseded: typing in a large document with completion on
 * every key builds the view of the latest version, not of every version in turn.
 */
export class WorkerViews implements ViewHost {
  readonly name = 'worker';
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly queue: Ask[] = [];
  private inFlight: { id: number; ask: Ask } | undefined;
  /** The version of each document whose text the current worker holds. */
  private readonly held = new Map<string, number>();
  private stopped = false;

  /** @param script the bundled worker, `parseWorker.js` */
  constructor(private readonly script: string, private readonly onError: (message: string) => void) {}

  /** Starts the worker ahead of the first request, so that the first hover does not wait for it to load. */
  start(): void {
    if (!this.stopped) this.ensureWorker();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.held.clear();
    const worker: Worker = startWorker<ViewResponseMessage>(this.script, {
      message: (message) => this.answered(message),
      error: (error) => {
        this.onError(`views worker failed: ${error.stack ?? error.message}`);
        this.drop(worker);
      },
      exit: () => this.drop(worker),
    });
    this.worker = worker;
    return worker;
  }

  private answered(message: ViewResponseMessage): void {
    const current = this.inFlight;
    if (!current || message.id !== current.id) return;
    if ('missing' in message && !current.ask.resent) {
      current.ask.resent = true;
      this.send(current.ask, true);
      return;
    }
    this.inFlight = undefined;
    if ('error' in message) current.ask.reject(new Error(message.error));
    else current.ask.resolve('answer' in message ? message.answer : undefined);
    this.pump();
  }

  /** A worker that failed or exited: its request gets no answer (the handler's default), the next one starts another worker. */
  private drop(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.held.clear();
    void worker.terminate();
    this.inFlight?.ask.resolve(undefined);
    this.inFlight = undefined;
    if (!this.stopped) this.pump();
  }

  private send(ask: Ask, withText: boolean): void {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    this.inFlight = { id, ask };
    // The text crosses the thread boundary once per version, not with every request.
    worker.postMessage({ id, view: { uri: ask.uri, version: ask.version, text: withText ? ask.text : undefined, query: ask.query } } satisfies ViewRequestMessage);
    if (withText) this.held.set(ask.uri, ask.version);
  }

  private pump(): void {
    while (!this.inFlight && this.queue.length > 0) {
      const ask = this.queue.shift()!;
      const superseded = this.queue.some((a) => a.uri === ask.uri && a.query.feature === ask.query.feature && a.version > ask.version);
      if (superseded || ask.stale?.()) {
        ask.resolve(undefined);
        continue;
      }
      try {
        this.send(ask, this.held.get(ask.uri) !== ask.version);
      } catch (error) {
        this.inFlight = undefined;
        ask.reject(error);
      }
    }
  }

  ask<Q extends ViewQuery>(uri: string, version: number, text: string, query: Q, stale?: () => boolean): Promise<ViewAnswer<Q> | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.queue.push({ uri, version, text, query, stale, resolve: resolve as (answer: unknown) => void, reject });
      this.pump();
    });
  }

  forget(uri: string): void {
    for (const ask of this.queue.filter((a) => a.uri === uri)) ask.resolve(undefined);
    this.queue.splice(0, this.queue.length, ...this.queue.filter((a) => a.uri !== uri));
    if (!this.held.delete(uri) || !this.worker) return;
    this.worker.postMessage({ id: 0, forget: uri } satisfies ViewRequestMessage);
  }

  dispose(): void {
    this.stopped = true;
    for (const ask of this.queue.splice(0)) ask.resolve(undefined);
    const worker = this.worker;
    if (worker) this.drop(worker);
  }
}
