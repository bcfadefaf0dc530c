/**
 * The simulated AsyncOS CLI on stdin/stdout, for a real OpenSSH sshd to hand sessions to through
 * `ForceCommand`. sshd passes an exec request's command in `SSH_ORIGINAL_COMMAND`; without it the
 * session is an interactive shell. sshd does not kill this process when the client vanishes, so
 * end of input and a broken pipe both end it.
 *
 *   node stdio.js --preset <id> --appliance <id> [--user <name>] [--fault <spec>]... [--latency <spec>]
 */
import { StringDecoder } from 'node:string_decoder';
import { AsyncOsCli } from './cli';
import { faultFor, parseFault, type Fault } from './faults';
import { InputQueue, makeCliIo } from './io';
import { delayPicker, latencyArgs, latencyOf } from './latency';
import { loadPreset } from './presets';

function argValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export async function main(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const scenario = loadPreset(argValue(args, '--preset') ?? 'healthy');
  const applianceId = argValue(args, '--appliance') ?? scenario.appliances[0].id;
  const appliance = scenario.appliances.find((a) => a.id === applianceId);
  if (!appliance) {
    process.stderr.write(`unknown appliance ${applianceId}\n`);
    return 2;
  }
  const userName = argValue(args, '--user') ?? scenario.loginUser;
  const user = scenario.users.find((u) => u.name === userName) ?? scenario.users[0];
  const faults: Fault[] = [];
  args.forEach((a, n) => {
    if (a === '--fault' && args[n + 1]) faults.push(parseFault(args[n + 1]));
  });

  const tty = Boolean(process.stdin.isTTY);
  if (tty) process.stdin.setRawMode(true);
  const input = new InputQueue();
  const decoder = new StringDecoder('utf8');
  let closedResolve!: () => void;
  const closed = new Promise<void>((r) => (closedResolve = r));
  process.stdin.on('data', (d: Buffer) => input.push(decoder.write(d)));
  process.stdin.on('end', () => {
    input.end();
    closedResolve();
  });
  process.stdin.on('error', () => {
    input.end();
    closedResolve();
  });
  process.stdout.on('error', () => process.exit(0));
  const command = env.SSH_ORIGINAL_COMMAND;
  const exec = command !== undefined && command !== '';
  const io = makeCliIo(input, process.stdout, {
    tty,
    rows: process.stdout.rows || 24,
    encoding: faultFor(faults, 'latin1') ? 'latin1' : 'utf8',
    closed,
    // An exec request's input ends as soon as the client has sent it, so that end does not cut a
    // command's latency short; if the client has gone, the broken pipe ends this process at the output.
    hangup: exec ? new Promise<void>(() => undefined) : closed,
    drop: () => process.exit(255),
  });
  // Each session is a process of its own here: a latency range starts its sequence again every time.
  const nextDelay = delayPicker(latencyOf(scenario, appliance, latencyArgs(args)), appliance.id);
  const cli = new AsyncOsCli(scenario, appliance, user, io, faults, nextDelay);
  const code = exec ? await cli.runExec(command) : (await cli.runShell(), 0);
  if (tty) process.stdin.setRawMode(false);
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.stdout.write('', () => process.exit(code)),
    (e: unknown) => {
      process.stderr.write(`simulator failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
