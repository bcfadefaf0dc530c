import type { NamedSection } from '../../model/types';
import { levelSuffix } from '../../rules/helpers';
import type { Rule, RuleFinding } from '../../rules/types';

const LABEL: Record<NamedSection['kind'], string> = {
  'content-filters': 'Content filters are',
  'message-filters': 'Message filters are',
  dlp: 'DLP settings are',
  dmarc: 'DMARC settings are',
  pvo: 'PVO settings are',
};

/**
 * cluster-level-override: with centralized PVO in a cluster, filters, DLP and
 * DMARC must live at one level and not be overridden below it (seed scenario 6).
 */
export const clusterLevelOverride: Rule = {
  meta: {
    id: 'cluster-level-override',
    defaultSeverity: 'error',
    description: 'Content filters, message filters, DLP or DMARC are configured at machine or group level in a cluster.',
    fixable: false,
    scenarios: [6],
    appliesTo: ['esa', 'unknown'],
  },
  check(model) {
    const findings: RuleFinding[] = [];
    if (!model.clustered) return findings;
    const cluster = model.levels.find((l) => l.kind === 'cluster');
    for (const level of model.levels) {
      if (level.kind !== 'group' && level.kind !== 'machine') continue;
      for (const section of level.sections) {
        if (!section.nonEmpty) continue;
        const above = cluster?.sections.find((s) => s.kind === section.kind && s.nonEmpty);
        // PVO itself may be enabled at any one level; only a second, lower one overrides it.
        if (section.kind === 'pvo' && !above) continue;
        findings.push({
          message: `${LABEL[section.kind]} configured${levelSuffix(level)}. Centralized PVO requires content filters, message filters, DLP and DMARC to be configured at one level and not overridden below it; until then its Enable button stays greyed out. ${level.kind === 'machine'
            ? 'Move them to the cluster level, or remove this machine from the cluster (clusterconfig > removemachine) and join it again so it inherits the cluster configuration.'
            : 'Move them to the cluster level.'}`,
          span: section.element.nameSpan,
          related: above
            ? [{ message: `the cluster-level ${section.kind.replace('-', ' ')}`, span: above.element.nameSpan }]
            : cluster ? [{ message: 'the cluster-level configuration, where they belong', span: cluster.config.nameSpan }] : [],
          data: { section: section.kind, level: level.kind, name: level.name?.value },
        });
      }
    }
    return findings;
  },
};
