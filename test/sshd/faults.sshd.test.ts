/**
 * SSH faults through a real OpenSSH sshd (started by scripts/sshd-test): each ends in a clear
 * verdict for that appliance within the configured timeouts, and the other appliances of the run
 * finish. Faults inside the command line come from the simulator behind sshd's ForceCommand;
 * faults on the wire (slow banner, silent peer, reset) from a loopback relay in front of sshd, so
 * the banner and key exchange on the other side are still sshd's own.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { CHECK_IDS } from '../../client/src/appliance/checks';
import { coreProbeSettings } from '../../client/src/appliance/coreBridge';
import { probeAppliances, type ProbeAuth, type ProbeOptions, type ProbeReport } from '../../client/src/appliance/probe';
import { generateKeyFile } from '../../client/src/appliance/simulator/keys';
import type { ApplianceTarget } from '../../client/src/appliance/ssh/target';
import { closedPort } from '../support/net';
import { loopbackTarget, SSHD_PASSWORD, SSHD_PORTS, SSHD_USER, sshdKnownHosts, sshdTarget } from '../support/sshd';
import { assertHealthy, assertUnreachable, checkOf, checksOf, FAULT_CAUSE } from '../support/probeVerdicts';

const dir = mkdtempSync(path.join(tmpdir(), 'asyncos-pvo-sshd-faults-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Small on purpose: every fault must end within these, not within the 30 s defaults. */
const TIMEOUTS = { commandTimeoutMs: 2000, connectTimeoutMs: 2000 };
const BOUND_MS = 30_000;

/** Relay ports are known only at run time; their entries are added as the relays start. */
const KNOWN_HOSTS = path.join(dir, 'known_hosts');
const knownPorts = new Set(Object.values(SSHD_PORTS));
const writeKnownHosts = () => writeFileSync(KNOWN_HOSTS, sshdKnownHosts(knownPorts));
writeKnownHosts();

const target = (label: string, port: number): ApplianceTarget => loopbackTarget(label, port, KNOWN_HOSTS);
const sshd = (name: string, label?: string): ApplianceTarget => sshdTarget(name, KNOWN_HOSTS, label);

const withPassword = (t: ApplianceTarget): { target: ApplianceTarget; auth: ProbeAuth } => ({ target: t, auth: { password: SSHD_PASSWORD, agent: false } });

async function probe(targets: { target: ApplianceTarget; auth: ProbeAuth }[], extra: Partial<ProbeOptions> = {}): Promise<{ report: ProbeReport; ms: number }> {
  const started = Date.now();
  const report = await probeAppliances(targets, { settings: coreProbeSettings(), ...TIMEOUTS, ...extra });
  return { report, ms: Date.now() - started };
}

type RelayMode = { kind: 'slow-banner'; delayMs: number } | { kind: 'silent' } | { kind: 'reset-after-banner' } | { kind: 'reset-when-armed' };

/**
 * A loopback relay to sshd that misbehaves on the wire as `mode` says. `reset-when-armed` relays
 * faithfully until `arm()`, then resets the client on the next bytes from sshd.
 */
async function relay(upstreamPort: number, mode: RelayMode): Promise<{ port: number; arm: () => void; close: () => Promise<void> }> {
  let armed = false;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    return s;
  };
  const server = createServer((client) => {
    track(client);
    const upstream = track(connect(upstreamPort, '127.0.0.1'));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    let first = true;
    upstream.on('data', (d: Buffer) => {
      if (mode.kind === 'silent') return;
      if (mode.kind === 'reset-after-banner' && !first) return client.resetAndDestroy();
      if (mode.kind === 'reset-when-armed' && armed) return client.resetAndDestroy();
      if (mode.kind === 'slow-banner' && first) {
        upstream.pause();
        const timer = setTimeout(() => {
          client.write(d);
          upstream.resume();
        }, mode.delayMs);
        client.on('close', () => clearTimeout(timer));
        first = false;
        return;
      }
      first = false;
      client.write(d);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  knownPorts.add(port);
  writeKnownHosts();
  return {
    port,
    arm: () => (armed = true),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

test('through real sshd, refused (a closed loopback port): ssh-reachable says "connection refused", the healthy appliance beside it is fully checked', async () => {
  const { report, ms } = await probe([withPassword(target('dead', await closedPort())), withPassword(sshd('healthy/esa'))]);
  assertUnreachable(report, 'dead', FAULT_CAUSE.refused);
  assertHealthy(report, 'esa');
  assert.ok(ms < BOUND_MS, `took ${ms} ms`);
});

test('through real sshd, a silent relay (no banner): ssh-reachable says the SSH handshake did not complete within 2 s', async () => {
  const r = await relay(SSHD_PORTS['healthy/esa'], { kind: 'silent' });
  try {
    const { report, ms } = await probe([withPassword(target('silent', r.port)), withPassword(sshd('healthy/sma'))]);
    assertUnreachable(report, 'silent', FAULT_CAUSE.silentPeer(2));
    assertHealthy(report, 'sma');
    assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  } finally {
    await r.close();
  }
});

test('through real sshd, a slow banner: within the connect timeout every check runs; beyond it a handshake timeout', async () => {
  const slow = await relay(SSHD_PORTS['healthy/esa'], { kind: 'slow-banner', delayMs: 500 });
  const tooSlow = await relay(SSHD_PORTS['healthy/esa'], { kind: 'slow-banner', delayMs: 6000 });
  try {
    const within = await probe([withPassword(target('esa', slow.port))], { connectTimeoutMs: 5000, commandTimeoutMs: 15_000 });
    assertHealthy(within.report, 'esa');
    const beyond = await probe([withPassword(target('esa', tooSlow.port))]);
    assertUnreachable(beyond.report, 'esa', FAULT_CAUSE.noHandshake(2));
    assert.ok(beyond.ms < 5000, `gave up after ${beyond.ms} ms, not when the banner came`);
  } finally {
    await slow.close();
    await tooSlow.close();
  }
});

test('through real sshd, a reset after the banner: ssh-reachable says the connection was reset, the SMA is fully checked', async () => {
  const r = await relay(SSHD_PORTS['healthy/esa'], { kind: 'reset-after-banner' });
  try {
    const { report, ms } = await probe([withPassword(target('esa', r.port)), withPassword(sshd('healthy/sma'))], { commandTimeoutMs: 15_000 });
    assertUnreachable(report, 'esa', FAULT_CAUSE.reset);
    assertHealthy(report, 'sma');
    assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  } finally {
    await r.close();
  }
});

test('through real sshd, a TCP reset mid-session: the command in flight is an error that says the connection dropped, later ones that it is closed, the SMA finishes', async () => {
  const r = await relay(SSHD_PORTS['healthy/esa'], { kind: 'reset-when-armed' });
  try {
    const { report, ms } = await probe([withPassword(target('esa', r.port)), withPassword(sshd('healthy/sma'))], {
      commandTimeoutMs: 15_000,
      concurrency: 1,
      // The reset hits the reply to the next command, "status".
      onResult: (t, result) => {
        if (t.label === 'esa' && result.id === 'account-role') r.arm();
      },
    });
    assert.equal(checkOf(report, 'esa', 'account-role').verdict, 'ok');
    const online = checkOf(report, 'esa', 'system-online');
    assert.equal(online.verdict, 'error');
    assert.match(online.summary, FAULT_CAUSE.droppedWhileRunning('status'));
    for (const c of checksOf(report, 'esa').slice(CHECK_IDS.indexOf('system-online') + 1)) {
      assert.ok(c.verdict === 'error' || c.verdict === 'unknown', `${c.id}: ${c.verdict}: ${c.summary}`);
      assert.match(c.summary, /closed|dropped|could not be read/, c.id);
    }
    assertHealthy(report, 'sma');
    assert.match(checkOf(report, 'sma', 'pvo-pair').summary, /could not be read/);
    assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  } finally {
    await r.close();
  }
});

test('through real sshd, a session dropped mid-command: an error for that check that says it dropped, the rest of the appliance is checked', async () => {
  const { report } = await probe([withPassword(sshd('fault-drop/esa')), withPassword(sshd('fault-drop/sma'))], { commandTimeoutMs: 15_000 });
  const ciphers = checkOf(report, 'esa', 'outbound-ciphers');
  assert.equal(ciphers.verdict, 'error');
  assert.match(ciphers.summary, /dropped while waiting for the end of "sslconfig"/);
  assert.deepEqual(checksOf(report, 'esa').filter((c) => c.verdict === 'error').map((c) => c.id), ['outbound-ciphers']);
  assertHealthy(report, 'sma');
});

test('through real sshd, a hung menu command: an error saying no prompt came within 2 s, every other check ok', async () => {
  // A menu command: behind sshd an exec request's stdin is closed at once, which ends the simulator.
  const { report, ms } = await probe([withPassword(sshd('fault-hung/esa')), withPassword(sshd('healthy/sma'))]);
  const queues = checkOf(report, 'esa', 'cpq-queues');
  assert.equal(queues.verdict, 'error');
  assert.match(queues.summary, /no AsyncOS prompt from \[127\.0\.0\.1\]:\d+ within 2 s while waiting for the end of "tophosts"/);
  assert.deepEqual(checksOf(report, 'esa').filter((c) => c.verdict === 'error').map((c) => c.id), ['cpq-queues']);
  assertHealthy(report, 'sma');
  assert.ok(ms < BOUND_MS, `took ${ms} ms`);
});

test('through real sshd, an unexpected prompt: menu checks are errors quoting it, exec checks ok, the SMA\'s pvo-pair says the ESA could not be read', async () => {
  const { report, ms } = await probe([withPassword(sshd('fault-prompt/esa')), withPassword(sshd('healthy/sma'))]);
  assert.equal(checkOf(report, 'esa', 'account-role').verdict, 'ok');
  const ciphers = checkOf(report, 'esa', 'outbound-ciphers');
  assert.equal(ciphers.verdict, 'error');
  assert.match(ciphers.summary, FAULT_CAUSE.foreignPrompt(2));
  assert.ok(checksOf(report, 'esa').every((c) => c.verdict !== 'problem'));
  assertHealthy(report, 'sma');
  assert.match(checkOf(report, 'sma', 'pvo-pair').summary, /could not be read/);
  assert.ok(ms < BOUND_MS + CHECK_IDS.length * 2000, `took ${ms} ms`);
});

test('through real sshd, ISO-8859-1 output: the same verdicts as UTF-8, no replacement characters', async () => {
  const { report } = await probe([withPassword(sshd('fault-latin1/esa')), withPassword(sshd('healthy/sma'))], { commandTimeoutMs: 15_000 });
  assertHealthy(report, 'esa');
  assert.ok(!JSON.stringify(report).includes('\ufffd'));
});

test('through real sshd, a wrong password: authentication as the user failed, the password is nowhere in the report', async () => {
  const wrong = 'Wrong-Sshd-Fault-73';
  const { report } = await probe([{ target: sshd('healthy/esa'), auth: { password: wrong, agent: false } }]);
  assertUnreachable(report, 'esa', FAULT_CAUSE.authFailed(SSHD_USER, 'password, keyboard-interactive'));
  assert.ok(!JSON.stringify(report).includes(wrong));
});

test('through real sshd, a key not in authorized_keys: authentication failed after trying the key', async () => {
  const keyPath = path.join(dir, 'stranger_ed25519');
  await generateKeyFile(keyPath, 'ed25519');
  const { report } = await probe([{ target: sshd('healthy/esa'), auth: { privateKeys: [{ label: keyPath, data: readFileSync(keyPath) }], agent: false } }]);
  assertUnreachable(report, 'esa', FAULT_CAUSE.authFailed(SSHD_USER, 'publickey'));
});

test('through real sshd, an ssh-agent with no keys: authentication failed after trying the agent; a stale agent socket leaves the password its turn', async () => {
  const sock = path.join(dir, 'agent.sock');
  const started = await promisify(execFile)('ssh-agent', ['-a', sock, '-s']);
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(started.stdout)?.[1]);
  try {
    const { report } = await probe([{ target: sshd('healthy/esa'), auth: { agent: sock } }]);
    assertUnreachable(report, 'esa', FAULT_CAUSE.authFailed(SSHD_USER, 'agent'));
    const stale = await probe([{ target: sshd('healthy/esa'), auth: { agent: path.join(dir, 'gone.sock'), password: SSHD_PASSWORD } }], { only: ['account-role'] });
    assert.deepEqual(stale.report.appliances[0].checks.map((c) => `${c.id}: ${c.verdict}`), ['ssh-reachable: ok', 'account-role: ok']);
  } finally {
    if (pid > 0) process.kill(pid);
  }
});

test('through real sshd, 12 appliances with one silent and one refused: those two say why, the 10 others are fully checked', async () => {
  const silent = await relay(SSHD_PORTS['healthy/esa'], { kind: 'silent' });
  try {
    const targets = Array.from({ length: 10 }, (_, n) => withPassword(sshd(n % 2 ? 'healthy/sma' : 'healthy/esa', `${n % 2 ? 'sma' : 'esa'}${n}`)));
    targets.splice(3, 0, withPassword(target('silent', silent.port)));
    targets.splice(7, 0, withPassword(target('refused', await closedPort())));
    const { report, ms } = await probe(targets, { concurrency: 12, commandTimeoutMs: 15_000 });
    assert.equal(report.appliances.length, 12);
    assertUnreachable(report, 'silent', FAULT_CAUSE.noHandshake(2));
    assertUnreachable(report, 'refused', FAULT_CAUSE.refused);
    for (const a of report.appliances) if (a.target !== 'silent' && a.target !== 'refused') assertHealthy(report, a.target);
    assert.ok(ms < 60_000, `took ${ms} ms`);
  } finally {
    await silent.close();
  }
});
