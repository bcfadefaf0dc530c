import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createAnalyzer, type AnalysisResult } from '../../server/src/core/analyzer';
import { changedRegion, patchDocument } from '../../server/src/core/xml/patch';
import { parseXml } from '../../server/src/core/xml/parse';
import type { XmlElement, XmlNode, XmlText } from '../../server/src/core/xml/tree';
import { filesUnder } from '../support/files';

const ROOT = path.resolve(__dirname, '../../..');

/** The examples, plus the rule fixtures for their odd corners (entities, CRLF, CDATA, broken files). */
const ON_DISK = [...filesUnder(path.join(ROOT, 'examples'), '.xml'), ...filesUnder(path.join(ROOT, 'test/fixtures/rules'), '.xml')].map((file) => ({
  name: path.relative(ROOT, file),
  text: fs.readFileSync(file, 'latin1'),
}));
/** Windows line ends and references in every text, which the files on disk rarely have where an edit lands. */
const FILES = [
  ...ON_DISK,
  ...ON_DISK.filter((f) => f.name.startsWith('examples')).map((f) => ({ name: `${f.name} (CRLF)`, text: f.text.replace(/\n/g, '\r\n') })),
  ...ON_DISK.filter((f) => f.name.startsWith('examples')).map((f) => ({ name: `${f.name} (references)`, text: f.text.replace(/>([^<\s][^<]*)</g, '>&#x41;$1&amp;x&lt;y&#66;<') })),
];

const analyzer = createAnalyzer({ peerAddresses: ['192.0.2.10'] });

function textNodes(element: XmlElement | undefined, out: XmlText[] = []): XmlText[] {
  for (const child of element?.children ?? []) {
    if (child.kind === 'text') out.push(child);
    else if (child.kind === 'element') textNodes(child, out);
  }
  return out;
}

/** The tree without parent links, comparable with deepEqual. */
function plain(node: XmlNode | undefined): unknown {
  if (!node) return undefined;
  if (node.kind !== 'element') return { ...node, span: { ...node.span } };
  const { parent: _parent, children, ...rest } = node;
  return JSON.parse(JSON.stringify({ ...rest, children: children.map(plain) }));
}

/** What a client sees of a result: findings with ranges, related places and fixes, and whether it was analysed at all. */
function observable(result: AnalysisResult): unknown {
  return JSON.parse(JSON.stringify({ recognised: result.recognised, kind: result.kind, findings: result.findings, notes: result.notes }));
}

/** The model without its links into the tree (compared separately), so a part kept from the previous model that should have been read again shows. */
function modelOf(result: AnalysisResult): unknown {
  if (!result.model) return undefined;
  const { document: _document, ...model } = result.model;
  const skip = new Set(['element', 'config', 'pvoElements']);
  return JSON.parse(JSON.stringify(model, (key, value) => (skip.has(key) ? undefined : value instanceof Map ? [...value] : value)));
}

function assertSameAsFull(incremental: AnalysisResult, text: string, uri: string, context: string): AnalysisResult {
  const full = analyzer.analyzeText(text, uri);
  assert.deepEqual(observable(incremental), observable(full), context);
  assert.deepEqual(modelOf(incremental), modelOf(full), `model: ${context}`);
  assert.deepEqual(plain(incremental.document?.root), plain(full.document?.root), `tree: ${context}`);
  assert.equal(incremental.text, text);
  return full;
}

const PLAIN_CHARS = fc.constantFrom('a', 'Z', '0', '9', ':', '!', '-', '+', ' ', '\t', '\n', '.', '/', '$', 'é', '_', '=', ',', '"');
const ANY_CHARS = fc.oneof({ weight: 6, arbitrary: PLAIN_CHARS }, { weight: 1, arbitrary: fc.constantFrom('<', '>', '&', '&amp;', ']]>', '\r', '\r\n', '<!--', '/>', '\u0001', '\uD83D', ']') });

/** An edit inside a random text node of a file: where, how much it removes, what it inserts. */
const editArb = fc.record({
  file: fc.nat({ max: FILES.length - 1 }),
  node: fc.nat(),
  at: fc.nat(),
  remove: fc.nat({ max: 3 }),
  insert: fc.array(ANY_CHARS, { maxLength: 4 }).map((xs) => xs.join('')),
});

interface Edit { start: number; end: number; insert: string }

function editIn(text: string, pick: { node: number; at: number; remove: number; insert: string }): Edit | undefined {
  const nodes = textNodes(parseXml(text).root);
  if (nodes.length === 0) return undefined;
  const node = nodes[pick.node % nodes.length];
  const length = node.span.end - node.span.start;
  const start = node.span.start + (pick.at % (length + 1));
  return { start, end: Math.min(node.span.end, start + pick.remove), insert: pick.insert };
}

const apply = (text: string, edit: Edit) => text.slice(0, edit.start) + edit.insert + text.slice(edit.end);

/** The text an edit really removed and inserted, as the server sees it: replacing the `&` of `&amp;` with `&amp;` inserts `amp;`. */
function changedText(before: string, after: string): string {
  const region = changedRegion(before, after);
  return region ? before.slice(region.start, region.oldEnd) + after.slice(region.start, region.newEnd) : '';
}
const MARKUP = /[<>&]/;

test('an edit inside a text node gives exactly the findings, ranges, fixes and tree of a full analysis of the edited text', () => {
  let reused = 0;
  let plainEdits = 0;
  fc.assert(fc.property(editArb, (pick) => {
    const { name, text } = FILES[pick.file];
    const edit = editIn(text, pick);
    if (!edit) return;
    const uri = `file:///${name}`;
    const edited = apply(text, edit);
    const result = analyzer.reanalyzeText(analyzer.analyzeText(text, uri), edited);
    assertSameAsFull(result, edited, uri, `${name}: ${JSON.stringify(edit)} replacing ${JSON.stringify(text.slice(edit.start, edit.end))}`);
    const touched = changedText(text, edited);
    if (MARKUP.test(touched)) assert.ok(!result.reusedTree, `markup edit took the patch path: ${JSON.stringify(edit)}`);
    if (!/[^a-zA-Z0-9:!+.\-/$_=,"é]/.test(touched) && parseXml(text).problems.length === 0) {
      plainEdits++;
      if (result.reusedTree) reused++;
    }
  }), { numRuns: 500 });
  // Not a timing assertion: the patch path must be the usual one for plain edits, or the test proves little.
  assert.ok(reused > plainEdits * 0.6, `only ${reused} of ${plainEdits} plain edits re-used the tree`);
});

test('a chain of edits, each re-using the last result, stays equal to full analyses', () => {
  fc.assert(fc.property(fc.nat({ max: FILES.length - 1 }), fc.array(editArb, { minLength: 2, maxLength: 6 }), (file, picks) => {
    const { name } = FILES[file];
    const uri = `file:///${name}`;
    let text = FILES[file].text;
    let result = analyzer.analyzeText(text, uri);
    for (const pick of picks) {
      const edit = editIn(text, pick);
      if (!edit) return;
      text = apply(text, edit);
      result = analyzer.reanalyzeText(result, text);
      assertSameAsFull(result, text, uri, `${name} after ${JSON.stringify(edit)}`);
    }
  }), { numRuns: 120 });
});

test('edits that touch markup, comments, attributes or entities take the full path and still agree', () => {
  const { text } = FILES.find((f) => f.name.endsWith('scenario-4-anonymous-cipher.xml'))!;
  const uri = 'file:///scenario-4.xml';
  const cipher = text.indexOf('<ssl_outbound_ciphers>');
  assert.ok(cipher > 0);
  const cases: { what: string; edited: string }[] = [
    { what: 'a tag opened in a cipher list', edited: text.slice(0, cipher + 24) + '<' + text.slice(cipher + 24) },
    { what: 'an element name', edited: text.replace('<ssl_outbound_ciphers>', '<ssl_outbound_cipher>') },
    { what: 'an entity typed into text', edited: text.slice(0, cipher + 24) + '&amp;' + text.slice(cipher + 24) },
    { what: 'inside the header comment', edited: text.replace('Product:', 'Product :') },
    { what: 'white space between elements', edited: text.replace('>\n', '>\n ') },
  ];
  for (const { what, edited } of cases) {
    assert.notEqual(edited, text, what);
    const result = analyzer.reanalyzeText(analyzer.analyzeText(text, uri), edited);
    assert.ok(!result.reusedTree, what);
    assertSameAsFull(result, edited, uri, what);
  }
  const typed = text.slice(0, cipher + 24) + 'x' + text.slice(cipher + 24);
  assert.equal(analyzer.reanalyzeText(analyzer.analyzeText(text, uri), typed).reusedTree, true, 'a letter typed into a cipher list re-uses the tree');
});

test('typing between a CR and its LF, or inside a reference, agrees with a full analysis', () => {
  for (const variant of ['(CRLF)', '(references)']) {
    const { name, text } = FILES.find((f) => f.name.endsWith(`scenario-4-anonymous-cipher.xml ${variant}`))!;
    const uri = `file:///${name}`;
    const positions: number[] = [];
    for (const node of textNodes(parseXml(text).root)) {
      for (let at = node.span.start + 1; at < node.span.end; at++) {
        if (/[\n;]/.test(text.charAt(at)) || text.lastIndexOf('&', at) > text.lastIndexOf(';', at - 1)) positions.push(at);
      }
    }
    // Spread over the file: every position would take long and prove little more.
    const step = Math.max(1, Math.floor(positions.length / 150));
    for (let i = 0; i < positions.length; i += step) {
      const at = positions[i];
      const edited = text.slice(0, at) + 'x' + text.slice(at);
      assertSameAsFull(analyzer.reanalyzeText(analyzer.analyzeText(text, uri), edited), edited, uri, `${name}: x at ${at}`);
    }
  }
});

test('after a lone high surrogate (saxes then leaves the next reference undecoded) an edit takes the full path and agrees', () => {
  const text = '<config><a>\uD83D&amp;Management</a></config>';
  const edited = text.replace('Management', 'aManagement');
  assert.deepEqual(parseXml(text).problems, []);
  assert.equal(patchDocument(parseXml(text), edited), false);
  const uri = 'file:///lone-surrogate.xml';
  assertSameAsFull(analyzer.reanalyzeText(analyzer.analyzeText(text, uri), edited), edited, uri, 'an edit after a lone high surrogate');
});

test('a refused patch leaves the tree untouched', () => {
  const text = '<config><a>x &amp; y</a><b c="1">z</b></config>';
  const document = parseXml(text);
  const before = plain(document.root);
  const edited = text.replace('&amp;', '&amq;');
  assert.equal(patchDocument(document, edited), false);
  assert.deepEqual(plain(document.root), before);
  assert.equal(document.text, text);
});

test('changedRegion finds the one region two texts differ in', () => {
  fc.assert(fc.property(fc.string({ maxLength: 9000 }), fc.string({ maxLength: 5 }), fc.nat(), fc.nat({ max: 5 }), (text, insert, at, remove) => {
    const start = at % (text.length + 1);
    const edited = text.slice(0, start) + insert + text.slice(start + remove);
    const region = changedRegion(text, edited);
    if (edited === text) return assert.equal(region, undefined);
    assert.ok(region);
    assert.equal(text.slice(0, region.start) + edited.slice(region.start, region.newEnd) + text.slice(region.oldEnd), edited);
    assert.ok(region.oldEnd - region.start <= Math.min(remove, text.length - start) && region.newEnd - region.start <= insert.length);
  }), { numRuns: 500 });
});
