/**
 * `ciphers`: the cipher engine evaluating the public golden strings under
 * every OpenSSL build profile. Runs in a child process of its own so that the
 * first pass is truly cold (the lint benchmark fills the engine's cache).
 *
 *   node out/bench/ciphers.js <runs>    prints one JSON line
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, round, summarise, type Skipped } from './util';

export const GOLDEN = path.join(REPO_ROOT, 'test/fixtures/ciphers/golden-public.jsonl');

export interface CipherResult {
  strings: number;
  stringsPerSecond: number;
  [key: string]: unknown;
}

interface Engine {
  evaluateCipherString(input: string, profileId: string): { ok: boolean };
  listProfiles(): readonly { id: string }[];
}

function loadEngine(): Engine | string {
  try {
    // Loaded by path at run time: the engine is optional while it is being written.
    const engine = require(path.join(REPO_ROOT, 'out/server/src/core/ciphers')) as Partial<Engine>;
    if (typeof engine.evaluateCipherString !== 'function' || typeof engine.listProfiles !== 'function') return 'the cipher engine exports no evaluateCipherString/listProfiles';
    return engine as Engine;
  } catch (error) {
    return `the cipher engine is not built: ${(error as Error).message.split('\n')[0]}`;
  }
}

function corpus(): string[] {
  const inputs = new Set<string>();
  for (const line of readFileSync(GOLDEN, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const input = (JSON.parse(line) as { input?: unknown }).input;
    if (typeof input === 'string') inputs.add(input);
  }
  return [...inputs];
}

function measure(runs: number): CipherResult | Skipped {
  const engine = loadEngine();
  if (typeof engine === 'string') return { skipped: engine };
  if (!existsSync(GOLDEN)) return { skipped: 'test/fixtures/ciphers/golden-public.jsonl is missing' };
  const strings = corpus();
  const profiles = engine.listProfiles().map((p) => p.id);
  const pass = () => {
    let accepted = 0;
    const t0 = performance.now();
    for (const profile of profiles) for (const s of strings) if (engine.evaluateCipherString(s, profile).ok) accepted++;
    return { ms: performance.now() - t0, accepted };
  };
  const cold = pass();
  const warm: number[] = [];
  for (let r = 0; r < runs; r++) warm.push(pass().ms);
  const w = summarise(warm);
  const evaluations = strings.length * profiles.length;
  return {
    strings: evaluations,
    stringsPerSecond: Math.round(evaluations / (w.median / 1000)),
    distinctStrings: strings.length,
    profiles: profiles.length,
    coldMs: round(cold.ms),
    coldStringsPerSecond: Math.round(evaluations / (cold.ms / 1000)),
    warmMs: w.median,
    warmMsMin: w.min,
    acceptedEvaluations: cold.accepted,
    runs,
    samples: { warmMs: w.samples },
  };
}

export function benchCiphers(runs: number): Promise<CipherResult | Skipped> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, String(runs)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch {
        resolve({ skipped: `cipher benchmark failed (exit ${code}): ${err.trim().split('\n').slice(0, 3).join(' ')}` });
      }
    });
  });
}

if (require.main === module) {
  process.stdout.write(`${JSON.stringify(measure(Number(process.argv[2]) || 5))}\n`);
}
