/**
 * Renders the configuration file a simulated appliance would export with `showconfig` /
 * `saveconfig`, in the shape the project's working description of config.xml gives: an
 * ISO-8859-1 prolog, a header comment carrying product, version and feature keys, and either a
 * standalone `<config>` or a `<cluster_config>` with cluster-level and machine-level sections.
 */
import type { Scenario, SimAppliance, SimListener, SimOverride, SimUser } from './model';
import { prefixToNetmask } from './model';

export type PassphraseMode = 'mask' | 'encrypt' | 'plain';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function productName(a: SimAppliance): string {
  return a.kind === 'sma' ? `Cisco ${a.model} Content Security Management Appliance` : `Cisco ${a.model} Email Security Appliance`;
}

export function headerComment(a: SimAppliance, now: string): string {
  const lines = [
    `  Product: ${productName(a)}`,
    `  Model Number: ${a.model}`,
    `  Version: ${a.version}`,
    `  Serial Number: ${a.serial}`,
    '  Number of CPUs: 2',
    '  Memory (GB): 8',
    `  Current Time: ${now}`,
    ...a.featureKeys.map((k) => `  Feature "${k.module}": Quantity = ${k.quantity}, Time Remaining = "${k.remaining}", Expiration Date = "${k.expiration}"`),
  ];
  return `<!--\n${lines.join('\n')}\n-->`;
}

function hatText(l: SimListener): string {
  if (l.protocol === 'CPQ' || l.type === 'private') {
    const members = l.relayHosts.map((h) => `   ${h}\n`).join('');
    return [
      '$RELAYED',
      '   RELAY {}',
      '$BLOCKED',
      '   REJECT {}',
      'RELAYLIST:',
      `${members}       $RELAYED (Only select hosts can relay from this box)`,
      'ALL',
      '   $BLOCKED (Everyone else)',
    ].join('\n');
  }
  return ['$ACCEPTED', '   ACCEPT {}', '$BLOCKED', '   REJECT {}', 'BLACKLIST:', '   sbrs[-10.0:-3.0]', '       $BLOCKED', 'ALL', '   $ACCEPTED'].join('\n');
}

function listenerXml(l: SimListener, indent: string): string {
  const i = indent;
  return [
    `${i}<listener>`,
    `${i}  <listener_name>${esc(l.name)}</listener_name>`,
    `${i}  <protocol>${l.protocol}</protocol>`,
    `${i}  <interface_name>${esc(l.interfaceName)}</interface_name>`,
    `${i}  <port>${l.port}</port>`,
    `${i}  <listen_queue_size>50</listen_queue_size>`,
    `${i}  <type>${l.type}</type>`,
    `${i}  <hat>\n${esc(hatText(l))}\n${i}  </hat>`,
    `${i}  <rat>`,
    `${i}    <rat_entry>`,
    `${i}      <rat_address>ALL</rat_address>`,
    `${i}      <access>${l.type === 'private' ? 'ACCEPT' : 'REJECT'}</access>`,
    `${i}    </rat_entry>`,
    `${i}  </rat>`,
    `${i}</listener>`,
  ].join('\n');
}

function passwordXml(u: SimUser, mode: PassphraseMode): string {
  if (mode === 'plain') return `<password>${esc(u.password)}</password>`;
  if (mode === 'mask') return '<enc_password>*****</enc_password>';
  // Not a real encryption: a stand-in that visibly is not the password.
  return `<enc_password>$6$sim$${Buffer.from(u.name).toString('hex')}</enc_password>`;
}

function machineSections(a: SimAppliance, i: string): string[] {
  return [
    `${i}<hostname>${esc(a.hostname)}</hostname>`,
    `${i}<interfaces>`,
    ...a.interfaces.map((f) =>
      [
        `${i}  <interface>`,
        `${i}    <interface_name>${esc(f.name)}</interface_name>`,
        `${i}    <interface_hostname>${esc(f.hostname)}</interface_hostname>`,
        `${i}    <ip>${f.ip}</ip>`,
        `${i}    <netmask>${prefixToNetmask(f.prefix)}</netmask>`,
        `${i}    <phys_interface>${esc(f.phys)}</phys_interface>`,
        `${i}  </interface>`,
      ].join('\n'),
    ),
    `${i}</interfaces>`,
    `${i}<routing_tables>`,
    `${i}  <routing_table>`,
    `${i}    <routing_table_ip_version>4</routing_table_ip_version>`,
    `${i}    <routing_table_gateway>${a.defaultGateway}</routing_table_gateway>`,
    `${i}    <routes>`,
    ...a.routes.map(
      (r) => `${i}      <route><route_name>${esc(r.name)}</route_name><destination>${r.destination}</destination><gateway>${r.gateway}</gateway></route>`,
    ),
    `${i}    </routes>`,
    `${i}  </routing_table>`,
    `${i}</routing_tables>`,
    `${i}<delivery_interface>${esc(a.deliveryInterface)}</delivery_interface>`,
  ];
}

function sharedSections(a: SimAppliance, users: SimUser[], mode: PassphraseMode, i: string): string[] {
  return [
    `${i}<ssl>`,
    `${i}  <ssl_gui_method>${esc(a.ssl.guiMethod)}</ssl_gui_method>`,
    `${i}  <ssl_gui_ciphers>${esc(a.ssl.guiCiphers)}</ssl_gui_ciphers>`,
    `${i}  <ssl_inbound_method>${esc(a.ssl.inboundMethod)}</ssl_inbound_method>`,
    `${i}  <ssl_inbound_ciphers>${esc(a.ssl.inboundCiphers)}</ssl_inbound_ciphers>`,
    `${i}  <ssl_outbound_method>${esc(a.ssl.outboundMethod)}</ssl_outbound_method>`,
    `${i}  <ssl_outbound_ciphers>${esc(a.ssl.outboundCiphers)}</ssl_outbound_ciphers>`,
    `${i}</ssl>`,
    `${i}<listeners>`,
    ...a.listeners.map((l) => listenerXml(l, `${i}  `)),
    `${i}</listeners>`,
    `${i}<users>`,
    ...users.map(
      (u) =>
        `${i}  <user><username>${esc(u.name)}</username><fullname>${esc(u.fullName)}</fullname><group>${u.role === 'admin' ? 'admin' : 'operators'}</group>${passwordXml(u, mode)}</user>`,
    ),
    `${i}</users>`,
    ...(a.kind === 'esa'
      ? [`${i}<smad><smad_global><smad_global_hosts>${a.listeners.find((l) => l.name === 'cpq_listener')?.relayHosts.join(', ') ?? ''}</smad_global_hosts></smad_global></smad>`]
      : []),
  ];
}

function overrideXml(o: SimOverride, i: string): string {
  switch (o.section) {
    case 'content_filter':
      return `${i}<perrcpt_policies><inbound_policies><content_filters><content_filter><filter_name>${esc(o.name)}</filter_name><rule><rule_data>attachment-filename == "\\\\.pdf$"</rule_data></rule></content_filter></content_filters></inbound_policies></perrcpt_policies>`;
    case 'message_filter':
      return `${i}<filters>${esc(o.name)}: if true { quarantine("Policy"); }</filters>`;
    case 'dlp':
      return `${i}<dlp_policies><dlp_policy><name>${esc(o.name)}</name></dlp_policy></dlp_policies>`;
    case 'dmarc':
      return `${i}<dmarc_profiles><dmarc_profile><name>${esc(o.name)}</name></dmarc_profile></dmarc_profiles>`;
  }
}

/** The XML `showconfig` prints for `appliance` (a cluster export when it is clustered). */
export function renderConfigXml(scenario: Scenario, a: SimAppliance, mode: PassphraseMode, now = 'Mon Nov 23 13:00:00 2026 GMT'): string {
  const head = ['<?xml version="1.0" encoding="ISO-8859-1"?>', '<!DOCTYPE config SYSTEM "config.dtd">', headerComment(a, now)];
  if (!a.cluster) {
    return [...head, '<config>', ...machineSections(a, '  '), ...sharedSections(a, scenario.users, mode, '  '), '</config>', ''].join('\n');
  }
  const cluster = a.cluster;
  const machines = scenario.appliances.filter((m) => m.cluster === cluster);
  const cpq = a.listeners.find((l) => l.name === 'cpq_listener');
  const clusterLevel: SimAppliance = {
    ...a,
    listeners: a.listeners.map((l) => (l === cpq ? { ...l, interfaceName: cluster.pvoInterface } : l)),
  };
  const out = [...head, '<cluster_config>', '  <cluster>', `    <cluster_name>${esc(cluster.name)}</cluster_name>`, '    <config>'];
  out.push(...sharedSections(clusterLevel, scenario.users, mode, '      '));
  out.push('    </config>', '  </cluster>');
  const groups = [...new Set(cluster.machines.map((m) => m.group))];
  for (const g of groups) {
    out.push('  <group>', `    <group_name>${esc(g)}</group_name>`, '    <config>');
    for (const o of cluster.overrides.filter((x) => x.level === 'group' && x.owner === g)) out.push(overrideXml(o, '      '));
    out.push('    </config>', '  </group>');
  }
  for (const m of cluster.machines) {
    const machine = machines.find((x) => x.hostname === m.name);
    out.push('  <machine>', `    <machine_name>${esc(m.name)}</machine_name>`, `    <group_name>${esc(m.group)}</group_name>`, '    <config>');
    if (machine) out.push(...machineSections(machine, '      '));
    for (const o of cluster.overrides.filter((x) => x.level === 'machine' && x.owner === m.name)) out.push(overrideXml(o, '      '));
    out.push('    </config>', '  </machine>');
  }
  out.push('</cluster_config>', '');
  return out.join('\n');
}
