import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultProfileForRelease, describeCipherList, evaluateCipherString, getProfile, listProfiles, recommendedCipherString, risksOf, suggestWord,
} from '../../server/src/core/ciphers';
import type { CipherEvaluation } from '../../server/src/core/ciphers';

const P102 = '1.0.2k-default';
const P102FULL = '1.0.2u-full';
const P098 = '0.9.8zh-full';

function names(e: CipherEvaluation): string[] {
  return e.ciphers.map((s) => (s.protocol === 'SSLv2' ? `${s.name}/SSLv2` : s.name));
}

/** [input, profile, expected suites (names) or the error]. */
const ORDER_CASES: [string, string, string[] | 'no cipher match' | 'invalid command'][] = [
  ['AES128-SHA:AES256-SHA', P102, ['AES128-SHA', 'AES256-SHA']],
  ['AES128-SHA:AES256-SHA:+AES128-SHA', P102, ['AES256-SHA', 'AES128-SHA']],
  ['AES128-SHA:AES256-SHA:AES128-SHA', P102, ['AES128-SHA', 'AES256-SHA']],
  ['AES256-SHA:AES128-SHA:-AES256-SHA:AES256-SHA', P102, ['AES128-SHA', 'AES256-SHA']],
  ['AES256-SHA:AES128-SHA:!AES256-SHA:AES256-SHA', P102, ['AES128-SHA']],
  ['AES128-SHA:AES256-SHA:@STRENGTH', P102, ['AES256-SHA', 'AES128-SHA']],
  ['RC4-MD5', P102FULL, ['RC4-MD5', 'RC4-MD5/SSLv2']],
  ['RC4-MD5+SSLv2', P102FULL, ['RC4-MD5/SSLv2']],
  ['AES256-SHA+HIGH', P102, ['AES256-SHA']],
  ['AES128-SHA,AES256-SHA;RC4-SHA DES-CBC3-SHA', P102, ['AES128-SHA', 'AES256-SHA', 'RC4-SHA', 'DES-CBC3-SHA']],
  ['HIGH+MEDIUM', P102, 'no cipher match'],
  ['FOO:BAR', P102, 'no cipher match'],
  ['', P102, 'no cipher match'],
  ['!aNULL', P102, 'no cipher match'],
  ['AES+', P102, 'invalid command'],
  ['HIGH:-', P102, 'invalid command'],
  ['HIGH MEDIUM\n', P102, 'invalid command'],
  ['HIGH:FOO_BAR', P102, ['ECDHE-RSA-AES256-GCM-SHA384']],
  ['HIGH:@strength', P102, 'invalid command'],
  ['HIGH:@STRENGTH+RC4', P102, ['ECDHE-RSA-AES256-GCM-SHA384']],
  ['RC4-SHA:DEFAULT', P102, ['RC4-SHA']],
  [':DEFAULT', P102, 'no cipher match'],
  // 0.9.8: no "." in names, a suite name ends the element, ECC suites only by name or ECCdraft.
  ['TLSv1.2', P098, 'invalid command'],
  ['AES256-SHA+RC4-SHA', P098, ['AES256-SHA', 'RC4-SHA']],
  ['HIGH+AES256-SHA', P098, ['AES256-SHA']],
  ['ECDHE-RSA-AES128-SHA', P098, ['ECDHE-RSA-AES128-SHA']],
  ['aNULL+AES', P098, ['AECDH-AES256-SHA', 'AECDH-AES128-SHA', 'ADH-AES256-SHA', 'ADH-AES128-SHA']],
  ['ECDHE', P098, 'no cipher match'],
];

for (const [input, profile, want] of ORDER_CASES) {
  test(`${JSON.stringify(input)} on ${profile} gives ${Array.isArray(want) ? want.slice(0, 3).join(', ') + (want.length > 3 ? ', …' : '') : want}`, () => {
    const e = evaluateCipherString(input, profile);
    if (Array.isArray(want)) {
      assert.equal(e.ok, true, e.error);
      if (want.length === 1 && input.startsWith('HIGH')) assert.equal(names(e)[0], want[0]);
      else assert.deepEqual(names(e), want);
    } else {
      assert.equal(e.ok, false);
      assert.equal(e.error, want);
      assert.deepEqual(e.ciphers, []);
    }
  });
}

test('elements carry their text, span, operator and whether OpenSSL knows them', () => {
  const input = 'HIGH:MEDIO:-NULL:!aNULL+AES:@STRENGTH';
  const e = evaluateCipherString(input, P102);
  assert.deepEqual(e.elements.map((el) => [el.text, input.slice(el.span.start, el.span.end), el.operator, el.known, el.applied]), [
    ['HIGH', 'HIGH', 'add', true, true],
    ['MEDIO', 'MEDIO', 'add', false, false],
    ['-NULL', '-NULL', 'remove', true, true],
    ['!aNULL+AES', '!aNULL+AES', 'kill', true, true],
    ['@STRENGTH', '@STRENGTH', 'special', true, true],
  ]);
  assert.deepEqual(e.elements[3].parts.map((p) => [p.text, p.kind, input.slice(p.span.start, p.span.end)]), [['aNULL', 'alias', 'aNULL'], ['AES', 'alias', 'AES']]);
  assert.deepEqual(e.elements[2].affected, [], '-NULL removes nothing that HIGH added');
});

test('a rejected string says which element OpenSSL stumbled on, and what it would otherwise select', () => {
  const e = evaluateCipherString('HIGH_MEDIUM:RC4', P102);
  assert.equal(e.error, 'invalid command');
  const bad = e.elements.filter((el) => el.error);
  assert.equal(bad.length, 1);
  assert.equal(bad[0].errorAt, 4);
  assert.ok(e.selectedIgnoringErrors.length > 0);
});

test('DEFAULT at the start expands to the profile\'s default list, then the rest applies', () => {
  const e = evaluateCipherString('DEFAULT:!RC4', P102);
  assert.equal(e.elements[0].isDefaultKeyword, true);
  assert.equal(e.elements[0].span.end, 7);
  assert.ok(e.ciphers.length > 50);
  assert.ok(!e.ciphers.some((s) => s.enc.startsWith('RC4')));
  assert.deepEqual(names(evaluateCipherString('DEFAULTS', P102)), names(evaluateCipherString('DEFAULT', P102)));
});

test('evaluations are cached per (string, profile) and an unknown profile is an error, not an exception', () => {
  assert.equal(evaluateCipherString('HIGH', P102), evaluateCipherString('HIGH', P102));
  assert.notEqual(evaluateCipherString('HIGH', P102), evaluateCipherString('HIGH', P098));
  const e = evaluateCipherString('HIGH', 'no-such-build');
  assert.equal(e.ok, false);
  assert.equal(e.error, 'unknown profile');
});

test('profiles are named by build id; releases before 9.5 map to 0.9.8, later ones to 1.0.2', () => {
  assert.deepEqual(listProfiles().map((p) => p.id), ['1.0.2u-full', '1.0.2u-default', '1.0.2k-full', '1.0.2k-default', '1.0.2d-full', '1.0.2d-default', '0.9.8zh-full', '0.9.8zh-default']);
  const cases: [string, string | undefined][] = [
    ['Version: 13.5.1-277', '1.0.2k-default'], ['9.5.0-201', '1.0.2k-default'], ['10.0', '1.0.2k-default'],
    ['9.1.0-032', '0.9.8zh-default'], ['8.5.6-074', '0.9.8zh-default'], ['', undefined], ['unknown', undefined],
  ];
  for (const [release, profile] of cases) assert.equal(defaultProfileForRelease(release), profile, release);
});

test('3DES is HIGH in 1.0.2d and MEDIUM from 1.0.2k, and sorts as 112 bits in 1.0.2', () => {
  const d = getProfile('1.0.2d-default');
  const k = getProfile('1.0.2k-default');
  assert.equal(d?.suites.find((s) => s.name === 'DES-CBC3-SHA')?.strength, 'HIGH');
  assert.equal(k?.suites.find((s) => s.name === 'DES-CBC3-SHA')?.strength, 'MEDIUM');
  assert.equal(k?.suites.find((s) => s.name === 'DES-CBC3-SHA')?.strengthBits, 112);
  assert.equal(getProfile(P098)?.suites.find((s) => s.name === 'DES-CBC3-SHA')?.strengthBits, 168);
});

test('every profile\'s base order is by strength for 1.0.2 (the order OpenSSL ranks suites in before any rule)', () => {
  for (const p of listProfiles().filter((x) => x.dialect === '1.0.2')) {
    const bits = p.suites.map((s) => s.strengthBits);
    assert.deepEqual(bits, [...bits].sort((a, b) => b - a), p.id);
  }
});

test('the recommended list of every profile is accepted, fully known and free of risky suites', () => {
  for (const p of listProfiles()) {
    const value = recommendedCipherString(p);
    const e = evaluateCipherString(value, p.id);
    assert.equal(e.ok, true, p.id);
    assert.ok(e.elements.every((el) => el.known), `${p.id}: every word known`);
    assert.deepEqual(e.ciphers.filter((s) => risksOf(s).length > 0).map((s) => s.name), [], p.id);
    assert.ok(e.ciphers.length >= 6, p.id);
  }
});

test('risks mark anonymous, unencrypted, export, LOW, RC4, DES, 3DES, MD5 and SSLv2 suites', () => {
  const p = getProfile(P102FULL);
  const risk = (name: string, protocol = 'SSLv3') => risksOf(p!.suites.find((s) => s.name === name && s.protocol === protocol)!);
  assert.deepEqual(risk('ADH-AES128-SHA'), ['anonymous']);
  assert.deepEqual(risk('AECDH-NULL-SHA'), ['anonymous', 'null-encryption']);
  assert.deepEqual(risk('EXP-RC4-MD5'), ['export', 'rc4', 'md5']);
  assert.deepEqual(risk('DES-CBC-SHA'), ['low', 'des']);
  assert.deepEqual(risk('DES-CBC3-MD5', 'SSLv2'), ['3des', 'md5', 'sslv2']);
  assert.deepEqual(risk('ECDHE-RSA-AES256-GCM-SHA384', 'TLSv1.2'), []);
});

test('"did you mean" prefers a case-only difference, then the closest known word', () => {
  const p = getProfile(P102)!;
  assert.equal(suggestWord('MEDIO', p), 'MEDIUM');
  assert.equal(suggestWord('anull', p), 'aNULL');
  assert.equal(suggestWord('aes128-sha', p), 'AES128-SHA');
  assert.equal(suggestWord('HIHG', p), 'HIGH');
  assert.equal(suggestWord('TLS_AES_128_GCM_SHA256', p), undefined);
});

test('describeCipherList gives the hover table: count, risky rows, anonymous count and profile', () => {
  const d = describeCipherList('AES128-SHA:RC4-SHA:ADH-AES128-SHA', P102);
  assert.equal(d.ok, true);
  assert.deepEqual(d.profile, { id: P102, version: '1.0.2k', variant: 'default' });
  assert.equal(d.count, 3);
  assert.equal(d.riskyCount, 2);
  assert.equal(d.anonymousCount, 1);
  assert.deepEqual(d.rows[1], { name: 'RC4-SHA', protocol: 'SSLv3', kx: 'RSA', au: 'RSA', enc: 'RC4(128)', mac: 'SHA1', export: false, risks: ['rc4'] });
});

test('on 1.0.2 a leading Suite B keyword stands for its list and the rest is ignored; 0.9.8 does not know it', () => {
  assert.deepEqual(names(evaluateCipherString('SUITEB128', P102)), ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384']);
  assert.deepEqual(names(evaluateCipherString('SUITEB128ONLY:RC4', P102)), ['ECDHE-ECDSA-AES128-GCM-SHA256']);
  assert.deepEqual(names(evaluateCipherString('SUITEB192', P102)), ['ECDHE-ECDSA-AES256-GCM-SHA384']);
  assert.equal(evaluateCipherString('SUITEB128', P098).error, 'no cipher match');
});
