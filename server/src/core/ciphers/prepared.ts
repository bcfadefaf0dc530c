import { FACETS, explicitPattern, traitsOf, type Facet, type Pattern, type Traits } from './aliases';
import { addTo, emptySet, fullSet, intersectInto, subtractFrom, unionInto, type SuiteSet } from './suiteSet';
import type { Dialect, Profile, Suite } from './types';

/**
 * What the engine derives once per profile, so that evaluating a string costs
 * set operations on suite numbers (a suite's position in `profile.suites`)
 * instead of matching every suite against every word.
 */
export interface PreparedProfile {
  profile: Profile;
  dialect: Dialect;
  suites: readonly Suite[];
  traits: readonly Traits[];
  /** A suite name → the number of its first suite (the name of an SSLv3 and an SSLv2 suite alike). */
  byName: ReadonlyMap<string, number>;
  /** For each facet, each token → the suites having it. */
  tokens: Readonly<Record<Facet, ReadonlyMap<string, SuiteSet>>>;
  every: SuiteSet;
  /** 0.9.8's ECC suites, which it treats as a draft. */
  eccDraft: SuiteSet;
  anonymous: SuiteSet;
  /** The pattern of each suite named explicitly, built on first use. */
  explicit: (Pattern | undefined)[];
  /** What each pattern selects (see the engine's `selectionOf`); weak, as `A+B` makes a pattern per element. */
  selections: WeakMap<Pattern, readonly SuiteSet[]>;
  /** What the engine copies to start a list: every suite in profile order, none selected, none added by an element. */
  initial: { order: readonly number[]; none: readonly number[]; minusOne: readonly number[] };
  /** The suites `COMPLEMENTOFDEFAULT` may select; set by the engine, which has to run the default list. */
  notDefault?: SuiteSet;
}

const prepared = new Map<string, PreparedProfile>();

export function prepare(profile: Profile): PreparedProfile {
  const known = prepared.get(profile.id);
  if (known) return known;
  const size = profile.suites.length;
  const traits = profile.suites.map((s) => traitsOf(s, profile.dialect));
  const byName = new Map<string, number>();
  profile.suites.forEach((s, i) => {
    if (!byName.has(s.name)) byName.set(s.name, i);
  });
  const p: PreparedProfile = {
    profile,
    dialect: profile.dialect,
    suites: profile.suites,
    traits,
    byName,
    tokens: tokenSets(traits, size),
    every: fullSet(size),
    eccDraft: setOf(traits, size, (t) => t.eccDraft),
    anonymous: setOf(traits, size, (t) => t.au === 'aNULL'),
    explicit: [],
    selections: new WeakMap(),
    initial: { order: profile.suites.map((_, i) => i), none: profile.suites.map(() => 0), minusOne: profile.suites.map(() => -1) },
  };
  prepared.set(profile.id, p);
  return p;
}

function setOf(traits: readonly Traits[], size: number, test: (t: Traits) => boolean): SuiteSet {
  const set = emptySet(size);
  traits.forEach((t, i) => {
    if (test(t)) addTo(set, i);
  });
  return set;
}

function tokenSets(traits: readonly Traits[], size: number): Record<Facet, Map<string, SuiteSet>> {
  const sets = Object.fromEntries(FACETS.map((f) => [f, new Map<string, SuiteSet>()])) as Record<Facet, Map<string, SuiteSet>>;
  traits.forEach((t, i) => {
    for (const facet of FACETS) {
      const value = t[facet];
      for (const token of typeof value === 'string' ? [value] : value) {
        let set = sets[facet].get(token);
        if (!set) sets[facet].set(token, (set = emptySet(size)));
        addTo(set, i);
      }
    }
  });
  return sets;
}

export function explicitPatternOf(p: PreparedProfile, suite: number): Pattern {
  return (p.explicit[suite] ??= explicitPattern(p.traits[suite]));
}

/**
 * The suites a pattern selects: those having, in every facet the pattern
 * constrains, one of its tokens. 0.9.8 treats its ECC suites as a draft: they
 * are only selected by `ECCdraft`, by name, or by a word about key exchange or
 * authentication (`aNULL` picks the AECDH suites, `HIGH` does not).
 * `notDefault` is required when the pattern is `COMPLEMENTOFDEFAULT`'s.
 */
export function matchSet(p: PreparedProfile, pattern: Pattern, notDefault: SuiteSet | undefined): SuiteSet {
  const set = p.every.slice();
  if (!pattern.ecc && !pattern.sets.kx && !pattern.sets.au) subtractFrom(set, p.eccDraft);
  if (pattern.notDefault) intersectInto(set, notDefault as SuiteSet);
  for (const facet of FACETS) {
    const wanted = pattern.sets[facet];
    if (!wanted) continue;
    const having = emptySet(p.suites.length);
    for (const token of wanted) {
      const suites = p.tokens[facet].get(token);
      if (suites) unionInto(having, suites);
    }
    intersectInto(set, having);
  }
  return set;
}
