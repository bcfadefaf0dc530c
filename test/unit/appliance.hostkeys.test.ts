import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { utils } from 'ssh2';
import { generateKeyFile } from '../../client/src/appliance/simulator/keys';
import { ApplianceConnection, SshError } from '../../client/src/appliance/ssh/connection';
import {
  entryMatches,
  fingerprint,
  hashedKnownHostsLine,
  HostKeyStore,
  parseKnownHosts,
  verifyHostKey,
} from '../../client/src/appliance/ssh/hostKeys';
import { probeSimulator, simulator, tempDir } from './appliance.support';

function publicBlob(keyPath: string): Buffer {
  const k = utils.parseKey(readFileSync(keyPath));
  return (Array.isArray(k) ? k[0] : k as Exclude<typeof k, Error>).getPublicSSH() as Buffer;
}

test('known_hosts: plain, [host]:port, wildcard, negation and hashed entries match as OpenSSH does', async () => {
  const dir = tempDir();
  await generateKeyFile(path.join(dir, 'k'), 'ed25519');
  const blob = publicBlob(path.join(dir, 'k'));
  const b64 = blob.toString('base64');
  const entries = parseKnownHosts(
    [
      `esa.example.com ssh-ed25519 ${b64}`,
      `[127.0.0.1]:2222 ssh-ed25519 ${b64}`,
      `*.lab.example.com,!bad.lab.example.com ssh-ed25519 ${b64}`,
      hashedKnownHostsLine('10.172.12.17', 22, blob),
      '# comment',
      'garbage line',
    ].join('\n'),
    'kh',
  );
  assert.equal(entries.length, 4);
  assert.ok(entryMatches(entries[0], 'ESA.example.com', 22));
  assert.ok(!entryMatches(entries[0], 'esa.example.com', 2222));
  assert.ok(entryMatches(entries[1], '127.0.0.1', 2222));
  assert.ok(entryMatches(entries[2], 'mx.lab.example.com', 22));
  assert.ok(!entryMatches(entries[2], 'bad.lab.example.com', 22));
  assert.ok(entryMatches(entries[3], '10.172.12.17', 22));
  assert.ok(!entryMatches(entries[3], '10.172.12.18', 22));
  assert.equal(verifyHostKey(entries, '10.172.12.17', 22, blob).status, 'known');
});

test('a different key of the same type is "changed" and names both fingerprints; another type is "unknown"', async () => {
  const dir = tempDir();
  await generateKeyFile(path.join(dir, 'a'), 'ed25519');
  await generateKeyFile(path.join(dir, 'b'), 'ed25519');
  await generateKeyFile(path.join(dir, 'r'), 'rsa');
  const a = publicBlob(path.join(dir, 'a'));
  const b = publicBlob(path.join(dir, 'b'));
  const r = publicBlob(path.join(dir, 'r'));
  const entries = parseKnownHosts(`host.example ssh-ed25519 ${a.toString('base64')}`, 'kh');
  const changed = verifyHostKey(entries, 'host.example', 22, b);
  assert.equal(changed.status, 'changed');
  if (changed.status === 'changed') assert.equal(changed.expected[0].fingerprint, fingerprint(a));
  const other = verifyHostKey(entries, 'host.example', 22, r);
  assert.deepEqual(other.status === 'unknown' && other.otherKeyTypes, ['ssh-ed25519']);
  const revoked = parseKnownHosts(`@revoked * ssh-ed25519 ${a.toString('base64')}`, 'kh');
  assert.equal(verifyHostKey(revoked, 'host.example', 22, a).status, 'revoked');
});

test('an unknown host key is refused unless the caller accepts it; accepted keys are stored and then known', async () => {
  const sim = await simulator('healthy');
  const dir = tempDir();
  const store = new HostKeyStore(path.join(dir, 'store', 'known_hosts'));
  const a = sim.appliances[0];
  try {
    await assert.rejects(
      ApplianceConnection.open({ host: a.host, port: a.port, username: 'admin', password: 'ironport', agent: false, hostKeyStore: store }),
      (e: SshError) => e.code === 'host-key-unknown' && e.message.includes(sim.fingerprint),
    );
    let asked = 0;
    const conn = await ApplianceConnection.open({
      host: a.host, port: a.port, username: 'admin', password: 'ironport', agent: false, hostKeyStore: store,
      onUnknownHostKey: (info) => {
        asked++;
        assert.equal(info.fingerprint, sim.fingerprint);
        return true;
      },
    });
    conn.close();
    assert.equal(asked, 1);
    const again = await ApplianceConnection.open({ host: a.host, port: a.port, username: 'admin', password: 'ironport', agent: false, hostKeyStore: store, onUnknownHostKey: () => assert.fail('asked twice') });
    assert.equal(again.hostKey.status, 'known');
    again.close();
  } finally {
    await sim.close();
  }
});

test('a hashed known_hosts entry is trusted without asking', async () => {
  const sim = await simulator('healthy');
  const dir = tempDir();
  const a = sim.appliances[0];
  try {
    const kh = path.join(dir, 'known_hosts');
    writeFileSync(kh, hashedKnownHostsLine(a.host, a.port, publicBlob(sim.hostKeyPath)) + '\n');
    const conn = await ApplianceConnection.open({ host: a.host, port: a.port, username: 'admin', password: 'ironport', agent: false, knownHostsFiles: [kh] });
    assert.equal(conn.hostKey.status, 'known');
    conn.close();
  } finally {
    await sim.close();
  }
});

test('a changed host key is refused in every path, even when the caller would accept new keys, with both fingerprints', async () => {
  const dir = tempDir();
  const first = await simulator('healthy', undefined, path.join(dir, 'one'));
  const { host, port } = first.appliances[0];
  const oldFp = first.fingerprint;
  const store = new HostKeyStore(path.join(dir, 'known_hosts'));
  const c = await ApplianceConnection.open({ host, port, username: 'admin', password: 'ironport', agent: false, hostKeyStore: store, onUnknownHostKey: () => true });
  c.close();
  await first.close();
  const { startSimulator } = await import('../../client/src/appliance/simulator/server');
  const second = await startSimulator({ scenario: 'healthy', dataDir: path.join(dir, 'two'), basePort: port });
  try {
    assert.notEqual(second.fingerprint, oldFp);
    await assert.rejects(
      ApplianceConnection.open({ host, port, username: 'admin', password: 'ironport', agent: false, hostKeyStore: store, onUnknownHostKey: () => true }),
      (e: SshError) => e.code === 'host-key-changed' && e.message.includes(oldFp) && e.message.includes(second.fingerprint),
    );
    assert.throws(() => store.add(host, port, publicBlob(second.hostKeyPath)), /refusing/);
    const report = await probeSimulator(second, ['esa'], { hostKeyStore: store, onUnknownHostKey: () => true });
    const ssh = report.appliances[0].checks[0];
    assert.equal(ssh.verdict, 'problem');
    assert.match(ssh.summary, /HOST KEY CHANGED/);
    assert.ok(ssh.summary.includes(oldFp) && ssh.summary.includes(second.fingerprint));
    assert.ok(report.appliances[0].checks.slice(1).every((x) => x.verdict === 'unknown'));
  } finally {
    await second.close();
  }
});
