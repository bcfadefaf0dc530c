import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECK_IDS } from '../../client/src/appliance/checks';
import { PRESET_IDS, loadPreset } from '../../client/src/appliance/simulator/presets';
import { probeSimulator, problems, simulator } from './appliance.support';

test('check ids are the public contract, in report order', () => {
  assert.deepEqual(CHECK_IDS, [
    'ssh-reachable', 'account-role', 'system-online', 'cpq-listener', 'outbound-ciphers', 'tls-to-peer', 'delivery-interface',
    'peer-port-reachable', 'feature-keys', 'cluster-overrides', 'cluster-pvo-interface', 'cpq-queues', 'mail-log-tls-failures', 'running-config', 'pvo-pair',
  ]);
});

for (const preset of PRESET_IDS) {
  test(`preset ${preset}: every check runs on every appliance and only the preset's problem is reported`, async () => {
    const sim = await simulator(preset);
    try {
      const report = await probeSimulator(sim);
      const expected = loadPreset(preset).expectedProblems;
      for (const a of report.appliances) {
        assert.deepEqual(a.checks.map((c) => c.id), CHECK_IDS, `${a.target} runs every check`);
        for (const c of a.checks) {
          assert.notEqual(c.verdict, 'error', `${preset}/${a.target}/${c.id}: ${c.summary}`);
          assert.ok(c.summary.length > 0);
          if (c.verdict === 'problem') {
            assert.ok(c.advice, `${c.id} gives advice`);
            assert.ok(c.evidence.length > 0, `${preset}/${a.target}/${c.id} shows evidence`);
          }
        }
        assert.deepEqual(problems(report, a.target), [...expected[a.target]].sort(), `${preset}/${a.target}`);
      }
    } finally {
      await sim.close();
    }
  });
}

test('the anonymous-cipher preset shows the seed evidence: RC4-SHA:RC4-MD5:ALL, ADH-CAMELLIA256-SHA, no certificate from server', async () => {
  const sim = await simulator('anonymous-cipher');
  try {
    const report = await probeSimulator(sim, ['esa']);
    const checks = report.appliances[0].checks;
    const byId = (id: string) => checks.find((c) => c.id === id)!;
    assert.ok(byId('outbound-ciphers').evidence.some((e) => e.includes('RC4-SHA:RC4-MD5:ALL')));
    assert.match(byId('outbound-ciphers').advice ?? '', /-aNULL/);
    assert.ok(byId('tls-to-peer').evidence.some((e) => e.includes('ADH-CAMELLIA256-SHA')));
    assert.ok(byId('mail-log-tls-failures').evidence.some((e) => e.includes('no certificate from server')));
  } finally {
    await sim.close();
  }
});

test('feature keys on one cluster machine alone are unknown, not ok and not a problem', async () => {
  const sim = await simulator('feature-key-mismatch');
  try {
    const report = await probeSimulator(sim, ['esa1']);
    const fk = report.appliances[0].checks.find((c) => c.id === 'feature-keys')!;
    assert.equal(fk.verdict, 'unknown');
    assert.match(fk.summary, /only 1 could be read in this run/);
  } finally {
    await sim.close();
  }
});

test('--sma overrides the peer read from the cpq_listener HAT', async () => {
  const sim = await simulator('healthy');
  try {
    const report = await probeSimulator(sim, ['esa'], { settings: { smaAddresses: ['10.99.99.99'] } });
    const checks = report.appliances[0].checks;
    assert.equal(checks.find((c) => c.id === 'cpq-listener')!.verdict, 'problem');
    assert.equal(checks.find((c) => c.id === 'peer-port-reachable')!.verdict, 'problem');
  } finally {
    await sim.close();
  }
});

test('resume runs only after confirmation and brings an offline SMA back online', async () => {
  const { ApplianceConnection } = await import('../../client/src/appliance/ssh/connection');
  const { AsyncOsSession } = await import('../../client/src/appliance/ssh/cliSession');
  const { resumeAppliance } = await import('../../client/src/appliance/probe');
  const sim = await simulator('sma-offline');
  try {
    const a = sim.appliances.find((x) => x.id === 'sma')!;
    const conn = await ApplianceConnection.open({ host: a.host, port: a.port, username: 'admin', password: 'ironport', agent: false, onUnknownHostKey: () => true });
    const session = new AsyncOsSession(conn);
    assert.deepEqual(await resumeAppliance(session, async () => false), { resumed: false, output: '' });
    assert.match(await session.exec('status'), /System status:\s+Offline/);
    const r = await resumeAppliance(session, async () => true);
    assert.equal(r.resumed, true);
    assert.match(r.output, /Receiving resumed for euq_listener, cpq_listener\./);
    assert.match(await session.exec('status'), /System status:\s+Online/);
    session.close();
  } finally {
    await sim.close();
  }
});

test('pvo-pair: an SMA that does not relay for the ESA, and mismatched ports, are problems on both sides', async () => {
  const { startSimulator } = await import('../../client/src/appliance/simulator/server');
  const { SHARED_DATA_DIR } = await import('./appliance.support');
  const healthy = await simulator('healthy');
  try {
    const report = await probeSimulator(healthy);
    for (const a of report.appliances) assert.equal(a.checks.find((c) => c.id === 'pvo-pair')!.verdict, 'ok', a.target);
  } finally {
    await healthy.close();
  }
  const scenario = loadPreset('healthy');
  const sma = scenario.appliances.find((a) => a.id === 'sma')!;
  sma.listeners = sma.listeners.map((l) => (l.name === 'cpq_listener' ? { ...l, relayHosts: ['10.172.12.99'], port: 7055 } : l));
  const sim = await startSimulator({ scenario, dataDir: SHARED_DATA_DIR });
  try {
    const report = await probeSimulator(sim);
    const esa = report.appliances.find((a) => a.target === 'esa')!.checks.find((c) => c.id === 'pvo-pair')!;
    assert.equal(esa.verdict, 'problem');
    assert.match(esa.summary, /does not relay for this appliance/);
    assert.match(esa.summary, /PVO port 7025 here but 7055/);
  } finally {
    await sim.close();
  }
});

test('mail_logs: when the batch grep is not understood, the interactive grep menu is used', async () => {
  const { ApplianceFacts } = await import('../../client/src/appliance/checks/facts');
  const answers: string[] = [];
  const prompts = [
    'Currently configured logs:\n1. "antispam" Type: "Anti-Spam Logs"\n2. "mail_logs" Type: "IronPort Text Mail Logs" Retrieval: FTP Poll\nEnter the number of the log you wish to grep.\n[]> ',
    'Enter the regular expression to grep.\n[]> ',
    'Do you want this search to be case insensitive? [Y]> ',
    'Do you want to search for non-matching lines? [N]> ',
    'Do you want to tail the logs? [N]> ',
    'Do you want to paginate the output? [N]> ',
  ];
  const fake = {
    exec: async () => 'Unknown option: -e\n',
    dialog: async (command: string, options: { answers: (shown: string, step: number) => string }) => {
      assert.equal(command, 'grep');
      prompts.forEach((p, n) => answers.push(options.answers(p, n)));
      return 'Mon Apr 7 15:48:42 2014 Info: New SMTP DCID 3385734 interface 172.16.0.179 address 172.16.0.94 port 7025\nMon Apr 7 15:48:42 2014 Info: DCID 3385734 TLS failed: verify error: no certificate from server\n';
    },
  };
  const facts = new ApplianceFacts(fake as never);
  const log = await facts.mailLog();
  assert.ok(log.ok && log.value.tlsFailures.length === 1);
  assert.deepEqual(answers.map((a, n) => (n === 1 ? 'regex' : a)), ['2', 'regex', 'Y', 'N', 'N', 'N']);
});
