import type { MessageRef } from '../rules/types';
import type { Span } from '../text/lineIndex';
import type { HostPattern } from './address';

/**
 * The HAT (host access table) as the text inside `<hat>` holds it. Every span
 * is in offsets within that text; callers map them to the file with
 * `TextValue.spanOf()`.
 */

export const HAT_ACTIONS = ['ACCEPT', 'RELAY', 'REJECT', 'TCPREFUSE', 'CONTINUE'] as const;
export type HatAction = (typeof HAT_ACTIONS)[number];

export interface HatWord<T = string> {
  value: T;
  span: Span;
}

/** `key = value` inside a policy's `{ … }` block. */
export interface HatParam {
  key: HatWord;
  /** The value as written, quotes removed. */
  value: HatWord;
  quoted: boolean;
  span: Span;
}

/** What a group, an inline rule or `ALL` does: a `$POLICY` reference or an action of its own. */
export type HatBehaviour =
  | { kind: 'policy-ref'; name: HatWord; span: Span; comment?: HatWord }
  | { kind: 'action'; action: HatWord<HatAction>; params: HatParam[]; span: Span; comment?: HatWord };

/** `$NAME` followed by its action and parameters: a mail-flow policy. */
export interface HatPolicy {
  kind: 'policy';
  /** Without the `$`. */
  name: HatWord;
  /** The `$NAME` token. */
  nameSpan: Span;
  action?: HatWord<HatAction>;
  params: HatParam[];
  comment?: HatWord;
  /** From `$` to the end of the definition (the closing `}` if any). */
  span: Span;
}

/** One host entry: a sender-group member or the subject of an inline rule. */
export interface HatEntry {
  text: string;
  span: Span;
  pattern: HostPattern;
}

/** `NAME:` with its members and the `$POLICY` it maps to. */
export interface HatGroup {
  kind: 'group';
  name: HatWord;
  /** The `NAME:` header line's content. */
  headerSpan: Span;
  entries: HatEntry[];
  behaviour?: HatBehaviour;
  span: Span;
}

/** A host pattern at the top level with its own behaviour (`spamdomain.com` / `REJECT`). */
export interface HatInlineRule {
  kind: 'rule';
  entries: HatEntry[];
  behaviour?: HatBehaviour;
  span: Span;
}

/** The catch-all `ALL` row. */
export interface HatAll {
  kind: 'all';
  keywordSpan: Span;
  behaviour?: HatBehaviour;
  span: Span;
}

export type HatRow = HatGroup | HatInlineRule | HatAll;

export interface Hat {
  policies: HatPolicy[];
  /** Groups, inline rules and `ALL`, in the order the appliance evaluates them (first match wins). */
  rows: HatRow[];
  comments: Span[];
}

export type HatProblemCode = 'syntax' | 'invalid-address';

export interface HatProblem {
  code: HatProblemCode;
  /** `warning` where the grammar is unknown rather than wrong. */
  severity: 'error' | 'warning';
  /** An id of `HAT_SYNTAX_MESSAGES`, `HOST_PATTERN_WARNINGS` (code `syntax`) or `HOST_PATTERN_ERRORS` (code `invalid-address`), with its args. */
  message: MessageRef;
  span: Span;
}

export interface Parsed<T, P> {
  value: T;
  problems: P[];
}
