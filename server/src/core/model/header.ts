import type { XmlComment } from '../xml/tree';
import { HEADER_KEYS } from './assumptions';
import type { ConfigHeader, FeatureKey, Located } from './types';

const FEATURE_LINE = /^(\s*)Feature\s+"([^"]*)"\s*:?\s*(.*?)\s*$/;
const FIELD_LINE = /^(\s*)([^:]+?)\s*:\s?(.*?)\s*$/;

/**
 * Reads the header comment's `Key: value` lines. Values keep their spans so a
 * finding about the release or a feature key can point at its line.
 */
export function parseHeader(comment: XmlComment): ConfigHeader | undefined {
  const text = comment.value;
  const base = comment.span.start + 4; // after `<!--`
  const fields = new Map<string, Located>();
  const featureKeys: FeatureKey[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const feature = FEATURE_LINE.exec(line);
    if (feature) {
      const start = base + lineStart + feature[1].length;
      featureKeys.push({ name: feature[2], details: feature[3], span: { start, end: base + lineStart + line.trimEnd().length } });
    } else {
      const field = FIELD_LINE.exec(line);
      if (field && field[2].length < 40) {
        const valueStart = base + lineStart + line.indexOf(field[3], field[1].length + field[2].length);
        fields.set(field[2], { value: field[3], span: { start: valueStart, end: valueStart + field[3].length } });
      }
    }
    lineStart = lineEnd + 1;
  }
  const has = (key: string) => fields.get(key);
  if (!has(HEADER_KEYS.product) && !has(HEADER_KEYS.version) && !has(HEADER_KEYS.model) && featureKeys.length === 0) return undefined;
  return {
    span: comment.span,
    fields,
    product: has(HEADER_KEYS.product),
    model: has(HEADER_KEYS.model),
    version: has(HEADER_KEYS.version),
    serial: has(HEADER_KEYS.serial),
    featureKeys,
  };
}
