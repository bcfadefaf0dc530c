/** Small pieces every check shares: the peer's address and port, the appliance kind, verdict shapes. */
import type { Parsed } from '../parsers';
import type { CheckContext, CheckOutcome } from './types';

export const DEFAULT_PVO_PORT = 7025;

export function unknownFrom(parsed: Extract<Parsed<unknown>, { ok: false }>, advice?: string): CheckOutcome {
  return { verdict: 'unknown', summary: parsed.reason, evidence: [], advice: advice ?? 'Run the command by hand and compare with the documented output; report the output shape if it differs.' };
}

export async function applianceKind(ctx: CheckContext): Promise<'esa' | 'sma' | 'unknown'> {
  const v = await ctx.facts.version();
  return v.ok ? v.value.kind : 'unknown';
}

/**
 * The peer appliances' addresses: `--sma` when given on an ESA, else the relaying group of this
 * appliance's cpq_listener HAT (the SMA on an ESA, the ESAs on an SMA).
 */
export async function peerAddresses(ctx: CheckContext): Promise<string[]> {
  const kind = await applianceKind(ctx);
  if (kind !== 'sma' && ctx.settings.smaAddresses.length > 0) return ctx.settings.smaAddresses;
  const config = await ctx.facts.runningConfig();
  if (!config.ok) return [];
  return config.value.cpqListener?.relayHosts.filter((h) => /^\d{1,3}(\.\d{1,3}){3}$|:/.test(h)) ?? [];
}

/** The PVO port: this appliance's cpq_listener port (both ends use the same, 7025 by default). */
export async function pvoPort(ctx: CheckContext): Promise<number> {
  const config = await ctx.facts.runningConfig();
  return (config.ok && config.value.cpqListener?.port) || DEFAULT_PVO_PORT;
}

export function noPeer(): CheckOutcome {
  return {
    verdict: 'unknown',
    summary: 'The peer appliance address is not known: no relaying host in the cpq_listener HAT.',
    evidence: [],
    advice: 'Give the SMA address with --sma, or probe both appliances together.',
  };
}

export const NOT_ON_SMA: CheckOutcome = { verdict: 'ok', summary: 'Not applicable on a Security Management appliance.', evidence: [] };
