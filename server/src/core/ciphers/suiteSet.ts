/**
 * A set of one profile's suites as a bitmap indexed by suite number (the
 * suite's position in `profile.suites`). A profile has at most ~140 suites, so
 * a set is five 32-bit words: what a word of a cipher string selects is a few
 * unions and intersections of precomputed sets, where testing every suite
 * against every word would cost a pass over the table per word.
 */
export type SuiteSet = Uint32Array;

export function emptySet(size: number): SuiteSet {
  return new Uint32Array((size + 31) >>> 5);
}

/** The set of suites 0 … size-1. */
export function fullSet(size: number): SuiteSet {
  const set = emptySet(size);
  for (let i = 0; i < size; i++) addTo(set, i);
  return set;
}

export function has(set: SuiteSet, suite: number): boolean {
  return (set[suite >>> 5] & (1 << (suite & 31))) !== 0;
}

export function addTo(set: SuiteSet, suite: number): void {
  set[suite >>> 5] |= 1 << (suite & 31);
}

export function removeFrom(set: SuiteSet, suite: number): void {
  set[suite >>> 5] &= ~(1 << (suite & 31));
}

export function unionInto(target: SuiteSet, other: SuiteSet): void {
  for (let w = 0; w < target.length; w++) target[w] |= other[w];
}

export function intersectInto(target: SuiteSet, other: SuiteSet): void {
  for (let w = 0; w < target.length; w++) target[w] &= other[w];
}

export function subtractFrom(target: SuiteSet, other: SuiteSet): void {
  for (let w = 0; w < target.length; w++) target[w] &= ~other[w];
}
