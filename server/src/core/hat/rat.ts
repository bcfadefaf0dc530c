import type { Span } from '../text/lineIndex';
import type { RatEntry } from '../model/types';
import { referencesTo } from '../l10n';
import type { MessageRef } from '../rules/types';
import { parseIpAddress } from './address';
import type { HatWord, Parsed } from './types';

/**
 * The RAT (recipient access table): which recipient addresses a listener
 * accepts. Two sources: the model's `<rat_entry>` elements (spans in file
 * offsets) and the text form of RAT export files and the CLI's `PRINT`
 * (`<address> <ACTION>` per line, `#` comments; spans in text offsets).
 */

export const RAT_ACTIONS = ['ACCEPT', 'REJECT', 'TCPREFUSE', 'CONTINUE'] as const;
export type RatAction = (typeof RAT_ACTIONS)[number];
const ACTIONS = RAT_ACTIONS.join(', ');

export type RatAddressKind = 'all' | 'domain' | 'subdomain' | 'user' | 'address' | 'ip' | 'unknown';

export interface RatAddress {
  text: string;
  kind: RatAddressKind;
  span: Span;
}

export interface RatRow {
  addresses: RatAddress[];
  /** The action as written, and its normalised form when it is a known one. */
  access?: HatWord & { action?: RatAction };
  span: Span;
  /** Only from `<rat_entry>`: the entry element's parameters. */
  params?: Map<string, HatWord>;
}

export interface RatProblem {
  severity: 'error' | 'warning';
  /** An id of `RAT_SYNTAX_MESSAGES` with its args. */
  message: MessageRef;
  span: Span;
}

/**
 * What the RAT reader can say about an entry, as English templates
 * (docs/L10N.md): `rat-syntax` declares them among its messages. Addresses,
 * element names and the action words stay as written.
 */
export const RAT_SYNTAX_MESSAGES = {
  emptyRecipient: 'empty recipient address',
  recipientHasSpace: '`{address}` holds a space: one address per entry',
  notIpLiteral: '`{address}` is not an IP address literal',
  moreThanOneAt: '`{address}` has more than one `@`',
  notUserAt: '`{address}` is not `user@`',
  domainPartNotDomain: '`{domain}` in `{address}` is not a domain',
  notUserName: '`{user}` in `{address}` is not a user name',
  notDomain: '`{address}` is not a domain',
  undocumentedRecipientForm: '`{address}` is not a recipient address form the documentation shows; kept as is',
  emptyAccess: 'the access is empty: expected {actions}',
  notAnAccess: '`{access}` is not a recipient access action ({actions})',
  noRatAddress: 'this recipient access entry has no `<rat_address>`',
  noAccess: 'this recipient access entry has no `<access>` ({actions})',
  notAddressAction: 'expected `<address> <ACTION>`, not `{line}`',
} as const;

const say = referencesTo(RAT_SYNTAX_MESSAGES);

const DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
const LOCAL_PART = /^[^\s@]+$/;

export function classifyRatAddress(text: string): { kind: RatAddressKind; error?: MessageRef; warning?: MessageRef } {
  const t = text.trim();
  if (t === '') return { kind: 'unknown', error: say('emptyRecipient') };
  if (t.toUpperCase() === 'ALL') return { kind: 'all' };
  if (/\s/.test(t)) return { kind: 'unknown', error: say('recipientHasSpace', { address: t }) };
  if (parseIpAddress(t) !== undefined) return { kind: 'ip' };
  if (/^\[.*\]$/.test(t)) return { kind: 'unknown', error: say('notIpLiteral', { address: t }) };
  const at = t.indexOf('@');
  if (at >= 0) {
    const local = t.slice(0, at);
    const domain = t.slice(at + 1);
    if (t.indexOf('@', at + 1) >= 0) return { kind: 'unknown', error: say('moreThanOneAt', { address: t }) };
    if (domain === '') return LOCAL_PART.test(local) ? { kind: 'user' } : { kind: 'unknown', error: say('notUserAt', { address: t }) };
    const domainOk = DOMAIN.test(domain.replace(/^\./, '')) || parseIpAddress(domain) !== undefined;
    if (!domainOk) return { kind: 'unknown', error: say('domainPartNotDomain', { domain, address: t }) };
    if (local !== '' && !LOCAL_PART.test(local)) return { kind: 'unknown', error: say('notUserName', { user: local, address: t }) };
    return { kind: 'address' };
  }
  if (t.startsWith('.')) return DOMAIN.test(t.slice(1)) ? { kind: 'subdomain' } : { kind: 'unknown', error: say('notDomain', { address: t }) };
  if (DOMAIN.test(t)) return { kind: 'domain' };
  return { kind: 'unknown', warning: say('undocumentedRecipientForm', { address: t }) };
}

function actionOf(word: string): RatAction | undefined {
  const upper = word.toUpperCase();
  return (RAT_ACTIONS as readonly string[]).includes(upper) ? (upper as RatAction) : undefined;
}

function checkAddress(text: string, span: Span, problems: RatProblem[]): RatAddress {
  const c = classifyRatAddress(text);
  if (c.error) problems.push({ severity: 'error', message: c.error, span });
  else if (c.warning) problems.push({ severity: 'warning', message: c.warning, span });
  return { text: text.trim(), kind: c.kind, span };
}

function checkAccess(word: HatWord, problems: RatProblem[]): HatWord & { action?: RatAction } {
  const action = actionOf(word.value.trim());
  if (!action) {
    problems.push({
      severity: 'error',
      message: word.value.trim() === ''
        ? say('emptyAccess', { actions: ACTIONS })
        : say('notAnAccess', { access: word.value.trim(), actions: ACTIONS }),
      span: word.span,
    });
  }
  return { ...word, action };
}

/** Reads the model's `<rat_entry>` elements. Spans are file offsets. */
export function readRat(entries: readonly RatEntry[]): Parsed<RatRow[], RatProblem> {
  const problems: RatProblem[] = [];
  const rows: RatRow[] = [];
  for (const entry of entries) {
    const span = entry.element.span;
    const addresses = entry.addresses.map((a) => checkAddress(a.value, a.span, problems));
    if (addresses.length === 0) problems.push({ severity: 'error', message: say('noRatAddress'), span: entry.element.nameSpan });
    let access: RatRow['access'];
    if (entry.access) access = checkAccess({ value: entry.access.value, span: entry.access.span }, problems);
    else problems.push({ severity: 'error', message: say('noAccess', { actions: ACTIONS }), span: entry.element.nameSpan });
    const params = new Map<string, HatWord>();
    for (const [key, located] of entry.params) params.set(key, { value: located.value, span: located.span });
    rows.push({ addresses, access, span, params });
  }
  return { value: rows, problems };
}

/** Reads the text form: `<address> <ACTION>` per line, split on the last white space, `#` comments. */
export function parseRatText(text: string): Parsed<RatRow[], RatProblem> {
  const problems: RatProblem[] = [];
  const rows: RatRow[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const lineStart = start;
    start += raw.length + 1;
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (content === '' || content.startsWith('#')) continue;
    const at = lineStart + indent;
    const span = { start: at, end: at + content.length };
    const split = content.search(/\s+\S+$/);
    if (split < 0) {
      problems.push({ severity: 'error', message: say('notAddressAction', { line: content }), span });
      rows.push({ addresses: [checkAddress(content, span, [])], span });
      continue;
    }
    const addressText = content.slice(0, split);
    const actionStart = content.length - content.slice(split).trimStart().length;
    const addresses = [checkAddress(addressText, { start: at, end: at + addressText.length }, problems)];
    const access = checkAccess({ value: content.slice(actionStart), span: { start: at + actionStart, end: at + content.length } }, problems);
    rows.push({ addresses, access, span });
  }
  return { value: rows, problems };
}

/** The action the RAT gives recipients that no earlier row matched: the `ALL` row's. */
export function ratDefault(rows: readonly RatRow[]): { row: RatRow; address: RatAddress } | undefined {
  for (const row of rows) {
    const address = row.addresses.find((a) => a.kind === 'all');
    if (address) return { row, address };
  }
  return undefined;
}
