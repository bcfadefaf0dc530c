import { tlsMethodProtocols } from '../../model/assumptions';
import { levelSuffixRef } from '../../rules/helpers';
import type { Rule, RuleFinding } from '../../rules/types';

const LABEL: Record<string, string> = { outbound: 'methodOutbound', inbound: 'methodInbound', gui: 'methodGui', other: 'method' };

/** tls-method-weak: the TLS method setting allows SSLv2 or SSLv3, both broken (DROWN, POODLE). */
export const tlsMethodWeak: Rule = {
  meta: {
    id: 'tls-method-weak',
    defaultSeverity: 'warning',
    description: 'A TLS method setting allows SSLv2 or SSLv3.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      allowsOne: 'The {method} ({element}){level} "{value}" allows {protocol}, which are broken ({attack}); allow TLS 1.0 or later only.',
      allowsBoth: 'The {method} ({element}){level} "{value}" allows SSLv2 and SSLv3, which are broken (DROWN, POODLE); allow TLS 1.0 or later only.',
      methodOutbound: 'outbound (delivery) TLS method',
      methodInbound: 'inbound (receiving) TLS method',
      methodGui: 'GUI HTTPS TLS method',
      method: 'TLS method',
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const level of model.levels) {
      for (const method of level.tls.methods) {
        const protocols = tlsMethodProtocols(method.value.value);
        if (!protocols) continue;
        const weak = ['sslv2', 'sslv3'].filter((p) => protocols.has(p)).map((p) => (p === 'sslv2' ? 'SSLv2' : 'SSLv3'));
        if (weak.length === 0) continue;
        const args = { method: { id: LABEL[method.direction] ?? 'method' }, element: method.element.name, level: levelSuffixRef(level), value: method.value.value };
        findings.push({
          message: weak.length === 2
            ? { id: 'allowsBoth', args }
            : { id: 'allowsOne', args: { ...args, protocol: weak[0], attack: weak[0] === 'SSLv2' ? 'DROWN' : 'POODLE' } },
          span: method.value.span,
        });
      }
    }
    return findings;
  },
};
