import { patternCovers, type HostPattern } from './address';

/**
 * The entries seen so far, indexed so that "does an earlier entry cover this
 * one?" stays fast on HATs with tens of thousands of members: exact addresses
 * and names are looked up, only ranges, networks and the rare other kinds are
 * scanned. Same answers as `patternCovers` against every earlier entry.
 */
export class CoverIndex<T> {
  private all: T | undefined;
  private readonly singles = new Map<string, T>();
  private readonly wide: { pattern: HostPattern & { kind: 'ip' }; item: T }[] = [];
  private readonly hosts = new Map<string, T>();
  private readonly domains = new Map<string, T>();
  private readonly others: { pattern: HostPattern; item: T }[] = [];

  /** The first earlier item whose pattern covers `pattern`. */
  coverOf(pattern: HostPattern): T | undefined {
    if (this.all !== undefined) return this.all;
    switch (pattern.kind) {
      case 'ip': {
        if (pattern.first === pattern.last) {
          const exact = this.singles.get(`${pattern.version}:${pattern.first}`);
          if (exact !== undefined) return exact;
        }
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
        const key = `${pattern.version}:${pattern.first}`;
        if (pattern.first === pattern.last) {
          if (!this.singles.has(key)) this.singles.set(key, item);
        } else {
          this.wide.push({ pattern, item });
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
