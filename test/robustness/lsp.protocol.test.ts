import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { exampleUri, readExample, SERVER, TestClient } from '../lsp/support/client';

/**
 * Protocol robustness: whatever a client sends, the language server answers
 * (with a result or an error) and keeps serving. Runs against the bundled
 * server (`npm run build` makes dist/server.js) over stdio, as an editor would.
 */

const skip = existsSync(SERVER) ? false : 'dist/server.js is not built (npm run build)';
const EXAMPLE = 'cpq-listener-misconfigured.xml';

/** The server still analyses a real document and answers a request about it. */
async function assertServing(client: TestClient, label: string, timeoutMs = 30000): Promise<void> {
  assert.equal(client.process.exitCode, null, `${label}: the server process is still running`);
  const uri = exampleUri(EXAMPLE);
  const text = readExample(EXAMPLE);
  await client.close(uri);
  await client.open(uri, text);
  const diagnostics = await client.diagnostics(uri, 1, timeoutMs);
  assert.ok(diagnostics.some((d) => d.code === 'cpq-listener-protocol'), `${label}: diagnostics still arrive`);
  const symbols = await client.request<unknown[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(Array.isArray(symbols) && symbols.length > 0, `${label}: requests are still answered`);
}

/** Either a result or a JSON-RPC error; never silence, never a dead server. */
async function answered(promise: Promise<unknown>): Promise<'result' | 'error'> {
  try {
    await promise;
    return 'result';
  } catch (error) {
    assert.equal(typeof (error as { code?: unknown }).code, 'number', `a JSON-RPC error, got ${String(error)}`);
    return 'error';
  }
}

function rawMessage(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

test('malformed JSON-RPC messages are answered or dropped and the server keeps serving', { skip }, async () => {
  const client = await TestClient.start();
  try {
    const stdin = client.process.stdin!;
    for (const body of [
      '{not json',
      '[]',
      '42',
      'null',
      '{"jsonrpc":"2.0"}',
      '{"jsonrpc":"2.0","id":9001}',
      '{"jsonrpc":"2.0","id":9002,"method":42}',
      '{"jsonrpc":"1.0","id":9003,"method":"textDocument/hover"}',
      '{"jsonrpc":"2.0","id":{"nested":true},"method":"textDocument/hover","params":{}}',
      '{"jsonrpc":"2.0","method":"textDocument/didChange","params":"a string"}',
      '\u0000\uFFFF\uD800',
    ]) stdin.write(rawMessage(body));
    await assertServing(client, 'after malformed messages');
  } finally {
    await client.stop();
  }
});

test('a didOpen whose text is null does not stop the analysis of other documents', { skip }, async () => {
  const client = await TestClient.start();
  try {
    client.process.stdin!.write(rawMessage('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///virtual/null.xml","languageId":"xml","version":1,"text":null}}}'));
    client.process.stdin!.write(rawMessage('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":42,"languageId":"xml","version":1,"text":"<config/>"}}}'));
    await assertServing(client, 'after a malformed didOpen', 5000);
  } finally {
    await client.stop();
  }
});

test('requests about documents that were never opened get an empty answer or an error', { skip }, async () => {
  const client = await TestClient.start();
  try {
    const textDocument = { uri: 'file:///never/opened.xml' };
    const position = { line: 0, character: 0 };
    const range = { start: position, end: position };
    for (const [method, params] of [
      ['textDocument/hover', { textDocument, position }],
      ['textDocument/completion', { textDocument, position }],
      ['textDocument/definition', { textDocument, position }],
      ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
      ['textDocument/documentSymbol', { textDocument }],
      ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
      ['textDocument/hover', { textDocument: { uri: 'not a uri at all' }, position }],
      ['textDocument/hover', { textDocument: { uri: 'file:///%E0%A4%A' }, position }],
    ] as const) {
      await answered(client.request(method, params));
    }
    for (const notification of ['textDocument/didChange', 'textDocument/didClose', 'textDocument/didSave']) {
      await client.connection.sendNotification(notification, { textDocument: { uri: 'file:///never/opened.xml', version: 7 }, contentChanges: [{ text: '<config/>' }] });
    }
    await assertServing(client, 'after requests about unknown documents');
  } finally {
    await client.stop();
  }
});

test('out-of-range and malformed positions, unknown methods and bad parameters are answered', { skip }, async () => {
  const client = await TestClient.start();
  try {
    const { uri } = await client.openExample(EXAMPLE);
    await client.diagnostics(uri);
    const textDocument = { uri };
    for (const position of [
      { line: 1_000_000, character: 0 },
      { line: 0, character: 1_000_000 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
      { line: -1, character: -1 },
      { line: 1.5, character: Number.NaN },
      { line: '3', character: '4' },
      null,
    ]) {
      for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition']) {
        await answered(client.request(method, { textDocument, position }));
      }
      await answered(client.request('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: [] } }));
    }
    assert.equal(await answered(client.request('asyncosPvo/noSuchMethod', {})), 'error', 'an unknown method is an error');
    await client.connection.sendNotification('asyncosPvo/noSuchNotification', { x: 1 });
    for (const params of [null, {}, [], 'text', { textDocument: null }, { textDocument: { uri: 42 }, position: {} }]) {
      await answered(client.request('textDocument/hover', params));
      await answered(client.request('textDocument/documentSymbol', params));
    }
    await assertServing(client, 'after bad positions and parameters');
  } finally {
    await client.stop();
  }
});

test('a burst of 500 didChange notifications ends with the diagnostics of the last version only', { skip }, async () => {
  const client = await TestClient.start();
  try {
    const uri = 'file:///virtual/burst.xml';
    const broken = readExample(EXAMPLE);
    const fixed = broken.replace(/(cpq_listener<\/listener_name>\s*<protocol>)SMTP/, '$1CPQ');
    await client.open(uri, broken);
    await client.diagnostics(uri);
    let last = 1;
    for (let i = 0; i < 500; i++) last = await client.change(uri, i % 2 === 1 ? fixed : `${broken}<!-- edit ${i} -->`);
    // The last text is the fixed one (version 501): its diagnostics, and no stale ones after them.
    const diagnostics: Diagnostic[] = await client.diagnostics(uri, last, 60000);
    assert.ok(!diagnostics.some((d) => d.code === 'cpq-listener-protocol'), 'the last version\'s diagnostics');
    await assertServing(client, 'after the burst');
    const after = client.published.filter((p) => p.uri === uri);
    const final = after.findIndex((p) => p.version === last);
    assert.ok(after.slice(final + 1).every((p) => p.version === undefined || p.version >= last), 'no older version is published after the last one');
  } finally {
    await client.stop();
  }
});
