import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { generateKeyFile } from '../../client/src/appliance/simulator/keys';
import { loadPreset } from '../../client/src/appliance/simulator/presets';
import { startSimulator, type RunningSimulator } from '../../client/src/appliance/simulator/server';
import { AsyncOsSession } from '../../client/src/appliance/ssh/cliSession';
import { ApplianceConnection, SshError } from '../../client/src/appliance/ssh/connection';
import { parseTargetSpec, resolveTarget, type ApplianceTarget } from '../../client/src/appliance/ssh/target';
import { ipv6LoopbackMissing } from '../support/net';
import { SHARED_DATA_DIR, tempDir } from './appliance.support';

test('targets: user@host:port, [v6]:port, bare host, and errors', () => {
  assert.deepEqual(parseTargetSpec('admin@10.0.0.1:2222'), { user: 'admin', host: '10.0.0.1', port: 2222 });
  assert.deepEqual(parseTargetSpec('admin@[::1]:2200'), { user: 'admin', host: '::1', port: 2200 });
  assert.deepEqual(parseTargetSpec('esa1'), { user: undefined, host: 'esa1', port: undefined });
  assert.throws(() => parseTargetSpec('admin@host:99999'), /port out of range/);
  assert.throws(() => parseTargetSpec('admin@a b'), /expected user@host/);
});

test('~/.ssh/config gives HostName, Port, User, IdentityFile, ProxyJump and UserKnownHostsFile', () => {
  const text = [
    'Host esa-lab',
    '  HostName 127.0.0.1',
    '  Port 2022',
    '  User pvoadmin',
    '  IdentityFile ~/.ssh/esa_ed25519',
    '  ProxyJump jump@bastion:22',
    '  UserKnownHostsFile ~/.ssh/lab_known_hosts',
    'Host *',
    '  User fallback',
  ].join('\n');
  const t = resolveTarget('esa-lab', { sshConfigText: text, home: '/home/u' });
  assert.deepEqual(
    { host: t.host, port: t.port, user: t.user, id: t.identityFiles, jump: t.proxyJump, kh: t.knownHostsFiles },
    { host: '127.0.0.1', port: 2022, user: 'pvoadmin', id: ['/home/u/.ssh/esa_ed25519'], jump: 'jump@bastion:22', kh: ['/home/u/.ssh/lab_known_hosts'] },
  );
  const explicit = resolveTarget('admin@esa-lab:2300', { sshConfigText: text, home: '/home/u' });
  assert.deepEqual([explicit.user, explicit.port], ['admin', 2300]);
  assert.equal(resolveTarget('other', { sshConfigText: text, home: '/home/u' }).user, 'fallback');
});

test('key file with a passphrase, and keyboard-interactive, both log in', async () => {
  const dir = tempDir();
  const keyPath = path.join(dir, 'id_ed25519');
  await generateKeyFile(keyPath, 'ed25519', 'key-pass-phrase');
  const scenario = loadPreset('healthy');
  scenario.users.push({ name: 'keyuser', password: 'unused-9', role: 'admin', fullName: 'Key User', authorizedKeys: [readFileSync(`${keyPath}.pub`, 'utf8').trim()], methods: ['publickey'] });
  scenario.users.push({ name: 'kbd', password: 'kbd-pass-3', role: 'admin', fullName: 'Kbd User', methods: ['keyboard-interactive'] });
  const sim = await startSimulator({ scenario, dataDir: SHARED_DATA_DIR, appliances: ['esa'] });
  const { host, port } = sim.appliances[0];
  try {
    const keyConn = await ApplianceConnection.open({
      host, port, username: 'keyuser', agent: false, onUnknownHostKey: () => true,
      privateKeys: [{ label: keyPath, data: readFileSync(keyPath), passphrase: 'key-pass-phrase' }],
    });
    assert.match(await new AsyncOsSession(keyConn).exec('whoami'), /Username: keyuser/);
    keyConn.close();
    const kbd = await ApplianceConnection.open({ host, port, username: 'kbd', password: 'kbd-pass-3', agent: false, onUnknownHostKey: () => true });
    assert.match(await new AsyncOsSession(kbd).exec('whoami'), /Username: kbd/);
    kbd.close();
    await assert.rejects(
      ApplianceConnection.open({ host, port, username: 'keyuser', agent: false, onUnknownHostKey: () => true, privateKeys: [{ label: 'other', data: readFileSync(sim.hostKeyPath) }] }),
      (e: SshError) => e.code === 'auth',
    );
  } finally {
    await sim.close();
  }
});

test('exec and interactive dialogs share one connection and run one at a time', async () => {
  const sim = await startSimulator({ scenario: 'delivery-interface-no-route', dataDir: SHARED_DATA_DIR, appliances: ['esa', 'sma'] });
  try {
    const a = sim.appliances.find((x) => x.id === 'esa')!;
    const session = new AsyncOsSession(await ApplianceConnection.open({ host: a.host, port: a.port, username: 'admin', password: 'ironport', agent: false, onUnknownHostKey: () => true }));
    const [status, delivery, telnet] = await Promise.all([
      session.exec('status'),
      session.dialog('deliveryconfig'),
      session.dialog('telnet', { answers: ['2', '10.172.12.17', '7025'], rules: [{ when: /^220 /m, reply: 'quit' }] }),
    ]);
    assert.match(status, /System status:\s+Online/);
    assert.match(delivery, /Default interface to deliver mail: In/);
    assert.match(telnet, /telnet: connect to address 10\.172\.12\.17: Operation timed out/);
    assert.equal(session.lastPrompt, 'mx.example.com> ');
    session.close();
  } finally {
    await sim.close();
  }
});

test('an appliance on IPv6 loopback is probed as admin@[::1]:port, its host key known as [::1]:port', async (t) => {
  const missing = await ipv6LoopbackMissing();
  if (missing) return t.skip(missing);
  const { probeAppliances } = await import('../../client/src/appliance/probe');
  const { coreProbeSettings } = await import('../../client/src/appliance/coreBridge');
  const { writeFileSync } = await import('node:fs');
  const sim = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR, host: '::1' });
  try {
    const dir = tempDir();
    const [keyType, keyBase64] = readFileSync(`${sim.hostKeyPath}.pub`, 'utf8').split(/\s+/);
    const knownHosts = path.join(dir, 'known_hosts');
    writeFileSync(knownHosts, sim.appliances.map((a) => `[::1]:${a.port} ${keyType} ${keyBase64}\n`).join(''));
    const targets = sim.appliances.map((a) => ({ ...resolveTarget(`admin@[::1]:${a.port}`, { sshConfigText: '', home: dir }), knownHostsFiles: [knownHosts] }));
    const report = await probeAppliances(targets.map((target) => ({ target, auth: { password: 'ironport', agent: false as const } })), { settings: coreProbeSettings() });
    for (const a of report.appliances) {
      assert.deepEqual(a.checks.filter((c) => c.verdict === 'problem' || c.verdict === 'error').map((c) => `${c.id}: ${c.summary}`), [], a.target);
      assert.match(a.checks[0].evidence[0] ?? '', /\(known\)$/, 'host key verified from the [::1]:port entry');
    }
  } finally {
    await sim.close();
  }
});

/** The simulator's SMA as `~/.ssh/config` would name it when it is reached through the ESA as a jump host. */
function smaBehindJumpHost(sim: RunningSimulator): ApplianceTarget {
  const jump = sim.appliances.find((a) => a.id === 'esa')!;
  const sma = sim.appliances.find((a) => a.id === 'sma')!;
  const config = `Host sma-behind-jump\n  HostName 127.0.0.1\n  Port ${sma.port}\n  User admin\n  ProxyJump admin@127.0.0.1:${jump.port}\n`;
  return resolveTarget('sma-behind-jump', { sshConfigText: config, home: tempDir() });
}

test('ProxyJump from ~/.ssh/config: the appliance is reached through a jump host', async () => {
  const { probeAppliances } = await import('../../client/src/appliance/probe');
  const { coreProbeSettings } = await import('../../client/src/appliance/coreBridge');
  const sim = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR });
  try {
    const target = smaBehindJumpHost(sim);
    const jump = sim.appliances.find((a) => a.id === 'esa')!;
    assert.equal(target.proxyJump, `admin@127.0.0.1:${jump.port}`);
    const report = await probeAppliances([{ target, auth: { password: 'ironport', agent: false } }], {
      settings: coreProbeSettings(), onUnknownHostKey: () => true, only: ['account-role', 'system-online'],
    });
    assert.deepEqual(report.appliances[0].checks.map((c) => `${c.id}:${c.verdict}`), ['ssh-reachable:ok', 'account-role:ok', 'system-online:ok']);
    assert.equal(sim.forwards(), 1, 'the connection went through the jump host');
  } finally {
    await sim.close();
  }
});

test('ProxyJump naming an ssh_config alias uses that alias\'s HostName, Port and User, as OpenSSH does', async () => {
  const aliases = 'Host bastion\n  HostName 10.0.0.5\n  Port 2222\n  User ops\nHost edge\n  HostName fe80::1\n';
  const chain = resolveTarget('esa', { sshConfigText: `${aliases}Host esa\n  HostName 10.1.1.1\n  ProxyJump bastion, ssh://root@edge ,ssh://[::1]:2200\n`, home: tempDir() });
  assert.equal(chain.proxyJump, 'ops@10.0.0.5:2222,root@[fe80::1]:22,[::1]:2200');
  assert.throws(() => resolveTarget('esa', { sshConfigText: 'Host esa\n  ProxyJump x;reboot\n', home: tempDir() }), /not a host name/);

  const { probeAppliances } = await import('../../client/src/appliance/probe');
  const { coreProbeSettings } = await import('../../client/src/appliance/coreBridge');
  const sim = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR });
  try {
    const jump = sim.appliances.find((a) => a.id === 'esa')!;
    const sma = sim.appliances.find((a) => a.id === 'sma')!;
    const config = `Host bastion\n  HostName 127.0.0.1\n  Port ${jump.port}\nHost sma\n  HostName 127.0.0.1\n  Port ${sma.port}\n  User admin\n  ProxyJump bastion\n`;
    const target = resolveTarget('sma', { sshConfigText: config, home: tempDir() });
    assert.equal(target.proxyJump, `127.0.0.1:${jump.port}`);
    const report = await probeAppliances([{ target, auth: { password: 'ironport', agent: false } }], {
      settings: coreProbeSettings(), onUnknownHostKey: () => true, only: ['system-online'],
    });
    assert.deepEqual(report.appliances[0].checks.map((c) => `${c.id}:${c.verdict}`), ['ssh-reachable:ok', 'system-online:ok']);
    assert.equal(sim.forwards(), 1, 'the connection went through the alias\'s address and port');
  } finally {
    await sim.close();
  }
});

test('ProxyJump from ~/.ssh/config: fetching the running configuration also goes through the jump host', async () => {
  const { withApplianceSession } = await import('../../client/src/appliance/session');
  const sim = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR });
  try {
    const target = smaBehindJumpHost(sim);
    let connection: ApplianceConnection | undefined;
    const model = await withApplianceSession(target, { password: 'ironport', agent: false }, { onUnknownHostKey: () => true }, async (session) => {
      connection = session.connection;
      return /Model: (.*)/.exec(await session.exec('version'))?.[1];
    });
    assert.equal(sim.forwards(), 1, 'the session went through the jump host');
    assert.match(model ?? '', /^M/, 'the answer came from the SMA behind the jump host');
    assert.equal(connection?.isOpen, false, 'the session is closed afterwards');
  } finally {
    await sim.close();
  }
});

test('ssh-agent: a key held by the agent logs in; an agent without keys fails authentication cleanly', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const run = promisify(execFile);
  const dir = tempDir();
  const keyPath = path.join(dir, 'agent_key');
  await generateKeyFile(keyPath, 'ed25519');
  const sock = path.join(dir, 'agent.sock');
  const started = await run('ssh-agent', ['-a', sock, '-s']);
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(started.stdout)?.[1]);
  const scenario = loadPreset('healthy');
  scenario.users.push({ name: 'agentuser', password: 'unused-8', role: 'admin', fullName: 'Agent User', authorizedKeys: [readFileSync(`${keyPath}.pub`, 'utf8').trim()], methods: ['publickey'] });
  const sim = await startSimulator({ scenario, dataDir: SHARED_DATA_DIR, appliances: ['esa'] });
  const { host, port } = sim.appliances[0];
  try {
    await assert.rejects(
      ApplianceConnection.open({ host, port, username: 'agentuser', agent: sock, onUnknownHostKey: () => true }),
      (e: SshError) => e.code === 'auth',
    );
    await run('ssh-add', [keyPath], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
    const conn = await ApplianceConnection.open({ host, port, username: 'agentuser', agent: sock, onUnknownHostKey: () => true });
    assert.match(await new AsyncOsSession(conn).exec('whoami'), /Username: agentuser/);
    conn.close();
  } finally {
    await sim.close();
    if (pid > 0) process.kill(pid);
  }
});

/**
 * The simulator's SMA behind a chain of two jump hosts: the ESA of `sim`, then the ESA of `second`
 * (a second simulator), as `~/.ssh/config` would name it. `secondUser` logs in on the second hop.
 */
function smaBehindTwoJumpHosts(sim: RunningSimulator, second: RunningSimulator, secondUser = 'admin'): { target: ApplianceTarget; ports: number[] } {
  const [jump1, sma] = ['esa', 'sma'].map((id) => sim.appliances.find((a) => a.id === id)!.port);
  const jump2 = second.appliances[0].port;
  const config = `Host sma-behind-two\n  HostName 127.0.0.1\n  Port ${sma}\n  User admin\n  ProxyJump admin@127.0.0.1:${jump1},${secondUser}@127.0.0.1:${jump2}\n`;
  return { target: resolveTarget('sma-behind-two', { sshConfigText: config, home: tempDir() }), ports: [jump1, jump2, sma] };
}

/** A loopback TCP pass-through to `port` that counts the connections still open through it. */
async function countingPassThrough(port: number): Promise<{ port: number; open: () => number; close: () => void }> {
  const { createServer, connect } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  let open = 0;
  const server = createServer((downstream) => {
    open++;
    const upstream = connect(port, '127.0.0.1');
    for (const s of [downstream, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
    }
    downstream.once('close', () => (open--, upstream.destroy()));
    upstream.once('close', () => downstream.destroy());
    downstream.pipe(upstream).pipe(downstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const close = () => {
    server.close();
    for (const s of sockets) s.destroy();
  };
  return { port: (server.address() as { port: number }).port, open: () => open, close };
}

test('ProxyJump with two jump hosts: each host key is checked in turn, the appliance answers, and every hop closes with it', async () => {
  const { withApplianceSession } = await import('../../client/src/appliance/session');
  const sim = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR });
  const second = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR, appliances: ['esa'] });
  const { target, ports } = smaBehindTwoJumpHosts(sim, second);
  // The first hop is reached through a pass-through that shows when its TCP connection ends.
  const front = await countingPassThrough(ports[0]);
  try {
    const viaFront = { ...target, proxyJump: target.proxyJump!.replace(`:${ports[0]},`, `:${front.port},`) };
    const asked: number[] = [];
    let connection: ApplianceConnection | undefined;
    const model = await withApplianceSession(viaFront, { password: 'ironport', agent: false }, { onUnknownHostKey: (i) => (asked.push(i.port), true) }, async (session) => {
      connection = session.connection;
      assert.equal(front.open(), 1, 'the first jump host is connected while the session runs');
      return /Model: (.*)/.exec(await session.exec('version'))?.[1];
    });
    assert.deepEqual(asked, [front.port, ports[1], ports[2]], 'first jump host, second jump host, then the appliance');
    assert.match(model ?? '', /^M/, 'the answer came from the SMA behind both jump hosts');
    assert.deepEqual([sim.forwards(), second.forwards()], [1, 1], 'each jump host forwarded once');
    assert.equal(connection?.isOpen, false);
    for (let i = 0; i < 100 && front.open() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(front.open(), 0, 'the first jump host closed with the appliance (and the second with it, as it ran inside)');
  } finally {
    front.close();
    await Promise.all([sim.close(), second.close()]);
  }
});

test('ProxyJump with two jump hosts: an unknown host key or a failed login on the second names that jump host', async () => {
  const { probeAppliances } = await import('../../client/src/appliance/probe');
  const { coreProbeSettings } = await import('../../client/src/appliance/coreBridge');
  const { openApplianceSession } = await import('../../client/src/appliance/session');
  const sim = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR });
  const second = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR, appliances: ['esa'] });
  try {
    const { target, ports } = smaBehindTwoJumpHosts(sim, second);
    const hop2 = `jump host 2 of 2 (admin@127.0.0.1:${ports[1]})`;
    await assert.rejects(
      openApplianceSession(target, { password: 'ironport', agent: false }, { onUnknownHostKey: (i) => i.port !== ports[1] }),
      (e: SshError) => e.code === 'host-key-unknown' && e.message.startsWith(`${hop2}: the host key of [127.0.0.1]:${ports[1]} is not known`),
    );
    const wrongUser = smaBehindTwoJumpHosts(sim, second, 'nobody').target;
    const report = await probeAppliances([{ target: wrongUser, auth: { password: 'ironport', agent: false } }], {
      settings: coreProbeSettings(), onUnknownHostKey: () => true, only: ['account-role'],
    });
    const [reachable, role] = report.appliances[0].checks;
    assert.equal(reachable.verdict, 'problem');
    assert.equal(reachable.summary, `jump host 2 of 2 (nobody@127.0.0.1:${ports[1]}): authentication as "nobody" on [127.0.0.1]:${ports[1]} failed (tried: password, keyboard-interactive)`);
    assert.equal(role.verdict, 'unknown');
    assert.equal(second.forwards(), 0, 'nothing was forwarded past the failed jump host');
  } finally {
    await Promise.all([sim.close(), second.close()]);
  }
});
