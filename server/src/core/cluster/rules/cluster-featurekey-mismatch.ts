import type { ConfigModel } from '../../model/types';
import type { Rule, RuleContext, RuleFinding } from '../../rules/types';

/** One configuration file of a set that belongs to one cluster (one file per machine). */
export interface ClusterMemberFile {
  /** How messages name the file (its path or URI); absent for the file being analysed. */
  uri?: string;
  model: ConfigModel;
}

/**
 * What a caller that sees several files may add to the rule context: the
 * other files of the same cluster. Feature keys are per machine and appear
 * only in each export's header comment, so one file cannot show a mismatch.
 */
export interface WorkspaceRuleContext extends RuleContext {
  clusterPeers?: ClusterMemberFile[];
}

function machineName(file: ClusterMemberFile): string {
  const level = file.model.levels[0];
  return level?.hostname?.value ?? file.model.header?.serial?.value ?? file.uri ?? 'this machine';
}

/** The feature keys of each file, compared: every file that lacks a key another file has gets a finding. */
export function featureKeyMismatches(files: readonly ClusterMemberFile[]): { file: ClusterMemberFile; finding: RuleFinding }[] {
  const out: { file: ClusterMemberFile; finding: RuleFinding }[] = [];
  const withHeader = files.filter((f) => f.model.header);
  if (withHeader.length < 2) return out;
  const keysOf = (f: ClusterMemberFile) => new Set(f.model.header!.featureKeys.map((k) => k.name.trim().toLowerCase()));
  for (const file of withHeader) {
    const own = keysOf(file);
    const header = file.model.header!;
    for (const other of withHeader) {
      if (other === file) continue;
      const missing = other.model.header!.featureKeys.filter((k) => !own.has(k.name.trim().toLowerCase()));
      for (const key of missing) {
        // Report a key once per file, naming the first machine that has it.
        if (out.some((o) => o.file === file && o.finding.data?.featureKey === key.name)) continue;
        out.push({
          file,
          finding: {
            message: `Machine "${machineName(file)}" lacks the feature key "${key.name}" that machine "${machineName(other)}"${other.uri ? ` (${other.uri})` : ''} has. In one cluster, a missing key (DLP, Outbreak Filters, Sophos, …) leaves content filters / DLP actions at a level different from the cluster level, and centralized PVO cannot be enabled. Add the key (featurekey) and make the settings it controls identical on every machine.`,
            span: header.serial?.span ?? header.span,
            related: other.uri ? [{ message: `feature key "${key.name}" on ${machineName(other)}`, span: key.span, uri: other.uri }] : [{ message: `feature key "${key.name}"`, span: key.span }],
            data: { featureKey: key.name, machine: machineName(file), other: machineName(other) },
          },
        });
      }
    }
  }
  return out;
}

/** cluster-featurekey-mismatch: machines of one cluster differ in feature keys (seed scenario 5). */
export const clusterFeaturekeyMismatch: Rule = {
  meta: {
    id: 'cluster-featurekey-mismatch',
    defaultSeverity: 'error',
    description: 'Machines of one cluster have different feature keys (DLP, Outbreak Filters, Sophos, …).',
    fixable: false,
    scenarios: [5],
    appliesTo: ['esa', 'unknown'],
  },
  check(model, context) {
    const peers = (context as WorkspaceRuleContext).clusterPeers;
    if (!peers || peers.length === 0) return [];
    const self: ClusterMemberFile = { model };
    return featureKeyMismatches([self, ...peers.filter((p) => p.model !== model)])
      .filter((r) => r.file === self)
      .map((r) => r.finding);
  },
};
