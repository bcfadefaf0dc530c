/**
 * Every SSH fault a live probe meets ends in a clear verdict for that appliance — the cause in
 * words, within the configured timeouts — while the other appliances of the run finish normally.
 * These run the whole probe (what the CLI and the Appliances view show), through the in-process
 * simulator; test/sshd/faults.sshd.test.ts does the same through a real OpenSSH sshd.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { CHECK_IDS } from '../../client/src/appliance/checks';
import { coreProbeSettings } from '../../client/src/appliance/coreBridge';
import { probeAppliances, type ProbeAuth, type ProbeOptions, type ProbeReport } from '../../client/src/appliance/probe';
import { generateKeyFile } from '../../client/src/appliance/simulator/keys';
import { baseEsa, baseSma, DEFAULT_USERS } from '../../client/src/appliance/simulator/presets';
import { startSimulator, type RunningSimulator } from '../../client/src/appliance/simulator/server';
import type { ApplianceTarget } from '../../client/src/appliance/ssh/target';
import { closedPort } from '../support/net';
import { assertHealthy, assertUnreachable, checkOf, checksOf, FAULT_CAUSE } from '../support/probeVerdicts';
import { passwordOf, SHARED_DATA_DIR, simulator, targetOf, tempDir } from './appliance.support';

const run = promisify(execFile);

/** Small on purpose: a fault must end within these, not within the 30 s defaults. */
const TIMEOUTS = { commandTimeoutMs: 1000, connectTimeoutMs: 1000 };
/** Generous wall-clock bound for a probe whose faults all end within TIMEOUTS (slow CI machines). */
const BOUND_MS = 15_000;

function loopbackTarget(label: string, port: number): ApplianceTarget {
  return { label, alias: '127.0.0.1', host: '127.0.0.1', port, user: 'admin', identityFiles: [], knownHostsFiles: [] };
}

async function probe(targets: { target: ApplianceTarget; auth: ProbeAuth }[], extra: Partial<ProbeOptions> = {}): Promise<{ report: ProbeReport; ms: number }> {
  const started = Date.now();
  const report = await probeAppliances(targets, { settings: coreProbeSettings(), onUnknownHostKey: () => true, ...TIMEOUTS, ...extra });
  return { report, ms: Date.now() - started };
}

const simTargets = (sim: RunningSimulator, ids = sim.appliances.map((a) => a.id)) =>
  ids.map((id) => ({ target: targetOf(sim, id), auth: { password: passwordOf(sim), agent: false as const } }));

/** A peer that accepts TCP and then says nothing, as a hung sshd or a black-holing middlebox does. */
async function silentPeer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

test('refused: ssh-reachable says "connection refused", its other checks say "not checked", the healthy appliance beside it is fully checked', async () => {
  const sim = await simulator('healthy', undefined);
  try {
    const dead = loopbackTarget('dead', await closedPort());
    const { report, ms } = await probe([...simTargets(sim, ['esa']), { target: dead, auth: { password: 'ironport', agent: false } }]);
    assertUnreachable(report, 'dead', FAULT_CAUSE.refused);
    assertHealthy(report, 'esa');
    assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  } finally {
    await sim.close();
  }
});

test('reset before the SSH banner: ssh-reachable says the connection "was reset", the SMA of the run is still checked', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'reset' }] });
  try {
    const { report, ms } = await probe(simTargets(sim));
    assertUnreachable(report, 'esa', FAULT_CAUSE.reset);
    assertHealthy(report, 'sma');
    assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  } finally {
    await sim.close();
  }
});

test('silent peer: ssh-reachable says it "did not complete the SSH handshake within 1 s", after the connect timeout and not the default', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'silent' }] });
  try {
    const { report, ms } = await probe(simTargets(sim));
    assertUnreachable(report, 'esa', FAULT_CAUSE.silentPeer(1));
    assertHealthy(report, 'sma');
    assert.ok(ms >= 900 && ms < BOUND_MS, `took ${ms} ms`);
  } finally {
    await sim.close();
  }
});

test('slow banner: within the connect timeout every check runs; beyond it the same handshake timeout as a silent peer', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'slow-banner', delayMs: 300 }] });
  try {
    const within = await probe(simTargets(sim), { connectTimeoutMs: 5000 });
    assertHealthy(within.report, 'esa');
    sim.appliances.find((a) => a.id === 'esa')!.setFaults([{ kind: 'slow-banner', delayMs: 4000 }]);
    const beyond = await probe(simTargets(sim));
    assertUnreachable(beyond.report, 'esa', FAULT_CAUSE.noHandshake(1));
    assertHealthy(beyond.report, 'sma');
    assert.ok(beyond.ms < 3500, `gave up after ${beyond.ms} ms, not when the banner came`);
  } finally {
    await sim.close();
  }
});

test('dropped during an exec command: that check is an error that says the connection dropped, later checks say the connection is closed, the SMA finishes', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'drop-mid-command', command: 'status', afterBytes: 20 }] });
  try {
    const { report, ms } = await probe(simTargets(sim));
    const online = checkOf(report, 'esa', 'system-online');
    assert.equal(online.verdict, 'error');
    assert.match(online.summary, FAULT_CAUSE.droppedWhileRunning('status'));
    assert.equal(checkOf(report, 'esa', 'account-role').verdict, 'ok', 'checks before the drop keep their verdict');
    for (const c of checksOf(report, 'esa').slice(CHECK_IDS.indexOf('system-online') + 1)) {
      assert.ok(c.verdict === 'error' || c.verdict === 'unknown', `${c.id}: ${c.verdict}`);
      assert.match(c.summary, /closed|dropped|No ESA|could not/, c.id);
    }
    assert.equal(checkOf(report, 'sma', 'system-online').verdict, 'ok');
    assert.equal(checkOf(report, 'sma', 'outbound-ciphers').verdict, 'ok');
    assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  } finally {
    await sim.close();
  }
});

test('hung exec command: an error saying "no complete answer within 1 s" with advice to raise the timeout; every other check is ok', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'hung-command', command: 'whoami' }] });
  try {
    const { report, ms } = await probe(simTargets(sim));
    const role = checkOf(report, 'esa', 'account-role');
    assert.equal(role.verdict, 'error');
    assert.match(role.summary, /"whoami" on \[127\.0\.0\.1\]:\d+ gave no complete answer within 1 s/);
    assert.match(role.advice ?? '', /longer --timeout/);
    assert.deepEqual(checksOf(report, 'esa').filter((c) => c.verdict === 'error').map((c) => c.id), ['account-role']);
    assertHealthy(report, 'sma');
    assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  } finally {
    await sim.close();
  }
});

test('unexpected prompt: menu checks are errors quoting the prompt seen, exec checks stay ok, each within the command timeout', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'wrong-prompt' }] });
  try {
    const { report, ms } = await probe(simTargets(sim));
    const esa = checksOf(report, 'esa');
    assert.equal(checkOf(report, 'esa', 'account-role').verdict, 'ok');
    assert.equal(checkOf(report, 'esa', 'system-online').verdict, 'ok');
    const ciphers = checkOf(report, 'esa', 'outbound-ciphers');
    assert.equal(ciphers.verdict, 'error');
    assert.match(ciphers.summary, FAULT_CAUSE.foreignPrompt(1));
    for (const c of esa) assert.ok(c.verdict !== 'problem', `${c.id} must not guess a problem from a foreign prompt: ${c.summary}`);
    assertHealthy(report, 'sma');
    // Each menu command waits at most one command timeout for a prompt it recognises.
    assert.ok(ms < esa.length * 1000 + 5000, `took ${ms} ms`);
  } finally {
    await sim.close();
  }
});

test('ISO-8859-1 output: the same verdicts as UTF-8, no replacement characters in the report', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'latin1' }] });
  try {
    const { report } = await probe(simTargets(sim));
    assertHealthy(report, 'esa');
    assertHealthy(report, 'sma');
    assert.ok(!JSON.stringify(report).includes('\ufffd'));
  } finally {
    await sim.close();
  }
});

test('pager mid-output: the same verdicts as without it and no pager text in any evidence', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'pager', pageLines: 3 }] });
  try {
    const { report } = await probe(simTargets(sim));
    assertHealthy(report, 'esa');
    assert.ok(!JSON.stringify(report).includes('Press Any Key'));
  } finally {
    await sim.close();
  }
});

test('wrong password: ssh-reachable says authentication as the user failed and which methods were tried; the password is nowhere in the report', async () => {
  const sim = await simulator('healthy');
  try {
    const wrong = 'Wr0ng-Fault-Pass-42';
    const { report } = await probe([
      { target: targetOf(sim, 'esa'), auth: { password: wrong, agent: false } },
      ...simTargets(sim, ['sma']),
    ]);
    assertUnreachable(report, 'esa', FAULT_CAUSE.authFailed('admin', 'password, keyboard-interactive'));
    assert.match(checkOf(report, 'esa', 'ssh-reachable').advice ?? '', /credentials/);
    assert.ok(!JSON.stringify(report).includes(wrong));
    assertHealthy(report, 'sma');
  } finally {
    await sim.close();
  }
});

test('wrong key: ssh-reachable says authentication failed after trying the key; the key file is not quoted', async () => {
  const sim = await simulator('healthy');
  try {
    const keyPath = path.join(tempDir(), 'not_authorized_ed25519');
    await generateKeyFile(keyPath, 'ed25519');
    const keyText = readFileSync(keyPath, 'utf8');
    const { report } = await probe([
      { target: targetOf(sim, 'esa'), auth: { privateKeys: [{ label: keyPath, data: keyText }], agent: false } },
      ...simTargets(sim, ['sma']),
    ]);
    assertUnreachable(report, 'esa', FAULT_CAUSE.authFailed('admin', 'publickey'));
    const body = keyText.split('\n')[1];
    assert.ok(body.length > 20 && !JSON.stringify(report).includes(body));
    assertHealthy(report, 'sma');
  } finally {
    await sim.close();
  }
});

test('empty ssh-agent: ssh-reachable says authentication failed after trying the agent', async () => {
  const dir = tempDir();
  const sock = path.join(dir, 'agent.sock');
  const started = await run('ssh-agent', ['-a', sock, '-s']);
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(started.stdout)?.[1]);
  const sim = await simulator('healthy');
  try {
    const { report } = await probe([{ target: targetOf(sim, 'esa'), auth: { agent: sock } }, ...simTargets(sim, ['sma'])]);
    assertUnreachable(report, 'esa', FAULT_CAUSE.authFailed('admin', 'agent'));
    assertHealthy(report, 'sma');
  } finally {
    await sim.close();
    if (pid > 0) process.kill(pid);
  }
});

test('50 appliances with one silent: the silent one says it did not complete the SSH handshake, the 49 others are fully checked', async () => {
  const esas = Array.from({ length: 48 }, (_, n) => baseEsa(`esa${n + 1}`, `mx${n + 1}.example.com`, `10.172.12.${100 + n}`));
  const sma = baseSma(esas.map((e) => e.interfaces[1].ip));
  const scenario = { id: 'fleet', title: 'fleet', description: '', appliances: [...esas, sma], users: DEFAULT_USERS, loginUser: 'admin', expectedProblems: {} };
  const sim = await startSimulator({ scenario, dataDir: SHARED_DATA_DIR });
  const dead = await silentPeer();
  try {
    const targets = simTargets(sim);
    targets.splice(20, 0, { target: loopbackTarget('dead', dead.port), auth: { password: 'ironport', agent: false } });
    assert.equal(targets.length, 50);
    const finished = new Set<string>();
    const { report, ms } = await probe(targets, {
      commandTimeoutMs: 2000,
      concurrency: 8,
      onResult: (t, r) => {
        if (r.id === 'pvo-pair') finished.add(t.label);
      },
    });
    assert.equal(report.appliances.length, 50);
    assertUnreachable(report, 'dead', FAULT_CAUSE.noHandshake(1));
    for (const a of report.appliances) if (a.target !== 'dead') assertHealthy(report, a.target);
    assert.equal(finished.size, 50, 'every appliance reported its last check');
    assert.ok(ms < 60_000, `took ${ms} ms`);
  } finally {
    await dead.close();
    await sim.close();
  }
});
