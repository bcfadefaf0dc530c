/**
 * Facts the live checks need from the running configuration (`showconfig`): the hidden
 * `cpq_listener` (interface, port, relaying peers), and for a cluster the PVO interface chosen at
 * cluster level and any filter / DLP / DMARC settings configured below cluster level.
 */
import { parseXml } from '../../../../server/src/core/xml/parse';
import { childElement, childElements, descendants, type XmlElement } from '../../../../server/src/core/xml/tree';
import { couldNotRead, type Parsed } from './index';

export interface CpqListenerFacts {
  level: 'standalone' | 'cluster' | 'group' | 'machine';
  interfaceName?: string;
  port?: number;
  protocol?: string;
  relayHosts: string[];
}

export interface OverrideFacts {
  level: 'group' | 'machine';
  owner: string;
  section: string;
  name?: string;
}

export interface RunningConfigFacts {
  xml: string;
  clustered: boolean;
  cpqListener?: CpqListenerFacts;
  overrides: OverrideFacts[];
  /** Interface names per machine (cluster export) or for this appliance. */
  interfacesByMachine: Record<string, string[]>;
}

/** Cuts the XML document out of a transcript that also holds the command and its questions. */
export function extractXml(transcript: string): string | undefined {
  const start = transcript.indexOf('<?xml');
  if (start < 0) return undefined;
  const ends = ['</cluster_config>', '</config>'].map((tag) => {
    const at = transcript.lastIndexOf(tag);
    return at < 0 ? -1 : at + tag.length;
  });
  const end = Math.max(...ends);
  return end > start ? transcript.slice(start, end) + '\n' : undefined;
}

function text(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const out = el.children.map((c) => (c.kind === 'text' ? c.value : '')).join('');
  return out.trim() || undefined;
}

/** Peers the HAT lets relay: members of sender groups mapped to a policy whose action is RELAY. */
export function relayHostsFromHat(hat: string): string[] {
  const relayPolicies = new Set<string>();
  const linesOf = hat.split('\n');
  for (let n = 0; n < linesOf.length - 1; n++) {
    const m = /^\s*(\$\S+)\s*$/.exec(linesOf[n]);
    if (m && /^\s*RELAY\b/.test(linesOf[n + 1])) relayPolicies.add(m[1]);
  }
  const out: string[] = [];
  let members: string[] | undefined;
  for (const line of linesOf) {
    const group = /^(\S+):\s*$/.exec(line);
    if (group) {
      members = [];
      continue;
    }
    if (!members) continue;
    const policy = /^\s+(\$\S+)/.exec(line);
    if (policy) {
      if (relayPolicies.has(policy[1])) out.push(...members);
      members = undefined;
      continue;
    }
    const member = /^\s+(\S+)\s*$/.exec(line);
    if (member) members.push(member[1]);
    else if (/^\S/.test(line)) members = undefined;
  }
  return out;
}

function cpqIn(config: XmlElement | undefined, level: CpqListenerFacts['level']): CpqListenerFacts | undefined {
  for (const listener of childElements(childElement(config, 'listeners'), 'listener')) {
    if (text(childElement(listener, 'listener_name')) !== 'cpq_listener') continue;
    const port = Number(text(childElement(listener, 'port')));
    return {
      level,
      interfaceName: text(childElement(listener, 'interface_name')),
      port: Number.isInteger(port) && port > 0 ? port : undefined,
      protocol: text(childElement(listener, 'protocol')),
      relayHosts: relayHostsFromHat(text(childElement(listener, 'hat')) ?? ''),
    };
  }
  return undefined;
}

function overridesIn(config: XmlElement | undefined, level: OverrideFacts['level'], owner: string): OverrideFacts[] {
  if (!config) return [];
  const out: OverrideFacts[] = [];
  for (const el of descendants(config)) {
    if (el.name === 'content_filter') out.push({ level, owner, section: 'content filter', name: text(childElement(el, 'filter_name')) });
    else if (el.name === 'filters' && text(el)) out.push({ level, owner, section: 'message filters', name: /^\s*([\w-]+)\s*:/.exec(text(el)!)?.[1] });
    else if (/^dlp/i.test(el.name) && el.parent?.name === 'config') out.push({ level, owner, section: 'DLP', name: el.name });
    else if (/^dmarc/i.test(el.name) && el.parent?.name === 'config') out.push({ level, owner, section: 'DMARC', name: el.name });
  }
  return out;
}

function interfaceNames(config: XmlElement | undefined): string[] {
  return childElements(childElement(config, 'interfaces'), 'interface')
    .map((i) => text(childElement(i, 'interface_name')))
    .filter((n): n is string => Boolean(n));
}

export function readRunningConfig(transcript: string): Parsed<RunningConfigFacts> {
  const xml = extractXml(transcript);
  if (!xml) return couldNotRead('showconfig', 'no XML document in the output');
  const doc = parseXml(xml);
  const root = doc.root;
  if (!root || doc.problems.length > 0) return couldNotRead('showconfig', doc.problems[0]?.message ?? 'no root element');
  if (root.name === 'config') {
    return {
      ok: true,
      value: { xml, clustered: false, cpqListener: cpqIn(root, 'standalone'), overrides: [], interfacesByMachine: { '': interfaceNames(root) } },
    };
  }
  if (root.name !== 'cluster_config') return couldNotRead('showconfig', `unexpected root element <${root.name}>`);
  const clusterConfig = childElement(childElement(root, 'cluster'), 'config');
  let cpq = cpqIn(clusterConfig, 'cluster');
  const overrides: OverrideFacts[] = [];
  const interfacesByMachine: Record<string, string[]> = {};
  for (const group of childElements(root, 'group')) {
    const name = text(childElement(group, 'group_name')) ?? '?';
    overrides.push(...overridesIn(childElement(group, 'config'), 'group', name));
    cpq ??= cpqIn(childElement(group, 'config'), 'group');
  }
  for (const machine of childElements(root, 'machine')) {
    const name = text(childElement(machine, 'machine_name')) ?? '?';
    const config = childElement(machine, 'config');
    overrides.push(...overridesIn(config, 'machine', name));
    interfacesByMachine[name] = interfaceNames(config);
    cpq ??= cpqIn(config, 'machine');
  }
  return { ok: true, value: { xml, clustered: true, cpqListener: cpq, overrides, interfacesByMachine } };
}
