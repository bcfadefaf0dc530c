import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-protocol';
import { readExample, TestClient } from './support/client';
import { positionOf } from './support/text';

/** A ~1 MB configuration: the scenario-4 file with a thousand more listeners. */
function largeConfig(): string {
  const text = readExample('scenario-4-anonymous-cipher.xml');
  const listener = /<listener>[\s\S]*?<\/listener>/.exec(text)![0];
  const copies: string[] = [];
  for (let i = 0, size = 0; size < 1_000_000; i++) {
    const copy = listener.replace('IncomingMail', `Listener${i}`).replace('<port>25</port>', `<port>${2000 + i}</port>`);
    copies.push(copy);
    size += copy.length;
  }
  return text.replace('<listeners>', `<listeners>\n${copies.join('\n')}`);
}

/** A server with the small example open and analysed, then a 1 MB configuration opened as `big`. */
async function withLargeBesideSmall(big: string, run: (client: TestClient, files: { small: string; smallText: string; bigText: string }) => Promise<void>): Promise<void> {
  const client = await TestClient.start();
  try {
    const { uri: small, text: smallText } = await client.openExample('scenario-4-anonymous-cipher.xml');
    await client.diagnostics(small);
    const bigText = largeConfig();
    await client.open(big, bigText);
    await run(client, { small, smallText, bigText });
  } finally {
    await client.stop();
  }
}

test('while a 1 MB configuration is being analysed, a hover in another file answers before its diagnostics arrive', () =>
  withLargeBesideSmall('file:///virtual/large.xml', async (client, { small, smallText }) => {
    const order: string[] = [];
    // Diagnostics already published count too: the client keeps every notification.
    const bigDiagnostics = client.diagnostics('file:///virtual/large.xml', 1, 60000).then(() => order.push('large file diagnostics'));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position: positionOf(smallText, '$RELAYED (Only', 2) });
    order.push('hover');
    assert.ok(hover);
    await bigDiagnostics;
    assert.deepEqual(order, ['hover', 'large file diagnostics']);
  }));

test('typing fast in a 1 MB configuration publishes diagnostics for the last version only', async () => {
  const client = await TestClient.start({ settings: { debounceMs: 0 } });
  try {
    const uri = 'file:///virtual/large.xml';
    const text = largeConfig();
    await client.open(uri, text);
    await client.diagnostics(uri, 1, 60000);
    let version = 1;
    for (const suffix of [':', ':-', ':-a', ':-aN', ':-aNU', ':-aNUL', ':-aNULL']) {
      version = await client.change(uri, text.replace('RC4-SHA:RC4-MD5:ALL<', `RC4-SHA:RC4-MD5:ALL${suffix}<`));
    }
    const final = await client.diagnostics(uri, version, 60000);
    assert.ok(!final.some((d) => d.code === 'cipher-anonymous-outbound'), 'the final text is fixed');
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version);
    assert.ok(versions.length < 8, `stale versions were skipped: published ${versions.join(', ')}`);
    assert.deepEqual([...versions].sort((a, b) => a! - b!), versions, 'never an older version after a newer one');
  } finally {
    await client.stop();
  }
});

test('the outline of a 1 MB configuration is built off the request path: a hover in another file answers first', () =>
  withLargeBesideSmall('file:///virtual/large-outline.xml', async (client, { small, smallText }) => {
    const order: string[] = [];
    const outline = client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///virtual/large-outline.xml' } }).then((symbols) => {
      order.push('outline');
      return symbols;
    });
    await client.request('textDocument/hover', { textDocument: { uri: small }, position: positionOf(smallText, '$RELAYED (Only', 2) });
    order.push('hover');
    const symbols = await outline;
    assert.ok(symbols.some((s) => s.name === 'Listener100'));
    assert.deepEqual(order, ['hover', 'outline']);
  }));

test('a hover in a 1 MB configuration is prepared off the request path: the outline of another file answers first', () =>
  withLargeBesideSmall('file:///virtual/large-hover.xml', async (client, { small, bigText }) => {
    const big = 'file:///virtual/large-hover.xml';
    // Its analysis is done and its settings are known: nothing but the hover's own work is left to wait for.
    await client.diagnostics(big, 1, 60000);
    const order: string[] = [];
    const hover = client.request<Hover | null>('textDocument/hover', { textDocument: { uri: big }, position: positionOf(bigText, '$RELAYED (Only', 2) }).then((answer) => {
      order.push('hover');
      return answer;
    });
    await client.request('textDocument/documentSymbol', { textDocument: { uri: small } });
    order.push('outline');
    assert.ok(await hover);
    assert.deepEqual(order, ['outline', 'hover']);
  }));

test('a hover asked just before an edit is answered for the text it was asked on, not the edited one', async () => {
  const client = await TestClient.start();
  try {
    const uri = 'file:///virtual/large-edit.xml';
    const text = largeConfig();
    await client.open(uri, text);
    const position = positionOf(text, '$RELAYED (Only', 2);
    const hover = client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    // Three lines more at the top: the same position now points elsewhere.
    void client.change(uri, text.replace('<config>', '<!--\n\n-->\n<config>'));
    const answer = await hover;
    assert.ok(answer?.range);
    assert.equal(answer.range.start.line, position.line);
    assert.match((answer.contents as { value: string }).value, /Mail-flow policy `\$RELAYED`/);
  } finally {
    await client.stop();
  }
});
