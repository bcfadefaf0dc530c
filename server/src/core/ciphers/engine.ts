import { detached } from '../text/detach';
import { aliasTable, combine, isSeparator, isWordCode, type Pattern } from './aliases';
import { explicitPatternOf, matchSet, prepare, type PreparedProfile } from './prepared';
import { getProfile } from './profiles';
import { has, intersectInto, removeFrom, subtractFrom, type SuiteSet } from './suiteSet';
import type { CipherElement, CipherElementPart, CipherEvaluation, CipherOperator, Profile } from './types';

/*
 * The semantics follow OpenSSL's ciphers(1) documentation, checked against
 * real builds: the string is a list of elements separated by `:`, `,`, `;` or
 * space; each element is an optional operator and words joined with `+`.
 * Suites live in one ordered list (the profile's order) and are either
 * selected or not:
 *   NAME  selects the matching suites not yet selected, appending them in list order;
 *   -NAME deselects them (a later element may select them again);
 *   !NAME takes them out for good;
 *   +NAME moves the matching selected suites to the end;
 *   @STRENGTH sorts the selected suites by key length, keeping ties in order.
 */

/**
 * The list being built. Suites are numbers (positions in the profile); the
 * list is `order[0 … length-1]` (a killed suite is dropped from it), and the
 * per-suite arrays say whether a suite is selected and which element added it.
 * Operations rewrite `order` in place (with `moved` as scratch) rather than
 * building new arrays: a string may have hundreds of elements. They are plain
 * arrays of small integers copied from the profile's templates: typed arrays
 * of this size are allocated outside the heap, which profiling showed to be a
 * large part of evaluating a short string.
 */
interface RunState {
  order: number[];
  length: number;
  moved: number[];
  active: number[];
  /** Index in `elements` of the element that last added the suite; -1 when none, or when elements are not recorded. */
  addedBy: number[];
  failed: boolean;
}

function freshState(p: PreparedProfile): RunState {
  const { order, none, minusOne } = p.initial;
  return { order: order.slice(), length: order.length, moved: [], active: none.slice(), addedBy: minusOne.slice(), failed: false };
}

/** The selected suite numbers, in list order. */
function selectedNumbers(st: RunState): number[] {
  const out: number[] = [];
  for (let k = 0; k < st.length; k++) if (st.active[st.order[k]]) out.push(st.order[k]);
  return out;
}

/** The suites in ALL that DEFAULT does not select: what `COMPLEMENTOFDEFAULT` means. */
function notDefaultSet(p: PreparedProfile): SuiteSet {
  if (p.notDefault) return p.notDefault;
  const inDefault = selectedNumbers(run(p, p.profile.defaultCipherList, 0, undefined));
  const set = matchSet(p, aliasTable(p.dialect).get('ALL') as Pattern, undefined);
  for (const i of inDefault) removeFrom(set, i);
  p.notDefault = set;
  return set;
}

/**
 * What a pattern selects, as the passes an operation makes over the list
 * (0.9.8 adds the anonymous suites of COMPLEMENTOFDEFAULT before the others).
 * Memoised per profile: the same few aliases recur in almost every string.
 */
function selectionOf(p: PreparedProfile, pattern: Pattern): readonly SuiteSet[] {
  let passes = p.selections.get(pattern);
  if (passes) return passes;
  const all = matchSet(p, pattern, pattern.notDefault ? notDefaultSet(p) : undefined);
  if (pattern.anonymousFirst) {
    const anonymous = all.slice();
    intersectInto(anonymous, p.anonymous);
    subtractFrom(all, p.anonymous);
    passes = [anonymous, all];
  } else passes = [all];
  p.selections.set(pattern, passes);
  return passes;
}

/**
 * Moves the suites in `hits` that are (`selected` 1) or are not (0) selected
 * to the end of the list, keeping their order, and records their keys in
 * `touched`. Returns how many moved: they are now the last entries.
 */
function moveToEnd(p: PreparedProfile, st: RunState, hits: SuiteSet, selected: 0 | 1, touched: string[]): number {
  const { order, moved, active } = st;
  let kept = 0;
  let count = 0;
  for (let k = 0; k < st.length; k++) {
    const i = order[k];
    if (active[i] === selected && has(hits, i)) {
      moved[count++] = i;
      touched.push(p.suites[i].key);
    } else order[kept++] = i;
  }
  for (let k = 0; k < count; k++) order[kept + k] = moved[k];
  return count;
}

/** `NAME`: the matching suites not yet selected are selected and appended. */
function add(p: PreparedProfile, st: RunState, hits: SuiteSet, elementIndex: number, touched: string[]): void {
  const count = moveToEnd(p, st, hits, 0, touched);
  for (let k = st.length - count; k < st.length; k++) {
    st.active[st.order[k]] = 1;
    st.addedBy[st.order[k]] = elementIndex;
  }
}

/** `-NAME`: the matching selected suites are deselected. */
function remove(p: PreparedProfile, st: RunState, hits: SuiteSet, touched: string[]): void {
  const { order, moved, active } = st;
  // 1.0.x puts the suites it just removed first, so that adding them back keeps their order ahead of others.
  const toFront = p.dialect === '1.0.2';
  let kept = 0;
  let count = 0;
  for (let k = 0; k < st.length; k++) {
    const i = order[k];
    if (active[i] && has(hits, i)) {
      active[i] = 0;
      st.addedBy[i] = -1;
      touched.push(p.suites[i].key);
      if (toFront) {
        moved[count++] = i;
        continue;
      }
    }
    order[kept++] = i;
  }
  if (count === 0) return;
  order.copyWithin(count, 0, kept);
  for (let k = 0; k < count; k++) order[k] = moved[k];
}

/** `!NAME`: the matching suites leave the list for good. */
function kill(p: PreparedProfile, st: RunState, hits: SuiteSet, touched: string[]): void {
  const { order, active } = st;
  let kept = 0;
  for (let k = 0; k < st.length; k++) {
    const i = order[k];
    if (!has(hits, i)) {
      order[kept++] = i;
      continue;
    }
    if (active[i]) touched.push(p.suites[i].key);
    active[i] = 0;
    st.addedBy[i] = -1;
  }
  st.length = kept;
}

/** Applies one rule to the list; returns the keys of the suites it touched. */
function apply(p: PreparedProfile, st: RunState, op: CipherOperator, pattern: Pattern, elementIndex: number): string[] {
  const touched: string[] = [];
  for (const hits of selectionOf(p, pattern)) {
    if (op === 'add') add(p, st, hits, elementIndex, touched);
    else if (op === 'order') moveToEnd(p, st, hits, 1, touched);
    else if (op === 'remove') remove(p, st, hits, touched);
    else if (op === 'kill') kill(p, st, hits, touched);
  }
  return touched;
}

/** `@STRENGTH`: the selected suites go last, sorted by key length (stable: ties keep their order). */
function strengthSort(p: PreparedProfile, st: RunState): string[] {
  const selected: number[] = [];
  let kept = 0;
  for (let k = 0; k < st.length; k++) {
    const i = st.order[k];
    if (st.active[i]) selected.push(i);
    else st.order[kept++] = i;
  }
  selected.sort((a, b) => p.suites[b].strengthBits - p.suites[a].strengthBits);
  for (let k = 0; k < selected.length; k++) st.order[kept + k] = selected[k];
  return selected.map((i) => p.suites[i].key);
}

function operatorOf(c: string): CipherOperator | undefined {
  switch (c) {
    case '-':
      return 'remove';
    case '+':
      return 'order';
    case '!':
      return 'kill';
    case '@':
      return 'special';
    default:
      return undefined;
  }
}

/**
 * Processes a rule string from `offset` in the original input (for spans).
 * Elements are appended to `elements` when given.
 */
function run(p: PreparedProfile, s: string, offset: number, elements: CipherElement[] | undefined, state?: RunState): RunState {
  const st = state ?? freshState(p);
  const dialect = p.dialect;
  const aliases = aliasTable(dialect);
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const start = i;
    let op: CipherOperator = 'add';
    const operator = operatorOf(c);
    if (operator) {
      op = operator;
      i++;
    } else if (isSeparator(c)) {
      i++;
      continue;
    }
    const parts: CipherElementPart[] = [];
    let pattern: Pattern | undefined;
    let found = true;
    let error = false;
    let errorAt = -1;
    let command = '';
    for (;;) {
      const wordStart = i;
      while (i < s.length && isWordCode(s.charCodeAt(i), dialect)) i++;
      if (i === wordStart) {
        // Neither a word, an operator nor a separator: OpenSSL rejects the whole string.
        error = true;
        errorAt = offset + i;
        found = false;
        if (i < s.length) i++;
        break;
      }
      const word = s.slice(wordStart, i);
      const span = { start: offset + wordStart, end: offset + i };
      if (op === 'special') {
        command = word;
        parts.push({ text: word, span, kind: 'command' });
        break;
      }
      const multi = s[i] === '+';
      if (multi) i++;
      const suite = p.byName.get(word);
      const isSuite = suite !== undefined;
      const alias = isSuite ? undefined : aliases.get(word);
      if (!isSuite && !alias) {
        parts.push({ text: word, span, kind: 'unknown' });
        found = false;
        break;
      }
      parts.push({ text: word, span, kind: isSuite ? 'suite' : 'alias' });
      const next = isSuite ? explicitPatternOf(p, suite) : (alias as Pattern);
      pattern = pattern ? combine(pattern, next) : next;
      if (!pattern) {
        found = false;
        break;
      }
      // 0.9.8 ends the element at a suite name: in `AES256-SHA+HIGH`, HIGH is a new element.
      if (isSuite && dialect === '0.9.8') break;
      if (!multi) break;
    }
    let affected: string[] = [];
    const index = elements ? elements.length : -1;
    if (op === 'special') {
      if (!error && command === 'STRENGTH') affected = strengthSort(p, st);
      else if (!error) {
        error = true;
        errorAt = parts[0]?.span.start ?? offset + start;
      }
      while (i < s.length && !isSeparator(s[i])) i++;
    } else if (found && pattern) {
      affected = apply(p, st, op, pattern, index);
    } else {
      // OpenSSL skips the rest of an element it cannot use, up to the next separator.
      while (i < s.length && !isSeparator(s[i])) i++;
    }
    if (error) st.failed = true;
    if (elements) {
      elements.push({
        text: s.slice(start, i),
        span: { start: offset + start, end: offset + i },
        operator: op,
        parts,
        known: !error && parts.length > 0 && parts.every((x) => x.kind !== 'unknown') && (op !== 'special' || command === 'STRENGTH'),
        applied: op === 'special' ? !error : found && pattern !== undefined,
        affected,
        ...(error ? { error: 'invalid command' as const, errorAt } : {}),
      });
    }
  }
  return st;
}

function evaluateUncached(input: string, profile: Profile): CipherEvaluation {
  const p = prepare(profile);
  const elements: CipherElement[] = [];
  const state = freshState(p);
  let rest = input;
  let offset = 0;
  const suiteB = profile.dialect === '1.0.2' ? SUITE_B.find(([keyword]) => input.startsWith(keyword)) : undefined;
  if (suiteB) {
    // Documented for 1.0.2: a Suite B keyword must come first, and anything after it is ignored.
    run(p, suiteB[1], 0, undefined, state);
    elements.push(keywordElement(p, state, input, suiteB[0]));
    rest = '';
    offset = input.length;
  } else if (input.startsWith('DEFAULT')) {
    // DEFAULT is a keyword only at the very start of the string.
    run(p, p.profile.defaultCipherList, 0, undefined, state);
    elements.push(keywordElement(p, state, 'DEFAULT', 'DEFAULT'));
    offset = input[7] === ':' ? 8 : 7;
    rest = input.slice(offset);
  }
  run(p, rest, offset, elements, state);
  const numbers = selectedNumbers(state);
  const selected = numbers.map((i) => p.suites[i]);
  const addedBy = new Map<string, number>();
  for (const i of numbers) addedBy.set(p.suites[i].key, state.addedBy[i]);
  const error = state.failed ? 'invalid command' : selected.length === 0 ? 'no cipher match' : undefined;
  return {
    input,
    profile: profile.id,
    ok: error === undefined,
    ...(error ? { error } : {}),
    ciphers: error ? [] : selected,
    selectedIgnoringErrors: selected,
    elements,
    addedBy,
  };
}

/** The element of a leading keyword (`DEFAULT`, a Suite B one) that stands for the list just run: it added every selected suite. */
function keywordElement(p: PreparedProfile, state: RunState, text: string, keyword: string): CipherElement {
  const numbers = selectedNumbers(state);
  state.addedBy.fill(-1);
  for (const i of numbers) state.addedBy[i] = 0;
  return {
    text,
    span: { start: 0, end: text.length },
    operator: 'add',
    parts: [{ text: keyword, span: { start: 0, end: keyword.length }, kind: 'alias' }],
    known: true,
    applied: true,
    affected: numbers.map((i) => p.suites[i].key),
    isDefaultKeyword: true,
  };
}

/** 1.0.2's Suite B keywords (longest first, as they are matched as prefixes) and the lists they stand for. */
const SUITE_B: readonly [string, string][] = [
  ['SUITEB128ONLY', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
  ['SUITEB128C2', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  ['SUITEB128', 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384'],
  ['SUITEB192', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
];

/*
 * The last CACHE_LIMIT evaluations, by string and then by profile, so that a
 * lookup builds no key and a hit allocates nothing. Least recently used
 * strings go first, with all their profiles: a Map keeps insertion order, so
 * its first key is the oldest. (Clearing the whole cache when full made a
 * workload just over the limit miss on every lookup.) A hit moves its string
 * to the newest end only once half the cache has been written since it last
 * moved: moving on every hit re-inserted an entry per lookup, and the deleted
 * slots made the map rebuild its table on every pass over a workload.
 */
const CACHE_LIMIT = 4096;
interface CachedString {
  byProfile: Map<string, CipherEvaluation>;
  /** The value of `writes` when the string last moved to the newest end. */
  written: number;
}
const cache = new Map<string, CachedString>();
let cachedEvaluations = 0;
let writes = 0;

function moveToNewest(input: string, entry: CachedString): void {
  cache.delete(input);
  entry.written = ++writes;
  cache.set(input, entry);
}

function cached(input: string, profileId: string): CipherEvaluation | undefined {
  const entry = cache.get(input);
  const hit = entry?.byProfile.get(profileId);
  if (hit && writes - (entry as CachedString).written > CACHE_LIMIT / 2) moveToNewest(input, entry as CachedString);
  return hit;
}

function store(input: string, profileId: string, evaluation: CipherEvaluation): void {
  const entry = cache.get(input) ?? { byProfile: new Map(), written: 0 };
  cache.delete(input);
  while (cachedEvaluations >= CACHE_LIMIT && cache.size > 0) {
    const [oldest, evicted] = cache.entries().next().value!;
    cache.delete(oldest);
    cachedEvaluations -= evicted.byProfile.size;
  }
  entry.byProfile.set(profileId, evaluation);
  cachedEvaluations++;
  moveToNewest(input, entry);
}

/**
 * Evaluates a cipher string as the profile's OpenSSL would
 * (`SSL_CTX_set_cipher_list`, `openssl ciphers -v`). Never throws: an unknown
 * profile gives `ok: false` with error `unknown profile`. Results are cached
 * per (string, profile) and must not be mutated.
 */
export function evaluateCipherString(input: string, profileId: string): CipherEvaluation {
  const profile = getProfile(profileId);
  if (!profile) {
    return { input, profile: profileId, ok: false, error: 'unknown profile', ciphers: [], selectedIgnoringErrors: [], elements: [], addedBy: new Map() };
  }
  const hit = cached(input, profileId);
  if (hit) return hit;
  // Cached results must not hold the document the string was read from (the key and the result slice it).
  const own = detached(input);
  const evaluation = evaluateUncached(own, profile);
  store(own, profileId, evaluation);
  return evaluation;
}

/** Like `evaluateCipherString` for a profile known to exist. */
export function evaluate(input: string, profile: Profile): CipherEvaluation {
  return evaluateCipherString(input, profile.id);
}
