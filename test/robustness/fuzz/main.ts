/**
 * The long fuzz run (`npm run fuzz`), outside CI: at least 100 000 cases per
 * target, a fresh seed each time unless one is given. Targets run in
 * parallel processes, one per target, up to --jobs at a time.
 *
 * Usage: node out/test/robustness/fuzz/main.js [--cases N] [--seed S] [--jobs J] [--target NAME]...
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { describeFailure, FUZZ_RESULTS, runTarget, writeResults, type TargetResult } from './run';
import { TARGETS } from './targets';

interface Options {
  cases: number;
  seed: number;
  jobs: number;
  targets: string[];
  /** Set in the per-target child: print the result as JSON instead of a report. */
  child: boolean;
}

const USAGE = `usage: fuzz [--cases N] [--seed S] [--jobs J] [--target NAME]...\ntargets: ${TARGETS.map((t) => t.name).join(', ')}\n`;

function parse(argv: string[]): Options | string {
  const options: Options = { cases: 100_000, seed: Date.now() % 2 ** 31, jobs: Math.max(1, availableParallelism()), targets: [], child: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--child') { options.child = true; continue; }
    const value = argv[++i];
    if (value === undefined) return `${flag} needs a value`;
    if (flag === '--target') {
      if (!TARGETS.some((t) => t.name === value)) return `unknown target "${value}"`;
      options.targets.push(value);
      continue;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) return `${flag} takes a whole number (got "${value}")`;
    if (flag === '--cases' && n > 0) options.cases = n;
    else if (flag === '--seed') options.seed = n;
    else if (flag === '--jobs' && n > 0) options.jobs = n;
    else return `unknown argument "${flag}"`;
  }
  if (options.targets.length === 0) options.targets = TARGETS.map((t) => t.name);
  options.targets = [...new Set(options.targets)];
  return options;
}

function runInChild(name: string, options: Options): Promise<TargetResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', '--target', name, '--cases', String(options.cases), '--seed', String(options.seed)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk) => { out += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as TargetResult);
      } catch {
        // A crash of the runner itself counts as a failure of the target, never as a pass.
        resolve({ name, cases: 0, failures: 1, seed: options.seed, durationMs: 0, firstFailure: { input: '(none)', violations: [`the fuzzing process exited with code ${code}`] } });
      }
    });
  });
}

async function main(argv: string[]): Promise<number> {
  const options = parse(argv);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${USAGE}`);
    return 2;
  }
  if (options.child) {
    const target = TARGETS.find((t) => t.name === options.targets[0])!;
    process.stdout.write(JSON.stringify(runTarget(target, options.cases, options.seed)));
    return 0;
  }
  process.stdout.write(`fuzzing ${options.targets.length} target(s), ${options.cases} cases each, seed ${options.seed}, ${options.jobs} at a time\n`);
  const results = new Map<string, TargetResult>();
  const queue = [...options.targets];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const result = await runInChild(name, options);
      results.set(name, result);
      process.stdout.write(`${result.failures === 0 ? 'ok  ' : 'FAIL'} ${name}: ${result.cases} cases, ${result.failures} failures, ${(result.durationMs / 1000).toFixed(1)} s\n`);
      if (result.failures > 0) process.stdout.write(describeFailure(result) + '\n');
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, queue.length) }, worker));
  const ordered = options.targets.map((name) => results.get(name)!);
  writeResults(ordered, options.targets.length < TARGETS.length);
  process.stdout.write(`counts written to ${FUZZ_RESULTS}\n`);
  return ordered.every((r) => r.failures === 0 && r.cases >= options.cases) ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
