import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createAnalyzer } from '../../server/src/core/analyzer';
import { parseHat } from '../../server/src/core/hat/parse';
import { REPO_ROOT } from '../support/cli';

interface Snippet { prefix: string[]; body: string[]; description: string }

const snippets = JSON.parse(readFileSync(path.join(REPO_ROOT, 'snippets/asyncos-config.json'), 'utf8')) as Record<string, Snippet>;

/** What the editor inserts when the user accepts every default (first choice of a choice list). */
function expand(snippet: Snippet, choice = 0): string {
  let text = snippet.body.join('\n');
  for (let i = 0; i < 3; i++) {
    text = text
      .replace(/\$\{\d+\|([^|]*)\|\}/g, (_, list: string) => list.split(',')[choice] ?? list.split(',')[0])
      .replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  }
  return text.replace(/\$0/g, '').replace(/\\\$/g, '$');
}

function inConfig(fragment: string, where: 'listeners' | 'ssl'): string {
  const body = where === 'listeners' ? `  <listeners>\n${fragment}\n  </listeners>` : `  <ssl>\n${fragment}\n  </ssl>`;
  return `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config SYSTEM "config.dtd">\n<config>\n  <interfaces>\n    <interface>\n      <interface_name>Management</interface_name>\n      <ip>10.172.12.18</ip>\n      <netmask>255.255.255.0</netmask>\n    </interface>\n  </interfaces>\n${body}\n</config>\n`;
}

const snippet = (prefix: string) => {
  const found = Object.values(snippets).find((s) => s.prefix.includes(prefix));
  assert.ok(found, `a snippet with prefix ${prefix}`);
  return found;
};

test('every snippet has a prefix, a description and a body', () => {
  for (const [name, s] of Object.entries(snippets)) {
    assert.ok(s.prefix.length > 0 && s.description.length > 10 && s.body.length > 0, name);
  }
});

test('the cpq_listener snippet, inserted as is, gives a configuration with no finding', () => {
  const text = inConfig(expand(snippet('cpq_listener')), 'listeners');
  const result = createAnalyzer({ peerAddresses: ['10.172.12.17'] }).analyzeText(text, 'snippet.xml');
  assert.deepEqual(result.findings.map((f) => `${f.rule}: ${f.message}`), []);
});

test('the HAT snippets parse with no problem and relay the listed host', () => {
  const hat = expand(snippet('hat-relay')).replace(/^<hat>|<\/hat>$/g, '');
  const parsed = parseHat(hat);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.value.rows.map((r) => r.kind), ['group', 'all']);
  const group = parseHat(`$RELAYED\n  RELAY\n${expand(snippet('hat-group'))}\nALL\n  REJECT`);
  assert.deepEqual(group.problems, []);
});

test('the RAT snippet accepts all recipients on the cpq_listener', () => {
  const listener = expand(snippet('cpq_listener')).replace(/<rat>[\s\S]*<\/rat>/, expand(snippet('rat-all-accept')));
  const result = createAnalyzer().analyzeText(inConfig(listener, 'listeners'), 'snippet.xml');
  assert.deepEqual(result.findings.filter((f) => f.rule.startsWith('rat-')), []);
});

for (const choice of [0, 1]) {
  test(`the safe outbound cipher list (choice ${choice + 1}) allows no anonymous suite`, () => {
    const text = inConfig(expand(snippet('ssl_outbound_ciphers'), choice), 'ssl');
    const result = createAnalyzer().analyzeText(text, 'snippet.xml');
    assert.deepEqual(result.findings.filter((f) => f.rule.startsWith('cipher-anonymous') || f.rule === 'cipher-no-match'), []);
  });
}
