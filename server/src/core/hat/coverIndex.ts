import { patternCovers, type HostPattern } from './address';

/** An IPv4 address fits a number exactly, and turning a bigint into a string is most of the cost of a string key. */
function singleKey(pattern: HostPattern & { kind: 'ip' }): number | string {
  return pattern.version === 4 ? Number(pattern.first) : `6:${pattern.first}`;
}

/**
 * The intervals that no other stored interval contains, sorted by first
 * address; among such intervals the last addresses are sorted too, so the
 * one with the greatest first address at or below a query's first has the
 * greatest last address of all candidates, and "does any interval contain
 * this one?" is one binary search instead of a scan of every earlier network.
 */
class MaximalIntervals {
  private readonly firsts: bigint[] = [];
  private readonly lasts: bigint[] = [];

  /** Index of the last interval whose first address is at or below `at`, or -1. */
  private floor(at: bigint): number {
    let lo = 0;
    let hi = this.firsts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.firsts[mid] <= at) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  contains(first: bigint, last: bigint): boolean {
    const i = this.floor(first);
    return i >= 0 && this.lasts[i] >= last;
  }

  add(first: bigint, last: bigint): void {
    if (this.contains(first, last)) return;
    // The intervals the new one contains follow it contiguously (their lasts are sorted).
    const at = this.floor(first - 1n) + 1;
    let end = at;
    while (end < this.lasts.length && this.lasts[end] <= last) end++;
    this.firsts.splice(at, end - at, first);
    this.lasts.splice(at, end - at, last);
  }
}

/**
 * The entries seen so far, indexed so that "does an earlier entry cover this
 * one?" stays fast on HATs with tens of thousands of members: exact addresses
 * and names are looked up, only ranges, networks and the rare other kinds are
 * scanned. Same answers as `patternCovers` against every earlier entry.
 */
export class CoverIndex<T> {
  private all: T | undefined;
  private readonly singles = new Map<number | string, T>();
  private readonly wide: { pattern: HostPattern & { kind: 'ip' }; item: T }[] = [];
  /** Whether any entry of `wide` covers a query at all: most do not, and those answers no longer need the scan. */
  private readonly wideBounds = { 4: new MaximalIntervals(), 6: new MaximalIntervals() };
  private readonly hosts = new Map<string, T>();
  private readonly domains = new Map<string, T>();
  private readonly others: { pattern: HostPattern; item: T }[] = [];

  /** The first earlier item whose pattern covers `pattern`. */
  coverOf(pattern: HostPattern): T | undefined {
    if (this.all !== undefined) return this.all;
    switch (pattern.kind) {
      case 'ip': {
        if (pattern.first === pattern.last) {
          const exact = this.singles.get(singleKey(pattern));
          if (exact !== undefined) return exact;
        }
        if (!this.wideBounds[pattern.version].contains(pattern.first, pattern.last)) return undefined;
        return this.wide.find((w) => patternCovers(w.pattern, pattern))?.item;
      }
      case 'hostname':
        return this.hosts.get(pattern.name) ?? this.parentDomain(pattern.name);
      case 'domain':
        return this.domains.get(pattern.suffix) ?? this.parentDomain(pattern.suffix);
      default:
        return this.others.find((o) => patternCovers(o.pattern, pattern))?.item;
    }
  }

  add(pattern: HostPattern, item: T): void {
    switch (pattern.kind) {
      case 'all':
        this.all ??= item;
        return;
      case 'ip': {
        const key = singleKey(pattern);
        if (pattern.first === pattern.last) {
          if (!this.singles.has(key)) this.singles.set(key, item);
        } else {
          this.wide.push({ pattern, item });
          this.wideBounds[pattern.version].add(pattern.first, pattern.last);
        }
        return;
      }
      case 'hostname':
        if (!this.hosts.has(pattern.name)) this.hosts.set(pattern.name, item);
        return;
      case 'domain':
        if (!this.domains.has(pattern.suffix)) this.domains.set(pattern.suffix, item);
        return;
      case 'unknown':
        return;
      default:
        this.others.push({ pattern, item });
    }
  }

  /** `.example.com` covers `a.example.com` and `.b.example.com`: look each parent suffix up. */
  private parentDomain(name: string): T | undefined {
    for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      const found = this.domains.get(name.slice(dot + 1));
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
