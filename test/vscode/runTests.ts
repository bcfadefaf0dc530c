/**
 * Runs the mocha suite in the real extension host of VS Code 1.100.3 (the
 * one code-server bundles): @vscode/test-electron's runTests, with the
 * project's shim in place of a downloaded VS Code. Run `scripts/vscode-test host`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  // The tests edit and save files: give them a copy of the examples, fresh each run.
  const workspace = path.join(ROOT, '.vscode-test', 'workspace');
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'not-asyncos.xml'), '<?xml version="1.0"?>\n<project>\n  <listeners><listener/></listeners>\n</project>\n');
  const started = Date.now();
  await runTests({
    vscodeExecutablePath: path.join(ROOT, 'test', 'vscode', 'code-server-shim.js'),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
    launchArgs: [workspace],
    extensionTestsEnv: { ASYNCOS_PVO_TEST_WORKSPACE: workspace },
  });
  console.log(`extension-host tests passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
