import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits, exampleUri, readExample, TestClient } from './support/client';

async function actionsFor(client: TestClient, uri: string, diagnostic: Diagnostic, all: Diagnostic[] = [diagnostic]): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri }, range: diagnostic.range, context: { diagnostics: all.filter((d) => d === diagnostic) },
  });
}

/** The clean cluster export with an anonymous outbound cipher list at cluster level and another on machine esa2. */
function clusterWithTwoAnonymousLists(): string {
  return readExample('clean-cluster.xml')
    .replace(/<ssl_outbound_ciphers>[^<]*<\/ssl_outbound_ciphers>/, '<ssl_outbound_ciphers>ALL</ssl_outbound_ciphers>')
    .replace('<hostname>esa2.example.com</hostname>', '<hostname>esa2.example.com</hostname>\n  <ssl>\n    <ssl_outbound_ciphers>ALL:!RC4</ssl_outbound_ciphers>\n  </ssl>');
}

function editsOf(action: CodeAction) {
  const change = action.edit!.documentChanges![0] as TextDocumentEdit;
  return change.edits;
}

test('the anonymous outbound cipher list offers ":-aNULL" as the preferred quick fix, and applying it clears the error', async () => {
  const client = await TestClient.start();
  try {
    const { uri, text } = await client.openExample('scenario-4-anonymous-cipher.xml');
    const diagnostics = await client.diagnostics(uri);
    const anonymous = diagnostics.find((d) => d.code === 'cipher-anonymous-outbound');
    assert.ok(anonymous, 'the outbound list is flagged');
    assert.equal(anonymous.severity, 1);
    const actions = await actionsFor(client, uri, anonymous);
    const fix = actions.find((a) => a.title.includes(':-aNULL'));
    assert.equal(actions[0], fix, 'the error\'s preferred fix comes first, before the weak-cipher warning\'s');
    assert.ok(fix, `quick fixes offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.kind, 'quickfix');
    const titles = actions.map((a) => a.title);
    assert.equal(new Set(titles).size, titles.length, `each repair is offered once: ${titles.join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['cipher-anonymous-outbound']);
    const fixed = applyTextEdits(text, editsOf(fix));
    assert.match(fixed, /<ssl_outbound_ciphers>RC4-SHA:RC4-MD5:ALL:-aNULL<\/ssl_outbound_ciphers>/);
    const version = await client.change(uri, fixed);
    const after = await client.diagnostics(uri, version);
    assert.ok(!after.some((d) => d.code === 'cipher-anonymous-outbound'), 'the error is gone');
  } finally {
    await client.stop();
  }
});

test('"fix all" repairs every anonymous outbound cipher list of a cluster in one action', async () => {
  const client = await TestClient.start();
  try {
    const uri = 'file:///virtual/cluster.xml';
    const text = clusterWithTwoAnonymousLists();
    await client.open(uri, text);
    const anonymous = (await client.diagnostics(uri)).filter((d) => d.code === 'cipher-anonymous-outbound');
    assert.equal(anonymous.length, 2);
    const actions = await actionsFor(client, uri, anonymous[0]);
    const fixAll = actions.find((a) => a.title === 'Fix all cipher-anonymous-outbound problems in this file');
    assert.ok(fixAll, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(editsOf(fixAll).length, 2);
    const version = await client.change(uri, applyTextEdits(text, editsOf(fixAll)));
    assert.ok(!(await client.diagnostics(uri, version)).some((d) => d.code === 'cipher-anonymous-outbound'));
  } finally {
    await client.stop();
  }
});

test('"disable for this file" writes the suppression comment after the XML declaration and the finding disappears', async () => {
  const client = await TestClient.start();
  try {
    const { uri, text } = await client.openExample('cpq-listener-misconfigured.xml');
    const port = (await client.diagnostics(uri)).find((d) => d.code === 'cpq-listener-port');
    assert.ok(port);
    const disable = (await actionsFor(client, uri, port)).find((a) => a.title === 'Disable cpq-listener-port for this file');
    assert.ok(disable);
    const disabled = applyTextEdits(text, editsOf(disable));
    assert.equal(disabled.split('\n')[1], '<!-- asyncos-pvo-disable cpq-listener-port -->');
    let version = await client.change(uri, disabled);
    const after = await client.diagnostics(uri, version);
    assert.ok(!after.some((d) => d.code === 'cpq-listener-port'));
    // A second rule joins the same comment rather than adding another.
    const protocol = after.find((d) => d.code === 'cpq-listener-protocol');
    assert.ok(protocol);
    const second = (await actionsFor(client, uri, protocol)).find((a) => a.title === 'Disable cpq-listener-protocol for this file');
    const both = applyTextEdits(disabled, editsOf(second!));
    assert.equal(both.split('\n')[1], '<!-- asyncos-pvo-disable cpq-listener-port, cpq-listener-protocol -->');
    version = await client.change(uri, both);
    assert.ok(!(await client.diagnostics(uri, version)).some((d) => d.code === 'cpq-listener-protocol' || d.code === 'cpq-listener-port'));
  } finally {
    await client.stop();
  }
});

test('a typo in a listener interface offers the closest defined interface as the fix', async () => {
  const client = await TestClient.start();
  try {
    const uri = exampleUri('cpq-listener-misconfigured.xml');
    const text = readExample('cpq-listener-misconfigured.xml').replace('<interface_name>Mgmt</interface_name>', '<interface_name>Managment</interface_name>');
    await client.open(uri, text);
    const unknown = (await client.diagnostics(uri)).find((d) => d.code === 'listener-interface-unknown');
    assert.ok(unknown);
    const actions = await actionsFor(client, uri, unknown);
    const use = actions.find((a) => a.title === 'Use interface "Management"');
    assert.ok(use, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    const fixed = applyTextEdits(text, editsOf(use));
    const version = await client.change(uri, fixed);
    assert.ok(!(await client.diagnostics(uri, version)).some((d) => d.code === 'listener-interface-unknown'));
  } finally {
    await client.stop();
  }
});

test('a "fix all" source action applies every preferred fix (for fix-on-save)', async () => {
  const client = await TestClient.start();
  try {
    const { uri, text } = await client.openExample('scenario-4-anonymous-cipher.xml');
    await client.diagnostics(uri);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.asyncos-pvo');
    const version = await client.change(uri, applyTextEdits(text, editsOf(actions[0])));
    assert.ok(!(await client.diagnostics(uri, version)).some((d) => d.code === 'cipher-anonymous-outbound'));
  } finally {
    await client.stop();
  }
});

test('with a French editor, the "fix all", "disable for this file" and fix-on-save titles are in French, rule ids unchanged', async () => {
  const client = await TestClient.start({ locale: 'fr-FR' });
  try {
    const uri = 'file:///virtual/cluster-fr.xml';
    const text = clusterWithTwoAnonymousLists();
    await client.open(uri, text);
    const anonymous = (await client.diagnostics(uri)).filter((d) => d.code === 'cipher-anonymous-outbound');
    const titles = (await actionsFor(client, uri, anonymous[0])).map((a) => a.title);
    assert.ok(titles.includes('Corriger tous les problèmes cipher-anonymous-outbound de ce fichier'), titles.join(' | '));
    assert.ok(titles.includes('Désactiver cipher-anonymous-outbound pour ce fichier'), titles.join(' | '));
    const source = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri }, range: anonymous[0].range, context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(source.map((a) => a.title), ['Corriger tous les problèmes AsyncOS PVO corrigeables automatiquement']);
  } finally {
    await client.stop();
  }
});
