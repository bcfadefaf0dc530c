import type { Rule, RuleFinding } from '../../rules/types';
import { CoverIndex } from '../coverIndex';
import type { HatEntry, HatRow } from '../types';
import { capped, hatsOf, rowRef } from './common';

/**
 * hat-shadowed-entry: the appliance takes the first HAT row that matches, so a
 * row after `ALL`, or an entry an earlier entry already covers, never decides.
 */
export const hatShadowedEntry: Rule = {
  meta: {
    id: 'hat-shadowed-entry',
    defaultSeverity: 'warning',
    description: 'A HAT row comes after ALL, or an entry is covered by an earlier one, so it never applies.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      afterAll: 'In {hat}: {row} comes after `ALL`, which matches every host first, so it never applies.',
      allRow: 'the `ALL` row',
      covered: 'In {hat}: "{entry}" never applies here: "{cover}" {where} comes first and covers it.',
      sameRow: 'earlier in the same row',
      inRow: 'in {row}',
      coversIt: '"{cover}" covers it',
      more: 'In {hat}: {count} more entries never apply.',
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const hat of hatsOf(model)) {
      const own: RuleFinding[] = [];
      const rows = hat.parsed.value.rows;
      const allIndex = rows.findIndex((row) => row.kind === 'all');
      const earlier = new CoverIndex<{ entry: HatEntry; row: HatRow }>();
      rows.forEach((row, index) => {
        if (allIndex >= 0 && index > allIndex) {
          const all = rows[allIndex];
          const span = row.kind === 'group' ? row.name.span : row.kind === 'all' ? row.keywordSpan : row.entries[0]?.span ?? row.span;
          own.push({
            message: { id: 'afterAll', args: { hat: hat.labelRef, row: rowRef(row) } },
            span: hat.fileSpan(span),
            related: all.kind === 'all' ? [{ message: { id: 'allRow' }, span: hat.fileSpan(all.keywordSpan) }] : [],
          });
          return;
        }
        if (row.kind === 'all') return;
        for (const entry of row.entries) {
          const cover = earlier.coverOf(entry.pattern);
          if (cover) {
            const where = cover.row === row ? { id: 'sameRow' } : { id: 'inRow', args: { row: rowRef(cover.row) } };
            own.push({
              message: { id: 'covered', args: { hat: hat.labelRef, entry: entry.text, cover: cover.entry.text, where } },
              span: hat.fileSpan(entry.span),
              related: [{ message: { id: 'coversIt', args: { cover: cover.entry.text } }, span: hat.fileSpan(cover.entry.span) }],
            });
          }
          earlier.add(entry.pattern, { entry, row });
        }
      });
      findings.push(...capped(own, (more) => ({ message: { id: 'more', args: { hat: hat.labelRef, count: more } }, span: hat.text.element.nameSpan })));
    }
    return findings;
  },
};
