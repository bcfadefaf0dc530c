import { detached } from '../text/detach';
import { aliasTable, combine, explicitPattern, isSeparator, isWordChar, matches, traitsOf, type Pattern, type Traits } from './aliases';
import { getProfile } from './profiles';
import type { CipherElement, CipherElementPart, CipherEvaluation, CipherOperator, Profile, Suite } from './types';

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

interface Entry {
  suite: Suite;
  traits: Traits;
  active: boolean;
}

interface PreparedProfile {
  profile: Profile;
  traits: Map<string, Traits>;
  byName: Map<string, Suite>;
  notDefault?: Set<string>;
}

const prepared = new Map<string, PreparedProfile>();

function prepare(profile: Profile): PreparedProfile {
  let p = prepared.get(profile.id);
  if (p) return p;
  const traits = new Map<string, Traits>();
  const byName = new Map<string, Suite>();
  for (const s of profile.suites) {
    traits.set(s.key, traitsOf(s, profile.dialect));
    if (!byName.has(s.name)) byName.set(s.name, s);
  }
  p = { profile, traits, byName };
  prepared.set(profile.id, p);
  return p;
}

/** The suites in ALL that DEFAULT does not select: what `COMPLEMENTOFDEFAULT` means. */
function notDefaultSet(p: PreparedProfile): Set<string> {
  if (p.notDefault) return p.notDefault;
  const state = run(p, p.profile.defaultCipherList, 0, []);
  const inDefault = new Set(state.list.filter((e) => e.active).map((e) => e.suite.key));
  const all = aliasTable(p.profile.dialect).get('ALL') as Pattern;
  p.notDefault = new Set(
    p.profile.suites.filter((s) => !inDefault.has(s.key) && matches(p.traits.get(s.key) as Traits, all, false)).map((s) => s.key),
  );
  return p.notDefault;
}

interface RunState {
  list: Entry[];
  failed: boolean;
  addedBy: Map<string, number>;
}

function freshList(p: PreparedProfile): Entry[] {
  return p.profile.suites.map((suite) => ({ suite, traits: p.traits.get(suite.key) as Traits, active: false }));
}

const OPERATORS: Record<string, CipherOperator> = { '-': 'remove', '+': 'order', '!': 'kill', '@': 'special' };

/** Applies one rule to the list; returns the keys of the suites it touched. */
function apply(p: PreparedProfile, state: RunState, op: CipherOperator, pattern: Pattern, elementIndex: number): string[] {
  const notDefault = pattern.notDefault ? notDefaultSet(p) : undefined;
  // 0.9.8 adds the anonymous suites of COMPLEMENTOFDEFAULT before the others.
  const passes: ((t: Traits) => boolean)[] = pattern.anonymousFirst
    ? [(t) => t.au === 'aNULL', (t) => t.au !== 'aNULL']
    : [() => true];
  const touched: string[] = [];
  for (const inPass of passes) {
    const hit = (e: Entry): boolean => inPass(e.traits) && matches(e.traits, pattern, notDefault?.has(e.suite.key) ?? false);
    const list = state.list;
    switch (op) {
      case 'add': {
        const moved: Entry[] = [];
        const kept: Entry[] = [];
        for (const e of list) {
          if (!e.active && hit(e)) {
            e.active = true;
            moved.push(e);
            state.addedBy.set(e.suite.key, elementIndex);
            touched.push(e.suite.key);
          } else kept.push(e);
        }
        state.list = [...kept, ...moved];
        break;
      }
      case 'order': {
        const moved: Entry[] = [];
        const kept: Entry[] = [];
        for (const e of list) {
          if (e.active && hit(e)) {
            moved.push(e);
            touched.push(e.suite.key);
          } else kept.push(e);
        }
        state.list = [...kept, ...moved];
        break;
      }
      case 'remove': {
        const moved: Entry[] = [];
        const kept: Entry[] = [];
        for (const e of list) {
          if (e.active && hit(e)) {
            e.active = false;
            state.addedBy.delete(e.suite.key);
            touched.push(e.suite.key);
            // 1.0.x puts the suites it just removed first, so that adding them back keeps their order ahead of others.
            if (p.profile.dialect === '1.0.2') moved.push(e);
            else kept.push(e);
          } else kept.push(e);
        }
        state.list = [...moved, ...kept];
        break;
      }
      case 'kill': {
        state.list = list.filter((e) => {
          if (!hit(e)) return true;
          if (e.active) touched.push(e.suite.key);
          state.addedBy.delete(e.suite.key);
          return false;
        });
        break;
      }
      default:
        break;
    }
  }
  return touched;
}

function strengthSort(state: RunState): string[] {
  const inactive = state.list.filter((e) => !e.active);
  const active = state.list.filter((e) => e.active);
  // Array.prototype.sort is stable, which is what OpenSSL's repeated "move to end" gives.
  active.sort((a, b) => b.suite.strengthBits - a.suite.strengthBits);
  state.list = [...inactive, ...active];
  return active.map((e) => e.suite.key);
}

/**
 * Processes a rule string from `offset` in the original input (for spans).
 * Elements are appended to `elements` when given.
 */
function run(p: PreparedProfile, s: string, offset: number, elements: CipherElement[] | undefined, state?: RunState): RunState {
  const st: RunState = state ?? { list: freshList(p), failed: false, addedBy: new Map() };
  const dialect = p.profile.dialect;
  const aliases = aliasTable(dialect);
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const start = i;
    let op: CipherOperator = 'add';
    if (Object.hasOwn(OPERATORS, c)) {
      op = OPERATORS[c];
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
      while (i < s.length && isWordChar(s[i], dialect)) i++;
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
      const alias = suite ? undefined : aliases.get(word);
      if (!suite && !alias) {
        parts.push({ text: word, span, kind: 'unknown' });
        found = false;
        break;
      }
      parts.push({ text: word, span, kind: suite ? 'suite' : 'alias' });
      const next = suite ? explicitPattern(p.traits.get(suite.key) as Traits) : (alias as Pattern);
      pattern = pattern ? combine(pattern, next) : next;
      if (!pattern) {
        found = false;
        break;
      }
      // 0.9.8 ends the element at a suite name: in `AES256-SHA+HIGH`, HIGH is a new element.
      if (suite && dialect === '0.9.8') break;
      if (!multi) break;
    }
    let affected: string[] = [];
    const index = elements ? elements.length : -1;
    if (op === 'special') {
      if (!error && command === 'STRENGTH') affected = strengthSort(st);
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
  const state: RunState = { list: freshList(p), failed: false, addedBy: new Map() };
  let rest = input;
  let offset = 0;
  const suiteB = profile.dialect === '1.0.2' ? SUITE_B.find(([keyword]) => input.startsWith(keyword)) : undefined;
  if (suiteB) {
    // Documented for 1.0.2: a Suite B keyword must come first, and anything after it is ignored.
    run(p, suiteB[1], 0, undefined, state);
    for (const e of state.list) if (e.active) state.addedBy.set(e.suite.key, 0);
    elements.push({
      text: input,
      span: { start: 0, end: input.length },
      operator: 'add',
      parts: [{ text: suiteB[0], span: { start: 0, end: suiteB[0].length }, kind: 'alias' }],
      known: true,
      applied: true,
      affected: state.list.filter((e) => e.active).map((e) => e.suite.key),
      isDefaultKeyword: true,
    });
    rest = '';
    offset = input.length;
  } else if (input.startsWith('DEFAULT')) {
    // DEFAULT is a keyword only at the very start of the string.
    run(p, p.profile.defaultCipherList, 0, undefined, state);
    state.addedBy.clear();
    for (const e of state.list) if (e.active) state.addedBy.set(e.suite.key, 0);
    elements.push({
      text: 'DEFAULT',
      span: { start: 0, end: 7 },
      operator: 'add',
      parts: [{ text: 'DEFAULT', span: { start: 0, end: 7 }, kind: 'alias' }],
      known: true,
      applied: true,
      affected: state.list.filter((e) => e.active).map((e) => e.suite.key),
      isDefaultKeyword: true,
    });
    offset = input[7] === ':' ? 8 : 7;
    rest = input.slice(offset);
  }
  run(p, rest, offset, elements, state);
  const selected = state.list.filter((e) => e.active).map((e) => e.suite);
  const addedBy = new Map<string, number>();
  for (const s of selected) addedBy.set(s.key, state.addedBy.get(s.key) ?? -1);
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

/** 1.0.2's Suite B keywords (longest first, as they are matched as prefixes) and the lists they stand for. */
const SUITE_B: readonly [string, string][] = [
  ['SUITEB128ONLY', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
  ['SUITEB128C2', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  ['SUITEB128', 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384'],
  ['SUITEB192', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
];

// Least-recently-used: a Map keeps insertion order, so a hit is moved to the end and the first key is the
// oldest. (Clearing the whole cache when full made a workload just over the limit miss on every lookup.)
const CACHE_LIMIT = 4096;
const cache = new Map<string, CipherEvaluation>();

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
  // Cached results must not hold the document the string was read from (the key and the result slice it).
  const own = detached(input);
  const key = `${profileId}\u0000${own}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const result = evaluateUncached(own, profile);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}

/** Like `evaluateCipherString` for a profile known to exist. */
export function evaluate(input: string, profile: Profile): CipherEvaluation {
  return evaluateCipherString(input, profile.id);
}
