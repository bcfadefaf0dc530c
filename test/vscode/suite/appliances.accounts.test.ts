/**
 * The Appliances view's accounts and trust, in the real extension host against the simulator on
 * loopback: untrusted workspaces, Import from an ssh_config file, Edit and Remove, a private key
 * with a passphrase, and the per-command timings in the log. Leaves no appliance, setting or
 * simulator behind (the main suite starts from an empty view).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { after, afterEach, before, describe, it } from 'mocha';
import { generateKeyFile } from '../../../client/src/appliance/simulator/keys';
import { loadPreset } from '../../../client/src/appliance/simulator/presets';
import { startSimulator, type RunningSimulator } from '../../../client/src/appliance/simulator/server';
import { APPLIANCE_COMMANDS as C, APPLIANCES_TEST_API_COMMAND } from '../../../client/src/extension/appliances/commandList';
import type { AppliancesApi } from '../../../client/src/extension/appliances';
import type { Appliance } from '../../../client/src/extension/appliances/model';
import { button, captureLog, Dialogs, pick, resultOf } from './appliancesSupport';

const EXTENSION = 'asyncos-pvo.asyncos-pvo';
const TRUST_MESSAGE = 'Connecting to appliances needs a trusted workspace.';
const LIVE = Object.values(C).filter((c) => 'live' in c && c.live);

const settings = () => vscode.workspace.getConfiguration().inspect('asyncosPvo.appliances')?.globalValue as { label: string; target: string }[] | undefined;
const setting = (key: string, value: unknown) => vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);

async function nodeOf(api: AppliancesApi, label: string) {
  for (const group of await api.tree.getChildren()) {
    const found = (await api.tree.getChildren(group)).find((n) => n.label === label);
    if (found) return { group, node: found };
  }
  return undefined;
}

const byLabel = (api: AppliancesApi, label: string): Appliance => {
  const a = api.service.appliances.find((x) => x.label === label);
  assert.ok(a, `${label} is in the view`);
  return a;
};

describe('Appliances view: trust, accounts and the log', function () {
  this.timeout(120_000);
  let api: AppliancesApi;
  const dialogs = new Dialogs();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pvo-accounts-'));
  const sims: RunningSimulator[] = [];
  let sma: RunningSimulator;
  let adminPassword: string;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION);
    assert.ok(extension);
    await extension.activate();
    api = await vscode.commands.executeCommand<AppliancesApi>(APPLIANCES_TEST_API_COMMAND);
    await setting('asyncosPvo.appliances', undefined);
    sma = await startSimulator({ scenario: 'healthy', dataDir: path.join(scratch, 'sim'), appliances: ['sma'] });
    sims.push(sma);
    adminPassword = sma.users.find((u) => u.name === 'admin')!.password;
  });

  afterEach(() => dialogs.restore());

  after(async () => {
    dialogs.restore();
    await setting('asyncosPvo.appliances', undefined);
    await setting('asyncosPvo.sshConfigFile', undefined);
    for (const s of sims) await s.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  describe('untrusted workspace', () => {
    it('the manifest disables every live command and hides it from every menu there, and says why', () => {
      const manifest = vscode.extensions.getExtension(EXTENSION)!.packageJSON;
      assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
      // The host hands the manifest over localised: the description is the user-facing sentence.
      assert.match(manifest.capabilities.untrustedWorkspaces.description, /Connecting to appliances needs a trusted workspace/);
      const menus = Object.values(manifest.contributes.menus as Record<string, { command: string; when?: string }[]>).flat();
      for (const c of LIVE) {
        const command = (manifest.contributes.commands as { command: string; enablement?: string }[]).find((x) => x.command === c.id);
        assert.equal(command?.enablement, 'isWorkspaceTrusted', c.id);
        const entries = menus.filter((m) => m.command === c.id && m.when !== 'false');
        assert.ok(entries.length > 0, `${c.id} is in a menu`);
        for (const m of entries) assert.match(m.when ?? '', /\bisWorkspaceTrusted\b/, `${c.id}: ${m.when}`);
      }
      const untrusted = (manifest.contributes.viewsWelcome as { when: string; contents: string }[]).find((w) => w.when === '!isWorkspaceTrusted');
      assert.ok(untrusted && !untrusted.contents.startsWith('%'), 'the empty view explains it in untrusted workspaces');
      for (const c of LIVE) assert.ok(!untrusted.contents.includes(`command:${c.id}`), `no ${c.id} link there`);
    });

    it('every live command refuses with a clear message and opens no connection; the registered commands follow VS Code’s trust', async () => {
      assert.equal(vscode.workspace.isTrusted, true, 'the test window is trusted');
      assert.equal(api.commands.services.isTrusted, undefined, 'the registered commands ask VS Code, not a test override');
      assert.equal(api.view.message, undefined, 'no trust message in a trusted workspace');
      const target = `admin@127.0.0.1:${sma.appliances[0].port}`;
      await setting('asyncosPvo.appliances', [{ label: 'untrusted SMA', target, auth: 'password', group: 'Untrusted' }]);
      const a = byLabel(api, 'untrusted SMA');
      await api.service.credentials.store(a.id, 'password', adminPassword);
      dialogs.answer('showWarningMessage', () => undefined);
      dialogs.answer('showInputBox', () => assert.fail('nothing is asked in an untrusted workspace'));
      dialogs.answer('showQuickPick', () => assert.fail('nothing is asked in an untrusted workspace'));
      const untrusted = { ...api.commands.services, isTrusted: () => false };
      const sessions = sma.sessions();
      const log = captureLog(api);
      try {
        for (const c of LIVE) {
          const result = await api.commands.handlers[c.id](untrusted, a.id);
          assert.equal(result, undefined, `${c.id} did nothing`);
        }
      } finally {
        log.stop();
      }
      assert.deepEqual(
        dialogs.asked.map((q) => q.message),
        LIVE.map(() => TRUST_MESSAGE),
        'one warning per command, each saying why',
      );
      assert.equal(sma.sessions(), sessions, 'no SSH session was opened');
      assert.equal(api.service.state(a.id).phase, 'idle');
      assert.equal(api.service.state(a.id).results.size, 0);
      assert.equal(api.simulator.running, undefined, 'the simulator did not start');
      assert.deepEqual(log.lines.filter((l) => l.includes(a.id)), [], 'nothing was sent to it');
      await api.service.credentials.forget(a.id);
      await setting('asyncosPvo.appliances', undefined);
    });
  });

  describe('Import, Edit and Remove', () => {
    let sshConfig: string;

    before(async () => {
      sshConfig = path.join(scratch, 'ssh_config');
      fs.writeFileSync(
        sshConfig,
        [
          'Host lab-sma',
          '  HostName 127.0.0.1',
          `  Port ${sma.appliances[0].port}`,
          '  User admin',
          'Host lab-esa',
          '  HostName 127.0.0.1',
          '  Port 2',
          '  IdentityFile ~/.ssh/lab_esa_ed25519',
          'Host *.example.com bastion-? !private',
          '  User nobody',
          'Host esa-a esa-b "two words"',
          '  HostName 127.0.0.1',
          '',
        ].join('\n'),
      );
      await setting('asyncosPvo.sshConfigFile', sshConfig);
    });

    it('Import offers the Host entries of the configured ssh_config file (no wildcards) and adds the picked ones, resolved through it', async () => {
      dialogs.answer('showQuickPick', pick(/^lab-/, true));
      const imported = await vscode.commands.executeCommand<string[]>(C.importSshConfig.id);
      assert.deepEqual(imported, ['lab-sma', 'lab-esa']);
      const offered = (JSON.parse(dialogs.asked[0].message) as { label: string }[]).map((i) => i.label);
      assert.deepEqual(offered, ['lab-sma', 'lab-esa', 'esa-a', 'esa-b'], 'every alias of a Host line; patterns, negations and names with spaces are not hosts');
      assert.deepEqual(settings(), [
        { label: 'lab-sma', target: 'lab-sma', auth: 'password' },
        { label: 'lab-esa', target: 'lab-esa', auth: 'key' },
      ]);
      const labSma = byLabel(api, 'lab-sma');
      assert.deepEqual([labSma.target.user, labSma.target.host, labSma.target.port], ['admin', '127.0.0.1', sma.appliances[0].port]);
      const shown = await nodeOf(api, 'lab-sma');
      assert.ok(shown, 'lab-sma is in the tree');
      assert.match(String(shown.node.contextValue), /^appliance settings idle\b/);
      assert.ok((await nodeOf(api, 'lab-esa')) !== undefined);
      // Its IdentityFile comes from the same file, so the key is used as `ssh lab-esa` would.
      assert.match(byLabel(api, 'lab-esa').target.identityFiles[0] ?? '', /[/\\]\.ssh[/\\]lab_esa_ed25519$/);
    });

    it('an imported alias connects with the password asked once and kept in the secret storage', async () => {
      const labSma = byLabel(api, 'lab-sma');
      dialogs.answer('showInputBox', () => adminPassword);
      dialogs.answer('showWarningMessage', button(/Accept Once/));
      await vscode.commands.executeCommand(C.connect.id, labSma.id);
      assert.equal(resultOf(api, labSma, 'ssh-reachable').verdict, 'ok');
      const asked = dialogs.asked.filter((q) => q.fn === 'showInputBox');
      assert.equal(asked.length, 1);
      assert.equal((asked[0].options as vscode.InputBoxOptions).password, true);
      assert.equal(await api.service.credentials.get(labSma.id, 'password'), adminPassword);
      assert.ok(!JSON.stringify(settings()).includes(adminPassword));
    });

    it('Run Checks logs each command sent with its duration, and never the password', async () => {
      const labSma = byLabel(api, 'lab-sma');
      dialogs.answer('showWarningMessage', button(/Accept Once/));
      dialogs.answer('showInputBox', () => assert.fail('the password comes from the secret storage'));
      const log = captureLog(api);
      try {
        await vscode.commands.executeCommand(C.runChecks.id, labSma.id);
      } finally {
        log.stop();
      }
      const timed = log.lines.flatMap((l) => {
        const m = /^(\S+) \$ (.+) \((\d+) ms(, failed)?\)$/.exec(l);
        return m ? [{ appliance: m[1], command: m[2], ms: Number(m[3]) }] : [];
      });
      const commands = timed.map((t) => t.command);
      for (const c of ['whoami', 'status', 'showconfig', 'sslconfig', 'version']) assert.ok(commands.includes(c), `${c} is logged: ${commands.join(', ')}`);
      assert.ok(timed.every((t) => t.appliance === labSma.id), 'each line names the appliance');
      // Every command a check reports it ran appears in the log.
      const ran = [...api.service.state(labSma.id).results.values()].flatMap((r) => (r === 'running' || r.verdict === 'unknown' ? [] : r.commands));
      for (const c of ran.filter((r) => ['whoami', 'status', 'showconfig', 'sslconfig', 'tlsverify'].includes(r))) assert.ok(commands.includes(c), c);
      assert.ok(log.lines.length > timed.length, 'the results are logged too');
      assert.ok(!log.lines.some((l) => l.includes(adminPassword)), 'no password in the log');
    });

    it('Edit Appliance changes the name, kind and group in the settings and keeps the saved password', async () => {
      const labSma = byLabel(api, 'lab-sma');
      const inputs = ['lab-sma', 'Lab SMA', 'Lab pair'];
      dialogs.answer('showInputBox', () => inputs.shift());
      dialogs.answer('showQuickPick', pick(/^(SMA|Password)$/));
      const shown = await nodeOf(api, 'lab-sma');
      await vscode.commands.executeCommand(C.edit.id, shown!.node);
      assert.equal(inputs.length, 0, 'target, name and group were asked');
      assert.equal((dialogs.asked[0].options as vscode.InputBoxOptions).value, 'lab-sma', 'the wizard starts from the current values');
      assert.deepEqual(settings(), [
        { label: 'Lab SMA', target: 'lab-sma', auth: 'password', kind: 'sma', group: 'Lab pair' },
        { label: 'lab-esa', target: 'lab-esa', auth: 'key' },
      ]);
      const edited = await nodeOf(api, 'Lab SMA');
      assert.ok(edited, 'the tree shows the new name');
      assert.equal(edited.group.label, 'Lab pair');
      assert.match(String(edited.node.contextValue), /\bsma\b/);
      assert.equal(byLabel(api, 'Lab SMA').id, labSma.id);
      assert.equal(await api.service.credentials.get(labSma.id, 'password'), adminPassword);
    });

    it('Remove Appliance asks first; confirming removes it from the settings and the view and deletes its password', async () => {
      const labSma = byLabel(api, 'Lab SMA');
      const { node } = (await nodeOf(api, 'Lab SMA'))!;
      dialogs.answer('showWarningMessage', () => undefined);
      await vscode.commands.executeCommand(C.remove.id, node);
      assert.match(dialogs.asked[0].message, /Remove Lab SMA from the Appliances view\?/);
      assert.equal((dialogs.asked[0].options as vscode.MessageOptions).modal, true);
      assert.equal(settings()?.length, 2, 'cancelling keeps it');
      dialogs.restore();
      dialogs.answer('showWarningMessage', button(/^Remove$/));
      await vscode.commands.executeCommand(C.remove.id, node);
      assert.deepEqual(settings(), [{ label: 'lab-esa', target: 'lab-esa', auth: 'key' }]);
      assert.equal(await nodeOf(api, 'Lab SMA'), undefined);
      assert.equal(await api.service.credentials.get(labSma.id, 'password'), undefined, 'the password is gone');
      await setting('asyncosPvo.appliances', undefined);
    });
  });

  describe('private key with a passphrase', () => {
    const passphrase = 'lab-key-phrase-7';
    let keyPath: string;
    let esa: RunningSimulator;

    before(async () => {
      keyPath = path.join(scratch, 'id_ed25519');
      await generateKeyFile(keyPath, 'ed25519', passphrase);
      const scenario = loadPreset('healthy');
      scenario.users.push({ name: 'keyuser', password: 'not-used-4', role: 'admin', fullName: 'Key User', authorizedKeys: [fs.readFileSync(`${keyPath}.pub`, 'utf8').trim()], methods: ['publickey'] });
      esa = await startSimulator({ scenario, dataDir: path.join(scratch, 'sim'), appliances: ['esa'] });
      sims.push(esa);
      await setting('asyncosPvo.appliances', [{ label: 'key ESA', target: `keyuser@127.0.0.1:${esa.appliances[0].port}`, group: 'Keys', kind: 'esa', auth: 'key', identityFile: keyPath }]);
    });

    it('Connect asks for the passphrase (again after a wrong one, which is never kept), logs in with the key, and keeps it only in the secret storage', async () => {
      const a = byLabel(api, 'key ESA');
      const typed = ['wrong-phrase', passphrase];
      dialogs.answer('showInputBox', () => typed.shift());
      dialogs.answer('showWarningMessage', button(/Accept Once/));
      const log = captureLog(api);
      try {
        await vscode.commands.executeCommand(C.connect.id, a.id);
      } finally {
        log.stop();
      }
      const ssh = resultOf(api, a, 'ssh-reachable');
      assert.equal(ssh.verdict, 'ok', ssh.summary);
      assert.match(ssh.summary, /keyuser/);
      const asked = dialogs.asked.filter((q) => q.fn === 'showInputBox').map((q) => q.options as vscode.InputBoxOptions);
      assert.equal(asked.length, 2, 'asked again after the wrong passphrase');
      assert.ok(asked.every((box) => box.password === true), 'typed hidden');
      assert.match(String(asked[0].title), /Passphrase of .*id_ed25519/);
      assert.match(String(asked[1].prompt), /does not decrypt the key/);
      assert.equal(await api.service.credentials.get(a.id, 'passphrase'), passphrase);
      assert.equal(await api.service.credentials.get(a.id, 'password'), undefined);
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration().inspect('asyncosPvo.appliances')).includes(passphrase), 'not in the settings');
      assert.ok(!log.lines.some((l) => l.includes(passphrase) || l.includes('wrong-phrase')), 'not in the log');
    });

    it('the next run takes the passphrase from the secret storage and asks nothing', async () => {
      const a = byLabel(api, 'key ESA');
      dialogs.answer('showInputBox', () => assert.fail('the passphrase is remembered'));
      dialogs.answer('showWarningMessage', button(/Accept Once/));
      const outcome = await vscode.commands.executeCommand<{ cancelled: boolean }>(C.runChecks.id, a.id);
      assert.equal(outcome.cancelled, false);
      assert.equal(resultOf(api, a, 'ssh-reachable').verdict, 'ok');
      assert.equal(resultOf(api, a, 'account-role').verdict, 'ok');
    });

    it('Remove also deletes the saved passphrase', async () => {
      const a = byLabel(api, 'key ESA');
      dialogs.answer('showWarningMessage', button(/^Remove$/));
      await vscode.commands.executeCommand(C.remove.id, a.id);
      assert.deepEqual(settings(), []);
      assert.equal(await api.service.credentials.get(a.id, 'passphrase'), undefined);
    });
  });
});
