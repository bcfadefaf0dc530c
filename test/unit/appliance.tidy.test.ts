import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { liveChecks } from '../../client/src/appliance/checks';
import { filesUnder } from '../support/files';
import { tempDir } from './appliance.support';

const ROOT = path.resolve(__dirname, '../../..');
const APPLIANCE = path.join(ROOT, 'client/src/appliance');

test('the appliance layer imports no VS Code API and builds no shell command strings', () => {
  for (const file of filesUnder(APPLIANCE, '.ts')) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /from\s+['"]vscode['"]|require\(['"]vscode['"]\)/, file);
    assert.doesNotMatch(text, /\bexecSync\b|\bshell:\s*true|child_process['"];?\s*\n[^]*\bexec\(/, file);
  }
});

test('every live check has its own module named after its id, and a docs entry', () => {
  const docs = readFileSync(path.join(ROOT, 'docs/LIVE-CHECKS.md'), 'utf8');
  for (const check of liveChecks) {
    assert.ok(statSync(path.join(APPLIANCE, 'checks', `${check.id}.ts`)).isFile(), check.id);
    assert.match(docs, new RegExp(`\`${check.id}\``), `docs/LIVE-CHECKS.md documents ${check.id}`);
  }
});

test('npm run sim prints host, ports, users and the fingerprint, and stops on Ctrl-C', async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'out/client/src/appliance/simulator/main.js'), '--preset', 'healthy', '--data-dir', tempDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20_000);
    child.stdout.on('data', () => {
      if (out.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  assert.match(out, /esa\s+ESA\s+mx\.example\.com\s+ssh -p \d+ admin@127\.0\.0\.1/);
  assert.match(out, /operator\s+role operator/);
  assert.match(out, /Fingerprint: SHA256:[A-Za-z0-9+/]{43}/);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGINT');
  assert.equal(await exited, 0);
});
