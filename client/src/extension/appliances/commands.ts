/**
 * The Appliances view's commands, in one table. Each handler takes the node it was invoked on
 * (context menu, inline button) or nothing (command palette, where it asks). Live actions refuse
 * to run in an untrusted workspace; anything that writes to an appliance asks first, in a modal.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import SSHConfig from 'ssh-config';
import { liveChecks } from '../../appliance/checks';
import { ApplianceFacts } from '../../appliance/checks/facts';
import { resumeAppliance } from '../../appliance/probe';
import { renderConfigXml } from '../../appliance/simulator/configXml';
import { loadPreset } from '../../appliance/simulator/presets';
import { hostField } from '../../appliance/ssh/hostKeys';
import { parseTargetSpec, resolveTarget } from '../../appliance/ssh/target';
import { APPLIANCE_COMMANDS as C } from './commandList';
import { applianceFromEntry, readEntries, sshConfigPath, writeEntries, type Appliance, type ApplianceEntry } from './model';
import { reportData, reportMarkdown } from './report';
import type { ApplianceService } from './service';
import type { SimulatorController } from './simulator';
import { ApplianceNode, CheckNode, GroupNode, type ApplianceTreeNode } from './tree';

export interface ApplianceCommandServices {
  service: ApplianceService;
  simulator: SimulatorController;
  log: vscode.LogOutputChannel;
  checkDetails: CheckDetailsProvider;
  /** The extension's global storage folder (host keys, simulator key). */
  storagePath: string;
  /** Whether live actions may run; VS Code's workspace trust unless a test says otherwise. */
  isTrusted?: () => boolean;
}

type Handler = (s: ApplianceCommandServices, ...args: unknown[]) => unknown;

/** Read-only documents showing one check's result: `asyncos-pvo-check:/<appliance>/<check>.md`. */
export class CheckDetailsProvider implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'asyncos-pvo-check';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  constructor(private readonly service: ApplianceService) {}

  uriFor(appliance: Appliance, checkId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: CheckDetailsProvider.scheme, path: `/${appliance.label.replace(/[/\\]/g, '_')}/${checkId}.md`, query: appliance.id });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const appliance = this.service.find(uri.query);
    const checkId = uri.path.split('/').pop()?.replace(/\.md$/, '') ?? '';
    const r = appliance ? this.service.state(appliance.id).results.get(checkId) : undefined;
    const check = liveChecks.find((c) => c.id === checkId);
    if (!appliance || !r || r === 'running') return `# ${check?.title ?? checkId}\n\n${vscode.l10n.t('No result yet.')}\n`;
    const lines = [`# ${r.title}`, '', `${appliance.label} — \`${appliance.target.user}@${appliance.target.host}:${appliance.target.port}\``, '', `**${r.verdict}** (\`${r.id}\`): ${r.summary}`, ''];
    if (r.commands.length) lines.push(`${vscode.l10n.t('Commands run')}: ${r.commands.map((c) => `\`${c}\``).join(', ')}`, '');
    if (r.evidence.length) lines.push(`## ${vscode.l10n.t('Evidence')}`, '', '```', ...r.evidence, '```', '');
    if (r.advice) lines.push(`## ${vscode.l10n.t('What to do')}`, '', r.advice, '');
    return this.service.credentials.scrub(lines.join('\n'));
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }
}

function requireTrust(s: ApplianceCommandServices): boolean {
  if (s.isTrusted ? s.isTrusted() : vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(vscode.l10n.t('Connecting to appliances needs a trusted workspace.'));
  return false;
}

function applianceOf(s: ApplianceCommandServices, arg: unknown): Appliance | undefined {
  if (arg instanceof ApplianceNode || arg instanceof CheckNode) return arg.appliance;
  if (typeof arg === 'string') return s.service.find(arg);
  if (arg && typeof arg === 'object' && 'appliance' in arg) return (arg as { appliance: Appliance }).appliance;
  return undefined;
}

async function pickAppliance(s: ApplianceCommandServices, arg: unknown, placeHolder: string, filter: (a: Appliance) => boolean = () => true): Promise<Appliance | undefined> {
  const direct = applianceOf(s, arg);
  if (direct) return direct;
  const candidates = s.service.appliances.filter(filter);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No appliance to choose from. Add one, or start the simulator.'));
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((a) => ({ label: a.label, description: `${a.target.user}@${a.target.host}:${a.target.port}`, detail: a.group, appliance: a })),
    { placeHolder },
  );
  return picked?.appliance;
}

function groupPeers(s: ApplianceCommandServices, a: Appliance): Appliance[] {
  return s.service.appliances.filter((x) => x.group === a.group);
}

async function entryWizard(existing?: ApplianceEntry): Promise<ApplianceEntry | undefined> {
  const target = await vscode.window.showInputBox({
    title: existing ? vscode.l10n.t('Edit Appliance') : vscode.l10n.t('Add Appliance'),
    prompt: vscode.l10n.t('user@host[:port], or a Host alias from ~/.ssh/config'),
    value: existing?.target,
    placeHolder: 'admin@esa1.example.com',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        parseTargetSpec(v.trim());
        return undefined;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  });
  if (!target) return undefined;
  const label = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Name shown in the Appliances view'), value: existing?.label ?? parseTargetSpec(target.trim()).host, ignoreFocusOut: true });
  if (label === undefined) return undefined;
  const kinds = [
    { label: 'ESA', description: vscode.l10n.t('Email Security Appliance'), applianceKind: 'esa' as const },
    { label: 'SMA', description: vscode.l10n.t('Security Management Appliance'), applianceKind: 'sma' as const },
    { label: vscode.l10n.t('Detect when connecting'), applianceKind: undefined },
  ];
  const kind = await vscode.window.showQuickPick(kinds, { placeHolder: vscode.l10n.t('Kind of appliance') });
  if (!kind) return undefined;
  const group = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Pair or cluster it belongs to (appliances of one group are checked together)'),
    value: existing?.group ?? '',
    ignoreFocusOut: true,
  });
  if (group === undefined) return undefined;
  const auths = [
    { label: vscode.l10n.t('Password'), description: vscode.l10n.t('asked once, kept in the secret storage'), auth: 'password' as const },
    { label: vscode.l10n.t('Private key file'), description: vscode.l10n.t('its passphrase, if any, goes to the secret storage'), auth: 'key' as const },
    { label: vscode.l10n.t('SSH agent'), description: 'SSH_AUTH_SOCK', auth: 'agent' as const },
  ];
  const auth = await vscode.window.showQuickPick(auths, { placeHolder: vscode.l10n.t('How to authenticate') });
  if (!auth) return undefined;
  let identityFile: string | undefined;
  if (auth.auth === 'key') {
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: vscode.Uri.file(join(homedir(), '.ssh')), title: vscode.l10n.t('Private key file') });
    if (!files?.[0]) return undefined;
    identityFile = files[0].fsPath;
  }
  const entry: ApplianceEntry = { label: label.trim() || target.trim(), target: target.trim(), auth: auth.auth };
  if (kind.applianceKind) entry.kind = kind.applianceKind;
  if (group.trim()) entry.group = group.trim();
  if (identityFile) entry.identityFile = identityFile;
  return entry;
}

export const applianceCommandHandlers: Record<string, Handler> = {
  [C.add.id]: async (s) => {
    const entry = await entryWizard();
    if (!entry) return undefined;
    const appliance = applianceFromEntry(entry);
    // Asked now, while the user is at it; kept in the secret storage, never with the entry.
    if (appliance.auth === 'password' && !(await s.service.credentials.get(appliance.id, 'password')) && !(await s.service.credentials.askPassword(appliance))) return undefined;
    await writeEntries([...readEntries(), entry]);
    return entry;
  },

  [C.importSshConfig.id]: async (s) => {
    const path = sshConfigPath();
    if (!existsSync(path)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no ~/.ssh/config to import from.'));
      return;
    }
    const hosts = SSHConfig.parse(readFileSync(path, 'utf8'))
      .flatMap((l) => ('param' in l && l.param?.toLowerCase() === 'host' ? hostPatterns(l.value) : []))
      .filter((h) => h && !/[*?!\s]/.test(h));
    const known = new Set(readEntries().map((e) => e.target));
    const picked = await vscode.window.showQuickPick(
      hosts.filter((h) => !known.has(h)).map((h) => ({ label: h })),
      { canPickMany: true, placeHolder: vscode.l10n.t('Hosts of ~/.ssh/config to add as appliances') },
    );
    if (!picked?.length) return;
    // A Host with an IdentityFile logs in with that key, as `ssh <alias>` would.
    const auth = (alias: string) => (resolveTarget(alias, { sshConfigPath: path }).identityFiles.length ? ('key' as const) : ('password' as const));
    await writeEntries([...readEntries(), ...picked.map((p) => ({ label: p.label, target: p.label, auth: auth(p.label) }))]);
    s.log.info(`imported ${picked.length} appliance(s) from the ssh_config file`);
    return picked.map((p) => p.label);
  },

  [C.edit.id]: async (s, arg) => {
    const a = await pickAppliance(s, arg, vscode.l10n.t('Appliance to edit'), (x) => x.source === 'settings');
    if (!a?.entry) return;
    const updated = await entryWizard(a.entry);
    if (!updated) return;
    await writeEntries(readEntries().map((e) => (e.target === a.entry!.target && e.label === a.entry!.label ? updated : e)));
  },

  [C.remove.id]: async (s, arg) => {
    const a = await pickAppliance(s, arg, vscode.l10n.t('Appliance to remove'), (x) => x.source === 'settings');
    if (!a?.entry) return;
    const remove = vscode.l10n.t('Remove');
    const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Remove {0} from the Appliances view?', a.label), { modal: true, detail: vscode.l10n.t('Its saved password or passphrase is deleted too.') }, remove);
    if (ok !== remove) return;
    await writeEntries(readEntries().filter((e) => !(e.target === a.entry!.target && e.label === a.entry!.label)));
    await s.service.credentials.forget(a.id);
  },

  [C.connect.id]: async (s, arg) => {
    if (!requireTrust(s)) return;
    const a = await pickAppliance(s, arg, vscode.l10n.t('Appliance to connect to'));
    if (a) return s.service.runChecks([a], []);
  },

  [C.runChecks.id]: async (s, arg) => {
    if (!requireTrust(s)) return;
    if (arg instanceof GroupNode) return s.service.runChecks(arg.appliances);
    const a = await pickAppliance(s, arg, vscode.l10n.t('Appliance to check'));
    if (a) return s.service.runChecks([a]);
  },

  [C.runAllChecks.id]: async (s, arg) => {
    if (!requireTrust(s)) return;
    if (arg instanceof GroupNode) return s.service.runChecks(arg.appliances);
    if (s.service.appliances.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No appliance to check. Add one, or start the simulator.'));
      return;
    }
    return s.service.runChecks(s.service.appliances);
  },

  [C.rerunCheck.id]: async (s, arg) => {
    if (!requireTrust(s) || !(arg instanceof CheckNode)) return;
    const check = liveChecks.find((c) => c.id === arg.checkId);
    // A check that compares appliances needs the others of its group in the same run.
    return s.service.runChecks(check?.fleet ? groupPeers(s, arg.appliance) : [arg.appliance], [arg.checkId]);
  },

  [C.showCheckDetails.id]: async (s, arg) => {
    if (!(arg instanceof CheckNode)) return;
    const uri = s.checkDetails.uriFor(arg.appliance, arg.checkId);
    s.checkDetails.refresh(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
  },

  [C.resume.id]: async (s, arg) => {
    if (!requireTrust(s)) return;
    const a = await pickAppliance(s, arg, vscode.l10n.t('Appliance to resume'));
    if (!a) return;
    const run = vscode.l10n.t('Run resume');
    const where = `${a.target.user}@${a.target.host}:${a.target.port}`;
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Run "resume" on {0}?', a.label),
      { modal: true, detail: vscode.l10n.t('This changes the appliance {0} ({1}): the CLI command "resume" restarts receiving on its listeners, cpq_listener included.', a.label, where) },
      run,
    );
    const confirmed = choice === run;
    if (!confirmed) {
      s.log.info(`resume on ${a.id} not confirmed; nothing sent`);
      return { resumed: false };
    }
    const result = await s.service.withSession(a, vscode.l10n.t('Resuming {0}', a.label), (session) => resumeAppliance(session, async () => confirmed));
    if (!result) return { resumed: false };
    s.log.info(`resume on ${a.id}: ${result.output.trim()}`);
    // Success shows in the tree (the checks run again); only a refusal needs the user's attention.
    if (!result.resumed) void vscode.window.showErrorMessage(vscode.l10n.t('{0} did not confirm that receiving resumed: {1}', a.label, result.output.trim()));
    await s.service.runChecks(groupPeers(s, a));
    return result;
  },

  [C.fetchConfig.id]: async (s, arg) => {
    if (!requireTrust(s)) return;
    const a = await pickAppliance(s, arg, vscode.l10n.t('Appliance to fetch the running configuration from'));
    if (!a) return;
    const config = await s.service.withSession(a, vscode.l10n.t('Fetching the running configuration of {0}', a.label), (session) => new ApplianceFacts(session).runningConfig());
    if (!config) return;
    if (!config.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not read the running configuration of {0}: {1}', a.label, config.reason));
      return;
    }
    // Untitled but named after the appliance, so Save proposes a sensible file in the workspace.
    const name = `${a.label.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+$/, '')}-running-config.xml`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = folder ? vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' }) : vscode.Uri.from({ scheme: 'untitled', path: name });
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), config.value.xml);
    await vscode.workspace.applyEdit(edit);
    if (doc.languageId !== 'xml') await vscode.languages.setTextDocumentLanguage(doc, 'xml');
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  },

  [C.openMailLog.id]: async (s, arg) => {
    if (!requireTrust(s)) return;
    const a = await pickAppliance(s, arg, vscode.l10n.t('Appliance whose mail log to read'));
    if (!a) return;
    const text = await s.service.withSession(a, vscode.l10n.t('Reading the mail log of {0}', a.label), async (session) => {
      const facts = new ApplianceFacts(session);
      await facts.mailLog();
      return facts.transcripts.get('grep mail_logs') ?? '';
    });
    if (text === undefined) return;
    const languages = await vscode.languages.getLanguages();
    const language = ['asyncos-mail-log', 'asyncos-mail-logs', 'log'].find((l) => languages.includes(l)) ?? 'plaintext';
    const doc = await vscode.workspace.openTextDocument({ language, content: text });
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  },

  [C.copyFingerprint.id]: async (s, arg) => {
    const a = await pickAppliance(s, arg, vscode.l10n.t('Appliance whose host key fingerprint to copy'));
    if (!a) return;
    const state = s.service.state(a.id);
    const fp = state.changedHostKey?.presented ?? state.fingerprint;
    if (!fp) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Connect to {0} first: its host key is not known yet.', a.label));
      return;
    }
    await vscode.env.clipboard.writeText(fp);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', fp), 3000);
    return fp;
  },

  [C.forgetHostKey.id]: async (s, arg) => {
    const a = await pickAppliance(s, arg, vscode.l10n.t('Appliance whose recorded host key to forget'));
    if (!a) return;
    const forget = vscode.l10n.t('Forget Host Key');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Forget the recorded host key of {0}?', a.label),
      { modal: true, detail: vscode.l10n.t('Do this only after confirming the new fingerprint on the appliance console. The next connection asks you to accept the key it presents.') },
      forget,
    );
    if (choice !== forget) return 0;
    const removed = s.service.hostKeys.forget(a.target.host, a.target.port);
    const state = s.service.state(a.id);
    const inKnownHosts = removed === 0 && state.changedHostKey;
    state.changedHostKey = undefined;
    state.fingerprint = undefined;
    s.log.info(`forgot ${removed} recorded host key(s) of ${a.id}`);
    if (inKnownHosts) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The key of {0} is recorded in an OpenSSH known_hosts file, not by this extension. Remove it there: ssh-keygen -R "{1}"', a.label, hostField(a.target.host, a.target.port)));
    }
    s.service.refresh();
    return removed;
  },

  [C.exportReport.id]: async (s, arg) => {
    const entries = s.service.appliances.map((appliance) => ({ appliance, state: s.service.state(appliance.id) })).filter((e) => e.state.results.size > 0);
    if (entries.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Run the checks first: there is nothing to report yet.'));
      return;
    }
    let uri = arg instanceof vscode.Uri ? arg : undefined;
    if (!uri) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      uri = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, 'pvo-report.md') : undefined,
        filters: { Markdown: ['md'], JSON: ['json'] },
        title: vscode.l10n.t('Export PVO Check Report'),
      });
    }
    if (!uri) return;
    const data = reportData(entries);
    const text = uri.path.endsWith('.json') ? `${JSON.stringify(data, null, 2)}\n` : reportMarkdown(data);
    // A report goes into tickets: no secrets, and no local paths that name the user.
    const local = (t: string) => t.split(s.storagePath).join('<extension storage>').split(homedir()).join('~');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(local(s.service.credentials.scrub(text)), 'utf8'));
    s.log.info(`report written to ${uri.toString()}`);
    await vscode.window.showTextDocument(uri, { preview: false });
    return uri;
  },

  [C.startSimulator.id]: async (s) => {
    if (!requireTrust(s)) return;
    const fleet = await s.simulator.start();
    void vscode.commands.executeCommand('asyncosPvo.appliances.focus');
    return fleet.appliances.length;
  },

  [C.stopSimulator.id]: (s) => s.simulator.stop(),

  [C.openExample.id]: async () => {
    const found = await vscode.workspace.findFiles('**/scenario-4-anonymous-cipher.xml', '**/node_modules/**', 1);
    // Without the examples folder, the simulator's own export of scenario 4 shows the same blocker.
    const doc = found[0]
      ? await vscode.workspace.openTextDocument(found[0])
      : await vscode.workspace.openTextDocument({ language: 'xml', content: exampleConfig() });
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  },

  [C.refresh.id]: (s) => s.service.refresh(),
};

/** A Host line's patterns: ssh-config gives one string for one pattern, else one object per pattern. */
function hostPatterns(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : String((v as { val?: unknown }).val ?? '')));
  return [];
}

function exampleConfig(): string {
  const scenario = loadPreset('anonymous-cipher');
  const esa = scenario.appliances.find((a) => a.kind === 'esa')!;
  return renderConfigXml(scenario, esa, 'mask');
}

export function registerApplianceCommands(context: vscode.ExtensionContext, services: ApplianceCommandServices): void {
  for (const [id, run] of Object.entries(applianceCommandHandlers)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await run(services, ...args);
        } catch (e) {
          // One message per failure, in the connection layer's words (they never carry secrets).
          const message = services.service.credentials.scrub(e instanceof Error ? e.message : String(e));
          services.log.error(`${id}: ${message}`);
          void vscode.window.showErrorMessage(message);
          return undefined;
        }
      }),
    );
  }
}

export type { ApplianceTreeNode };
