import type { NamedSection } from '../../model/types';
import { levelSuffixRef } from '../../rules/helpers';
import type { Rule, RuleFinding } from '../../rules/types';

/** Per section, the message ids of its subject and of the cluster-level counterpart (sentences agree with the section in gender and number). */
const SECTION: Record<NamedSection['kind'], { subject: string; above: string }> = {
  'content-filters': { subject: 'contentFilters', above: 'aboveContentFilters' },
  'message-filters': { subject: 'messageFilters', above: 'aboveMessageFilters' },
  dlp: { subject: 'dlp', above: 'aboveDlp' },
  dmarc: { subject: 'dmarc', above: 'aboveDmarc' },
  pvo: { subject: 'pvo', above: 'abovePvo' },
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
    messages: {
      machineOverride: '{section}{level}. Centralized PVO requires content filters, message filters, DLP and DMARC to be configured at one level and not overridden below it; until then its Enable button stays greyed out. Move them to the cluster level, or remove this machine from the cluster (clusterconfig > removemachine) and join it again so it inherits the cluster configuration.',
      groupOverride: '{section}{level}. Centralized PVO requires content filters, message filters, DLP and DMARC to be configured at one level and not overridden below it; until then its Enable button stays greyed out. Move them to the cluster level.',
      contentFilters: 'Content filters are configured',
      messageFilters: 'Message filters are configured',
      dlp: 'DLP settings are configured',
      dmarc: 'DMARC settings are configured',
      pvo: 'PVO settings are configured',
      aboveContentFilters: 'the cluster-level content filters',
      aboveMessageFilters: 'the cluster-level message filters',
      aboveDlp: 'the cluster-level dlp',
      aboveDmarc: 'the cluster-level dmarc',
      abovePvo: 'the cluster-level pvo',
      clusterConfig: 'the cluster-level configuration, where they belong',
    },
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
          message: { id: level.kind === 'machine' ? 'machineOverride' : 'groupOverride', args: { section: { id: SECTION[section.kind].subject }, level: levelSuffixRef(level) } },
          span: section.element.nameSpan,
          related: above
            ? [{ message: { id: SECTION[section.kind].above }, span: above.element.nameSpan }]
            : cluster ? [{ message: { id: 'clusterConfig' }, span: cluster.config.nameSpan }] : [],
          data: { section: section.kind, level: level.kind, name: level.name?.value },
        });
      }
    }
    return findings;
  },
};
