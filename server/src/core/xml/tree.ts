import type { Span } from '../text/lineIndex';

/** An attribute with the spans of its name and of its value (inside the quotes). */
export interface XmlAttribute {
  name: string;
  value: string;
  nameSpan: Span;
  valueSpan: Span;
}

/*
 * A large configuration has a few hundred thousand elements, so the nodes are
 * kept small: offsets are numbers on the node (one representation; `span`,
 * `nameSpan` and `contentSpan` are computed from them on each read, so
 * patching a node's numbers moves them too), `kind` lives on the class, a
 * node without children or attributes shares one empty array, and element
 * names are interned by the parser.
 */

const NO_NODES: readonly XmlNode[] = Object.freeze([]);
const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);

export class XmlElement {
  declare readonly kind: 'element';
  /** Offset of `<` of the start tag. */
  start: number;
  /** Offset just after `>` of the end tag (or of a self-closing tag); the end of the file for an element left open. */
  end: number;
  /** Offset just after the start tag's `>`. */
  contentStart: number;
  /** Offset of the end tag's `<`; equal to `contentStart` for a self-closing tag. */
  contentEnd: number;
  attributes: readonly XmlAttribute[] = NO_ATTRIBUTES;
  children: readonly XmlNode[] = NO_NODES;
  /** False when the file ended (or broke) before the end tag. */
  closed = false;

  constructor(
    public name: string,
    start: number,
    tagEnd: number,
    public parent: XmlElement | undefined,
  ) {
    this.start = start;
    this.end = tagEnd;
    this.contentStart = tagEnd;
    this.contentEnd = tagEnd;
  }

  /** From `<` of the start tag to after `>` of the end tag (or of a self-closing tag). */
  get span(): Span {
    return { start: this.start, end: this.end };
  }

  /** Offset just after the element name inside the start tag (the name starts after the `<`). */
  get nameEnd(): number {
    return this.start + 1 + this.name.length;
  }

  /** The element name inside the start tag. */
  get nameSpan(): Span {
    return { start: this.start + 1, end: this.start + 1 + this.name.length };
  }

  /** Between the start tag's `>` and the end tag's `<`; empty for a self-closing tag. */
  get contentSpan(): Span {
    return { start: this.contentStart, end: this.contentEnd };
  }
}
Object.defineProperty(XmlElement.prototype, 'kind', { value: 'element' });

/** What text nodes and comments share: a value and the offsets of their text in the file. */
abstract class XmlLeaf {
  constructor(
    public value: string,
    public start: number,
    public end: number,
  ) {}

  get span(): Span {
    return { start: this.start, end: this.end };
  }
}

/** Text: `value` is decoded (entities resolved); the offsets are those of the raw text, for CDATA of the section's content only. */
export class XmlText extends XmlLeaf {
  declare readonly kind: 'text';
  constructor(value: string, start: number, end: number, public cdata: boolean) {
    super(value, start, end);
  }
}
Object.defineProperty(XmlText.prototype, 'kind', { value: 'text' });

/** A comment: its offsets run from `<!--` to after `-->`. */
export class XmlComment extends XmlLeaf {
  declare readonly kind: 'comment';
}
Object.defineProperty(XmlComment.prototype, 'kind', { value: 'comment' });

export type XmlNode = XmlElement | XmlText | XmlComment;

export interface XmlProblem {
  span: Span;
  message: string;
}

export interface XmlDocument {
  text: string;
  /** The document element, if any start tag was read. */
  root: XmlElement | undefined;
  /** Top-level comments before the root element, in order. */
  prolog: XmlComment[];
  doctype: { name: string; span: Span } | undefined;
  xmlDeclaration: { encoding?: string; span: Span } | undefined;
  /** Well-formedness problems, in file order; the first is the one that matters. */
  problems: XmlProblem[];
}

export function childElements(element: XmlElement | undefined, name?: string): XmlElement[] {
  if (!element) return [];
  const out: XmlElement[] = [];
  for (const child of element.children) {
    if (child.kind === 'element' && (name === undefined || child.name === name)) out.push(child);
  }
  return out;
}

export function childElement(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!element) return undefined;
  for (const child of element.children) {
    if (child.kind === 'element' && child.name === name) return child;
  }
  return undefined;
}

/** Follows a path of element names, taking the first match at each step. */
export function elementAt(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = element;
  for (const step of path) current = childElement(current, step);
  return current;
}

/** All elements at a path; the last step may repeat (`interfaces`, `interface`). */
export function elementsAt(element: XmlElement | undefined, ...path: string[]): XmlElement[] {
  if (path.length === 0) return element ? [element] : [];
  const parent = elementAt(element, ...path.slice(0, -1));
  return childElements(parent, path[path.length - 1]);
}

/** Every element below `element` (not itself), depth first, without recursion. */
export function* descendants(element: XmlElement): Generator<XmlElement> {
  const stack: XmlNode[] = [...element.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind !== 'element') continue;
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/** The path of element names from the root, for messages (`config/listeners/listener`). */
export function pathOf(element: XmlElement): string {
  const names: string[] = [];
  for (let e: XmlElement | undefined = element; e; e = e.parent) names.push(e.name);
  return names.reverse().join('/');
}
