/**
 * Per-command latency: real appliances take 0.2–2 s to answer a CLI command, the simulator answers at
 * once. A latency makes each command wait before its output, either a fixed time or a time drawn from
 * a range by a seeded generator (the same seed gives the same delays in the same order). The wait is a
 * timer, so other sessions of the simulator go on meanwhile; it ends early when the peer goes.
 */
import type { Scenario, SimAppliance } from './model';
import { prng } from './prng';

export interface SimLatency {
  /** Delay before each command's output, in milliseconds; the lower end when `maxMs` is set. */
  minMs: number;
  /** Upper end of a range; each command then waits a time drawn from `minMs`..`maxMs`. */
  maxMs?: number;
  /** Seed of the generator that draws from the range (default 1). */
  seed?: number;
}

/** The longest delay accepted: ten minutes is already far beyond any appliance. */
export const MAX_LATENCY_MS = 600_000;

/** Parses `ms` or `min-max` (milliseconds), with an optional `:seed` (`200-2000:7`). */
export function parseLatency(spec: string): SimLatency {
  const m = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(spec.trim());
  const fail = () => new Error(`bad latency "${spec}": expected <ms> or <min ms>-<max ms>, optionally :<seed> (e.g. 200, 200-2000, 200-2000:7), at most ${MAX_LATENCY_MS} ms`);
  if (!m) throw fail();
  const latency: SimLatency = { minMs: Number(m[1]) };
  if (m[2] !== undefined) latency.maxMs = Number(m[2]);
  if (m[3] !== undefined) latency.seed = Number(m[3]);
  if ((latency.maxMs ?? latency.minMs) > MAX_LATENCY_MS || (latency.maxMs !== undefined && latency.maxMs < latency.minMs)) throw fail();
  return latency;
}

/**
 * The simulator's `--latency [<appliance>=]<spec>` options (repeatable): without an appliance id the
 * latency is every appliance's. Undefined when there are none.
 */
export function latencyArgs(args: readonly string[]): Record<string, SimLatency> | undefined {
  let found: Record<string, SimLatency> | undefined;
  args.forEach((arg, n) => {
    if (arg !== '--latency') return;
    const value = args[n + 1];
    if (value === undefined) throw new Error('--latency needs a value: <ms>, <min ms>-<max ms>[:<seed>], optionally after <appliance>=');
    const at = value.indexOf('=');
    found = { ...found, [at >= 0 ? value.slice(0, at) : '*']: parseLatency(at >= 0 ? value.slice(at + 1) : value) };
  });
  return found;
}

/** The command line's form of a latency: `200`, `200-2000`, `200-2000:7`. */
export function formatLatency(latency: SimLatency): string {
  const range = latency.maxMs !== undefined && latency.maxMs !== latency.minMs ? `${latency.minMs}-${latency.maxMs}` : String(latency.minMs);
  return latency.seed !== undefined ? `${range}:${latency.seed}` : range;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let n = 0; n < text.length; n++) h = Math.imul(h ^ text.charCodeAt(n), 16777619);
  return h >>> 0;
}

/**
 * A function giving the delay of each next command. `salt` (an appliance id) gives each appliance its own
 * sequence from one seed, so appliances sharing a latency do not all wait the same times.
 */
export function delayPicker(latency: SimLatency | undefined, salt = ''): (() => number) | undefined {
  if (!latency) return undefined;
  const min = Math.max(0, latency.minMs);
  const max = Math.max(min, latency.maxMs ?? min);
  if (max === 0) return undefined;
  if (max === min) return () => min;
  const next = prng((latency.seed ?? 1) ^ hash(salt));
  return () => min + Math.floor(next() * (max - min + 1));
}

/**
 * The latency an appliance answers with: the simulator's option for it (one for all, or by appliance
 * id with `*` for the others), else the appliance's own, else its scenario's; none by default.
 */
export function latencyOf(scenario: Scenario, appliance: SimAppliance, option?: SimLatency | Record<string, SimLatency>): SimLatency | undefined {
  const chosen = option === undefined ? undefined : isLatency(option) ? option : (option[appliance.id] ?? option['*']);
  return chosen ?? appliance.latency ?? scenario.latency;
}

function isLatency(value: SimLatency | Record<string, SimLatency>): value is SimLatency {
  return typeof (value as SimLatency).minMs === 'number';
}

/**
 * Waits `ms` on a timer, unless `gone` settles first. Resolves true when the whole time passed, false
 * when the peer went; the timer is cleared either way, so nothing is left pending.
 */
export function waitUnlessGone(ms: number, gone: Promise<unknown>): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    const stop = () => {
      clearTimeout(timer);
      resolve(false);
    };
    void gone.then(stop, stop);
  });
}
