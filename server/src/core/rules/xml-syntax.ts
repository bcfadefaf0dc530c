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
    messages: {
      notWellFormed: 'XML is not well-formed: {problem}{more}',
      moreOne: ' (1 more problem after this one)',
      moreMany: ' ({count} more problems after this one)',
    },
  },
  check(model) {
    const [first, ...rest] = model.document.problems;
    if (!first) return [];
    // The parser's own words stay English: they name XML constructs, not PVO settings.
    const more = rest.length === 0 ? '' : rest.length === 1 ? { id: 'moreOne' } : { id: 'moreMany', args: { count: rest.length } };
    return [{ message: { id: 'notWellFormed', args: { problem: first.message, more } }, span: first.span }];
  },
};
