import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCliCaptured } from '../support/cli';

/**
 * What the linter must report on each bundled example (error-severity rule
 * ids); examples/README.md says the same in words.
 */
const EXPECTED_ERRORS: Record<string, string[]> = {
  'examples/clean-esa.xml': [],
  'examples/clean-sma.xml': [],
  'examples/clean-cluster.xml': [],
  'examples/cpq-listener-misconfigured.xml': ['cpq-listener-port', 'cpq-listener-protocol', 'listener-interface-unknown'],
  'examples/cpq-listener-missing.xml': ['cpq-listener-missing'],
  'examples/scenario-3-delivery-interface.xml': ['delivery-interface-unreachable'],
  'examples/scenario-4-anonymous-cipher.xml': ['cipher-anonymous-outbound'],
  'examples/scenario-5-feature-keys/esa1.xml': [],
  'examples/scenario-5-feature-keys/esa2.xml': ['cluster-featurekey-mismatch'],
  'examples/scenario-6-machine-level-filter.xml': ['cluster-level-override'],
  'examples/scenario-7-cluster-interface-missing.xml': ['cluster-pvo-interface-missing'],
};

test('lint --format json examples/ reports each scenario\'s blocker and no error or warning on the clean examples', async () => {
  const run = await runCliCaptured(['lint', '--format', 'json', 'examples/']);
  assert.equal(run.stderr, '');
  const report = JSON.parse(run.stdout) as { files: { path: string; findings: { rule: string; severity: string }[] }[] };
  for (const [file, rules] of Object.entries(EXPECTED_ERRORS)) {
    const entry = report.files.find((f) => f.path === file);
    assert.ok(entry, `${file} analysed`);
    const errors = [...new Set(entry.findings.filter((f) => f.severity === 'error').map((f) => f.rule))].sort();
    assert.deepEqual(errors, rules, file);
    if (file.includes('/clean-')) assert.deepEqual(entry.findings.map((f) => f.rule), [], `${file} is clean`);
  }
});

test('the seed\'s wrong fix HIGH:MEDIO:-NULL is caught as an unknown alias', async () => {
  const run = await runCliCaptured(['lint', '--format', 'json', 'examples/scenario-4-wrong-fix.xml']);
  const findings = JSON.parse(run.stdout).files[0].findings as { rule: string; message: string }[];
  assert.ok(findings.some((f) => f.rule === 'cipher-unknown-alias' && f.message.includes('MEDIO')), JSON.stringify(findings, null, 1));
});
