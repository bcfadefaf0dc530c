/**
 * `incremental`: a one-character edit in the outbound cipher list of a
 * generated config, sent to the real language server (dist/server.js over
 * stdio, as any editor talks to it), timed until the diagnostics for the
 * new version arrive; against a full lint of the same file in this process.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { OUTBOUND_CIPHERS } from './generate';
import { lintInProcess } from './lint';
import { interleave, ratio, round, summarise, type Skipped } from './util';

interface PublishParams {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

interface Session {
  connection: MessageConnection;
  /** Resolves with the diagnostics of `version` (or the next publication when the server sends no version). */
  diagnosticsFor(version: number): Promise<PublishParams>;
  lastStatusMs(): number | undefined;
  /** What the server asked for in `initialize`: 1 whole documents, 2 incremental changes. */
  syncKind: number | undefined;
  close(): Promise<void>;
}

async function startSession(serverScript: string, settings: Record<string, unknown>): Promise<Session> {
  const child = spawn(process.execPath, [serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting: { version: number; resolve: (p: PublishParams) => void }[] = [];
  let statusMs: number | undefined;
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishParams) => {
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i];
      if (params.version === undefined || params.version >= w.version) {
        waiting.splice(i, 1);
        w.resolve(params);
      }
    }
  });
  connection.onNotification('asyncosPvo/status', (status: { durationMs?: number }) => {
    statusMs = status.durationMs;
  });
  connection.onNotification(() => undefined);
  // Requests a client must answer; an editor answers these too.
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.resolve({ uri: '', diagnostics: [], version: -1 });
    if (code) process.stderr.write(`language server exited ${code}: ${stderr}\n`);
  });
  connection.listen();
  const init: { capabilities?: { textDocumentSync?: number | { change?: number } } } = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: true } } },
    initializationOptions: { settings },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    diagnosticsFor(version) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} within 120 s; server stderr: ${stderr}`)), 120_000);
        waiting.push({
          version,
          resolve: (p) => {
            clearTimeout(timer);
            if (p.version === -1) reject(new Error(`language server exited: ${stderr}`));
            else resolve(p);
          },
        });
      });
    },
    lastStatusMs: () => statusMs,
    syncKind: typeof init.capabilities?.textDocumentSync === 'number' ? init.capabilities.textDocumentSync : init.capabilities?.textDocumentSync?.change,
    async close() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => child.kill(), 3000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
  };
}

export interface IncrementalResult {
  sizeBytes: number;
  editToDiagnosticsMs: number;
  fullLintMs: number;
  ratio: number;
  [key: string]: unknown;
}

/** Edits per session: the first few pay for JIT warm-up in the server's worker and are left out. */
const WARMUP_EDITS = 1;

async function editLoop(session: Session, uri: string, text: string, edits: number): Promise<{ times: number[]; serverMs: number[]; diagnostics: number; counts: number[] }> {
  const at = text.indexOf(OUTBOUND_CIPHERS);
  if (at < 0) throw new Error('generated config has no outbound cipher list');
  // The last character of the first suite name: SHA384 ⇄ SHA385 (an unknown suite, so the diagnostics change).
  const editAt = at + OUTBOUND_CIPHERS.indexOf(':') - 1;
  const lineStart = text.lastIndexOf('\n', editAt - 1) + 1;
  const position = { line: text.slice(0, lineStart).split('\n').length - 1, character: editAt - lineStart };
  let version = 1;
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version, text } });
  let published = await session.diagnosticsFor(version);
  let current = text;
  const times: number[] = [];
  const serverMs: number[] = [];
  // Diagnostics per edit: they must alternate with the edit (an unknown suite, then not), or the server got the edit wrong.
  const counts: number[] = [];
  for (let n = 0; n < edits + WARMUP_EDITS; n++) {
    const char = current[editAt] === '4' ? '5' : '4';
    current = current.slice(0, editAt) + char + current.slice(editAt + 1);
    version++;
    const t0 = performance.now();
    // What an editor sends: just the edit when the server syncs incrementally, else the whole text.
    const change = session.syncKind === 2 ? { range: { start: position, end: { line: position.line, character: position.character + 1 } }, text: char } : { text: current };
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    published = await session.diagnosticsFor(version);
    const ms = performance.now() - t0;
    counts.push(published.diagnostics.length);
    if (n >= WARMUP_EDITS) {
      times.push(ms);
      const s = session.lastStatusMs();
      if (s !== undefined) serverMs.push(s);
    }
  }
  await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { times, serverMs, diagnostics: published.diagnostics.length, counts };
}

export async function benchIncremental(serverScript: string | undefined, file: string, runs: number, withDefaultDebounce = true): Promise<IncrementalResult | Skipped> {
  if (!serverScript) return { skipped: 'dist/server.js not built (the language server is missing or `npm run build` failed)' };
  const text = readFileSync(file).toString('latin1');
  const uri = pathToFileURL(file).href;
  const fast = await startSession(serverScript, { debounceMs: 0 });
  let edit;
  const syncKind = fast.syncKind;
  try {
    edit = await editLoop(fast, uri, text, runs);
  } finally {
    await fast.close();
  }
  // What a user sees with the shipped settings: the typing pause comes on top.
  let withDebounce: { times: number[] } = { times: [] };
  if (withDefaultDebounce) {
    const typical = await startSession(serverScript, {});
    try {
      withDebounce = await editLoop(typical, uri, text, Math.min(runs, 3));
    } finally {
      await typical.close();
    }
  }
  await lintInProcess(file);
  const full = await interleave(Math.min(runs, withDefaultDebounce ? 5 : 2), { lint: () => lintInProcess(file) });
  const times = summarise(edit.times);
  return {
    sizeBytes: Buffer.byteLength(text, 'latin1'),
    editToDiagnosticsMs: times.median,
    fullLintMs: full.lint.median,
    ratio: ratio(times.median, full.lint.median),
    editToDiagnosticsMsMin: times.min,
    fullLintMsMin: full.lint.min,
    debounceMs: 0,
    editToDiagnosticsDefaultDebounceMs: withDebounce.times.length ? summarise(withDebounce.times).median : null,
    serverReportedAnalysisMs: edit.serverMs.length ? summarise(edit.serverMs).median : null,
    syncKind: syncKind === 2 ? 'incremental' : syncKind === 1 ? 'full' : String(syncKind),
    diagnosticsAfterEdit: edit.diagnostics,
    diagnosticsPerEdit: edit.counts,
    runs,
    samples: { editToDiagnosticsMs: times.samples, fullLintMs: full.lint.samples, editToDiagnosticsDefaultDebounceMs: withDebounce.times.map((t) => round(t)) },
  };
}

export interface ResponsivenessResult {
  bigSizeBytes: number;
  bigOpenToDiagnosticsMs: number;
  hoverRequests: number;
  hoverMaxMs: number;
  hoverMedianMs: number;
  [key: string]: unknown;
}

/**
 * Is the server still answering while it analyses a big file? A small
 * document is opened and analysed first; then a big one is opened, and hovers
 * on the small one are sent every 20 ms until the big one's diagnostics
 * arrive. Analysis in a worker keeps the hovers fast; analysis on the main
 * loop, or a hover queued behind the big analysis, would show here. Then one
 * hover on the big document, twice: the first builds that version's view (off
 * the main loop, so the small document's outline requested meanwhile answers
 * at once), the second re-uses it.
 */
export async function benchResponsiveness(serverScript: string | undefined, smallFile: string, bigFile: string): Promise<ResponsivenessResult | Skipped> {
  if (!serverScript) return { skipped: 'dist/server.js not built' };
  const small = readFileSync(smallFile).toString('latin1');
  const big = readFileSync(bigFile).toString('latin1');
  const at = small.indexOf('<ssl_outbound_ciphers>');
  if (at < 0) return { skipped: `${smallFile} has no outbound cipher list to hover` };
  const before = small.slice(0, at + '<ssl_outbound_ciphers>'.length + 2).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const smallUri = pathToFileURL(smallFile).href;
  const bigUri = pathToFileURL(bigFile).href;
  const session = await startSession(serverScript, { debounceMs: 0 });
  try {
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: smallUri, languageId: 'xml', version: 1, text: small } });
    await session.diagnosticsFor(1);
    // One hover before timing, so the small document's full analysis is in place.
    await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: smallUri }, position });
    const bigDone = new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'xml', version: 1, text: big } })
        .then(() => session.diagnosticsFor(1))
        .then(() => resolve(performance.now() - t0), reject);
    });
    let finished = false;
    const openMs = bigDone.finally(() => (finished = true));
    const latencies: number[] = [];
    let answered = 0;
    while (!finished) {
      const t0 = performance.now();
      const hover = await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: smallUri }, position });
      latencies.push(performance.now() - t0);
      if (hover) answered++;
      await new Promise((r) => setTimeout(r, 20));
    }
    const bigMs = await openMs;
    // Then on the big document itself: the first hover builds the view of its version (in the views
    // worker), the second is answered from the same view; meanwhile another document's outline, which
    // the main loop answers from its analysis, must not wait for the first.
    const bigAt = big.indexOf('<ssl_outbound_ciphers>');
    const bigBefore = big.slice(0, (bigAt < 0 ? 0 : bigAt + '<ssl_outbound_ciphers>'.length + 2)).split('\n');
    const bigPosition = { line: bigBefore.length - 1, character: bigBefore[bigBefore.length - 1].length };
    const t1 = performance.now();
    const firstBigHover = session.connection.sendRequest('textDocument/hover', { textDocument: { uri: bigUri }, position: bigPosition }).then(() => performance.now() - t1);
    await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: smallUri } });
    const outlineDuringBigHoverMs = performance.now() - t1;
    const bigFirstHoverMs = await firstBigHover;
    const t2 = performance.now();
    await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: bigUri }, position: bigPosition });
    const bigSecondHoverMs = performance.now() - t2;
    const l = summarise(latencies);
    return {
      bigSizeBytes: Buffer.byteLength(big, 'latin1'),
      bigOpenToDiagnosticsMs: round(bigMs),
      hoverRequests: latencies.length,
      hoverMaxMs: round(Math.max(...latencies)),
      hoverMedianMs: l.median,
      hoversWithContent: answered,
      bigFirstHoverMs: round(bigFirstHoverMs),
      bigSecondHoverMs: round(bigSecondHoverMs),
      outlineDuringBigHoverMs: round(outlineDuringBigHoverMs),
      samples: { hoverMs: l.samples },
    };
  } finally {
    await session.close();
  }
}
