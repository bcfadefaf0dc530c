/**
 * Start/Stop Simulator: every scenario preset on loopback, inside the extension host, so the
 * walkthrough and the demo need nothing else. Its appliances join the view while it runs; their
 * demo passwords go to SecretStorage like any other, and leave it when the simulator stops.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startSimulatorFleet, type RunningFleet } from '../../appliance/simulatorFleet';
import type { Credentials } from './credentials';
import type { Appliance } from './model';
import type { ApplianceService } from './service';

export class SimulatorController implements vscode.Disposable {
  private fleet: RunningFleet | undefined;
  private starting: Promise<RunningFleet> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly service: ApplianceService,
    private readonly credentials: Credentials,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get running(): RunningFleet | undefined {
    return this.fleet;
  }

  async start(): Promise<RunningFleet> {
    if (this.fleet) return this.fleet;
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<RunningFleet> {
    const basePort = vscode.workspace.getConfiguration('asyncosPvo.simulator').get<number>('basePort', 0);
    const dataDir = join(this.context.globalStorageUri.fsPath, 'simulator');
    const fleet = await startSimulatorFleet({ dataDir, basePort });
    this.fleet = fleet;
    const appliances: Appliance[] = [];
    for (const f of fleet.appliances) {
      const target = { label: f.hostname, alias: f.hostname, host: f.host, port: f.port, user: f.user, identityFiles: [], knownHostsFiles: [] };
      const appliance: Appliance = {
        id: `${f.user}@${f.host}:${f.port}`,
        label: `${f.hostname} (${f.kind.toUpperCase()})`,
        group: vscode.l10n.t('Simulator: {0}', f.presetTitle),
        kind: f.kind,
        source: 'simulator',
        auth: 'password',
        target,
      };
      target.label = appliance.label;
      await this.credentials.store(appliance.id, 'password', f.password);
      appliances.push(appliance);
    }
    this.service.setSimulatorAppliances(appliances);
    await vscode.commands.executeCommand('setContext', 'asyncosPvo.simulatorRunning', true);
    this.log.info(`simulator started: ${fleet.appliances.length} appliances on 127.0.0.1, ports ${fleet.appliances.map((a) => a.port).join(', ')}; host key ${fleet.fingerprint}`);
    return fleet;
  }

  async stop(): Promise<void> {
    const fleet = this.fleet;
    if (!fleet) return;
    this.fleet = undefined;
    for (const a of this.service.appliances.filter((x) => x.source === 'simulator')) await this.credentials.forget(a.id);
    this.service.setSimulatorAppliances([]);
    await fleet.close();
    await vscode.commands.executeCommand('setContext', 'asyncosPvo.simulatorRunning', false);
    this.log.info('simulator stopped');
  }

  dispose(): void {
    void this.fleet?.close();
    this.fleet = undefined;
  }
}
