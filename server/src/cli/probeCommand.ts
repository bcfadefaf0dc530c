import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { coreProbeSettings } from '../../../client/src/appliance/coreBridge';
import { probeAppliances, type ProbeAuth, type ProbeReport } from '../../../client/src/appliance/probe';
import type { PrivateKeySource } from '../../../client/src/appliance/ssh/connection';
import { HostKeyStore } from '../../../client/src/appliance/ssh/hostKeys';
import { isHostName, resolveTarget, TargetError, type ApplianceTarget } from '../../../client/src/appliance/ssh/target';
import type { Locale } from '../core/l10n';
import { cliLocale, oneOf, parseArgs } from './args';
import { EXIT_FINDINGS, EXIT_OK, InputError, UsageError, type CliCommand, type CliIo } from './command';
import { cli, cliText, type CliText } from './messages';

/** Reads a secret from the terminal without echoing it. */
async function askSecret(io: CliIo, prompt: string, withoutTerminal: CliText): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') throw new InputError(withoutTerminal);
  io.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = '';
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            io.stderr.write('\n');
            return resolve(value);
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            return reject(new InputError(cli('cancelled')));
          }
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

async function loadIdentity(path: string, io: CliIo, locale: Locale): Promise<PrivateKeySource> {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    throw new InputError(cli('cannotReadIdentity', { path, code: (e as NodeJS.ErrnoException).code ?? 'error' }));
  }
  const plain = utils.parseKey(data);
  if (!(plain instanceof Error)) return { label: path, data };
  if (!/passphrase|encrypted/i.test(plain.message)) throw new InputError(cli('notAKey', { path }));
  const passphrase = await askSecret(io, cliText(cli('passphrasePrompt', { path }), locale), cli('passphraseWithoutTerminal', { path }));
  if (utils.parseKey(data, passphrase) instanceof Error) throw new InputError(cli('wrongPassphrase', { path }));
  return { label: path, data, passphrase };
}

const MARK: Record<string, string> = { ok: 'ok', problem: 'PROBLEM', unknown: 'unknown', error: 'ERROR' };

/**
 * The report as text. The verdict marks stay the verdict names of the JSON and
 * docs/LIVE-CHECKS.md; the checks' own summaries, evidence and advice come
 * from the appliance layer in English; the per-appliance counts are in the locale.
 */
export function formatProbeText(report: ProbeReport, targets: readonly ApplianceTarget[], locale: Locale = 'en'): string {
  const out: string[] = [];
  report.appliances.forEach((a, n) => {
    const t = targets[n];
    out.push(`${a.target}${t && t.label !== `${t.user}@${t.host}:${t.port}` ? `  (${t.user}@${t.host}:${t.port})` : ''}`);
    for (const c of a.checks) {
      out.push(`  ${MARK[c.verdict].padEnd(8)} ${c.id.padEnd(22)} ${c.summary}`);
      if (c.verdict !== 'ok') {
        for (const e of c.evidence.slice(0, 8)) out.push(`  ${''.padEnd(8)} ${''.padEnd(22)}   | ${e}`);
        if (c.advice) out.push(`  ${''.padEnd(8)} ${''.padEnd(22)}   → ${c.advice}`);
      }
    }
    const count = (verdict: string) => a.checks.filter((c) => c.verdict === verdict).length;
    out.push(`  ${cliText(cli('probeCounts', { problem: count('problem'), unknown: count('unknown'), error: count('error') }), locale)}`, '');
  });
  return out.join('\n');
}

export function formatProbeJson(report: ProbeReport): string {
  const shaped = {
    appliances: report.appliances.map((a) => ({
      target: a.target,
      checks: a.checks.map((c) => ({ id: c.id, verdict: c.verdict, summary: c.summary, evidence: c.evidence, advice: c.advice ?? '' })),
    })),
  };
  return `${JSON.stringify(shaped, null, 2)}\n`;
}

export const probeCommand: CliCommand = {
  name: 'probe',
  summary: cli('probeSummary'),
  usage: cli('probeUsage'),
  async run(args, io) {
    const parsed = parseArgs(args, {
      format: { value: true },
      identity: { value: true, repeat: true },
      'known-hosts': { value: true, repeat: true },
      'accept-new-host-key': {},
      timeout: { value: true },
      sma: { value: true, repeat: true },
      'password-env': { value: true },
      locale: { value: true },
    });
    const locale = cliLocale(args, io.env);
    const format = oneOf(parsed.options.get('format')?.[0], ['text', 'json'] as const, 'format', 'text');
    if (parsed.positionals.length === 0) throw new UsageError(cli('noAppliance'));
    const timeoutText = parsed.options.get('timeout')?.[0];
    const timeoutS = timeoutText === undefined ? 30 : Number(timeoutText);
    if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > 3600) throw new UsageError(cli('timeoutRange'));

    const home = io.env.HOME || homedir();
    let targets: ApplianceTarget[];
    try {
      targets = parsed.positionals.map((spec) => resolveTarget(spec, { home }));
    } catch (e) {
      if (e instanceof TargetError) throw new UsageError(e.message);
      throw e;
    }

    const passwordEnv = parsed.options.get('password-env')?.[0];
    let password: string | undefined;
    if (passwordEnv !== undefined) {
      password = io.env[passwordEnv];
      if (password === undefined) throw new InputError(cli('passwordEnvUnset', { name: passwordEnv }));
    }
    const identities = await Promise.all((parsed.options.get('identity') ?? []).map((p) => loadIdentity(p, io, locale)));
    const agent = io.env.SSH_AUTH_SOCK || false;
    if (password === undefined && identities.length === 0 && !agent && !targets.some((t) => t.identityFiles.length)) {
      password = await askSecret(
        io,
        cliText(cli('passwordPrompt', { targets: targets.map((t) => `${t.user}@${t.host}`).join(', ') }), locale),
        cli('noTerminalForPassword'),
      );
    }

    const dataHome = io.env.XDG_DATA_HOME || join(home, '.local', 'share');
    const store = new HostKeyStore(join(dataHome, 'asyncos-pvo', 'known_hosts'));
    const accept = parsed.flags.has('accept-new-host-key');
    const inputs = await Promise.all(
      targets.map(async (target) => {
        const fromConfig: PrivateKeySource[] = [];
        for (const f of target.identityFiles) {
          let data: Buffer;
          try {
            data = readFileSync(f);
          } catch {
            // ssh_config may list keys that do not exist; OpenSSH skips them too.
            continue;
          }
          const parsedKey = utils.parseKey(data);
          if (!(parsedKey instanceof Error)) fromConfig.push({ label: f, data });
          else if ((io.stdin as NodeJS.ReadStream).isTTY) fromConfig.push(await loadIdentity(f, io, locale));
          else io.stderr.write(`${cliText(cli('skippingIdentity', { path: f }), locale)}\n`);
        }
        const auth: ProbeAuth = { password, privateKeys: [...identities, ...fromConfig], agent };
        return { target, auth };
      }),
    );
    const smaAddresses = (parsed.options.get('sma') ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    for (const a of smaAddresses) if (!isHostName(a)) throw new UsageError(cli('smaNotHost', { value: JSON.stringify(a) }));
    const report = await probeAppliances(inputs, {
      settings: coreProbeSettings(smaAddresses),
      knownHostsFiles: parsed.options.get('known-hosts') ?? [],
      hostKeyStore: store,
      onUnknownHostKey: (info) => {
        if (!accept) return false;
        io.stderr.write(`${cliText(cli('acceptingHostKey', { host: info.host, port: info.port, type: info.keyType, fingerprint: info.fingerprint }), locale)}\n`);
        return true;
      },
      commandTimeoutMs: timeoutS * 1000,
      connectTimeoutMs: Math.min(timeoutS, 30) * 1000,
    });
    io.stdout.write(format === 'json' ? formatProbeJson(report) : formatProbeText(report, targets, locale));
    const problem = report.appliances.some((a) => a.checks.some((c) => c.verdict === 'problem'));
    return problem ? EXIT_FINDINGS : EXIT_OK;
  },
};
