import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };

interface NvimDiagnostic { lnum: number; col: number; end_lnum: number; end_col: number; severity: number; message: string; code: string; source: string }

interface NvimResult {
  diagnostics: NvimDiagnostic[];
  definition?: { line: number; character: number }[];
  references?: { line: number; character: number }[];
}

function neovim(file: string, at?: { line: number; character: number }): NvimResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncos-pvo-nvim-'));
  try {
    const out = path.join(dir, 'diagnostics.json');
    const run = spawnSync('nvim', ['--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(ROOT, 'test', 'nvim', 'collect.lua')}`], {
      env: {
        ...process.env, ASYNCOS_PVO_FILE: file, ASYNCOS_PVO_SERVER: path.join(ROOT, 'bin', 'asyncos-pvo-language-server.js'), ASYNCOS_PVO_OUT: out,
        ...(at ? { ASYNCOS_PVO_AT: `${at.line},${at.character}` } : {}),
        // Neovim writes its log and state under these; keep them out of the real home.
        XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CACHE_HOME: dir, XDG_CONFIG_HOME: dir,
      },
      encoding: 'utf8',
      timeout: 60000,
    });
    assert.ok(fs.existsSync(out), `Neovim wrote no result (exit ${run.status}): ${run.stderr}${run.stdout}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(result.error, undefined, result.error);
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The CLI's JSON for the examples folder: Neovim opens each file with the folder as its root, and the
 * server, like `lint <folder>`, analyses a file together with the other configurations beside it.
 */
function cliFindings(file: string) {
  const folder = path.dirname(file);
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', folder], { encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  const report = JSON.parse(run.stdout).files.find((f: { path: string }) => path.resolve(f.path) === file);
  assert.ok(report, `the CLI reports ${file}`);
  return report.findings as { rule: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}

/** A finding about another file names it: the CLI as a path, the server as a URI. */
const withoutFileNames = (message: string) => message.replace(/\((?:file:\/\/)?[^()]*\.xml\)/g, '(<file>)');

const sortKey = (d: { code: string; lnum: number; col: number }) => `${String(d.lnum).padStart(6, '0')}:${String(d.col).padStart(6, '0')}:${d.code}`;

for (const example of ['scenario-4-anonymous-cipher.xml', 'cpq-listener-misconfigured.xml', 'scenario-7-cluster-interface-missing.xml', 'scenario-5-feature-keys/esa2.xml']) {
  test(`Neovim's LSP client receives the same diagnostics as the CLI's JSON for ${example} (rules, severities, ranges)`, () => {
    const file = path.join(ROOT, 'examples', example);
    const expected = cliFindings(file).map((f) => ({
      code: f.rule, severity: SEVERITY[f.severity], message: withoutFileNames(f.message),
      // The examples are ASCII, so Neovim's byte columns equal LSP's UTF-16 characters.
      lnum: f.range.start.line, col: f.range.start.character, end_lnum: f.range.end.line, end_col: f.range.end.character,
    }));
    assert.ok(expected.length > 0, 'the example has findings');
    const received = neovim(file).diagnostics.map((d) => ({
      code: d.code, severity: d.severity, message: withoutFileNames(d.message), lnum: d.lnum, col: d.col, end_lnum: d.end_lnum, end_col: d.end_col,
    }));
    assert.deepEqual(received.sort((a, b) => sortKey(a).localeCompare(sortKey(b))), expected.sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
  });
}

test('Neovim\'s LSP client goes from a message filter\'s sendergroup condition to the group in the HAT, and finds its uses', () => {
  const file = path.join(ROOT, 'test', 'fixtures', 'lsp', 'sendergroup-filters.xml');
  const lines = fs.readFileSync(file, 'latin1').split('\n');
  const where = (needle: string, within = 0, occurrence = 0) => {
    const found = lines.flatMap((text, line) => (text.includes(needle) ? [{ line, character: text.indexOf(needle) + within }] : []));
    return found[occurrence];
  };
  const result = neovim(file, where('sendergroup == "RELAYLIST"', 16));
  assert.deepEqual(result.definition, [where('RELAYLIST:')]);
  const sorted = [...(result.references ?? [])].sort((a, b) => a.line - b.line);
  assert.deepEqual(sorted, [where('RELAYLIST:'), where('sendergroup == "RELAYLIST"', 16)]);
});
