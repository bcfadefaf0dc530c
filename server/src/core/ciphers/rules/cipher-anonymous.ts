import type { Rule } from '../../rules/types';
import { ANONYMOUS_MESSAGES, anonymousFinding, cipherListSites, defined } from './shared';

/** cipher-anonymous: an inbound, GUI or other cipher list can negotiate an anonymous suite (no certificate, open to man-in-the-middle). */
export const cipherAnonymous: Rule = {
  meta: {
    id: 'cipher-anonymous',
    defaultSeverity: 'warning',
    description: 'An inbound, GUI or other cipher list can negotiate an anonymous (aNULL) suite.',
    fixable: true,
    scenarios: [4],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      ...ANONYMOUS_MESSAGES,
      why: 'the peer is not authenticated, so a man in the middle can read the session.',
    },
  },
  check(model, context) {
    return cipherListSites(model, context)
      .filter((site) => site.direction !== 'outbound')
      .map((site) => anonymousFinding(site, { id: 'why' }))
      .filter(defined);
  },
};
