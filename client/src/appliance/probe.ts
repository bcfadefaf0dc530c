/**
 * The probe: connect to each appliance once (in parallel, bounded), run the live check suite over
 * that one connection, then the checks that compare appliances, and report per appliance. This is
 * the API the CLI's `probe` command and the editor's Appliances view both call.
 */
import { liveChecks } from './checks';
import { ApplianceFacts } from './checks/facts';
import type { CheckContext, CheckResult, LiveCheck, ProbeSettings } from './checks/types';
import { connectOptionsFor, observeCommands, openApplianceConnection } from './session';
import { AsyncOsSession } from './ssh/cliSession';
import { ApplianceConnection, SshError, type PrivateKeySource, type UnknownHostKeyInfo } from './ssh/connection';
import type { HostKeyStore } from './ssh/hostKeys';
import { limiter, mapLimit } from './ssh/limit';
import { parseTargetSpec, TargetError, type ApplianceTarget } from './ssh/target';

/**
 * Appliances probed at once unless the caller says otherwise. An appliance spends its probe waiting for
 * its commands (0.2–2 s each), so many at once cost little: with 200 ms per command, 50 appliances took
 * 7.2× one at 8, 4.1–4.3× at 16 and 2.1–2.5× at 32 (docs/PERFORMANCE.md, `parallel`).
 */
export const DEFAULT_CONCURRENCY = 32;

/**
 * SSH connections being set up at once, whatever the concurrency. OpenSSH's sshd starts dropping
 * unauthenticated connections beyond the first number of its MaxStartups (10 by default), and a
 * bastion that every ProxyJump target goes through sees all of them; key exchange is also the CPU-heavy part.
 */
export const MAX_CONNECTS_AT_ONCE = 10;

export interface ProbeAuth {
  password?: string;
  privateKeys?: PrivateKeySource[];
  agent?: string | false;
}

export interface ProbeOptions {
  settings: ProbeSettings;
  /** Extra known_hosts files trusted for every target (besides each target's own). */
  knownHostsFiles?: string[];
  hostKeyStore?: HostKeyStore;
  onUnknownHostKey?: (info: UnknownHostKeyInfo) => Promise<boolean> | boolean;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Appliances probed at once; `DEFAULT_CONCURRENCY` when absent. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Only these check ids (ssh-reachable always runs). */
  only?: string[];
  /** Called as each check finishes, for progress display. */
  onResult?: (target: ApplianceTarget, result: CheckResult) => void;
  /** Called after each command sent to an appliance, with its duration (for a log; never an answer typed). */
  onCommand?: (target: ApplianceTarget, command: string, ms: number, failed: boolean) => void;
}

export interface ApplianceReport {
  target: string;
  host: string;
  port: number;
  checks: CheckResult[];
}

export interface ProbeReport {
  appliances: ApplianceReport[];
}

function describeError(e: unknown): string {
  if (e instanceof SshError || e instanceof TargetError) return e.message;
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}

async function runCheck(check: LiveCheck, ctx: CheckContext): Promise<CheckResult> {
  const base = { id: check.id, title: check.title, commands: check.runs };
  if (ctx.connection?.error && check.id !== 'ssh-reachable') {
    return { ...base, verdict: 'unknown', summary: 'Not checked: no SSH session to this appliance.', evidence: [] };
  }
  try {
    return { ...base, ...(await check.run(ctx)) };
  } catch (e) {
    return { ...base, verdict: 'error', summary: describeError(e), evidence: [], advice: e instanceof SshError && e.code === 'command-timeout' ? 'The appliance stopped answering; try again with a longer --timeout.' : undefined };
  }
}

export async function probeAppliances(targets: readonly { target: ApplianceTarget; auth: ProbeAuth }[], options: ProbeOptions): Promise<ProbeReport> {
  const checks = liveChecks.filter((c) => c.id === 'ssh-reachable' || !options.only || options.only.includes(c.id));
  const contexts: CheckContext[] = [];
  const sessions: (AsyncOsSession | undefined)[] = [];
  const results: CheckResult[][] = targets.map(() => []);
  const fleet: CheckContext[] = contexts;
  const commandTimeoutMs = options.commandTimeoutMs ?? 30_000;
  const connecting = limiter(MAX_CONNECTS_AT_ONCE);

  await mapLimit(targets, options.concurrency ?? DEFAULT_CONCURRENCY, async ({ target, auth }, index) => {
    let started = Date.now();
    const connectOptions = connectOptionsFor(target, auth, options);
    let session: AsyncOsSession | undefined;
    let ctx: CheckContext;
    try {
      const connection = await connecting(() => {
        started = Date.now();
        return openApplianceConnection(target, connectOptions);
      });
      // In a cluster, machine-mode commands ask which machine; the name the user gave picks it.
      const hostname = [target.alias, target.host].find((h) => /[a-z]/i.test(h) && !h.includes(':'));
      session = new AsyncOsSession(connection, { commandTimeoutMs, hostname });
      const onCommand = options.onCommand;
      if (onCommand) observeCommands(session, (command, ms, failed) => onCommand(target, command, ms, failed));
      ctx = {
        target,
        facts: new ApplianceFacts(session, Math.max(commandTimeoutMs, 60_000)),
        settings: options.settings,
        fleet,
        connection: { hostKey: connection.hostKey, connectedMs: Date.now() - started },
      };
    } catch (e) {
      const error = e instanceof SshError ? e : new SshError('protocol', describeError(e));
      // Checks never reach `facts` without a session: runCheck stops at the connection error.
      ctx = { target, facts: undefined as unknown as ApplianceFacts, settings: options.settings, fleet, connection: { error } };
    }
    contexts[index] = ctx;
    sessions[index] = session;
    for (const check of checks.filter((c) => !c.fleet)) {
      const r = await runCheck(check, ctx);
      results[index].push(r);
      options.onResult?.(target, r);
    }
  });

  await mapLimit(targets, options.concurrency ?? DEFAULT_CONCURRENCY, async ({ target }, index) => {
    for (const check of checks.filter((c) => c.fleet)) {
      const r = await runCheck(check, contexts[index]);
      results[index].push(r);
      options.onResult?.(target, r);
    }
  });

  for (const s of sessions) s?.close();
  const order = new Map(liveChecks.map((c, n) => [c.id, n]));
  return {
    appliances: targets.map(({ target }, n) => ({
      target: target.label,
      host: target.host,
      port: target.port,
      checks: results[n].sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99)),
    })),
  };
}

/**
 * Scenario 1's fix: `resume` on an offline appliance. Runs only when `confirm` says yes, and
 * only with an administrator account (AsyncOS refuses it otherwise).
 */
export async function resumeAppliance(session: AsyncOsSession, confirm: () => Promise<boolean>): Promise<{ resumed: boolean; output: string }> {
  if (!(await confirm())) return { resumed: false, output: '' };
  const output = await session.exec('resume');
  return { resumed: /resumed/i.test(output), output };
}
