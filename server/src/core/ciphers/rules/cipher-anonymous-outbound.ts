import type { Rule } from '../../rules/types';
import { ANONYMOUS_MESSAGES, anonymousFinding, cipherListSites, defined } from './shared';

/**
 * cipher-anonymous-outbound: the outbound (delivery) cipher list can
 * negotiate an anonymous suite. The peer then sends no certificate and the
 * SMA's CPQ TLS check fails: the PVO blocker of scenario 4.
 */
export const cipherAnonymousOutbound: Rule = {
  meta: {
    id: 'cipher-anonymous-outbound',
    defaultSeverity: 'error',
    description: 'The outbound cipher list can negotiate an anonymous (aNULL) suite, which breaks CPQ\'s TLS check.',
    fixable: true,
    scenarios: [4],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      ...ANONYMOUS_MESSAGES,
      why: 'no certificate is sent, so the TLS check of centralized quarantine (CPQ) fails. Remove them with -aNULL.',
    },
  },
  check(model, context) {
    return cipherListSites(model, context)
      .filter((site) => site.direction === 'outbound')
      .map((site) => anonymousFinding(site, { id: 'why' }))
      .filter(defined);
  },
};
