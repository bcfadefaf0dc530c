import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { ROOT, TestClient } from './support/client';
import { positionOf } from './support/text';

// A cluster export: RELAYLIST in the cluster-level HAT; PARTNERS and TRUSTED in both machines' HATs;
// message filters at the cluster level and in each machine.
const FILE = path.join(ROOT, 'test', 'fixtures', 'lsp', 'sendergroup-filters.xml');
const uri = pathToFileURL(FILE).toString();
const text = fs.readFileSync(FILE, 'latin1');
let client: TestClient;

before(async () => {
  client = await TestClient.start();
  await client.open(uri, text);
  await client.diagnostics(uri);
});
after(() => client.stop());

type Position = { line: number; character: number };
const starts = (locations: Location[] | null) => (locations ?? []).map((l) => l.range.start).sort((a, b) => a.line - b.line || a.character - b.character);
const definitionAt = (position: Position) => client.request<Location[] | null>('textDocument/definition', { textDocument: { uri }, position });
const referencesAt = (position: Position, includeDeclaration: boolean) =>
  client.request<Location[] | null>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration } });

test('go to definition on the group a message filter tests jumps to the group in the HAT', async () => {
  const definition = await definitionAt(positionOf(text, 'sendergroup == "RELAYLIST"', 20));
  assert.deepEqual(starts(definition), [positionOf(text, 'RELAYLIST:')]);
  assert.ok(definition!.every((l) => l.uri === uri));
});

test('a cluster-level filter\'s group is found in the HAT of every machine that defines it', async () => {
  const definition = await definitionAt(positionOf(text, "sendergroup == 'PARTNERS'", 17));
  assert.deepEqual(starts(definition), [positionOf(text, 'PARTNERS:', 0, 0), positionOf(text, 'PARTNERS:', 0, 1)]);
});

test('a machine\'s filter jumps to its own machine\'s group, not to the other machine\'s of the same name', async () => {
  const definition = await definitionAt(positionOf(text, 'sendergroup == "PARTNERS"', 17));
  assert.deepEqual(starts(definition), [positionOf(text, 'PARTNERS:', 0, 1)]);
});

test('find references on a sender group lists the message filters that test it', async () => {
  const references = await referencesAt(positionOf(text, 'RELAYLIST:', 2), false);
  assert.deepEqual(starts(references), [positionOf(text, '"RELAYLIST"', 1)]);
  const withDeclaration = await referencesAt(positionOf(text, 'RELAYLIST:', 2), true);
  assert.deepEqual(starts(withDeclaration), [positionOf(text, 'RELAYLIST:'), positionOf(text, '"RELAYLIST"', 1)]);
});

test('find references on a machine\'s sender group lists the groups naming it and the filters that apply to that machine', async () => {
  const references = await referencesAt(positionOf(text, 'PARTNERS:', 2, 0), false);
  // esa1's TRUSTED group names PARTNERS, the cluster's filter tests it; esa2's own filter does not apply to esa1.
  assert.deepEqual(starts(references), [positionOf(text, "'PARTNERS'", 1), positionOf(text, '   PARTNERS\n', 3)]);
});

test('find references from a message filter lists the group\'s definition and its other uses', async () => {
  const references = await referencesAt(positionOf(text, 'sendergroup == "TRUSTED"', 18), true);
  assert.deepEqual(starts(references), [positionOf(text, 'TRUSTED:', 0, 0), positionOf(text, '"TRUSTED"', 1)]);
});

test('go to definition on a member naming another group jumps to that group in the same HAT', async () => {
  const definition = await definitionAt(positionOf(text, '   PARTNERS\n', 5));
  assert.deepEqual(starts(definition), [positionOf(text, 'PARTNERS:', 0, 0)]);
});

test('hovering the group a message filter tests shows that group\'s members and policy', async () => {
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'sendergroup == "RELAYLIST"', 20) });
  const value = (hover?.contents as MarkupContent | undefined)?.value ?? '';
  assert.match(value, /Sender group `RELAYLIST`\*\* → \$RELAYED \(RELAY\)/);
  assert.match(value, /10\.172\.12\.17/);
});

test('a filter testing a group no HAT defines has no definition', async () => {
  const changed = text.replace('sendergroup == "TRUSTED"', 'sendergroup == "NOSUCH"');
  await client.change(uri, changed);
  const definition = await definitionAt(positionOf(changed, 'sendergroup == "NOSUCH"', 18));
  assert.deepEqual(starts(definition), []);
  await client.change(uri, text);
});
