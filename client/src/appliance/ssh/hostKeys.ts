/**
 * Host-key verification as OpenSSH does it: `known_hosts` files (plain, wildcard and hashed
 * entries, `[host]:port` for non-standard ports, `@revoked`), plus the product's own store in the
 * same format. Keys are compared per key type: a known key of the same type that differs is a
 * changed key and is always refused; a host known only under other key types is "unknown" with
 * that fact attached, so the caller can say so when asking.
 */
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  /** The host field as written: patterns, or a hashed `|1|salt|hash`. */
  hosts: string;
  keyType: string;
  key: Buffer;
  source: string;
  line: number;
}

export interface PresentedKey {
  keyType: string;
  key: Buffer;
  fingerprint: string;
}

export type HostKeyVerdict =
  | { status: 'known'; presented: PresentedKey; source: string; line: number }
  | { status: 'unknown'; presented: PresentedKey; otherKeyTypes: string[] }
  | { status: 'changed'; presented: PresentedKey; expected: { fingerprint: string; keyType: string; source: string; line: number }[] }
  | { status: 'revoked'; presented: PresentedKey; source: string; line: number };

export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written inside an SSH public-key blob (its first length-prefixed string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len <= 0 || len > 64 || 4 + len > blob.length) return 'unknown';
  return blob.subarray(4, 4 + len).toString('latin1');
}

export function presentedKey(blob: Buffer): PresentedKey {
  return { keyType: keyTypeOf(blob), key: blob, fingerprint: fingerprint(blob) };
}

/** How OpenSSH names a host in known_hosts. */
export function hostField(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

export function parseKnownHosts(text: string, source: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    else if (fields[0].startsWith('@')) return;
    if (fields.length < 3) return;
    const [hosts, keyType, keyText] = fields;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(keyText)) return;
    const key = Buffer.from(keyText, 'base64');
    // An entry whose blob disagrees with its type field is corrupt; OpenSSH skips it too.
    if (keyTypeOf(key) !== keyType) return;
    out.push({ marker, hosts, keyType, key, source, line: n + 1 });
  });
  return out;
}

function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2], 'base64');
  const expected = Buffer.from(parts[3], 'base64');
  const actual = createHmac('sha1', salt).update(name).digest();
  return actual.length === expected.length && actual.equals(expected);
}

/** Whether an entry's host field names `host:port`, following OpenSSH's pattern rules. */
export function entryMatches(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = hostField(host, port);
  if (entry.hosts.startsWith('|')) return hashedMatches(entry.hosts, name);
  let matched = false;
  for (const raw of entry.hosts.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    const hit = /[*?]/.test(pattern) ? wildcardToRegExp(pattern).test(name) : pattern.toLowerCase() === name;
    if (hit && negated) return false;
    if (hit) matched = true;
  }
  return matched;
}

export function verifyHostKey(entries: readonly KnownHostEntry[], host: string, port: number, blob: Buffer): HostKeyVerdict {
  const presented = presentedKey(blob);
  const mine = entries.filter((e) => e.marker !== '@cert-authority' && entryMatches(e, host, port));
  const revoked = entries.find((e) => e.marker === '@revoked' && e.key.equals(blob));
  if (revoked) return { status: 'revoked', presented, source: revoked.source, line: revoked.line };
  const plain = mine.filter((e) => e.marker === undefined);
  const exact = plain.find((e) => e.key.equals(blob));
  if (exact) return { status: 'known', presented, source: exact.source, line: exact.line };
  const sameType = plain.filter((e) => e.keyType === presented.keyType);
  if (sameType.length > 0) {
    return {
      status: 'changed',
      presented,
      expected: sameType.map((e) => ({ fingerprint: fingerprint(e.key), keyType: e.keyType, source: e.source, line: e.line })),
    };
  }
  return { status: 'unknown', presented, otherKeyTypes: [...new Set(plain.map((e) => e.keyType))] };
}

export function readKnownHostsFiles(paths: readonly string[]): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const path of paths) {
    if (!existsSync(path)) continue;
    try {
      out.push(...parseKnownHosts(readFileSync(path, 'utf8'), path));
    } catch {
      // An unreadable file holds no trust; verification continues with the others.
    }
  }
  return out;
}

/** The product's own host-key store: a known_hosts-format file it may append to. */
export class HostKeyStore {
  constructor(readonly path: string) {}

  entries(): KnownHostEntry[] {
    return readKnownHostsFiles([this.path]);
  }

  /** Records an accepted key. Never replaces an existing key: a changed key stays refused. */
  add(host: string, port: number, blob: Buffer): void {
    const verdict = verifyHostKey(this.entries(), host, port, blob);
    if (verdict.status === 'known') return;
    if (verdict.status === 'changed' || verdict.status === 'revoked') {
      throw new Error(`refusing to record a ${verdict.status} host key for ${hostField(host, port)}`);
    }
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${hostField(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
  }
}

/** A known_hosts line with a hashed host field, as `ssh-keygen -H` writes it. */
export function hashedKnownHostsLine(host: string, port: number, blob: Buffer, salt?: Buffer): string {
  const s = salt ?? createHash('sha1').update(`${host}:${port}:${Date.now()}:${Math.random()}`).digest();
  const hash = createHmac('sha1', s).update(hostField(host, port)).digest('base64');
  return `|1|${s.toString('base64')}|${hash} ${keyTypeOf(blob)} ${blob.toString('base64')}`;
}

export function describeChangedKey(host: string, port: number, verdict: Extract<HostKeyVerdict, { status: 'changed' }>): string {
  const expected = verdict.expected.map((e) => `${e.fingerprint} (${e.source}:${e.line})`).join(', ');
  return (
    `HOST KEY CHANGED for ${hostField(host, port)}: the appliance presented ${verdict.presented.keyType} ${verdict.presented.fingerprint}, ` +
    `but ${expected} is recorded. Someone may be intercepting the connection, or the appliance was reinstalled. ` +
    `Connection refused; remove the old entry only after confirming the new fingerprint on the appliance console.`
  );
}
