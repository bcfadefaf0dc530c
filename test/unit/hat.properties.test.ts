import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseHostPattern, patternCovers } from '../../server/src/core/hat/address';
import { CoverIndex } from '../../server/src/core/hat/coverIndex';
import { parseHat } from '../../server/src/core/hat/parse';
import { parseRatText } from '../../server/src/core/hat/rat';
import type { Span } from '../../server/src/core/text/lineIndex';

/** Pieces real HATs are made of, so random texts look like HATs often enough to reach deep states. */
const piece = fc.constantFrom(
  '$RELAYED', '$BLOCKED', 'RELAY', 'REJECT', 'ACCEPT', 'TCPREFUSE', 'CONTINUE', 'ALL', 'RELAYLIST:', 'G:', '{', '}', '{}', '(', ')', '(why)',
  '#', '=', '"on"', '"', 'tls', '-1', '10.1.2.3', '10.1.', '10.1.1.1-20', '10.0.0.0/8', '2001:db8::/32', 'SBRS[-10:-3]', 'SBRS[', 'SBRSNONE',
  'dnslist[x.org]', 'SBO:3', '.example.com', 'mail.example.com', 'PEERS', ',', ' ', '   ', '\t', '\n', '\r\n', '\n   ', '\n       ',
);
const hatText = fc.array(fc.oneof({ weight: 5, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), { maxLength: 80 }).map((xs) => xs.join(''));

function spansOf(value: unknown, out: Span[] = []): Span[] {
  if (Array.isArray(value)) for (const v of value) spansOf(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') out.push(o as unknown as Span);
    for (const v of Object.values(o)) if (typeof v === 'object') spansOf(v, out);
  }
  return out;
}

test('whatever the HAT text, the parser returns, and every span lies inside the text in order', () => {
  fc.assert(fc.property(hatText, (text) => {
    const r = parseHat(text);
    for (const s of [...spansOf(r.value), ...spansOf(r.problems)]) {
      assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, JSON.stringify({ s, text }));
    }
    for (const row of r.value.rows) {
      if (row.kind === 'all') continue;
      for (const e of row.entries) assert.equal(text.slice(e.span.start, e.span.end), e.text);
    }
  }), { numRuns: 2000 });
});

test('whatever the RAT text, the reader returns with spans inside the text', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
    const r = parseRatText(text);
    for (const s of [...spansOf(r.value), ...spansOf(r.problems)]) assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length);
  }), { numRuns: 1000 });
});

const entryText = fc.oneof(
  fc.tuple(fc.nat(12), fc.nat(3), fc.nat(3), fc.nat(3), fc.constantFrom('', '/8', '/16', '/24', '/30', '-2', '.')).map(([a, b, c, d, tail]) =>
    tail === '.' ? `${a}.${b}.` : tail.startsWith('-') ? `${a}.${b}.${c}.${d}-${d + 2}` : `${a}.${b}.${c}.${d}${tail}`),
  fc.tuple(fc.constantFrom('', '.'), fc.constantFrom('a', 'b', 'mail'), fc.constantFrom('example.com', 'x.example.com', 'example.org')).map(([dot, l, d]) => (dot ? `.${d}` : `${l}.${d}`)),
  fc.tuple(fc.integer({ min: -10, max: 10 }), fc.integer({ min: 0, max: 4 })).map(([a, w]) => `SBRS[${a}:${Math.min(10, a + w)}]`),
  fc.constantFrom('SBRSNONE', 'SBO:1', 'SBO:2', 'dnslist[a.org]', 'ALL', 'PEERS', 'odd~entry'),
);

test('the cover index answers as comparing with every earlier entry does', () => {
  fc.assert(fc.property(fc.array(entryText, { maxLength: 40 }), (texts) => {
    const patterns = texts.map((t) => parseHostPattern(t).pattern);
    const index = new CoverIndex<number>();
    patterns.forEach((p, i) => {
      const expected = patterns.slice(0, i).some((q) => patternCovers(q, p));
      assert.equal(index.coverOf(p) !== undefined, expected, `${texts.slice(0, i + 1).join(' ')}`);
      index.add(p, i);
    });
  }), { numRuns: 1000 });
});

test('covering is reflexive and transitive for the entries people write', () => {
  fc.assert(fc.property(entryText, entryText, entryText, (a, b, c) => {
    const [pa, pb, pc] = [a, b, c].map((t) => parseHostPattern(t).pattern);
    if (pa.kind !== 'unknown') assert.ok(patternCovers(pa, pa), a);
    if (patternCovers(pa, pb) && patternCovers(pb, pc)) assert.ok(patternCovers(pa, pc), `${a} ${b} ${c}`);
  }), { numRuns: 2000 });
});
