/**
 * The simulated AsyncOS CLI on stdin/stdout, for a real OpenSSH sshd to hand sessions to through
 * `ForceCommand`. sshd passes an exec request's command in `SSH_ORIGINAL_COMMAND`; without it the
 * session is an interactive shell. sshd does not kill this process when the client vanishes, so
 * end of input and a broken pipe both end it.
 *
 *   node stdio.js --preset <id> --appliance <id> [--user <name>] [--fault <spec>]...
 */
import { StringDecoder } from 'node:string_decoder';
import { AsyncOsCli } from './cli';
import { faultFor, parseFault, type Fault } from './faults';
import { InputQueue, makeCliIo } from './io';
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
  const io = makeCliIo(input, process.stdout, {
    tty,
    rows: process.stdout.rows || 24,
    encoding: faultFor(faults, 'latin1') ? 'latin1' : 'utf8',
    closed,
    drop: () => process.exit(255),
  });
  const cli = new AsyncOsCli(scenario, appliance, user, io, faults);
  const command = env.SSH_ORIGINAL_COMMAND;
  const code = command !== undefined && command !== '' ? await cli.runExec(command) : (await cli.runShell(), 0);
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
