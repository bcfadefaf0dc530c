/**
 * One SSH connection to one appliance (ssh2), opened once and reused by every check. It owns the
 * socket (so it can set TCP_NODELAY and time the TCP connect itself), verifies the host key
 * before authenticating, attaches an error listener to everything it creates, and turns every
 * failure into an `SshError` whose message never contains a secret.
 */
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, type AnyAuthMethod, type ClientChannel, type ConnectConfig, type PseudoTtyOptions } from 'ssh2';
import { describeChangedKey, hostField, verifyHostKey, type HostKeyStore, type HostKeyVerdict, type KnownHostEntry, readKnownHostsFiles } from './hostKeys';

export type SshErrorCode =
  | 'refused'
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'host-key-changed'
  | 'host-key-unknown'
  | 'host-key-revoked'
  | 'closed'
  | 'aborted'
  | 'command-timeout'
  | 'protocol';

export class SshError extends Error {
  constructor(
    readonly code: SshErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SshError';
  }
}

export interface UnknownHostKeyInfo {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  /** Key types already recorded for this host (the new key is of another type). */
  otherKeyTypes: string[];
}

export interface PrivateKeySource {
  /** Shown in messages; never the key itself. */
  label: string;
  data: Buffer | string;
  passphrase?: string;
}

export interface ConnectOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKeys?: PrivateKeySource[];
  /** ssh-agent socket; `false` disables the agent even if SSH_AUTH_SOCK is set. */
  agent?: string | false;
  tryKeyboardInteractive?: boolean;
  /** Files in OpenSSH known_hosts format that are trusted (read-only). */
  knownHostsFiles?: string[];
  /** Extra trusted entries (tests, or entries already loaded). */
  knownHostEntries?: KnownHostEntry[];
  /** The product's own store; accepted unknown keys are recorded there. */
  hostKeyStore?: HostKeyStore;
  /** Decides about a key seen for the first time. Absent: unknown keys are refused. */
  onUnknownHostKey?: (info: UnknownHostKeyInfo) => Promise<boolean> | boolean;
  connectTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  signal?: AbortSignal;
  /** An already connected stream (a jump host's forwarded channel). */
  sock?: Duplex;
}

export interface ExecResult {
  stdout: Buffer;
  stderr: Buffer;
  code: number | null;
}

/** Describes a low-level failure in words a user acts on; secrets are never part of it. */
function describeSocketError(e: NodeJS.ErrnoException, where: string): SshError {
  switch (e.code) {
    case 'ECONNREFUSED':
      return new SshError('refused', `connection refused by ${where}: nothing listens on that port, or a firewall rejects it`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new SshError('closed', `connection to ${where} was reset`);
    case 'ETIMEDOUT':
      return new SshError('timeout', `connection to ${where} timed out`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SshError('unreachable', `cannot reach ${where} (${e.code})`);
    default:
      return new SshError('protocol', `SSH connection to ${where} failed: ${e.code ?? e.message}`);
  }
}

export class ApplianceConnection {
  private closed = false;
  private readonly pending = new Set<(e: SshError) => void>();
  /** Why the connection ended, when ssh2 said (e.g. unanswered keepalives); shown with the next failure. */
  private lostBecause: string | undefined;
  /** The jump host this connection runs through: it has no other use, so it ends with this one. */
  private via: ApplianceConnection | undefined;

  private constructor(
    private readonly client: Client,
    readonly where: string,
    readonly hostKey: HostKeyVerdict,
  ) {
    client.on('error', (e: Error & { level?: string }) => {
      this.lostBecause = /keepalive/i.test(e.message) ? 'the appliance stopped answering keepalives' : e.message;
    });
    client.on('close', () => {
      this.closed = true;
      this.via?.close();
      const err = new SshError('closed', `connection to ${where} was lost${this.lostBecause ? `: ${this.lostBecause}` : ''}`);
      for (const reject of [...this.pending]) reject(err);
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  static async open(options: ConnectOptions): Promise<ApplianceConnection> {
    const where = hostField(options.host, options.port);
    const signal = options.signal;
    if (signal?.aborted) throw new SshError('aborted', `connection to ${where} cancelled`);
    const connectTimeout = options.connectTimeoutMs ?? 15_000;

    const sock = options.sock ?? (await openSocket(options.host, options.port, connectTimeout, signal, where));
    const client = new Client();
    let hostKeyVerdict: HostKeyVerdict | undefined;
    let hostKeyFailure: SshError | undefined;

    const trusted = [...(options.knownHostEntries ?? []), ...readKnownHostsFiles(options.knownHostsFiles ?? [])];
    const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
      const verdict = verifyHostKey([...trusted, ...(options.hostKeyStore?.entries() ?? [])], options.host, options.port, key);
      hostKeyVerdict = verdict;
      if (verdict.status === 'known') return verify(true);
      if (verdict.status === 'changed') {
        hostKeyFailure = new SshError('host-key-changed', describeChangedKey(options.host, options.port, verdict));
        return verify(false);
      }
      if (verdict.status === 'revoked') {
        hostKeyFailure = new SshError('host-key-revoked', `the host key ${verdict.presented.fingerprint} of ${where} is marked @revoked in ${verdict.source}:${verdict.line}`);
        return verify(false);
      }
      const info: UnknownHostKeyInfo = {
        host: options.host,
        port: options.port,
        keyType: verdict.presented.keyType,
        fingerprint: verdict.presented.fingerprint,
        otherKeyTypes: verdict.otherKeyTypes,
      };
      const refuse = () => {
        hostKeyFailure = new SshError(
          'host-key-unknown',
          `the host key of ${where} is not known (${info.keyType} ${info.fingerprint}); confirm it on the appliance and accept it, or add it to known_hosts`,
        );
        verify(false);
      };
      if (!options.onUnknownHostKey) return refuse();
      Promise.resolve()
        .then(() => options.onUnknownHostKey!(info))
        .then(
          (accepted) => {
            if (!accepted) return refuse();
            try {
              options.hostKeyStore?.add(options.host, options.port, key);
            } catch {
              // Recording is a convenience; the user accepted this key for this connection.
            }
            verify(true);
          },
          () => refuse(),
        );
    };

    const methods: AnyAuthMethod[] = [];
    const agent = options.agent === undefined ? process.env.SSH_AUTH_SOCK : options.agent || undefined;
    if (agent) methods.push({ type: 'agent', username: options.username, agent });
    for (const k of options.privateKeys ?? []) methods.push({ type: 'publickey', username: options.username, key: k.data, passphrase: k.passphrase });
    if (options.password !== undefined) {
      methods.push({ type: 'password', username: options.username, password: options.password });
      if (options.tryKeyboardInteractive !== false) {
        const password = options.password;
        methods.push({
          type: 'keyboard-interactive',
          username: options.username,
          prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
        });
      }
    }
    if (methods.length === 0) methods.push({ type: 'none', username: options.username });

    const config: ConnectConfig = {
      sock: sock as ConnectConfig['sock'],
      username: options.username,
      hostVerifier,
      authHandler: methods,
      readyTimeout: connectTimeout,
      keepaliveInterval: options.keepaliveIntervalMs ?? 10_000,
      keepaliveCountMax: options.keepaliveCountMax ?? 3,
    };

    return await new Promise<ApplianceConnection>((resolve, reject) => {
      let settled = false;
      const finish = (err: SshError | undefined, conn?: ApplianceConnection) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          client.removeAllListeners('ready');
          client.end();
          sock.destroy();
          reject(err);
        } else resolve(conn!);
      };
      const onAbort = () => finish(new SshError('aborted', `connection to ${where} cancelled`));
      signal?.addEventListener('abort', onAbort, { once: true });
      let agentProblem: string | undefined;
      client.on('error', (e: Error & { level?: string; code?: string }) => {
        if (hostKeyFailure) return finish(hostKeyFailure);
        // ssh2 reports an unusable agent (a stale SSH_AUTH_SOCK, a refused signature) and goes on
        // with the next method: a password or key must still get its turn.
        if (e.level === 'agent') {
          agentProblem = e.message;
          return;
        }
        if (e.level === 'client-authentication') {
          const agentNote = agentProblem ? `; the ssh-agent at ${agent} could not be used: ${agentProblem}` : '';
          return finish(new SshError('auth', `authentication as "${options.username}" on ${where} failed (tried: ${[...new Set(methods.map((m) => m.type))].join(', ')}${agentNote})`));
        }
        if (e.level === 'client-timeout' || /timed out/i.test(e.message)) {
          return finish(new SshError('timeout', `${where} accepted the TCP connection but did not complete the SSH handshake within ${Math.round(connectTimeout / 1000)} s`));
        }
        if (e.code) return finish(describeSocketError(e as NodeJS.ErrnoException, where));
        finish(new SshError('protocol', `SSH error with ${where}: ${e.message}`));
      });
      client.on('close', () => finish(hostKeyFailure ?? new SshError('closed', `${where} closed the connection during the SSH handshake`)));
      client.on('ready', () => finish(undefined, new ApplianceConnection(client, where, hostKeyVerdict!)));
      try {
        client.connect(config);
      } catch (e) {
        finish(new SshError('protocol', `cannot start SSH to ${where}: ${(e as Error).message}`));
      }
    });
  }

  /** Runs one exec request; stdin is closed at once so prompts take their defaults. */
  exec(command: string, timeoutMs: number, signal?: AbortSignal): Promise<ExecResult> {
    return this.withChannel(timeoutMs, signal, command, (done, fail, track) => {
      this.client.exec(command, (err, channel) => {
        if (err) return fail(new SshError('protocol', `${this.where} refused to run "${command}": ${err.message}`));
        track(channel);
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let code: number | null = null;
        channel.on('data', (d: Buffer) => out.push(d));
        channel.stderr.on('data', (d: Buffer) => errOut.push(d));
        channel.stderr.on('error', () => undefined);
        channel.on('exit', (c: number | null) => (code = c));
        channel.on('close', () => done({ stdout: Buffer.concat(out), stderr: Buffer.concat(errOut), code }));
        channel.end();
      });
    });
  }

  /** Opens an interactive shell with a terminal, for menu commands. */
  shell(pty: PseudoTtyOptions, timeoutMs: number, signal?: AbortSignal): Promise<ClientChannel> {
    return this.withChannel(timeoutMs, signal, 'shell', (done, fail, track) => {
      this.client.shell(pty, (err, channel) => {
        if (err) return fail(new SshError('protocol', `${this.where} refused an interactive shell: ${err.message}`));
        track(channel);
        done(channel);
      });
    });
  }

  /** Opens a direct-tcpip channel through this host (OpenSSH's ProxyJump). */
  forwardOut(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<ClientChannel> {
    return this.withChannel(timeoutMs, signal, `jump to ${hostField(host, port)}`, (done, fail, track) => {
      this.client.forwardOut('127.0.0.1', 0, host, port, (err, channel) => {
        if (err) return fail(new SshError('unreachable', `jump host ${this.where} cannot open ${hostField(host, port)}: ${err.message}`));
        track(channel);
        done(channel);
      });
    });
  }

  private withChannel<T>(
    timeoutMs: number,
    signal: AbortSignal | undefined,
    what: string,
    start: (done: (v: T) => void, fail: (e: SshError) => void, track: (c: ClientChannel) => void) => void,
  ): Promise<T> {
    if (this.closed) return Promise.reject(new SshError('closed', `connection to ${this.where} is closed`));
    if (signal?.aborted) return Promise.reject(new SshError('aborted', `"${what}" on ${this.where} cancelled`));
    return new Promise<T>((resolve, reject) => {
      let channel: ClientChannel | undefined;
      let settled = false;
      const settle = (err: SshError | undefined, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(onClosed);
        if (err) {
          channel?.close();
          reject(err);
        } else resolve(value as T);
      };
      const onClosed = () =>
        settle(new SshError('closed', `connection to ${this.where} dropped while running "${what}"${this.lostBecause ? ` (${this.lostBecause})` : ''}`));
      const onAbort = () => settle(new SshError('aborted', `"${what}" on ${this.where} cancelled`));
      const timer = setTimeout(() => settle(new SshError('command-timeout', `"${what}" on ${this.where} gave no complete answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      this.pending.add(onClosed);
      signal?.addEventListener('abort', onAbort, { once: true });
      start(
        (v) => settle(undefined, v),
        (e) => settle(e),
        (c) => {
          channel = c;
          c.on('error', () => undefined);
        },
      );
    });
  }

  /** Closes `jump` together with this connection (ProxyJump). */
  runsThrough(jump: ApplianceConnection): this {
    this.via = jump;
    if (this.closed) jump.close();
    return this;
  }

  close(): void {
    this.via?.close();
    if (this.closed) return;
    this.closed = true;
    this.client.end();
  }
}

function openSocket(host: string, port: number, timeoutMs: number, signal: AbortSignal | undefined, where: string): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = netConnect({ host, port });
    socket.setNoDelay(true);
    let settled = false;
    const finish = (err?: SshError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('connect', onConnect);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(socket);
    };
    const onConnect = () => finish();
    const onAbort = () => finish(new SshError('aborted', `connection to ${where} cancelled`));
    const timer = setTimeout(() => finish(new SshError('timeout', `TCP connection to ${where} timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    socket.on('error', (e: NodeJS.ErrnoException) => finish(describeSocketError(e, where)));
    socket.once('connect', onConnect);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
