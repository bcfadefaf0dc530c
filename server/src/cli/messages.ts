/**
 * The command-line tool's own text — usage, errors, prompts, summary lines —
 * as English templates, translated like the finding messages: catalogue keys
 * `cli/<id>` in `core/l10n/<locale>.json`, rendered with the same
 * `renderText` (docs/L10N.md). JSON and SARIF output never use these.
 * Option names, values, rule ids, commands and file names stay as written.
 */
import { normaliseLocale, referencesTo, renderText, type Locale } from '../core/l10n';
import type { MessageRef, RuleText } from '../core/rules/types';

export const CLI_MESSAGES = {
  // asyncos-pvo --help and dispatch
  overviewUsage: 'Usage: asyncos-pvo <command> [options]',
  overviewCommands: 'Commands:',
  overviewMore: 'Run "asyncos-pvo <command> --help" for a command\'s options.',
  unknownCommand: 'unknown command "{name}"',
  runHelp: 'Run "asyncos-pvo {command} --help" for usage.',
  internalError: 'internal error: {detail}',
  // options
  unknownOption: 'unknown option "{option}"',
  optionTakesNoValue: 'option "{option}" takes no value',
  optionNeedsValue: 'option "{option}" needs a value',
  optionGivenTwice: 'option "{option}" given twice',
  notOneOf: '--{option} must be one of {allowed} (got "{value}")',
  // files
  cannotRead: 'cannot read "{path}": {reason}',
  noSuchFile: 'no such file or directory',
  permissionDenied: 'permission denied',
  isDirectory: 'is a directory',
  fileTooLarge: '"{path}" is {size} MiB; files over {limit} MiB are not analysed',
  // lint
  lintSummary: 'check config.xml files for PVO blockers (text, JSON or SARIF)',
  lintUsage: `Usage: asyncos-pvo lint [options] <file-or-dir>...

Checks exported AsyncOS configuration files (config.xml) for problems that
stop centralized Policy, Virus and Outbreak quarantines (PVO) from working.
Directories are searched for *.xml; other XML files are skipped.

Options:
  --format text|json|sarif   output format (default: text)
  --release <version>        AsyncOS release when the file's header has none (e.g. 13.5.1)
  --openssl <profile>        OpenSSL build profile for cipher lists (see: asyncos-pvo ciphers --list-profiles)
  --sma <ip>                 address of the peer SMA (repeatable)
  --expect-pvo               centralized PVO is expected even if the file does not show it
  --rule <id>=<severity>     set a rule's severity: error, warning, information, hint or off (repeatable)
  --locale fr|ja|ko|it|en    language of the messages and of this text (default: from LC_ALL,
                             LC_MESSAGES or LANG; C, POSIX and other languages give English)
  --no-color                 no colours in text output (also: NO_COLOR=1)

Exit status: 0 no error-severity finding, 1 at least one, 2 usage or I/O error, or no AsyncOS
configuration among the files.`,
  ruleSyntax: '--rule takes <id>=<severity> (got "{value}")',
  unknownRule: 'unknown rule "{rule}" in --rule',
  noFile: 'no file or directory given',
  lintUnknownProfile: 'unknown OpenSSL profile "{profile}" (profiles: {profiles})',
  ruleFailed: 'internal error in {path}: {note}',
  nothingAnalysedOne: 'the file given is not an AsyncOS configuration: nothing was checked',
  nothingAnalysedOther: 'none of the {count} files given is an AsyncOS configuration: nothing was checked',
  skipped: '{path}: skipped: {reason}',
  skippedBinary: 'binary data, not an XML configuration',
  skippedEmpty: 'empty file',
  skippedOther: 'not an AsyncOS configuration (no <config> or <cluster_config> root, DOCTYPE or header)',
  summary: '{configurations} analysed: {errors}, {warnings}, {notes}',
  configurationsOne: '{count} configuration',
  configurationsOther: '{count} configurations',
  errorsOne: '{count} error',
  errorsOther: '{count} errors',
  warningsOne: '{count} warning',
  warningsOther: '{count} warnings',
  notesOne: '{count} note',
  notesOther: '{count} notes',
  // ciphers
  ciphersSummary: 'show the suites an OpenSSL cipher string selects on an AsyncOS release, like "openssl ciphers -v"',
  ciphersUsage: `Usage: asyncos-pvo ciphers [options] <cipher-string>
       asyncos-pvo ciphers [options] -
       asyncos-pvo ciphers --list-profiles [--format text|json]

Evaluates an OpenSSL cipher string exactly as the OpenSSL build of an AsyncOS
release does, and prints the suites in order, like "openssl ciphers -v".
With "-", reads one cipher string per line from standard input and prints one
JSON object per line.

Options:
  --openssl <profile>     OpenSSL build profile (see --list-profiles; default: from --release, else {fallback})
  --release <version>     AsyncOS release whose OpenSSL to use (e.g. 9.1, 13.5.1)
  --format text|json      output format (default: text; "-" always prints JSON lines)
  --list-profiles         list the build profiles
  --locale fr|ja|ko|it|en language of this text and of the errors (default: from LC_ALL,
                          LC_MESSAGES or LANG)
  --                      end of options, for a string starting with "--"

A string may start with "-" or "!" (e.g. "!aNULL:HIGH"); quote it for the shell.

Exit status: 0 accepted, 1 OpenSSL would refuse a string, 2 usage error.`,
  listProfilesTakesNoString: '--list-profiles takes no cipher string',
  noCipherString: 'no cipher string given (use "-" to read them from standard input)',
  oneCipherString: 'give one cipher string (quote it), or "-" to read one per line from standard input',
  ciphersUnknownProfile: 'unknown OpenSSL profile "{profile}"; one of: {profiles}',
  releaseVersion: '--release takes an AsyncOS version such as 13.5.1 (got "{value}")',
  cipherRefused: 'Error in cipher list for OpenSSL {profile}: {error}',
  profileSuites: '{count} suites',
  profileFull: 'weak suites compiled in',
  profileDefault: 'OpenSSL default build',
  profileBefore95: 'default before AsyncOS 9.5',
  profileFrom95: 'default from AsyncOS 9.5',
  // probe
  probeSummary: 'check live ESA/SMA appliances over SSH for PVO blockers',
  probeUsage: `Usage: asyncos-pvo probe [options] user@host[:port]...

Connects to live ESA/SMA appliances over SSH and runs the PVO check suite on
each, in parallel: account role, system status, cpq_listener, outbound ciphers,
TLS and telnet to the peer, delivery interface, cluster feature keys and
overrides, CPQ queues, mail_logs TLS failures, and the static rules over the
running configuration. Hosts may be aliases from ~/.ssh/config.

Options:
  --format text|json          output format (default: text)
  --identity <file>           private key file (repeatable; a passphrase is asked on the terminal)
  --known-hosts <file>        extra known_hosts file to trust (repeatable)
  --accept-new-host-key       accept and record keys of hosts seen for the first time
                              (a changed key is always refused)
  --timeout <s>               per-command timeout in seconds (default: 30)
  --sma <ip>                  address of the peer SMA when the appliance does not show it (repeatable)
  --password-env <NAME>       read the password from this environment variable
                              (otherwise it is asked on the terminal when no key or agent is available)
  --locale fr|ja|ko|it|en     language of this text, the prompts and the summary lines (default: from
                              LC_ALL, LC_MESSAGES or LANG; the checks' own reports stay English)

Exit status: 0 no problem found, 1 at least one check reports a problem, 2 usage or I/O error.`,
  noAppliance: 'no appliance given (user@host[:port])',
  timeoutRange: '--timeout takes a number of seconds (1-3600)',
  passwordEnvUnset: 'environment variable {name} (from --password-env) is not set',
  noTerminalForPassword: 'no key, no ssh-agent and no terminal to ask for a password: use --identity, SSH_AUTH_SOCK or --password-env',
  passphraseWithoutTerminal: '{path} is protected by a passphrase, and there is no terminal to ask for it',
  cancelled: 'cancelled',
  cannotReadIdentity: 'cannot read identity file {path}: {code}',
  notAKey: '{path} is not a usable private key',
  wrongPassphrase: 'wrong passphrase for {path}',
  passwordPrompt: 'Password for {targets}: ',
  passphrasePrompt: 'Passphrase for {path}: ',
  skippingIdentity: 'Skipping {path} from ssh_config: it needs a passphrase and there is no terminal to ask for it.',
  smaNotHost: '--sma {value} is not a host name or address',
  acceptingHostKey: 'Accepting new host key for {host}:{port}: {type} {fingerprint}',
  probeCounts: '{problem} problem, {unknown} unknown, {error} error',
} as const;

export type CliMessageId = keyof typeof CLI_MESSAGES;

/** Text the CLI shows: one of its messages, or a plain string from elsewhere (an OS error, the appliance layer). */
export type CliText = RuleText;

export const cli = referencesTo(CLI_MESSAGES);

/** The text in a locale (English for `en` and for any message not translated yet). */
export function cliText(text: CliText, locale: Locale): string {
  return renderText(text, 'cli', CLI_MESSAGES, locale);
}

/** `{count} thing(s)` by the language's plural rules (French says "0 erreur"; Japanese and Korean have one form). */
export function counted(stem: 'configurations' | 'errors' | 'warnings' | 'notes', count: number, locale: Locale): MessageRef {
  const one = new Intl.PluralRules(locale).select(count) === 'one';
  return cli(`${stem}${one ? 'One' : 'Other'}` as CliMessageId, { count });
}

/** The message language the POSIX environment asks for, in the order setlocale(3) honours: LC_ALL, LC_MESSAGES, LANG. */
export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  const tag = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return normaliseLocale(tag);
}
