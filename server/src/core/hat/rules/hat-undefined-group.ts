import type { ConfigLevel } from '../../model/types';
import { closestName } from '../../rules/helpers';
import type { Rule, RuleFinding } from '../../rules/types';
import { listenerHat } from '../analysis';
import { groupsVisibleTo, senderGroupConditions } from '../groupReferences';
import { hatsOf } from './common';

/**
 * hat-undefined-group: a sender-group member that names another sender group
 * (a bare upper-case word) which the HAT does not define; and a message
 * filter's `sendergroup` condition that no listener's HAT can satisfy.
 */
export const hatUndefinedGroup: Rule = {
  meta: {
    id: 'hat-undefined-group',
    defaultSeverity: 'error',
    description: 'A HAT entry or a message filter refers to a sender group that no HAT defines.',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      notDefined: 'In {hat}: "{entry}" reads as a sender group, but this HAT defines no group of that name{groups}.{hint}',
      groups: ' (groups: {names})',
      didYouMean: ' Did you mean {name}?',
      needsDomain: ' A host name needs its domain (host.example.com).',
      use: 'Use sender group {name}',
      filterNeverTrue: 'The message filter condition `sendergroup` tests "{wanted}", which matches no sender group of any listener\'s HAT (groups: {names}), so the condition is never true.{suggestion}',
      filterAlwaysTrue: 'The message filter condition `sendergroup` tests "{wanted}", which matches no sender group of any listener\'s HAT (groups: {names}), so the condition is always true.{suggestion}',
      none: 'none',
    },
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    for (const hat of hatsOf(model)) {
      const groups = hat.parsed.value.rows.flatMap((row) => (row.kind === 'group' ? [row.name.value] : []));
      for (const row of hat.parsed.value.rows) {
        if (row.kind === 'all') continue;
        for (const entry of row.entries) {
          if (entry.pattern.kind !== 'group-ref' || groups.includes(entry.pattern.name)) continue;
          const suggestion = closestName(entry.pattern.name, groups);
          const span = hat.fileSpan(entry.span);
          findings.push({
            message: {
              id: 'notDefined',
              args: {
                hat: hat.labelRef,
                entry: entry.text,
                groups: groups.length > 0 ? { id: 'groups', args: { names: groups.join(', ') } } : '',
                hint: suggestion ? { id: 'didYouMean', args: { name: suggestion } } : { id: 'needsDomain' },
              },
            },
            span,
            fixes: suggestion ? [{ title: { id: 'use', args: { name: suggestion } }, preferred: true, edits: [{ span, newText: suggestion }] }] : [],
            data: { group: entry.pattern.name },
          });
        }
      }
    }
    findings.push(...filterReferences(model, context.text));
    return findings;
  },
};

/**
 * A `sendergroup` condition is suspicious when no group of the HATs its filter
 * sees matches it: in a cluster export, those of the filter's own level and
 * the levels above and below it, never a sibling machine's (working
 * assumptions: `filterSeesListenersOf`). The value is a regular expression
 * (working assumptions), so it is tried against every group name.
 */
function filterReferences(model: Parameters<Rule['check']>[0], text: string): RuleFinding[] {
  const findings: RuleFinding[] = [];
  // A partial file without any HAT says nothing about the groups.
  if (!model.levels.some((level) => level.listeners.some((listener) => listenerHat(listener)))) return findings;
  // Conditions of one level see the same groups: read them once per level, not per condition.
  const namesSeenFrom = new Map<ConfigLevel, string[]>();
  for (const condition of senderGroupConditions(model, text)) {
    const { value: wanted, pattern, span } = condition;
    if (!pattern) continue;
    let names = namesSeenFrom.get(condition.level);
    if (!names) namesSeenFrom.set(condition.level, (names = [...new Set(groupsVisibleTo(model, condition).map((d) => d.group.name.value))]));
    if (names.some((n) => pattern.test(n))) continue;
    const suggestion = closestName(wanted, names);
    findings.push({
      message: {
        id: condition.operator === '==' ? 'filterNeverTrue' : 'filterAlwaysTrue',
        args: { wanted, names: names.join(', ') || { id: 'none' }, suggestion: suggestion ? { id: 'didYouMean', args: { name: suggestion } } : '' },
      },
      span,
      severity: 'warning',
      fixes: suggestion ? [{ title: { id: 'use', args: { name: suggestion } }, preferred: true, edits: [{ span, newText: suggestion }] }] : [],
      data: { group: wanted },
    });
  }
  return findings;
}
