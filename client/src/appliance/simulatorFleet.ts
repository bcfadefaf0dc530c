/**
 * Every simulator preset at once, each on its own loopback ports, for the editor's "Start
 * Simulator" and the project's main command. The presets' demo accounts are part of the
 * simulator's public definition, so handing them back here leaks nothing.
 */
import { PRESET_IDS } from './simulator/presets';
import { startSimulator, type RunningSimulator } from './simulator/server';

export interface FleetAppliance {
  /** `preset/appliance id`, unique across the fleet. */
  id: string;
  preset: string;
  presetTitle: string;
  kind: 'esa' | 'sma';
  hostname: string;
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface RunningFleet {
  appliances: FleetAppliance[];
  fingerprint: string;
  close(): Promise<void>;
}

export interface FleetOptions {
  /** Keeps the host key between runs, so an accepted key stays valid. */
  dataDir: string;
  /** First port; each appliance takes the next one. 0 or absent picks free ports. */
  basePort?: number;
  presets?: readonly string[];
}

export async function startSimulatorFleet(options: FleetOptions): Promise<RunningFleet> {
  const running: RunningSimulator[] = [];
  const appliances: FleetAppliance[] = [];
  let nextPort = options.basePort || 0;
  try {
    for (const preset of options.presets ?? PRESET_IDS) {
      const sim = await startSimulator({ scenario: preset, dataDir: options.dataDir, host: '127.0.0.1', basePort: nextPort || undefined });
      running.push(sim);
      if (nextPort) nextPort += sim.appliances.length;
      const login = sim.users.find((u) => u.name === sim.scenario.loginUser);
      for (const a of sim.appliances) {
        appliances.push({
          id: `${preset}/${a.id}`,
          preset,
          presetTitle: sim.scenario.title,
          kind: a.kind,
          hostname: a.hostname,
          host: a.host,
          port: a.port,
          user: sim.scenario.loginUser,
          password: login?.password ?? '',
        });
      }
    }
  } catch (e) {
    await Promise.all(running.map((s) => s.close()));
    throw e;
  }
  return {
    appliances,
    fingerprint: running[0]?.fingerprint ?? '',
    close: async () => {
      await Promise.all(running.map((s) => s.close()));
    },
  };
}
