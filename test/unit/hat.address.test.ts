import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePattern, HOST_PATTERN_ERRORS, HOST_PATTERN_WARNINGS, parseHostPattern, parseIpAddress, patternCovers, patternMatchesIp } from '../../server/src/core/hat/address';
import { renderText } from '../../server/src/core/l10n';
import type { MessageRef } from '../../server/src/core/rules/types';

/** A reader's message as the English finding shows it. */
const english = (ref: MessageRef | undefined) => (ref ? renderText(ref, 'hat', { ...HOST_PATTERN_ERRORS, ...HOST_PATTERN_WARNINGS }) : '');

const valid: [string, string, string][] = [
  // text, kind, how it reads back
  ['10.1.2.3', 'ip', '10.1.2.3'],
  ['10.1.2.', 'ip', '10.1.2.0/24'],
  ['10.1.2', 'ip', '10.1.2.0/24'],
  ['10.1.', 'ip', '10.1.0.0/16'],
  ['10', 'ip', '10.0.0.0/8'],
  ['10.1.1.1-20', 'ip', '10.1.1.1-10.1.1.20'],
  ['10.1.1-3.', 'ip', '10.1.1.0-10.1.3.255'],
  ['10.1.1.0/24', 'ip', '10.1.1.0/24'],
  ['10.1.1.1/24', 'ip', '10.1.1.0/24'],
  ['10.1/16', 'ip', '10.1.0.0/16'],
  ['2001:db8::1', 'ip', '2001:db8::1'],
  ['2001:DB8:0:0:0:0:0:1', 'ip', '2001:db8::1'],
  ['2001:db8::/32', 'ip', '2001:db8::/32'],
  ['2001:db8::1-2001:db8::ff', 'ip', '2001:db8::1-2001:db8::ff'],
  ['::ffff:10.1.2.3', 'ip', '::ffff:a01:203'],
  ['mail.example.com', 'hostname', 'mail.example.com'],
  ['.example.com', 'domain', '.example.com'],
  ['SBRS[-10:-3]', 'sbrs', 'SBRS[-10:-3]'],
  ['sbrs[-10.0:-3.0]', 'sbrs', 'SBRS[-10:-3]'],
  ['SBRS[none]', 'sbrs-none', 'SBRS[none]'],
  ['SBRSNONE', 'sbrs-none', 'SBRS[none]'],
  ['dnslist[zen.spamhaus.org]', 'dnslist', 'dnslist[zen.spamhaus.org]'],
  ['SBO:1234', 'sbo', 'SBO:1234'],
  ['TRUSTED_HOSTS', 'group-ref', 'TRUSTED_HOSTS'],
  ['ALL', 'all', 'ALL'],
];

for (const [text, kind, readBack] of valid) {
  test(`host entry \`${text}\` is read as ${kind} ${readBack}`, () => {
    const r = parseHostPattern(text);
    assert.equal(r.error, undefined);
    assert.equal(r.warning, undefined);
    assert.equal(r.pattern.kind, kind);
    assert.equal(describePattern(r.pattern), readBack);
  });
}

const invalid: [string, RegExp][] = [
  ['10.1.1.300', /more than 255/],
  ['10.1.1.1/33', /prefix length/],
  ['10.1.1.1/', /prefix length/],
  ['10.1.1.20-1', /backwards/],
  ['10.1-2.1.1', /only the last octet/],
  ['10.1.1.1.', /after the fourth octet/],
  ['10.1.1-2/24', /range and a prefix/],
  ['1.2.3.4.5', /not an IPv4/],
  ['2001:db8:::1', /not an IPv6/],
  ['2001:db8::/129', /prefix length/],
  ['2001:db8::ff-2001:db8::1', /backwards/],
  ['SBRS[-11:-3]', /between -10.0 and 10.0/],
  ['SBRS[3:-3]', /backwards/],
  ['SBRS[low:high]', /SBRS\[low:high\]/],
  ['SBO:abc', /network owner number/],
  ['dnslist[]', /DNS list server/],
  ['.', /not a domain/],
];

for (const [text, message] of invalid) {
  test(`host entry \`${text}\` is reported as an invalid address`, () => {
    const r = parseHostPattern(text);
    assert.match(english(r.error), message);
  });
}

test('an entry in no documented form is kept with a warning, not rejected', () => {
  const r = parseHostPattern('host~name');
  assert.equal(r.error, undefined);
  assert.match(english(r.warning), /kept as is/);
  assert.equal(r.pattern.kind, 'unknown');
});

const matches: [string, string, boolean | undefined][] = [
  ['10.1.2.3', '10.1.2.3', true],
  ['10.1.2.3', '10.1.2.4', false],
  ['10.1.2.', '10.1.2.200', true],
  ['10.1.2', '10.1.20.1', false],
  ['10.1.1.1-20', '10.1.1.20', true],
  ['10.1.1.1-20', '10.1.1.21', false],
  ['10.0.0.0/8', '10.172.12.17', true],
  ['2001:db8::/32', '2001:db8:1::5', true],
  ['2001:db8::/32', '10.1.1.1', false],
  ['ALL', '192.0.2.1', true],
  ['mail.example.com', '192.0.2.1', undefined],
  ['SBRS[-10:-3]', '192.0.2.1', undefined],
];

for (const [entry, ip, expected] of matches) {
  test(`address ${ip} ${expected === undefined ? 'may or may not match' : expected ? 'matches' : 'does not match'} \`${entry}\``, () => {
    const address = parseIpAddress(ip);
    assert.ok(address);
    assert.equal(patternMatchesIp(parseHostPattern(entry).pattern, address), expected);
  });
}

const covers: [string, string, boolean][] = [
  ['10.0.0.0/8', '10.1.2.3', true],
  ['10.1.', '10.1.2.0/24', true],
  ['10.1.2.0/24', '10.1.0.0/16', false],
  ['10.1.1.1-20', '10.1.1.5-10', true],
  ['ALL', 'mail.example.com', true],
  ['.example.com', 'mail.example.com', true],
  ['.example.com', 'example.com', false],
  ['.example.com', '.sub.example.com', true],
  ['mail.example.com', 'MAIL.example.com', true],
  ['SBRS[-10:-1]', 'SBRS[-10:-3]', true],
  ['SBRS[-3:-1]', 'SBRS[-10:-3]', false],
  ['SBRS[none]', 'SBRSNONE', true],
  ['10.0.0.0/8', 'ALL', false],
  ['10.0.0.0/8', '2001:db8::1', false],
];

for (const [outer, inner, expected] of covers) {
  test(`\`${outer}\` ${expected ? 'covers' : 'does not cover'} \`${inner}\``, () => {
    assert.equal(patternCovers(parseHostPattern(outer).pattern, parseHostPattern(inner).pattern), expected);
  });
}

test('peer addresses are read as given with --sma, in brackets or not', () => {
  assert.deepEqual(parseIpAddress('10.172.12.17'), { version: 4, value: 0x0aac0c11n });
  assert.equal(parseIpAddress('[2001:db8::1]')?.version, 6);
  assert.equal(parseIpAddress('sma.example.com'), undefined);
  assert.equal(parseIpAddress('10.1.1'), undefined);
});
