/**
 * The analysis that diagnostics need, run off the request path. Two engines
 * share one contract: `WorkerEngine` analyses in a worker thread so that a
 * large file never blocks hovers and completions; `InProcessEngine` is the
 * fallback when no worker can be started.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createAnalyzer, type AnalysisResult, type Analyzer, type Finding } from '../core/analyzer';
import type { ConfigModel } from '../core/model/types';
import type { AnalyzerOptions } from '../core/options';
import type { WorkspaceFile } from '../core/rules/types';
import { modelViewOf } from './modelView';
import { documentSymbols } from './symbols';
import type { DocumentSymbol } from 'vscode-languageserver';
import { profileIdOf } from './cipherFeatures';

/**
 * Another configuration the document is analysed together with (its peer
 * SMA, the other machines of its cluster). `text` may be left out when the
 * receiver already holds this `key` (a version or modification time) of it.
 */
export interface WorkspaceEntry {
  uri: string;
  key: string;
  text?: string;
}

export interface EngineRequest {
  uri: string;
  version: number;
  text: string;
  /** The other configurations of the workspace (open documents and files on disk). */
  workspace: WorkspaceEntry[];
  options: AnalyzerOptions;
  /** Cache key of `options`, so the worker keeps one analyzer per distinct set of settings. */
  optionsKey: string;
}

/** The part of an analysis that can cross a thread boundary. */
export interface EngineResult {
  recognised: boolean;
  kind: string;
  findings: Finding[];
  notes: string[];
  release?: string;
  /** The OpenSSL build profile the cipher rules used. */
  opensslProfile?: string;
  /**
   * The outline, computed where the model is: editors ask for it after every
   * change, and building a large file's model again on the request path would block.
   */
  symbols?: DocumentSymbol[];
  durationMs: number;
}

export interface Engine {
  /** Resolves to undefined when a newer version of the same document made this request stale. */
  analyze(request: EngineRequest): Promise<EngineResult | undefined>;
  dispose(): void;
  readonly name: string;
}

const analyzers = new Map<string, Analyzer>();

/** Models of the other configurations, rebuilt only when their key changes; one cache per thread. */
const workspaceModels = new Map<string, { key: string; model: ConfigModel | undefined }>();

function workspaceFiles(entries: WorkspaceEntry[]): WorkspaceFile[] {
  const out: WorkspaceFile[] = [];
  for (const entry of entries) {
    let cached = workspaceModels.get(entry.uri);
    if (!cached || cached.key !== entry.key) {
      if (entry.text === undefined) continue;
      cached = { key: entry.key, model: modelViewOf(entry.text)?.model };
      workspaceModels.set(entry.uri, cached);
    }
    if (cached.model) out.push({ uri: entry.uri, model: cached.model });
  }
  return out;
}

/**
 * The last analysis of each recently analysed document, so that the next
 * version re-uses its tree (`reanalyzeText`). A few documents only: each
 * holds a whole tree and model.
 */
const lastResults = new Map<string, AnalysisResult>();
const LAST_RESULTS_LIMIT = 4;

/**
 * The work itself, shared by both engines (and the worker's entry point).
 * With `keep`, the analysis is kept for the document's next version; only
 * the worker keeps them, where nothing else holds the spans a re-use moves.
 */
export function runAnalysis(request: Omit<EngineRequest, 'version'>, keep = false): EngineResult {
  const started = performance.now();
  let analyzer = analyzers.get(request.optionsKey);
  if (!analyzer) {
    if (analyzers.size > 16) analyzers.clear();
    analyzer = createAnalyzer(request.options);
    analyzers.set(request.optionsKey, analyzer);
  }
  const workspace = workspaceFiles(request.workspace.filter((e) => e.uri !== request.uri));
  // Taken out first: a re-use spends it, and a failure half-way must not leave a half-patched tree behind.
  const previous = keep ? lastResults.get(request.uri) : undefined;
  lastResults.delete(request.uri);
  const result = previous
    ? analyzer.reanalyzeText(previous, request.text, workspace)
    : analyzer.analyzeText(request.text, request.uri, undefined, workspace);
  if (keep) {
    if (lastResults.size >= LAST_RESULTS_LIMIT) lastResults.delete(lastResults.keys().next().value!);
    lastResults.set(request.uri, result);
  }
  return {
    recognised: result.recognised,
    kind: result.kind,
    findings: result.findings,
    notes: result.notes,
    release: result.model?.header?.version?.value ?? request.options.release,
    opensslProfile: profileIdOf(result.model, request.options),
    symbols: result.model ? documentSymbols(result.model, result.lineIndex) : undefined,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

/** A worker thread running `script` (`parseWorker.js`) that does not keep the server's process alive. */
export function startWorker<M>(script: string, on: { message: (message: M) => void; error: (error: Error) => void; exit: () => void }): Worker {
  const worker = new Worker(script);
  worker.unref();
  worker.on('message', on.message);
  worker.on('error', on.error);
  worker.on('exit', on.exit);
  return worker;
}

interface Pending {
  request: EngineRequest;
  resolve: (result: EngineResult | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Keeps at most one queued request per document: a newer version replaces the
 * queued one (which resolves to undefined) before any work is spent on it.
 */
abstract class QueueingEngine implements Engine {
  abstract readonly name: string;
  protected readonly queued = new Map<string, Pending>();
  protected running: Pending | undefined;

  analyze(request: EngineRequest): Promise<EngineResult | undefined> {
    return new Promise((resolve, reject) => {
      this.queued.get(request.uri)?.resolve(undefined);
      this.queued.set(request.uri, { request, resolve, reject });
      this.onQueued(request);
      this.pump();
    });
  }

  /** A newer request for the document being analysed arrived. */
  protected onQueued(_request: EngineRequest): void {}

  protected pump(): void {
    if (this.running) return;
    const next = this.queued.entries().next();
    if (next.done) return;
    const [uri, pending] = next.value;
    this.queued.delete(uri);
    this.running = pending;
    this.start(pending);
  }

  protected finish(pending: Pending, result: EngineResult | undefined, error?: unknown): void {
    if (this.running === pending) this.running = undefined;
    if (error !== undefined) pending.reject(error);
    else pending.resolve(result);
    this.pump();
  }

  protected abstract start(pending: Pending): void;

  dispose(): void {
    for (const pending of this.queued.values()) pending.resolve(undefined);
    this.queued.clear();
    if (this.running) this.running.resolve(undefined);
    this.running = undefined;
  }
}

export class InProcessEngine extends QueueingEngine {
  readonly name = 'in-process';

  protected start(pending: Pending): void {
    // Yield first, so that edits already on the wire can replace this request.
    setImmediate(() => {
      if (this.running !== pending) return;
      try {
        this.finish(pending, runAnalysis(pending.request));
      } catch (error) {
        this.finish(pending, undefined, error);
      }
    });
  }
}

/** Messages to and from the worker (`parseWorker.ts`). */
export interface WorkerRequestMessage { id: number; request: Omit<EngineRequest, 'version'> }
export type WorkerResponseMessage = { id: number; result: EngineResult } | { id: number; error: string };

export class WorkerEngine extends QueueingEngine {
  readonly name = 'worker';
  private worker: Worker | undefined;
  private nextId = 1;
  private runningId = 0;
  private runningSince = 0;
  private stopped = false;
  /** The key of each workspace file whose text the current worker already holds. */
  private readonly sent = new Map<string, string>();

  /**
   * @param script the bundled worker, `parseWorker.js`
   * @param restartAfterMs a stale analysis running longer than this is abandoned by restarting the worker
   */
  constructor(private readonly script: string, private readonly onError: (message: string) => void, private readonly restartAfterMs = 750) {
    super();
  }

  static scriptBeside(dir: string): string | undefined {
    const script = path.join(dir, 'parseWorker.js');
    return fs.existsSync(script) ? script : undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.sent.clear();
    const worker: Worker = startWorker<WorkerResponseMessage>(this.script, {
      message: (message) => {
        const pending = this.running;
        if (!pending || message.id !== this.runningId) return;
        if ('error' in message) this.finish(pending, undefined, new Error(message.error));
        else this.finish(pending, message.result);
      },
      error: (error) => {
        this.onError(`analysis worker failed: ${error.stack ?? error.message}`);
        this.replaceWorker();
      },
      exit: () => {
        if (this.worker === worker) this.worker = undefined;
      },
    });
    this.worker = worker;
    return worker;
  }

  private replaceWorker(): void {
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
    const pending = this.running;
    if (pending && !this.stopped) {
      // The abandoned request is retried only if nothing newer replaced it.
      if (this.queued.has(pending.request.uri)) pending.resolve(undefined);
      else this.queued.set(pending.request.uri, pending);
    }
    this.running = undefined;
    if (!this.stopped) this.pump();
  }

  protected override onQueued(request: EngineRequest): void {
    const pending = this.running;
    if (!pending || pending.request.uri !== request.uri) return;
    // Analysis in the worker cannot be interrupted; a long stale run is cut short by replacing the worker.
    const elapsed = performance.now() - this.runningSince;
    if (elapsed >= this.restartAfterMs) {
      pending.resolve(undefined);
      this.running = undefined;
      const old = this.worker;
      this.worker = undefined;
      void old?.terminate();
    }
  }

  protected start(pending: Pending): void {
    const id = this.nextId++;
    this.runningId = id;
    this.runningSince = performance.now();
    const { version: _version, ...full } = pending.request;
    try {
      const worker = this.ensureWorker();
      // Texts cross the thread boundary once per version, not with every request.
      const workspace = full.workspace.map((e) => (this.sent.get(e.uri) === e.key ? { uri: e.uri, key: e.key } : e));
      worker.postMessage({ id, request: { ...full, workspace } } satisfies WorkerRequestMessage);
      for (const e of full.workspace) if (e.text !== undefined) this.sent.set(e.uri, e.key);
    } catch (error) {
      this.finish(pending, undefined, error);
    }
  }

  override dispose(): void {
    this.stopped = true;
    super.dispose();
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
