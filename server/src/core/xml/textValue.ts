import type { Span } from '../text/lineIndex';
import type { XmlElement, XmlText } from './tree';

/**
 * The text content of an element, with a way back from any index in the
 * decoded value to the file offset it came from. Entities (`&amp;`) make the
 * two differ; without this a diagnostic inside a HAT or cipher list that
 * follows an entity would land on the wrong characters.
 */
export interface TextValue {
  /** Decoded text, untrimmed. */
  raw: string;
  /** Decoded text without surrounding white space. */
  value: string;
  /** File span of the trimmed value (an empty span at the content start if the value is empty). */
  span: Span;
  /** File offset of character `index` of `raw`; `raw.length` maps to the end of the content. */
  offsetAt(index: number): number;
  /** File span of `raw.slice(start, end)`. */
  spanOf(start: number, end: number): Span;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/y;

/**
 * What a reference (the part between `&` and `;`) decodes to, as far as its length goes: a named
 * entity stands for one character. A reference beyond U+10FFFF is an xml-syntax error the parser
 * already reported; it counts as one character.
 */
function decodedReference(body: string): string {
  const code = body.startsWith('#') ? (body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)) : 0x78;
  return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : 'x';
}

/** The reference (`&amp;`, `&#x41;`) starting at `at` and ending by `end`: what it decodes to and its length in the file. */
function referenceAt(fileText: string, at: number, end: number): { decoded: string; width: number } | undefined {
  ENTITY.lastIndex = at;
  const m = ENTITY.exec(fileText);
  return m && m.index + m[0].length <= end ? { decoded: decodedReference(m[1]), width: m[0].length } : undefined;
}

/**
 * Where a text node's decoded text and its file text part ways, relative to
 * the node's start, for as long as the node keeps its value: a rule reading
 * the same large text after every edit (the message filters) walks it once,
 * and a patched tree that moved the node (`patchDocument`) still finds it.
 */
const piecePoints = new WeakMap<XmlText, { value: string; rawLength: number; decodedAt: number[]; fileAt: number[]; decodedLength: number }>();

function pieceOffsets(piece: XmlText, fileText: string): (index: number) => number {
  const rawLength = piece.end - piece.start;
  if (piece.cdata || rawLength === piece.value.length) return (index) => piece.start + index;
  const known = piecePoints.get(piece);
  if (known && known.value === piece.value && known.rawLength === rawLength) return offsetsFrom(piece, known.decodedAt, known.fileAt, known.decodedLength);
  // Walk the raw text once, recording only where the decoded text and the file
  // part ways (entities, CRLF pairs); between two such points offsets advance
  // together. One number per character cost ~20 MB for a 2.5 MB <filters>.
  const decodedAt: number[] = [0];
  const fileAt: number[] = [0];
  let decodedLength = 0;
  let i = piece.start;
  while (i < piece.end) {
    const c = fileText.charCodeAt(i);
    const reference = c === 38 /* & */ ? referenceAt(fileText, i, piece.end) : undefined;
    if (reference) {
      // Every character an entity decodes to maps to the entity's `&`.
      for (let k = 0; k < reference.decoded.length; k++) {
        decodedAt.push(decodedLength++);
        fileAt.push(i - piece.start);
      }
      i += reference.width;
      decodedAt.push(decodedLength);
      fileAt.push(i - piece.start);
      continue;
    }
    // XML normalises CRLF to LF in text, so a CRLF pair yields one decoded character (mapped to the LF).
    if (c === 13 && fileText.charCodeAt(i + 1) === 10) {
      decodedAt.push(decodedLength++);
      fileAt.push(i + 1 - piece.start);
      i += 2;
      decodedAt.push(decodedLength);
      fileAt.push(i - piece.start);
      continue;
    }
    decodedLength++;
    i++;
  }
  if (decodedLength !== piece.value.length) return recordPoints(piece, alignedPoints(piece, fileText));
  return recordPoints(piece, { decodedAt, fileAt, decodedLength });
}

function recordPoints(piece: XmlText, points: { decodedAt: number[]; fileAt: number[]; decodedLength: number }): (index: number) => number {
  piecePoints.set(piece, { value: piece.value, rawLength: piece.end - piece.start, ...points });
  return offsetsFrom(piece, points.decodedAt, points.fileAt, points.decodedLength);
}

/** How far ahead a character of the value is looked for in the file before it counts as a replacement. */
const ALIGN_LOOKAHEAD = 64;

/**
 * The points for a text saxes did not read character for character: while
 * recovering from an error it drops characters (`</]]>access>` gives
 * `</>access>`) or replaces them. The value is walked against the file: a file
 * character the value does not have next is skipped when the value's next
 * character follows soon after, and otherwise taken as the one it became.
 */
function alignedPoints(piece: XmlText, fileText: string): { decodedAt: number[]; fileAt: number[]; decodedLength: number } {
  const value = piece.value;
  const start = piece.start;
  const end = piece.end;
  const decodedAt: number[] = [0];
  const fileAt: number[] = [0];
  let i = start;
  let j = 0;
  while (i < end && j < value.length) {
    let unit = fileText[i];
    let width = 1;
    const reference = unit === '&' ? referenceAt(fileText, i, end) : undefined;
    if (reference) {
      unit = reference.decoded;
      width = reference.width;
    } else if (unit === '\r' && fileText[i + 1] === '\n') {
      unit = '\n';
      width = 2;
    }
    const matches = value.startsWith(unit, j);
    if (!matches) {
      const ahead = fileText.indexOf(value[j], i + 1);
      if (ahead >= 0 && ahead < Math.min(end, i + 1 + ALIGN_LOOKAHEAD)) {
        // Dropped by the parser: the value goes on after it.
        i += width;
        decodedAt.push(j);
        fileAt.push(i - start);
        continue;
      }
      // Replaced by the parser: one character of the value for this unit.
      unit = value[j];
    }
    if (width === 1 && unit.length === 1) {
      // Both advance together, as the last point already says.
      i++;
      j++;
      continue;
    }
    for (let k = 0; k < unit.length; k++) {
      decodedAt.push(j + k);
      fileAt.push(width === 2 && unit === '\n' ? i + 1 - start : i - start);
    }
    j += unit.length;
    i += width;
    decodedAt.push(j);
    fileAt.push(i - start);
  }
  return { decodedAt, fileAt, decodedLength: value.length };
}

function offsetsFrom(piece: XmlText, decodedAt: number[], fileAt: number[], decodedLength: number): (index: number) => number {
  return (index) => {
    if (index >= decodedLength) return piece.end;
    // The last recorded point at or before `index` (later points win on ties).
    let lo = 0;
    let hi = decodedAt.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (decodedAt[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return piece.start + fileAt[lo] + (index - decodedAt[lo]);
  };
}

export function textValueOf(element: XmlElement, fileText: string): TextValue {
  const pieces: XmlText[] = [];
  for (const child of element.children) if (child.kind === 'text') pieces.push(child);
  let raw = '';
  const bounds: { from: number; piece: XmlText; map?: (index: number) => number }[] = [];
  for (const piece of pieces) {
    bounds.push({ from: raw.length, piece });
    raw += piece.value;
  }
  const contentEnd = element.contentEnd;
  const offsetAt = (index: number): number => {
    if (bounds.length === 0) return element.contentStart;
    if (index >= raw.length) {
      const last = bounds[bounds.length - 1];
      return last.piece.end;
    }
    let k = bounds.length - 1;
    while (k > 0 && bounds[k].from > index) k--;
    const b = bounds[k];
    b.map ??= pieceOffsets(b.piece, fileText);
    return Math.min(b.map(index - b.from), contentEnd);
  };
  // Just past the file text of character `index`: an entity (`&amp;`) is one character but several in the file.
  const endAt = (index: number): number => {
    const at = offsetAt(index);
    let k = bounds.length - 1;
    while (k > 0 && bounds[k].from > index) k--;
    if (fileText.charCodeAt(at) === 38 /* & */ && bounds[k]?.piece.cdata === false) {
      const reference = referenceAt(fileText, at, fileText.length);
      if (reference) return at + reference.width;
    }
    // A value longer than its text in the file (saxes recovering from a broken comment) maps past the content: stop there.
    return Math.min(at + 1, Math.max(at, contentEnd));
  };
  const leading = raw.length - raw.trimStart().length;
  const value = raw.trim();
  const span = value.length > 0
    ? { start: offsetAt(leading), end: endAt(leading + value.length - 1) }
    : { start: offsetAt(0), end: offsetAt(0) };
  return {
    raw,
    value,
    span,
    offsetAt,
    spanOf: (start, end) => ({ start: offsetAt(start), end: end > start ? endAt(end - 1) : offsetAt(start) }),
  };
}
