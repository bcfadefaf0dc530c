import type { Span } from '../text/lineIndex';

/** An attribute with the spans of its name and of its value (inside the quotes). */
export interface XmlAttribute {
  name: string;
  value: string;
  nameSpan: Span;
  valueSpan: Span;
}

export interface XmlElement {
  kind: 'element';
  name: string;
  /** From `<` of the start tag to after `>` of the end tag (or of a self-closing tag). */
  span: Span;
  /** The element name inside the start tag. */
  nameSpan: Span;
  /** Between the start tag's `>` and the end tag's `<`; empty for a self-closing tag. */
  contentSpan: Span;
  attributes: XmlAttribute[];
  children: XmlNode[];
  parent: XmlElement | undefined;
  /** False when the file ended (or broke) before the end tag. */
  closed: boolean;
}

export interface XmlText {
  kind: 'text';
  /** Decoded text (entities resolved). */
  value: string;
  /** Raw span in the file: for CDATA, the section's content only. */
  span: Span;
  cdata: boolean;
}

export interface XmlComment {
  kind: 'comment';
  value: string;
  /** From `<!--` to after `-->`. */
  span: Span;
}

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
