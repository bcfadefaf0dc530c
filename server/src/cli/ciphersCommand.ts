import { defaultProfileForRelease, evaluateCipherString, FALLBACK_PROFILE, getProfile, listProfiles, type CipherEvaluation, type Profile } from '../core/ciphers';
import { oneOf } from './args';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliCommand, type CliIo } from './command';

const USAGE = `Usage: asyncos-pvo ciphers [options] <cipher-string>
       asyncos-pvo ciphers [options] -
       asyncos-pvo ciphers --list-profiles [--format text|json]

Evaluates an OpenSSL cipher string exactly as the OpenSSL build of an AsyncOS
release does, and prints the suites in order, like "openssl ciphers -v".
With "-", reads one cipher string per line from standard input and prints one
JSON object per line.

Options:
  --openssl <profile>     OpenSSL build profile (see --list-profiles; default: from --release, else ${FALLBACK_PROFILE})
  --release <version>     AsyncOS release whose OpenSSL to use (e.g. 9.1, 13.5.1)
  --format text|json      output format (default: text; "-" always prints JSON lines)
  --list-profiles         list the build profiles
  --                      end of options, for a string starting with "--"

A string may start with "-" or "!" (e.g. "!aNULL:HIGH"); quote it for the shell.

Exit status: 0 accepted, 1 OpenSSL would refuse a string, 2 usage error.`;

interface CiphersArgs {
  openssl?: string;
  release?: string;
  format?: string;
  listProfiles: boolean;
  positionals: string[];
}

/**
 * Cipher strings often start with "-" or "!", so only "--name" words are
 * options here; everything else is the string.
 */
function parse(args: string[]): CiphersArgs {
  const out: CiphersArgs = { listProfiles: false, positionals: [] };
  const valued = new Set(['openssl', 'release', 'format']);
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
      if (eq >= 0) throw new UsageError('option "--list-profiles" takes no value');
      out.listProfiles = true;
      continue;
    }
    if (!valued.has(name)) throw new UsageError(`unknown option "--${name}"`);
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`option "--${name}" needs a value`);
    if ((out as unknown as Record<string, unknown>)[name] !== undefined) throw new UsageError(`option "--${name}" given twice`);
    (out as unknown as Record<string, string>)[name] = value;
  }
  return out;
}

function chooseProfile(args: CiphersArgs): Profile {
  if (args.openssl !== undefined) {
    const profile = getProfile(args.openssl);
    if (!profile) throw new UsageError(`unknown OpenSSL profile "${args.openssl}"; one of: ${listProfiles().map((p) => p.id).join(', ')}`);
    return profile;
  }
  if (args.release !== undefined) {
    const id = defaultProfileForRelease(args.release);
    if (!id) throw new UsageError(`--release takes an AsyncOS version such as 13.5.1 (got "${args.release}")`);
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

function releasesOf(profile: Profile): string {
  if (profile.id === defaultProfileForRelease('9.0')) return 'default before AsyncOS 9.5';
  if (profile.id === defaultProfileForRelease('9.5')) return 'default from AsyncOS 9.5';
  return '';
}

function listProfilesOutput(format: 'text' | 'json'): string {
  const profiles = listProfiles();
  if (format === 'json') {
    return JSON.stringify(profiles.map((p) => ({
      id: p.id, version: p.version, variant: p.variant, defaultCipherList: p.defaultCipherList, suites: p.suites.length, asyncos: releasesOf(p) || null,
    }))) + '\n';
  }
  const width = Math.max(...profiles.map((p) => p.id.length));
  return profiles.map((p) => `${p.id.padEnd(width)}  ${String(p.suites.length).padStart(3)} suites  ${p.variant === 'full' ? 'weak suites compiled in' : 'OpenSSL default build  '}  ${releasesOf(p)}`.trimEnd()).join('\n') + '\n';
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
  summary: 'show the suites an OpenSSL cipher string selects on an AsyncOS release, like "openssl ciphers -v"',
  usage: USAGE,
  async run(args, io) {
    const parsed = parse(args);
    const format = oneOf(parsed.format, ['text', 'json'] as const, 'format', 'text');
    if (parsed.listProfiles) {
      if (parsed.positionals.length > 0) throw new UsageError('--list-profiles takes no cipher string');
      io.stdout.write(listProfilesOutput(format));
      return EXIT_OK;
    }
    const profile = chooseProfile(parsed);
    if (parsed.positionals.length === 0) throw new UsageError('no cipher string given (use "-" to read them from standard input)');
    if (parsed.positionals.length > 1) throw new UsageError('give one cipher string (quote it), or "-" to read one per line from standard input');
    const input = parsed.positionals[0];
    if (input === '-') return runBatch(io, profile);
    const evaluation = evaluateCipherString(input, profile.id);
    if (format === 'json') {
      io.stdout.write(JSON.stringify(evaluationJson(evaluation)) + '\n');
    } else if (evaluation.ok) {
      io.stdout.write(evaluation.ciphers.map(verboseLine).join('\n') + '\n');
    } else {
      io.stderr.write(`Error in cipher list for OpenSSL ${profile.id}: ${evaluation.error}\n`);
    }
    return evaluation.ok ? EXIT_OK : EXIT_FINDINGS;
  },
};
