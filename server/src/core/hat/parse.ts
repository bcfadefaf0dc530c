import { HAT_COMMENT_PREFIX } from '../model/assumptions';
import { referencesTo } from '../l10n';
import type { MessageRef } from '../rules/types';
import type { Span } from '../text/lineIndex';
import { parseHostPattern } from './address';
import {
  HAT_ACTIONS,
  type Hat,
  type HatAction,
  type HatAll,
  type HatBehaviour,
  type HatEntry,
  type HatGroup,
  type HatInlineRule,
  type HatParam,
  type HatPolicy,
  type HatProblem,
  type HatWord,
  type Parsed,
} from './types';

/**
 * What the HAT reader can say about a line, as English templates (docs/L10N.md).
 * A problem carries one of these ids with its args; `hat-syntax` declares them
 * among its messages, so they are translated with the sentence around them.
 * `$POLICY`, `ALL`, the action words and text quoted from the HAT stay as written.
 */
export const HAT_SYNTAX_MESSAGES = {
  unreadableLine: 'this line could not be read',
  unclosedBrace: 'this `{` is never closed with `}`',
  policyRefNotAction: 'expected the action of policy ${policy} ({actions}), not a policy reference',
  actionAlone: '`{action}` stands alone: an action belongs under a `$POLICY` definition, a sender group or a host',
  unexpectedInPolicy: 'unexpected `{token}` in policy ${policy}: parameters go inside `{ }`',
  expectedPolicyAction: 'expected the action of policy ${policy} ({actions})',
  unexpectedUnderAll: 'unexpected `{token}` under `ALL`: it takes one policy or action',
  unexpectedToken: 'unexpected `{token}`',
  policyWithoutAction: 'policy ${policy} has no action ({actions})',
  groupUnmapped: 'sender group {group} is not mapped to a policy: add an indented `$POLICY` line',
  hostWithoutBehaviour: 'this host has no policy or action: add an indented `$POLICY` or action line',
  allWithoutBehaviour: '`ALL` has no policy or action',
  notPolicyName: '`{token}` is not a policy name',
  notAnAction: 'expected the action of policy ${policy} ({actions}), not `{token}`',
  unexpectedAfterAction: 'unexpected `{token}` after the action',
  notKeyValue: 'expected `key = value` in the policy parameters, not `{token}`',
  nestedKept: '`{token}` inside a nested block is kept as is',
  parameterWithoutValue: 'parameter `{key}` has no value',
  unclosedString: 'this string is never closed with `"`',
  unexpectedAfterBrace: 'unexpected `{token}` after `}`',
  unexpectedInGroup: 'unexpected `{token}` in sender group {group}',
  secondBehaviourGroup: 'a second policy or action for the same sender group {group}; only the first one counts',
  secondBehaviourAll: 'a second policy or action for the same `ALL`; only the first one counts',
  secondBehaviourHost: 'a second policy or action for the same host; only the first one counts',
  unexpectedAfterPolicyRef: 'unexpected `{token}` after ${policy}',
  expectedBehaviour: 'expected a `$POLICY` or an action ({actions}), not `{token}`',
} as const;

const say = referencesTo(HAT_SYNTAX_MESSAGES);

const ACTIONS = HAT_ACTIONS.join(', ');

/**
 * Reads the HAT text (the content of `<hat>`). Never throws: what it cannot
 * read becomes a problem and the rest is still read.
 *
 * The documented shape is line oriented: heads (`$POLICY`, `GROUP:`, a host
 * pattern, `ALL`) at the left margin, and what belongs to them indented below.
 * Exports differ in their margins, so the margin is the smallest indentation
 * in the text, and keywords are recognised by their form first: `GROUP:`,
 * `$NAME` and the action words mean the same thing at any indentation.
 */
export function parseHat(text: string): Parsed<Hat, HatProblem> {
  return new HatParser(text).parse();
}

interface Token {
  kind: 'word' | 'string' | 'open' | 'close' | 'equals' | 'comment';
  text: string;
  span: Span;
}

type Current =
  | { kind: 'policy'; node: HatPolicy }
  | { kind: 'group'; node: HatGroup }
  | { kind: 'rule'; node: HatInlineRule }
  | { kind: 'all'; node: HatAll };

/** Where the lines of an open `{ … }` block go. */
interface OpenBlock {
  params: HatParam[];
  open: Span;
  /** Braces open inside the block: nested blocks are not documented, but must not end it early. */
  depth: number;
  /** Extends the owner's span to the closing brace. */
  close(end: number): void;
}

const GROUP_HEADER = /^([^\s:$#(){}[\],]+):$/;

function isAction(word: string): word is HatAction {
  return (HAT_ACTIONS as readonly string[]).includes(word);
}

class HatParser {
  private readonly problems: HatProblem[] = [];
  private readonly hat: Hat = { policies: [], rows: [], comments: [] };
  private current: Current | undefined;
  private block: OpenBlock | undefined;
  private margin = 0;
  /** Policies whose missing action was already reported where the user wrote something else. */
  private readonly actionReported = new Set<HatPolicy>();

  constructor(private readonly text: string) {}

  parse(): Parsed<Hat, HatProblem> {
    const lines = this.lines();
    this.margin = Number.MAX_SAFE_INTEGER;
    for (const l of lines) if (l.content !== '' && !l.content.startsWith(HAT_COMMENT_PREFIX) && l.indent < this.margin) this.margin = l.indent;
    for (const line of lines) {
      try {
        this.line(line.start, line.indent, line.content);
      } catch {
        // A reader bug must not cost the user the rest of the file.
        this.problem('syntax', 'error', say('unreadableLine'), { start: line.start + line.indent, end: line.start + line.indent + line.content.length });
      }
    }
    if (this.block) {
      this.problem('syntax', 'error', say('unclosedBrace'), this.block.open);
      this.block = undefined;
    }
    this.finish();
    return { value: this.hat, problems: this.problems };
  }

  private lines(): { start: number; indent: number; content: string }[] {
    const out: { start: number; indent: number; content: string }[] = [];
    let start = 0;
    for (const raw of this.text.split('\n')) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const indent = line.length - line.trimStart().length;
      out.push({ start, indent, content: line.slice(indent).trimEnd() });
      start += raw.length + 1;
    }
    return out;
  }

  private problem(code: HatProblem['code'], severity: HatProblem['severity'], message: MessageRef, span: Span): void {
    this.problems.push({ code, severity, message, span });
  }

  private line(start: number, indent: number, content: string): void {
    if (content === '') return;
    const at = start + indent;
    const lineSpan = { start: at, end: at + content.length };
    if (this.block) {
      this.paramLine(at, content);
      return;
    }
    if (content.startsWith(HAT_COMMENT_PREFIX)) {
      this.hat.comments.push(lineSpan);
      return;
    }
    const tokens = this.tokenize(at, content);
    if (tokens.length === 0) return;
    const first = tokens[0];
    const atMargin = indent <= this.margin;

    if (first.kind === 'word' && GROUP_HEADER.test(first.text)) {
      this.finish();
      const name = first.text.slice(0, -1);
      const group: HatGroup = {
        kind: 'group',
        name: { value: name, span: { start: first.span.start, end: first.span.end - 1 } },
        headerSpan: lineSpan,
        entries: [],
        span: lineSpan,
      };
      this.hat.rows.push(group);
      this.current = { kind: 'group', node: group };
      // Anything after `NAME:` on the same line is read as members (or the mapping).
      this.groupLine(tokens.slice(1));
      return;
    }

    if (first.kind === 'word' && first.text.startsWith('$')) {
      const expectsBehaviour = this.current !== undefined && this.current.kind !== 'policy' && !this.current.node.behaviour;
      if (atMargin && !(expectsBehaviour && this.current?.kind === 'all')) {
        this.policyHead(tokens, lineSpan);
        return;
      }
      if (this.current && this.current.kind !== 'policy') {
        this.behaviourOf(this.current.node, tokens);
        return;
      }
      if (this.current?.kind === 'policy' && !this.current.node.action) {
        this.actionReported.add(this.current.node);
        this.problem('syntax', 'error', say('policyRefNotAction', { policy: this.current.node.name.value, actions: ACTIONS }), first.span);
        return;
      }
      this.policyHead(tokens, lineSpan);
      return;
    }

    if (first.kind === 'word' && isAction(first.text)) {
      const cur = this.current;
      if (cur?.kind === 'policy' && !cur.node.action) {
        this.policyAction(cur.node, tokens);
        return;
      }
      if (cur && cur.kind !== 'policy' && !cur.node.behaviour) {
        this.behaviourOf(cur.node, tokens);
        return;
      }
      this.problem('syntax', 'error', say('actionAlone', { action: first.text }), lineSpan);
      return;
    }

    if (first.kind === 'open') {
      // The block's brace on a line of its own, under the action.
      const cur = this.current;
      if (cur?.kind === 'policy' && cur.node.action && cur.node.params.length === 0) {
        const policy = cur.node;
        this.afterAction(tokens, policy.params, (c) => { policy.comment = c; }, (end) => {
          policy.span = { start: policy.span.start, end: Math.max(policy.span.end, end) };
        });
        return;
      }
      const b = cur && cur.kind !== 'policy' ? cur.node.behaviour : undefined;
      if (cur && cur.kind !== 'policy' && b?.kind === 'action' && b.params.length === 0) {
        const owner = cur.node;
        this.afterAction(tokens, b.params, (c) => { b.comment = c; }, (end) => {
          b.span = { start: b.span.start, end: Math.max(b.span.end, end) };
          owner.span = { start: owner.span.start, end: Math.max(owner.span.end, end) };
        });
        return;
      }
    }

    if (first.kind === 'word' && first.text === 'ALL' && (atMargin || this.current?.kind !== 'group')) {
      this.finish();
      const all: HatAll = { kind: 'all', keywordSpan: first.span, span: lineSpan };
      this.hat.rows.push(all);
      this.current = { kind: 'all', node: all };
      if (tokens.length > 1) this.behaviourOf(all, tokens.slice(1));
      return;
    }

    if (this.current?.kind === 'group' && !atMargin) {
      this.groupLine(tokens);
      return;
    }
    if (this.current?.kind === 'rule' && !atMargin && !this.current.node.behaviour) {
      this.entriesAndBehaviour(this.current.node, tokens);
      return;
    }
    if (this.current?.kind === 'policy' && !atMargin) {
      const policy = this.current.node;
      this.actionReported.add(policy);
      this.problem('syntax', 'error', policy.action
        ? say('unexpectedInPolicy', { token: first.text, policy: policy.name.value })
        : say('expectedPolicyAction', { policy: policy.name.value, actions: ACTIONS }), lineSpan);
      return;
    }
    if (this.current?.kind === 'all' && !atMargin) {
      this.problem('syntax', 'error', say('unexpectedUnderAll', { token: first.text }), lineSpan);
      return;
    }
    if (first.kind !== 'word') {
      this.problem('syntax', 'error', say('unexpectedToken', { token: first.text }), first.span);
      return;
    }
    // A host pattern at the margin starts an inline rule.
    this.finish();
    const rule: HatInlineRule = { kind: 'rule', entries: [], span: lineSpan };
    this.hat.rows.push(rule);
    this.current = { kind: 'rule', node: rule };
    this.entriesAndBehaviour(rule, tokens);
  }

  /** Closes the current head: reports what it lacks. */
  private finish(): void {
    const cur = this.current;
    this.current = undefined;
    if (!cur) return;
    if (cur.kind === 'policy') {
      if (!cur.node.action && !this.actionReported.has(cur.node)) this.problem('syntax', 'error', say('policyWithoutAction', { policy: cur.node.name.value, actions: ACTIONS }), cur.node.nameSpan);
      return;
    }
    if (cur.kind === 'group' && !cur.node.behaviour) {
      this.problem('syntax', 'warning', say('groupUnmapped', { group: cur.node.name.value }), cur.node.name.span);
    } else if (cur.kind === 'rule' && !cur.node.behaviour) {
      this.problem('syntax', 'error', say('hostWithoutBehaviour'), cur.node.span);
    } else if (cur.kind === 'all' && !cur.node.behaviour) {
      this.problem('syntax', 'error', say('allWithoutBehaviour'), cur.node.keywordSpan);
    }
  }

  private policyHead(tokens: Token[], lineSpan: Span): void {
    this.finish();
    const first = tokens[0];
    const name = first.text.slice(1);
    if (!/^[A-Za-z_][\w-]*$/.test(name)) {
      this.problem('syntax', 'error', say('notPolicyName', { token: first.text }), first.span);
    }
    const policy: HatPolicy = {
      kind: 'policy',
      name: { value: name, span: { start: first.span.start + 1, end: first.span.end } },
      nameSpan: first.span,
      params: [],
      span: lineSpan,
    };
    this.hat.policies.push(policy);
    this.current = { kind: 'policy', node: policy };
    const rest = tokens.slice(1);
    if (rest.length > 0) this.policyAction(policy, rest);
  }

  private policyAction(policy: HatPolicy, tokens: Token[]): void {
    const [actionToken, ...rest] = tokens;
    if (actionToken.kind === 'comment') {
      policy.comment = this.commentWord(actionToken);
      if (rest.length > 0) this.policyAction(policy, rest);
      return;
    }
    if (actionToken.kind !== 'word' || !isAction(actionToken.text)) {
      this.actionReported.add(policy);
      this.problem('syntax', 'error', say('notAnAction', { policy: policy.name.value, actions: ACTIONS, token: actionToken.text }), actionToken.span);
      return;
    }
    policy.action = { value: actionToken.text, span: actionToken.span };
    policy.span = { start: policy.span.start, end: Math.max(policy.span.end, actionToken.span.end) };
    this.afterAction(rest, policy.params, (comment) => { policy.comment = comment; }, (end) => {
      policy.span = { start: policy.span.start, end: Math.max(policy.span.end, end) };
    });
  }

  /** `{ … }` and `(comment)` after an action word. */
  private afterAction(tokens: Token[], params: HatParam[], setComment: (c: HatWord) => void, extend: (end: number) => void): void {
    let i = 0;
    if (tokens[i]?.kind === 'open') {
      const open = tokens[i].span;
      const closeAt = tokens.findIndex((t, k) => k > i && t.kind === 'close');
      if (closeAt < 0) {
        const inner = tokens.slice(i + 1);
        if (inner.length > 0) this.paramTokens(inner, params);
        this.block = { params, open, depth: 1, close: extend };
        return;
      }
      const inner = tokens.slice(i + 1, closeAt);
      if (inner.length > 0) this.paramTokens(inner, params);
      extend(tokens[closeAt].span.end);
      i = closeAt + 1;
    }
    for (; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === 'comment') {
        setComment(this.commentWord(t));
        extend(t.span.end);
      } else {
        this.problem('syntax', 'error', say('unexpectedAfterAction', { token: t.text }), t.span);
      }
    }
  }

  /** Parameters written on the same line as the braces. */
  private paramTokens(tokens: Token[], params: HatParam[]): void {
    for (let i = 0; i < tokens.length; ) {
      const key = tokens[i];
      const eq = tokens[i + 1];
      const value = tokens[i + 2];
      if (key.kind === 'word' && eq?.kind === 'equals' && value && (value.kind === 'word' || value.kind === 'string')) {
        params.push(this.param(key, value));
        i += 3;
      } else {
        this.problem('syntax', 'error', say('notKeyValue', { token: key.text }), key.span);
        return;
      }
    }
  }

  private param(key: Token, value: Token): HatParam {
    const quoted = value.kind === 'string';
    const inner = quoted ? value.text.slice(1, value.text.endsWith('"') && value.text.length > 1 ? -1 : undefined) : value.text;
    const valueSpan = quoted ? { start: value.span.start + 1, end: value.span.start + 1 + inner.length } : value.span;
    return {
      key: { value: key.text, span: key.span },
      value: { value: inner, span: valueSpan },
      quoted,
      span: { start: key.span.start, end: value.span.end },
    };
  }

  /** A line inside an open `{ … }` block. */
  private paramLine(at: number, content: string): void {
    const block = this.block!;
    if (content.startsWith(HAT_COMMENT_PREFIX)) {
      this.hat.comments.push({ start: at, end: at + content.length });
      return;
    }
    if (!content.includes('=') && !content.includes('}') && this.startsHead(content)) {
      // A forgotten `}`: the block ends where the next definition starts.
      this.problem('syntax', 'error', say('unclosedBrace'), block.open);
      this.block = undefined;
      const lineStart = this.lineStartOf(at);
      this.line(lineStart, at - lineStart, content);
      return;
    }
    const tokens = this.tokenize(at, content);
    const nested = block.depth > 1;
    let closeAt = -1;
    for (let k = 0; k < tokens.length; k++) {
      if (tokens[k].kind === 'open') block.depth++;
      else if (tokens[k].kind === 'close' && --block.depth === 0) {
        closeAt = k;
        break;
      }
    }
    // Nested braces are structure, not content; an opening brace as a value (`key = {`) is kept as that value.
    const inner = (closeAt >= 0 ? tokens.slice(0, closeAt) : tokens).filter((t, k, all) =>
      t.kind === 'open' ? k === 2 && all[1].kind === 'equals' : t.kind !== 'close');
    if (inner.length > 0) {
      const [key, eq] = inner;
      if (nested && !(key.kind === 'word' && eq?.kind === 'equals')) {
        this.problem('syntax', 'warning', say('nestedKept', { token: content.slice(0, 40) }), { start: at, end: at + content.length });
      } else if (key.kind === 'word' && eq?.kind === 'equals') {
        // Everything after `=` is the value: unquoted values may hold spaces.
        const valueTokens = inner.slice(2);
        if (valueTokens.length === 0) {
          this.problem('syntax', 'error', say('parameterWithoutValue', { key: key.text }), key.span);
        } else if (valueTokens.length === 1) {
          const v = valueTokens[0];
          if (v.kind === 'string' && !/^"(?:[^"\\]|\\.)*"$/.test(v.text)) this.problem('syntax', 'error', say('unclosedString'), v.span);
          block.params.push(this.param(key, v));
        } else {
          const span = { start: valueTokens[0].span.start, end: valueTokens[valueTokens.length - 1].span.end };
          block.params.push(this.param(key, { kind: 'word', text: this.text.slice(span.start, span.end), span }));
        }
      } else {
        this.problem('syntax', 'error', say('notKeyValue', { token: content.slice(0, 40) }), { start: at, end: at + content.length });
      }
    }
    if (closeAt >= 0) {
      this.block = undefined;
      block.close(tokens[closeAt].span.end);
      const rest = tokens.slice(closeAt + 1);
      for (const t of rest) {
        if (t.kind === 'comment') {
          const cur = this.current;
          if (cur?.kind === 'policy') cur.node.comment = this.commentWord(t);
          else if (cur && cur.node.behaviour) cur.node.behaviour.comment = this.commentWord(t);
        } else {
          this.problem('syntax', 'error', say('unexpectedAfterBrace', { token: t.text }), t.span);
        }
      }
    }
  }

  private startsHead(content: string): boolean {
    const word = content.split(/\s/)[0];
    return GROUP_HEADER.test(word) || word.startsWith('$') || word === 'ALL' || isAction(word);
  }

  private lineStartOf(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  private commentWord(token: Token): HatWord {
    const inner = token.text.replace(/^\(/, '').replace(/\)$/, '');
    return { value: inner, span: token.span };
  }

  /** Members of a sender group, or its `$POLICY` mapping. */
  private groupLine(tokens: Token[]): void {
    const cur = this.current;
    if (cur?.kind !== 'group') return;
    const group = cur.node;
    this.entriesAndBehaviour(group, tokens, (t) => say('unexpectedInGroup', { token: t.text, group: group.name.value }));
  }

  /** A row's host entries, then its `$POLICY` or action: the same grammar for a group and an inline rule. */
  private entriesAndBehaviour(row: HatGroup | HatInlineRule, tokens: Token[], unexpected = (t: Token): MessageRef => say('unexpectedToken', { token: t.text })): void {
    let i = 0;
    for (; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === 'word' && (t.text.startsWith('$') || isAction(t.text))) break;
      if (t.kind === 'comment') continue;
      if (t.kind !== 'word') {
        this.problem('syntax', 'error', unexpected(t), t.span);
        continue;
      }
      row.entries.push(this.entry(t));
      row.span = { start: row.span.start, end: Math.max(row.span.end, t.span.end) };
    }
    if (i < tokens.length) this.behaviourOf(row, tokens.slice(i));
  }

  private entry(token: Token): HatEntry {
    const result = parseHostPattern(token.text);
    if (result.error) this.problem('invalid-address', 'error', result.error, token.span);
    else if (result.warning) this.problem('syntax', 'warning', result.warning, token.span);
    return { text: token.text, span: token.span, pattern: result.pattern };
  }

  private behaviourOf(owner: HatGroup | HatInlineRule | HatAll, tokens: Token[]): void {
    const [first, ...rest] = tokens;
    const extend = (end: number) => { owner.span = { start: owner.span.start, end: Math.max(owner.span.end, end) }; };
    if (owner.behaviour) {
      this.problem('syntax', 'error', owner.kind === 'group'
        ? say('secondBehaviourGroup', { group: owner.name.value })
        : say(owner.kind === 'all' ? 'secondBehaviourAll' : 'secondBehaviourHost'), first.span);
      return;
    }
    if (first.kind === 'word' && first.text.startsWith('$')) {
      const behaviour: HatBehaviour = { kind: 'policy-ref', name: { value: first.text.slice(1), span: { start: first.span.start + 1, end: first.span.end } }, span: first.span };
      owner.behaviour = behaviour;
      extend(first.span.end);
      for (const t of rest) {
        if (t.kind === 'comment') {
          behaviour.comment = this.commentWord(t);
          extend(t.span.end);
        } else {
          this.problem('syntax', 'error', say('unexpectedAfterPolicyRef', { token: t.text, policy: behaviour.name.value }), t.span);
        }
      }
      return;
    }
    if (first.kind === 'word' && isAction(first.text)) {
      const behaviour: HatBehaviour = { kind: 'action', action: { value: first.text, span: first.span }, params: [], span: first.span };
      owner.behaviour = behaviour;
      extend(first.span.end);
      this.afterAction(rest, behaviour.params, (c) => { behaviour.comment = c; }, (end) => {
        behaviour.span = { start: behaviour.span.start, end: Math.max(behaviour.span.end, end) };
        extend(end);
      });
      return;
    }
    this.problem('syntax', 'error', say('expectedBehaviour', { actions: ACTIONS, token: first.text }), first.span);
  }

  private tokenize(at: number, content: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    const n = content.length;
    const push = (kind: Token['kind'], from: number, to: number) => {
      tokens.push({ kind, text: content.slice(from, to), span: { start: at + from, end: at + to } });
    };
    while (i < n) {
      const c = content[i];
      if (c === ' ' || c === '\t' || c === ',') { i++; continue; }
      if (c === HAT_COMMENT_PREFIX) {
        this.hat.comments.push({ start: at + i, end: at + n });
        break;
      }
      if (c === '(') {
        let depth = 0;
        let j = i;
        for (; j < n; j++) {
          if (content[j] === '(') depth++;
          else if (content[j] === ')' && --depth === 0) { j++; break; }
        }
        push('comment', i, j);
        i = j;
        continue;
      }
      if (c === '{') { push('open', i, i + 1); i++; continue; }
      if (c === '}') { push('close', i, i + 1); i++; continue; }
      if (c === '=') { push('equals', i, i + 1); i++; continue; }
      if (c === '"') {
        let j = i + 1;
        while (j < n && content[j] !== '"') j += content[j] === '\\' ? 2 : 1;
        j = Math.min(j + 1, n);
        push('string', i, j);
        i = j;
        continue;
      }
      let j = i;
      while (j < n && !/[\s,(){}="]/.test(content[j])) {
        if (content[j] === '[') {
          const close = content.indexOf(']', j);
          j = close < 0 ? n : close + 1;
        } else {
          j++;
        }
      }
      // A stray `)` would otherwise never be consumed.
      if (j === i) j = i + 1;
      push('word', i, j);
      i = j;
    }
    return tokens;
  }
}
