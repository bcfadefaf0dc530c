/**
 * Host-key trust for the editor: OpenSSH's known_hosts files plus the extension's own store (in
 * its global storage). An unknown key needs the user's decision in a modal that shows the
 * fingerprint; a changed key is refused by the connection layer and only Forget Host Key clears it.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { UnknownHostKeyInfo } from '../../appliance/ssh/connection';
import { entryMatches, fingerprint, HostKeyStore, parseKnownHosts } from '../../appliance/ssh/hostKeys';

/** The store, able to skip recording when the user accepted a key for one connection only. */
export class EditorHostKeyStore extends HostKeyStore {
  private readonly once = new Set<string>();

  markOnce(host: string, port: number, fingerprint: string): void {
    this.once.add(`${host}|${port}|${fingerprint}`);
  }

  override add(host: string, port: number, blob: Buffer): void {
    const key = `${host}|${port}|${fingerprint(blob)}`;
    if (this.once.delete(key)) return;
    super.add(host, port, blob);
  }

  /** Removes every entry recorded for `host:port`; returns how many. */
  forget(host: string, port: number): number {
    if (!existsSync(this.path)) return 0;
    const lines = readFileSync(this.path, 'utf8').split('\n');
    const entries = parseKnownHosts(lines.join('\n'), this.path);
    const drop = new Set(entries.filter((e) => entryMatches(e, host, port)).map((e) => e.line));
    writeFileSync(this.path, lines.filter((_, n) => !drop.has(n + 1)).join('\n'), { mode: 0o600 });
    return drop.size;
  }
}

export type HostKeyDecision = 'once' | 'remember' | 'cancel';

/**
 * Asks about unknown keys one at a time (parallel runs would otherwise stack modals). Within one
 * run, a decision about a key also answers the same key on other ports of the same address, which
 * is how one machine (a simulator, a jump host's forwards) shows up.
 */
export class HostKeyPrompter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: EditorHostKeyStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly ask: (info: UnknownHostKeyInfo, label: string) => Thenable<HostKeyDecision> = askModal,
  ) {}

  /** A callback for one run; decisions are shared within the run only. */
  forRun(labelOf: (host: string, port: number) => string): (info: UnknownHostKeyInfo) => Promise<boolean> {
    const decided = new Map<string, HostKeyDecision>();
    return (info) => {
      const next = this.queue.then(async () => {
        const sameKey = `${info.host}|${info.fingerprint}`;
        let decision = decided.get(sameKey);
        if (!decision) {
          decision = await this.ask(info, labelOf(info.host, info.port));
          decided.set(sameKey, decision);
        }
        this.log.info(`host key ${info.keyType} ${info.fingerprint} of ${info.host}:${info.port}: ${decision === 'cancel' ? 'refused' : decision === 'once' ? 'accepted for this connection' : 'accepted and remembered'}`);
        if (decision === 'once') this.store.markOnce(info.host, info.port, info.fingerprint);
        return decision !== 'cancel';
      });
      this.queue = next.catch(() => undefined);
      return next;
    };
  }
}

async function askModal(info: UnknownHostKeyInfo, label: string): Promise<HostKeyDecision> {
  const once = vscode.l10n.t('Accept Once');
  const remember = vscode.l10n.t('Accept and Remember');
  const detail = [
    vscode.l10n.t('{0} ({1}:{2}) presented a host key that is not known.', label, info.host, String(info.port)),
    '',
    `${info.keyType}  ${info.fingerprint}`,
    '',
    info.otherKeyTypes.length ? vscode.l10n.t('Keys of other types are recorded for this host: {0}.', info.otherKeyTypes.join(', ')) : '',
    vscode.l10n.t('Compare the fingerprint with the one the appliance console shows before trusting it.'),
  ].filter((l, n, a) => l !== '' || a[n - 1] !== '').join('\n');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Trust the host key of {0}?', label), { modal: true, detail }, once, remember);
  return choice === once ? 'once' : choice === remember ? 'remember' : 'cancel';
}
