import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { AsyncOsCli, type CliIo } from '../../client/src/appliance/simulator/cli';
import { delayPicker, formatLatency, latencyArgs, latencyOf, parseLatency } from '../../client/src/appliance/simulator/latency';
import { loadPreset } from '../../client/src/appliance/simulator/presets';
import { startSimulator } from '../../client/src/appliance/simulator/server';
import { AsyncOsSession } from '../../client/src/appliance/ssh/cliSession';
import { ApplianceConnection, SshError } from '../../client/src/appliance/ssh/connection';
import { SHARED_DATA_DIR } from './appliance.support';

// Timers may fire a millisecond early by rounding; waits are only ever checked from below.
const SLACK_MS = 5;

test('latency specs: fixed, range, seed; bad ones are refused', () => {
  assert.deepEqual(parseLatency('200'), { minMs: 200 });
  assert.deepEqual(parseLatency('200-2000'), { minMs: 200, maxMs: 2000 });
  assert.deepEqual(parseLatency('200-2000:7'), { minMs: 200, maxMs: 2000, seed: 7 });
  for (const bad of ['', 'fast', '-5', '300-200', '200-', '1-700000', '2s']) assert.throws(() => parseLatency(bad), /bad latency/, bad);
  for (const spec of ['0', '200', '200-2000', '200-2000:7']) assert.equal(formatLatency(parseLatency(spec)), spec);
  assert.deepEqual(latencyArgs(['--preset', 'healthy', '--latency', '300', '--latency', 'sma=0-50:3']), { '*': { minMs: 300 }, sma: { minMs: 0, maxMs: 50, seed: 3 } });
  assert.equal(latencyArgs(['--preset', 'healthy']), undefined);
  assert.throws(() => latencyArgs(['--latency']), /needs a value/);
});

test('a latency range draws from a seeded sequence: the same seed and appliance give the same delays, all in range', () => {
  const draw = (seed: number, salt: string) => {
    const next = delayPicker({ minMs: 200, maxMs: 2000, seed }, salt)!;
    return Array.from({ length: 200 }, () => next());
  };
  const a = draw(7, 'esa');
  assert.deepEqual(a, draw(7, 'esa'));
  assert.notDeepEqual(a, draw(8, 'esa'));
  assert.notDeepEqual(a, draw(7, 'sma'), 'each appliance has its own sequence');
  assert.ok(a.every((ms) => Number.isInteger(ms) && ms >= 200 && ms <= 2000));
  assert.ok(new Set(a).size > 100, 'spread over the range');
  assert.deepEqual([delayPicker({ minMs: 250 })!(), delayPicker({ minMs: 250 })!()], [250, 250]);
  assert.equal(delayPicker({ minMs: 0 }), undefined, 'zero is no latency at all');
  assert.equal(delayPicker(undefined), undefined);
});

test('latency comes from the simulator option, else the appliance, else the scenario; none by default', () => {
  const scenario = loadPreset('healthy');
  const [esa, sma] = scenario.appliances;
  assert.equal(latencyOf(scenario, esa), undefined);
  scenario.latency = { minMs: 100 };
  sma.latency = { minMs: 300 };
  assert.deepEqual([latencyOf(scenario, esa), latencyOf(scenario, sma)], [{ minMs: 100 }, { minMs: 300 }]);
  assert.deepEqual(latencyOf(scenario, sma, { minMs: 5 }), { minMs: 5 });
  assert.deepEqual(latencyOf(scenario, esa, { sma: { minMs: 7 } }), { minMs: 100 });
  assert.deepEqual(latencyOf(scenario, esa, { '*': { minMs: 9 }, sma: { minMs: 7 } }), { minMs: 9 });
});

/** The CLI on an in-memory transport. */
function memoryCli(delayMs: number, closed: Promise<void>) {
  const written: { text: string; at: number }[] = [];
  const io: CliIo = {
    tty: false,
    rows: 24,
    closed,
    write: (text) => void written.push({ text, at: performance.now() }),
    readLine: async () => null,
    readKey: async () => null,
    drop: () => undefined,
  };
  const scenario = loadPreset('healthy');
  const cli = new AsyncOsCli(scenario, scenario.appliances[0], scenario.users[0], io, [], () => delayMs);
  return { cli, written };
}

test('the CLI waits before the output of each command, also in a chained exec', async () => {
  const { cli, written } = memoryCli(60, new Promise(() => undefined));
  const t0 = performance.now();
  assert.equal(await cli.runExec('version; whoami'), 0);
  assert.match(written.map((w) => w.text).join(''), /Username: admin/);
  assert.ok(written[0].at - t0 >= 60 - SLACK_MS, `first output after ${written[0].at - t0} ms`);
  const whoami = written.find((w) => w.text.startsWith('Username'))!;
  assert.ok(whoami.at - t0 >= 120 - SLACK_MS, `second command's output after ${whoami.at - t0} ms`);
});

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('closing the connection during a delay ends the command at once: no output, no timer left behind', async () => {
  const before = timers();
  let close!: () => void;
  const { cli, written } = memoryCli(600_000, new Promise<void>((r) => (close = r)));
  const run = cli.runExec('status');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(timers(), before + 1, 'the delay is a timer');
  close();
  assert.equal(await run, 1);
  assert.deepEqual(written, []);
  assert.equal(timers(), before, 'the timer is cleared');
});

test('a slow appliance does not hold up the others, and an interactive dialog waits too', async () => {
  const sim = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR, latency: { esa: { minMs: 1500 } } });
  const open = (id: string) => {
    const a = sim.appliances.find((x) => x.id === id)!;
    return ApplianceConnection.open({ host: a.host, port: a.port, username: 'admin', password: 'ironport', agent: false, onUnknownHostKey: () => true });
  };
  const slow = new AsyncOsSession(await open('esa'));
  const fast = new AsyncOsSession(await open('sma'));
  try {
    assert.deepEqual(sim.appliances.map((a) => a.latency), [{ minMs: 1500 }, undefined]);
    const t0 = performance.now();
    let slowDone = false;
    const slowStatus = slow.exec('status').then((text) => {
      slowDone = true;
      return text;
    });
    // Both sides run in this process: a busy wait on the slow appliance would stall these too.
    assert.match(await fast.exec('status'), /System status:\s+Online/);
    assert.match(await fast.dialog('deliveryconfig'), /Default interface to deliver mail: Auto/);
    assert.equal(slowDone, false, 'the other appliance answered while the slow one was still waiting');
    assert.match(await slowStatus, /System status:\s+Online/);
    assert.ok(performance.now() - t0 >= 1500 - SLACK_MS);

    const t1 = performance.now();
    sim.appliances[0].setLatency({ minMs: 300 });
    assert.match(await slow.dialog('deliveryconfig'), /Default interface to deliver mail: Auto/);
    assert.ok(performance.now() - t1 >= 300 - SLACK_MS, 'the menu command waited too');
  } finally {
    slow.close();
    fast.close();
    await sim.close();
  }
});

test('cancelling a command during its delay is clean: the session goes on, the simulator closes', async () => {
  const sim = await startSimulator({ scenario: 'healthy', dataDir: SHARED_DATA_DIR, appliances: ['esa'], latency: { minMs: 600_000 } });
  const a = sim.appliances[0];
  const session = new AsyncOsSession(await ApplianceConnection.open({ host: a.host, port: a.port, username: 'admin', password: 'ironport', agent: false, onUnknownHostKey: () => true }));
  try {
    a.setLatency(undefined);
    assert.match(await session.exec('version'), /13\.5\.1-177/);
    const idle = timers();
    a.setLatency({ minMs: 600_000 });
    const abort = new AbortController();
    const pending = session.exec('status', { signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    await assert.rejects(pending, (e: SshError) => e instanceof SshError && e.code === 'aborted');
    // The simulator's side of the cancelled command ends too: its delay's timer goes away.
    for (let n = 0; n < 100 && timers() > idle; n++) await new Promise((r) => setImmediate(r));
    assert.equal(timers(), idle, 'no timer left behind');
    a.setLatency(undefined);
    assert.match(await session.exec('whoami'), /Username: admin/, 'the connection still answers');
  } finally {
    session.close();
    await sim.close();
  }
});

test('behind OpenSSH (stdio mode) an exec request still waits, although its input has ended', async () => {
  const script = path.join(__dirname, '../../client/src/appliance/simulator/stdio.js');
  const t0 = performance.now();
  const child = spawn(process.execPath, [script, '--preset', 'healthy', '--appliance', 'esa', '--latency', '300'], {
    env: { ...process.env, SSH_ORIGINAL_COMMAND: 'version' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
  assert.match(out, /13\.5\.1-177/);
  assert.ok(performance.now() - t0 >= 300 - SLACK_MS);
});
