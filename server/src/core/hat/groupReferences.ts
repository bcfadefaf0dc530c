/**
 * Where a sender group is named: its `NAME:` row in a HAT, members of other
 * groups of the same HAT that name it (`PARTNERS`), and `sendergroup`
 * conditions of message filters. Shared by the `hat-undefined-group` rule and
 * the editor's definition and references; pure, like the rest of the core.
 */
import { filterSeesListenersOf, senderGroupPattern } from '../model/assumptions';
import type { ConfigLevel, ConfigModel } from '../model/types';
import type { Span } from '../text/lineIndex';
import { textValueOf } from '../xml/textValue';
import { childElement } from '../xml/tree';
import { listenerHat, type ListenerHat } from './analysis';
import type { HatGroup } from './types';

/** `sendergroup == "NAME"` (or `!=`) in a message filter. */
const SENDERGROUP_CONDITION = /\bsendergroup\s*(==|!=)\s*(["'])((?:\\.|(?!\2)[^\\\n])*)\2/gi;

export interface SenderGroupCondition {
  /** The level whose `<filters>` hold the condition. */
  level: ConfigLevel;
  operator: '==' | '!=';
  /** The value between the quotes, as written. */
  value: string;
  /** What the value matches group names with; undefined when it is no valid pattern. */
  pattern: RegExp | undefined;
  /** The value's span in the file (inside the quotes). */
  span: Span;
}

/** Every `sendergroup` condition in the message filters of every level of the file. */
export function senderGroupConditions(model: ConfigModel, text: string): SenderGroupCondition[] {
  const out: SenderGroupCondition[] = [];
  for (const level of model.levels) {
    const element = childElement(level.config, 'filters');
    if (!element) continue;
    const filters = textValueOf(element, text);
    for (const m of filters.raw.matchAll(SENDERGROUP_CONDITION)) {
      const value = m[3];
      const start = (m.index ?? 0) + m[0].length - 1 - value.length;
      out.push({ level, operator: m[1] as '==' | '!=', value, pattern: senderGroupPattern(value), span: filters.spanOf(start, start + value.length) });
    }
  }
  return out;
}

/** A sender group where a HAT defines it. */
export interface GroupDefinition {
  level: ConfigLevel;
  hat: ListenerHat;
  group: HatGroup;
  /** File span of the group's name in its `NAME:` row. */
  span: Span;
}

/** The groups of every HAT at the given levels (all levels when none are given). */
function groupsAt(levels: readonly ConfigLevel[]): GroupDefinition[] {
  const out: GroupDefinition[] = [];
  for (const level of levels) {
    for (const listener of level.listeners) {
      const hat = listenerHat(listener);
      if (!hat) continue;
      for (const row of hat.parsed.value.rows) if (row.kind === 'group') out.push({ level, hat, group: row, span: hat.fileSpan(row.name.span) });
    }
  }
  return out;
}

/** The groups in the HATs of the listeners whose mail a message filter's condition sees. */
export function groupsVisibleTo(model: ConfigModel, condition: SenderGroupCondition): GroupDefinition[] {
  return groupsAt(model.levels.filter((level) => filterSeesListenersOf(model, condition.level, level)));
}

/** The groups a message filter's condition can match: in the HATs of the listeners whose mail the filter sees. */
export function groupsMatchedBy(model: ConfigModel, condition: SenderGroupCondition): GroupDefinition[] {
  const pattern = condition.pattern;
  if (!pattern) return [];
  return groupsVisibleTo(model, condition).filter((d) => pattern.test(d.group.name.value));
}

/** The message-filter conditions that can match the group `name` of a HAT at `level`. */
export function conditionsMatching(model: ConfigModel, text: string, level: ConfigLevel, name: string): SenderGroupCondition[] {
  return senderGroupConditions(model, text).filter((c) => c.pattern?.test(name) && filterSeesListenersOf(model, c.level, level));
}

/** Members of the HAT's groups that name the group `name` (a bare upper-case word). */
export function memberReferences(hat: ListenerHat, name: string): Span[] {
  const out: Span[] = [];
  for (const row of hat.parsed.value.rows) {
    if (row.kind === 'all') continue;
    for (const entry of row.entries) if (entry.pattern.kind === 'group-ref' && entry.pattern.name === name) out.push(hat.fileSpan(entry.span));
  }
  return out;
}

/** The definitions of `name` in one HAT (one, unless the HAT repeats the group). */
export function groupDefinitions(hat: ListenerHat, name: string): Span[] {
  return hat.parsed.value.rows.flatMap((row) => (row.kind === 'group' && row.name.value === name ? [hat.fileSpan(row.name.span)] : []));
}
