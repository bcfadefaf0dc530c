/**
 * Appliance targets: `user@host[:port]` as typed by a user, resolved through the user's
 * `~/.ssh/config` (Host, HostName, Port, User, IdentityFile, ProxyJump, UserKnownHostsFile).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';

export interface ApplianceTarget {
  /** What the user typed; reports use it to name the appliance. */
  label: string;
  /** The name given before any ssh_config alias resolution. */
  alias: string;
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
  /** The jump hosts ssh_config gives, in order, each resolved through ssh_config as `[user@]address:port`. */
  proxyJump?: string;
  knownHostsFiles: string[];
}

export class TargetError extends Error {}

/**
 * A DNS name, an IPv4 address or an IPv6 literal (with an optional zone). Host names reach the
 * appliance's CLI as answers (`telnet`, `tlsverify`), where `;`, a newline or a backtick would be
 * a second command, so anything else is refused before a connection is even opened.
 */
export function isHostName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  if (/^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$/.test(value)) return true;
  return /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/.test(value) && value.includes(':');
}

/** Throws a `TargetError` naming where a value that is not a host name came from. */
export function assertHostName(value: string, from: string): string {
  if (!isHostName(value)) throw new TargetError(`${from}: ${JSON.stringify(value)} is not a host name or address`);
  return value;
}

/** Parses `user@host`, `user@host:port`, `user@[v6addr]:port` or `host`. */
export function parseTargetSpec(spec: string): { user?: string; host: string; port?: number } {
  const at = spec.lastIndexOf('@');
  const user = at > 0 ? spec.slice(0, at) : undefined;
  let rest = at >= 0 ? spec.slice(at + 1) : spec;
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (v6) {
    rest = v6[1];
    if (v6[2]) port = Number(v6[2]);
  } else {
    const m = /^([^:]+):(\d+)$/.exec(rest);
    if (m) {
      rest = m[1];
      port = Number(m[2]);
    } else if (rest.includes(':') && !/^[0-9a-f:]+$/i.test(rest)) {
      throw new TargetError(`cannot read "${spec}": expected user@host[:port]`);
    }
  }
  if (!rest || /\s/.test(rest)) throw new TargetError(`cannot read ${JSON.stringify(spec)}: expected user@host[:port]`);
  assertHostName(rest, `cannot read ${JSON.stringify(spec)}`);
  if (user !== undefined && /[\s\x00-\x1f\x7f]/.test(user)) throw new TargetError(`cannot read ${JSON.stringify(spec)}: the user name has spaces or control characters`);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new TargetError(`port out of range in "${spec}"`);
  return { user, host: rest, port };
}

function expandHome(path: string, home: string): string {
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export interface ResolveOptions {
  /** Text of an ssh_config file; read from `~/.ssh/config` when absent and `sshConfigPath` is unset. */
  sshConfigText?: string;
  sshConfigPath?: string | false;
  home?: string;
  defaultUser?: string;
}

function readSshConfig(options: ResolveOptions, home: string): string | undefined {
  if (options.sshConfigText !== undefined || options.sshConfigPath === false) return options.sshConfigText;
  const path = options.sshConfigPath ?? join(home, '.ssh', 'config');
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function computeFor(text: string | undefined, host: string): Record<string, string | string[]> {
  if (!text) return {};
  try {
    return SSHConfig.parse(text).compute(host);
  } catch {
    return {};
  }
}

/**
 * Where a name leads once ssh_config has had its say: what was typed wins, then the
 * `Host` block's HostName (with `%h`), Port and User; port 22 and no user otherwise.
 */
function addressOf(parsed: { user?: string; host: string; port?: number }, computed: Record<string, string | string[]>, from: string): { host: string; port: number; user?: string } {
  const host = (first(computed.HostName ?? computed.Hostname) ?? parsed.host).replace(/%h/g, parsed.host);
  assertHostName(host, from);
  return { host, port: parsed.port ?? (Number(first(computed.Port)) || 22), user: parsed.user ?? first(computed.User) };
}

/** `[user@]host:port`, with an IPv6 address in brackets: what `parseTargetSpec` reads back. */
export function formatTargetSpec(target: { user?: string; host: string; port: number }): string {
  return `${target.user ? `${target.user}@` : ''}${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}

/**
 * A ProxyJump hop as OpenSSH reads it: `[user@]host[:port]` or `ssh://[user@]host[:port]`, where
 * `host` may be an alias of ssh_config with its own HostName, Port and User. Returned resolved,
 * as `[user@]address:port` (no user: the appliance's).
 */
function resolveHop(hop: string, text: string | undefined): string {
  const parsed = parseTargetSpec(hop.replace(/^ssh:\/\//, ''));
  return formatTargetSpec(addressOf(parsed, computeFor(text, parsed.host), `HostName for jump host ${parsed.host} in ssh_config`));
}

export function resolveTarget(spec: string, options: ResolveOptions = {}): ApplianceTarget {
  const home = options.home ?? homedir();
  const parsed = parseTargetSpec(spec);
  const text = readSshConfig(options, home);
  const computed = computeFor(text, parsed.host);
  const address = addressOf(parsed, computed, `HostName for ${parsed.host} in ssh_config`);
  const { host, port } = address;
  const user = address.user ?? options.defaultUser ?? 'admin';
  const identityFiles = all(computed.IdentityFile).map((p) => expandHome(p, home));
  const jump = first(computed.ProxyJump);
  const knownHostsFiles = all(computed.UserKnownHostsFile)
    .flatMap((v) => v.split(/\s+/))
    .map((p) => expandHome(p, home));
  return {
    label: spec,
    alias: parsed.host,
    host,
    port,
    user,
    identityFiles,
    proxyJump: jump && jump !== 'none' ? jump.split(',').map((hop) => hop.trim()).filter(Boolean).map((hop) => resolveHop(hop, text)).join(',') : undefined,
    knownHostsFiles: knownHostsFiles.length ? knownHostsFiles : [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2')],
  };
}
