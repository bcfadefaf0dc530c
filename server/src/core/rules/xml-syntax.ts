import type { MessageArg, Rule } from './types';

/**
 * What the XML parser says (saxes' messages, without their position prefix
 * and final full stop, and the parse module's own), as English templates
 * that reproduce each message exactly. A problem whose text matches one is
 * shown as that message, so it is translated with the sentence around it;
 * any other text (a parser upgrade's new wording) is shown as the parser
 * wrote it. Element, attribute and entity names, and the XML declaration's
 * keywords, stay as written.
 */
export const XML_PARSER_MESSAGES = {
  truncated: 'The file ends before </{element}> (truncated?)',
  bareAmpersand: 'a bare "&" must be written "&amp;" (or an entity reference is missing its ";")',
  noRootElement: 'No root element',
  attributeWithoutValue: 'attribute without value',
  badCharacter: 'disallowed character',
  badCharacterInAttributeName: 'disallowed character in attribute name',
  badCharacterInClosingTag: 'disallowed character in closing tag',
  badCharacterInEntityName: 'disallowed character in entity name',
  badCharacterInPiName: 'disallowed character in processing instruction name',
  badCharacterInTagName: 'disallowed character in tag name',
  cdataEndInText: 'the string "]]>" is disallowed in char data',
  declarationEncoding: 'encoding value must match /^[A-Za-z0-9][A-Za-z0-9._-]*$/',
  declarationExpectedName: 'expected the name {name}',
  declarationExpectedOneOf: 'expected one of {names}',
  declarationIncomplete: 'XML declaration is incomplete',
  declarationMustBeFirst: 'the XML declaration must appear at the start of the document',
  declarationNotAtStart: 'an XML declaration must be at the start of the document',
  declarationNoVersion: 'XML declaration must contain a version',
  declarationQuestionMark: 'The character ? is disallowed anywhere in XML declarations',
  declarationStandalone: 'standalone value must match "yes" or "no"',
  declarationTooManyPairs: 'did not expect any more name/value pairs',
  declarationValueRequired: 'value required',
  declarationValueUnquoted: 'value must be quoted',
  declarationVersion: 'version number must match /^1\\.[0-9]+$/',
  doctypeMisplaced: 'inappropriately located doctype declaration',
  documentWithoutRoot: 'document must contain a root element',
  duplicateAttribute: 'duplicate attribute: {name}',
  emptyCloseTag: 'weird empty close tag',
  emptyEntityName: 'empty entity name',
  incorrectSyntax: 'incorrect syntax',
  malformedCharacterReference: 'malformed character entity',
  malformedComment: 'malformed comment',
  malformedName: 'malformed name: {name}',
  noSpaceBetweenAttributes: 'no whitespace between attributes',
  onlyOneRoot: 'documents may contain only one root',
  piBeforeRoot: 'processing instructions are not allowed before root',
  piWithoutTarget: 'processing instruction without a target',
  slashNotClosingTag: 'forward-slash in opening tag not followed by >',
  textOutsideRoot: 'text data outside of root node',
  unclosedTag: 'unclosed tag: {name}',
  undefinedEntity: 'undefined entity',
  unexpectedCloseTag: 'unexpected close tag',
  unexpectedEnd: 'unexpected end',
  unmatchedClosingTag: 'unmatched closing tag: {name}',
  unquotedAttributeValue: 'unquoted attribute value',
  whitespaceRequired: 'whitespace required',
} as const;

/** Each template as a pattern that captures its placeholders' values. */
const RECOGNISERS = Object.entries(XML_PARSER_MESSAGES).map(([id, template]) => {
  const names: string[] = [];
  const source = template.split(/(\{\w+\})/).map((part) => {
    const m = /^\{(\w+)\}$/.exec(part);
    if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(m[1]);
    return '(.+)';
  }).join('');
  return { id, names, pattern: new RegExp(`^${source}$`, 's') };
});

/** The parser's text as a message id with args when it is a known one; else the text itself, in English. */
export function xmlProblemText(message: string): MessageArg {
  for (const { id, names, pattern } of RECOGNISERS) {
    const m = pattern.exec(message);
    if (!m) continue;
    return names.length === 0 ? { id } : { id, args: Object.fromEntries(names.map((name, i) => [name, m[i + 1]])) };
  }
  return message;
}

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
      // The parser's own words, the `{problem}` of `notWellFormed`.
      ...XML_PARSER_MESSAGES,
    },
  },
  check(model) {
    const [first, ...rest] = model.document.problems;
    if (!first) return [];
    const more = rest.length === 0 ? '' : rest.length === 1 ? { id: 'moreOne' } : { id: 'moreMany', args: { count: rest.length } };
    return [{ message: { id: 'notWellFormed', args: { problem: xmlProblemText(first.message), more } }, span: first.span }];
  },
};
