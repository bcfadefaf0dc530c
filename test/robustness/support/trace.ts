/**
 * Preloaded (`node --require trace.js`) into a child process to record every
 * file the process opens and every network connection or name lookup it
 * attempts, written as JSON to $ROBUSTNESS_TRACE when the process exits.
 * Proves that external entities and DTD references in a configuration are
 * never fetched, whatever path the code might take to fetch them.
 */
// `import x = require()` binds the modules themselves; `import * as` would wrap copies.
import fs = require('node:fs');
import net = require('node:net');
import dns = require('node:dns');
import http = require('node:http');
import https = require('node:https');

export interface Trace {
  files: string[];
  network: string[];
}

const trace: Trace = { files: [], network: [] };
const outFile = process.env.ROBUSTNESS_TRACE;

function describe(target: unknown): string {
  if (typeof target === 'string') return target;
  if (target instanceof URL) return target.href;
  if (Buffer.isBuffer(target)) return target.toString();
  if (typeof target === 'number') return `fd ${target}`;
  return JSON.stringify(target) ?? String(target);
}

function wrap<T extends object>(owner: T, name: keyof T & string, record: (args: unknown[]) => void): void {
  const original = owner[name] as unknown;
  if (typeof original !== 'function') return;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    record(args);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  Object.defineProperty(owner, name, { value: wrapped, writable: true, configurable: true });
}

const fileCall = (args: unknown[]) => { trace.files.push(describe(args[0])); };
for (const name of ['open', 'openSync', 'readFile', 'readFileSync', 'createReadStream', 'opendir', 'opendirSync'] as const) wrap(fs, name, fileCall);
for (const name of ['open', 'readFile', 'opendir'] as const) wrap(fs.promises, name, fileCall);

const netCall = (label: string) => (args: unknown[]) => { trace.network.push(`${label} ${describe(args[0])}`); };
wrap(net, 'connect', netCall('net.connect'));
wrap(net, 'createConnection', netCall('net.createConnection'));
wrap(net.Socket.prototype, 'connect', netCall('socket.connect'));
wrap(dns, 'lookup', netCall('dns.lookup'));
wrap(dns.promises, 'lookup', netCall('dns.lookup'));
for (const mod of [http, https]) {
  wrap(mod, 'request', netCall('http.request'));
  wrap(mod, 'get', netCall('http.get'));
}
if (typeof globalThis.fetch === 'function') wrap(globalThis, 'fetch', netCall('fetch'));

process.on('exit', () => {
  if (outFile) fs.writeFileSync(outFile, JSON.stringify(trace));
});
