import type { ConfigLevel, ConfigModel } from '../model/types';
import { closestName, listenerLabelRef, replaceValueFix } from './helpers';
import type { Rule, RuleFinding } from './types';

/**
 * The interfaces a level's listeners may name. Interfaces are per-machine
 * data, so a cluster- or group-level listener is checked against the
 * machines' interfaces.
 */
function interfaceNamesFor(level: ConfigLevel, model: ConfigModel): string[] {
  const own = level.interfaces.flatMap((i) => (i.name ? [i.name.value] : []));
  if (own.length > 0 || level.kind === 'standalone' || level.kind === 'machine') return own;
  return model.levels.filter((l) => l.kind === 'machine').flatMap((l) => l.interfaces.flatMap((i) => (i.name ? [i.name.value] : [])));
}

/** listener-interface-unknown: a listener is bound to an interface name the file does not define. */
export const listenerInterfaceUnknown: Rule = {
  meta: {
    id: 'listener-interface-unknown',
    defaultSeverity: 'error',
    description: 'A listener names an IP interface that is not defined.',
    fixable: true,
    scenarios: [7],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      notDefined: 'The {listener} is bound to interface "{interface}", which is not defined (interfaces: {interfaces}).{suggestion}',
      didYouMean: ' Did you mean "{name}"?',
      useInterface: 'Use interface "{name}"',
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const level of model.levels) {
      const names = interfaceNamesFor(level, model);
      // A partial file without interfaces says nothing about them.
      if (names.length === 0) continue;
      for (const listener of level.listeners) {
        const named = listener.interfaceName;
        if (!named || !named.value || names.includes(named.value)) continue;
        const suggestion = closestName(named.value, names);
        findings.push({
          message: {
            id: 'notDefined',
            args: {
              listener: listenerLabelRef(listener, level),
              interface: named.value,
              interfaces: names.map((n) => `"${n}"`).join(', '),
              suggestion: suggestion ? { id: 'didYouMean', args: { name: suggestion } } : '',
            },
          },
          span: named.span,
          fixes: suggestion ? [replaceValueFix(named, suggestion, { id: 'useInterface', args: { name: suggestion } })] : [],
          data: { interfaces: names },
        });
      }
    }
    return findings;
  },
};
