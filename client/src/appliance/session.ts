/**
 * One-off sessions for the actions that are not checks (resume, fetch the running configuration,
 * read the mail log): the same connection options and host-key rules as the probe, one appliance.
 */
import { AsyncOsSession } from './ssh/cliSession';
import { ApplianceConnection, type ConnectOptions, type UnknownHostKeyInfo } from './ssh/connection';
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

/**
 * Connects to `target`, through its first ProxyJump host when it has one (the jump host is
 * verified and authenticated like the appliance, and closes with it).
 */
export async function openApplianceConnection(target: ApplianceTarget, connectOptions: ConnectOptions): Promise<ApplianceConnection> {
  if (!target.proxyJump) return ApplianceConnection.open(connectOptions);
  const jumpSpec = parseTargetSpec(target.proxyJump.split(',')[0]);
  const jump = await ApplianceConnection.open({ ...connectOptions, host: jumpSpec.host, port: jumpSpec.port ?? 22, username: jumpSpec.user ?? target.user });
  try {
    const sock = await jump.forwardOut(target.host, target.port, connectOptions.connectTimeoutMs ?? 15_000, connectOptions.signal);
    return (await ApplianceConnection.open({ ...connectOptions, sock })).runsThrough(jump);
  } catch (e) {
    jump.close();
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
