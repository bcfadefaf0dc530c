/**
 * One-off sessions for the actions that are not checks (resume, fetch the running configuration,
 * read the mail log): the same connection options and host-key rules as the probe, one appliance.
 */
import { AsyncOsSession } from './ssh/cliSession';
import { ApplianceConnection, SshError, type ConnectOptions, type UnknownHostKeyInfo } from './ssh/connection';
import type { HostKeyStore } from './ssh/hostKeys';
import { parseTargetSpec, type ApplianceTarget } from './ssh/target';
import type { ProbeAuth } from './probe';

export interface SessionOpenOptions {
  hostKeyStore?: HostKeyStore;
  onUnknownHostKey?: (info: UnknownHostKeyInfo) => Promise<boolean> | boolean;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * How to reach `target` with `auth`, for the probe and the one-off sessions alike, so both trust
 * the same host keys the same way. `knownHostsFiles` are trusted besides the target's own.
 */
export function connectOptionsFor(target: ApplianceTarget, auth: ProbeAuth, options: SessionOpenOptions & { knownHostsFiles?: string[] }): ConnectOptions {
  return {
    host: target.host,
    port: target.port,
    username: target.user,
    password: auth.password,
    privateKeys: auth.privateKeys,
    agent: auth.agent,
    knownHostsFiles: [...target.knownHostsFiles, ...(options.knownHostsFiles ?? [])],
    hostKeyStore: options.hostKeyStore,
    onUnknownHostKey: options.onUnknownHostKey,
    connectTimeoutMs: options.connectTimeoutMs,
    signal: options.signal,
  };
}

/** A failure on the way to an appliance, said with the ProxyJump hop it happened at. */
function atHop(e: unknown, hop: string): unknown {
  return e instanceof SshError ? new SshError(e.code, `${hop}: ${e.message}`) : e;
}

/**
 * Connects to `target`, through every host of its ProxyJump chain in order (`a,b,c`: a, then b
 * through a, then c through b, then the appliance through c). Each hop's host key is verified
 * and each hop is authenticated like the appliance; the hops close with the appliance's
 * connection, and a failure names the hop it happened at.
 */
export async function openApplianceConnection(target: ApplianceTarget, connectOptions: ConnectOptions): Promise<ApplianceConnection> {
  const hops = (target.proxyJump ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  if (hops.length === 0) return ApplianceConnection.open(connectOptions);
  const timeoutMs = connectOptions.connectTimeoutMs ?? 15_000;
  const through = (via: ApplianceConnection | undefined, host: string, port: number) =>
    via ? via.forwardOut(host, port, timeoutMs, connectOptions.signal) : undefined;
  let via: ApplianceConnection | undefined;
  try {
    for (const [i, hop] of hops.entries()) {
      const label = `jump host ${i + 1} of ${hops.length} (${hop})`;
      const spec = parseTargetSpec(hop);
      const port = spec.port ?? 22;
      try {
        const sock = await through(via, spec.host, port);
        const conn = await ApplianceConnection.open({ ...connectOptions, host: spec.host, port, username: spec.user ?? target.user, sock });
        via = via ? conn.runsThrough(via) : conn;
      } catch (e) {
        throw atHop(e, label);
      }
    }
    const sock = await through(via, target.host, target.port);
    return (await ApplianceConnection.open({ ...connectOptions, sock })).runsThrough(via!);
  } catch (e) {
    via?.close();
    throw e;
  }
}

/** Opens a CLI session; the caller closes it with `session.connection.close()`. */
export async function openApplianceSession(target: ApplianceTarget, auth: ProbeAuth, options: SessionOpenOptions = {}): Promise<AsyncOsSession> {
  const connection = await openApplianceConnection(target, connectOptionsFor(target, auth, options));
  return new AsyncOsSession(connection, { commandTimeoutMs: options.commandTimeoutMs ?? 30_000 });
}

/**
 * Reports each command sent on `session` and how long it took, failed or not. Only the command
 * line is reported: answers typed into a dialog (which may hold a passphrase) never are.
 */
export function observeCommands(session: AsyncOsSession, observe: (command: string, ms: number, failed: boolean) => void): AsyncOsSession {
  const timed =
    <A extends unknown[]>(run: (command: string, ...rest: A) => Promise<string>) =>
    async (command: string, ...rest: A): Promise<string> => {
      const started = Date.now();
      let failed = true;
      try {
        const output = await run(command, ...rest);
        failed = false;
        return output;
      } finally {
        observe(command, Date.now() - started, failed);
      }
    };
  session.exec = timed(session.exec.bind(session));
  session.dialog = timed(session.dialog.bind(session));
  return session;
}

/** Runs `work` with a fresh session and always closes it. */
export async function withApplianceSession<T>(target: ApplianceTarget, auth: ProbeAuth, options: SessionOpenOptions, work: (session: AsyncOsSession) => Promise<T>): Promise<T> {
  const session = await openApplianceSession(target, auth, options);
  try {
    return await work(session);
  } finally {
    session.connection.close();
  }
}
