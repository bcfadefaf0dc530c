/**
 * Well-formedness checking and a positioned element tree.
 *
 * Why saxes rather than fast-xml-parser: fast-xml-parser's `captureMetaData`
 * gives each element's start and end index but nothing for text nodes (they
 * become plain strings), nothing for attributes, and no position for
 * well-formedness errors. Diagnostics need all of those. saxes is a strict,
 * well-kept SAX parser that reports the UTF-16 offset of every event and of
 * every error, keeps going after an error, never expands DTD entities (so
 * entity bombs and external references stay inert), and parses several times
 * faster than fast-xml-parser. The tree is built here from its events.
 */
import { SaxesParser } from 'saxes';
import { isNameChar } from 'xmlchars/xml/1.0/ed5';
import type { Span } from '../text/lineIndex';
import { XmlComment, XmlElement, XmlText, type XmlAttribute, type XmlDocument, type XmlNode, type XmlProblem } from './tree';

/** Past this many problems the rest are cascades of the first; stop recording them. */
const MAX_PROBLEMS = 50;

const ERROR_PREFIX = /^(?:[^:]*:)?\d+:\d+: /;

function attributesOf(text: string, tagStart: number, tagEnd: number, values: Record<string, string>): XmlAttribute[] {
  const out: XmlAttribute[] = [];
  const pattern = /([^\s=/>]+)\s*=\s*(["'])/g;
  const tag = text.slice(tagStart, tagEnd);
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(tag)) !== null) {
    const name = m[1];
    const valueStart = tagStart + m.index + m[0].length;
    const close = text.indexOf(m[2], valueStart);
    const valueEnd = close < 0 || close > tagEnd ? tagEnd : close;
    out.push({
      name,
      value: values[name] ?? text.slice(valueStart, valueEnd),
      nameSpan: { start: tagStart + m.index, end: tagStart + m.index + name.length },
      valueSpan: { start: valueStart, end: valueEnd },
    });
    pattern.lastIndex = valueEnd - tagStart + 1;
  }
  return out;
}

/** Comments, CDATA, processing instructions and the DOCTYPE, where `&` is literal; or an `&` that starts no reference. */
const BARE_AMPERSAND = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<!DOCTYPE(?:[^[>]|\[[^\]]*\])*>?|&(?!#x[0-9a-fA-F]+;|#[0-9]+;|[A-Za-z_:][\w.:-]*;)/g;

/**
 * saxes reads a bare `&` (`Sales & Marketing`) as an entity running to the
 * next `;`, often the end of the file, and then reports the file as
 * truncated. Such ampersands are found first, reported where they are, and
 * masked with a character of the same length so the rest parses normally.
 */
function maskBareAmpersands(text: string, problems: XmlProblem[]): string {
  if (!text.includes('&')) return text;
  let masked: string[] | undefined;
  let from = 0;
  for (const m of text.matchAll(BARE_AMPERSAND)) {
    if (m[0] !== '&') continue;
    const at = m.index!;
    (masked ??= []).push(text.slice(from, at), '\uFFFD');
    from = at + 1;
    if (problems.length < MAX_PROBLEMS) problems.push({ span: { start: at, end: at + 1 }, message: 'a bare "&" must be written "&amp;" (or an entity reference is missing its ";")' });
  }
  return masked ? masked.join('') + text.slice(from) : text;
}

/** Whether an object has any enumerable key, without listing them (most elements have no attributes). */
function hasAny(values: object): boolean {
  for (const _ in values) return true;
  return false;
}

/** Whether the character at `at` continues an XML name (`<ab` is not `<a`), by saxes's own table: a start tag broken by a character saxes rejects is seen as broken here too. */
function continuesName(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (Number.isNaN(c)) return false; // past the end
  // ASCII first: nearly every tag in a configuration ends in `>`, white space or `/`.
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 58 || c === 45;
  return isNameChar(text.codePointAt(at)!);
}

/** Parses XML text into a positioned tree. Never throws; problems are data. */
export function parseXml(text: string): XmlDocument {
  const parser = new SaxesParser({ position: true });
  const problems: XmlProblem[] = [];
  // What saxes reads: the text with bare ampersands masked, offset for offset the same.
  const input = maskBareAmpersands(text, problems);
  const prolog: XmlComment[] = [];
  const stack: XmlElement[] = [];
  // The children of the open elements, in order; each open element's start in it. An element gets its
  // children as one exactly sized array when it closes (an array grown by pushing keeps spare room).
  const pending: XmlNode[] = [];
  let pendingTop = 0;
  const childrenFrom: number[] = [];
  const settle = (element: XmlElement, from: number): void => {
    if (pendingTop > from) element.children = pending.slice(from, pendingTop);
    pendingTop = from;
  };
  const addChild = (node: XmlNode): void => {
    pending[pendingTop++] = node;
  };
  // Element names repeat: one string per distinct name.
  const names = new Map<string, string>();
  let root: XmlElement | undefined;
  let doctype: XmlDocument['doctype'];
  let xmlDeclaration: XmlDocument['xmlDeclaration'];
  // End offset of the last event: the next node starts here.
  let lastEnd = 0;
  let closing = false;
  let unclosedReported = 0;

  const pointAt = (offset: number): Span => {
    const at = Math.max(0, Math.min(offset, text.length));
    return { start: at, end: Math.min(at + 1, text.length) };
  };

  parser.on('xmldecl', (decl) => {
    xmlDeclaration = { encoding: decl.encoding, span: { start: 0, end: parser.position } };
    lastEnd = parser.position;
  });
  parser.on('doctype', (value) => {
    const start = text.lastIndexOf('<!DOCTYPE', parser.position);
    const name = /^\s*([^\s[>]+)/.exec(value)?.[1] ?? '';
    doctype = { name, span: { start: Math.max(0, start), end: parser.position } };
    lastEnd = parser.position;
  });
  parser.on('comment', (value) => {
    // saxes fires before it consumes the final `>`; find the real end.
    const close = text.indexOf('-->', Math.max(0, parser.position - 3));
    const end = close < 0 ? parser.position : close + 3;
    const comment = new XmlComment(value, end - value.length - 7, end);
    if (stack.length > 0) addChild(comment);
    else if (!root) prolog.push(comment);
    lastEnd = end;
  });
  parser.on('processinginstruction', () => {
    lastEnd = parser.position;
  });
  parser.on('text', (value) => {
    // saxes reports text once it has read the `<` that ends it.
    const end = closing ? text.length : parser.position - 1;
    if (stack.length > 0 && value.trim().length > 0) {
      // After a broken tag (`<\x01type>`) saxes drops the `<` and the bad characters but keeps the rest as text.
      const start = input.charCodeAt(lastEnd) === 60 /* < */ && input.slice(lastEnd, end).endsWith(value) ? end - value.length : lastEnd;
      addChild(new XmlText(value, start, end, false));
    }
    lastEnd = end;
  });
  parser.on('cdata', (value) => {
    const end = parser.position;
    if (stack.length > 0) {
      addChild(new XmlText(value, end - 3 - value.length, end - 3, true));
    }
    lastEnd = end;
  });
  parser.on('opentag', (tag) => {
    const tagEnd = parser.position;
    let name = names.get(tag.name);
    if (name === undefined) names.set(tag.name, (name = tag.name));
    let tagStart: number;
    if (lastEnd < tagEnd && text.charCodeAt(lastEnd) === 60 /* < */ && text.startsWith(name, lastEnd + 1) && !continuesName(text, lastEnd + 1 + name.length)) {
      // The usual case: the tag starts where the last event ended.
      tagStart = lastEnd;
    } else {
      // A start tag left open (`<type{x</type>`) runs into the next `<`; its own `<` is the first one since the last event.
      let own = text.indexOf(`<${name}`, lastEnd);
      while (own >= 0 && own < tagEnd && continuesName(text, own + 1 + name.length)) own = text.indexOf(`<${name}`, own + 1);
      tagStart = own >= 0 && own < tagEnd ? own : text.lastIndexOf('<', tagEnd - 1);
    }
    const parent = stack[stack.length - 1] as XmlElement | undefined;
    const element = new XmlElement(name, tagStart, tagEnd, parent);
    if (hasAny(tag.attributes)) element.attributes = attributesOf(text, tagStart, tagEnd, tag.attributes as unknown as Record<string, string>);
    if (parent) addChild(element);
    else if (!root) root = element;
    stack.push(element);
    childrenFrom.push(pendingTop);
    lastEnd = tagEnd;
  });
  parser.on('closetag', (tag) => {
    const element = stack.pop();
    if (!element) return;
    settle(element, childrenFrom.pop()!);
    const end = parser.position;
    element.closed = true;
    if (tag.isSelfClosing) {
      element.contentStart = end;
      element.contentEnd = end;
    } else {
      const closeStart = text.lastIndexOf('</', end - 1);
      element.contentEnd = Math.max(element.contentStart, closeStart);
    }
    element.end = end;
    lastEnd = end;
  });
  parser.on('error', (error) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const message = error.message.replace(ERROR_PREFIX, '').replace(/\.$/, '');
    if (closing && unclosedReported < stack.length) {
      // End of input inside open elements: saxes reports each, innermost first.
      const open = stack[stack.length - 1 - unclosedReported++];
      problems.push({ span: open.nameSpan, message: `The file ends before </${open.name}> (truncated?)` });
      return;
    }
    if (/close tag/.test(message)) {
      // Point at the whole offending end tag, not just its last character.
      const tagStart = text.lastIndexOf('</', parser.position - 1);
      if (tagStart >= 0 && parser.position - tagStart < 1024) {
        problems.push({ span: { start: tagStart, end: parser.position }, message });
        return;
      }
    }
    problems.push({ span: pointAt(parser.position - 1), message });
  });

  try {
    parser.write(input);
    closing = true;
    parser.close();
  } catch (error) {
    // saxes only throws when no error handler is attached; keep the guarantee anyway.
    problems.push({ span: pointAt(parser.position - 1), message: String((error as Error).message ?? error) });
  }
  // Elements left open at the end of input run to the end of the file.
  for (let i = stack.length - 1; i >= 0; i--) {
    const open = stack[i];
    settle(open, childrenFrom[i]);
    open.end = text.length;
    open.contentEnd = text.length;
  }
  if (!root && problems.length === 0 && text.trim().length > 0) {
    problems.push({ span: pointAt(0), message: 'No root element' });
  }
  problems.sort((a, b) => a.span.start - b.span.start);
  return { text, root, prolog, doctype, xmlDeclaration, problems };
}
