/**
 * The appliances the view shows and what is known about each: entries from the
 * `asyncosPvo.appliances` setting (never a secret in there) plus the simulator's appliances while
 * it runs, and per appliance the last check results and connection state.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CheckResult } from '../../appliance/checks/types';
import { formatTargetSpec, resolveTarget, type ApplianceTarget } from '../../appliance/ssh/target';

export const SETTING = 'asyncosPvo.appliances';
/** The ssh_config file that Host aliases resolve through and Import reads; `~/.ssh/config` when unset. */
export const SSH_CONFIG_SETTING = 'asyncosPvo.sshConfigFile';

export function sshConfigPath(): string {
  const configured = vscode.workspace.getConfiguration().get<string>(SSH_CONFIG_SETTING, '').trim();
  if (!configured) return join(homedir(), '.ssh', 'config');
  return configured.replace(/^~(?=[/\\]|$)/, homedir());
}

/** One entry of the `asyncosPvo.appliances` setting. */
export interface ApplianceEntry {
  label: string;
  /** `user@host[:port]` or an ssh_config Host alias. */
  target: string;
  /** Pair or cluster the appliance belongs to; appliances of one group are checked together. */
  group?: string;
  kind?: 'esa' | 'sma';
  auth?: 'password' | 'key' | 'agent';
  /** Private key file for `auth: key` (the passphrase goes to SecretStorage). */
  identityFile?: string;
}

export type ApplianceSource = 'settings' | 'simulator';

export interface Appliance {
  /** Stable id: `user@host:port`; also the key of its secrets. */
  id: string;
  label: string;
  group: string;
  kind?: 'esa' | 'sma';
  source: ApplianceSource;
  auth: 'password' | 'key' | 'agent';
  identityFile?: string;
  target: ApplianceTarget;
  entry?: ApplianceEntry;
}

export type Phase = 'idle' | 'connecting' | 'running' | 'done' | 'failed';

export interface ChangedHostKey {
  presented: string;
  expected: string[];
}

export interface ApplianceState {
  phase: Phase;
  /** Last result per check id; `running` while the check runs. */
  results: Map<string, CheckResult | 'running'>;
  /** Host key presented at the last successful connection. */
  fingerprint?: string;
  changedHostKey?: ChangedHostKey;
  /** Why the last run could not connect, in the connection layer's words. */
  connectionError?: string;
  lastRun?: Date;
  durationMs?: number;
}

export function applianceId(target: ApplianceTarget): string {
  return formatTargetSpec(target);
}

export function applianceFromEntry(entry: ApplianceEntry): Appliance {
  const target = resolveTarget(entry.target, { defaultUser: 'admin', sshConfigPath: sshConfigPath() });
  target.label = entry.label || entry.target;
  return {
    id: applianceId(target),
    label: entry.label || entry.target,
    group: entry.group || vscode.l10n.t('Appliances'),
    kind: entry.kind,
    source: 'settings',
    auth: entry.auth ?? (entry.identityFile ? 'key' : 'password'),
    identityFile: entry.identityFile,
    target,
    entry,
  };
}

export function readEntries(): ApplianceEntry[] {
  const raw = vscode.workspace.getConfiguration().get<unknown>(SETTING);
  if (!Array.isArray(raw)) return [];
  return raw.filter((e): e is ApplianceEntry => !!e && typeof e === 'object' && typeof (e as ApplianceEntry).target === 'string');
}

export async function writeEntries(entries: ApplianceEntry[]): Promise<void> {
  await vscode.workspace.getConfiguration().update(SETTING, entries, vscode.ConfigurationTarget.Global);
}

/** Problems first, then what could not be decided, then the rest. */
export function worstVerdict(results: Iterable<CheckResult | 'running'>): 'running' | 'problem' | 'error' | 'unknown' | 'ok' | undefined {
  let worst: ReturnType<typeof worstVerdict>;
  const rank = { running: 5, problem: 4, error: 3, unknown: 2, ok: 1 } as const;
  for (const r of results) {
    const v = r === 'running' ? 'running' : r.verdict;
    if (!worst || rank[v] > rank[worst]) worst = v;
  }
  return worst;
}

/** Parses the connection layer's "HOST KEY CHANGED" message into the two fingerprints. */
export function parseChangedHostKey(summary: string): ChangedHostKey | undefined {
  if (!/^HOST KEY CHANGED/.test(summary)) return undefined;
  const presented = /presented \S+ (SHA256:[A-Za-z0-9+/]+)/.exec(summary)?.[1] ?? '?';
  const expectedPart = /but (.*) is recorded/.exec(summary)?.[1] ?? '';
  const expected = [...expectedPart.matchAll(/SHA256:[A-Za-z0-9+/]+/g)].map((m) => m[0]);
  return { presented, expected };
}

/** The host-key fingerprint in the `ssh-reachable` check's evidence. */
export function fingerprintFrom(results: readonly CheckResult[]): string | undefined {
  const ssh = results.find((r) => r.id === 'ssh-reachable');
  for (const line of ssh?.evidence ?? []) {
    const m = /host key \S+ (SHA256:[A-Za-z0-9+/]+)/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}
