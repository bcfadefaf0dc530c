/**
 * Re-using a parsed tree after an edit. The common edit in an editor changes
 * a few characters of one element's text (a cipher list, a HAT line); the
 * tree after it differs from the tree before only in that text node's value
 * and in the offsets of everything that follows. Patching those is O(nodes
 * after the edit) with no allocation per node, where parsing again is a full
 * pass over the file. Any edit that could change the structure (markup,
 * entities, line-end normalisation, a node appearing or vanishing) is
 * refused, and the caller parses again.
 */
import type { XmlDocument, XmlElement, XmlNode, XmlText } from './tree';

/** One changed region between two versions of a text: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new. */
export interface ChangedRegion {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Comparing slices first lets the engine compare memory in bulk instead of one character at a time. */
const CHUNK = 4096;

/** The smallest single region that turns `before` into `after`; undefined when they are equal. */
export function changedRegion(before: string, after: string): ChangedRegion | undefined {
  if (before === after) return undefined;
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start + CHUNK <= limit && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd - CHUNK >= start && newEnd - CHUNK >= start && before.slice(oldEnd - CHUNK, oldEnd) === after.slice(newEnd - CHUNK, newEnd)) {
    oldEnd -= CHUNK;
    newEnd -= CHUNK;
  }
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/**
 * Characters an edit may remove or insert. Left out: markup and references
 * (`<`, `>`, `&`), CR (normalised with a following LF), `]` (could close a
 * `]]>`), characters XML forbids or that XML 1.1 normalises (C0 controls but
 * tab and LF, C1 controls, U+2028), surrogates (a pair could be split), and
 * the two non-characters.
 */
const PLAIN = /^[^<>&\r\]\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\uD800-\uDFFF\uFFFE\uFFFF]*$/;

/**
 * saxes reads a high surrogate and the character after it as one code point
 * even when that character is no low surrogate (`\uD83D&amp;` keeps the
 * `&amp;` undecoded), so after a lone high surrogate the value no longer
 * follows the references and line ends of the file.
 */
const LONE_HIGH_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;

/** A reference such as `&amp;` or `&#x41;` at the given offset. */
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/y;

/** Where a text node sits: the elements that hold it, outermost first, and its index among each one's children. */
interface TextPath {
  node: XmlText;
  ancestors: { element: XmlElement; index: number }[];
}

/** The text node whose raw span holds `[start, end]`, following only elements whose content holds it. */
function textNodeAt(root: XmlElement, start: number, end: number): TextPath | undefined {
  const ancestors: TextPath['ancestors'] = [];
  let element = root;
  for (;;) {
    if (start < element.contentStart || end > element.contentEnd) return undefined;
    const children = element.children;
    // Children are in file order: find the last one starting at or before `start`.
    let lo = 0;
    let hi = children.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (children[mid].start <= start) {
        at = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    // An insertion where a text node ends and the next node starts belongs to the text node.
    let next = -1;
    for (const index of [at, at - 1]) {
      const child = children[index];
      if (!child || child.start > start || end > child.end) continue;
      if (child.kind === 'text') {
        ancestors.push({ element, index });
        return { node: child, ancestors };
      }
      if (child.kind === 'element' && next < 0) next = index;
    }
    if (next < 0) return undefined;
    ancestors.push({ element, index: next });
    element = children[next] as XmlElement;
  }
}

/** Index in `node.value` of the raw offset `offset` of the file text (which must not fall inside a reference or a CRLF pair). */
function valueIndexAt(node: XmlText, text: string, offset: number): number {
  let shrink = 0;
  let i = node.start;
  for (;;) {
    let amp = text.indexOf('&', i);
    let cr = text.indexOf('\r', i);
    if (amp < 0 || amp >= offset) amp = -1;
    if (cr < 0 || cr >= offset) cr = -1;
    if (amp < 0 && cr < 0) break;
    if (amp >= 0 && (cr < 0 || amp < cr)) {
      ENTITY.lastIndex = amp;
      const m = ENTITY.exec(text);
      if (!m) return -1;
      const decoded = m[1].startsWith('#') ? String.fromCodePoint(m[1][1] === 'x' ? parseInt(m[1].slice(2), 16) : parseInt(m[1].slice(1), 10)).length : 1;
      shrink += m[0].length - decoded;
      i = amp + m[0].length;
    } else if (text.charCodeAt(cr + 1) === 10) {
      shrink++;
      i = cr + 2;
    } else {
      i = cr + 1;
    }
  }
  return offset - node.start - shrink;
}

/** Whether `offset` falls after the `&` of a reference and before or at its `;` (references are `&name;`, `&#n;`, `&#xh;`). */
function insideReference(text: string, from: number, offset: number): boolean {
  for (let i = offset - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (c === 38 /* & */) return true;
    const nameChar = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 /* # */ || c === 95 || c === 46 || c === 45;
    if (!nameChar) return false;
  }
  return false;
}

/** Moves every offset of a subtree that lies wholly after the edit. */
function shiftSubtree(root: XmlNode, delta: number): void {
  const stack: XmlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    node.start += delta;
    node.end += delta;
    if (node.kind !== 'element') continue;
    node.contentStart += delta;
    node.contentEnd += delta;
    for (const attribute of node.attributes) {
      attribute.nameSpan.start += delta;
      attribute.nameSpan.end += delta;
      attribute.valueSpan.start += delta;
      attribute.valueSpan.end += delta;
    }
    for (const child of node.children) stack.push(child);
  }
}

/**
 * Applies the change from `document.text` to `text` to the tree in place, if
 * it falls inside one text node and cannot change the structure; then the
 * tree is the one `parseXml(text)` would build. Returns false, leaving the
 * document untouched, when it must be parsed again.
 *
 * The offsets of the tree are updated in place; spans read from it before
 * (the previous analysis) keep the old offsets.
 */
export function patchDocument(document: XmlDocument, text: string, region: ChangedRegion | undefined = changedRegion(document.text, text)): boolean {
  const before = document.text;
  if (!region) return before === text;
  const { start, oldEnd, newEnd } = region;
  // Error recovery positions nodes in ways an edit could change; broken files are parsed again.
  if (document.problems.length > 0 || !document.root) return false;
  const path = textNodeAt(document.root, start, oldEnd);
  if (!path || path.node.cdata) return false;
  const node = path.node;
  const removed = before.slice(start, oldEnd);
  const inserted = text.slice(start, newEnd);
  if (!PLAIN.test(removed) || !PLAIN.test(inserted)) return false;
  // The edit must not split a CRLF pair, a surrogate pair or a reference.
  if (before.charCodeAt(start - 1) === 13) return false;
  const previous = before.charCodeAt(start - 1);
  if (previous >= 0xd800 && previous <= 0xdbff) return false;
  const following = before.charCodeAt(oldEnd);
  if (following >= 0xdc00 && following <= 0xdfff) return false;
  if (insideReference(before, node.start, start)) return false;
  if (LONE_HIGH_SURROGATE.test(before.slice(node.start, start))) return false;
  const delta = newEnd - oldEnd;
  // The neighbours may complete a `]]>` with a `>` the text already had.
  const window = text.slice(Math.max(node.start, start - 2), Math.min(node.end + delta, newEnd + 2));
  if (window.includes(']]>')) return false;
  const valueStart = valueIndexAt(node, before, start);
  if (valueStart < 0) return false;
  const value = node.value.slice(0, valueStart) + inserted + node.value.slice(valueStart + (oldEnd - start));
  // A text that becomes white space only is no node at all after a parse.
  if (value.trim().length === 0) return false;

  node.value = value;
  if (delta !== 0) {
    // What contains the edit ends later; what follows it moves whole; what precedes it stays.
    node.end += delta;
    for (const { element, index } of path.ancestors) {
      element.end += delta;
      element.contentEnd += delta;
      for (let i = index + 1; i < element.children.length; i++) shiftSubtree(element.children[i], delta);
    }
  }
  document.text = text;
  return true;
}
