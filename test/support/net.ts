import { connect, createServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

/** A loopback port nothing listens on (it was free a moment ago), for "connection refused". */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Why this machine cannot listen on IPv6 loopback (`::1`), or undefined when it can. */
export async function ipv6LoopbackMissing(): Promise<string | undefined> {
  const s = createServer();
  return new Promise((resolve) => {
    s.once('error', (e: NodeJS.ErrnoException) => resolve(`this machine has no IPv6 loopback: cannot listen on ::1 (${e.code ?? e.message})`));
    s.listen(0, '::1', () => s.close(() => resolve(undefined)));
  });
}

/** What a TCP connection to `address`:`port` gives: `connected`, `timeout` or the error code. */
export function connectOutcome(port: number, address: string, timeoutMs = 2000): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = connect(port, address);
    socket.setTimeout(timeoutMs, () => (socket.destroy(), resolve('timeout')));
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

/**
 * The machine's addresses that are not loopback, IPv6 link-local ones with their zone (so they
 * can be connected to).
 */
export function nonLoopbackAddresses(): string[] {
  return Object.entries(networkInterfaces()).flatMap(([name, list]) =>
    (list ?? []).filter((i) => !i.internal).map((i) => (i.family === 'IPv6' && i.scopeid ? `${i.address}%${name}` : i.address)),
  );
}
