import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { REPO_ROOT, runCliCaptured } from '../support/cli';

function scratch(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'asyncos-pvo-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const MISCONFIGURED = 'examples/cpq-listener-misconfigured.xml';

test('lint of a clean configuration exits 0 and says so', async () => {
  const run = await runCliCaptured(['lint', 'examples/clean-esa.xml']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /1 configuration analysed: 0 errors/);
});

test('lint prints compiler-style lines and exits 1 when a finding is an error', async () => {
  const run = await runCliCaptured(['lint', MISCONFIGURED]);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^examples\/cpq-listener-misconfigured\.xml:\d+:\d+ error cpq-listener-protocol The listener "cpq_listener" uses protocol "SMTP"/m);
  assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colours when not on a terminal');
});

test('lint --format json prints exactly the documented shape', async () => {
  const run = await runCliCaptured(['lint', '--format', 'json', MISCONFIGURED, 'examples/clean-sma.xml']);
  assert.equal(run.code, 1);
  const report = JSON.parse(run.stdout);
  assert.deepEqual(Object.keys(report), ['tool', 'version', 'files']);
  assert.equal(report.tool, 'asyncos-pvo');
  assert.match(report.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(report.files.map((f: { path: string; kind: string }) => [f.path, f.kind]), [[MISCONFIGURED, 'esa'], ['examples/clean-sma.xml', 'sma']]);
  const finding = report.files[0].findings.find((f: { rule: string }) => f.rule === 'cpq-listener-protocol');
  assert.deepEqual(Object.keys(finding), ['rule', 'severity', 'message', 'range', 'fixes']);
  assert.deepEqual(Object.keys(finding.range), ['start', 'end']);
  assert.deepEqual(Object.keys(finding.range.start), ['line', 'character']);
  assert.deepEqual(finding.fixes[0].edits[0].newText, 'CPQ');
  // Lines and characters are 0-based, as in LSP: check against the file itself.
  const lines = readFileSync(path.join(REPO_ROOT, MISCONFIGURED), 'latin1').split('\n');
  const { start, end } = finding.range;
  assert.equal(lines[start.line].slice(start.character, end.character), 'SMTP');
});

test('lint --format sarif is valid SARIF 2.1.0 with rule metadata and help links', async () => {
  const run = await runCliCaptured(['lint', '--format', 'sarif', MISCONFIGURED]);
  assert.equal(run.code, 1);
  const log = JSON.parse(run.stdout);
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // The published schema has a pattern that is invalid in unicode mode; ajv must compile it as the schema's authors did.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  const valid: boolean = validate(structuredClone(log));
  assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  const rules = log.runs[0].tool.driver.rules as { id: string; helpUri: string }[];
  const protocolRule = rules.find((r) => r.id === 'cpq-listener-protocol');
  assert.ok(protocolRule?.helpUri.endsWith('/docs/rules/cpq-listener-protocol.md'));
  const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'cpq-listener-protocol');
  assert.equal(result.level, 'error');
  assert.equal(rules[result.ruleIndex].id, 'cpq-listener-protocol');
  assert.ok(result.locations[0].physicalLocation.region.startLine >= 1, 'SARIF lines are 1-based');
});

test('lint of a directory finds every .xml below it and skips other XML without findings', async () => {
  const dir = scratch({
    'pom.xml': '<?xml version="1.0"?><project><modelVersion>4.0.0</modelVersion></project>',
    'notes.txt': 'not xml',
    'esa.xml': readFileSync(path.join(REPO_ROOT, MISCONFIGURED)),
  });
  const run = await runCliCaptured(['lint', '--format', 'json', dir]);
  const report = JSON.parse(run.stdout);
  assert.deepEqual(report.files.map((f: { path: string }) => path.basename(f.path)), ['esa.xml', 'pom.xml']);
  assert.deepEqual(report.files[1], { path: path.join(dir, 'pom.xml'), kind: 'unknown', findings: [] });
});

test('an empty file, a binary file and another vendor\'s XML get a clear "skipped" line, not a crash; with nothing else to check, lint fails', async () => {
  const dir = scratch({ 'empty.xml': '', 'binary.xml': Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]), 'other.xml': '<config><foo/></config>' });
  const run = await runCliCaptured(['lint', dir]);
  assert.match(run.stdout, /binary\.xml: skipped: binary data/);
  assert.match(run.stdout, /empty\.xml: skipped: empty file/);
  assert.match(run.stdout, /other\.xml: skipped: not an AsyncOS configuration/);
  // Nothing was checked, so a pipeline gate fails rather than pass on a broken export.
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'asyncos-pvo: none of the 3 files given is an AsyncOS configuration: nothing was checked\n');
  // Beside one configuration, the same files are only skipped.
  writeFileSync(path.join(dir, 'esa.xml'), readFileSync(path.join(REPO_ROOT, 'examples/clean-esa.xml')));
  assert.equal((await runCliCaptured(['lint', dir])).code, 0);
});

test('a truncated configuration reports xml-syntax at the unclosed element', async () => {
  const text = readFileSync(path.join(REPO_ROOT, 'examples/clean-esa.xml'), 'latin1');
  const dir = scratch({ 'cut.xml': text.slice(0, Math.floor(text.length / 2)) });
  const run = await runCliCaptured(['lint', '--format', 'json', dir]);
  assert.equal(run.code, 1);
  const findings = JSON.parse(run.stdout).files[0].findings;
  assert.equal(findings.filter((f: { rule: string }) => f.rule === 'xml-syntax').length, 1);
  assert.match(findings.find((f: { rule: string }) => f.rule === 'xml-syntax').message, /ends before <\/config>/);
});

test('usage mistakes and unreadable paths exit 2 with one clear line and no stack trace', async () => {
  for (const args of [['lint'], ['lint', '--format', 'yaml', 'examples'], ['lint', '--bogus', 'examples'], ['lint', 'no/such/file.xml'], ['frobnicate'], ['lint', '--rule', 'no-such-rule=off', 'examples'], ['lint', '--openssl', '1.0.2z', 'examples']]) {
    const run = await runCliCaptured(args);
    assert.equal(run.code, 2, `${args.join(' ')} → ${run.code}`);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(run.stderr.length > 0);
  }
});

test('--rule turns a rule off or changes its severity', async () => {
  const off = JSON.parse((await runCliCaptured(['lint', '--format', 'json', '--rule', 'cpq-listener-protocol=off', MISCONFIGURED])).stdout);
  assert.ok(!off.files[0].findings.some((f: { rule: string }) => f.rule === 'cpq-listener-protocol'));
  const hint = JSON.parse((await runCliCaptured(['lint', '--format', 'json', '--rule', 'cpq-listener-public=hint', MISCONFIGURED])).stdout);
  assert.equal(hint.files[0].findings.find((f: { rule: string }) => f.rule === 'cpq-listener-public').severity, 'hint');
});

test('the installed command runs as a real process with the same exit codes', () => {
  const bin = path.join(REPO_ROOT, 'bin/asyncos-pvo.js');
  assert.equal(spawnSync(process.execPath, [bin, 'lint', 'examples/clean-esa.xml'], { cwd: REPO_ROOT }).status, 0);
  assert.equal(spawnSync(process.execPath, [bin, 'lint', MISCONFIGURED], { cwd: REPO_ROOT }).status, 1);
  const missing = spawnSync(process.execPath, [bin, 'lint', 'nope.xml'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr.trim(), 'asyncos-pvo lint: cannot read "nope.xml": no such file or directory');
  assert.match(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }), /^\d+\.\d+\.\d+\n$/);
});
