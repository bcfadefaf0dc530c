import { renderText } from '../../l10n';
import type { ConfigModel } from '../../model/types';
import type { MessageRef, Rule, RuleFinding } from '../../rules/types';

/** One configuration file of a set that belongs to one cluster (one file per machine). */
export interface ClusterMemberFile {
  /** How messages name the file (its path or URI); absent for the file being analysed. */
  uri?: string;
  model: ConfigModel;
}

/**
 * Which cluster a file belongs to (working assumption 8: files of one cluster
 * carry the same cluster name). Feature keys are per machine and appear only
 * in each export's header comment, so one file cannot show a mismatch.
 */
export function clusterNameOf(model: ConfigModel): string | undefined {
  if (!model.clustered) return undefined;
  return model.levels.find((l) => l.kind === 'cluster')?.name?.value?.trim().toLowerCase() || undefined;
}

/**
 * The machine whose header this is: a standalone file's host, a clustered
 * export's only machine; a clustered export of several machines does not say
 * which one saved it, so its serial number names it.
 */
function machineRef(file: ClusterMemberFile): MessageRef {
  const levels = file.model.levels;
  const machines = levels.filter((l) => l.kind === 'machine');
  const host = levels.find((l) => l.kind === 'standalone')?.hostname?.value
    ?? (machines.length === 1 ? machines[0].name?.value ?? machines[0].hostname?.value : undefined);
  if (host) return { id: 'machineNamed', args: { name: host } };
  const serial = file.model.header?.serial?.value;
  return serial ? { id: 'machineSerial', args: { serial } } : { id: 'machineSaved', args: { file: file.uri ?? { id: 'thisFile' } } };
}

/** The machine's name in English, for `data` (structured facts stay in one language). */
function machineName(file: ClusterMemberFile): string {
  return renderText(machineRef(file), 'cluster-featurekey-mismatch', clusterFeaturekeyMismatchMessages);
}

const clusterFeaturekeyMismatchMessages: Record<string, string> = {
  lacksKey: '{^machine} lacks the feature key "{key}" that {other}{otherFile} has. In one cluster, a missing key (DLP, Outbreak Filters, Sophos and others) leaves content filters / DLP actions at a level different from the cluster level, and centralized PVO cannot be enabled. Add the key (featurekey) and make the settings it controls identical on every machine.',
  machineNamed: 'machine "{name}"',
  machineSerial: 'the machine with serial number {serial}',
  machineSaved: 'the machine that saved {file}',
  thisFile: 'this file',
  keyOn: 'feature key "{key}" on {machine}',
  key: 'feature key "{key}"',
};


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
            message: { id: 'lacksKey', args: { machine: machineRef(file), key: key.name, other: machineRef(other), otherFile: other.uri ? ` (${other.uri})` : '' } },
            span: header.serial?.span ?? header.span,
            related: other.uri
              ? [{ message: { id: 'keyOn', args: { key: key.name, machine: machineRef(other) } }, span: key.span, uri: other.uri }]
              : [{ message: { id: 'key', args: { key: key.name } }, span: key.span }],
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
    description: 'Machines of one cluster have different feature keys (DLP, Outbreak Filters, Sophos and others).',
    fixable: false,
    scenarios: [5],
    appliesTo: ['esa', 'unknown'],
    messages: clusterFeaturekeyMismatchMessages,
  },
  check(model, context) {
    const cluster = clusterNameOf(model);
    if (!cluster) return [];
    const others = context.workspace.filter((w) => w.model !== model && clusterNameOf(w.model) === cluster);
    if (others.length === 0) return [];
    const self: ClusterMemberFile = { model };
    return featureKeyMismatches([self, ...others])
      .filter((r) => r.file === self)
      .map((r) => r.finding);
  },
};
