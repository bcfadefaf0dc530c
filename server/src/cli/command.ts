import { cliText, type CliText } from './messages';

/** What a CLI subcommand gets from the outside world; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A subcommand of `asyncos-pvo`. Returns the exit code: 0 ok, 1 findings/problems, 2 usage or I/O error. */
export interface CliCommand {
  name: string;
  /** One line for `asyncos-pvo --help`. */
  summary: CliText;
  /** Full usage text for `asyncos-pvo <name> --help` and usage errors. */
  usage: CliText;
  /** The language of its own text comes from `cliLocale(args, io.env)`. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** An error the user can act on: `text` is shown in the reader's language, `message` is its English. */
abstract class CliError extends Error {
  constructor(readonly text: CliText) {
    super(cliText(text, 'en'));
  }
}

/** A mistake in the command line: printed as one line with the usage hint, exit code 2. */
export class UsageError extends CliError {}

/** A file or network problem the user must fix: printed as one line, exit code 2. */
export class InputError extends CliError {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
