/** Go to definition and find references for interfaces, mail-flow policies and sender groups (with the message filters naming them). */
import type { Location } from 'vscode-languageserver';
import type { ModelView } from './modelView';
import type { Span } from '../core/text/lineIndex';
import { conditionOccurrences, groupOccurrences, interfaceOccurrences, locate, policyOccurrences } from './locate';

function occurrencesAt(result: ModelView, offset: number): { span: Span; definition: boolean }[] {
  const target = locate(result, offset);
  if (!target || !result.model) return [];
  switch (target.kind) {
    case 'interface-ref':
    case 'interface-def':
      return interfaceOccurrences(result.model, target.level, target.name);
    case 'policy-ref':
    case 'policy-def':
      return policyOccurrences(target.hat, target.name);
    case 'group-def':
    case 'group-ref':
      return groupOccurrences(result, target.hat, target.level, target.name);
    case 'group-condition':
      return conditionOccurrences(result, target.condition);
    default:
      return [];
  }
}

export function definition(result: ModelView, uri: string, offset: number): Location[] {
  return occurrencesAt(result, offset).filter((o) => o.definition).map((o) => ({ uri, range: result.lineIndex.rangeOf(o.span) }));
}

export function references(result: ModelView, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  return occurrencesAt(result, offset)
    .filter((o) => includeDeclaration || !o.definition)
    .map((o) => ({ uri, range: result.lineIndex.rangeOf(o.span) }));
}
