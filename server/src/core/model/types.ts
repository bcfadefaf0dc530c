import type { Span } from '../text/lineIndex';
import type { TextValue } from '../xml/textValue';
import type { XmlDocument, XmlElement } from '../xml/tree';

/** A value read from the file, with where it stands. */
export interface Located<T = string> {
  value: T;
  span: Span;
  element?: XmlElement;
}

export type ApplianceKind = 'esa' | 'sma' | 'unknown';

export interface FeatureKey {
  name: string;
  details: string;
  span: Span;
}

/** The `Key: value` lines of the first comment: the only place version, model, serial and feature keys appear. */
export interface ConfigHeader {
  span: Span;
  fields: Map<string, Located>;
  product?: Located;
  model?: Located;
  version?: Located;
  serial?: Located;
  featureKeys: FeatureKey[];
}

export interface NetworkInterface {
  element: XmlElement;
  name?: Located;
  ip?: Located;
  netmask?: Located;
  /** Prefix length read from the netmask in any of its accepted forms. */
  prefixLength?: number;
  hostname?: Located;
  ip6?: Located;
  ip6Prefix?: Located;
  physical?: Located;
}

export interface StaticRoute {
  element: XmlElement;
  name?: Located;
  destination?: Located;
  gateway?: Located;
  ipVersion: 4 | 6;
}

export interface Routing {
  defaultGateways: Located[];
  routes: StaticRoute[];
}

export interface RatEntry {
  element: XmlElement;
  addresses: Located[];
  access?: Located;
  params: Map<string, Located>;
}

export interface Listener {
  element: XmlElement;
  name?: Located;
  type?: Located;
  protocol?: Located;
  port?: Located;
  interfaceName?: Located;
  listenQueueSize?: Located;
  /** The HAT as text with offsets back into the file (parsed by the HAT module). */
  hat?: TextValue & { element: XmlElement };
  rat: RatEntry[];
  /** The listener named `cpq_listener` (hidden, carries CPQ). */
  isCpq: boolean;
}

export type TlsDirection = 'inbound' | 'outbound' | 'gui' | 'other';

export interface CipherList {
  direction: TlsDirection;
  element: XmlElement;
  value: TextValue;
}

export interface TlsMethod {
  direction: TlsDirection;
  element: XmlElement;
  value: Located;
}

export interface TlsSettings {
  element?: XmlElement;
  cipherLists: CipherList[];
  methods: TlsMethod[];
}

export interface DeliveryInterface {
  /** Absent element, empty text or "Auto" (working assumption 2). */
  auto: boolean;
  value?: Located;
}

export interface NamedSection {
  /** What the section is (`content filters`, `message filters`, `DLP`, `DMARC`, `PVO`). */
  kind: 'content-filters' | 'message-filters' | 'dlp' | 'dmarc' | 'pvo';
  element: XmlElement;
  /** Whether it holds anything (an empty section is not an override). */
  nonEmpty: boolean;
}

export interface MessageFilter {
  name: string;
  active: boolean;
  span: Span;
}

export interface ContentFilter {
  element: XmlElement;
  name?: Located;
  direction: 'inbound' | 'outbound';
}

export interface UserAccount {
  element: XmlElement;
  username?: Located;
  role?: Located;
}

/** One level of configuration: the whole file for a standalone appliance, or one cluster/group/machine section. */
export interface ConfigLevel {
  kind: 'standalone' | 'cluster' | 'group' | 'machine';
  /** Group or machine name; the cluster's name where known. */
  name?: Located;
  /** For a machine: the group it belongs to. */
  groupName?: Located;
  /** The `<config>` element holding this level's settings. */
  config: XmlElement;
  /** The element that introduces the level (`<machine>`, `<group>`, `<cluster>`); `config` for standalone. */
  element: XmlElement;
  hostname?: Located;
  interfaces: NetworkInterface[];
  routing: Routing;
  listeners: Listener[];
  tls: TlsSettings;
  deliveryInterface: DeliveryInterface;
  /** Sections that matter for cluster overrides (working assumption 7). */
  sections: NamedSection[];
  messageFilters: MessageFilter[];
  contentFilters: ContentFilter[];
  users: UserAccount[];
  /** SMA addresses known to this ESA (`smad/smad_global/smad_global_hosts`). */
  smaHosts: Located[];
  /** Elements whose names suggest centralized PVO/CPQ settings (working assumption 1). */
  pvoElements: XmlElement[];
}

/** Facts about the file's shape that are not errors: reported as information, never as failures. */
export interface ShapeNote {
  message: string;
  /** The `config-shape` message that says this in the reader's language, with its args. */
  messageId?: 'noClusterLevel';
  args?: Record<string, string>;
  span: Span;
}

export interface ConfigModel {
  kind: ApplianceKind;
  document: XmlDocument;
  header?: ConfigHeader;
  /** True for a `<cluster_config>` export. */
  clustered: boolean;
  /** Standalone: one level. Cluster: the cluster level first, then groups, then machines. */
  levels: ConfigLevel[];
  /** Whether centralized PVO is evidently expected (working assumption 1), before options. */
  pvoEvident: boolean;
  notes: ShapeNote[];
}
