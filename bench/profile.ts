/**
 * Where the lint's time goes: runs the CLI on a generated input under
 * `node --cpu-prof` and sums the profile's self time by function and by area
 * (the XML parser library, the core's XML tree, the model, each rule family).
 *
 *   node out/bench/profile.js [100KB|1MB|10MB|50MB] [--top N]
 *
 * Writes test-results/profiles/lint-<size>.cpuprofile (open it in Chrome's
 * DevTools or VS Code) and prints the summary.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SEED, ensureInputs } from './generate';
import { REPO_ROOT, round, table } from './util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The area a frame belongs to, from its file: coarse enough to read at a glance. */
export function areaOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)' || functionName === '(idle)') return 'node (program, idle)';
  const m = /\/(node_modules\/[^/]+)\//.exec(url);
  if (m) return m[1].replace('node_modules/', '');
  const src = /(?:server|client)\/src\/(.*)$/.exec(url.replace(/\.js$/, '.ts'));
  if (src) {
    const p = src[1];
    if (/^core\/(hat|ciphers|cluster|network)\//.test(p)) return `core/${p.split('/')[1]}${p.includes('/rules/') ? ' rules' : ''}`;
    if (/^core\/rules\//.test(p)) return 'core/rules';
    return p.split('/').slice(0, 2).join('/').replace(/\.ts$/, '');
  }
  if (url.startsWith('node:') || url === '') return 'node internals';
  return path.basename(url);
}

export function summariseProfile(profile: CpuProfile, top: number): { byArea: [string, number][]; byFunction: [string, number][]; totalMs: number } {
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const where = url ? `${url.replace(/^.*\/(out|node_modules)\//, '').replace(/^file:\/\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v / 1000, 1)] as [string, number]);
  return { byArea: sorted(byArea), byFunction: sorted(byFunction).slice(0, top), totalMs: round(total / 1000, 1) };
}

function main(): void {
  const args = process.argv.slice(2);
  const label = args.find((a) => /^\d+(KB|MB)$/.test(a)) ?? '10MB';
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
  const outDir = path.join(REPO_ROOT, 'test-results', 'profiles');
  const file = ensureInputs(path.join(REPO_ROOT, 'test-results', 'bench-inputs'), [label], DEFAULT_SEED)[label];
  const scratch = path.join(outDir, `tmp-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  // The unbundled build, so that each frame names its source file.
  const cli = ['out/server/src/cli/main.js', 'lint', '--format', 'json', file];
  const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${scratch}`, ...cli], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0 && run.status !== 1) throw new Error(`lint exited ${run.status}`);
  const written = readdirSync(scratch).find((f) => f.endsWith('.cpuprofile'));
  if (!written) throw new Error('node wrote no profile');
  const target = path.join(outDir, `lint-${label}.cpuprofile`);
  renameSync(path.join(scratch, written), target);
  rmSync(scratch, { recursive: true, force: true });
  const summary = summariseProfile(JSON.parse(readFileSync(target, 'utf8')) as CpuProfile, top);
  const pct = (ms: number) => `${round((100 * ms) / summary.totalMs, 1)} %`;
  process.stdout.write(`lint of the ${label} input: ${summary.totalMs} ms of samples (${path.relative(REPO_ROOT, target)})\n\n`);
  process.stdout.write(`${table([['area', 'self ms', 'share'], ...summary.byArea.map(([k, v]) => [k, v, pct(v)])])}\n\n`);
  process.stdout.write(`${table([['function', 'self ms', 'share'], ...summary.byFunction.map(([k, v]) => [k, v, pct(v)])])}\n`);
}

if (require.main === module) main();
