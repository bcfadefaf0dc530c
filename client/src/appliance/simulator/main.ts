/**
 * `npm run sim`: starts the appliance simulator on loopback and keeps it running until Ctrl-C.
 *
 *   npm run sim -- [--preset <id>] [--port <first port>] [--data-dir <dir>] [--fault <spec>]... [--latency <spec>]... [--list]
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseFault, type Fault } from './faults';
import { formatLatency, latencyArgs } from './latency';
import { PRESET_IDS, loadPreset } from './presets';
import { startSimulator } from './server';

function argValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'asyncos-pvo', 'simulator');
}

const USAGE = `Usage: npm run sim -- [--preset <id>] [--port <n>] [--data-dir <dir>] [--fault <kind[:command][@n]>]... [--latency [<appliance>=]<ms>[-<max ms>][:<seed>]]...

  --preset <id>      the scenario (below); healthy by default
  --port <n>         first port; each further appliance takes the next one (default: free ports)
  --data-dir <dir>   where the host key is kept (default: $XDG_DATA_HOME/asyncos-pvo/simulator)
  --fault <spec>     inject a fault (docs/SIMULATOR.md), e.g. pager:featurekey@6
  --latency <spec>   wait before each command's output, as real appliances do (0.2-2 s): 500 waits
                     500 ms; 200-2000 draws each wait from that range with a seeded generator (seed 1,
                     or 200-2000:7 for seed 7); esa=800 only for appliance esa. Default: none.

Presets:
`;

async function main(args: string[]): Promise<void> {
  if (args.includes('--list') || args.includes('--help')) {
    process.stdout.write(USAGE);
    for (const id of PRESET_IDS) process.stdout.write(`  ${id.padEnd(30)} ${loadPreset(id).title}\n`);
    return;
  }
  const faults: Fault[] = [];
  args.forEach((a, n) => {
    if (a === '--fault' && args[n + 1]) faults.push(parseFault(args[n + 1]));
  });
  const preset = argValue(args, '--preset') ?? 'healthy';
  const sim = await startSimulator({
    scenario: preset,
    dataDir: argValue(args, '--data-dir') ?? defaultDataDir(process.env),
    basePort: Number(argValue(args, '--port') ?? 0) || undefined,
    faults,
    latency: latencyArgs(args),
  });
  // Handlers first: whoever reads the banner may press Ctrl-C the moment it appears.
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const out = process.stdout;
  out.write(`AsyncOS appliance simulator — ${sim.scenario.title}\n${sim.scenario.description}\n\n`);
  for (const a of sim.appliances) out.write(`  ${a.id.padEnd(5)} ${a.kind.toUpperCase()}  ${a.hostname.padEnd(18)} ssh -p ${a.port} ${sim.scenario.loginUser}@${a.host}\n`);
  out.write('\nUsers:\n');
  for (const u of sim.users) out.write(`  ${u.name.padEnd(9)} role ${u.role.padEnd(8)} password ${u.password}\n`);
  out.write(`\nHost key: ${sim.hostKeyPath}\nFingerprint: ${sim.fingerprint}\n`);
  if (faults.length) out.write(`Faults: ${faults.map((f) => f.kind + (f.command ? `:${f.command}` : '')).join(', ')}\n`);
  const slow = sim.appliances.filter((a) => a.latency);
  if (slow.length) out.write(`Latency: ${slow.map((a) => `${a.id} ${formatLatency(a.latency!)} ms`).join(', ')}\n`);
  const targets = sim.appliances.map((a) => `${sim.scenario.loginUser}@${a.host}:${a.port}`).join(' ');
  out.write(`\nTry: asyncos-pvo probe --accept-new-host-key --password-env PVO_PASSWORD ${targets}\nPress Ctrl-C to stop.\n`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`simulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
