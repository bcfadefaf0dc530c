import { childElement, childElements, descendants, elementAt, elementsAt, type XmlDocument, type XmlElement } from '../xml/tree';
import { textValueOf } from '../xml/textValue';
import * as assume from './assumptions';
import { parseHeader } from './header';
import type {
  ApplianceKind, CipherList, ConfigHeader, ConfigLevel, ConfigModel, ContentFilter, Located, Listener, MessageFilter,
  NamedSection, NetworkInterface, RatEntry, Routing, ShapeNote, StaticRoute, TlsMethod, TlsSettings, UserAccount,
} from './types';

/** The trimmed text of an element, located; undefined when the element is absent. */
export function locatedText(element: XmlElement | undefined, text: string): Located | undefined {
  if (!element) return undefined;
  const value = textValueOf(element, text);
  return { value: value.value, span: value.value.length > 0 ? value.span : element.nameSpan, element };
}

function childText(parent: XmlElement | undefined, name: string, text: string): Located | undefined {
  return locatedText(childElement(parent, name), text);
}

function firstChildText(parent: XmlElement | undefined, names: string[], text: string): Located | undefined {
  for (const name of names) {
    const found = childText(parent, name, text);
    if (found) return found;
  }
  return undefined;
}

function readInterfaces(config: XmlElement, text: string): NetworkInterface[] {
  return elementsAt(config, 'interfaces', 'interface').map((element) => {
    const netmask = childText(element, 'netmask', text);
    return {
      element,
      name: childText(element, 'interface_name', text),
      ip: childText(element, 'ip', text),
      netmask,
      prefixLength: netmask ? assume.netmaskPrefixLength(netmask.value) : undefined,
      hostname: childText(element, 'interface_hostname', text),
      ip6: childText(element, 'ip6', text),
      ip6Prefix: childText(element, 'ip6_prefix', text),
      physical: childText(element, 'phys_interface', text),
    };
  });
}

function readRouting(config: XmlElement, text: string): Routing {
  const defaultGateways: Located[] = [];
  const routes: StaticRoute[] = [];
  for (const table of elementsAt(config, 'routing_tables', 'routing_table')) {
    const version = childText(table, 'routing_table_ip_version', text)?.value === '6' ? 6 : 4;
    const gateway = childText(table, 'routing_table_gateway', text);
    if (gateway && gateway.value && version === 4) defaultGateways.push(gateway);
    for (const element of elementsAt(table, 'routes', 'route')) {
      routes.push(readRoute(element, version, text));
    }
  }
  const legacyGateway = childText(config, 'default_gateway', text);
  if (legacyGateway && legacyGateway.value) defaultGateways.push(legacyGateway);
  for (const path of assume.ROUTE_CONTAINERS) {
    if (path.length === 1) for (const element of elementsAt(config, ...path, 'route')) routes.push(readRoute(element, 4, text));
  }
  return { defaultGateways, routes };
}

function readRoute(element: XmlElement, ipVersion: 4 | 6, text: string): StaticRoute {
  return {
    element,
    ipVersion,
    name: childText(element, 'route_name', text),
    destination: firstChildText(element, assume.ROUTE_DESTINATION_NAMES, text),
    gateway: firstChildText(element, assume.ROUTE_GATEWAY_NAMES, text),
  };
}

function readRat(listener: XmlElement, text: string): RatEntry[] {
  return elementsAt(listener, 'rat', 'rat_entry').map((element) => {
    const params = new Map<string, Located>();
    for (const param of childElements(childElement(element, 'rat_params'))) {
      const value = locatedText(param, text);
      if (value) params.set(param.name, value);
    }
    return {
      element,
      addresses: childElements(element, 'rat_address').map((a) => locatedText(a, text)!),
      access: childText(element, 'access', text),
      params,
    };
  });
}

function readListeners(config: XmlElement, text: string): Listener[] {
  return elementsAt(config, 'listeners', 'listener').map((element) => {
    const name = childText(element, 'listener_name', text);
    const hatElement = childElement(element, 'hat');
    return {
      element,
      name,
      type: childText(element, 'type', text),
      protocol: childText(element, 'protocol', text),
      port: childText(element, 'port', text),
      interfaceName: childText(element, 'interface_name', text),
      listenQueueSize: childText(element, 'listen_queue_size', text),
      hat: hatElement ? { ...textValueOf(hatElement, text), element: hatElement } : undefined,
      rat: readRat(element, text),
      isCpq: name?.value === assume.CPQ_LISTENER_NAME,
    };
  });
}

function readTls(config: XmlElement, text: string): TlsSettings {
  const element = childElement(config, 'ssl');
  const cipherLists: CipherList[] = [];
  const methods: TlsMethod[] = [];
  for (const child of childElements(element)) {
    const setting = assume.tlsSettingOf(child.name);
    if (!setting) continue;
    if (setting.setting === 'ciphers') cipherLists.push({ direction: setting.direction, element: child, value: textValueOf(child, text) });
    else methods.push({ direction: setting.direction, element: child, value: locatedText(child, text)! });
  }
  return { element, cipherLists, methods };
}

function hasContent(element: XmlElement): boolean {
  return element.children.some((child) => child.kind === 'element' || (child.kind === 'text' && child.value.trim().length > 0));
}

function readSections(config: XmlElement): NamedSection[] {
  const sections: NamedSection[] = [];
  for (const direction of ['inbound_policies', 'outbound_policies']) {
    const filters = elementAt(config, 'perrcpt_policies', direction, 'content_filters');
    if (filters) sections.push({ kind: 'content-filters', element: filters, nonEmpty: childElements(filters).length > 0 });
  }
  const messageFilters = childElement(config, 'filters');
  if (messageFilters) sections.push({ kind: 'message-filters', element: messageFilters, nonEmpty: hasContent(messageFilters) });
  for (const child of childElements(config)) {
    const kind = assume.overrideSectionKind(child.name);
    if (kind) sections.push({ kind, element: child, nonEmpty: hasContent(child) });
  }
  return sections;
}

const FILTER_HEAD = /^[ \t]*([A-Za-z0-9_][\w.-]*)[ \t]*([:!])[ \t]*(?:if\b|\{|[a-z])/gm;

function readMessageFilters(config: XmlElement, text: string): MessageFilter[] {
  const element = childElement(config, 'filters');
  if (!element) return [];
  const value = textValueOf(element, text);
  const filters: MessageFilter[] = [];
  let m: RegExpExecArray | null;
  FILTER_HEAD.lastIndex = 0;
  while ((m = FILTER_HEAD.exec(value.raw)) !== null) {
    const at = m.index + m[0].indexOf(m[1]);
    filters.push({ name: m[1], active: m[2] === ':', span: value.spanOf(at, at + m[1].length) });
  }
  return filters;
}

function readContentFilters(config: XmlElement, text: string): ContentFilter[] {
  const out: ContentFilter[] = [];
  for (const direction of ['inbound', 'outbound'] as const) {
    for (const element of elementsAt(config, 'perrcpt_policies', `${direction}_policies`, 'content_filters', 'content_filter')) {
      out.push({ element, direction, name: childText(element, 'filter_name', text) });
    }
  }
  return out;
}

function readUsers(config: XmlElement, text: string): UserAccount[] {
  return elementsAt(config, 'users', 'user').map((element) => ({
    element,
    username: childText(element, 'username', text),
    role: childText(element, 'group', text),
  }));
}

function readSmaHosts(config: XmlElement, text: string): Located[] {
  const hosts = elementAt(config, 'smad', 'smad_global', 'smad_global_hosts');
  if (!hosts) return [];
  const out: Located[] = [];
  const leaves = [hosts, ...descendants(hosts)].filter((e) => !e.children.some((c) => c.kind === 'element'));
  for (const leaf of leaves) {
    const value = textValueOf(leaf, text);
    const pattern = /[^\s,;]+/g;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(value.raw)) !== null) out.push({ value: m[0], span: value.spanOf(m.index, m.index + m[0].length), element: leaf });
  }
  return out;
}

function readPvoElements(config: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const element of descendants(config)) {
    if (assume.isPvoElementName(element.name)) out.push(element);
  }
  return out;
}

/**
 * The previous model of a tree that `patchDocument` has since patched, and
 * where: the one text node that changed lies in `[start, oldEnd)`
 * of the old text, and everything after it moved by `delta`.
 */
export interface ModelReuse {
  previous: ConfigModel;
  start: number;
  oldEnd: number;
  delta: number;
}

/**
 * The `config` children each part of a level is read from (keep in step with
 * the readers). `sections` and `pvoElements` depend on element names and
 * nesting only, which a patch never changes.
 */
const LEVEL_SOURCES: Partial<Record<keyof ConfigLevel, readonly string[]>> = {
  hostname: ['hostname'],
  interfaces: ['interfaces'],
  routing: ['routing_tables', 'default_gateway', ...assume.ROUTE_CONTAINERS.map((path) => path[0])],
  listeners: ['listeners'],
  tls: ['ssl'],
  deliveryInterface: ['delivery_interface'],
  sections: [],
  messageFilters: ['filters'],
  contentFilters: ['perrcpt_policies'],
  users: ['users'],
  smaHosts: ['smad'],
  pvoElements: [],
};

/**
 * What of the previous level for the same elements still holds: all of it
 * when the edit lies elsewhere and moved nothing in it; with an edit inside
 * its `config` that moved nothing (a replacement of equal length), every part
 * not read from the edited child. Undefined: read everything again.
 */
function reusableLevel(reuse: ModelReuse | undefined, element: XmlElement, config: XmlElement): { level: ConfigLevel; edited?: string } | undefined {
  if (!reuse) return undefined;
  const level = reuse.previous.levels.find((l) => l.config === config && l.element === element);
  if (!level) return undefined;
  const { start, oldEnd, delta } = reuse;
  if (element.end <= start) return { level };
  if (delta !== 0) return undefined;
  if (element.start >= oldEnd) return { level };
  if (start < config.contentStart || oldEnd > config.contentEnd) return undefined;
  const edited = childElements(config).find((child) => child.start <= start && oldEnd <= child.end);
  return edited ? { level, edited: edited.name } : undefined;
}

function buildLevel(kind: ConfigLevel['kind'], element: XmlElement, config: XmlElement, text: string, name?: Located, groupName?: Located, reuse?: ModelReuse): ConfigLevel {
  const kept = reusableLevel(reuse, element, config);
  const part = <K extends keyof ConfigLevel>(key: K, read: () => ConfigLevel[K]): ConfigLevel[K] =>
    kept && (kept.edited === undefined || !LEVEL_SOURCES[key]!.includes(kept.edited)) ? kept.level[key] : read();
  return {
    kind,
    name,
    groupName,
    element,
    config,
    hostname: part('hostname', () => childText(config, 'hostname', text)),
    interfaces: part('interfaces', () => readInterfaces(config, text)),
    routing: part('routing', () => readRouting(config, text)),
    listeners: part('listeners', () => readListeners(config, text)),
    tls: part('tls', () => readTls(config, text)),
    deliveryInterface: part('deliveryInterface', () => {
      const value = childText(config, 'delivery_interface', text);
      return { auto: assume.isAutoDeliveryInterface(value?.value), value };
    }),
    sections: part('sections', () => readSections(config)),
    messageFilters: part('messageFilters', () => readMessageFilters(config, text)),
    contentFilters: part('contentFilters', () => readContentFilters(config, text)),
    users: part('users', () => readUsers(config, text)),
    smaHosts: part('smaHosts', () => readSmaHosts(config, text)),
    pvoElements: part('pvoElements', () => readPvoElements(config)),
  };
}

function readClusterLevels(root: XmlElement, text: string, notes: ShapeNote[], reuse?: ModelReuse): ConfigLevel[] {
  const levels: ConfigLevel[] = [];
  const clusterElement = childElement(root, 'cluster');
  const clusterConfig = elementAt(root, ...assume.CLUSTER_LEVEL_PATH);
  if (clusterElement && clusterConfig) {
    levels.push(buildLevel('cluster', clusterElement, clusterConfig, text, firstChildText(clusterElement, assume.CLUSTER_NAME_ELEMENTS, text), undefined, reuse));
  } else {
    notes.push({ span: root.nameSpan, messageId: 'noClusterLevel', args: { root: assume.CLUSTER_ROOT }, message: `Could not locate the cluster-level settings; expected <${assume.CLUSTER_ROOT}><cluster><config>...` });
  }
  // Groups and machines may sit under the root or under <cluster>; both are accepted.
  const containers = [root, clusterElement].filter((e): e is XmlElement => !!e);
  for (const container of containers) {
    for (const group of childElements(container, assume.CLUSTER_GROUP.element)) {
      const config = childElement(group, assume.CLUSTER_GROUP.config);
      if (config) levels.push(buildLevel('group', group, config, text, childText(group, assume.CLUSTER_GROUP.name, text), undefined, reuse));
    }
  }
  for (const container of containers) {
    for (const machine of childElements(container, assume.CLUSTER_MACHINE.element)) {
      const config = childElement(machine, assume.CLUSTER_MACHINE.config);
      if (config) {
        levels.push(buildLevel('machine', machine, config, text, childText(machine, assume.CLUSTER_MACHINE.name, text), childText(machine, assume.CLUSTER_MACHINE.group, text), reuse));
      }
    }
  }
  return levels;
}

function kindOf(header: ConfigHeader | undefined, levels: ConfigLevel[]): ApplianceKind {
  const fromHeader = assume.applianceKindFromHeader(header?.product?.value, header?.model?.value);
  if (fromHeader !== 'unknown') return fromHeader;
  // Only ESAs list the SMAs that manage them.
  if (levels.some((level) => level.smaHosts.length > 0)) return 'esa';
  return 'unknown';
}

/**
 * Builds the typed model of a recognised configuration. Tolerant: missing parts are simply absent.
 * With `reuse`, parts of the previous model that the patch cannot have changed are taken over.
 */
export function buildModel(document: XmlDocument, reuse?: ModelReuse): ConfigModel {
  if (reuse && reuse.previous.document !== document) reuse = undefined;
  const notes: ShapeNote[] = [];
  let header: ConfigHeader | undefined;
  for (const comment of document.prolog) {
    header = parseHeader(comment);
    if (header) break;
  }
  const root = document.root;
  let levels: ConfigLevel[] = [];
  const clustered = root?.name === assume.CLUSTER_ROOT;
  if (root && clustered) levels = readClusterLevels(root, document.text, notes, reuse);
  else if (root) levels = [buildLevel('standalone', root, root, document.text, undefined, undefined, reuse)];
  const pvoEvident = levels.some((level) => level.listeners.some((l) => l.isCpq) || level.pvoElements.length > 0);
  return { kind: kindOf(header, levels), document, header, clustered, levels, pvoEvident, notes };
}
