/**
 * The appliance simulator as an in-process SSH server: one loopback port per appliance of a
 * scenario, the AsyncOS CLI behind exec requests and interactive shells, and fault injection at
 * the TCP level (reset, silent peer, slow banner) as well as inside the CLI.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect as netConnect, createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { Server as SshServer, utils, type Connection, type ParsedKey, type ServerChannel } from 'ssh2';
import { AsyncOsCli } from './cli';
import { faultFor, type Fault } from './faults';
import { InputQueue, makeCliIo } from './io';
import { ensureHostKey, fingerprintOf } from './keys';
import { delayPicker, latencyOf, type SimLatency } from './latency';
import type { Scenario, SimAppliance, SimUser } from './model';
import { loadPreset } from './presets';

export interface SimulatorOptions {
  scenario: Scenario | string;
  /** Directory that keeps the host key between runs. */
  dataDir: string;
  /** Only these appliance ids; all when absent. */
  appliances?: string[];
  /** Loopback address to bind; never anything else. */
  host?: string;
  /** First port; each further appliance takes the next one. 0 picks free ports. */
  basePort?: number;
  faults?: Fault[] | Record<string, Fault[]>;
  /**
   * Delay before each command's output: one for every appliance, or per appliance id. Overrides the
   * appliances' and the scenario's own latency; none by default.
   */
  latency?: SimLatency | Record<string, SimLatency>;
  /** Use this host key file instead of the one in `dataDir` (tests of changed keys). */
  hostKeyPath?: string;
}

export interface RunningAppliance {
  id: string;
  hostname: string;
  kind: SimAppliance['kind'];
  host: string;
  port: number;
  /** Replaces the faults of this appliance for new connections. */
  setFaults(faults: Fault[]): void;
  /** The latency this appliance answers with; none when absent. */
  readonly latency?: SimLatency;
  /** Replaces it from the next command on (undefined: answer at once). */
  setLatency(latency: SimLatency | undefined): void;
}

export interface RunningSimulator {
  scenario: Scenario;
  appliances: RunningAppliance[];
  users: SimUser[];
  fingerprint: string;
  hostKeyPath: string;
  /** Number of SSH sessions opened so far (all appliances). */
  sessions(): number;
  /** Number of jump-host forwards opened so far. */
  forwards(): number;
  close(): Promise<void>;
}

function isLoopback(host: string): boolean {
  return host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseAuthorized(line: string): ParsedKey | undefined {
  const parsed = utils.parseKey(line);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return key instanceof Error ? undefined : key;
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`the simulator only listens on loopback addresses, not ${host}`);
  const scenario = typeof options.scenario === 'string' ? loadPreset(options.scenario) : options.scenario;
  const hostKey = options.hostKeyPath ? { path: options.hostKeyPath } : await ensureHostKey(options.dataDir);
  const hostKeyData = readFileSync(hostKey.path);
  const parsedHost = utils.parseKey(hostKeyData);
  const hostParsed = Array.isArray(parsedHost) ? parsedHost[0] : parsedHost;
  if (hostParsed instanceof Error) throw new Error(`unusable host key ${hostKey.path}: ${hostParsed.message}`);
  const fingerprint = fingerprintOf(hostParsed.getPublicSSH());

  const selected = scenario.appliances.filter((a) => !options.appliances || options.appliances.includes(a.id));
  const netServers: NetServer[] = [];
  const sockets = new Set<Socket>();
  let sessionCount = 0;
  let forwardCount = 0;
  const running: RunningAppliance[] = [];

  for (let n = 0; n < selected.length; n++) {
    const appliance = selected[n];
    let faults: Fault[] = Array.isArray(options.faults) ? options.faults : (options.faults?.[appliance.id] ?? []);
    let latency = latencyOf(scenario, appliance, options.latency);
    // One sequence of delays per appliance, shared by its sessions (a range draws the next delay from it).
    let nextDelay = delayPicker(latency, appliance.id);
    const ssh = new SshServer({ hostKeys: [hostKeyData], ident: 'SSH-2.0-OpenSSH_7.4' }, (client: Connection) => {
      const connectionFaults = faults;
      let user: SimUser | undefined;
      client.on('error', () => undefined);
      client.on('authentication', (ctx) => {
        const candidate = scenario.users.find((u) => u.name === ctx.username);
        if (!candidate) return ctx.reject(['password', 'publickey', 'keyboard-interactive']);
        if (candidate.methods && !candidate.methods.includes(ctx.method as 'password')) return ctx.reject(candidate.methods);
        if (ctx.method === 'password') {
          if (sameSecret(ctx.password, candidate.password)) {
            user = candidate;
            return ctx.accept();
          }
          return ctx.reject(['password', 'publickey', 'keyboard-interactive']);
        }
        if (ctx.method === 'keyboard-interactive') {
          ctx.prompt([{ prompt: 'Password: ', echo: false }], 'AsyncOS', '', (answers) => {
            if (answers.length === 1 && sameSecret(answers[0], candidate.password)) {
              user = candidate;
              ctx.accept();
            } else ctx.reject(['password', 'publickey', 'keyboard-interactive']);
          });
          return;
        }
        if (ctx.method === 'publickey') {
          const match = (candidate.authorizedKeys ?? [])
            .map(parseAuthorized)
            .find((k) => k && k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
          if (!match) return ctx.reject(['password', 'publickey', 'keyboard-interactive']);
          if (!ctx.signature) return ctx.accept();
          if (ctx.blob && match.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) {
            user = candidate;
            return ctx.accept();
          }
          return ctx.reject(['password', 'publickey', 'keyboard-interactive']);
        }
        return ctx.reject(['password', 'publickey', 'keyboard-interactive']);
      });
      client.on('ready', () => {
        // Lets one simulated appliance act as a jump host to another; only loopback destinations.
        client.on('tcpip', (accept, reject, info) => {
          if (!isLoopback(info.destIP)) return reject();
          forwardCount++;
          const upstream = netConnect(info.destPort, info.destIP);
          upstream.on('error', () => undefined);
          upstream.once('connect', () => {
            const channel = accept();
            channel.on('error', () => undefined);
            channel.pipe(upstream).pipe(channel);
          });
          upstream.once('error', () => reject());
        });
        client.on('session', (accept) => {
          const session = accept();
          let pty = { rows: 24 };
          session.on('pty', (acceptPty, _reject, info) => {
            pty = { rows: info.rows || 24 };
            acceptPty?.();
          });
          session.on('window-change', (acceptWc) => acceptWc?.());
          session.on('env', (acceptEnv) => acceptEnv?.());
          const attach = (channel: ServerChannel, tty: boolean, command?: string) => {
            sessionCount++;
            const input = new InputQueue();
            const decoder = new StringDecoder('utf8');
            let closedResolve!: () => void;
            const closed = new Promise<void>((r) => (closedResolve = r));
            channel.on('data', (d: Buffer) => input.push(decoder.write(d)));
            channel.on('end', () => input.end());
            channel.on('close', () => {
              input.end();
              closedResolve();
            });
            channel.on('error', () => undefined);
            const io = makeCliIo(input, channel, {
              tty,
              rows: pty.rows,
              encoding: faultFor(connectionFaults, 'latin1') ? 'latin1' : 'utf8',
              closed,
              freeze: () => {
                const sock = (client as unknown as { _sock?: Socket })._sock;
                sock?.pause();
                // Keep the socket from being read while frozen, however ssh2 resumes it.
                sock?.on('resume', () => sock.pause());
              },
              drop: () => {
                const sock = (client as unknown as { _sock?: Socket })._sock;
                if (sock && typeof sock.resetAndDestroy === 'function') sock.resetAndDestroy();
                else sock?.destroy();
              },
            });
            const cli = new AsyncOsCli(scenario, appliance, user!, io, connectionFaults, () => nextDelay?.() ?? 0);
            const done = command === undefined ? cli.runShell().then(() => 0) : cli.runExec(command);
            done
              .then((code) => {
                if (channel.destroyed) return;
                channel.exit(code);
                channel.end();
              })
              .catch(() => {
                if (!channel.destroyed) channel.close();
              });
          };
          session.on('shell', (acceptShell) => attach(acceptShell(), true));
          session.on('exec', (acceptExec, _reject, info) => attach(acceptExec(), false, info.command));
        });
      });
    });
    ssh.on('error', () => undefined);

    const net = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.setNoDelay(true);
      if (faultFor(faults, 'reset')) {
        socket.resetAndDestroy();
        return;
      }
      if (faultFor(faults, 'silent')) return;
      const slow = faultFor(faults, 'slow-banner');
      if (slow) {
        const timer = setTimeout(() => ssh.injectSocket(socket), slow.delayMs ?? 2000);
        socket.on('close', () => clearTimeout(timer));
        return;
      }
      ssh.injectSocket(socket);
    });
    net.on('error', () => undefined);
    const port = options.basePort ? options.basePort + n : 0;
    await new Promise<void>((resolve, reject) => {
      net.once('error', reject);
      net.listen(port, host, () => {
        net.off('error', reject);
        resolve();
      });
    });
    netServers.push(net);
    running.push({
      id: appliance.id,
      hostname: appliance.hostname,
      kind: appliance.kind,
      host,
      port: (net.address() as AddressInfo).port,
      setFaults: (f) => (faults = f),
      get latency() {
        return latency;
      },
      setLatency(l) {
        latency = l;
        nextDelay = delayPicker(l, appliance.id);
      },
    });
  }

  return {
    scenario,
    appliances: running,
    users: scenario.users,
    fingerprint,
    hostKeyPath: hostKey.path,
    sessions: () => sessionCount,
    forwards: () => forwardCount,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(netServers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
