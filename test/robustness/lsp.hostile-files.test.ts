import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { readExample, SERVER, TestClient } from '../lsp/support/client';

/**
 * Hostile documents in the editor: each gets its diagnostics (every range on
 * a real line of the document), and the server stays up and keeps serving
 * the other documents.
 */

const skip = existsSync(SERVER) ? false : 'dist/server.js is not built (npm run build)';
const EXAMPLE = 'cpq-listener-misconfigured.xml';

function config(body: string, prolog = ''): string {
  return `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config${prolog}>\n<config>\n  <hostname>esa1.example.com</hostname>\n${body}\n</config>\n`;
}

function hostileDocuments(): Record<string, string> {
  const example = readExample(EXAMPLE);
  const levels = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
  const depth = 100_000;
  return {
    'bomb.xml': config('  <hostname>&lol10;</hostname>', ` [\n<!ENTITY lol0 "lol">\n${levels}\n]`),
    'external.xml': config('  <listeners>&ext;</listeners>', ' [<!ENTITY ext SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]'),
    'deep.xml': config(`  <smad>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</smad>`),
    'deep-truncated.xml': config('').replace('</config>\n', '') + '<x>'.repeat(depth),
    'nul.xml': example.replace('<hostname>', '<hostname>\0'),
    'binary.xml': randomBytes(32 * 1024).toString('latin1'),
    'truncated.xml': example.slice(0, Math.floor(example.length / 2)),
    'crlf.xml': example.replace(/\n/g, '\r\n'),
    'cr.xml': example.replace(/\n/g, '\r'),
    'bare-ampersand.xml': example.replace('(Everyone else)', '(Sales & Marketing)'),
    'emptied.xml': example.replace(/>[^<]+</g, '><'),
    'duplicated.xml': example.replace(/<config>\n([\s\S]*)<\/config>/, (_, body: string) => `<config>\n${body}${body}</config>`),
    'surrogates.xml': example.replace('esa1.example.com', 'esa1.\uD800\uDFFF\uDC00.example.com'),
  };
}

/** Every range on a real line of the text, as an editor counts lines (LF, CRLF, CR). */
function outsideRanges(diagnostics: Diagnostic[], text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      if (p.line < 0 || p.line >= lines.length || p.character < 0 || p.character > lines[p.line].length) out.push(`${d.code} at ${p.line}:${p.character}`);
    }
  }
  return out;
}

test('hostile documents get diagnostics inside the document, and the server keeps serving the others', { skip }, async () => {
  const client = await TestClient.start();
  try {
    const documents = hostileDocuments();
    for (const [name, text] of Object.entries(documents)) await client.open(`file:///virtual/${name}`, text);
    for (const [name, text] of Object.entries(documents)) {
      const diagnostics = await client.diagnostics(`file:///virtual/${name}`, 1, 120000);
      assert.deepEqual(outsideRanges(diagnostics, text), [], name);
    }
    const published = (name: string) => client.published.find((p) => p.uri === `file:///virtual/${name}`)!.diagnostics;
    assert.ok(published('bomb.xml').some((d) => d.code === 'xml-syntax' && /entity/.test(d.message)), 'the bomb is reported, not expanded');
    assert.ok(published('deep-truncated.xml').some((d) => /truncated\?/.test(d.message)));
    assert.ok(published('bare-ampersand.xml').some((d) => /bare "&"/.test(d.message)));
    assert.equal(client.process.exitCode, null, 'the server is still running');

    const { uri } = await client.openExample(EXAMPLE);
    const diagnostics = await client.diagnostics(uri, 1, 30000);
    assert.ok(diagnostics.some((d) => d.code === 'cpq-listener-protocol'), 'a normal document is still analysed');
    const hover = await client.request<unknown>('textDocument/hover', { textDocument: { uri: 'file:///virtual/deep.xml' }, position: { line: 4, character: 20 } });
    assert.ok(hover === null || typeof hover === 'object', 'requests on a hostile document are answered');
  } finally {
    await client.stop();
  }
});
