import { detached } from '../text/detach';
import type { Span } from '../text/lineIndex';
import type { Listener } from '../model/types';
import type { TextValue } from '../xml/textValue';
import type { XmlElement } from '../xml/tree';
import { parseIpAddress, patternMatchesIp, type IpVersion } from './address';
import { parseHat } from './parse';
import type { Hat, HatAction, HatBehaviour, HatEntry, HatPolicy, HatProblem, HatRow, Parsed } from './types';

/** A listener's HAT, parsed once however many rules ask. */
export interface ListenerHat {
  listener: Listener;
  text: TextValue & { element: XmlElement };
  parsed: Parsed<Hat, HatProblem>;
  /** File span of a span in the HAT text. */
  fileSpan(span: Span): Span;
}

/**
 * Parsed HATs by their text: spans in a parsed HAT are relative to the text,
 * so a model rebuilt after an edit elsewhere in the file (or in another row
 * of the same file's other listener) finds its HATs already parsed.
 */
const cache = new Map<string, Parsed<Hat, HatProblem>>();
/** Enough for every listener of a few open cluster exports; beyond, the oldest goes. */
const CACHE_LIMIT = 64;

export function listenerHat(listener: Listener): ListenerHat | undefined {
  const text = listener.hat;
  if (!text) return undefined;
  // The key and the parse (whose tokens slice what was parsed) must not hold the document the HAT was read from.
  const key = detached(text.raw);
  let parsed = cache.get(key);
  if (parsed) {
    // Map order is insertion order: re-inserting keeps the recently used last.
    cache.delete(key);
  } else {
    parsed = parseHat(key);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, parsed);
  return { listener, text, parsed, fileSpan: (span) => text.spanOf(span.start, span.end) };
}

export function policiesByName(hat: Hat): Map<string, HatPolicy> {
  const out = new Map<string, HatPolicy>();
  for (const policy of hat.policies) if (!out.has(policy.name.value)) out.set(policy.name.value, policy);
  return out;
}

/** What a behaviour does in the end: its own action, or its policy's. */
export function actionOf(hat: Hat, behaviour: HatBehaviour | undefined): HatAction | undefined {
  if (!behaviour) return undefined;
  if (behaviour.kind === 'action') return behaviour.action.value;
  return policiesByName(hat).get(behaviour.name.value)?.action?.value;
}

/** How a behaviour reads in a message: `$RELAYED (RELAY)` or `REJECT`. */
export function describeBehaviour(hat: Hat, behaviour: HatBehaviour | undefined): string {
  if (!behaviour) return 'no policy';
  if (behaviour.kind === 'action') return behaviour.action.value;
  const action = actionOf(hat, behaviour);
  return action ? `$${behaviour.name.value} (${action})` : `$${behaviour.name.value}`;
}

export function describeRow(row: HatRow): string {
  if (row.kind === 'group') return `sender group ${row.name.value}`;
  if (row.kind === 'all') return '`ALL`';
  return `\`${row.entries.map((e) => e.text).join(' ')}\``;
}

export interface HatMatch {
  row: HatRow;
  /** The entry that matched; absent for `ALL`. */
  entry?: HatEntry;
  /** Rows before it that might match, depending on DNS, SenderBase or another group. */
  uncertainBefore: HatRow[];
}

/** The first row that certainly matches a connecting address, as the appliance evaluates the HAT. */
export function firstMatch(hat: Hat, address: { version: IpVersion; value: bigint }): HatMatch | undefined {
  const uncertain: HatRow[] = [];
  for (const row of hat.rows) {
    if (row.kind === 'all') return { row, uncertainBefore: uncertain };
    let maybe = false;
    for (const entry of row.entries) {
      const m = patternMatchesIp(entry.pattern, address);
      if (m === true) return { row, entry, uncertainBefore: uncertain };
      if (m === undefined) maybe = true;
    }
    if (maybe) uncertain.push(row);
  }
  return undefined;
}

export function relayingRows(hat: Hat): HatRow[] {
  return hat.rows.filter((row) => actionOf(hat, row.behaviour) === 'RELAY');
}

/**
 * The single addresses a HAT relays (not `ALL`, not networks): on a
 * `cpq_listener`, the peer appliance's address(es) (working assumption 9).
 */
export function relayedPeerAddresses(hat: Hat): { address: string; version: IpVersion; value: bigint; entry: HatEntry }[] {
  const out: { address: string; version: IpVersion; value: bigint; entry: HatEntry }[] = [];
  for (const row of relayingRows(hat)) {
    if (row.kind === 'all') continue;
    for (const entry of row.entries) {
      const p = entry.pattern;
      if (p.kind === 'ip' && p.first === p.last) out.push({ address: entry.text, version: p.version, value: p.first, entry });
    }
  }
  return out;
}

/** Peer addresses given by the user (`--sma`, a setting), parsed; invalid ones are left to the caller's validation. */
export function givenPeers(addresses: readonly string[] | undefined): { address: string; version: IpVersion; value: bigint }[] {
  const out: { address: string; version: IpVersion; value: bigint }[] = [];
  for (const text of addresses ?? []) {
    const ip = parseIpAddress(text);
    if (ip) out.push({ address: text.trim(), ...ip });
  }
  return out;
}
