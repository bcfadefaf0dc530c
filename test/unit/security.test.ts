/**
 * The security properties of issue 10, one test each, through the code paths users take: the SSH
 * layer and the probe, the `probe` command in-process, and the manifest VS Code enforces.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ClientChannel } from 'ssh2';
import { coreProbeSettings } from '../../client/src/appliance/coreBridge';
import { ApplianceFacts } from '../../client/src/appliance/checks/facts';
import { probeAppliances, resumeAppliance } from '../../client/src/appliance/probe';
import { generateKeyFile } from '../../client/src/appliance/simulator/keys';
import { loadPreset, PRESET_IDS } from '../../client/src/appliance/simulator/presets';
import { startSimulator } from '../../client/src/appliance/simulator/server';
import { AsyncOsSession } from '../../client/src/appliance/ssh/cliSession';
import { ApplianceConnection, SshError } from '../../client/src/appliance/ssh/connection';
import { HostKeyStore } from '../../client/src/appliance/ssh/hostKeys';
import { parseTargetSpec, resolveTarget } from '../../client/src/appliance/ssh/target';
import { runCli } from '../../server/src/cli/main';
import { capturedIo } from '../support/cli';
import { connectOutcome, ipv6LoopbackMissing, nonLoopbackAddresses } from '../support/net';
import { passwordOf, probeSimulator, SHARED_DATA_DIR, simulator, targetOf, tempDir } from './appliance.support';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/**
 * Records every byte the client sends to an appliance's CLI (exec command lines and what is
 * typed into shells), and every connection attempt, for the duration of `fn`.
 */
async function recordingSent<T>(fn: (sent: { lines: () => string[]; raw: string[]; opens: number }) => Promise<T>): Promise<T> {
  const proto = ApplianceConnection.prototype;
  const exec = proto.exec;
  const shell = proto.shell;
  const open = ApplianceConnection.open;
  const sent = { raw: [] as string[], opens: 0, lines: () => sent.raw.join('').split('\n') };
  proto.exec = function (this: ApplianceConnection, command, ...rest) {
    sent.raw.push(`${command}\n`);
    return exec.call(this, command, ...rest);
  };
  proto.shell = async function (this: ApplianceConnection, ...args) {
    const channel: ClientChannel = await shell.apply(this, args);
    const write = channel.write.bind(channel);
    channel.write = ((chunk: string | Buffer, ...more: unknown[]) => {
      sent.raw.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...more);
    }) as ClientChannel['write'];
    return channel;
  };
  ApplianceConnection.open = (options) => {
    sent.opens++;
    return open.call(ApplianceConnection, options);
  };
  try {
    return await fn(sent);
  } finally {
    proto.exec = exec;
    proto.shell = shell;
    ApplianceConnection.open = open;
  }
}

test('security: a changed host key is always refused (connection, probe and CLI, even with --accept-new-host-key)', async () => {
  const dir = tempDir();
  const first = await simulator('healthy', undefined, path.join(dir, 'one'));
  const { host, port } = first.appliances[0];
  const env = { HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), PVO_PW: passwordOf(first) };
  const target = `admin@${host}:${port}`;
  const remembered = capturedIo({ env });
  await runCli(['probe', '--accept-new-host-key', '--password-env', 'PVO_PW', '--format', 'json', target], remembered.io);
  const storePath = path.join(dir, 'data', 'asyncos-pvo', 'known_hosts');
  const stored = readFileSync(storePath, 'utf8');
  assert.ok(stored.length > 0, remembered.err());
  await first.close();
  const second = await startSimulator({ scenario: 'healthy', dataDir: path.join(dir, 'two'), basePort: port });
  try {
    assert.notEqual(second.fingerprint, first.fingerprint);
    const store = new HostKeyStore(storePath);
    await assert.rejects(
      ApplianceConnection.open({ host, port, username: 'admin', password: passwordOf(second), agent: false, hostKeyStore: store, onUnknownHostKey: () => true }),
      (e: SshError) => e.code === 'host-key-changed',
    );
    const report = await probeSimulator(second, [second.appliances[0].id], { hostKeyStore: store, onUnknownHostKey: () => true });
    assert.match(report.appliances[0].checks[0].summary, /HOST KEY CHANGED/);
    const cli = capturedIo({ env });
    assert.equal(await runCli(['probe', '--accept-new-host-key', '--password-env', 'PVO_PW', target], cli.io), 1);
    assert.match(cli.out(), /HOST KEY CHANGED/);
    assert.doesNotMatch(cli.err(), /Accepting new host key/);
    assert.equal(readFileSync(storePath, 'utf8'), stored, 'the store still holds only the old key');
    assert.equal(second.sessions(), 0, 'no session was opened behind a changed key');
  } finally {
    await second.close();
  }
});

test('security: no secret (password, passphrase, private key) appears in settings, logs, reports, error messages or the CLI arguments', async () => {
  // Settings: the appliance entries cannot even hold a secret.
  const item = manifest.contributes.configuration.properties['asyncosPvo.appliances'].items;
  assert.equal(item.additionalProperties, false);
  assert.deepEqual(Object.keys(item.properties).filter((k) => /pass|secret|pw|token|privatekey/i.test(k)), []);
  for (const [key] of Object.entries(manifest.contributes.configuration.properties as Record<string, unknown>)) {
    assert.doesNotMatch(key, /password|passphrase|secret/i, `setting ${key}`);
  }

  // The CLI's arguments: no option takes a secret; one given anyway is not echoed.
  const secret = 'S3cr3t-Never-Shown-77';
  const usage = capturedIo({ env: { HOME: tempDir() } });
  assert.equal(await runCli(['probe', '--password', secret, 'admin@127.0.0.1'], usage.io), 2);
  assert.ok(!usage.err().includes(secret) && !usage.out().includes(secret));
  assert.equal(await runCli(['probe', '--passphrase', secret, 'admin@127.0.0.1'], usage.io), 2);
  assert.ok(!usage.err().includes(secret));

  const sim = await simulator('healthy');
  try {
    const a = sim.appliances[0];
    // Error messages: a wrong password and a key that is not authorised.
    await assert.rejects(
      ApplianceConnection.open({ host: a.host, port: a.port, username: 'admin', password: secret, agent: false, onUnknownHostKey: () => true }),
      (e: Error) => e instanceof SshError && e.code === 'auth' && !e.message.includes(secret),
    );
    const keyDir = tempDir();
    await generateKeyFile(path.join(keyDir, 'id'), 'ed25519');
    const keyText = readFileSync(path.join(keyDir, 'id'), 'utf8');
    const keyPieces = keyText.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    const quoted = (text: string) => text.includes(secret) || keyPieces.some((p) => text.includes(p));

    // Reports and logs: the CLI's text and JSON, the probe's command log, with a wrong and a right password.
    const env = { HOME: tempDir(), PVO_PW: secret, GOOD_PW: passwordOf(sim) };
    const targets = sim.appliances.map((x) => `admin@${x.host}:${x.port}`);
    for (const args of [
      ['--format', 'json', '--password-env', 'PVO_PW'],
      ['--password-env', 'PVO_PW', '--identity', path.join(keyDir, 'id')],
      ['--format', 'json', '--password-env', 'GOOD_PW'],
    ]) {
      const run = capturedIo({ env });
      await runCli(['probe', '--accept-new-host-key', ...args, ...targets], run.io);
      assert.ok(!quoted(run.out()) && !quoted(run.err()), `probe ${args.join(' ')}`);
      assert.ok(!run.out().includes(passwordOf(sim)), 'nor the right password');
    }
    const log: string[] = [];
    const report = await probeAppliances(
      [{ target: targetOf(sim, a.id), auth: { password: secret, privateKeys: [{ label: 'id', data: Buffer.from(keyText) }], agent: false } }],
      { settings: coreProbeSettings(), onUnknownHostKey: () => true, commandTimeoutMs: 5000, onCommand: (_t, command) => log.push(command) },
    );
    assert.ok(!quoted(JSON.stringify(report)) && !quoted(log.join('\n')));
  } finally {
    await sim.close();
  }
});

const WRITE_COMMANDS = /^\s*(resume|resumelistener|suspend|suspendlistener|commit|clearchanges|saveconfig|loadconfig|mailconfig|reboot|shutdown|revert|resetconfig|upgrade|userconfig\s+\S|new|edit|delete|setup|add|remove)\b/i;

test('security: nothing that writes (resume, commit, any config change) is sent without explicit confirmation', async () => {
  // Every check on every scenario: only reading commands and their read-only answers reach the appliances.
  for (const preset of PRESET_IDS) {
    const sim = await simulator(preset);
    try {
      await recordingSent(async (sent) => {
        await probeSimulator(sim);
        assert.ok(sent.lines().includes('sslconfig'), `${preset}: the recording sees the commands`);
        const writes = sent.lines().filter((l) => WRITE_COMMANDS.test(l));
        assert.deepEqual(writes, [], `${preset}: sent ${JSON.stringify(writes)}`);
      });
    } finally {
      await sim.close();
    }
  }
  // resume, the one write, goes out only after a yes.
  const sim = await simulator('sma-offline');
  try {
    const a = sim.appliances.find((x) => x.id === 'sma')!;
    const conn = await ApplianceConnection.open({ host: a.host, port: a.port, username: 'admin', password: passwordOf(sim), agent: false, onUnknownHostKey: () => true });
    const session = new AsyncOsSession(conn);
    await recordingSent(async (sent) => {
      let asked = 0;
      assert.deepEqual(await resumeAppliance(session, async () => (asked++, false)), { resumed: false, output: '' });
      assert.equal(asked, 1);
      assert.deepEqual(sent.raw, [], 'nothing sent when the answer is no');
      assert.match(await session.exec('status'), /System status:\s+Offline/);
      assert.equal((await resumeAppliance(session, async () => true)).resumed, true);
      assert.ok(sent.lines().includes('resume'));
    });
    session.close();
  } finally {
    await sim.close();
  }
});

test('security: values from files, settings or the command line never reach an appliance command line unvalidated', async () => {
  const hostile = ['x; reboot', 'x;reboot', 'x\nreboot', 'x\rreboot', '`reboot`', '$(reboot)', 'x|reboot', 'x&&reboot', "x'reboot", 'x reboot', '::1;reboot', '10.0.0.1\nreboot'];
  // Targets typed by a user or kept in settings, and HostName from an ssh_config file.
  for (const h of hostile) {
    assert.throws(() => parseTargetSpec(`admin@${h}`), /not a host name|expected user@host/, JSON.stringify(h));
    assert.throws(() => resolveTarget(`admin@${h}`, { sshConfigPath: false }), /not a host name|expected user@host/);
  }
  assert.throws(() => parseTargetSpec('ad\nmin@esa1'), /user name/);
  for (const h of ['esa1.example.com', '10.0.0.1', '::1', 'esa_1']) assert.equal(parseTargetSpec(`admin@${h}`).host, h);
  assert.throws(() => resolveTarget('esa-lab', { sshConfigText: 'Host esa-lab\n  HostName 10.0.0.1;reboot\n', home: tempDir() }), /HostName for esa-lab in ssh_config: .* is not a host name/);

  await recordingSent(async (sent) => {
    // The CLI: a hostile target or --sma is a usage error before any connection.
    for (const args of [['admin@x;reboot'], ['admin@x\nreboot'], ['--sma', '10.0.0.1;reboot', 'admin@127.0.0.1:1'], ['--sma', '`reboot`', 'admin@127.0.0.1:1']]) {
      const run = capturedIo({ env: { HOME: tempDir(), PW: 'x' } });
      assert.equal(await runCli(['probe', '--password-env', 'PW', ...args], run.io), 2, run.err());
      assert.match(run.err(), /not a host name|expected user@host/);
    }
    assert.equal(sent.opens, 0, 'no connection attempted');
  });

  const sim = await simulator('healthy');
  try {
    await recordingSent(async (sent) => {
      // A peer address from settings or a configuration file, on its way into telnet and tlsverify.
      const report = await probeAppliances(
        [{ target: targetOf(sim, 'esa'), auth: { password: passwordOf(sim), agent: false } }],
        { settings: coreProbeSettings(['10.0.0.1;reboot', 'x\nreboot']), onUnknownHostKey: () => true, commandTimeoutMs: 5000 },
      );
      for (const id of ['peer-port-reachable', 'tls-to-peer']) {
        const c = report.appliances[0].checks.find((x) => x.id === id)!;
        assert.equal(c.verdict, 'error', `${id}: ${c.summary}`);
        assert.match(c.summary, /is not a host name or address/);
        assert.doesNotMatch(c.summary, /internal error/);
      }
      assert.ok(!sent.raw.join('').includes('reboot'), 'the hostile value never left the client');

    });
  } finally {
    await sim.close();
  }

  // A peer address read from the appliance's own configuration (the cpq_listener HAT).
  const scenario = loadPreset('healthy');
  const esa = scenario.appliances.find((x) => x.kind === 'esa')!;
  esa.listeners = esa.listeners.map((l) => (l.name === 'cpq_listener' ? { ...l, relayHosts: ['fd00::7`reboot`'] } : l));
  const hostileSim = await startSimulator({ scenario, dataDir: SHARED_DATA_DIR });
  try {
    await recordingSent(async (sent) => {
      const report = await probeSimulator(hostileSim, [hostileSim.appliances.find((x) => x.kind === 'esa')!.id]);
      const c = report.appliances[0].checks.find((x) => x.id === 'peer-port-reachable')!;
      assert.equal(c.verdict, 'error', c.summary);
      assert.match(c.summary, /is not a host name or address/);
      assert.ok(!sent.raw.join('').includes('reboot'), 'the hostile value never left the client');
    });
  } finally {
    await hostileSim.close();
  }

  const sim2 = await simulator('healthy');
  try {
    await recordingSent(async (sent) => {
      const sim = sim2;
      // The last gate: no command or answer with a newline or control character is written.
      const a = sim.appliances.find((x) => x.id === 'esa')!;
      const conn = await ApplianceConnection.open({ host: a.host, port: a.port, username: 'admin', password: passwordOf(sim), agent: false, onUnknownHostKey: () => true });
      const session = new AsyncOsSession(conn, { commandTimeoutMs: 5000 });
      const before = sent.raw.length;
      await assert.rejects(session.exec('status\nreboot'), /refusing to send the command/);
      await assert.rejects(session.dialog('status\rreboot'), /refusing to send the command/);
      await assert.rejects(session.dialog('telnet', { answers: ['1', 'x\nreboot'] }), /refusing to send the answer/);
      const facts = new ApplianceFacts(session, 5000);
      await assert.rejects(facts.telnet('Auto', 'x; reboot', 7025), /peer address for telnet: .* is not a host name/);
      await assert.rejects(facts.tlsverify('the.cpq.host', '`reboot`', 7025), /peer address for tlsverify/);
      assert.ok(!sent.raw.slice(before).join('').includes('reboot'));
      // The session still works after a refusal.
      assert.match(await session.exec('status'), /System status/);
      session.close();
    });
  } finally {
    await sim2.close();
  }
});

test('security: in an untrusted workspace, workspace settings cannot add appliances, connect or run anything', () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  // Application-scoped settings are read from user settings only: a workspace's .vscode/settings.json is ignored.
  const props = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
  for (const key of ['asyncosPvo.appliances', 'asyncosPvo.sshConfigFile', 'asyncosPvo.simulator.basePort', 'asyncosPvo.simulator.autoStart']) {
    assert.equal(props[key]?.scope, 'application', `${key} scope`);
  }
  for (const [key, p] of Object.entries(props)) {
    if (/appliance|ssh|simulator|host|connect/i.test(key)) assert.equal(p.scope, 'application', `${key} scope`);
  }
  // Every live command needs trust to be enabled or shown (appliances.manifest.test.ts checks every menu).
  const commands = manifest.contributes.commands as { command: string; enablement?: string }[];
  const live = ['connect', 'runChecks', 'runAllChecks', 'rerunCheck', 'resume', 'fetchRunningConfig', 'openMailLog', 'startSimulator'];
  for (const name of live) {
    const c = commands.find((x) => x.command === `asyncosPvo.appliances.${name}`);
    assert.ok(c, name);
    assert.match(c.enablement ?? '', /\bisWorkspaceTrusted\b/, `${c.command} enablement`);
  }
  // The simulator's auto-start is a setting too: it must wait for trust.
  const index = readFileSync(path.join(ROOT, 'client', 'src', 'extension', 'appliances', 'index.ts'), 'utf8');
  assert.match(index, /vscode\.workspace\.isTrusted\s*&&[^\n]*autoStart/);
});

test('security: the simulator listens on loopback only', async () => {
  for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.10', 'example.com']) {
    await assert.rejects(startSimulator({ scenario: loadPreset('healthy'), dataDir: SHARED_DATA_DIR, host }), /only listens on loopback/, host);
  }
  const sim = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR });
  try {
    assert.ok(sim.appliances.every((a) => a.host === '127.0.0.1'), 'loopback by default');
    // From another address of this machine the port is closed.
    for (const address of nonLoopbackAddresses()) assert.notEqual(await connectOutcome(sim.appliances[0].port, address), 'connected', `reachable on ${address}`);
  } finally {
    await sim.close();
  }
});

test('security: the simulator on IPv6 loopback (::1) is reachable there only, not on the machine\'s other addresses', async (t) => {
  const missing = await ipv6LoopbackMissing();
  if (missing) return t.skip(missing);
  const sim = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR, host: '::1' });
  try {
    assert.ok(sim.appliances.every((a) => a.host === '::1'));
    for (const { port } of sim.appliances) {
      assert.equal(await connectOutcome(port, '::1'), 'connected');
      for (const address of ['127.0.0.1', ...nonLoopbackAddresses()]) assert.notEqual(await connectOutcome(port, address), 'connected', `reachable on ${address}`);
    }
  } finally {
    await sim.close();
  }
});
