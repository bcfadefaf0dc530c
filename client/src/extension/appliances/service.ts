/**
 * The view's model and its live actions: which appliances exist, what each one's checks said,
 * and running checks with progress and cancellation. Fires `onDidChange` for every state change;
 * the tree, the status bar item and the tests listen to it.
 */
import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import { liveChecks } from '../../appliance/checks';
import type { CheckResult } from '../../appliance/checks/types';
import { coreProbeSettings } from '../../appliance/coreBridge';
import { probeAppliances, type ProbeAuth } from '../../appliance/probe';
import { observeCommands, withApplianceSession } from '../../appliance/session';
import type { AsyncOsSession } from '../../appliance/ssh/cliSession';
import type { Credentials } from './credentials';
import type { EditorHostKeyStore, HostKeyPrompter } from './hostKeys';
import {
  applianceFromEntry,
  fingerprintFrom,
  parseChangedHostKey,
  readEntries,
  SETTING,
  SSH_CONFIG_SETTING,
  type Appliance,
  type ApplianceState,
} from './model';

export interface RunOutcome {
  cancelled: boolean;
  appliances: number;
  problems: number;
}

export class ApplianceService implements vscode.Disposable {
  private settingsAppliances: Appliance[] = [];
  private simulatorAppliances: Appliance[] = [];
  private readonly states = new Map<string, ApplianceState>();
  private readonly changed = new vscode.EventEmitter<Appliance | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  /** Fires with the appliance whose state changed, or undefined when the list changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly credentials: Credentials,
    readonly hostKeys: EditorHostKeyStore,
    private readonly prompter: HostKeyPrompter,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.reload();
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTING) || e.affectsConfiguration(SSH_CONFIG_SETTING)) this.reload();
      }),
    );
  }

  private reload(): void {
    this.settingsAppliances = [];
    for (const entry of readEntries()) {
      try {
        this.settingsAppliances.push(applianceFromEntry(entry));
      } catch (e) {
        this.log.warn(`ignoring appliance "${entry.label}" from the settings: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.changed.fire(undefined);
  }

  get appliances(): readonly Appliance[] {
    return [...this.settingsAppliances, ...this.simulatorAppliances];
  }

  find(id: string): Appliance | undefined {
    return this.appliances.find((a) => a.id === id);
  }

  groups(): { name: string; appliances: Appliance[] }[] {
    const out = new Map<string, Appliance[]>();
    for (const a of this.appliances) out.set(a.group, [...(out.get(a.group) ?? []), a]);
    return [...out].map(([name, appliances]) => ({ name, appliances }));
  }

  state(id: string): ApplianceState {
    let s = this.states.get(id);
    if (!s) {
      s = { phase: 'idle', results: new Map() };
      this.states.set(id, s);
    }
    return s;
  }

  setSimulatorAppliances(appliances: Appliance[]): void {
    for (const a of this.simulatorAppliances) this.states.delete(a.id);
    this.simulatorAppliances = appliances;
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Problems across every appliance, for the status bar. */
  totals(): { appliances: number; problems: number; errors: number; running: boolean } {
    let problems = 0;
    let errors = 0;
    let running = false;
    for (const a of this.appliances) {
      const s = this.state(a.id);
      if (s.phase === 'running' || s.phase === 'connecting') running = true;
      for (const r of s.results.values()) {
        if (r === 'running') continue;
        if (r.verdict === 'problem') problems++;
        if (r.verdict === 'error') errors++;
      }
    }
    return { appliances: this.appliances.length, problems, errors, running };
  }

  private async authAll(appliances: readonly Appliance[]): Promise<{ appliance: Appliance; auth: ProbeAuth }[] | undefined> {
    const out: { appliance: Appliance; auth: ProbeAuth }[] = [];
    for (const appliance of appliances) {
      const auth = await this.credentials.authFor(appliance);
      if (!auth) return undefined;
      out.push({ appliance, auth });
    }
    return out;
  }

  private onUnknownHostKey(appliances: readonly Appliance[]) {
    return this.prompter.forRun((host, port) => appliances.find((a) => a.target.host === host && a.target.port === port)?.label ?? `${host}:${port}`);
  }

  /**
   * Runs the checks (all, or `only`) on the given appliances in parallel over one connection each,
   * with a cancellable progress notification; the tree fills in as each check finishes.
   */
  async runChecks(appliances: readonly Appliance[], only?: string[]): Promise<RunOutcome> {
    if (appliances.length === 0) return { cancelled: false, appliances: 0, problems: 0 };
    const credentials = await this.authAll(appliances);
    if (!credentials) return { cancelled: true, appliances: 0, problems: 0 };
    const checks = liveChecks.filter((c) => c.id === 'ssh-reachable' || !only || only.includes(c.id));
    for (const a of appliances) {
      const s = this.state(a.id);
      s.phase = 'connecting';
      s.connectionError = undefined;
      for (const c of checks) s.results.set(c.id, 'running');
      this.changed.fire(a);
    }
    const byTarget = new Map(appliances.map((a) => [a.target, a]));
    const title = appliances.length === 1 ? vscode.l10n.t('Checking {0}', appliances[0].label) : vscode.l10n.t('Checking {0} appliances', String(appliances.length));
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      // Every connection and command of the run listens to this one signal.
      setMaxListeners(0, abort.signal);
      const sub = token.onCancellationRequested(() => abort.abort());
      const started = Date.now();
      let done = 0;
      const total = appliances.length * checks.length;
      this.log.info(`running ${only ? only.join(', ') : 'all checks'} on ${appliances.map((a) => a.id).join(', ')}`);
      try {
        // One probe per group: the checks that compare appliances must only see their pair or cluster.
        const groups = new Map<string, { appliance: Appliance; auth: ProbeAuth }[]>();
        for (const c of credentials) groups.set(c.appliance.group, [...(groups.get(c.appliance.group) ?? []), c]);
        const onUnknownHostKey = this.onUnknownHostKey(appliances);
        const reports = await Promise.all(
          [...groups.values()].map(async (members) => {
            const report = await probeAppliances(
              members.map(({ appliance, auth }) => ({ target: appliance.target, auth })),
              {
                settings: coreProbeSettings(),
                hostKeyStore: this.hostKeys,
                onUnknownHostKey,
                signal: abort.signal,
                only,
                onCommand: (target, command, ms, failed) => {
                  const a = byTarget.get(target);
                  if (a) this.logCommand(a, command, ms, failed);
                },
                onResult: (target, result) => {
                  const a = byTarget.get(target);
                  if (!a) return;
                  const s = this.state(a.id);
                  s.phase = 'running';
                  s.results.set(result.id, result);
                  this.logResult(a, result);
                  if (result.id === 'ssh-reachable') this.noteConnection(a, result);
                  done++;
                  progress.report({ increment: 100 / total, message: `${a.label}: ${result.title}` });
                  this.changed.fire(a);
                },
              },
            );
            return report.appliances.map((r, n) => ({ appliance: members[n].appliance, checks: r.checks }));
          }),
        );
        let problems = 0;
        for (const { appliance: a, checks: results } of reports.flat()) {
          const s = this.state(a.id);
          for (const c of results) s.results.set(c.id, c);
          for (const [id, v] of s.results) if (v === 'running') s.results.delete(id);
          s.phase = s.connectionError ? 'failed' : 'done';
          s.lastRun = new Date();
          s.durationMs = Date.now() - started;
          problems += results.filter((c) => c.verdict === 'problem').length;
          this.changed.fire(a);
        }
        this.log.info(`${done} check results from ${appliances.length} appliance(s) in ${Date.now() - started} ms${abort.signal.aborted ? ' (cancelled)' : ''}`);
        return { cancelled: abort.signal.aborted, appliances: appliances.length, problems };
      } finally {
        sub.dispose();
        for (const a of appliances) {
          const s = this.state(a.id);
          for (const [id, v] of s.results) if (v === 'running') s.results.delete(id);
          if (s.phase === 'connecting' || s.phase === 'running') s.phase = 'failed';
        }
        this.changed.fire(undefined);
      }
    });
  }

  private noteConnection(a: Appliance, result: CheckResult): void {
    const s = this.state(a.id);
    if (result.verdict === 'ok') {
      s.fingerprint = fingerprintFrom([result]) ?? s.fingerprint;
      s.changedHostKey = undefined;
      s.connectionError = undefined;
      return;
    }
    s.connectionError = result.summary;
    s.changedHostKey = parseChangedHostKey(result.summary);
    if (s.changedHostKey) {
      // Worth a notification: it is a security event and the only way forward is a deliberate act.
      const forget = vscode.l10n.t('Forget Host Key…');
      void vscode.window
        .showErrorMessage(
          vscode.l10n.t('The host key of {0} has CHANGED. Presented: {1}. Recorded: {2}. The connection was refused.', a.label, s.changedHostKey.presented, s.changedHostKey.expected.join(', ')),
          forget,
        )
        .then((choice) => (choice === forget ? vscode.commands.executeCommand('asyncosPvo.appliances.forgetHostKey', a.id) : undefined));
    }
  }

  /** One line per command sent, with its timing: where a slow or stuck appliance spends its time. */
  private logCommand(a: Appliance, command: string, ms: number, failed: boolean): void {
    this.log.info(this.credentials.scrub(`${a.id} $ ${command} (${ms} ms${failed ? ', failed' : ''})`));
  }

  private logResult(a: Appliance, r: CheckResult): void {
    const line = `${a.id} ${r.id}: ${r.verdict} — ${r.summary}${r.commands.length ? ` [${r.commands.join(', ')}]` : ''}`;
    const scrubbed = this.credentials.scrub(line);
    if (r.verdict === 'problem' || r.verdict === 'error') this.log.warn(scrubbed);
    else this.log.info(scrubbed);
  }

  /** Opens one session with the same credentials and trust rules as the checks. */
  async withSession<T>(a: Appliance, title: string, work: (session: AsyncOsSession, signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    const auth = await this.credentials.authFor(a);
    if (!auth) return undefined;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      const started = Date.now();
      try {
        return await withApplianceSession(a.target, auth, { hostKeyStore: this.hostKeys, onUnknownHostKey: this.onUnknownHostKey([a]), signal: abort.signal }, async (session) => {
          return work(observeCommands(session, (command, ms, failed) => this.logCommand(a, command, ms, failed)), abort.signal);
        });
      } finally {
        sub.dispose();
        this.log.info(`${title} finished in ${Date.now() - started} ms`);
      }
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
