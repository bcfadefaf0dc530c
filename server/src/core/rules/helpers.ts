import { editDistance } from '../text/editDistance';
import type { Located, ConfigLevel, ConfigModel, Listener } from '../model/types';
import type { Fix, MessageArg, MessageRef, RuleText } from './types';

/** A fix that replaces a located value's text. */
export function replaceValueFix(located: Located, newText: string, title: RuleText, preferred = true): Fix {
  // The value is decoded text (an interface named `R&D`); written back into the file it must be escaped.
  return { title, preferred, edits: [{ span: located.span, newText: newText.replace(/&/g, '&amp;').replace(/</g, '&lt;') }] };
}

/** Where a listener is, for messages: `listener "IncomingMail"` or `listener #2`. */
export function listenerLabel(listener: Listener, level: ConfigLevel): string {
  const name = listener.name?.value ? `"${listener.name.value}"` : `#${level.listeners.indexOf(listener) + 1}`;
  return `listener ${name}${levelSuffix(level)}`;
}

/** ` at machine level (esa2)` for cluster levels; empty for a standalone file. */
export function levelSuffix(level: ConfigLevel): string {
  if (level.kind === 'standalone') return '';
  return ` at ${level.kind} level${level.name?.value ? ` (${level.name.value})` : ''}`;
}

const LEVEL_SUFFIX = { cluster: 'atClusterLevel', group: 'atGroupLevel', machine: 'atMachineLevel' } as const;

/** `listenerLabel` as a message, so the label is translated with the sentence around it. */
export function listenerLabelRef(listener: Listener, level: ConfigLevel): MessageRef {
  const levelArg = levelSuffixRef(level);
  return listener.name?.value
    ? { id: 'common.listenerNamed', args: { name: listener.name.value, level: levelArg } }
    : { id: 'common.listenerNumbered', args: { number: level.listeners.indexOf(listener) + 1, level: levelArg } };
}

/** `levelSuffix` as a message argument (empty for a standalone file). */
export function levelSuffixRef(level: ConfigLevel): MessageArg {
  if (level.kind === 'standalone') return '';
  const id = LEVEL_SUFFIX[level.kind];
  return level.name?.value ? { id: `common.${id}Named`, args: { name: level.name.value } } : { id: `common.${id}` };
}

export function cpqListeners(model: ConfigModel): { listener: Listener; level: ConfigLevel }[] {
  const out: { listener: Listener; level: ConfigLevel }[] = [];
  for (const level of model.levels) for (const listener of level.listeners) if (listener.isCpq) out.push({ listener, level });
  return out;
}

/** The closest candidate within a small edit distance (case-insensitive match first). */
export function closestName(name: string, candidates: string[]): string | undefined {
  const exactFold = candidates.find((c) => c.toLowerCase() === name.toLowerCase());
  if (exactFold) return exactFold;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
