/**
 * Free loopback ports for the VS Code tests. Several suites may run at once on one machine (and
 * code-server forwards nothing), so every server a test starts takes a port nobody holds now
 * rather than a fixed one.
 */
import * as net from 'node:net';

/** A port the system reports free on 127.0.0.1 (it stays free unless another process takes it first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive free ports. The simulator gives each appliance the port after
 * the previous one's, which the system's own choice of one port cannot promise.
 */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20000 + Math.floor(Math.random() * 40000);
    const free = await Promise.all(Array.from({ length: count }, (_, n) => portFree(first + n)));
    if (free.every(Boolean)) return first;
  }
  throw new Error('no range of free ports');
}
