import { childElement } from '../../xml/tree';
import type { Rule, RuleFinding } from '../../rules/types';
import { ratDefault, readRat } from '../rat';

/** rat-no-accept: the cpq_listener must accept every recipient (`ALL` → `ACCEPT`), or quarantined messages bounce. */
export const ratNoAccept: Rule = {
  meta: {
    id: 'rat-no-accept',
    defaultSeverity: 'error',
    description: 'The cpq_listener\'s RAT does not accept ALL recipients.',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      noAll: 'The cpq_listener\'s RAT has no `ALL` entry, so recipients it does not list are refused and messages for the central quarantines cannot be delivered. Add an `ALL` entry with access ACCEPT.',
      notAccept: 'The cpq_listener\'s RAT gives `ALL` recipients "{access}" instead of ACCEPT, so messages for the central quarantines are refused.',
      acceptAll: 'Accept all recipients',
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const level of model.levels) {
      for (const listener of level.listeners) {
        if (!listener.isCpq) continue;
        const ratElement = childElement(listener.element, 'rat');
        // An export without <rat> says nothing about it.
        if (!ratElement) continue;
        const rows = readRat(listener.rat).value;
        const all = ratDefault(rows);
        if (!all) {
          findings.push({
            message: { id: 'noAll' },
            span: ratElement.nameSpan,
          });
          continue;
        }
        const access = all.row.access;
        if (!access || access.action === 'ACCEPT') continue;
        findings.push({
          message: { id: 'notAccept', args: { access: access.value } },
          span: access.span,
          fixes: [{ title: { id: 'acceptAll' }, preferred: true, edits: [{ span: access.span, newText: 'ACCEPT' }] }],
        });
      }
    }
    return findings;
  },
};
