import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { passwordOf, probeSimulator, simulator } from './appliance.support';

test('the probe reports every command it sends with its duration, and never the password', async () => {
  const sim = await simulator('sma-offline');
  try {
    const seen: { target: string; command: string; ms: number; failed: boolean }[] = [];
    const report = await probeSimulator(sim, ['sma'], { onCommand: (target, command, ms, failed) => seen.push({ target: target.label, command, ms, failed }) });
    const commands = seen.map((s) => s.command);
    // Checks may skip a command they list (facts are shared and some are conditional), but what is
    // sent is always one of the commands the checks name.
    const named = new Set(report.appliances[0].checks.flatMap((c) => c.commands.map((r) => r.split(' ')[0])));
    for (const c of commands) assert.ok(named.has(c.split(' ')[0]), `${c} is a command some check names`);
    for (const c of ['whoami', 'status', 'showconfig', 'sslconfig']) assert.ok(commands.includes(c), `${c} in ${commands.join(', ')}`);
    for (const s of seen) {
      assert.equal(s.target, 'sma');
      assert.ok(Number.isInteger(s.ms) && s.ms >= 0, `${s.command}: ${s.ms} ms`);
    }
    assert.ok(!JSON.stringify(seen).includes(passwordOf(sim)), 'no password in what the hook reports');
  } finally {
    await sim.close();
  }
});

test('a run without the hook behaves as before (the hook is optional)', async () => {
  const sim = await simulator('healthy');
  try {
    const report = await probeSimulator(sim, ['esa']);
    assert.equal(report.appliances[0].checks.find((c) => c.id === 'ssh-reachable')?.verdict, 'ok');
  } finally {
    await sim.close();
  }
});
