import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coreProbeSettings } from '../../client/src/appliance/coreBridge';
import { probeAppliances } from '../../client/src/appliance/probe';
import { limiter } from '../../client/src/appliance/ssh/limit';
import { baseEsa, baseSma, DEFAULT_USERS } from '../../client/src/appliance/simulator/presets';
import { startSimulator } from '../../client/src/appliance/simulator/server';
import { SHARED_DATA_DIR } from './appliance.support';

test('24 appliances are probed in parallel through one simulator, each with its own report', async () => {
  const esas = Array.from({ length: 23 }, (_, n) => baseEsa(`esa${n + 1}`, `mx${n + 1}.example.com`, `10.172.12.${100 + n}`));
  const sma = baseSma(esas.map((e) => e.interfaces[1].ip));
  const scenario = { id: 'fleet', title: 'fleet', description: '', appliances: [...esas, sma], users: DEFAULT_USERS, loginUser: 'admin', expectedProblems: {} };
  const sim = await startSimulator({ scenario, dataDir: SHARED_DATA_DIR });
  try {
    const started = Date.now();
    const report = await probeAppliances(
      sim.appliances.map((a) => ({ target: { label: a.id, alias: a.host, host: a.host, port: a.port, user: 'admin', identityFiles: [], knownHostsFiles: [] }, auth: { password: 'ironport', agent: false as const } })),
      { settings: coreProbeSettings(), onUnknownHostKey: () => true, concurrency: 24, commandTimeoutMs: 10_000 },
    );
    const elapsed = Date.now() - started;
    assert.equal(report.appliances.length, 24);
    for (const a of report.appliances) {
      const bad = a.checks.filter((c) => c.verdict === 'problem' || c.verdict === 'error');
      assert.deepEqual(bad.map((c) => `${c.id}: ${c.summary}`), [], a.target);
    }
    assert.ok(elapsed < 15_000, `took ${elapsed} ms`);
    assert.ok(sim.sessions() >= 48, 'every appliance had its own sessions');
  } finally {
    await sim.close();
  }
});

test('the connection gate lets at most its limit through at once, in turn, and frees a slot when a call fails', async () => {
  const gate = limiter(3);
  let inFlight = 0;
  let most = 0;
  const order: number[] = [];
  const results = await Promise.allSettled(
    Array.from({ length: 12 }, (_, n) =>
      gate(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        order.push(n);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (n % 4 === 0) throw new Error(`call ${n} failed`);
        return n;
      }),
    ),
  );
  assert.equal(most, 3);
  assert.deepEqual(order, [...order].sort((a, b) => a - b), 'first come, first served');
  assert.equal(results.filter((r) => r.status === 'rejected').length, 3);
  assert.equal(await gate(async () => 'still open'), 'still open');
});
