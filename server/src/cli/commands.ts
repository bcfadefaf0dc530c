import type { CliCommand } from './command';
import { lintCommand } from './lintCommand';
import { ciphersCommand } from './ciphersCommand';
import { probeCommand } from './probeCommand';

/** Every subcommand, in the order `--help` lists them. Add a command by adding its module here. */
export const commands: CliCommand[] = [lintCommand, ciphersCommand, probeCommand];
