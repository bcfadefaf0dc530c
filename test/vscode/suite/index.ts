/**
 * Loaded by the extension host (extensionTestsPath): runs every *.test.js
 * beside it with mocha. The spec reporter prints to the workbench's log; a TAP
 * file in test-results/ carries the counts for the project's test summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const RESULTS = path.resolve(__dirname, '..', '..', '..', '..', 'test-results', 'vscode-host.tap');

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 60000 });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let pass = 0;
    let fail = 0;
    const runner = mocha.run((failures) => {
      fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
      fs.writeFileSync(RESULTS, ['TAP version 13', ...lines, `1..${pass + fail}`, `# pass ${pass}`, `# fail ${fail}`, ''].join('\n'));
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => lines.push(`ok ${++pass + fail} - ${test.fullTitle()}`));
    runner.on('fail', (test, error) => lines.push(`not ok ${pass + ++fail} - ${test.fullTitle()}\n  # ${String(error?.message ?? error).split('\n')[0]}`));
  });
}
