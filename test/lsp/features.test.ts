import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { CompletionList, DocumentSymbol, Hover, Location, MarkupContent, SymbolInformation } from 'vscode-languageserver-protocol';
import { EXAMPLES, exampleUri, readExample, TestClient } from './support/client';
import { positionOf } from './support/text';

const NAME = 'scenario-4-anonymous-cipher.xml';
const uri = exampleUri(NAME);
const text = readExample(NAME);
let client: TestClient;

before(async () => {
  client = await TestClient.start({ rootUri: pathToFileURL(EXAMPLES).toString() });
  await client.open(uri, text);
  await client.diagnostics(uri);
});
after(() => client.stop());

const hoverAt = async (needle: string, within = 1, occurrence = 0) => {
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, within, occurrence) });
  return hover ? (hover.contents as MarkupContent).value : undefined;
};

test('hovering a listener\'s interface shows its address, netmask and hostname', async () => {
  const value = await hoverAt('<interface_name>Data 1</interface_name>', 18, 1);
  assert.ok(value);
  assert.match(value, /Interface `Data 1`/);
  assert.match(value, /192\.0\.2\.10\/24/);
  assert.match(value, /mail\.example\.com/);
});

test('hovering a $POLICY in the HAT shows its definition and the groups using it', async () => {
  const value = await hoverAt('$RELAYED (Only', 2);
  assert.ok(value);
  assert.match(value, /Mail-flow policy `\$RELAYED`\*\*: `RELAY`/);
  assert.match(value, /Used by: sender group RELAYLIST/);
});

test('hovering a sender group shows its members and what it does', async () => {
  const value = await hoverAt('RELAYLIST:', 2);
  assert.ok(value);
  assert.match(value, /Sender group `RELAYLIST`\*\* → \$RELAYED \(RELAY\)/);
  assert.match(value, /10\.172\.12\.17/);
});

test('hovering a cipher list shows the expanded suite table with the anonymous rows marked', async () => {
  const value = await hoverAt('RC4-SHA:RC4-MD5:ALL', 5);
  assert.ok(value);
  assert.match(value, /Outbound SMTP TLS \(delivery\) cipher list/);
  assert.match(value, /\| Suite \| Protocol/);
  assert.match(value, /⚠[^|]*\| ADH-AES256-SHA/);
});

test('hovering a listener name summarises the listener', async () => {
  const value = await hoverAt('cpq_listener', 2);
  assert.ok(value);
  assert.match(value, /Listener `cpq_listener`\*\* \(centralized quarantine listener\)/);
  assert.match(value, /port: `7025`/);
});

test('completion inside <interface_name> offers the defined interfaces', async () => {
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '<interface_name>Management</interface_name>', 18, 1) });
  assert.deepEqual(list.items.map((i) => i.label).sort(), ['Data 1', 'Management']);
});

test('completion in a HAT offers its $POLICY names and sender groups', async () => {
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '$ACCEPTED (Everyone', 2) });
  const labels = list.items.map((i) => i.label);
  for (const expected of ['$ACCEPTED', '$BLOCKED', '$THROTTLED', 'WHITELIST:', 'ACCEPT']) assert.ok(labels.includes(expected), `${expected} in ${labels.join(', ')}`);
});

test('completion in a cipher list offers aliases and suite names', async () => {
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'RC4-SHA:RC4-MD5:ALL<', 19) });
  const labels = list.items.map((i) => i.label);
  for (const expected of ['HIGH', 'aNULL', 'ECDHE-RSA-AES256-GCM-SHA384']) assert.ok(labels.includes(expected), expected);
});

test('completion inside a listener offers the element names it lacks', async () => {
  const edited = text.replace('<listen_queue_size>50</listen_queue_size>\n      <type>private</type>', '<type>private</type>\n      <');
  const editedUri = 'file:///virtual/completion.xml';
  await client.open(editedUri, edited);
  const position = positionOf(edited, '<type>private</type>\n      <', 28);
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: editedUri }, position });
  assert.deepEqual(list.items.map((i) => i.label), ['listen_queue_size']);
  assert.equal(list.items[0].textEdit?.newText, 'listen_queue_size>$0</listen_queue_size>');
  await client.close(editedUri);
});

test('go to definition on a listener\'s interface jumps to the interface, find references lists its users', async () => {
  const position = positionOf(text, '<interface_name>Management</interface_name>', 18, 1);
  const definition = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position });
  assert.deepEqual(definition.map((l) => l.range.start), [positionOf(text, 'Management</interface_name>')]);
  const references = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } });
  assert.deepEqual(references.map((l) => l.range.start), [positionOf(text, 'Management</interface_name>', 0, 1)]);
});

test('go to definition on a $POLICY jumps to where the HAT defines it', async () => {
  const definition = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, '$RELAYED (Only', 3) });
  assert.deepEqual(definition.map((l) => l.range.start), [positionOf(text, '$RELAYED\n')]);
});

test('the outline shows interfaces, listeners with their HAT, and TLS settings', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(symbols.map((s) => s.name), ['Management', 'Data 1', 'IncomingMail', 'cpq_listener', 'TLS settings']);
  const cpq = symbols.find((s) => s.name === 'cpq_listener')!;
  assert.deepEqual(cpq.children?.map((c) => c.name), ['$RELAYED', '$BLOCKED', 'RELAYLIST']);
  assert.ok(symbols.at(-1)!.children!.some((c) => c.name === 'ssl_outbound_ciphers' && c.detail === 'RC4-SHA:RC4-MD5:ALL'));
});

test('workspace symbols find listeners in files that are not open', async () => {
  const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'cpq_listener' });
  const files = new Set(symbols.filter((s) => s.name === 'cpq_listener').map((s) => s.location.uri));
  assert.ok(files.has(uri), 'the open file');
  assert.ok(files.has(exampleUri('cpq-listener-misconfigured.xml')), 'a file on disk');
});

test('in a cluster export, go to definition on a cluster-level listener\'s interface lists the machines that define it', async () => {
  const name = 'scenario-7-cluster-interface-missing.xml';
  const clusterUri = exampleUri(name);
  const clusterText = readExample(name);
  await client.open(clusterUri, clusterText);
  const position = positionOf(clusterText, '<interface_name>Management</interface_name>', 18, 0);
  const definition = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: clusterUri }, position });
  // esa2 calls its management interface "Mgmt": the one machine that lacks it is the one the rule reports.
  assert.deepEqual(definition.map((l) => l.range.start), [positionOf(clusterText, 'Management</interface_name>', 0, 1)]);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: clusterUri }, position });
  assert.match((hover!.contents as MarkupContent).value, /10\.172\.12\.\d+/);
  await client.close(clusterUri);
});
