/**
 * The ids and titles of every contributed command. No `vscode` import, so the
 * manifest test can compare this list with package.json's `contributes.commands`.
 */
export const COMMAND_CATEGORY = 'AsyncOS PVO';

export const COMMANDS = {
  restartServer: { id: 'asyncosPvo.restartServer', title: 'Restart Language Server' },
  showOutput: { id: 'asyncosPvo.showOutput', title: 'Show Output' },
  revalidate: { id: 'asyncosPvo.revalidate', title: 'Re-analyse Open Files' },
} as const;
