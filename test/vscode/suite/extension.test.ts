import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { before, describe, it } from 'mocha';
import type { AsyncOsPvoApi } from '../../../client/src/extension';

const WORKSPACE = process.env.ASYNCOS_PVO_TEST_WORKSPACE!;
const fileUri = (name: string) => vscode.Uri.file(path.join(WORKSPACE, name));

/** Resolves with the document's diagnostics from our server as soon as they satisfy `accept`. */
function diagnosticsOf(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 30000): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'asyncos-pvo');
  return new Promise((resolve, reject) => {
    if (accept(ours())) return resolve(ours());
    const timer = setTimeout(() => { subscription.dispose(); reject(new Error(`timed out waiting for ${what}; have: ${ours().map((d) => d.code).join(', ')}`)); }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const current = ours();
      if (accept(current)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(current);
      }
    });
  });
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('AsyncOS PVO in VS Code', () => {
  let api: AsyncOsPvoApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<AsyncOsPvoApi>('asyncos-pvo.asyncos-pvo');
    assert.ok(extension, 'the extension is installed');
    api = await extension.activate();
    await api.ready;
  });

  /** Shows the file and resolves once the status bar describes it (it follows the active editor a moment later). */
  const showAndWaitForStatusBar = async (uri: vscode.Uri) => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await new Promise<void>((resolve) => {
      const done = () => api.statusBar.current?.uri === uri.toString();
      if (done()) return resolve();
      const subscription = api.statusBar.onDidChange(() => { if (done()) { subscription.dispose(); resolve(); } });
    });
  };

  it('runs in the real VS Code 1.100 extension host', () => {
    assert.match(vscode.version, /^1\.100\./);
    assert.equal(vscode.env.appName, 'code-server');
  });

  it('shows the anonymous outbound cipher list of scenario 4 as an error with the rule as code and a docs link', async () => {
    const uri = fileUri('scenario-4-anonymous-cipher.xml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await diagnosticsOf(uri, (ds) => ds.some((d) => codeOf(d) === 'cipher-anonymous-outbound'), 'the cipher error');
    const error = diagnostics.find((d) => codeOf(d) === 'cipher-anonymous-outbound')!;
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(typeof error.code === 'object' && error.code.target.toString().endsWith('/cipher-anonymous-outbound.md'));
    const line = (await vscode.workspace.openTextDocument(uri)).lineAt(error.range.start.line).text;
    assert.match(line, /<ssl_outbound_ciphers>/);
  });

  it('shows the finding count and the OpenSSL profile in the status bar', async () => {
    const uri = fileUri('scenario-4-anonymous-cipher.xml');
    await showAndWaitForStatusBar(uri);
    assert.match(api.statusBar.text, /AsyncOS 13\.5\.1-277 \(OpenSSL 1\.0\.2k\): \d+ findings?/);
    assert.equal(api.statusBar.current?.opensslProfile, '1.0.2k-default');
  });

  it('offers ":-aNULL" as the preferred quick fix, and applying it clears the error', async () => {
    const uri = fileUri('scenario-4-anonymous-cipher.xml');
    const document = await vscode.workspace.openTextDocument(uri);
    const error = (await diagnosticsOf(uri, (ds) => ds.some((d) => codeOf(d) === 'cipher-anonymous-outbound'), 'the cipher error'))
      .find((d) => codeOf(d) === 'cipher-anonymous-outbound')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, error.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title.includes(':-aNULL'));
    assert.ok(fix?.edit, `offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /RC4-SHA:RC4-MD5:ALL:-aNULL/);
    await diagnosticsOf(uri, (ds) => !ds.some((d) => codeOf(d) === 'cipher-anonymous-outbound'), 'the error to disappear');
    await document.save();
  });

  it('hovering the cipher list shows the expanded suite table', async () => {
    const uri = fileUri('scenario-4-anonymous-cipher.xml');
    const document = await vscode.workspace.openTextDocument(uri);
    const line = document.getText().split('\n').findIndex((l) => l.includes('<ssl_outbound_ciphers>'));
    const character = document.lineAt(line).text.indexOf('RC4-SHA') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /\| Suite \| Protocol/);
  });

  it('outlines interfaces, listeners and TLS settings', async () => {
    const uri = fileUri('scenario-4-anonymous-cipher.xml');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.deepEqual(symbols.map((s) => s.name), ['Management', 'Data 1', 'IncomingMail', 'cpq_listener', 'TLS settings']);
  });

  it('leaves XML files that are not AsyncOS configurations alone', async () => {
    const uri = fileUri('not-asyncos.xml');
    await showAndWaitForStatusBar(uri);
    assert.equal(api.statusBar.current?.recognised, false);
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'asyncos-pvo'), []);
  });

  it('a rule turned off in the settings disappears at once', async () => {
    const uri = fileUri('cpq-listener-misconfigured.xml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await diagnosticsOf(uri, (ds) => ds.some((d) => codeOf(d) === 'cpq-listener-port'), 'the port error');
    const config = vscode.workspace.getConfiguration('asyncosPvo');
    await config.update('rules', { 'cpq-listener-port': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await diagnosticsOf(uri, (ds) => ds.length > 0 && !ds.some((d) => codeOf(d) === 'cpq-listener-port'), 'the port error to go');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('the restart command brings the server back with the same diagnostics', async () => {
    const uri = fileUri('cpq-listener-misconfigured.xml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await diagnosticsOf(uri, (ds) => ds.some((d) => codeOf(d) === 'cpq-listener-port'), 'the port error');
    await vscode.commands.executeCommand('asyncosPvo.restartServer');
    assert.ok(api.languageClient.languageClient?.isRunning());
    await diagnosticsOf(uri, (ds) => ds.some((d) => codeOf(d) === 'cpq-listener-port'), 'the port error after the restart');
  });
});
