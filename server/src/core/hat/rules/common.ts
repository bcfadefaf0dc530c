import type { ConfigLevel, ConfigModel, Listener } from '../../model/types';
import { listenerLabel } from '../../rules/helpers';
import type { RuleFinding } from '../../rules/types';
import { listenerHat, type ListenerHat } from '../analysis';

export interface LevelHat extends ListenerHat {
  level: ConfigLevel;
  /** `the HAT of listener "cpq_listener"` (with the cluster level where there is one). */
  label: string;
}

/** Every listener's HAT in the file, at every level. */
export function hatsOf(model: ConfigModel, filter: (listener: Listener) => boolean = () => true): LevelHat[] {
  const out: LevelHat[] = [];
  for (const level of model.levels) {
    for (const listener of level.listeners) {
      if (!filter(listener)) continue;
      const hat = listenerHat(listener);
      if (hat) out.push({ ...hat, level, label: `the HAT of ${listenerLabel(listener, level)}` });
    }
  }
  return out;
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
