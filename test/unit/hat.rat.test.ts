import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRatAddress, parseRatText, RAT_SYNTAX_MESSAGES, ratDefault } from '../../server/src/core/hat/rat';
import { renderText } from '../../server/src/core/l10n';
import type { MessageRef } from '../../server/src/core/rules/types';

/** A reader's message as the English finding shows it. */
const english = (ref: MessageRef | undefined) => (ref ? renderText(ref, 'rat', RAT_SYNTAX_MESSAGES) : '');

const addresses: [string, string][] = [
  ['ALL', 'all'],
  ['example.com', 'domain'],
  ['.example.com', 'subdomain'],
  ['postmaster@', 'user'],
  ['user@example.com', 'address'],
  ['@example.com', 'address'],
  ['10.1.2.3', 'ip'],
  ['[10.1.2.3]', 'ip'],
];

for (const [text, kind] of addresses) {
  test(`recipient address \`${text}\` is read as ${kind}`, () => {
    const c = classifyRatAddress(text);
    assert.equal(c.error, undefined);
    assert.equal(c.kind, kind);
  });
}

const badAddresses: [string, RegExp][] = [
  ['', /empty/],
  ['a b.com', /space/],
  ['a@b@c.com', /more than one/],
  ['user@-bad-', /not a domain/],
  ['[300.1.1.1]', /IP address literal/],
];

for (const [text, message] of badAddresses) {
  test(`recipient address \`${text}\` is reported as wrong`, () => {
    assert.match(english(classifyRatAddress(text).error), message);
  });
}

test('the RAT text form of the user guide reads as two rows with ALL rejecting', () => {
  const text = '# File exported by the GUI at 20060530T220526\n.example.com ACCEPT\nALL REJECT\n';
  const r = parseRatText(text);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.value.map((row) => [row.addresses.map((a) => a.text), row.access?.action]), [
    [['.example.com'], 'ACCEPT'],
    [['ALL'], 'REJECT'],
  ]);
  const all = ratDefault(r.value);
  assert.equal(text.slice(all!.address.span.start, all!.address.span.end), 'ALL');
  assert.equal(text.slice(all!.row.access!.span.start, all!.row.access!.span.end), 'REJECT');
});

test('a RAT line without an action, or with an unknown one, is reported on its characters', () => {
  const text = 'example.com\nALL ACCEPTED\n';
  const r = parseRatText(text);
  assert.deepEqual(r.problems.map((p) => text.slice(p.span.start, p.span.end)), ['example.com', 'ACCEPTED']);
  assert.match(english(r.problems[0].message), /expected `<address> <ACTION>`/);
  assert.match(english(r.problems[1].message), /not a recipient access action/);
});

test('a RAT without ALL has no default row', () => {
  assert.equal(ratDefault(parseRatText('example.com ACCEPT').value), undefined);
});
