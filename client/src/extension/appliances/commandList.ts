/**
 * The Appliances view's command ids, in one table with no `vscode` import so the manifest test
 * can compare it with package.json. Titles live in package.nls*.json under the `nls` key.
 * `live` marks the commands that connect to an appliance (or open ports, the simulator): an
 * untrusted workspace may not run them, and the manifest hides them there.
 */
export const APPLIANCES_VIEW = 'asyncosPvo.appliances';
export const APPLIANCES_CONTAINER = 'asyncosPvo';

export const APPLIANCE_COMMANDS = {
  add: { id: 'asyncosPvo.appliances.add', nls: 'command.appliances.add', icon: '$(add)' },
  importSshConfig: { id: 'asyncosPvo.appliances.importSshConfig', nls: 'command.appliances.importSshConfig', icon: '$(cloud-download)' },
  edit: { id: 'asyncosPvo.appliances.edit', nls: 'command.appliances.edit', icon: '$(edit)' },
  remove: { id: 'asyncosPvo.appliances.remove', nls: 'command.appliances.remove', icon: '$(trash)' },
  connect: { id: 'asyncosPvo.appliances.connect', nls: 'command.appliances.connect', icon: '$(plug)', live: true },
  runChecks: { id: 'asyncosPvo.appliances.runChecks', nls: 'command.appliances.runChecks', icon: '$(play)', live: true },
  runAllChecks: { id: 'asyncosPvo.appliances.runAllChecks', nls: 'command.appliances.runAllChecks', icon: '$(run-all)', live: true },
  rerunCheck: { id: 'asyncosPvo.appliances.rerunCheck', nls: 'command.appliances.rerunCheck', icon: '$(refresh)', live: true },
  showCheckDetails: { id: 'asyncosPvo.appliances.showCheckDetails', nls: 'command.appliances.showCheckDetails', icon: '$(info)' },
  resume: { id: 'asyncosPvo.appliances.resume', nls: 'command.appliances.resume', icon: '$(debug-continue)', live: true },
  fetchConfig: { id: 'asyncosPvo.appliances.fetchRunningConfig', nls: 'command.appliances.fetchRunningConfig', icon: '$(file-code)', live: true },
  openMailLog: { id: 'asyncosPvo.appliances.openMailLog', nls: 'command.appliances.openMailLog', icon: '$(output)', live: true },
  copyFingerprint: { id: 'asyncosPvo.appliances.copyFingerprint', nls: 'command.appliances.copyFingerprint', icon: '$(key)' },
  forgetHostKey: { id: 'asyncosPvo.appliances.forgetHostKey', nls: 'command.appliances.forgetHostKey', icon: '$(circle-slash)' },
  exportReport: { id: 'asyncosPvo.appliances.exportReport', nls: 'command.appliances.exportReport', icon: '$(export)' },
  startSimulator: { id: 'asyncosPvo.appliances.startSimulator', nls: 'command.appliances.startSimulator', icon: '$(vm-running)', live: true },
  stopSimulator: { id: 'asyncosPvo.appliances.stopSimulator', nls: 'command.appliances.stopSimulator', icon: '$(debug-stop)' },
  openExample: { id: 'asyncosPvo.appliances.openExample', nls: 'command.appliances.openExample', icon: '$(file)' },
  refresh: { id: 'asyncosPvo.appliances.refresh', nls: 'command.appliances.refresh', icon: '$(refresh)' },
} as const;

/**
 * Not contributed: lets the extension-host tests reach the view's model (the tree, the state)
 * without a second copy of the bundled modules.
 */
export const APPLIANCES_TEST_API_COMMAND = 'asyncosPvo.appliances.testApi';
