/**
 * SSH key files for the simulator (its host key) and for tests (client keys). Keys come from
 * `ssh-keygen`, because ssh2's own ed25519 generation has produced unusable keys now and then;
 * every key is loaded and made to sign once before it is trusted.
 */
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { utils, type ParsedKey } from 'ssh2';

const run = promisify(execFile);

export type KeyType = 'ed25519' | 'rsa' | 'ecdsa';

/** Loads a private key and proves it can sign; returns undefined for anything unusable. */
export function usablePrivateKey(data: Buffer | string, passphrase?: string): ParsedKey | undefined {
  const parsed = utils.parseKey(data, passphrase);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) return undefined;
  try {
    const probe = Buffer.from('asyncos-pvo key check');
    const signature = key.sign(probe);
    if (signature instanceof Error || key.verify(probe, signature) !== true) return undefined;
  } catch {
    return undefined;
  }
  return key;
}

export function fingerprintOf(publicBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicBlob).digest('base64').replace(/=+$/, '')}`;
}

async function sshKeygen(path: string, type: KeyType, passphrase: string, comment: string): Promise<void> {
  rmSync(path, { force: true });
  rmSync(`${path}.pub`, { force: true });
  const args = ['-q', '-t', type, '-N', passphrase, '-C', comment, '-f', path];
  if (type === 'rsa') args.splice(3, 0, '-b', '3072');
  await run('ssh-keygen', args, { timeout: 30_000 });
}

/**
 * Writes a fresh key pair at `path` / `path.pub`. Falls back to Node's RSA generation when
 * `ssh-keygen` is not installed.
 */
export async function generateKeyFile(path: string, type: KeyType = 'ed25519', passphrase = '', comment = 'asyncos-pvo'): Promise<ParsedKey> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await sshKeygen(path, type, passphrase, comment);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (passphrase) throw new Error('ssh-keygen is needed to create a key with a passphrase');
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
      writeFileSync(path, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
      const key = usablePrivateKey(readFileSync(path));
      if (key) writeFileSync(`${path}.pub`, `${key.type} ${key.getPublicSSH().toString('base64')} ${comment}\n`);
    }
    const key = usablePrivateKey(readFileSync(path), passphrase || undefined);
    if (key) return key;
  }
  throw new Error(`could not create a usable ${type} key at ${path}`);
}

/** The simulator's host key, created once and kept in `dataDir` so clients can pin it. */
export async function ensureHostKey(dataDir: string, type: KeyType = 'ed25519'): Promise<{ path: string; key: ParsedKey }> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, `ssh_host_${type}_key`);
  if (existsSync(path)) {
    const key = usablePrivateKey(readFileSync(path));
    if (key) return { path, key };
  }
  const key = await generateKeyFile(path, type, '', 'asyncos-pvo-simulator');
  return { path, key };
}
