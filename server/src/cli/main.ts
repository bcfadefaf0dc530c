import type { Locale } from '../core/l10n';
import { cliLocale } from './args';
import { InputError, UsageError, EXIT_USAGE, type CliIo } from './command';
import { commands } from './commands';
import { cli, cliText, localeFromEnv } from './messages';
import { TOOL_NAME, TOOL_VERSION } from '../version';

function overview(locale: Locale): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    cliText(cli('overviewUsage'), locale),
    '',
    cliText(cli('overviewCommands'), locale),
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${cliText(c.summary, locale)}`),
    '',
    cliText(cli('overviewMore'), locale),
  ].join('\n') + '\n';
}

/** Runs the CLI; returns the exit code. Errors the user can fix are one line, never a stack trace. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  let locale = localeFromEnv(io.env);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview(locale));
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`${TOOL_NAME}: ${cliText(cli('unknownCommand', { name }), locale)}\n${overview(locale)}`);
    return EXIT_USAGE;
  }
  const prefix = `${TOOL_NAME} ${command.name}: `;
  try {
    locale = cliLocale(rest, io.env);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(cliText(command.usage, locale) + '\n');
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${prefix}${cliText(error.text, locale)}\n${cliText(cli('runHelp', { command: command.name }), locale)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof InputError) {
      io.stderr.write(`${prefix}${cliText(error.text, locale)}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`${prefix}${cliText(cli('internalError', { detail: (error as Error)?.stack ?? String(error) }), locale)}\n`);
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
