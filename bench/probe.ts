/**
 * `probe` and `parallel`: the live check suite against simulated appliances
 * on loopback (the simulator runs in a child process, as real appliances are
 * other machines).
 *
 * probe: the whole suite over one SSH connection, against what an
 * administrator does today: one OpenSSH `ssh user@host '<command>'` process
 * per command of the same suite, one after the other.
 * parallel: the suite against 50 appliances at once, against one.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { liveChecks } from '../client/src/appliance/checks';
import { MAIL_LOG_PATTERN } from '../client/src/appliance/checks/facts';
import { coreProbeSettings } from '../client/src/appliance/coreBridge';
import { DEFAULT_CONCURRENCY, probeAppliances, type ProbeReport } from '../client/src/appliance/probe';
import { AsyncOsSession } from '../client/src/appliance/ssh/cliSession';
import { hashedKnownHostsLine } from '../client/src/appliance/ssh/hostKeys';
import type { ApplianceTarget } from '../client/src/appliance/ssh/target';
import type { SimHostInfo } from './simHost';
import { REPO_ROOT, hasCommand, interleave, isSkipped, ratio, round, type Skipped } from './util';

interface SimHost {
  info: SimHostInfo;
  /** CPU milliseconds the simulator process has used so far. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

function startSimHost(count: number, dataDir: string, options: { publicKey?: string; latencyMs?: number } = {}): Promise<SimHost> {
  const args = [path.join(__dirname, 'simHost.js'), String(count), dataDir];
  if (options.publicKey) args.push('--key', options.publicKey);
  if (options.latencyMs) args.push('--latency', String(options.latencyMs));
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, args, { cwd: REPO_ROOT });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`simulator exited ${code}: ${err.slice(0, 500)}`)));
    let started = false;
    const cpuWaiters: ((ms: number) => void)[] = [];
    child.stdout.on('data', (d) => {
      out += d;
      let nl;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (started) {
          cpuWaiters.shift()?.((JSON.parse(line) as { cpuMs: number }).cpuMs);
          continue;
        }
        started = true;
        const info = JSON.parse(line) as SimHostInfo;
        resolve({
        info,
        cpuMs: () =>
          new Promise<number>((done) => {
            cpuWaiters.push(done);
            child.stdin.write('cpu\n');
          }),
        stop: () =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => child.kill(), 5000);
            child.removeAllListeners('exit');
            child.on('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.stdin.end();
          }),
        });
      }
    });
  });
}

function knownHosts(dir: string, info: SimHostInfo): string {
  const file = path.join(dir, 'known_hosts');
  const blob = Buffer.from(info.hostKeyBase64, 'base64');
  writeFileSync(file, info.appliances.map((a) => hashedKnownHostsLine(a.host, a.port, blob)).join('\n') + '\n');
  return file;
}

function targetsOf(info: SimHostInfo, knownHostsFile: string, count: number): { target: ApplianceTarget; auth: { password: string; agent: false } }[] {
  return info.appliances.slice(0, count).map((a) => ({
    target: { label: a.id, alias: a.host, host: a.host, port: a.port, user: info.user, identityFiles: [], knownHostsFiles: [knownHostsFile] },
    auth: { password: info.password, agent: false as const },
  }));
}

function failures(report: ProbeReport): string[] {
  return report.appliances.flatMap((a) => a.checks.filter((c) => c.verdict === 'error').map((c) => `${a.target}/${c.id}: ${c.summary}`));
}

/** Every command line the suite sends, recorded from the session while one probe runs. */
async function recordCommands(run: () => Promise<unknown>): Promise<string[]> {
  const proto = AsyncOsSession.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = { exec: proto.exec, dialog: proto.dialog };
  const seen: string[] = [];
  for (const name of ['exec', 'dialog'] as const) {
    proto[name] = function (this: unknown, command: unknown, ...rest: unknown[]) {
      seen.push(String(command));
      return originals[name].call(this, command, ...rest);
    };
  }
  try {
    await run();
  } finally {
    proto.exec = originals.exec;
    proto.dialog = originals.dialog;
  }
  return seen;
}

/** What the administrator types into each one-shot ssh: the answers the suite gives its dialogs. */
function stdinFor(command: string): string {
  const word = command.split(/\s+/)[0];
  switch (word) {
    case 'tophosts':
      return '1\n\n';
    case 'showconfig':
      return '1\nY\n\n';
    case 'telnet':
      return '1\n10.172.12.17\n7025\nquit\n\n';
    case 'tlsverify':
      return 'the.cpq.host\n10.172.12.17:7025\n\n';
    case 'clusterconfig':
      return 'LIST\n\n';
    default:
      return '\n\n';
  }
}

function sshOnce(host: string, port: number, user: string, key: string, knownHostsFile: string, command: string): { ms: number; ok: boolean; detail: string } {
  const t0 = performance.now();
  const run = spawnSync('ssh', [
    '-F', '/dev/null', '-p', String(port), '-i', key,
    '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${knownHostsFile}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
    `${user}@${host}`, command,
  ], { input: stdinFor(command), timeout: 30_000 });
  return { ms: performance.now() - t0, ok: run.status === 0 && run.stdout.length > 0, detail: `${run.status} ${run.stderr?.toString().trim().slice(0, 200)}` };
}

export interface ProbeResult {
  checks: number;
  suiteMs: number;
  sshPerCommandMs: number;
  speedup: number;
  [key: string]: unknown;
}

export interface ParallelResult {
  appliances: number;
  oneMs: number;
  allMs: number;
  ratio: number;
  [key: string]: unknown;
}

export async function benchProbe(runs: number, log: (s: string) => void): Promise<ProbeResult | Skipped> {
  if (!hasCommand('ssh') || !hasCommand('ssh-keygen')) return { skipped: 'the OpenSSH client (ssh, ssh-keygen) is not installed' };
  const dir = mkdtempSync(path.join(tmpdir(), 'asyncos-pvo-bench-'));
  try {
    const key = path.join(dir, 'id_ed25519');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench', '-f', key]);
    const sim = await startSimHost(1, path.join(dir, 'sim'), { publicKey: readFileSync(`${key}.pub`, 'utf8').trim() });
    try {
      const kh = knownHosts(dir, sim.info);
      const targets = targetsOf(sim.info, kh, 1);
      const probe = () => probeAppliances(targets, { settings: coreProbeSettings(), commandTimeoutMs: 30_000 });
      let report: ProbeReport | undefined;
      const commands = await recordCommands(async () => {
        report = await probe();
      });
      const errors = failures(report!);
      if (errors.length) return { skipped: `the live suite failed against the simulator: ${errors.slice(0, 3).join('; ')}` };
      const { host, port } = sim.info.appliances[0];
      log(`probe: ${report!.appliances[0].checks.length} checks, ${commands.length} commands`);
      const sshFailures: string[] = [];
      const timed = await interleave(runs, {
        suite: async () => {
          report = await probe();
        },
        sshPerCommand: () => {
          for (const command of commands) {
            const r = sshOnce(host, port, sim.info.user, key, kh, command);
            if (!r.ok && sshFailures.length < 3) sshFailures.push(`${command}: ${r.detail}`);
          }
        },
      });
      return {
        checks: report!.appliances[0].checks.length,
        suiteMs: timed.suite.median,
        sshPerCommandMs: round(timed.sshPerCommand.median / commands.length),
        speedup: ratio(timed.sshPerCommand.median, timed.suite.median),
        commands: commands.length,
        commandList: commands.map((c) => c.split(/\s+/)[0]),
        sshSuiteMs: timed.sshPerCommand.median,
        suiteMsMin: timed.suite.min,
        sshSuiteMsMin: timed.sshPerCommand.min,
        ...(sshFailures.length ? { sshFailures } : {}),
        runs,
        samples: { suiteMs: timed.suite.samples, sshSuiteMs: timed.sshPerCommand.samples },
      };
    } finally {
      await sim.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The per-command latency of every simulated appliance in the headline 1-vs-50 comparison. Real
 * appliances take 0.2–2 s to answer a CLI command; without a latency the simulator answers at once and
 * the comparison measures nothing but CPU (both ends of 50 SSH sessions on this machine's cores),
 * which is not what checking 50 appliances costs. 200 ms is the fast end of that range, so it is the
 * least favourable realistic case: the slower the appliances, the more of their waiting overlaps.
 */
export const PARALLEL_LATENCY_MS = 200;

interface ParallelPhase {
  oneMs: number;
  allMs: number;
  ratio: number;
  [key: string]: unknown;
}

/** One side of the parallel benchmark: a simulator host with `latencyMs` per command, one appliance against all of them. */
async function parallelPhase(dir: string, count: number, runs: number, latencyMs: number, wide: number[]): Promise<ParallelPhase | Skipped> {
  const sim = await startSimHost(count, path.join(dir, `sim-${latencyMs}`), { latencyMs });
  try {
    const kh = knownHosts(dir, sim.info);
    const all = targetsOf(sim.info, kh, count);
    const settings = coreProbeSettings();
    let report: ProbeReport | undefined;
    // The full run warms up first; the smoke run only checks the timed runs' answers.
    if (wide.length) report = await probeAppliances(all, { settings, commandTimeoutMs: 60_000 });
    // CPU used by this process (the client) and by the simulator during the timed runs of all appliances.
    const cpu = { client: 0, simulator: 0, runs: 0 };
    const wideTasks = Object.fromEntries(wide.map((c) => [`all${c}`, () => probeAppliances(all, { settings, commandTimeoutMs: 60_000, concurrency: c })]));
    const timed = await interleave(runs, {
      one: () => probeAppliances(all.slice(0, 1), { settings, commandTimeoutMs: 60_000 }),
      all: async () => {
        const simBefore = await sim.cpuMs();
        const before = process.cpuUsage();
        report = await probeAppliances(all, { settings, commandTimeoutMs: 60_000 });
        const used = process.cpuUsage(before);
        cpu.client += (used.user + used.system) / 1000;
        cpu.simulator += (await sim.cpuMs()) - simBefore;
        cpu.runs++;
      },
      ...wideTasks,
    });
    const errors = failures(report!);
    if (errors.length) return { skipped: `the live suite failed against ${count} simulated appliances with ${latencyMs} ms per command: ${errors.slice(0, 3).join('; ')}` };
    const byConcurrency = wide.map((c) => ({ concurrency: c, ms: timed[`all${c}`].median, msMin: timed[`all${c}`].min, ratio: ratio(timed[`all${c}`].median, timed.one.median) }));
    return {
      oneMs: timed.one.median,
      allMs: timed.all.median,
      ratio: ratio(timed.all.median, timed.one.median),
      ratioOfMins: ratio(timed.all.min, timed.one.min),
      // Both sides of every SSH session run on this machine's cores: when CPU ≈ wall × cores the run is CPU-bound.
      allCpuMs: { client: round(cpu.client / cpu.runs), simulator: round(cpu.simulator / cpu.runs), cores: cpus().length },
      ...(byConcurrency.length ? { allMsConcurrency: byConcurrency[byConcurrency.length - 1], allMsByConcurrency: byConcurrency } : {}),
      oneMsMin: timed.one.min,
      allMsMin: timed.all.min,
      samples: { oneMs: timed.one.samples, allMs: timed.all.samples, ...Object.fromEntries(wide.map((c) => [`all${c}Ms`, timed[`all${c}`].samples])) },
    };
  } finally {
    await sim.stop();
  }
}

/**
 * The suite against `count` appliances at once (the probe's default concurrency) against one of them:
 * first with a realistic latency per command (the headline keys), then with none (`zeroLatency`).
 * The full run also times other concurrencies (`allMsByConcurrency`; `allMsConcurrency` is all at once).
 */
export async function benchParallel(count: number, runs: number, log: (s: string) => void, wideToo = true, latencyMs = PARALLEL_LATENCY_MS): Promise<ParallelResult | Skipped> {
  const dir = mkdtempSync(path.join(tmpdir(), 'asyncos-pvo-bench-'));
  try {
    const allAtOnce = Math.min(count, 64);
    const wide = wideToo ? [...new Set([16, 32, allAtOnce])].filter((c) => c !== DEFAULT_CONCURRENCY && c <= count) : [];
    const slow = await parallelPhase(dir, count, runs, latencyMs, wide);
    if (isSkipped(slow)) return slow;
    log(`parallel: ${count} appliances answered with ${latencyMs} ms per command`);
    const instant = await parallelPhase(dir, count, runs, 0, wideToo ? [allAtOnce] : []);
    if (isSkipped(instant)) return instant;
    log(`parallel: ${count} appliances answered at once`);
    const { samples, ...rest } = slow;
    return {
      appliances: count,
      latencyMs,
      concurrency: DEFAULT_CONCURRENCY,
      ...rest,
      zeroLatency: instant,
      runs,
      samples,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
