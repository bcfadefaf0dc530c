import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAnalyzer } from '../../server/src/core/analyzer';
import { decodeBytes } from '../../server/src/core/text/decode';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { parseXml } from '../../server/src/core/xml/parse';
import { textValueOf } from '../../server/src/core/xml/textValue';
import { childElement } from '../../server/src/core/xml/tree';

const DECL_LATIN1 = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config SYSTEM "config.dtd">\n';

test('an ISO-8859-1 export keeps its accented characters', () => {
  const bytes = Buffer.concat([Buffer.from(DECL_LATIN1 + '<config><hostname>'), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from('</hostname></config>')]);
  const decoded = decodeBytes(bytes);
  assert.equal(decoded.encoding, 'iso-8859-1');
  assert.match(decoded.text, /café/);
  assert.deepEqual(decoded.problems, []);
});

test('a file declared UTF-8 with Latin-1 bytes gets an xml-encoding error at the bad byte', () => {
  const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE config SYSTEM "config.dtd">\n<config><hostname>caf'), Buffer.from([0xe9]), Buffer.from('</hostname></config>')]);
  const result = createAnalyzer().analyzeBytes(bytes);
  const finding = result.findings.find((f) => f.rule === 'xml-encoding');
  assert.ok(finding);
  assert.equal(finding.severity, 'error');
  assert.equal(finding.range.start.line, 2);
  assert.equal(result.text.slice(finding.span.start, finding.span.end), '\uFFFD');
});

test('a UTF-8 byte order mark is accepted and not part of the text', () => {
  const decoded = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0" encoding="UTF-8"?><config/>')]));
  assert.equal(decoded.hadBom, true);
  assert.ok(decoded.text.startsWith('<?xml'));
});

test('a UTF-8 byte order mark on a file declaring ISO-8859-1 is a warning', () => {
  const decoded = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DECL_LATIN1 + '<config/>')]));
  assert.equal(decoded.problems[0]?.severity, 'warning');
});

test('UTF-16 files with a byte order mark are decoded', () => {
  const decoded = decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<config/>', 'utf16le')]));
  assert.equal(decoded.text, '<config/>');
});

test('NUL bytes mark a file as binary', () => {
  assert.equal(decodeBytes(Buffer.from([0x3c, 0, 0x3e])).binary, true);
});

test('positions count LF, CRLF and lone CR line breaks as LSP does', () => {
  const index = new LineIndex('a\r\nbb\rccc\nd');
  assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(6), { line: 2, character: 0 });
  assert.deepEqual(index.positionAt(10), { line: 3, character: 0 });
  assert.equal(index.offsetAt({ line: 2, character: 2 }), 8);
  assert.equal(index.lineText(1), 'bb');
  assert.equal(index.offsetAt({ line: 1, character: 99 }), 5, 'a character past the end clamps to the line end');
});

test('text values map back to file offsets across entities and CRLF', () => {
  const text = '<config>\r\n<hat>\r\n$A &amp; B\r\nC</hat></config>';
  const doc = parseXml(text);
  const hat = childElement(doc.root, 'hat')!;
  const value = textValueOf(hat, text);
  assert.equal(value.value, '$A & B\nC');
  const at = value.raw.indexOf('B');
  assert.equal(text[value.offsetAt(at)], 'B');
  assert.equal(text[value.offsetAt(value.raw.indexOf('C'))], 'C');
  assert.equal(text.slice(value.span.start, value.span.end), '$A &amp; B\r\nC');
});

test('a CRLF configuration gets findings on the same lines as its LF twin', () => {
  const lf = DECL_LATIN1 + '<config>\n  <listeners>\n    <listener>\n      <listener_name>cpq_listener</listener_name>\n      <protocol>SMTP</protocol>\n    </listener>\n  </listeners>\n</config>\n';
  const crlf = lf.replace(/\n/g, '\r\n');
  const a = createAnalyzer().analyzeText(lf).findings.map((f) => [f.rule, f.range]);
  const b = createAnalyzer().analyzeText(crlf).findings.map((f) => [f.rule, f.range]);
  assert.deepEqual(b, a);
  assert.equal(a.length, 1);
});

test('a lone CR configuration is parsed and positioned too', () => {
  const cr = DECL_LATIN1.replace(/\n/g, '\r') + '<config>\r<listeners>\r<listener>\r<listener_name>cpq_listener</listener_name>\r<protocol>SMTP</protocol>\r</listener>\r</listeners>\r</config>\r';
  const finding = createAnalyzer().analyzeText(cr).findings.find((f) => f.rule === 'cpq-listener-protocol');
  assert.equal(finding?.range.start.line, 6);
});

test('a file-level suppression comment disables the named rules only', () => {
  const text = DECL_LATIN1 + '<!-- asyncos-pvo-disable cpq-listener-protocol -->\n<config><listeners><listener><listener_name>cpq_listener</listener_name><protocol>SMTP</protocol><type>public</type></listener></listeners></config>';
  const rules = createAnalyzer().analyzeText(text).findings.map((f) => f.rule);
  assert.deepEqual(rules, ['cpq-listener-public']);
});

test('a character reference beyond U+10FFFF is an xml-syntax error, not a crash', () => {
  const text = DECL_LATIN1 + '<config>\n<listeners><listener><listener_name>cpq_listener</listener_name><hat>\n$R &#x110000; RELAY\n</hat></listener></listeners></config>';
  const result = createAnalyzer().analyzeText(text);
  assert.ok(result.recognised);
  assert.ok(result.findings.some((f) => f.rule === 'xml-syntax'));
  for (const f of result.findings) assert.ok(f.span.end <= text.length);
});
