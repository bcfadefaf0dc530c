/**
 * The live checks against a real OpenSSH sshd (started by scripts/sshd-test) whose ForceCommand
 * runs the simulator's stdio mode: proves the client against the server real appliances and jump
 * hosts resemble — key exchange, host-key types, password and key auth, PTYs, exec requests.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CHECK_IDS } from '../../client/src/appliance/checks';
import { coreProbeSettings } from '../../client/src/appliance/coreBridge';
import { probeAppliances, type ProbeOptions } from '../../client/src/appliance/probe';
import { openApplianceSession } from '../../client/src/appliance/session';
import { PRESET_IDS, loadPreset } from '../../client/src/appliance/simulator/presets';
import { ApplianceConnection, SshError } from '../../client/src/appliance/ssh/connection';
import { keyTypeOf } from '../../client/src/appliance/ssh/hostKeys';
import type { ApplianceTarget } from '../../client/src/appliance/ssh/target';
import { resolveTarget } from '../../client/src/appliance/ssh/target';
import {
  SSHD_HOST_KEY_BLOB, SSHD_KBD_PASSWORD, SSHD_KBD_PORTS, SSHD_PASSWORD, SSHD_PORTS, SSHD_USER, SSHD_V6_PORTS, SSHD_V6_SKIP,
  sshdEnv, sshdKnownHosts, sshdKnownHostsLine, sshdTarget,
} from '../support/sshd';

const dir = mkdtempSync(path.join(tmpdir(), 'asyncos-pvo-sshd-client-'));

/** Every sshd port in one hashed known_hosts file. */
const KNOWN_HOSTS = path.join(dir, 'known_hosts');
writeFileSync(KNOWN_HOSTS, sshdKnownHosts([...Object.values(SSHD_PORTS), ...Object.values(SSHD_KBD_PORTS)]));

const target = (name: string): ApplianceTarget => sshdTarget(name, KNOWN_HOSTS);

function probe(names: string[], extra: Partial<ProbeOptions> = {}) {
  return probeAppliances(
    names.map((n) => ({ target: target(n), auth: { password: SSHD_PASSWORD, agent: false as const } })),
    { settings: coreProbeSettings(), commandTimeoutMs: 15_000, connectTimeoutMs: 10_000, ...extra },
  );
}

for (const preset of PRESET_IDS) {
  test(`through real sshd, preset ${preset} reports exactly its problem`, async () => {
    const scenario = loadPreset(preset);
    const report = await probe(scenario.appliances.map((a) => `${preset}/${a.id}`));
    for (const a of report.appliances) {
      assert.deepEqual(a.checks.map((c) => c.id), CHECK_IDS);
      for (const c of a.checks) assert.notEqual(c.verdict, 'error', `${preset}/${a.target}/${c.id}: ${c.summary}`);
      const got = a.checks.filter((c) => c.verdict === 'problem').map((c) => c.id).sort();
      assert.deepEqual(got, [...scenario.expectedProblems[a.target]].sort(), `${preset}/${a.target}`);
      assert.equal(a.checks[0].evidence[0]?.includes('(known)'), true, 'host key verified from hashed known_hosts');
    }
  });
}

test('through real sshd, the pager on a real PTY is answered and cut out', async () => {
  const report = await probe(['fault-pager/esa', 'fault-pager/sma']);
  const esa = report.appliances[0].checks;
  assert.ok(esa.every((c) => c.verdict !== 'error'), esa.filter((c) => c.verdict === 'error').map((c) => c.summary).join('; '));
  assert.deepEqual(esa.filter((c) => c.verdict === 'problem').map((c) => c.id).sort(), ['mail-log-tls-failures', 'outbound-ciphers', 'running-config', 'tls-to-peer']);
});

test('through real sshd, a session dropped mid-command is an error for that check only', async () => {
  const report = await probe(['fault-drop/esa', 'fault-drop/sma']);
  const esa = report.appliances[0].checks;
  assert.equal(esa.find((c) => c.id === 'outbound-ciphers')!.verdict, 'error');
  assert.equal(esa.find((c) => c.id === 'account-role')!.verdict, 'ok');
});

test('through real sshd, 20 sessions at once all complete', async () => {
  const names = Array.from({ length: 20 }, () => 'healthy/esa');
  const started = Date.now();
  const report = await probe(names, { concurrency: 20, only: ['account-role', 'system-online', 'outbound-ciphers'] });
  assert.equal(report.appliances.length, 20);
  for (const a of report.appliances) assert.deepEqual(a.checks.filter((c) => c.verdict !== 'ok').map((c) => `${c.id}: ${c.summary}`), []);
  assert.ok(Date.now() - started < 60_000);
});

test('through real sshd, an unknown host key is refused unless accepted', async () => {
  const port = SSHD_PORTS['healthy/esa'];
  await assert.rejects(
    ApplianceConnection.open({ host: '127.0.0.1', port, username: SSHD_USER, password: SSHD_PASSWORD, agent: false }),
    (e: SshError) => e.code === 'host-key-unknown',
  );
  const conn = await ApplianceConnection.open({ host: '127.0.0.1', port, username: SSHD_USER, password: SSHD_PASSWORD, agent: false, onUnknownHostKey: (i) => i.keyType === keyTypeOf(SSHD_HOST_KEY_BLOB) });
  conn.close();
});

test('through real sshd, a changed host key is refused with both fingerprints even when new keys are accepted', async () => {
  const port = SSHD_PORTS['healthy/esa'];
  const other = readFileSync(path.join(path.dirname(sshdEnv('PVO_SSHD_CLIENT_KEY')), 'client_key.pub'), 'utf8').split(/\s+/);
  const kh = path.join(dir, 'changed_known_hosts');
  writeFileSync(kh, `[127.0.0.1]:${port} ${other[0]} ${other[1]}\n`);
  await assert.rejects(
    ApplianceConnection.open({ host: '127.0.0.1', port, username: SSHD_USER, password: SSHD_PASSWORD, agent: false, knownHostsFiles: [kh], onUnknownHostKey: () => true }),
    (e: SshError) => e.code === 'host-key-changed' && (e.message.match(/SHA256:/g) ?? []).length >= 2,
  );
});

test('through real sshd, key-file auth with a passphrase works and a wrong password never shows up in the error', async () => {
  const port = SSHD_PORTS['healthy/esa'];
  const keyPath = sshdEnv('PVO_SSHD_CLIENT_KEY');
  const conn = await ApplianceConnection.open({
    host: '127.0.0.1', port, username: SSHD_USER, agent: false, knownHostsFiles: [KNOWN_HOSTS],
    privateKeys: [{ label: keyPath, data: readFileSync(keyPath), passphrase: sshdEnv('PVO_SSHD_CLIENT_KEY_PASSPHRASE') }],
  });
  conn.close();
  const wrong = 'Wrong-Sshd-Pass-91';
  await assert.rejects(
    ApplianceConnection.open({ host: '127.0.0.1', port, username: SSHD_USER, password: wrong, agent: false, knownHostsFiles: [KNOWN_HOSTS] }),
    (e: SshError) => e.code === 'auth' && !e.message.includes(wrong),
  );
});

test('through real sshd on IPv6 loopback, user@[::1]:port is probed with its host key known as [::1]:port', { skip: SSHD_V6_SKIP }, async () => {
  const ports = ['healthy/esa', 'healthy/sma'].map((n) => SSHD_V6_PORTS[n]);
  const kh = path.join(dir, 'v6_known_hosts');
  writeFileSync(kh, ports.map((p) => sshdKnownHostsLine('::1', p)).join(''));
  assert.match(readFileSync(kh, 'utf8'), /^\[::1\]:\d+ ssh-ed25519 /);
  const home = mkdtempSync(path.join(dir, 'home-'));
  const targets = ports.map((p) => ({ ...resolveTarget(`${SSHD_USER}@[::1]:${p}`, { sshConfigText: '', home }), knownHostsFiles: [kh] }));
  assert.deepEqual(targets.map((t) => t.host), ['::1', '::1']);
  const report = await probeAppliances(
    targets.map((target) => ({ target, auth: { password: SSHD_PASSWORD, agent: false as const } })),
    { settings: coreProbeSettings(), commandTimeoutMs: 15_000, connectTimeoutMs: 10_000 },
  );
  for (const a of report.appliances) {
    assert.deepEqual(a.checks.map((c) => c.id), CHECK_IDS);
    assert.deepEqual(a.checks.filter((c) => c.verdict === 'problem' || c.verdict === 'error').map((c) => `${c.id}: ${c.summary}`), [], a.target);
    assert.match(a.checks[0].evidence[0] ?? '', /ssh-ed25519 SHA256:\S+ \(known\)/, 'host key verified from the [::1]:port entry');
  }
});

test('through real sshd, an appliance that offers only keyboard-interactive (PAM) logs in with the password and is probed', async () => {
  const port = SSHD_KBD_PORTS['healthy/esa'];
  const target = { ...sshdTarget('healthy/esa', KNOWN_HOSTS), port };
  const report = await probeAppliances([{ target, auth: { password: SSHD_KBD_PASSWORD, agent: false } }], {
    settings: coreProbeSettings(), commandTimeoutMs: 15_000, connectTimeoutMs: 10_000,
  });
  const checks = report.appliances[0].checks;
  assert.equal(checks[0].summary, `Connected and authenticated as ${SSHD_USER}.`);
  assert.deepEqual(checks.filter((c) => c.verdict === 'problem' || c.verdict === 'error').map((c) => `${c.id}: ${c.summary}`), []);
  const open = (password: string, tryKeyboardInteractive?: boolean) =>
    ApplianceConnection.open({ host: '127.0.0.1', port, username: SSHD_USER, password, tryKeyboardInteractive, agent: false, knownHostsFiles: [KNOWN_HOSTS] });
  await assert.rejects(open(SSHD_KBD_PASSWORD, false), (e: SshError) => e.code === 'auth' && e.message.endsWith('(tried: password)'), 'the password method alone is refused');
  await assert.rejects(open(SSHD_PASSWORD), (e: SshError) => e.code === 'auth', "the test user's system password is not what this sshd checks");
  const wrong = 'Wrong-Kbd-Answer-57';
  await assert.rejects(open(wrong), (e: SshError) => e.code === 'auth' && e.message.endsWith('(tried: password, keyboard-interactive)') && !e.message.includes(wrong));
});

test('through real sshd as two jump hosts, ProxyJump a,b reaches the appliances: each hop\'s host key checked, the normal verdicts', async () => {
  const jumpPort = SSHD_PORTS['jump/esa'];
  const jump = `${SSHD_USER}@127.0.0.1:${jumpPort}`;
  // The appliances' keys are known; the jump host's is not, so each time it is asked for shows a hop verified.
  const kh = path.join(dir, 'appliances_known_hosts');
  writeFileSync(kh, sshdKnownHosts([SSHD_PORTS['healthy/esa'], SSHD_PORTS['healthy/sma']]));
  const asked: number[] = [];
  const report = await probeAppliances(
    ['healthy/esa', 'healthy/sma'].map((n) => ({ target: { ...sshdTarget(n, kh), proxyJump: `${jump},${jump}` }, auth: { password: SSHD_PASSWORD, agent: false as const } })),
    { settings: coreProbeSettings(), commandTimeoutMs: 15_000, connectTimeoutMs: 10_000, onUnknownHostKey: (i) => (asked.push(i.port), true) },
  );
  assert.deepEqual(asked, [jumpPort, jumpPort, jumpPort, jumpPort], 'both hops of both appliances');
  for (const a of report.appliances) {
    assert.deepEqual(a.checks.filter((c) => c.verdict === 'problem' || c.verdict === 'error').map((c) => `${c.id}: ${c.summary}`), [], a.target);
    assert.match(a.checks[0].evidence[0] ?? '', /\(known\)$/, 'the appliance\'s own key from known_hosts');
  }
  // A second hop that allows no forwarding (as every other port of this sshd) is named in the error.
  const noForwarding = SSHD_PORTS['healthy/sma'];
  await assert.rejects(
    openApplianceSession({ ...sshdTarget('healthy/esa', KNOWN_HOSTS), proxyJump: `${jump},${SSHD_USER}@127.0.0.1:${noForwarding}` }, { password: SSHD_PASSWORD, agent: false }),
    (e: SshError) => e.code === 'unreachable' && e.message.startsWith(`jump host [127.0.0.1]:${noForwarding} cannot open [127.0.0.1]:${SSHD_PORTS['healthy/esa']}`),
  );
});
