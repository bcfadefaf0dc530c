/**
 * A copy of a string that shares no memory with the text it was cut from.
 *
 * V8 keeps a substring of 13 or more characters as a view into its parent, so
 * a value read from a document (a HAT, a cipher list) holds the whole document
 * text. A module-level cache keyed by such a value, or holding results that
 * slice it, would keep every document it ever saw alive after its analysis is
 * gone. Prefixing makes a new string; slicing that flattens it into fresh
 * memory of the value's own size.
 */
export function detached(value: string): string {
  return (' ' + value).slice(1);
}
