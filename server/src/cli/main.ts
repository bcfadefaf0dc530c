import { InputError, UsageError, EXIT_USAGE, type CliIo } from './command';
import { commands } from './commands';
import { TOOL_NAME, TOOL_VERSION } from '../version';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${TOOL_NAME} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run "${TOOL_NAME} <command> --help" for a command's options.`,
  ].join('\n') + '\n';
}

/** Runs the CLI; returns the exit code. Errors the user can fix are one line, never a stack trace. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`${TOOL_NAME}: unknown command "${name}"\n${overview()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${TOOL_NAME} ${command.name}: ${error.message}\nRun "${TOOL_NAME} ${command.name} --help" for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof InputError) {
      io.stderr.write(`${TOOL_NAME} ${command.name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`${TOOL_NAME} ${command.name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_USAGE;
  }
}

/** The process entry point (bin/asyncos-pvo.js). */
export function main(): void {
  // An EPIPE (output piped into `head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => { if (error.code === 'EPIPE') process.exit(0); });
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() })
    .then((code) => { process.exitCode = code; });
}

if (require.main === module) main();
