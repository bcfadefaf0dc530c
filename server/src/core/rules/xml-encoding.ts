import type { Rule } from './types';

/**
 * xml-encoding: the bytes do not match the declared encoding. AsyncOS exports
 * ISO-8859-1; a file re-saved by an editor as UTF-8 without changing the
 * declaration (or the reverse) loads with mangled host names and comments.
 */
export const xmlEncoding: Rule = {
  meta: {
    id: 'xml-encoding',
    defaultSeverity: 'warning',
    description: 'The file\'s bytes do not match its declared encoding.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
  },
  check(_model, context) {
    return (context.decoded?.problems ?? []).map((problem) => ({
      message: problem.message,
      severity: problem.severity,
      span: { start: problem.offset, end: Math.min(problem.offset + 1, context.text.length) },
    }));
  },
};
