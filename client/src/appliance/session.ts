/**
 * One-off sessions for the actions that are not checks (resume, fetch the running configuration,
 * read the mail log): the same connection options and host-key rules as the probe, one appliance.
 */
import { AsyncOsSession } from './ssh/cliSession';
import { ApplianceConnection, type UnknownHostKeyInfo } from './ssh/connection';
import type { HostKeyStore } from './ssh/hostKeys';
import type { ApplianceTarget } from './ssh/target';
import type { ProbeAuth } from './probe';

export interface SessionOpenOptions {
  hostKeyStore?: HostKeyStore;
  onUnknownHostKey?: (info: UnknownHostKeyInfo) => Promise<boolean> | boolean;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Opens a CLI session; the caller closes it with `session.connection.close()`. */
export async function openApplianceSession(target: ApplianceTarget, auth: ProbeAuth, options: SessionOpenOptions = {}): Promise<AsyncOsSession> {
  const connection = await ApplianceConnection.open({
    host: target.host,
    port: target.port,
    username: target.user,
    password: auth.password,
    privateKeys: auth.privateKeys,
    agent: auth.agent,
    knownHostsFiles: target.knownHostsFiles,
    hostKeyStore: options.hostKeyStore,
    onUnknownHostKey: options.onUnknownHostKey,
    connectTimeoutMs: options.connectTimeoutMs,
    signal: options.signal,
  });
  return new AsyncOsSession(connection, { commandTimeoutMs: options.commandTimeoutMs ?? 30_000 });
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
