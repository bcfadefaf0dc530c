import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsyncOsSession } from '../../client/src/appliance/ssh/cliSession';
import { ApplianceConnection, SshError } from '../../client/src/appliance/ssh/connection';
import { closedPort } from '../support/net';
import { passwordOf, probeSimulator, simulator } from './appliance.support';

const open = (host: string, port: number, extra: Partial<Parameters<typeof ApplianceConnection.open>[0]> = {}) =>
  ApplianceConnection.open({ host, port, username: 'admin', password: 'ironport', agent: false, onUnknownHostKey: () => true, connectTimeoutMs: 3000, ...extra });

test('connection refused is reported as such', async () => {
  const port = await closedPort();
  await assert.rejects(open('127.0.0.1', port), (e: SshError) => e.code === 'refused' && /connection refused/.test(e.message));
});

test('a TCP reset before the SSH banner is a clean error, not a crash', async () => {
  const sim = await simulator('healthy', [{ kind: 'reset' }]);
  try {
    await assert.rejects(open('127.0.0.1', sim.appliances[0].port), (e: SshError) => e instanceof SshError && ['closed', 'protocol'].includes(e.code));
  } finally {
    await sim.close();
  }
});

test('a peer that accepts TCP but never sends a banner times out within the connect timeout', async () => {
  const sim = await simulator('healthy', [{ kind: 'silent' }]);
  try {
    const started = Date.now();
    await assert.rejects(open('127.0.0.1', sim.appliances[0].port, { connectTimeoutMs: 600 }), (e: SshError) => e.code === 'timeout');
    assert.ok(Date.now() - started < 3000);
  } finally {
    await sim.close();
  }
});

test('a slow banner within the timeout still connects', async () => {
  const sim = await simulator('healthy', [{ kind: 'slow-banner', delayMs: 300 }]);
  try {
    const c = await open('127.0.0.1', sim.appliances[0].port);
    c.close();
  } finally {
    await sim.close();
  }
});

test('a wrong password is an authentication failure that names the user, never the password', async () => {
  const sim = await simulator('healthy');
  try {
    await assert.rejects(open('127.0.0.1', sim.appliances[0].port, { password: 'Wr0ng-Secret-77' }), (e: SshError) => {
      assert.equal(e.code, 'auth');
      assert.match(e.message, /"admin"/);
      assert.ok(!e.message.includes('Wr0ng-Secret-77'));
      return true;
    });
    await assert.rejects(open('127.0.0.1', sim.appliances[0].port, { password: undefined, agent: '/nonexistent/agent.sock' }), (e: SshError) => e.code === 'auth' || e.code === 'protocol');
  } finally {
    await sim.close();
  }
});

test('connection dropped mid-command: that check is an error, the report still comes back', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'drop-mid-command', command: 'sslconfig', afterBytes: 60 }] });
  try {
    const report = await probeSimulator(sim, ['esa']);
    const c = report.appliances[0].checks.find((x) => x.id === 'outbound-ciphers')!;
    assert.equal(c.verdict, 'error');
    assert.match(c.summary, /dropped|closed/);
  } finally {
    await sim.close();
  }
});

test('a hung command times out as an error and the other checks still run', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'hung-command', command: 'tophosts' }] });
  try {
    const report = await probeSimulator(sim, ['esa'], { commandTimeoutMs: 700 });
    const checks = report.appliances[0].checks;
    const q = checks.find((x) => x.id === 'cpq-queues')!;
    assert.equal(q.verdict, 'error');
    assert.match(q.summary, /within 1 s|no AsyncOS prompt|no complete answer/);
    assert.equal(checks.find((x) => x.id === 'account-role')!.verdict, 'ok');
    assert.equal(checks.find((x) => x.id === 'outbound-ciphers')!.verdict, 'ok');
  } finally {
    await sim.close();
  }
});

test('an unexpected prompt gives an error that quotes what the appliance showed', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'wrong-prompt' }] });
  try {
    const report = await probeSimulator(sim, ['esa'], { commandTimeoutMs: 600, only: ['outbound-ciphers'] });
    const c = report.appliances[0].checks.find((x) => x.id === 'outbound-ciphers')!;
    assert.equal(c.verdict, 'error');
    assert.match(c.summary, /no AsyncOS prompt.*mx\.example\.com:~#/);
  } finally {
    await sim.close();
  }
});

test('the pager in the middle of output is answered and cut out: same verdicts as without it', async () => {
  const sim = await simulator('anonymous-cipher', { esa: [{ kind: 'pager', pageLines: 5 }] });
  try {
    const report = await probeSimulator(sim, ['esa', 'sma']);
    const esa = report.appliances[0].checks;
    assert.deepEqual(esa.filter((c) => c.verdict === 'problem').map((c) => c.id).sort(), ['mail-log-tls-failures', 'outbound-ciphers', 'running-config', 'tls-to-peer']);
    assert.ok(esa.every((c) => c.verdict !== 'error' && !c.evidence.some((e) => e.includes('Press Any Key'))));
  } finally {
    await sim.close();
  }
});

test('ISO-8859-1 output is decoded, not mangled', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'latin1' }] });
  try {
    const a = sim.appliances.find((x) => x.id === 'esa')!;
    const session = new AsyncOsSession(await open(a.host, a.port));
    assert.match(await session.exec('whoami'), /Full Name: Rémi Müller \(Opérateur\)/);
    assert.match(await session.dialog('sslconfig'), /Outbound SMTP ciphers/);
    session.close();
  } finally {
    await sim.close();
  }
});

test('a hung command can be cancelled with an AbortSignal', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'hung-command', command: 'status' }] });
  try {
    const a = sim.appliances.find((x) => x.id === 'esa')!;
    const session = new AsyncOsSession(await open(a.host, a.port), { commandTimeoutMs: 10_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = Date.now();
    await assert.rejects(session.exec('status', { signal: ac.signal }), (e: SshError) => e.code === 'aborted');
    assert.ok(Date.now() - started < 2000);
    session.close();
  } finally {
    await sim.close();
  }
});

test('cluster prompts: a machine-mode command from cluster mode switches to the own machine', async () => {
  const sim = await simulator('feature-key-mismatch');
  try {
    const a = sim.appliances.find((x) => x.id === 'esa2')!;
    const session = new AsyncOsSession(await open(a.host, a.port, { password: passwordOf(sim) }), { hostname: 'mx2.example.com' });
    const out = await session.dialog('featurekey');
    assert.match(out, /restricted to "machine" mode/);
    assert.doesNotMatch(out, /Data Loss Prevention/);
    assert.equal(session.lastPrompt, '(Machine mx2.example.com)> ');
    session.close();
  } finally {
    await sim.close();
  }
});

test('a link that goes dead mid-session is detected by keepalives well before the command timeout', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'freeze', command: 'status' }] });
  try {
    const a = sim.appliances.find((x) => x.id === 'esa')!;
    const conn = await open(a.host, a.port, { keepaliveIntervalMs: 150, keepaliveCountMax: 2 });
    const session = new AsyncOsSession(conn, { commandTimeoutMs: 20_000 });
    const started = Date.now();
    await assert.rejects(session.exec('status'), (e: SshError) => e.code === 'closed' && /keepalives/.test(e.message));
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  } finally {
    await sim.close();
  }
});

test('connecting to a silent peer can be cancelled with an AbortSignal', async () => {
  const sim = await simulator('healthy', [{ kind: 'silent' }]);
  try {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const started = Date.now();
    await assert.rejects(open('127.0.0.1', sim.appliances[0].port, { connectTimeoutMs: 20_000, signal: ac.signal }), (e: SshError) => e.code === 'aborted');
    assert.ok(Date.now() - started < 2000);
  } finally {
    await sim.close();
  }
});
