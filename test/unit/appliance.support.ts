/** Shared set-up for the appliance tests: a simulator per test, on loopback only. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { coreProbeSettings } from '../../client/src/appliance/coreBridge';
import { probeAppliances, type ProbeOptions, type ProbeReport } from '../../client/src/appliance/probe';
import type { Fault } from '../../client/src/appliance/simulator/faults';
import { startSimulator, type RunningSimulator } from '../../client/src/appliance/simulator/server';
import type { ApplianceTarget } from '../../client/src/appliance/ssh/target';

const created: string[] = [];
process.on('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

export const tempDir = (prefix = 'asyncos-pvo-test-') => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
};

/** One host key for the whole test run: generating one per simulator would only slow tests down. */
export const SHARED_DATA_DIR = tempDir('asyncos-pvo-sim-');

export async function simulator(preset: string, faults?: Fault[] | Record<string, Fault[]>, dataDir = SHARED_DATA_DIR): Promise<RunningSimulator> {
  return startSimulator({ scenario: preset, dataDir, faults });
}

export function targetOf(sim: RunningSimulator, id: string, user = sim.scenario.loginUser): ApplianceTarget {
  const a = sim.appliances.find((x) => x.id === id);
  if (!a) throw new Error(`no appliance ${id}`);
  return { label: id, alias: a.host, host: a.host, port: a.port, user, identityFiles: [], knownHostsFiles: [] };
}

export function passwordOf(sim: RunningSimulator, user = sim.scenario.loginUser): string {
  return sim.users.find((u) => u.name === user)!.password;
}

export async function probeSimulator(sim: RunningSimulator, ids = sim.appliances.map((a) => a.id), extra: Partial<ProbeOptions> = {}): Promise<ProbeReport> {
  return probeAppliances(
    ids.map((id) => ({ target: targetOf(sim, id), auth: { password: passwordOf(sim), agent: false as const } })),
    { settings: coreProbeSettings(), onUnknownHostKey: () => true, commandTimeoutMs: 5000, connectTimeoutMs: 5000, ...extra },
  );
}

export function problems(report: ProbeReport, target: string): string[] {
  return report.appliances.find((a) => a.target === target)!.checks.filter((c) => c.verdict === 'problem').map((c) => c.id).sort();
}
