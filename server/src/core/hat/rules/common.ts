import type { ConfigLevel, ConfigModel, Listener } from '../../model/types';
import { listenerLabel, listenerLabelRef } from '../../rules/helpers';
import type { MessageArg, MessageRef, RuleFinding } from '../../rules/types';
import { actionOf, listenerHat, type ListenerHat } from '../analysis';
import type { PeerFile } from '../peers';
import type { Hat, HatBehaviour, HatRow } from '../types';

export interface LevelHat extends ListenerHat {
  level: ConfigLevel;
  /** `the HAT of listener "cpq_listener"` (with the cluster level where there is one). */
  label: string;
  /** `label` as a message, translated with the sentence around it. */
  labelRef: MessageRef;
}

/** Every listener's HAT in the file, at every level. */
export function hatsOf(model: ConfigModel, filter: (listener: Listener) => boolean = () => true): LevelHat[] {
  const out: LevelHat[] = [];
  for (const level of model.levels) {
    for (const listener of level.listeners) {
      if (!filter(listener)) continue;
      const hat = listenerHat(listener);
      if (hat) out.push({ ...hat, level, label: `the HAT of ${listenerLabel(listener, level)}`, labelRef: { id: 'common.hatOf', args: { listener: listenerLabelRef(listener, level) } } });
    }
  }
  return out;
}

/** `describeRow` for messages: a sender group's name is translated around; `ALL` and addresses are not. */
export function rowRef(row: HatRow): MessageArg {
  if (row.kind === 'group') return { id: 'common.senderGroup', args: { name: row.name.value } };
  if (row.kind === 'all') return '`ALL`';
  return `\`${row.entries.map((e) => e.text).join(' ')}\``;
}

/** `describeBehaviour` for messages. */
export function behaviourRef(hat: Hat, behaviour: HatBehaviour | undefined): MessageArg {
  if (!behaviour) return { id: 'common.noPolicy' };
  if (behaviour.kind === 'action') return behaviour.action.value;
  const action = actionOf(hat, behaviour);
  return action ? `$${behaviour.name.value} (${action})` : `$${behaviour.name.value}`;
}

/** `peerLabel` for messages: `the SMA sma1.example.com (sma.xml)`. */
export function peerRef(peer: PeerFile): MessageRef {
  const host = peer.model.levels.find((l) => l.hostname)?.hostname?.value;
  const kind = peer.model.kind.toUpperCase();
  return host ? { id: 'common.peerNamed', args: { kind, host, uri: peer.uri } } : { id: 'common.peerUnnamed', args: { kind, uri: peer.uri } };
}

/** Upper-cases the first letter, for messages that start with a label. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Findings one table may produce per rule; beyond, one summary stands for the rest. */
export const FINDINGS_PER_TABLE = 100;

/**
 * Keeps the first findings of one table and sums up the rest in one more, so
 * a pasted or generated table with thousands of bad lines stays readable
 * (and the editor responsive).
 */
export function capped(findings: RuleFinding[], summary: (more: number) => RuleFinding): RuleFinding[] {
  if (findings.length <= FINDINGS_PER_TABLE) return findings;
  return [...findings.slice(0, FINDINGS_PER_TABLE), summary(findings.length - FINDINGS_PER_TABLE)];
}
