import { closestName } from '../../rules/helpers';
import type { Rule, RuleFinding } from '../../rules/types';
import { hatsOf } from './common';

/**
 * hat-undefined-group: a sender-group member that names another sender group
 * (a bare upper-case word) which the HAT does not define.
 */
export const hatUndefinedGroup: Rule = {
  meta: {
    id: 'hat-undefined-group',
    defaultSeverity: 'error',
    description: 'A HAT entry refers to a sender group that the HAT does not define.',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
  },
  check(model) {
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
            message: `In ${hat.label}: "${entry.text}" reads as a sender group, but this HAT defines no group of that name${groups.length > 0 ? ` (groups: ${groups.join(', ')})` : ''}.${suggestion ? ` Did you mean ${suggestion}?` : ' A host name needs its domain (host.example.com).'}`,
            span,
            fixes: suggestion ? [{ title: `Use sender group ${suggestion}`, preferred: true, edits: [{ span, newText: suggestion }] }] : [],
            data: { group: entry.pattern.name },
          });
        }
      }
    }
    return findings;
  },
};
