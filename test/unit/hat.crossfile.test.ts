import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createAnalyzer } from '../../server/src/core/analyzer';
import { REPO_ROOT } from '../support/cli';

const example = (name: string) => readFileSync(path.join(REPO_ROOT, 'examples', name), 'latin1');
const CLEAN_ESA = example('clean-esa.xml');
const CLEAN_SMA = example('clean-sma.xml');
const PEER_RULES = /^(cpq-peer-|delivery-interface-unreachable)/;

function analyse(files: Record<string, string>, options = {}) {
  const results = createAnalyzer(options).analyzeFiles(Object.entries(files).map(([uri, text]) => ({ uri, bytes: Buffer.from(text, 'latin1') })));
  return Object.fromEntries(results.map((r) => [r.uri!, r.findings.filter((f) => PEER_RULES.test(f.rule))]));
}

/** The SMA's cpq_listener HAT, with its relaying group holding `address` instead of the ESA's. */
function smaRelaying(address: string): string {
  const cpq = CLEAN_SMA.indexOf('<listener_name>cpq_listener</listener_name>');
  return CLEAN_SMA.slice(0, cpq) + CLEAN_SMA.slice(cpq).replace('   10.172.12.18\n', `   ${address}\n`);
}

test('an ESA and its SMA that relay each other report nothing when analysed together', () => {
  const found = analyse({ 'esa.xml': CLEAN_ESA, 'sma.xml': CLEAN_SMA });
  assert.deepEqual(found, { 'esa.xml': [], 'sma.xml': [] });
});

test("an SMA whose cpq_listener does not relay its ESA is reported on the SMA, naming the ESA's file and addresses", () => {
  const found = analyse({ 'esa.xml': CLEAN_ESA, 'sma.xml': smaRelaying('10.172.12.99') });
  assert.deepEqual(found['esa.xml'], []);
  assert.equal(found['sma.xml'].length, 1);
  const [finding] = found['sma.xml'];
  assert.equal(finding.rule, 'cpq-peer-not-relayed');
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /relays none of the addresses of the ESA esa1\.example\.com \(esa\.xml\): 10\.172\.12\.18, 192\.0\.2\.10 \(10\.172\.12\.18 first matches `ALL`, which is \$BLOCKED \(REJECT\)\)/);
  assert.deepEqual(finding.related.map((r) => r.uri), ['esa.xml']);
});

test('an address given with --sma takes precedence over the files analysed alongside', () => {
  const found = analyse({ 'esa.xml': CLEAN_ESA, 'sma.xml': smaRelaying('10.172.12.99') }, { peerAddresses: ['10.172.12.99'] });
  // The ESA does not relay the given address; the SMA relays it (it is its own peer address now).
  assert.deepEqual(found['esa.xml'].map((f) => f.rule), ['cpq-peer-not-relayed']);
  assert.deepEqual(found['sma.xml'], []);
});

test('different cpq_listener ports on the ESA and its SMA are reported on both sides with a fix to the peer\'s port', () => {
  const sma = CLEAN_SMA.replace(/(<listener_name>cpq_listener<\/listener_name>[\s\S]*?<port>)7025(<\/port>)/, '$17055$2');
  const found = analyse({ 'esa.xml': CLEAN_ESA, 'sma.xml': sma });
  assert.deepEqual(found['esa.xml'].map((f) => [f.rule, f.severity]), [['cpq-peer-port-mismatch', 'warning']]);
  assert.match(found['esa.xml'][0].message, /port 7025 here, but on port 7055 on the SMA sma1\.example\.com \(sma\.xml\)/);
  assert.deepEqual(found['esa.xml'][0].fixes[0].edits.map((e) => e.newText), ['7055']);
  assert.deepEqual(found['sma.xml'].map((f) => f.rule), ['cpq-peer-port-mismatch']);
});

test("scenario 3 with the SMA's configuration alongside: the SMA's address comes from its own cpq_listener interface", () => {
  const found = analyse({ 'esa.xml': example('scenario-3-delivery-interface.xml'), 'sma.xml': CLEAN_SMA });
  const [finding] = found['esa.xml'];
  assert.equal(finding.rule, 'delivery-interface-unreachable');
  assert.match(finding.message, /cannot reach the SMA at 10\.172\.12\.17 \(its cpq_listener's interface in sma\.xml\)/);
  assert.ok(finding.related.some((r) => r.uri === 'sma.xml'));
});

test('two ESAs are not each other\'s PVO peer, and files of unknown kind are never paired', () => {
  const unknown = CLEAN_SMA.replace(/<!--[\s\S]*?-->\n/, '').replace(/<smad>[\s\S]*?<\/smad>/, '');
  const found = analyse({ 'esa1.xml': CLEAN_ESA, 'esa2.xml': CLEAN_ESA.replace('10.172.12.17', '10.172.12.40'), 'unknown.xml': unknown });
  assert.deepEqual(found['esa1.xml'], []);
  assert.deepEqual(found['unknown.xml'], []);
});
