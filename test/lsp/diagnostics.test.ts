import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createAnalyzer } from '../../server/src/core/analyzer';
import { ruleDocsUrl } from '../../server/src/core/docsUrl';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLES, readExample, TestClient } from './support/client';

const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

test('opening an example shows exactly the analyzer findings, with rule code, docs link and source', async () => {
  const client = await TestClient.start();
  try {
    const { uri, text } = await client.openExample('cpq-listener-misconfigured.xml');
    const diagnostics = await client.diagnostics(uri);
    const expected = createAnalyzer().analyzeText(text, uri).findings;
    assert.ok(expected.length > 0, 'the example has findings');
    assert.deepEqual(
      diagnostics.map((d) => ({ code: d.code, range: d.range, severity: d.severity, message: d.message })),
      expected.map((f) => ({ code: f.rule, range: f.range, severity: SEVERITY[f.severity], message: f.message })),
    );
    for (const d of diagnostics) {
      assert.equal(d.source, 'asyncos-pvo');
      assert.equal(d.codeDescription?.href, ruleDocsUrl(String(d.code)));
    }
    const status = await client.status(uri);
    assert.equal(status.recognised, true);
    assert.equal(status.kind, 'esa');
    assert.equal(status.release, '13.5.1-277');
    assert.equal(status.counts.error, expected.filter((f) => f.severity === 'error').length);
  } finally {
    await client.stop();
  }
});

test('findings that point at another place carry it as related information', async () => {
  const client = await TestClient.start();
  try {
    const uri = 'file:///virtual/port-conflict.xml';
    const text = readExample('clean-esa.xml').replace('<port>7025</port>', '<port>25</port>').replace(/(<listener_name>cpq_listener<\/listener_name>[\s\S]*?<interface_name>)Management/, '$1Data 1');
    const expected = createAnalyzer().analyzeText(text, uri).findings.filter((f) => f.related.length > 0);
    assert.ok(expected.length > 0, 'the edited example has a finding with a related place');
    await client.open(uri, text);
    const diagnostics = await client.diagnostics(uri);
    const withRelated = diagnostics.filter((d) => d.relatedInformation && d.relatedInformation.length > 0);
    assert.equal(withRelated.length, expected.length);
    for (const [i, d] of withRelated.entries()) {
      assert.deepEqual(d.relatedInformation!.map((r) => ({ message: r.message, uri: r.location.uri, range: r.location.range })),
        expected[i].related.map((r) => ({ message: r.message, uri, range: r.range })));
    }
  } finally {
    await client.stop();
  }
});

test('an XML file that is not an AsyncOS configuration gets no diagnostics', async () => {
  const client = await TestClient.start();
  try {
    const uri = 'file:///virtual/pom.xml';
    await client.open(uri, '<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion><listeners><listener/></listeners></project>\n');
    assert.deepEqual(await client.diagnostics(uri), []);
    assert.equal((await client.status(uri)).recognised, false);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 40 } });
    assert.equal(hover, null);
  } finally {
    await client.stop();
  }
});

test('while typing, only the latest version is analysed and published', async () => {
  const client = await TestClient.start({ settings: { debounceMs: 300 } });
  try {
    const uri = 'file:///virtual/typing.xml';
    const text = readExample('clean-esa.xml');
    await client.open(uri, text);
    assert.ok(!(await client.diagnostics(uri)).some((d) => d.code === 'cpq-listener-port'));
    // Break the port digit by digit, then settle on a bad one.
    let version = 1;
    for (const port of ['7', '70', '702', '7025', '70250']) version = await client.change(uri, text.replace('<port>7025</port>', `<port>${port}</port>`));
    const diagnostics = await client.diagnostics(uri, version);
    assert.ok(diagnostics.some((d) => d.code === 'cpq-listener-port'), 'the final edit is reported');
    const intermediate = client.published.filter((p) => p.uri === uri && p.version !== 1 && p.version !== version);
    assert.deepEqual(intermediate.map((p) => p.version), [], 'no diagnostics for versions replaced while typing');
  } finally {
    await client.stop();
  }
});

test('rule settings from the editor turn a rule off or change its severity, and apply at once', async () => {
  const client = await TestClient.start();
  try {
    const { uri } = await client.openExample('cpq-listener-misconfigured.xml');
    const before = await client.diagnostics(uri);
    assert.ok(before.some((d) => d.code === 'cpq-listener-port'));
    assert.ok(before.some((d) => d.code === 'listener-interface-unknown' && d.severity === 1));
    const next = client.nextDiagnostics(uri);
    await client.changeSettings({ rules: { 'cpq-listener-port': 'off', 'listener-interface-unknown': 'warning' } });
    const after = await next;
    assert.ok(!after.some((d) => d.code === 'cpq-listener-port'), 'the rule turned off is gone');
    assert.equal(after.find((d) => d.code === 'listener-interface-unknown')?.severity, 2);
  } finally {
    await client.stop();
  }
});

test('excluded files and a disabled extension get no diagnostics', async () => {
  const client = await TestClient.start({ settings: { exclude: ['**/backups/**'] } });
  try {
    const excluded = 'file:///virtual/backups/cpq-listener-misconfigured.xml';
    await client.openExample('cpq-listener-misconfigured.xml', excluded);
    assert.deepEqual(await client.diagnostics(excluded), []);
    const { uri } = await client.openExample('cpq-listener-misconfigured.xml');
    assert.ok((await client.diagnostics(uri)).length > 0);
    const next = client.nextDiagnostics(uri);
    await client.changeSettings({ enable: false });
    assert.deepEqual(await next, []);
  } finally {
    await client.stop();
  }
});

test('closing a document clears its diagnostics', async () => {
  const client = await TestClient.start();
  try {
    const { uri } = await client.openExample('cpq-listener-misconfigured.xml');
    assert.ok((await client.diagnostics(uri)).length > 0);
    const next = client.nextDiagnostics(uri);
    await client.close(uri);
    assert.deepEqual(await next, []);
  } finally {
    await client.stop();
  }
});

test('an editor that cannot answer settings requests gets settings from initialization options', async () => {
  const client = await TestClient.start({ configuration: false, initializationOptions: { settings: { rules: { 'cpq-listener-port': 'off' } } } });
  try {
    const { uri } = await client.openExample('cpq-listener-misconfigured.xml');
    const diagnostics = await client.diagnostics(uri);
    assert.ok(diagnostics.length > 0);
    assert.ok(!diagnostics.some((d) => d.code === 'cpq-listener-port'));
  } finally {
    await client.stop();
  }
});

test('a configuration saved with CRLF line ends, or not saved at all, gets the same findings on the same lines', async () => {
  const client = await TestClient.start();
  try {
    const { uri: lf, text } = await client.openExample('cpq-listener-misconfigured.xml');
    const expected = (await client.diagnostics(lf)).map((d) => ({ code: d.code, range: d.range }));
    const crlf = 'file:///virtual/crlf.xml';
    await client.open(crlf, text.replace(/\n/g, '\r\n'));
    assert.deepEqual((await client.diagnostics(crlf)).map((d) => ({ code: d.code, range: d.range })), expected);
    const untitled = 'untitled:Untitled-1';
    await client.open(untitled, text);
    assert.deepEqual((await client.diagnostics(untitled)).map((d) => ({ code: d.code, range: d.range })), expected);
  } finally {
    await client.stop();
  }
});

test('a cluster machine is checked against the other machine\'s export in the workspace, as the CLI checks a folder', async () => {
  const folder = path.join(EXAMPLES, 'scenario-5-feature-keys');
  const client = await TestClient.start({ rootUri: pathToFileURL(folder).toString() });
  try {
    const esa1 = pathToFileURL(path.join(folder, 'esa1.xml')).toString();
    const esa2 = pathToFileURL(path.join(folder, 'esa2.xml')).toString();
    const esa2Text = fs.readFileSync(path.join(folder, 'esa2.xml'), 'latin1');
    await client.open(esa2, esa2Text);
    const mismatch = (await client.diagnostics(esa2)).find((d) => d.code === 'cluster-featurekey-mismatch');
    assert.ok(mismatch, 'esa1.xml on disk has a feature key esa2 lacks');
    assert.equal(mismatch.severity, 1);
    assert.ok(mismatch.relatedInformation?.some((r) => r.location.uri === esa1), 'the other machine is a related location');

    // Editing the other machine's file (open, unsaved) re-analyses this one.
    const esa1Text = fs.readFileSync(path.join(folder, 'esa1.xml'), 'latin1');
    await client.open(esa1, esa1Text);
    await client.diagnostics(esa1);
    const next = client.nextDiagnostics(esa2);
    await client.change(esa1, esa1Text.replace(/\s*Feature "Data Loss Prevention".*\n/, '\n'));
    assert.ok(!(await next).some((d) => d.code === 'cluster-featurekey-mismatch'), 'both machines now have the same keys');
  } finally {
    await client.stop();
  }
});

test('when a peer file changes on disk, the open configuration is re-analysed against the new content', async () => {
  const source = path.join(EXAMPLES, 'scenario-5-feature-keys');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncos-pvo-peers-'));
  try {
    for (const name of ['esa1.xml', 'esa2.xml']) fs.copyFileSync(path.join(source, name), path.join(folder, name));
    const client = await TestClient.start({ rootUri: pathToFileURL(folder).toString() });
    try {
      const esa2 = pathToFileURL(path.join(folder, 'esa2.xml')).toString();
      await client.open(esa2, fs.readFileSync(path.join(folder, 'esa2.xml'), 'latin1'));
      assert.ok((await client.diagnostics(esa2)).some((d) => d.code === 'cluster-featurekey-mismatch'));
      const esa1 = path.join(folder, 'esa1.xml');
      fs.writeFileSync(esa1, fs.readFileSync(esa1, 'latin1').replace(/\s*Feature "Data Loss Prevention".*\n/, '\n'), 'latin1');
      const next = client.nextDiagnostics(esa2);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(esa1).toString(), type: 2 }] });
      assert.ok(!(await next).some((d) => d.code === 'cluster-featurekey-mismatch'));
    } finally {
      await client.stop();
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('without the analysis worker (the in-process fallback) the findings are the same', async () => {
  const client = await TestClient.start({ initializationOptions: { worker: false } });
  try {
    const { uri, text } = await client.openExample('scenario-4-anonymous-cipher.xml');
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range]), createAnalyzer().analyzeText(text, uri).findings.map((f) => [f.rule, f.range]));
    assert.ok(client.logs.some((l) => /analysis: in-process/.test(l)));
  } finally {
    await client.stop();
  }
});

test('an editor displaying French gets the findings in French, where the core has the translation', async () => {
  const client = await TestClient.start({ locale: 'fr' });
  try {
    const { uri, text } = await client.openExample('cpq-listener-misconfigured.xml');
    const messages = (await client.diagnostics(uri)).map((d) => d.message);
    const french = createAnalyzer({ locale: 'fr' }).analyzeText(text, uri).findings.map((f) => f.message);
    // The catalogues are being filled rule by rule; whatever the core renders in French, the editor shows.
    assert.deepEqual(messages, french);
  } finally {
    await client.stop();
  }
});
