import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer, type Finding, type FindingFix } from '../../server/src/core/analyzer';
import type { AnalyzerOptions } from '../../server/src/core/options';

/** A minimal ESA configuration with the given `<ssl>` children and header release. */
function config(ssl: Record<string, string>, version = '13.5.1-277'): string {
  const children = Object.entries(ssl).map(([name, value]) => `    <${name}>${value}</${name}>`).join('\n');
  return `<?xml version="1.0" encoding="ISO-8859-1"?>
<!--
  Product: Cisco C300V Email Security Virtual Appliance
  Model Number: C300V
  Version: ${version}
-->
<config>
  <hostname>esa1.example.com</hostname>
  <ssl>
${children}
  </ssl>
</config>
`;
}

function analyse(text: string, options: AnalyzerOptions = {}): Finding[] {
  return createAnalyzer(options).analyzeText(text, 'test.xml').findings.filter((f) => f.rule.startsWith('cipher-') || f.rule === 'tls-method-weak');
}

function of(findings: Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

function applyFix(text: string, fix: FindingFix): string {
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** The text a finding points at. */
function at(text: string, finding: Finding): string {
  return text.slice(finding.span.start, finding.span.end);
}

/** Every fix of every finding of `rule` removes that finding (re-running the whole analysis on the fixed text). */
function assertFixesResolve(text: string, rule: string, options: AnalyzerOptions = {}): void {
  const findings = of(analyse(text, options), rule);
  assert.ok(findings.length > 0, `${rule} fires`);
  for (const finding of findings) {
    assert.ok(finding.fixes.length > 0, `${rule} offers a fix for: ${finding.message}`);
    for (const fix of finding.fixes) {
      const fixed = applyFix(text, fix);
      const after = of(analyse(fixed, options), rule).filter((f) => f.message === finding.message && f.severity === finding.severity);
      assert.deepEqual(after.map((f) => f.message), [], `"${fix.title}" removes the finding`);
    }
  }
}

test('the seed\'s RC4-SHA:RC4-MD5:ALL on the outbound list is a PVO blocker pointing at ALL, with the :-aNULL fix preferred', () => {
  const text = config({ ssl_outbound_ciphers: 'RC4-SHA:RC4-MD5:ALL' });
  const [finding, ...rest] = of(analyse(text), 'cipher-anonymous-outbound');
  assert.equal(rest.length, 0);
  assert.equal(finding.severity, 'error');
  assert.equal(at(text, finding), 'ALL');
  assert.match(finding.message, /15 anonymous suites \(e\.g\. AECDH-AES256-SHA, ADH-AES256-GCM-SHA384\) on OpenSSL 1\.0\.2k/);
  assert.deepEqual(finding.fixes.map((f) => [f.title.split(' (')[0], f.preferred]), [
    ['Append :-aNULL', true],
    ['Append :!aNULL', false],
    ['Replace with the recommended list for OpenSSL 1.0.2k', false],
  ]);
  assert.equal(applyFix(text, finding.fixes[0]).includes('<ssl_outbound_ciphers>RC4-SHA:RC4-MD5:ALL:-aNULL</ssl_outbound_ciphers>'), true);
  assertFixesResolve(text, 'cipher-anonymous-outbound');
});

test('the seed\'s corrected list HIGH:MEDIUM:ALL:-aNULL:-SSLv2 has no anonymous finding', () => {
  const findings = analyse(config({ ssl_outbound_ciphers: 'HIGH:MEDIUM:ALL:-aNULL:-SSLv2', ssl_inbound_ciphers: 'HIGH:MEDIUM:ALL:-aNULL:-SSLv2' }));
  assert.deepEqual(of(findings, 'cipher-anonymous-outbound'), []);
  assert.deepEqual(of(findings, 'cipher-anonymous'), []);
});

test('the seed\'s wrong fix HIGH:MEDIO:-NULL: MEDIO is unknown (did you mean MEDIUM), -NULL gets a note, anonymous suites remain', () => {
  const text = config({ ssl_outbound_ciphers: 'HIGH:MEDIO:-NULL' });
  const findings = analyse(text);
  const unknown = of(findings, 'cipher-unknown-alias');
  assert.equal(unknown.length, 2);
  const medio = unknown.find((f) => at(text, f) === 'MEDIO');
  assert.ok(medio);
  assert.equal(medio.severity, 'warning');
  assert.match(medio.message, /does not know "MEDIO" and silently ignores it; did you mean "MEDIUM"\?/);
  const note = unknown.find((f) => at(text, f) === '-NULL');
  assert.ok(note);
  assert.equal(note.severity, 'information');
  assert.match(note.message, /removes the suites without encryption \(eNULL\), not the anonymous ones: 10 anonymous suites remain/);
  assert.equal(of(findings, 'cipher-anonymous-outbound').length, 1);
  assertFixesResolve(text, 'cipher-unknown-alias');
});

test('anonymous suites on the inbound and GUI lists are warnings, each fix checked', () => {
  const text = config({ ssl_inbound_ciphers: 'HIGH', ssl_gui_ciphers: 'ALL:!eNULL' });
  const findings = of(analyse(text), 'cipher-anonymous');
  assert.deepEqual(findings.map((f) => [f.severity, at(text, f)]), [['warning', 'HIGH'], ['warning', 'ALL']]);
  assert.match(findings[1].message, /^The GUI HTTPS cipher list \(ssl_gui_ciphers\) lets TLS negotiate/);
  assertFixesResolve(text, 'cipher-anonymous');
});

test('a list that selects nothing is refused: cipher-no-match names the ignored words and offers the recommended list', () => {
  const text = config({ ssl_outbound_ciphers: 'MEDIO:FOO' });
  const [finding] = of(analyse(text), 'cipher-no-match');
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /selects no cipher suite on OpenSSL 1\.0\.2k \(default build\), so the appliance refuses it \("no cipher match"\)\. It ignores the names it does not know \(MEDIO, FOO\)\./);
  assertFixesResolve(text, 'cipher-no-match');
});

test('cipher-syntax points at the stray character or the bad command and its fixes make the list acceptable', () => {
  const cases: [string, string, RegExp][] = [
    ['HIGH_MEDIUM', '_', /"_" follows "HIGH"/],
    ['HIGH:@SECLEVEL=1', '@SECLEVEL=1', /@SECLEVEL exists only from OpenSSL 1\.1\.0/],
    ['HIGH:@strength', '@strength', /commands are case sensitive/],
    ['HIGH:!', '!', /operator with no name after it/],
    ['HIGH\tMEDIUM', '\t', /a tab follows "HIGH"/],
    ['HIGH:AES+', 'AES+', /"AES\+" ends with "\+" and no name to join/],
  ];
  for (const [value, pointed, message] of cases) {
    const text = config({ ssl_outbound_ciphers: value });
    const findings = of(analyse(text), 'cipher-syntax');
    assert.equal(findings.length, 1, value);
    assert.equal(at(text, findings[0]), pointed, value);
    assert.match(findings[0].message, message, value);
    assert.match(findings[0].message, /is refused by OpenSSL 1\.0\.2k \(default build\) \("invalid command"\)/);
    assertFixesResolve(text, 'cipher-syntax');
  }
});

test('TLSv1.2 in a list is a syntax error before AsyncOS 9.5 (OpenSSL 0.9.8), and fine from 9.5 on', () => {
  const value = 'TLSv1.2:!aNULL:!eNULL';
  const old = of(analyse(config({ ssl_outbound_ciphers: value }, '9.1.0-032')), 'cipher-syntax');
  assert.equal(old.length, 1);
  assert.match(old[0].message, /OpenSSL 0\.9\.8zh \(default build\).*does not allow "\." in names/);
  assert.deepEqual(of(analyse(config({ ssl_outbound_ciphers: value }, '9.5.0-201')), 'cipher-syntax'), []);
});

test('--openssl overrides the profile derived from the header, and --release is used when the header has none', () => {
  const text = config({ ssl_outbound_ciphers: 'EXP' });
  assert.equal(of(analyse(text), 'cipher-no-match').length, 1, 'no export suites in the default 1.0.2k build');
  assert.deepEqual(of(analyse(text, { opensslProfile: '1.0.2k-full' }), 'cipher-no-match'), []);
  const noHeader = text.replace(/<!--[\s\S]*?-->\n/, '');
  const weak = of(analyse(noHeader, { release: '9.0' }), 'cipher-weak');
  assert.match(weak[0].message, /OpenSSL 0\.9\.8zh/);
});

test('unencrypted suites are reported by cipher-null-encryption, with a checked !eNULL fix', () => {
  const text = config({ ssl_inbound_ciphers: 'HIGH:!aNULL:COMPLEMENTOFALL' });
  const [finding] = of(analyse(text), 'cipher-null-encryption');
  assert.equal(at(text, finding), 'COMPLEMENTOFALL');
  assert.match(finding.message, /allows 7 suites \(e\.g\. ECDHE-RSA-NULL-SHA, ECDHE-ECDSA-NULL-SHA\) without encryption/);
  assertFixesResolve(text, 'cipher-null-encryption');
});

test('cipher-weak counts the weak suites per kind, follows the configured kinds, and its fixes leave none', () => {
  const text = config({ ssl_inbound_ciphers: 'RC4-SHA:RC4-MD5:HIGH:!aNULL' });
  const [finding] = of(analyse(text), 'cipher-weak');
  assert.match(finding.message, /allows 2 weak suites on OpenSSL 1\.0\.2k \(default build\) \(RC4 2, MD5 1; e\.g\. RC4-SHA\)\./);
  assert.equal(finding.fixes[0].edits[0].newText, ':!RC4:!MD5');
  assertFixesResolve(text, 'cipher-weak');
  const onlyMd5 = { cipherWeakRisks: ['md5'] } as AnalyzerOptions;
  assert.match(of(analyse(text, onlyMd5), 'cipher-weak')[0].message, /allows 1 weak suite .*\(MD5 1; e\.g\. RC4-MD5\)/);
});

test('the hover data of a finding holds the expanded table with the risky rows marked and the profile', () => {
  const [finding] = of(analyse(config({ ssl_outbound_ciphers: 'AES128-SHA:ADH-AES128-SHA' })), 'cipher-anonymous-outbound');
  const list = finding.data?.cipherList as { profile: { id: string }; count: number; rows: { name: string; risks: string[] }[] };
  assert.equal(list.profile.id, '1.0.2k-default');
  assert.equal(list.count, 2);
  assert.deepEqual(list.rows.map((r) => [r.name, r.risks]), [['AES128-SHA', []], ['ADH-AES128-SHA', ['anonymous']]]);
});

test('an SSLv3-capable TLS method is reported by tls-method-weak; a TLS-only one is not', () => {
  const text = config({ ssl_outbound_method: 'sslv3tlsv1', ssl_gui_method: 'tlsv1_2' });
  const findings = of(analyse(text), 'tls-method-weak');
  assert.equal(findings.length, 1);
  assert.equal(at(text, findings[0]), 'sslv3tlsv1');
  assert.match(findings[0].message, /The outbound \(delivery\) TLS method \(ssl_outbound_method\) "sslv3tlsv1" allows SSLv3/);
});

test('a clean configuration\'s lists give no cipher errors', () => {
  const findings = analyse(config({
    ssl_gui_ciphers: 'HIGH:!aNULL:!eNULL:!EXPORT:!LOW:!RC4:!MD5',
    ssl_outbound_ciphers: 'HIGH:!aNULL:!eNULL:!EXPORT:!LOW:!3DES:!RC4:!MD5:!PSK:!SRP',
  }));
  assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
  assert.deepEqual(of(findings, 'cipher-unknown-alias'), []);
});

test('an IANA suite name is reported whole, with its OpenSSL name as the suggestion; a TLS 1.3 name is explained', () => {
  const text = config({ ssl_inbound_ciphers: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA:TLS_AES_128_GCM_SHA256:HIGH:!aNULL' });
  const findings = of(analyse(text), 'cipher-unknown-alias');
  assert.deepEqual(findings.map((f) => at(text, f)), ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_AES_128_GCM_SHA256']);
  assert.match(findings[0].message, /\(an IANA name; OpenSSL uses its own names\); did you mean "ECDHE-RSA-AES128-GCM-SHA256"\?/);
  assert.match(findings[1].message, /did you mean "EDH-RSA-DES-CBC3-SHA"\?/);
  assert.match(findings[2].message, /a TLS 1\.3 suite, which this OpenSSL does not have/);
  assertFixesResolve(text, 'cipher-unknown-alias');
});
