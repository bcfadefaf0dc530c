import type { Rule, RuleFinding } from '../../rules/types';

/**
 * cluster-pvo-interface-missing: the interface chosen at cluster (or group)
 * level for PVO must exist, by name, on every machine (seed scenario 7).
 * Interfaces are per-machine data, so a machine that lacks the name has
 * nowhere to run the cpq_listener.
 */
export const clusterPvoInterfaceMissing: Rule = {
  meta: {
    id: 'cluster-pvo-interface-missing',
    defaultSeverity: 'error',
    description: 'The interface used at cluster level for PVO is not defined on every machine of the cluster.',
    fixable: false,
    scenarios: [7],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      missingCluster: 'The interface "{interface}" used for PVO at cluster level (cpq_listener) is not defined on machine "{machine}" (its interfaces: {interfaces}). Every machine needs an interface of that exact name (Network > IP Interfaces), or PVO cannot be enabled at cluster level.',
      missingGroup: 'The interface "{interface}" used for PVO at group level (cpq_listener) is not defined on machine "{machine}" (its interfaces: {interfaces}). Every machine needs an interface of that exact name (Network > IP Interfaces), or PVO cannot be enabled at group level.',
      wantedCluster: 'the cpq_listener\'s interface at cluster level',
      wantedGroup: 'the cpq_listener\'s interface at group level',
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    if (!model.clustered) return findings;
    const machines = model.levels.filter((l) => l.kind === 'machine');
    for (const level of model.levels) {
      if (level.kind !== 'cluster' && level.kind !== 'group') continue;
      for (const listener of level.listeners) {
        const wanted = listener.interfaceName;
        if (!listener.isCpq || !wanted?.value) continue;
        const affected = level.kind === 'group' ? machines.filter((m) => m.groupName?.value === level.name?.value) : machines;
        for (const machine of affected) {
          const names = machine.interfaces.flatMap((i) => (i.name ? [i.name.value] : []));
          // A machine section without interfaces says nothing about them.
          if (names.length === 0 || names.includes(wanted.value)) continue;
          const machineName = machine.name?.value ?? `#${machines.indexOf(machine) + 1}`;
          findings.push({
            message: {
              id: level.kind === 'cluster' ? 'missingCluster' : 'missingGroup',
              args: { interface: wanted.value, machine: machineName, interfaces: names.map((n) => `"${n}"`).join(', ') },
            },
            span: machine.name?.span ?? machine.element.nameSpan,
            related: [{ message: { id: level.kind === 'cluster' ? 'wantedCluster' : 'wantedGroup' }, span: wanted.span }],
            data: { interface: wanted.value, machine: machineName, interfaces: names },
          });
        }
      }
    }
    return findings;
  },
};
