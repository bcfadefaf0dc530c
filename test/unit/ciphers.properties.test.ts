import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateCipherString, listProfiles } from '../../server/src/core/ciphers';

const WORDS = ['ALL', 'HIGH', 'MEDIUM', 'LOW', 'EXP', 'aNULL', 'eNULL', 'NULL', 'ADH', 'AECDH', 'RSA', 'kEDH', 'AES', 'RC4', '3DES', 'SSLv2', 'SSLv3',
  'TLSv1.2', 'COMPLEMENTOFALL', 'COMPLEMENTOFDEFAULT', 'DEFAULT', 'RC4-MD5', 'AES128-SHA', 'ADH-AES256-SHA', 'MEDIO', 'STRENGTH', 'ECCdraft'];
const PIECES = [...WORDS, ':', ',', ';', ' ', '-', '!', '+', '@', '@STRENGTH', '_', '\t', '.'];

const cipherString = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((xs) => xs.join(''));
const profileId = fc.constantFrom(...listProfiles().map((p) => p.id));

test('any string evaluates without throwing: accepted exactly when it selects suites, each at most once, with ordered in-bounds spans', () => {
  fc.assert(fc.property(cipherString, profileId, (input, profile) => {
    const e = evaluateCipherString(input, profile);
    assert.equal(e.ok, e.ciphers.length > 0);
    assert.equal(new Set(e.ciphers.map((s) => s.key)).size, e.ciphers.length);
    let last = 0;
    for (const el of e.elements) {
      assert.ok(el.span.start >= last && el.span.end <= input.length && el.span.start <= el.span.end, JSON.stringify(el));
      assert.equal(input.slice(el.span.start, el.span.end), el.text);
      last = el.span.end;
    }
  }), { numRuns: 3000 });
});

test('appending :-aNULL to an accepted list removes every anonymous suite and keeps the order of the others', () => {
  fc.assert(fc.property(cipherString, profileId, (input, profile) => {
    const before = evaluateCipherString(input, profile);
    fc.pre(before.ok && !/[\t_.@+\-!]$/.test(input));
    const after = evaluateCipherString(`${input}:-aNULL`, profile);
    if (!after.ok) return;
    assert.ok(!after.ciphers.some((s) => s.au === 'None'));
    assert.deepEqual(after.ciphers.map((s) => s.key), before.ciphers.filter((s) => s.au !== 'None').map((s) => s.key));
  }), { numRuns: 3000 });
});
