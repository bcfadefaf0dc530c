import { tlsMethodProtocols } from '../../model/assumptions';
import { levelSuffix } from '../../rules/helpers';
import type { Rule, RuleFinding } from '../../rules/types';

const LABEL: Record<string, string> = { outbound: 'outbound (delivery)', inbound: 'inbound (receiving)', gui: 'GUI HTTPS', other: '' };

/** tls-method-weak: the TLS method setting allows SSLv2 or SSLv3, both broken (DROWN, POODLE). */
export const tlsMethodWeak: Rule = {
  meta: {
    id: 'tls-method-weak',
    defaultSeverity: 'warning',
    description: 'A TLS method setting allows SSLv2 or SSLv3.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const level of model.levels) {
      for (const method of level.tls.methods) {
        const protocols = tlsMethodProtocols(method.value.value);
        if (!protocols) continue;
        const weak = ['sslv2', 'sslv3'].filter((p) => protocols.has(p)).map((p) => (p === 'sslv2' ? 'SSLv2' : 'SSLv3'));
        if (weak.length === 0) continue;
        const label = LABEL[method.direction] ? `${LABEL[method.direction]} TLS method` : 'TLS method';
        findings.push({
          message: `The ${label} (${method.element.name})${levelSuffix(level)} "${method.value.value}" allows ${weak.join(' and ')}, which are broken (${weak.map((w) => (w === 'SSLv2' ? 'DROWN' : 'POODLE')).join(', ')}); allow TLS 1.0 or later only.`,
          span: method.value.span,
        });
      }
    }
    return findings;
  },
};
