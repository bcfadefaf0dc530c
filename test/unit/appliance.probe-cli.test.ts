import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { capturedIo } from '../support/cli';
import { CHECK_IDS } from '../../client/src/appliance/checks';
import { loadPreset } from '../../client/src/appliance/simulator/presets';
import { startSimulator } from '../../client/src/appliance/simulator/server';
import { SHARED_DATA_DIR, tempDir } from './appliance.support';

const SECRET = 'Zq8-very-secret-Xy';

async function withPreset<T>(preset: string, fn: (targets: string[]) => Promise<T>): Promise<T> {
  const scenario = loadPreset(preset);
  for (const u of scenario.users) if (u.name === 'admin') u.password = SECRET;
  const sim = await startSimulator({ scenario, dataDir: SHARED_DATA_DIR });
  try {
    return await fn(sim.appliances.map((a) => `admin@${a.host}:${a.port}`));
  } finally {
    await sim.close();
  }
}

test('probe --format json gives the documented shape and exit 1 when a check reports a problem', async () => {
  await withPreset('delivery-interface-no-route', async (targets) => {
    const home = tempDir();
    const { io, out, err } = capturedIo({ env: { HOME: home, PVO_PW: SECRET } });
    const code = await runCli(['probe', '--format', 'json', '--accept-new-host-key', '--password-env', 'PVO_PW', ...targets], io);
    assert.equal(code, 1, err());
    const json = JSON.parse(out());
    assert.deepEqual(Object.keys(json), ['appliances']);
    assert.equal(json.appliances.length, 2);
    for (const a of json.appliances) {
      assert.deepEqual(Object.keys(a), ['target', 'checks']);
      assert.deepEqual(a.checks.map((c: { id: string }) => c.id), CHECK_IDS);
      for (const c of a.checks) {
        assert.deepEqual(Object.keys(c), ['id', 'verdict', 'summary', 'evidence', 'advice']);
        assert.ok(['ok', 'problem', 'unknown', 'error'].includes(c.verdict));
      }
    }
    const esa = json.appliances[0].checks.find((c: { id: string }) => c.id === 'delivery-interface');
    assert.equal(esa.verdict, 'problem');
    assert.match(err(), /Accepting new host key for 127\.0\.0\.1:\d+: ssh-ed25519 SHA256:/);
    assert.ok(!out().includes(SECRET) && !err().includes(SECRET), 'the password never appears in output');
  });
});

test('probe on a healthy pair exits 0 with a text report; the host key is remembered for the next run', async () => {
  await withPreset('healthy', async (targets) => {
    const home = tempDir();
    const first = capturedIo({ env: { HOME: home, PVO_PW: SECRET } });
    assert.equal(await runCli(['probe', '--accept-new-host-key', '--password-env', 'PVO_PW', ...targets], first.io), 0, first.out());
    assert.match(first.out(), /ok\s+ssh-reachable/);
    assert.match(first.out(), /0 problem, 0 unknown, 0 error/);
    const second = capturedIo({ env: { HOME: home, PVO_PW: SECRET } });
    assert.equal(await runCli(['probe', '--password-env', 'PVO_PW', ...targets], second.io), 0, second.out());
    assert.equal(second.err(), '');
  });
});

test('without --accept-new-host-key an unknown host is refused and shown with its fingerprint', async () => {
  await withPreset('healthy', async (targets) => {
    const { io, out } = capturedIo({ env: { HOME: tempDir(), PVO_PW: SECRET } });
    assert.equal(await runCli(['probe', '--password-env', 'PVO_PW', targets[0]], io), 1);
    assert.match(out(), /PROBLEM\s+ssh-reachable\s+the host key of \[127\.0\.0\.1\]:\d+ is not known \(ssh-ed25519 SHA256:/);
  });
});

test('a wrong password never appears in any output', async () => {
  await withPreset('healthy', async (targets) => {
    const wrong = 'Wrong-Pa55-Unique-42';
    const { io, out, err } = capturedIo({ env: { HOME: tempDir(), PVO_PW: wrong } });
    for (const format of ['text', 'json']) {
      await runCli(['probe', '--format', format, '--accept-new-host-key', '--password-env', 'PVO_PW', ...targets], io);
    }
    assert.match(out(), /authentication as "admin" on \[127\.0\.0\.1\]:\d+ failed/);
    assert.ok(!out().includes(wrong) && !err().includes(wrong));
  });
});

test('usage errors: no target, a password on the command line is not an option, unset --password-env', async () => {
  const a = capturedIo({ env: { HOME: tempDir() } });
  assert.equal(await runCli(['probe'], a.io), 2);
  assert.match(a.err(), /no appliance given/);
  const b = capturedIo({ env: { HOME: tempDir() } });
  assert.equal(await runCli(['probe', '--password', SECRET, 'admin@127.0.0.1'], b.io), 2);
  assert.match(b.err(), /unknown option "--password"/);
  assert.ok(!b.err().includes(SECRET));
  const c = capturedIo({ env: { HOME: tempDir() } });
  assert.equal(await runCli(['probe', '--password-env', 'NOPE', 'admin@127.0.0.1:1'], c.io), 2);
  assert.match(c.err(), /NOPE/);
  const d = capturedIo({ env: { HOME: tempDir() } });
  assert.equal(await runCli(['probe', '--timeout', 'x', 'admin@127.0.0.1'], d.io), 2);
});

test('without a terminal, a key or an agent the probe says how to give credentials instead of hanging', async () => {
  const { io, err } = capturedIo({ env: { HOME: tempDir() } });
  assert.equal(await runCli(['probe', 'admin@127.0.0.1:1'], io), 2);
  assert.match(err(), /use --identity, SSH_AUTH_SOCK or --password-env/);
});

test('the text report shows each problem with its evidence and advice', async () => {
  await withPreset('sma-offline', async (targets) => {
    const { io, out } = capturedIo({ env: { HOME: tempDir(), PVO_PW: SECRET } });
    assert.equal(await runCli(['probe', '--accept-new-host-key', '--password-env', 'PVO_PW', targets[1]], io), 1);
    const text = out();
    assert.match(text, /PROBLEM\s+system-online\s+System status: Offline\./);
    assert.match(text, /\| System status:\s+Offline/);
    assert.match(text, /→ Run `resume` on this appliance/);
    assert.match(text, /1 problem, \d+ unknown, 0 error/);
  });
});
