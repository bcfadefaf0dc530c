/**
 * The OpenSSH sshd that scripts/sshd-test starts on loopback, as its environment describes it: a
 * port per preset appliance and fault variant, the healthy pair on ::1 (or why not), an appliance
 * behind keyboard-interactive authentication with its own password, the test user with its
 * password, the host key.
 */
import { readFileSync } from 'node:fs';
import { hashedKnownHostsLine, hostField } from '../../client/src/appliance/ssh/hostKeys';
import type { ApplianceTarget } from '../../client/src/appliance/ssh/target';

export function sshdEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run these tests through scripts/sshd-test`);
  return v;
}

/** Port by name: `<preset>/<appliance>` or `fault-<kind>/<appliance>`. */
export const SSHD_PORTS: Record<string, number> = JSON.parse(sshdEnv('PVO_SSHD_PORTS'));
export const SSHD_USER = sshdEnv('PVO_SSHD_USER');
export const SSHD_PASSWORD = sshdEnv('PVO_SSHD_PASSWORD');
const [hostKeyType, hostKeyBase64] = readFileSync(sshdEnv('PVO_SSHD_HOST_KEY'), 'utf8').split(/\s+/);
export const SSHD_HOST_KEY_BLOB = Buffer.from(hostKeyBase64, 'base64');
/** Ports on ::1 by `<preset>/<appliance>`; empty when the machine has no IPv6 loopback. */
export const SSHD_V6_PORTS: Record<string, number> = JSON.parse(sshdEnv('PVO_SSHD_V6_PORTS'));
/** Why the ::1 ports are missing (a reason to skip), or undefined when they are there. */
export const SSHD_V6_SKIP = process.env.PVO_SSHD_V6_SKIP || undefined;
/** Ports whose sshd offers only keyboard-interactive (through PAM), by `<preset>/<appliance>`. */
export const SSHD_KBD_PORTS: Record<string, number> = JSON.parse(sshdEnv('PVO_SSHD_KBD_PORTS'));
/** The answer those ports' PAM service accepts; not the test user's system password. */
export const SSHD_KBD_PASSWORD = sshdEnv('PVO_SSHD_KBD_PASSWORD');

/** A plain known_hosts line for the sshd's host key at `host`:`port` (`[::1]:port` for IPv6). */
export function sshdKnownHostsLine(host: string, port: number): string {
  return `${hostField(host, port)} ${hostKeyType} ${hostKeyBase64}\n`;
}

/** known_hosts text with a hashed entry for each port: the usual state of a hardened client. */
export function sshdKnownHosts(ports: Iterable<number>): string {
  return [...ports].map((p) => hashedKnownHostsLine('127.0.0.1', p, SSHD_HOST_KEY_BLOB)).join('\n') + '\n';
}

/** The test user on a loopback port, trusting only the host keys in `knownHostsFile`. */
export function loopbackTarget(label: string, port: number, knownHostsFile: string): ApplianceTarget {
  return { label, alias: '127.0.0.1', host: '127.0.0.1', port, user: SSHD_USER, identityFiles: [], knownHostsFiles: [knownHostsFile] };
}

/** The target behind one named sshd port, labelled by default with the appliance's id. */
export function sshdTarget(name: string, knownHostsFile: string, label = name.split('/')[1]): ApplianceTarget {
  const port = SSHD_PORTS[name];
  if (!port) throw new Error(`no sshd port for ${name}`);
  return loopbackTarget(label, port, knownHostsFile);
}
