import type { Rule } from './types';

/**
 * xml-syntax: the file is not well-formed XML. The appliance refuses to load
 * it, and every other finding is based on the part before the break.
 */
export const xmlSyntax: Rule = {
  meta: {
    id: 'xml-syntax',
    defaultSeverity: 'error',
    description: 'The file is not well-formed XML; the appliance would refuse to load it.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
  },
  check(model) {
    const [first, ...rest] = model.document.problems;
    if (!first) return [];
    const more = rest.length > 0 ? ` (${rest.length} more problem${rest.length > 1 ? 's' : ''} after this one)` : '';
    return [{ message: `XML is not well-formed: ${first.message}${more}`, span: first.span }];
  },
};
