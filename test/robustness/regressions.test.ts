import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyEdits, createAnalyzer } from '../../server/src/core/analyzer';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { textValueOf } from '../../server/src/core/xml/textValue';
import { REPO_ROOT } from '../support/cli';
import { parseXml } from '../../server/src/core/xml/parse';
import { descendants, type XmlElement } from '../../server/src/core/xml/tree';

/** Inputs the fuzzers found that once broke the core; each stays fixed. */

function elements(text: string): XmlElement[] {
  const root = parseXml(text).root;
  return root ? [root, ...descendants(root)] : [];
}

test('a start tag broken by a stray character, ASCII or not, still locates the element\'s name (was: the name span covered "/typ")', () => {
  // Found by the config-mutations fuzzer: `<type>` with its `>` flipped to `{`.
  const text = '<config><listener><type{private</type><port>25</port></listener></config>';
  const type = elements(text).find((e) => e.name === 'type')!;
  assert.equal(text.slice(type.nameSpan.start, type.nameSpan.end), 'type');
  assert.equal(type.span.start, text.indexOf('<type{'));
  const unfinished = '<config><a b="1" <c>v</c></a></config>';
  const a = elements(unfinished).find((e) => e.name === 'a')!;
  assert.equal(unfinished.slice(a.nameSpan.start, a.nameSpan.end), 'a');
  // A longer name with the same prefix earlier in the text is not mistaken for the tag.
  const prefixed = '<config><ab/><a>v</a></config>';
  const second = elements(prefixed).find((e) => e.name === 'a')!;
  assert.equal(second.span.start, prefixed.indexOf('<a>'));
  // Found by the long fuzz run: a flipped byte decoded as "¸", which saxes does not take as part of a name.
  const latin = '<config><listener><type\u00B8private</type></listener></config>';
  const broken = elements(latin).find((e) => e.name === 'type')!;
  assert.equal(latin.slice(broken.nameSpan.start, broken.nameSpan.end), 'type');
});

test('a value that ends in an entity is located up to the entity\'s ";" (was: a fix replaced "&" and left "amp;" behind)', () => {
  // Found by the config-mutations fuzzer: <protocol>&amp;</protocol> on the cpq_listener.
  const source = readFileSync(path.join(REPO_ROOT, 'examples/cpq-listener-misconfigured.xml'), 'latin1');
  const text = source.replace(/(cpq_listener<\/listener_name>\s*<protocol>)SMTP/, '$1SMTP&amp;');
  const analyzer = createAnalyzer();
  const finding = analyzer.analyzeText(text).findings.find((f) => f.rule === 'cpq-listener-protocol')!;
  assert.equal(text.slice(finding.span.start, finding.span.end), 'SMTP&amp;');
  const fixed = applyEdits(text, finding.fixes[0].edits);
  assert.ok(!analyzer.analyzeText(fixed).findings.some((f) => f.rule === 'cpq-listener-protocol'), 'the fix settles it');

  const value = textValueOf(elements('<p> a&lt;&#x1F600; </p>')[0], '<p> a&lt;&#x1F600; </p>');
  assert.deepEqual(value.span, { start: 4, end: 18 });
  assert.deepEqual(value.spanOf(2, 3), { start: 5, end: 9 }, "the decoded \"<\" is the file's \"&lt;\"");
});

test('a single-byte file that declares UTF-16 is read as text and warned about (was: decoded as UTF-16 garbage and skipped as "not an AsyncOS configuration")', () => {
  // Found while testing bytes that do not match the declared encoding.
  const source = readFileSync(path.join(REPO_ROOT, 'examples/cpq-listener-misconfigured.xml'), 'latin1');
  for (const label of ['UTF-16', 'utf-16le', 'UTF-32']) {
    const result = createAnalyzer().analyzeBytes(Buffer.from(source.replace('ISO-8859-1', label), 'latin1'));
    assert.ok(result.recognised, label);
    const encoding = result.findings.find((f) => f.rule === 'xml-encoding');
    assert.match(encoding?.message ?? '', new RegExp(`declares encoding "${label}" but its bytes are single-byte text`));
    assert.ok(result.findings.some((f) => f.rule === 'cpq-listener-protocol'), `${label}: the file is still analysed`);
  }
});

test('text after a broken tag is located where it is (was: shifted onto the "<", so a fix left "e>" behind)', () => {
  // Found by the config-mutations fuzzer: the `/` of `</type>` flipped to \x01.
  const text = '<config><listener><type>public<\x01type>\n</listener></config>';
  const type = elements(text).find((e) => e.name === 'type')!;
  const pieces = type.children.filter((c) => c.kind === 'text');
  for (const piece of pieces) assert.equal(text.slice(piece.span.start, piece.span.end), piece.value);
  const value = textValueOf(type, text);
  assert.equal(text.slice(value.span.start, value.span.end), 'public<\x01type>');
});

test('a value with a broken tag and a bare "&" (`< &`) is located where it is, so its fix settles it (was: the fix replaced the "<" and left " &" behind)', () => {
  // Found by the long fuzz run: the RAT's <access> and the cpq_listener's <port> replaced with such text.
  const text = '<config><access>< &</access></config>';
  const access = elements(text).find((e) => e.name === 'access')!;
  for (const piece of access.children.filter((c) => c.kind === 'text')) {
    assert.equal(piece.span.end - piece.span.start, piece.value.length, `"${piece.value}" is located over as many characters`);
    assert.ok(text.slice(piece.span.start, piece.span.end).endsWith('&'), 'it ends at the "&"');
  }
  const source = readFileSync(path.join(REPO_ROOT, 'examples/cpq-listener-misconfigured.xml'), 'latin1');
  const broken = source.replace(/(cpq_listener<\/listener_name>[\s\S]*?<port>)[^<]*/, '$1e<<(W;&WI');
  const analyzer = createAnalyzer();
  const finding = analyzer.analyzeText(broken).findings.find((f) => f.rule === 'cpq-listener-port');
  assert.ok(finding, 'the port is reported');
  const fixed = applyEdits(broken, finding.fixes[0].edits);
  assert.ok(!analyzer.analyzeText(fixed).findings.some((f) => f.rule === 'cpq-listener-port'), 'the fix settles it');
});

test('a value the XML parser shortened while recovering (`</]]>access>`) is located over all of its file text (was: two characters short, so a fix left "s>" behind)', () => {
  // Found by the long fuzz run: "]]>" inserted into the RAT's </access>.
  const text = '<config><rat><access>ACCEPT</]]>access>\n  </rat></config>';
  const access = elements(text).find((e) => e.name === 'access')!;
  const value = textValueOf(access, text);
  assert.equal(value.value, 'ACCEPT</>access>', 'saxes dropped "]]"');
  assert.equal(text.slice(value.span.start, value.span.end), 'ACCEPT</]]>access>');
  assert.equal(text.slice(value.offsetAt(9), value.offsetAt(9) + 6), 'access', 'characters after the dropped ones map to their own place');
  // A character the parser replaced (a bare "&" it never saw) keeps its place.
  const masked = '<config><rat><access>A</]]>B & C</access></rat></config>';
  const other = textValueOf(elements(masked).find((e) => e.name === 'access')!, masked);
  assert.equal(masked.slice(other.span.start, other.span.end), 'A</]]>B & C');
});

test('a bare "&" is reported where it is and the rest of the file is still read (was: "The file ends before </config> (truncated?)" on line 1)', () => {
  // Found by the config-mutations fuzzer: an "&" inserted into a cipher list swallowed the rest of the file.
  const source = readFileSync(path.join(REPO_ROOT, 'examples/cpq-listener-misconfigured.xml'), 'latin1');
  const text = source.replace('(Everyone else)\n      </hat>', '(Sales & Marketing)\n      </hat>');
  const result = createAnalyzer().analyzeText(text);
  const syntax = result.findings.find((f) => f.rule === 'xml-syntax')!;
  assert.match(syntax.message, /bare "&" must be written "&amp;"/);
  assert.equal(syntax.span.start, text.indexOf('& Marketing'));
  assert.ok(result.findings.some((f) => f.rule === 'cpq-listener-port'), 'elements after the "&" are still analysed');
  // Where "&" is literal, nothing is reported.
  const literal = elements('<config><!-- R&D --><![CDATA[a&b]]><?pi a&b?><c>&amp;&#38;&#x26;&lt;</c></config>');
  assert.equal(parseXml('<config><!-- R&D --><![CDATA[a&b]]><?pi a&b?><c>&amp;&#38;&#x26;&lt;</c></config>').problems.length, 0);
  assert.equal(literal.length, 2);
});

test('an offset between the CR and LF of a line break shows at the end of its line (was: one character past it)', () => {
  // Found by the config-mutations fuzzer: a CRLF inserted into a cipher list put a finding at the LF.
  const index = new LineIndex('ab\r\ncd');
  assert.deepEqual(index.positionAt(3), { line: 0, character: 2 });
  assert.deepEqual(index.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(2), { line: 0, character: 2 });
});

test('the "add a final ALL row" fix uses the HAT\'s margin, not its first line\'s indentation (was: the new ALL became a group member)', () => {
  // Found by the hat-in-config fuzzer: a HAT whose first line is indented more than a later one.
  const source = readFileSync(path.join(REPO_ROOT, 'examples/cpq-listener-misconfigured.xml'), 'latin1');
  const open = source.indexOf('<hat>', source.indexOf('cpq_listener')) + '<hat>'.length;
  const text = source.slice(0, open) + '\n   $BLOCKED\n      REJECT\n RELAYLIST:\n    10.1.2.3\n    $BLOCKED\n' + source.slice(source.indexOf('</hat>', open));
  const analyzer = createAnalyzer();
  const finding = analyzer.analyzeText(text).findings.find((f) => f.rule === 'hat-missing-all')!;
  const fixed = applyEdits(text, finding.fixes[0].edits);
  assert.deepEqual(analyzer.analyzeText(fixed).findings.filter((f) => f.rule.startsWith('hat-')).map((f) => f.rule), []);
});

test('a value whose text runs to the end of a file cut inside an element stays inside the document (was: one character past the end)', () => {
  // Found by the long config-mutations run: "<!--" inserted into a HAT, the whole configuration duplicated.
  const source = readFileSync(path.join(REPO_ROOT, 'examples/clean-esa.xml'), 'latin1');
  const hat = source.indexOf('<hat>') + '<hat>'.length;
  const broken = source.slice(0, hat + 10) + '<!--' + source.slice(hat + 10);
  const body = /<config>[\s\S]*<\/config>/.exec(broken)![0];
  const text = broken.replace(body, body + body);
  const result = createAnalyzer().analyzeText(text);
  for (const f of result.findings) assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.start <= f.span.end, `${f.rule} ${f.span.start}-${f.span.end} in ${text.length}`);
});

test('a fix that writes a name containing "&" writes it escaped (was: a bare "&" that broke the file)', () => {
  // Found by the long config-mutations run: an interface named "&amp;Management" suggested as "&Management".
  const source = readFileSync(path.join(REPO_ROOT, 'examples/cpq-listener-misconfigured.xml'), 'latin1');
  const text = source.replace('<interface_name>Management</interface_name>', '<interface_name>R&amp;D</interface_name>').replace('<interface_name>Mgmt</interface_name>', '<interface_name>R&amp;d</interface_name>');
  const analyzer = createAnalyzer();
  const finding = analyzer.analyzeText(text).findings.find((f) => f.rule === 'listener-interface-unknown')!;
  assert.equal(finding.fixes[0].edits[0].newText, 'R&amp;D');
  const fixed = applyEdits(text, finding.fixes[0].edits);
  assert.deepEqual(analyzer.analyzeText(fixed).findings.filter((f) => f.rule === 'listener-interface-unknown' || f.rule === 'xml-syntax').map((f) => f.message), []);
});
