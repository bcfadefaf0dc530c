import type { XmlDocument } from '../xml/tree';
import { CLUSTER_ROOT, TOP_LEVEL_MARKERS } from './assumptions';
import { parseHeader } from './header';

/**
 * Is this an AsyncOS configuration? Decided by content, never by file name:
 * other XML in the same folder (build files, other vendors' configs) must get
 * no findings at all.
 */
export function isAsyncOsConfig(document: XmlDocument): boolean {
  const root = document.root;
  if (root && root.name !== 'config' && root.name !== CLUSTER_ROOT) return false;
  if (document.doctype?.name === 'config') return true;
  if (document.prolog.some((comment) => parseHeader(comment) !== undefined)) return !!root || looksLikeConfigText(document.text);
  if (!root) return looksLikeConfigText(document.text);
  if (root.name === CLUSTER_ROOT) return true;
  for (const child of root.children) {
    if (child.kind === 'element' && TOP_LEVEL_MARKERS.has(child.name)) return true;
  }
  return false;
}

/** For a file too broken to have a root: the head of the text says what it was meant to be. */
function looksLikeConfigText(text: string): boolean {
  const head = text.slice(0, 4096);
  return /<!DOCTYPE\s+config\b/.test(head) || (/<(config|cluster_config)[\s>]/.test(head) && /Product:|Model Number:/.test(head));
}
