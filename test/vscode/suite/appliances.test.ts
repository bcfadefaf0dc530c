/**
 * The Appliances view in the real extension host, against the appliance simulator on loopback.
 * Modals and input boxes are answered by replacing the `vscode.window` functions the extension
 * calls (the extension and these tests share one API object); every answer is recorded, so the
 * tests also check what the user was asked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { after, afterEach, before, describe, it } from 'mocha';
import { loadPreset, PRESET_IDS } from '../../../client/src/appliance/simulator/presets';
import { startSimulator, type RunningSimulator } from '../../../client/src/appliance/simulator/server';
import { APPLIANCE_COMMANDS as C, APPLIANCES_TEST_API_COMMAND } from '../../../client/src/extension/appliances/commandList';
import type { AppliancesApi } from '../../../client/src/extension/appliances';
import type { Appliance } from '../../../client/src/extension/appliances/model';
import { freePort } from '../support/ports';
import { button, Dialogs, resultOf } from './appliancesSupport';

const problemsOf = (api: AppliancesApi, a: Appliance) =>
  [...api.service.state(a.id).results.values()].flatMap((r) => (r !== 'running' && r.verdict === 'problem' ? [r.id] : [])).sort();

describe('Appliances view', function () {
  this.timeout(120_000);
  let api: AppliancesApi;
  const dialogs = new Dialogs();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pvo-appliances-'));
  const extra: RunningSimulator[] = [];

  before(async () => {
    const extension = vscode.extensions.getExtension('asyncos-pvo.asyncos-pvo');
    assert.ok(extension);
    await extension.activate();
    api = await vscode.commands.executeCommand<AppliancesApi>(APPLIANCES_TEST_API_COMMAND);
    assert.ok(api, 'the view is registered');
    // The user data outlives a run and test simulators get new keys on reused ports: start with no recorded keys.
    fs.rmSync(api.hostKeys.path, { force: true });
    await vscode.workspace.getConfiguration().update('asyncosPvo.appliances', undefined, vscode.ConfigurationTarget.Global);
  });

  afterEach(() => dialogs.restore());

  after(async () => {
    dialogs.restore();
    // Leave the window as found: the fetched configurations are open, unsaved documents that the
    // language server would otherwise keep analysing alongside the workspace's files.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isUntitled || d.uri.scheme === 'asyncos-pvo-check')) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand(C.stopSimulator.id);
    await vscode.workspace.getConfiguration().update('asyncosPvo.appliances', undefined, vscode.ConfigurationTarget.Global);
    for (const s of extra) await s.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('is empty at first, so the welcome offers Add Appliance, Import from ~/.ssh/config and Start Simulator', async () => {
    assert.deepEqual(await api.tree.getChildren(), []);
    const manifest = vscode.extensions.getExtension('asyncos-pvo.asyncos-pvo')!.packageJSON;
    const welcome = manifest.contributes.viewsWelcome.find((w: { view: string; when: string }) => w.view === 'asyncosPvo.appliances' && w.when === 'isWorkspaceTrusted');
    assert.ok(welcome, 'a welcome for trusted workspaces');
    // The host hands over the manifest with its %placeholders% already replaced.
    const text: string = welcome.contents;
    assert.ok(!text.startsWith('%'), 'the welcome text is localised');
    for (const command of [C.add.id, C.importSshConfig.id, C.startSimulator.id]) assert.ok(text.includes(`command:${command}`), command);
  });

  it('Start Simulator shows one group per scenario preset with its ESA and SMA', async () => {
    const count = await vscode.commands.executeCommand<number>(C.startSimulator.id);
    const groups = await api.tree.getChildren();
    assert.equal(groups.length, PRESET_IDS.length);
    assert.equal(count, PRESET_IDS.reduce((n, id) => n + loadPreset(id).appliances.length, 0));
    const offline = groups.find((g) => String(g.label).includes(loadPreset('sma-offline').title))!;
    const children = await api.tree.getChildren(offline);
    assert.deepEqual(children.map((c) => c.label), ['mx.example.com (ESA)', 'sma.example.com (SMA)']);
    assert.match(String(children[1].contextValue), /^appliance simulator idle\b/);
  });

  it('Run All Checks asks once to trust the simulator host key, then each preset shows its scenario problems and no other live-check problem', async () => {
    dialogs.answer('showWarningMessage', button(/Accept and Remember/));
    const started = Date.now();
    const outcome = await vscode.commands.executeCommand<{ cancelled: boolean; appliances: number }>(C.runAllChecks.id);
    assert.equal(outcome.cancelled, false);
    const modals = dialogs.asked.filter((q) => q.fn === 'showWarningMessage');
    assert.equal(modals.length, 1, 'one question for one key on one address');
    const options = modals[0].options as vscode.MessageOptions;
    assert.equal(options.modal, true);
    assert.match(String(options.detail), new RegExp(api.simulator.running!.fingerprint.replace(/[+/]/g, '\\$&')));
    for (const a of api.service.appliances) {
      const [preset, id] = [a.group, a.target.port];
      const sim = api.simulator.running!.appliances.find((x) => x.port === id)!;
      const expected = [...(loadPreset(sim.preset).expectedProblems[sim.id.split('/')[1]] ?? [])].sort();
      // running-config runs the static rules over the whole export, which may find more than the
      // scenario (the live checks' contract covers the others exactly).
      assert.deepEqual(problemsOf(api, a).filter((id) => id !== 'running-config' || expected.includes(id)), expected, `${preset} / ${a.label}`);
    }
    assert.ok(Date.now() - started < 60_000);
    assert.match(api.statusItem.text, /Appliances: \d+ problem/);
  });

  it('shows a problem check with its summary, evidence and advice, and opens its details', async () => {
    const esa = api.service.appliances.find((a) => a.group.includes(loadPreset('anonymous-cipher').title) && a.kind === 'esa')!;
    const [applianceNode] = (await api.tree.getChildren((await api.tree.getChildren()).find((g) => g.label === esa.group))).filter((n) => n.label === esa.label);
    assert.match(String(applianceNode.description), /outbound-ciphers/);
    const check = (await api.tree.getChildren(applianceNode)).find((n) => n.id?.endsWith(':outbound-ciphers'))!;
    assert.equal(check.contextValue, 'check problem');
    assert.equal((check.iconPath as vscode.ThemeIcon).id, 'error');
    const tooltip = (check.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /RC4-SHA:RC4-MD5:ALL/);
    assert.match(tooltip, /aNULL/);
    await vscode.commands.executeCommand(C.showCheckDetails.id, check);
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'asyncos-pvo-check');
    assert.ok(editor);
    assert.match(editor.document.getText(), /## Evidence/);
  });

  it('Resume asks first: cancelling sends nothing; confirming brings the offline SMA back online', async () => {
    const sma = api.service.appliances.find((a) => a.group.includes(loadPreset('sma-offline').title) && a.kind === 'sma')!;
    const node = (await api.tree.getChildren((await api.tree.getChildren()).find((g) => g.label === sma.group))).find((n) => n.label === sma.label)!;
    assert.match(String(node.contextValue), /\boffline\b/, 'Resume is offered on the offline SMA');
    dialogs.answer('showWarningMessage', () => undefined);
    const refused = await vscode.commands.executeCommand<{ resumed: boolean }>(C.resume.id, node);
    assert.equal(refused.resumed, false);
    assert.match(dialogs.asked[0].message, /"resume" on sma\.example\.com/);
    assert.equal(resultOf(api, sma, 'system-online').verdict, 'problem');
    dialogs.answer('showWarningMessage', button(/Run resume/));
    const done = await vscode.commands.executeCommand<{ resumed: boolean; output: string }>(C.resume.id, node);
    assert.equal(done.resumed, true);
    assert.match(done.output, /Receiving resumed/);
    assert.equal(resultOf(api, sma, 'system-online').verdict, 'ok');
  });

  it('Re-run Check updates only that check', async () => {
    const esa = api.service.appliances.find((a) => a.group.includes(loadPreset('operator-account').title) && a.kind === 'esa')!;
    const before = resultOf(api, esa, 'delivery-interface');
    const applianceNode = (await api.tree.getChildren((await api.tree.getChildren()).find((g) => g.label === esa.group))).find((n) => n.label === esa.label)!;
    const node = (await api.tree.getChildren(applianceNode)).find((n) => n.id?.endsWith(':account-role'));
    await vscode.commands.executeCommand(C.rerunCheck.id, node);
    assert.equal(resultOf(api, esa, 'account-role').verdict, 'problem');
    assert.equal(api.service.state(esa.id).results.get('delivery-interface'), before, 'the other results are untouched');
  });

  it('Fetch Running Configuration opens the configuration and the language server marks the anonymous cipher list', async () => {
    const esa = api.service.appliances.find((a) => a.group.includes(loadPreset('anonymous-cipher').title) && a.kind === 'esa')!;
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>(C.fetchConfig.id, esa.id);
    assert.equal(doc.languageId, 'xml');
    assert.ok(doc.isUntitled);
    assert.match(doc.getText(), /<ssl_outbound_ciphers>RC4-SHA:RC4-MD5:ALL</);
    const codes = await new Promise<string[]>((resolve) => {
      const current = () => vscode.languages.getDiagnostics(doc.uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
      if (current().includes('cipher-anonymous-outbound')) return resolve(current());
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        if (current().includes('cipher-anonymous-outbound')) {
          sub.dispose();
          resolve(current());
        }
      });
    });
    assert.ok(codes.includes('cipher-anonymous-outbound'));
  });

  it('Open Mail Log Excerpt shows the TLS failures of scenario 4', async () => {
    const esa = api.service.appliances.find((a) => a.group.includes(loadPreset('anonymous-cipher').title) && a.kind === 'esa')!;
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>(C.openMailLog.id, esa.id);
    assert.match(doc.getText(), /TLS failed: verify error: no certificate from server/);
  });

  it('Export Report writes Markdown and JSON with every problem and no password', async () => {
    const md = vscode.Uri.file(path.join(scratch, 'report.md'));
    const json = vscode.Uri.file(path.join(scratch, 'report.json'));
    await vscode.commands.executeCommand(C.exportReport.id, md);
    await vscode.commands.executeCommand(C.exportReport.id, json);
    const text = fs.readFileSync(md.fsPath, 'utf8');
    assert.match(text, /^# AsyncOS PVO live check report/);
    for (const id of ['system-online', 'account-role', 'delivery-interface', 'outbound-ciphers', 'feature-keys', 'cluster-overrides', 'cluster-pvo-interface']) {
      assert.ok(text.includes(`\`${id}\``), id);
    }
    const data = JSON.parse(fs.readFileSync(json.fsPath, 'utf8'));
    assert.equal(data.appliances.length, api.service.appliances.length);
    for (const secret of ['ironport', 'operator-pass']) {
      assert.ok(!text.includes(secret) && !JSON.stringify(data).includes(secret), `no "${secret}" in the reports`);
    }
  });

  it('Add Appliance keeps the password in the secret storage, never in the settings or the log, and the checks use it', async () => {
    const sim = await startSimulator({ scenario: 'healthy', dataDir: path.join(scratch, 'sim-a'), appliances: ['sma'] });
    extra.push(sim);
    const target = `admin@127.0.0.1:${sim.appliances[0].port}`;
    const inputs = [target, 'lab SMA', 'Lab', 'ironport'];
    dialogs.answer('showInputBox', () => inputs.shift());
    dialogs.answer('showQuickPick', (_m, ...rest) => {
      const items = JSON.parse(_m) as { label: string }[];
      void rest;
      return items.find((i) => i.label === 'SMA') ?? items.find((i) => i.label === 'Password');
    });
    await vscode.commands.executeCommand(C.add.id);
    const settings = vscode.workspace.getConfiguration().inspect('asyncosPvo.appliances')?.globalValue;
    assert.deepEqual(settings, [{ label: 'lab SMA', target, auth: 'password', kind: 'sma', group: 'Lab' }]);
    assert.ok(!JSON.stringify(settings).includes('ironport'));
    const lab = api.service.appliances.find((a) => a.label === 'lab SMA')!;
    assert.ok(lab, 'the new appliance is in the view');
    dialogs.answer('showWarningMessage', button(/Accept and Remember/));
    dialogs.answer('showInputBox', () => assert.fail('the password must come from the secret storage'));
    const logged: string[] = [];
    const log = api.service.log as unknown as Record<string, (...a: unknown[]) => void>;
    const originals = Object.fromEntries(['trace', 'debug', 'info', 'warn', 'error'].map((level) => [level, log[level]]));
    for (const level of Object.keys(originals)) log[level] = (...a: unknown[]) => { logged.push(a.map(String).join(' ')); originals[level].apply(api.service.log, a); };
    try {
      await vscode.commands.executeCommand(C.connect.id, lab.id);
    } finally {
      Object.assign(log, originals);
    }
    assert.ok(logged.some((l) => l.includes(lab.id)), 'the connection is logged');
    assert.ok(!logged.some((l) => l.includes('ironport')), 'the password is never logged');
    assert.equal(resultOf(api, lab, 'ssh-reachable').verdict, 'ok');
    assert.ok(api.service.state(lab.id).fingerprint);
  });

  it('a changed host key is refused with both fingerprints; only Forget Host Key lets the next connection ask again', async () => {
    const lab = api.service.appliances.find((a) => a.label === 'lab SMA')!;
    const port = lab.target.port;
    const old = extra.pop()!;
    const oldFingerprint = old.fingerprint;
    await old.close();
    const impostor = await startSimulator({ scenario: 'healthy', dataDir: path.join(scratch, 'sim-b'), appliances: ['sma'], basePort: port });
    extra.push(impostor);
    assert.notEqual(impostor.fingerprint, oldFingerprint);
    dialogs.answer('showErrorMessage', () => undefined);
    dialogs.answer('showWarningMessage', () => assert.fail('a changed key is never offered for acceptance'));
    await vscode.commands.executeCommand(C.connect.id, lab.id);
    const state = api.service.state(lab.id);
    assert.deepEqual(state.changedHostKey, { presented: impostor.fingerprint, expected: [oldFingerprint] });
    assert.match(resultOf(api, lab, 'ssh-reachable').summary, /HOST KEY CHANGED/);
    const error = dialogs.asked.find((q) => q.fn === 'showErrorMessage')!;
    assert.ok(error.message.includes(impostor.fingerprint) && error.message.includes(oldFingerprint));
    const node = (await api.tree.getChildren((await api.tree.getChildren()).find((g) => g.label === 'Lab'))).find((n) => n.label === 'lab SMA')!;
    assert.match(String(node.contextValue), /\bhostKeyChanged\b/);
    assert.match(String(node.description), /host key changed/);

    dialogs.restore();
    dialogs.answer('showWarningMessage', button(/^Forget Host Key$/));
    assert.equal(await vscode.commands.executeCommand<number>(C.forgetHostKey.id, lab.id), 1);
    dialogs.restore();
    dialogs.answer('showWarningMessage', button(/Accept Once/));
    await vscode.commands.executeCommand(C.connect.id, lab.id);
    assert.equal(resultOf(api, lab, 'ssh-reachable').verdict, 'ok');
    assert.ok(dialogs.asked.some((q) => q.fn === 'showWarningMessage' && String((q.options as vscode.MessageOptions).detail).includes(impostor.fingerprint)));
  });

  it('Stop Simulator removes its appliances and their saved passwords', async () => {
    const simulated = api.service.appliances.filter((a) => a.source === 'simulator');
    await vscode.commands.executeCommand(C.stopSimulator.id);
    assert.equal(api.service.appliances.filter((a) => a.source === 'simulator').length, 0);
    assert.equal(await api.service.credentials.get(simulated[0].id, 'password'), undefined);
  });
});
