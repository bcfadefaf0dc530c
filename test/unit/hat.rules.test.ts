import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyEdits, createAnalyzer } from '../../server/src/core/analyzer';
import { REPO_ROOT } from '../support/cli';

const fixture = (...parts: string[]) => readFileSync(path.join(REPO_ROOT, 'test/fixtures/rules', ...parts));

function fixed(bytes: Buffer, rule: string, options = {}): { before: string; after: string } {
  const result = createAnalyzer(options).analyzeBytes(bytes, 'fixture.xml');
  const finding = result.findings.find((f) => f.rule === rule);
  assert.ok(finding, `${rule} fires`);
  const fix = finding.fixes.find((f) => f.preferred);
  assert.ok(fix, `${rule} offers a preferred fix`);
  return { before: result.text, after: applyEdits(result.text, fix.edits) };
}

function rulesOn(text: string, options = {}): string[] {
  return createAnalyzer(options).analyzeText(text, 'fixed.xml').findings.map((f) => f.rule);
}

test('scenario 3: the quick fix sets the default delivery interface to Auto, and the finding goes away', () => {
  const { after } = fixed(fixture('delivery-interface-unreachable', 'scenario-3.xml'), 'delivery-interface-unreachable');
  assert.match(after, /<delivery_interface>Auto<\/delivery_interface>/);
  assert.ok(!rulesOn(after).includes('delivery-interface-unreachable'));
});

test('the cpq_listener RAT fix accepts ALL recipients, and the finding goes away', () => {
  const { after } = fixed(fixture('rat-no-accept', 'all-rejected.xml'), 'rat-no-accept');
  assert.match(after, /<rat_address>ALL<\/rat_address>\s*<access>ACCEPT<\/access>/);
  assert.ok(!rulesOn(after).includes('rat-no-accept'));
});

test('a HAT without ALL gets a final ALL row with its own rejecting policy, in its own margins', () => {
  const hat = '\n$RELAYED\n   RELAY {}\n$BLOCKED\n   REJECT {}\nRELAYLIST:\n   10.172.12.17\n       $RELAYED\n      ';
  const text = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config SYSTEM "config.dtd">\n<config>\n  <listeners>\n    <listener>\n      <listener_name>cpq_listener</listener_name>\n      <type>private</type>\n      <hat>${hat}</hat>\n    </listener>\n  </listeners>\n</config>\n`;
  const { after } = fixed(Buffer.from(text, 'latin1'), 'hat-missing-all');
  assert.match(after, /       \$RELAYED\nALL\n    \$BLOCKED\n      <\/hat>/);
  assert.deepEqual(rulesOn(after).filter((r) => r.startsWith('hat-')), []);
});

test('a misspelt policy is fixed to the defined one', () => {
  const { after } = fixed(fixture('hat-undefined-policy', 'undefined.xml'), 'hat-undefined-policy');
  assert.match(after, /10\.172\.12\.17\n {7}\$RELAYED \(typo\)/);
});

test('the seed cpq_listener relays the SMA given with --sma and reports nothing', () => {
  const result = createAnalyzer({ peerAddresses: ['10.172.12.17'] }).analyzeBytes(readFileSync(path.join(REPO_ROOT, 'examples/clean-esa.xml')), 'clean-esa.xml');
  const mine = result.findings.filter((f) => /^(hat-|rat-|cpq-peer|delivery-|cluster-)/.test(f.rule));
  assert.deepEqual(mine, []);
});

test('the delivery-interface finding names both addresses and the subnet, and links the interface and the relayed peer', () => {
  const result = createAnalyzer().analyzeBytes(readFileSync(path.join(REPO_ROOT, 'examples/scenario-3-delivery-interface.xml')), 'scenario-3.xml');
  const finding = result.findings.find((f) => f.rule === 'delivery-interface-unreachable');
  assert.ok(finding);
  assert.match(finding.message, /"In" \(192\.168\.1\.1\/24\).*10\.172\.12\.17.*192\.168\.1\.0\/24/);
  assert.equal(result.text.slice(finding.span.start, finding.span.end), 'In');
  assert.deepEqual(finding.related.map((r) => result.text.slice(r.span.start, r.span.end)), ['In', '10.172.12.17']);
});

/** Two clustered exports of one cluster, as each machine saves them: the header is that machine's. */
function clusterExport(host: string, features: string[]): Uint8Array {
  return Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE config SYSTEM "config.dtd">

<!--
  Product: Cisco C300V Email Security Virtual Appliance
  Model Number: C300V
  Version: 13.5.1-277
  Serial Number: SERIAL-${host}
${features.map((f) => `  Feature "${f}": Quantity = 1, Time Remaining = "361 days"`).join('\n')}
-->
<cluster_config>
  <cluster>
    <cluster_name>Example.com-Cluster</cluster_name>
    <config>
    </config>
  </cluster>
  <machine>
    <machine_name>${host}</machine_name>
    <config>
      <hostname>${host}</hostname>
    </config>
  </machine>
</cluster_config>
`, 'latin1');
}

test("scenario 5: machines of one cluster with different feature keys are reported as 'cluster-featurekey-mismatch' on the one that lacks DLP", () => {
  const analyzer = createAnalyzer();
  const [esa1, esa2] = analyzer.analyzeFiles([
    { uri: 'esa1.xml', bytes: clusterExport('esa1.example.com', ['Sophos Anti-Virus', 'Data Loss Prevention']) },
    { uri: 'esa2.xml', bytes: clusterExport('esa2.example.com', ['Sophos Anti-Virus']) },
  ]);
  assert.deepEqual(esa1.findings.filter((f) => f.rule === 'cluster-featurekey-mismatch'), []);
  const findings = esa2.findings.filter((f) => f.rule === 'cluster-featurekey-mismatch');
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /"esa2\.example\.com" lacks the feature key "Data Loss Prevention" that machine "esa1\.example\.com" \(esa1\.xml\) has/);
  assert.equal(esa2.text.slice(findings[0].span.start, findings[0].span.end), 'SERIAL-esa2.example.com');
  assert.equal(findings[0].related[0].uri, 'esa1.xml');
});

test('feature keys are not compared across different clusters, nor for a file analysed alone', () => {
  const analyzer = createAnalyzer();
  const other = Buffer.from(Buffer.from(clusterExport('esa9.example.com', [])).toString('latin1').replace('Example.com-Cluster', 'Other-Cluster'), 'latin1');
  const results = analyzer.analyzeFiles([
    { uri: 'esa1.xml', bytes: clusterExport('esa1.example.com', ['Data Loss Prevention']) },
    { uri: 'esa9.xml', bytes: other },
  ]);
  for (const r of results) assert.deepEqual(r.findings.filter((f) => f.rule === 'cluster-featurekey-mismatch'), []);
  const alone = analyzer.analyzeBytes(clusterExport('esa2.example.com', []), 'esa2.xml');
  assert.deepEqual(alone.findings.filter((f) => f.rule === 'cluster-featurekey-mismatch'), []);
});

test('scenario 6: the machine-level content filter is reported as cluster-level-override and links the cluster-level content filters', () => {
  const result = createAnalyzer().analyzeBytes(readFileSync(path.join(REPO_ROOT, 'examples/scenario-6-machine-level-filter.xml')), 'scenario-6.xml');
  const findings = result.findings.filter((f) => f.rule === 'cluster-level-override');
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(result.text.slice(finding.span.start, finding.span.end), 'content_filters');
  assert.match(finding.message, /^Content filters are configured at machine level \(esa2\.example\.com\)\./);
  const related = finding.related[0];
  assert.equal(result.text.slice(related.span.start, related.span.end), 'content_filters');
  assert.ok(related.span.start < finding.span.start, 'the cluster-level section comes first in the export');
});

test('a group-level section with no cluster-level counterpart links the cluster-level configuration', () => {
  const result = createAnalyzer().analyzeBytes(fixture('cluster-level-override', 'group-level-dlp.xml'), 'group.xml');
  const finding = result.findings.find((f) => f.rule === 'cluster-level-override');
  assert.ok(finding);
  assert.equal(result.text.slice(finding.related[0].span.start, finding.related[0].span.end), 'config');
  assert.match(finding.message, /Move them to the cluster level\.$/);
});

test('a generated HAT with hundreds of repeated entries gives a hundred findings and one that counts the rest', () => {
  const hat = `\n$RELAYED\n  RELAY\nRELAYLIST:\n${'  10.172.12.17\n'.repeat(251)}  $RELAYED\nALL\n  REJECT\n`;
  const text = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config SYSTEM "config.dtd">\n<config>\n  <listeners>\n    <listener>\n      <listener_name>cpq_listener</listener_name>\n      <type>private</type>\n      <hat>${hat}</hat>\n    </listener>\n  </listeners>\n</config>\n`;
  const findings = createAnalyzer().analyzeText(text, 'big.xml').findings.filter((f) => f.rule === 'hat-shadowed-entry');
  assert.equal(findings.length, 101);
  assert.ok(findings.some((f) => /150 more entries never apply/.test(f.message)));
});
