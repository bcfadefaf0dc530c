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
    messages: {
      notUtf8: 'The file is not valid UTF-8: some bytes cannot be decoded (shown as \uFFFD). Save it as UTF-8, or declare its real encoding (AsyncOS exports ISO-8859-1).',
      bomMismatch: 'The file starts with a UTF-8 byte order mark but declares encoding "{declared}"; it was read as UTF-8.',
      notDeclared: 'The file declares encoding "{declared}" but its bytes are single-byte text, not {declared}; it was read as UTF-8.',
      unsupported: 'Unsupported encoding "{declared}" in the XML declaration; the file was read as UTF-8.',
    },
  },
  check(_model, context) {
    return (context.decoded?.problems ?? []).map((problem) => ({
      message: problem.messageId ? { id: problem.messageId, args: problem.args } : problem.message,
      severity: problem.severity,
      span: { start: problem.offset, end: Math.min(problem.offset + 1, context.text.length) },
    }));
  },
};
