import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml } from '../../server/src/core/xml/parse';
import { descendants, type XmlElement } from '../../server/src/core/xml/tree';

/** Inputs the fuzzers found that once broke the core; each stays fixed. */

function elements(text: string): XmlElement[] {
  const root = parseXml(text).root;
  return root ? [root, ...descendants(root)] : [];
}

test('a start tag broken by a stray character still locates the element\'s name (was: the name span covered "/typ")', () => {
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
});
