/**
 * The Appliances view: live PVO checks over SSH from the editor. `registerAppliances` is the only
 * entry point; everything it creates is disposed with the extension.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { APPLIANCES_TEST_API_COMMAND, APPLIANCES_VIEW } from './commandList';
import { applianceCommandHandlers, CheckDetailsProvider, registerApplianceCommands, type ApplianceCommandServices } from './commands';
import { Credentials } from './credentials';
import { EditorHostKeyStore, HostKeyPrompter } from './hostKeys';
import { ApplianceService } from './service';
import { SimulatorController } from './simulator';
import { ApplianceStatusItem } from './statusItem';
import { ApplianceTreeProvider, type ApplianceTreeNode } from './tree';

export interface AppliancesApi {
  service: ApplianceService;
  tree: ApplianceTreeProvider;
  view: vscode.TreeView<ApplianceTreeNode>;
  simulator: SimulatorController;
  statusItem: ApplianceStatusItem;
  hostKeys: EditorHostKeyStore;
  /** The handlers and what they were registered with, so tests can run one under other conditions (an untrusted workspace). */
  commands: { services: ApplianceCommandServices; handlers: typeof applianceCommandHandlers };
}

export function registerAppliances(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): AppliancesApi {
  const credentials = new Credentials(context.secrets);
  const hostKeys = new EditorHostKeyStore(join(context.globalStorageUri.fsPath, 'known_hosts'));
  const prompter = new HostKeyPrompter(hostKeys, log);
  const service = new ApplianceService(credentials, hostKeys, prompter, log);
  const tree = new ApplianceTreeProvider(service);
  const view = vscode.window.createTreeView(APPLIANCES_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  // The welcome says it when the view is empty; with appliances listed, the view's message does.
  const trustMessage = () => (view.message = vscode.workspace.isTrusted ? undefined : vscode.l10n.t('Connecting to appliances needs a trusted workspace.'));
  trustMessage();
  const simulator = new SimulatorController(context, service, credentials, log);
  const statusItem = new ApplianceStatusItem(service);
  const checkDetails = new CheckDetailsProvider(service);
  context.subscriptions.push(
    service,
    tree,
    view,
    simulator,
    statusItem,
    vscode.workspace.registerTextDocumentContentProvider(CheckDetailsProvider.scheme, checkDetails),
    service.onDidChange(() => void vscode.commands.executeCommand('setContext', 'asyncosPvo.hasAppliances', service.appliances.length > 0)),
    vscode.workspace.onDidGrantWorkspaceTrust(trustMessage),
  );
  void vscode.commands.executeCommand('setContext', 'asyncosPvo.hasAppliances', service.appliances.length > 0);
  const services: ApplianceCommandServices = { service, simulator, log, checkDetails, storagePath: context.globalStorageUri.fsPath };
  registerApplianceCommands(context, services);
  const api: AppliancesApi = { service, tree, view, simulator, statusItem, hostKeys, commands: { services, handlers: applianceCommandHandlers } };
  context.subscriptions.push(vscode.commands.registerCommand(APPLIANCES_TEST_API_COMMAND, () => api));
  if (vscode.workspace.isTrusted && vscode.workspace.getConfiguration('asyncosPvo.simulator').get<boolean>('autoStart', false)) {
    simulator.start().catch((e: unknown) => log.error(`the simulator could not start: ${e instanceof Error ? e.message : String(e)}`));
    // The demo starts here: show the walkthrough rather than VS Code's own welcome.
    void vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#asyncosPvo.gettingStarted`, false);
  }
  return api;
}
