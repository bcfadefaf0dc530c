import { defaultProfileForRelease, evaluateCipherString, FALLBACK_PROFILE, getProfile, listProfiles, type CipherEvaluation, type Profile } from '../core/ciphers';
import type { Locale } from '../core/l10n';
import { cliLocale, oneOf } from './args';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliCommand, type CliIo } from './command';
import { cli, cliText } from './messages';

interface CiphersArgs {
  openssl?: string;
  release?: string;
  format?: string;
  /** Read by `cliLocale`; kept here so that it is not a cipher string. */
  locale?: string;
  listProfiles: boolean;
  positionals: string[];
}

/**
 * Cipher strings often start with "-" or "!", so only "--name" words are
 * options here; everything else is the string.
 */
function parse(args: string[]): CiphersArgs {
  const out: CiphersArgs = { listProfiles: false, positionals: [] };
  const valued = new Set(['openssl', 'release', 'format', 'locale']);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      out.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (name === 'list-profiles') {
      if (eq >= 0) throw new UsageError(cli('optionTakesNoValue', { option: '--list-profiles' }));
      out.listProfiles = true;
      continue;
    }
    if (!valued.has(name)) throw new UsageError(cli('unknownOption', { option: `--${name}` }));
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(cli('optionNeedsValue', { option: `--${name}` }));
    if ((out as unknown as Record<string, unknown>)[name] !== undefined) throw new UsageError(cli('optionGivenTwice', { option: `--${name}` }));
    (out as unknown as Record<string, string>)[name] = value;
  }
  return out;
}

function chooseProfile(args: CiphersArgs): Profile {
  if (args.openssl !== undefined) {
    const profile = getProfile(args.openssl);
    if (!profile) throw new UsageError(cli('ciphersUnknownProfile', { profile: args.openssl, profiles: listProfiles().map((p) => p.id).join(', ') }));
    return profile;
  }
  if (args.release !== undefined) {
    const id = defaultProfileForRelease(args.release);
    if (!id) throw new UsageError(cli('releaseVersion', { value: args.release }));
    return getProfile(id) as Profile;
  }
  return getProfile(FALLBACK_PROFILE) as Profile;
}

/** The documented JSON shape of one evaluation. */
export function evaluationJson(evaluation: CipherEvaluation): object {
  return {
    input: evaluation.input,
    profile: evaluation.profile,
    ok: evaluation.ok,
    error: evaluation.error ?? null,
    ciphers: evaluation.ciphers.map((s) => ({ name: s.name, protocol: s.protocol, kx: s.kx, au: s.au, enc: s.enc, mac: s.mac, export: s.export })),
  };
}

/** One line as `openssl ciphers -v` prints it. */
export function verboseLine(s: { name: string; protocol: string; kx: string; au: string; enc: string; mac: string; export: boolean }): string {
  return `${s.name.padEnd(23)} ${s.protocol} Kx=${s.kx.padEnd(8)} Au=${s.au.padEnd(4)} Enc=${s.enc.padEnd(9)} Mac=${s.mac.padEnd(4)}${s.export ? ' export' : ''}`;
}

/** Which releases use the profile by default (English in JSON, the locale in text). */
function releasesOf(profile: Profile, locale: Locale = 'en'): string {
  if (profile.id === defaultProfileForRelease('9.0')) return cliText(cli('profileBefore95'), locale);
  if (profile.id === defaultProfileForRelease('9.5')) return cliText(cli('profileFrom95'), locale);
  return '';
}

function listProfilesOutput(format: 'text' | 'json', locale: Locale): string {
  const profiles = listProfiles();
  if (format === 'json') {
    return JSON.stringify(profiles.map((p) => ({
      id: p.id, version: p.version, variant: p.variant, defaultCipherList: p.defaultCipherList, suites: p.suites.length, asyncos: releasesOf(p) || null,
    }))) + '\n';
  }
  const width = Math.max(...profiles.map((p) => p.id.length));
  const variants = { full: cliText(cli('profileFull'), locale), default: cliText(cli('profileDefault'), locale) };
  const variantWidth = Math.max(variants.full.length, variants.default.length);
  const suites = (n: number) => cliText(cli('profileSuites', { count: String(n).padStart(3) }), locale);
  return profiles.map((p) => `${p.id.padEnd(width)}  ${suites(p.suites.length)}  ${variants[p.variant === 'full' ? 'full' : 'default'].padEnd(variantWidth)}  ${releasesOf(p, locale)}`.trimEnd()).join('\n') + '\n';
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding?.('utf8');
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
  return text;
}

async function runBatch(io: CliIo, profile: Profile): Promise<number> {
  const text = await readAll(io.stdin);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let refused = false;
  const out: string[] = [];
  for (const raw of lines) {
    // A CR before the line feed comes from the file's line ends, not from the string.
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const evaluation = evaluateCipherString(line, profile.id);
    if (!evaluation.ok) refused = true;
    out.push(JSON.stringify(evaluationJson(evaluation)));
  }
  io.stdout.write(out.length > 0 ? out.join('\n') + '\n' : '');
  return refused ? EXIT_FINDINGS : EXIT_OK;
}

export const ciphersCommand: CliCommand = {
  name: 'ciphers',
  summary: cli('ciphersSummary'),
  usage: cli('ciphersUsage', { fallback: FALLBACK_PROFILE }),
  async run(args, io) {
    const parsed = parse(args);
    const locale = cliLocale(args, io.env);
    const format = oneOf(parsed.format, ['text', 'json'] as const, 'format', 'text');
    if (parsed.listProfiles) {
      if (parsed.positionals.length > 0) throw new UsageError(cli('listProfilesTakesNoString'));
      io.stdout.write(listProfilesOutput(format, locale));
      return EXIT_OK;
    }
    const profile = chooseProfile(parsed);
    if (parsed.positionals.length === 0) throw new UsageError(cli('noCipherString'));
    if (parsed.positionals.length > 1) throw new UsageError(cli('oneCipherString'));
    const input = parsed.positionals[0];
    if (input === '-') return runBatch(io, profile);
    const evaluation = evaluateCipherString(input, profile.id);
    if (format === 'json') {
      io.stdout.write(JSON.stringify(evaluationJson(evaluation)) + '\n');
    } else if (evaluation.ok) {
      io.stdout.write(evaluation.ciphers.map(verboseLine).join('\n') + '\n');
    } else {
      io.stderr.write(`${cliText(cli('cipherRefused', { profile: profile.id, error: evaluation.error ?? '' }), locale)}\n`);
    }
    return evaluation.ok ? EXIT_OK : EXIT_FINDINGS;
  },
};
