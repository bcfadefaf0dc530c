/** The status bar item summarising problems across every appliance after a check run. */
import * as vscode from 'vscode';
import { APPLIANCES_VIEW } from './commandList';
import type { ApplianceService } from './service';

export class ApplianceStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('asyncosPvo.appliancesStatus', vscode.StatusBarAlignment.Left, 49);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: ApplianceService) {
    this.item.name = vscode.l10n.t('AsyncOS PVO Appliances');
    this.item.command = `${APPLIANCES_VIEW}.focus`;
    this.subscription = service.onDidChange(() => this.render());
    this.render();
  }

  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const t = this.service.totals();
    const checked = this.service.appliances.some((a) => this.service.state(a.id).results.size > 0);
    if (!checked && !t.running) {
      this.item.hide();
      return;
    }
    if (t.running) this.item.text = `$(sync~spin) ${vscode.l10n.t('Appliances: checking…')}`;
    else if (t.problems > 0) this.item.text = `$(error) ${vscode.l10n.t('Appliances: {0} problem(s)', String(t.problems))}`;
    else this.item.text = `$(pass) ${vscode.l10n.t('Appliances: no PVO problem')}`;
    this.item.tooltip = vscode.l10n.t('{0} appliance(s), {1} problem(s), {2} check(s) failed to run. Click to open the Appliances view.', String(t.appliances), String(t.problems), String(t.errors));
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
