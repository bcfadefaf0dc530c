/**
 * Runs the appliance simulator in a process of its own for the probe
 * benchmarks, so the simulated appliances' SSH crypto does not share an event
 * loop with the client being measured (real appliances are other machines).
 *
 *   node out/bench/simHost.js <appliances> <dataDir> [--latency <spec>] [--key <authorized public key line>]
 *
 * `--latency` is the simulator's own (docs/SIMULATOR.md): each command waits that long before its output.
 * Prints one JSON line (ports, user, password, host key) and runs until stdin closes.
 */
import { readFileSync } from 'node:fs';
import { utils } from 'ssh2';
import { baseEsa, baseSma, loadPreset } from '../client/src/appliance/simulator/presets';
import { parseLatency } from '../client/src/appliance/simulator/latency';
import { startSimulator } from '../client/src/appliance/simulator/server';
import type { Scenario } from '../client/src/appliance/simulator/model';

export interface SimHostInfo {
  appliances: { id: string; host: string; port: number }[];
  user: string;
  password: string;
  hostKeyBase64: string;
}

/** The healthy preset, widened to `count` ESAs that all share one SMA. */
function fleet(count: number): Scenario {
  const base = loadPreset('healthy');
  if (count <= 1) return { ...base, appliances: base.appliances.filter((a) => a.kind === 'esa') };
  const ips = Array.from({ length: count }, (_, n) => `10.172.${12 + (n >> 8)}.${(n % 200) + 30}`);
  const esas = ips.map((ip, n) => baseEsa(`esa${n + 1}`, `mx${n + 1}.example.com`, ip));
  return { ...base, appliances: [...esas, baseSma(ips)], expectedProblems: {} };
}

async function main(): Promise<void> {
  const [countText, dataDir, ...rest] = process.argv.slice(2);
  const option = (name: string) => {
    const at = rest.indexOf(name);
    return at >= 0 ? rest[at + 1] : undefined;
  };
  const scenario = fleet(Number(countText) || 1);
  const user = scenario.users.find((u) => u.name === scenario.loginUser)!;
  const publicKey = option('--key');
  if (publicKey) user.authorizedKeys = [...(user.authorizedKeys ?? []), publicKey];
  const latency = option('--latency');
  const sim = await startSimulator({ scenario, dataDir, host: '127.0.0.1', latency: latency ? parseLatency(latency) : undefined });
  const parsed = utils.parseKey(readFileSync(sim.hostKeyPath));
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key instanceof Error) throw key;
  const info: SimHostInfo = {
    appliances: sim.appliances.filter((a) => a.kind === 'esa').map((a) => ({ id: a.id, host: a.host, port: a.port })),
    user: user.name,
    password: user.password,
    hostKeyBase64: key.getPublicSSH().toString('base64'),
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  // A line `cpu` on stdin asks for the CPU time spent so far: the probe benchmarks bill it to the run they time.
  let pending = '';
  process.stdin.on('data', (d) => {
    pending += d;
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line === 'cpu') {
        const u = process.cpuUsage();
        process.stdout.write(`${JSON.stringify({ cpuMs: (u.user + u.system) / 1000 })}\n`);
      }
    }
  });
  process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`simHost: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
