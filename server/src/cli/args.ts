import { LOCALES, type Locale } from '../core/l10n';
import { UsageError } from './command';
import { cli, localeFromEnv } from './messages';

export interface OptionSpec {
  /** Takes a value (`--format json`, `--format=json`). */
  value?: boolean;
  /** May repeat; values are collected. */
  repeat?: boolean;
}

export interface ParsedArgs {
  options: Map<string, string[]>;
  flags: Set<string>;
  positionals: string[];
}

/**
 * A small, strict argument parser: unknown options are usage errors, so a
 * typo never silently changes what is analysed. (Node's util.parseArgs would
 * do, but its errors name internals rather than the user's option.)
 */
export function parseArgs(args: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(cli('unknownOption', { option: arg }));
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const option = spec[name];
    if (!option) throw new UsageError(cli('unknownOption', { option: `--${name}` }));
    if (!option.value) {
      if (eq >= 0) throw new UsageError(cli('optionTakesNoValue', { option: `--${name}` }));
      flags.add(name);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(cli('optionNeedsValue', { option: `--${name}` }));
    const values = options.get(name) ?? [];
    if (values.length > 0 && !option.repeat) throw new UsageError(cli('optionGivenTwice', { option: `--${name}` }));
    values.push(value);
    options.set(name, values);
  }
  return { options, flags, positionals };
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(cli('notOneOf', { option, allowed: allowed.join(', '), value }));
}

/**
 * The language of the CLI's text: `--locale` (before any `--`), else
 * LC_ALL, LC_MESSAGES, LANG; English by default. Every command reads it the
 * same way, and the dispatcher too (for usage errors). A value that is not a
 * supported language is a usage error.
 */
export function cliLocale(args: readonly string[], env: NodeJS.ProcessEnv): Locale {
  let given: string | undefined;
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    if (args[i] === '--locale') given = args[i + 1];
    else if (args[i].startsWith('--locale=')) given = args[i].slice('--locale='.length);
  }
  return given === undefined ? localeFromEnv(env) : oneOf(given, LOCALES, 'locale', 'en');
}
