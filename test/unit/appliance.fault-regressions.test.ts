/**
 * Bugs the SSH fault tests found in the appliance layer, one test each, named after what the
 * user saw before the fix.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import { AsyncOsSession } from '../../client/src/appliance/ssh/cliSession';
import { ApplianceConnection, SshError } from '../../client/src/appliance/ssh/connection';
import { probeSimulator, simulator, tempDir } from './appliance.support';

test('a stale SSH_AUTH_SOCK no longer fails every login with "Failed to connect to agent": the password still gets its turn', async () => {
  const sim = await simulator('healthy');
  try {
    const esa = sim.appliances.find((a) => a.id === 'esa')!;
    const stale = path.join(tempDir(), 'gone-agent.sock');
    const conn = await ApplianceConnection.open({ host: esa.host, port: esa.port, username: 'admin', password: 'ironport', agent: stale, onUnknownHostKey: () => true, connectTimeoutMs: 3000 });
    conn.close();
    // With nothing else to try, the failure is an authentication failure that names the agent.
    await assert.rejects(
      ApplianceConnection.open({ host: esa.host, port: esa.port, username: 'admin', agent: stale, onUnknownHostKey: () => true, connectTimeoutMs: 3000 }),
      (e: SshError) => {
        assert.equal(e.code, 'auth');
        assert.match(e.message, /failed \(tried: agent; the ssh-agent at .*gone-agent\.sock could not be used: Failed to connect to agent\)/);
        return true;
      },
    );
  } finally {
    await sim.close();
  }
});

test('a long output that pages more than 60 times is read to the end, not given up as "kept asking questions"', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'pager', command: 'showconfig', pageLines: 3 }] });
  try {
    const esa = sim.appliances.find((a) => a.id === 'esa')!;
    const session = new AsyncOsSession(await ApplianceConnection.open({ host: esa.host, port: esa.port, username: 'admin', password: 'ironport', agent: false, onUnknownHostKey: () => true }), { commandTimeoutMs: 2000 });
    const out = await session.dialog('showconfig', { answers: (shown) => (/passphrase option/i.test(shown) ? '1' : /mask the pass/i.test(shown) ? 'Y' : '') });
    assert.ok(out.split('\n').length > 100, `only ${out.split('\n').length} lines`);
    assert.match(out, /<\/config>/);
    assert.doesNotMatch(out, /Press Any Key/);
    session.close();
    const report = await probeSimulator(sim, ['esa'], { commandTimeoutMs: 2000, only: ['running-config'] });
    assert.deepEqual(report.appliances[0].checks.map((c) => `${c.id}: ${c.verdict}`), ['ssh-reachable: ok', 'running-config: ok']);
  } finally {
    await sim.close();
  }
});

test('pvo-pair on the SMA no longer shows the ESA\'s failure as its own error, nor says "no ESA in this run" when the ESA was unreachable', async () => {
  const sim = await simulator('healthy', { esa: [{ kind: 'wrong-prompt' }] });
  try {
    const report = await probeSimulator(sim, ['esa', 'sma'], { commandTimeoutMs: 1000, only: ['pvo-pair'] });
    const pair = report.appliances[1].checks.find((c) => c.id === 'pvo-pair')!;
    assert.equal(pair.verdict, 'unknown', pair.summary);
    assert.match(pair.summary, /could not be read/);
    assert.match(pair.evidence.join('\n'), /^esa could not be read: no AsyncOS prompt/m);
    sim.appliances.find((a) => a.id === 'esa')!.setFaults([{ kind: 'reset' }]);
    const again = await probeSimulator(sim, ['esa', 'sma'], { only: ['pvo-pair'] });
    const alone = again.appliances[1].checks.find((c) => c.id === 'pvo-pair')!;
    assert.equal(alone.verdict, 'unknown');
    assert.match(alone.summary, /^No ESA in this probe run to compare with \(1 other appliance\(s\) of the run could not be read\)\.$/);
    assert.match(alone.evidence.join('\n'), /^esa could not be read: connection to .* was reset|closed the connection/m);
  } finally {
    await sim.close();
  }
});

/** A shell channel whose close is confirmed only when the test says so, as sshd does once the appliance's side has ended. */
class FakeShell extends EventEmitter {
  readonly stderr = new EventEmitter();
  constructor(private readonly answer: (line: string) => string | undefined) {
    super();
  }
  write(data: string): boolean {
    const reply = this.answer(data.replace(/\n$/, ''));
    if (reply !== undefined) setImmediate(() => this.emit('data', Buffer.from(reply)));
    return true;
  }
  close(): void {}
}

test('after a command timeout, the old shell\'s late close no longer fails the next command as "connection dropped"', async () => {
  const silent = new FakeShell(() => undefined);
  const healthy = new FakeShell((line) => (line === 'sslconfig' ? 'sslconfig\nOutbound SMTP ciphers: ALL\nmx.example.com> ' : undefined));
  const shells = [silent, healthy];
  const connection = {
    where: '[127.0.0.1]:22',
    isOpen: true,
    async shell() {
      const next = shells.shift()!;
      if (next === healthy) {
        // sshd confirms the discarded shell's close after the new shell is open, then the new one prompts.
        setImmediate(() => {
          silent.emit('close');
          healthy.emit('data', Buffer.from('mx.example.com> '));
        });
      }
      return next;
    },
    close() {},
  };
  const session = new AsyncOsSession(connection as unknown as ApplianceConnection, { commandTimeoutMs: 300 });
  await assert.rejects(session.dialog('showconfig'), (e: SshError) => e.code === 'command-timeout' && /first prompt/.test(e.message));
  assert.match(await session.dialog('sslconfig'), /Outbound SMTP ciphers: ALL/);
});
