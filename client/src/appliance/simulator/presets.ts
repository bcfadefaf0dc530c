/**
 * Scenario presets: one per way centralized PVO breaks in the field (the numbered scenarios of the
 * Cisco TAC notes), plus a healthy pair. Addresses follow the notes: the SMA at 10.172.12.17, the
 * ESA's Management interface at 10.172.12.18/24 and its `In` interface at 192.168.1.1/24.
 */
import type { Scenario, SimAppliance, SimFeatureKey, SimListener, SimQueue, SimSsl, SimUser } from './model';

const SMA_IP = '10.172.12.17';
const ESA_IP = '10.172.12.18';
const ESA2_IP = '10.172.12.19';
const CLUSTER = 'Example.com-Cluster';
const GOOD_CIPHERS = 'HIGH:MEDIUM:ALL:-aNULL:-SSLv2';
const SEED_CIPHERS = 'RC4-SHA:RC4-MD5:ALL';

export const DEFAULT_USERS: SimUser[] = [
  { name: 'admin', password: 'ironport', role: 'admin', fullName: 'Administrator' },
  { name: 'operator', password: 'operator-pass', role: 'operator', fullName: 'Night Operator' },
];

const EXPIRING = { remaining: '352 days', expiration: 'Fri Nov 12 09:12:15 2027' };
const PERPETUAL = { remaining: 'Perpetual', expiration: 'Never' };
const PERPETUAL_MODULES = new Set(['Incoming Mail Handling', 'Bounce Verification']);

function featureKeys(modules: string[]): SimFeatureKey[] {
  return modules.map((module) => ({ module, quantity: 1, ...(PERPETUAL_MODULES.has(module) ? PERPETUAL : EXPIRING) }));
}

const ESA_MODULES = [
  'IronPort Anti-Spam',
  'Sophos Anti-Virus',
  'Outbreak Filters',
  'Data Loss Prevention',
  'Incoming Mail Handling',
  'IronPort Email Encryption',
  'Bounce Verification',
  'Graymail Safe-unsubscribe',
  'Advanced Malware Protection',
  'Intelligent Multi-Scan',
];
const SMA_MODULES = [
  'Centralized Email Reporting',
  'Centralized Email Message Tracking',
  'Centralized Spam Quarantine',
  'Centralized Policy, Virus and Outbreak Quarantines',
];

/** The same method and cipher list for the GUI's HTTPS (its own method) and both SMTP directions. */
function sslSettings(guiMethod: string, smtpMethod: string, ciphers: string): SimSsl {
  return { guiMethod, guiCiphers: ciphers, inboundMethod: smtpMethod, inboundCiphers: ciphers, outboundMethod: smtpMethod, outboundCiphers: ciphers };
}

function privateListener(name: string, protocol: SimListener['protocol'], port: number, relayHosts: string[]): SimListener {
  return { name, protocol, interfaceName: 'Management', port, type: 'private', relayHosts: [...relayHosts] };
}

function idleQueue(host: string, delivered: number): SimQueue {
  return { host, active: 0, connOut: 0, delivered, soft: 0, hard: 0, down: false };
}

function healthyEsaLog(esaIp: string): string[] {
  return [
    `Fri Nov 20 15:08:02 2026 Info: New SMTP DCID 12345 interface ${esaIp} address ${SMA_IP} port 7025`,
    'Fri Nov 20 15:08:02 2026 Info: DCID 12345 TLS success protocol TLSv1.2 cipher DHE-RSA-AES256-SHA the.cpq.host',
    'Fri Nov 20 15:08:02 2026 Info: Delivery start DCID 12345 MID 23456 to RID [0] to Centralized Policy Quarantine',
    'Fri Nov 20 15:08:02 2026 Info: Message done DCID 12345 MID 23456 to RID [0] (centralized policy quarantine)',
    'Fri Nov 20 15:08:07 2026 Info: DCID 12345 close',
    `Fri Nov 20 15:20:11 2026 Info: New CPQ ICID 12360 interface Management (${esaIp}) address ${SMA_IP} reverse dns host unknown verified no`,
  ];
}

/** What differs between an ESA and an SMA; everything else a healthy appliance of either kind shares. */
type ApplianceParts = Pick<SimAppliance, 'id' | 'kind' | 'hostname' | 'model' | 'serial' | 'version' | 'interfaces' | 'listeners' | 'featureKeys' | 'queues' | 'mailLog'>;

/** One builder for both kinds: online, Auto delivery, no static routes, strong ciphers, no anonymous suites. */
function healthyAppliance(parts: ApplianceParts): SimAppliance {
  return {
    id: parts.id,
    kind: parts.kind,
    hostname: parts.hostname,
    model: parts.model,
    serial: parts.serial,
    version: parts.version,
    online: true,
    interfaces: parts.interfaces,
    routes: [],
    defaultGateway: '10.172.12.1',
    deliveryInterface: 'Auto',
    ssl: sslSettings('tlsv1_2', 'tlsv1_0tlsv1_2', GOOD_CIPHERS),
    listeners: parts.listeners,
    featureKeys: parts.featureKeys,
    queues: parts.queues,
    mailLog: parts.mailLog,
    offersAnonymousCipher: false,
  };
}

export function baseEsa(id = 'esa', hostname = 'mx.example.com', mgmtIp = ESA_IP): SimAppliance {
  return healthyAppliance({
    id,
    kind: 'esa',
    hostname,
    model: 'C170',
    serial: id === 'esa2' ? '0022190B3C27-2LTBDM2' : '0022190B3C26-1LTBDM1',
    version: '13.5.1-177',
    interfaces: [
      { name: 'In', ip: id === 'esa2' ? '192.168.1.2' : '192.168.1.1', prefix: 24, hostname, phys: 'Data 1' },
      { name: 'Management', ip: mgmtIp, prefix: 24, hostname: `mgmt.${hostname.split('.').slice(1).join('.') || 'example.com'}`, phys: 'Management' },
    ],
    listeners: [
      { name: 'IncomingMail', protocol: 'SMTP', interfaceName: 'In', port: 25, type: 'public', relayHosts: [] },
      privateListener('cpq_listener', 'CPQ', 7025, [SMA_IP]),
    ],
    featureKeys: featureKeys(ESA_MODULES),
    queues: [idleQueue('the.cpq.host', 12), { ...idleQueue('example.net', 250), active: 1, connOut: 1 }, idleQueue('the.euq.queue', 31)],
    mailLog: healthyEsaLog(mgmtIp),
  });
}

export function baseSma(esaIps: string[] = [ESA_IP]): SimAppliance {
  return healthyAppliance({
    id: 'sma',
    kind: 'sma',
    hostname: 'sma.example.com',
    model: 'M170',
    serial: '4C4C4544-0035-3010',
    version: '13.6.2-023',
    interfaces: [{ name: 'Management', ip: SMA_IP, prefix: 24, hostname: 'sma.example.com', phys: 'Management' }],
    listeners: [privateListener('euq_listener', 'SMTP', 6025, esaIps), privateListener('cpq_listener', 'CPQ', 7025, esaIps)],
    featureKeys: featureKeys(SMA_MODULES),
    queues: [idleQueue('the.cpq.release.host', 3)],
    mailLog: esaIps.flatMap((ip, n) => [
      `Fri Nov 20 15:08:02 2026 Info: New CPQ ICID ${12345 + n} interface Management (${SMA_IP}) address ${ip} reverse dns host unknown verified no`,
      `Fri Nov 20 15:20:11 2026 Info: New SMTP DCID ${4400 + n} interface ${SMA_IP} address ${ip} port 7025`,
      `Fri Nov 20 15:20:11 2026 Info: DCID ${4400 + n} TLS success protocol TLSv1.2 cipher DHE-RSA-AES256-SHA the.cpq.release.host`,
    ]),
  });
}

function clusterPair(): { esa1: SimAppliance; esa2: SimAppliance; sma: SimAppliance } {
  const esa1 = baseEsa('esa1', 'mx1.example.com', ESA_IP);
  const esa2 = baseEsa('esa2', 'mx2.example.com', ESA2_IP);
  const cluster = {
    name: CLUSTER,
    machines: [
      { name: esa1.hostname, serial: esa1.serial, group: 'Main_Group' },
      { name: esa2.hostname, serial: esa2.serial, group: 'Main_Group' },
    ],
    overrides: [],
    pvoInterface: 'Management',
  };
  // Both machines share one cluster object, so what one reports about the cluster the other does too.
  esa1.cluster = cluster;
  esa2.cluster = cluster;
  return { esa1, esa2, sma: baseSma([ESA_IP, ESA2_IP]) };
}

/** What a preset describes; its id is its key, and the users and the login account have defaults. */
type PresetParts = Omit<Scenario, 'id' | 'users' | 'loginUser'> & { loginUser?: string };

const factories: Record<string, () => PresetParts> = {
  healthy: () => ({
    title: 'Healthy ESA + SMA pair',
    description: 'PVO works: SMA online, admin account, Auto delivery interface, no anonymous ciphers, CPQ traffic flows.',
    appliances: [baseEsa(), baseSma()],
    expectedProblems: { esa: [], sma: [] },
  }),
  'sma-offline': () => {
    const esa = baseEsa();
    const sma = baseSma();
    sma.online = false;
    esa.queues[0] = { host: 'the.cpq.host', active: 4, connOut: 0, delivered: 12, soft: 4, hard: 0, down: true };
    esa.mailLog.push(
      `Mon Nov 23 09:14:05 2026 Info: Connection Error: DCID 0 domain: the.cpq.host IP: ${SMA_IP} port: 7025 details: Connection refused interface: ${ESA_IP} reason: network error`,
    );
    return {
      title: 'Scenario 1: the SMA is offline',
      description: '`status` on the SMA shows "System status: Offline" (after suspend); its cpq_listener refuses connections until `resume`.',
      appliances: [esa, sma],
      expectedProblems: { esa: ['peer-port-reachable', 'tls-to-peer', 'cpq-queues'], sma: ['system-online'] },
    };
  },
  'operator-account': () => ({
    title: 'Scenario 2: operator account',
    description: 'The appliances are used with an Operator account; the PVO Enable button stays greyed out.',
    appliances: [baseEsa(), baseSma()],
    loginUser: 'operator',
    expectedProblems: { esa: ['account-role'], sma: ['account-role'] },
  }),
  'delivery-interface-no-route': () => {
    const esa = baseEsa();
    esa.deliveryInterface = 'In';
    return {
      title: 'Scenario 3: default delivery interface In has no route to the SMA',
      description: '`deliveryconfig` uses In (192.168.1.1/24); the SMA sits at 10.172.12.17; telnet from In to 7025 times out.',
      appliances: [esa, baseSma()],
      expectedProblems: { esa: ['delivery-interface', 'running-config'], sma: [] },
    };
  },
  'anonymous-cipher': () => {
    const esa = baseEsa();
    const sma = baseSma();
    esa.version = '8.5.6-074';
    esa.ssl = sslSettings('sslv3tlsv1', 'sslv3tlsv1', SEED_CIPHERS);
    sma.offersAnonymousCipher = true;
    esa.mailLog = [
      `Mon Apr 7 15:48:42 2014 Info: New SMTP DCID 3385734 interface ${ESA_IP} address ${SMA_IP} port 7025`,
      'Mon Apr 7 15:48:42 2014 Info: DCID 3385734 TLS failed: verify error: no certificate from server',
      'Mon Apr 7 15:48:42 2014 Info: DCID 3385734 TLS was required but could not be successfully negotiated',
      'Mon Apr 7 15:48:42 2014 Info: DCID 3385734 close',
    ];
    return {
      title: 'Scenario 4: anonymous outbound TLS cipher',
      description: 'Outbound SMTP ciphers RC4-SHA:RC4-MD5:ALL allow ADH suites; the SMA answers ADH-CAMELLIA256-SHA without a certificate.',
      appliances: [esa, sma],
      expectedProblems: { esa: ['outbound-ciphers', 'tls-to-peer', 'mail-log-tls-failures', 'running-config'], sma: [] },
    };
  },
  'feature-key-mismatch': () => {
    const { esa1, esa2, sma } = clusterPair();
    esa2.featureKeys = esa2.featureKeys.filter((k) => k.module !== 'Data Loss Prevention');
    return {
      title: 'Scenario 5: feature keys differ across cluster machines',
      description: 'mx2 lacks the Data Loss Prevention key, so its DLP level differs from the cluster level.',
      appliances: [esa1, esa2, sma],
      expectedProblems: { esa1: ['feature-keys'], esa2: ['feature-keys'], sma: [] },
    };
  },
  'machine-level-content-filter': () => {
    const { esa1, esa2, sma } = clusterPair();
    esa1.cluster!.overrides.push({ level: 'machine', owner: esa2.hostname, section: 'content_filter', name: 'quarantine_attachments' });
    return {
      title: 'Scenario 6: content filter configured at machine level',
      description: 'mx2 has a content filter at machine level in the cluster; PVO needs filters at cluster level only.',
      appliances: [esa1, esa2, sma],
      expectedProblems: { esa1: ['cluster-overrides', 'running-config'], esa2: ['cluster-overrides', 'running-config'], sma: [] },
    };
  },
  'missing-cluster-pvo-interface': () => {
    const { esa1, esa2, sma } = clusterPair();
    esa2.interfaces = esa2.interfaces.map((i) => (i.name === 'Management' ? { ...i, name: 'Mgmt' } : i));
    return {
      title: 'Cluster PVO interface missing on a machine',
      description: 'The cluster uses interface Management for PVO; on mx2 that interface is named Mgmt, so mx2 cannot take part.',
      appliances: [esa1, esa2, sma],
      expectedProblems: { esa1: ['running-config'], esa2: ['cluster-pvo-interface', 'running-config'], sma: ['peer-port-reachable', 'tls-to-peer'] },
    };
  },
};

export const PRESET_IDS = Object.keys(factories);

/** A fresh copy of a preset, safe to mutate (e.g. by `resume`). */
export function loadPreset(id: string): Scenario {
  const factory = factories[id];
  if (!factory) throw new Error(`unknown scenario preset "${id}"; known: ${PRESET_IDS.join(', ')}`);
  const parts = factory();
  return { id, users: DEFAULT_USERS.map((u) => ({ ...u })), loginUser: 'admin', ...parts };
}
