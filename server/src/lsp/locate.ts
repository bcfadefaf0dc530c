/**
 * What is under the cursor: the one place that maps an offset to a model
 * object, shared by hover, definition, references and completion.
 */
import { listenerHat, type ListenerHat } from '../core/hat/analysis';
import { conditionsMatching, groupDefinitions, groupsMatchedBy, memberReferences, senderGroupConditions, type SenderGroupCondition } from '../core/hat/groupReferences';
import type { HatGroup, HatPolicy } from '../core/hat/types';
import type { CipherList, ConfigLevel, ConfigModel, Listener, NetworkInterface } from '../core/model/types';
import type { Span } from '../core/text/lineIndex';
import { childElement } from '../core/xml/tree';
import type { ModelView } from './modelView';

export type Target =
  | { kind: 'interface-ref'; name: string; span: Span; level: ConfigLevel }
  | { kind: 'interface-def'; iface: NetworkInterface; name: string; span: Span; level: ConfigLevel }
  | { kind: 'policy-ref'; name: string; span: Span; hat: ListenerHat; level: ConfigLevel }
  | { kind: 'policy-def'; policy: HatPolicy; name: string; span: Span; hat: ListenerHat; level: ConfigLevel }
  | { kind: 'group-def'; group: HatGroup; name: string; span: Span; hat: ListenerHat; level: ConfigLevel }
  /** A member of another group naming the group (`PARTNERS`). */
  | { kind: 'group-ref'; name: string; span: Span; hat: ListenerHat; level: ConfigLevel }
  /** The value of a message filter's `sendergroup` condition. */
  | { kind: 'group-condition'; condition: SenderGroupCondition; span: Span; level: ConfigLevel }
  | { kind: 'cipher-list'; list: CipherList; span: Span; level: ConfigLevel }
  | { kind: 'listener'; listener: Listener; span: Span; level: ConfigLevel };

const inside = (span: Span | undefined, offset: number): span is Span => !!span && offset >= span.start && offset <= span.end;

/** The innermost level holding the offset: machine sections sit inside the cluster export. */
export function levelAt(model: ConfigModel, offset: number): ConfigLevel | undefined {
  let best: ConfigLevel | undefined;
  for (const level of model.levels) {
    if (inside(level.element.span, offset) && (!best || level.element.span.end - level.element.span.start < best.element.span.end - best.element.span.start)) best = level;
  }
  return best ?? model.levels[0];
}

export function listenerAt(level: ConfigLevel, offset: number): Listener | undefined {
  return level.listeners.find((l) => inside(l.element.span, offset));
}

/**
 * The interfaces a level's listeners may name: its own, or, for a cluster or
 * group level that has none, the machines' (interfaces are per-machine data).
 */
export function interfacesFor(model: ConfigModel, level: ConfigLevel): NetworkInterface[] {
  if (level.interfaces.length > 0 || level.kind === 'standalone' || level.kind === 'machine') return level.interfaces;
  return model.levels.filter((l) => l.kind === 'machine').flatMap((l) => l.interfaces);
}

export function locate(result: ModelView, offset: number): Target | undefined {
  const model = result.model;
  if (!model) return undefined;
  const level = levelAt(model, offset);
  if (!level) return undefined;

  for (const iface of level.interfaces) {
    if (iface.name && inside(iface.name.span, offset)) return { kind: 'interface-def', iface, name: iface.name.value, span: iface.name.span, level };
  }
  const delivery = level.deliveryInterface.value;
  if (delivery && !level.deliveryInterface.auto && inside(delivery.span, offset)) {
    return { kind: 'interface-ref', name: delivery.value, span: delivery.span, level };
  }
  for (const list of level.tls.cipherLists) {
    if (inside(list.element.span, offset)) return { kind: 'cipher-list', list, span: list.value.span, level };
  }
  const filters = childElement(level.config, 'filters');
  if (filters && inside(filters.contentSpan, offset)) {
    const condition = senderGroupConditions(result.model, result.text).find((c) => c.level === level && inside(c.span, offset));
    return condition && { kind: 'group-condition', condition, span: condition.span, level };
  }
  const listener = listenerAt(level, offset);
  if (!listener) return undefined;
  if (listener.interfaceName && inside(listener.interfaceName.span, offset)) {
    return { kind: 'interface-ref', name: listener.interfaceName.value, span: listener.interfaceName.span, level };
  }
  if (listener.hat && inside(listener.hat.element.contentSpan, offset)) return locateInHat(listener, level, offset);
  if ((listener.name && inside(listener.name.span, offset)) || inside(listener.element.nameSpan, offset)) {
    return { kind: 'listener', listener, span: listener.name?.span ?? listener.element.nameSpan, level };
  }
  return undefined;
}

function locateInHat(listener: Listener, level: ConfigLevel, offset: number): Target | undefined {
  const hat = listenerHat(listener);
  if (!hat) return undefined;
  const table = hat.parsed.value;
  for (const policy of table.policies) {
    const span = hat.fileSpan(policy.nameSpan);
    if (inside(span, offset)) return { kind: 'policy-def', policy, name: policy.name.value, span, hat, level };
  }
  for (const row of table.rows) {
    if (row.kind === 'group') {
      const span = hat.fileSpan(row.name.span);
      if (inside(span, offset)) return { kind: 'group-def', group: row, name: row.name.value, span, hat, level };
    }
    if (row.kind !== 'all') {
      for (const entry of row.entries) {
        if (entry.pattern.kind !== 'group-ref') continue;
        const span = hat.fileSpan(entry.span);
        if (inside(span, offset)) return { kind: 'group-ref', name: entry.pattern.name, span, hat, level };
      }
    }
    const behaviour = row.behaviour;
    if (behaviour?.kind === 'policy-ref') {
      // Include the `$`, which the name's own span leaves out.
      const span = hat.fileSpan({ start: behaviour.name.span.start - 1, end: behaviour.name.span.end });
      if (inside(span, offset)) return { kind: 'policy-ref', name: behaviour.name.value, span, hat, level };
    }
  }
  return undefined;
}

/** Every place a policy name appears in a HAT: its definition first, then the rows using it. */
export function policyOccurrences(hat: ListenerHat, name: string): { span: Span; definition: boolean }[] {
  const out: { span: Span; definition: boolean }[] = [];
  for (const policy of hat.parsed.value.policies) {
    if (policy.name.value === name) out.push({ span: hat.fileSpan(policy.nameSpan), definition: true });
  }
  for (const row of hat.parsed.value.rows) {
    const behaviour = row.behaviour;
    if (behaviour?.kind === 'policy-ref' && behaviour.name.value === name) {
      out.push({ span: hat.fileSpan({ start: behaviour.name.span.start - 1, end: behaviour.name.span.end }), definition: false });
    }
  }
  return out;
}

/** Every place an interface name appears at a level (and the levels sharing its interfaces). */
export function interfaceOccurrences(model: ConfigModel, level: ConfigLevel, name: string): { span: Span; definition: boolean }[] {
  const out: { span: Span; definition: boolean }[] = [];
  for (const iface of interfacesFor(model, level)) if (iface.name?.value === name) out.push({ span: iface.name.span, definition: true });
  // A machine's interface can be named by cluster- or group-level listeners too.
  const levels = level.kind === 'machine' || level.kind === 'standalone' ? model.levels.filter((l) => l === level || (l.kind !== 'machine' && l.interfaces.length === 0)) : [level];
  for (const l of levels) {
    for (const listener of l.listeners) if (listener.interfaceName?.value === name) out.push({ span: listener.interfaceName.span, definition: false });
    const delivery = l.deliveryInterface.value;
    if (delivery && !l.deliveryInterface.auto && delivery.value === name) out.push({ span: delivery.span, definition: false });
  }
  return out;
}

/**
 * Every place a sender group of one HAT is named: its `NAME:` row, members of
 * the HAT's other groups, and the message-filter conditions that can match it.
 */
export function groupOccurrences(view: ModelView, hat: ListenerHat, level: ConfigLevel, name: string): { span: Span; definition: boolean }[] {
  return [
    ...groupDefinitions(hat, name).map((span) => ({ span, definition: true })),
    ...memberReferences(hat, name).map((span) => ({ span, definition: false })),
    ...conditionsMatching(view.model, view.text, level, name).map((c) => ({ span: c.span, definition: false })),
  ];
}

/** For a message filter's `sendergroup` condition: the groups it can match, with their other uses; itself when it matches none. */
export function conditionOccurrences(view: ModelView, condition: SenderGroupCondition): { span: Span; definition: boolean }[] {
  const seen = new Set<string>();
  const out: { span: Span; definition: boolean }[] = [];
  const occurrences = groupsMatchedBy(view.model, condition).flatMap((d) => groupOccurrences(view, d.hat, d.level, d.group.name.value));
  for (const o of [...occurrences, { span: condition.span, definition: false }]) {
    const key = `${o.span.start}:${o.span.end}`;
    if (!seen.has(key)) out.push(o);
    seen.add(key);
  }
  return out;
}
