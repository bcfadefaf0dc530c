/**
 * The Appliances tree: group → appliance → check. One class per node kind; each node's
 * `contextValue` carries its state so menus can offer only what makes sense (Resume only on an
 * offline appliance, Forget Host Key only after a changed key, …).
 */
import * as vscode from 'vscode';
import { liveChecks } from '../../appliance/checks';
import type { CheckResult } from '../../appliance/checks/types';
import { APPLIANCE_COMMANDS } from './commandList';
import { worstVerdict, type Appliance } from './model';
import type { ApplianceService } from './service';

const VERDICT_ICON: Record<string, vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  problem: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  unknown: new vscode.ThemeIcon('question', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  error: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  running: new vscode.ThemeIcon('loading~spin'),
};

export function verdictLabel(v: string): string {
  switch (v) {
    case 'ok':
      return vscode.l10n.t('ok');
    case 'problem':
      return vscode.l10n.t('problem');
    case 'unknown':
      return vscode.l10n.t('unknown');
    case 'error':
      return vscode.l10n.t('error');
    default:
      return vscode.l10n.t('running');
  }
}

export class GroupNode extends vscode.TreeItem {
  readonly kind = 'group';
  constructor(
    readonly name: string,
    readonly appliances: readonly Appliance[],
    service: ApplianceService,
  ) {
    super(name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `group:${name}`;
    const problems = appliances.reduce((n, a) => n + [...service.state(a.id).results.values()].filter((r) => r !== 'running' && r.verdict === 'problem').length, 0);
    this.description = problems ? vscode.l10n.t('{0} problem(s)', String(problems)) : undefined;
    const simulator = appliances.some((a) => a.source === 'simulator');
    this.iconPath = new vscode.ThemeIcon(appliances.length > 2 ? 'server-environment' : 'link');
    this.contextValue = `group${simulator ? '.simulator' : ''}`;
    this.tooltip = appliances.map((a) => `${a.label} — ${a.target.user}@${a.target.host}:${a.target.port}`).join('\n');
  }
}

export class ApplianceNode extends vscode.TreeItem {
  readonly kind = 'appliance';
  constructor(
    readonly appliance: Appliance,
    service: ApplianceService,
  ) {
    super(appliance.label, vscode.TreeItemCollapsibleState.Collapsed);
    const s = service.state(appliance.id);
    this.id = `appliance:${appliance.id}`;
    const worst = worstVerdict(s.results.values());
    const where = `${appliance.target.user}@${appliance.target.host}:${appliance.target.port}`;
    const flags: string[] = [appliance.source, s.phase];
    if (s.changedHostKey) flags.push('hostKeyChanged');
    if (s.fingerprint) flags.push('hostKeyKnown');
    const online = s.results.get('system-online');
    if (online && online !== 'running' && online.verdict === 'problem') flags.push('offline');
    if (appliance.kind) flags.push(appliance.kind);
    // e.g. "appliance settings done offline sma": menus match words with `viewItem =~ /\boffline\b/`.
    this.contextValue = `appliance ${flags.join(' ')}`;
    if (s.phase === 'connecting') {
      this.iconPath = VERDICT_ICON.running;
      this.description = vscode.l10n.t('connecting…');
    } else if (s.changedHostKey) {
      this.iconPath = new vscode.ThemeIcon('shield', new vscode.ThemeColor('errorForeground'));
      this.description = vscode.l10n.t('host key changed — connection refused');
    } else if (worst) {
      this.iconPath = VERDICT_ICON[worst];
      const problems = [...s.results.values()].filter((r): r is CheckResult => r !== 'running' && r.verdict === 'problem');
      this.description = worst === 'running' ? vscode.l10n.t('checking…') : problems.length ? problems.map((p) => p.id).join(', ') : verdictLabel(worst);
    } else {
      this.iconPath = new vscode.ThemeIcon(appliance.kind === 'sma' ? 'server' : 'mail');
      this.description = where;
    }
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escape(appliance.label)}** ${appliance.kind ? `(${appliance.kind.toUpperCase()})` : ''}\n\n`);
    md.appendMarkdown(`\`${where}\`\n\n`);
    if (s.fingerprint) md.appendMarkdown(`${vscode.l10n.t('Host key')}: \`${s.fingerprint}\`\n\n`);
    if (s.changedHostKey) md.appendMarkdown(`$(shield) ${vscode.l10n.t('Presented {0}, recorded {1}.', s.changedHostKey.presented, s.changedHostKey.expected.join(', '))}\n\n`);
    else if (s.connectionError) md.appendMarkdown(`$(error) ${escape(s.connectionError)}\n\n`);
    if (s.lastRun) md.appendMarkdown(vscode.l10n.t('Last checked {0} ({1} ms)', s.lastRun.toLocaleTimeString(), String(s.durationMs ?? 0)));
    this.tooltip = md;
  }
}

export class CheckNode extends vscode.TreeItem {
  readonly kind = 'check';
  constructor(
    readonly appliance: Appliance,
    readonly checkId: string,
    readonly result: CheckResult | 'running' | undefined,
  ) {
    const check = liveChecks.find((c) => c.id === checkId);
    super(result && result !== 'running' ? result.title : (check?.title ?? checkId), vscode.TreeItemCollapsibleState.None);
    this.id = `check:${appliance.id}:${checkId}`;
    const verdict = result === undefined ? 'pending' : result === 'running' ? 'running' : result.verdict;
    this.contextValue = `check ${verdict}`;
    if (result === 'running') {
      this.iconPath = VERDICT_ICON.running;
      this.description = vscode.l10n.t('running…');
    } else if (result) {
      this.iconPath = VERDICT_ICON[result.verdict];
      this.description = result.summary;
      const md = new vscode.MarkdownString(undefined, true);
      md.appendMarkdown(`**${escape(result.title)}** — ${verdictLabel(result.verdict)} (\`${result.id}\`)\n\n${escape(result.summary)}\n\n`);
      if (result.evidence.length) md.appendCodeblock(result.evidence.join('\n'), 'log');
      if (result.advice) md.appendMarkdown(`\n\n$(lightbulb) ${result.advice}`);
      this.tooltip = md;
      this.command = { command: APPLIANCE_COMMANDS.showCheckDetails.id, title: vscode.l10n.t('Show Check Details'), arguments: [this] };
    } else {
      this.iconPath = new vscode.ThemeIcon('circle-outline');
      this.description = vscode.l10n.t('not run yet');
      this.tooltip = check ? vscode.l10n.t('Runs: {0}', check.runs.join(', ') || 'SSH') : undefined;
    }
  }
}

export type ApplianceTreeNode = GroupNode | ApplianceNode | CheckNode;

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]<>]/g, '\\$&');
}

export class ApplianceTreeProvider implements vscode.TreeDataProvider<ApplianceTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ApplianceTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly service: ApplianceService) {
    // Parallel checks report dozens of results a second; one repaint per frame is enough.
    this.subscription = service.onDidChange(() => {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        this.changed.fire(undefined);
      }, 30);
    });
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ApplianceTreeNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: ApplianceTreeNode): ApplianceTreeNode[] {
    if (!node) {
      const groups = this.service.groups();
      return groups.map((g) => new GroupNode(g.name, g.appliances, this.service));
    }
    if (node instanceof GroupNode) return node.appliances.map((a) => new ApplianceNode(a, this.service));
    if (node instanceof ApplianceNode) {
      const s = this.service.state(node.appliance.id);
      return liveChecks.map((c) => new CheckNode(node.appliance, c.id, s.results.get(c.id)));
    }
    return [];
  }

  getParent(node: ApplianceTreeNode): ApplianceTreeNode | undefined {
    if (node instanceof GroupNode) return undefined;
    const group = this.service.groups().find((g) => g.appliances.some((a) => a.id === node.appliance.id));
    if (!group) return undefined;
    const groupNode = new GroupNode(group.name, group.appliances, this.service);
    return node instanceof ApplianceNode ? groupNode : new ApplianceNode(node.appliance, this.service);
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
