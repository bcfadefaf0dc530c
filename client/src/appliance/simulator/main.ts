/**
 * `npm run sim`: starts the appliance simulator on loopback and keeps it running until Ctrl-C.
 *
 *   npm run sim -- [--preset <id>] [--port <first port>] [--data-dir <dir>] [--fault <spec>]... [--list]
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseFault, type Fault } from './faults';
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

async function main(args: string[]): Promise<void> {
  if (args.includes('--list') || args.includes('--help')) {
    process.stdout.write('Usage: npm run sim -- [--preset <id>] [--port <n>] [--data-dir <dir>] [--fault <kind[:command][@n]>]...\n\nPresets:\n');
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
  const targets = sim.appliances.map((a) => `${sim.scenario.loginUser}@${a.host}:${a.port}`).join(' ');
  out.write(`\nTry: asyncos-pvo probe --accept-new-host-key --password-env PVO_PASSWORD ${targets}\nPress Ctrl-C to stop.\n`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`simulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
