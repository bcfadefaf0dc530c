/**
 * Deterministic generator of large, realistic ESA cluster exports for the
 * benchmarks. No real export of this size is public, so the shape follows
 * the bundled examples and what a busy cluster carries: a cluster level with
 * the shared settings (TLS cipher lists, listeners with large HATs and RATs,
 * the cpq_listener, thousands of message and content filters, users, SMA
 * hosts), groups, and machines each with many interfaces and routes.
 *
 * The same seed and size always give the same bytes, so numbers from two runs
 * compare the same input. Files are written ISO-8859-1 as the appliance does.
 *
 *   node out/bench/generate.js [--out <dir>] [--sizes 100KB,1MB,10MB,50MB] [--seed <n>]
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { prng } from '../client/src/appliance/simulator/prng';

export const DEFAULT_SEED = 0x5eed_9;

export const SIZES: Record<string, number> = {
  '100KB': 100 * 1024,
  '1MB': 1024 * 1024,
  '10MB': 10 * 1024 * 1024,
  '50MB': 50 * 1024 * 1024,
};

/** The outbound cipher list written into every generated file; the incremental benchmark edits it. */
export const OUTBOUND_CIPHERS = 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-GCM-SHA256:AES256-SHA:AES128-SHA:!aNULL:!eNULL:!EXPORT:!LOW:!RC4:!MD5:!DES';

const WORDS = ['finance', 'hr', 'legal', 'sales', 'ops', 'it', 'exec', 'partner', 'vendor', 'payroll', 'support', 'marketing', 'research', 'security', 'audit', 'press'];
const TLDS = ['com', 'net', 'org', 'de', 'fr', 'co.uk', 'example'];
const EXTENSIONS = ['exe', 'scr', 'js', 'vbs', 'bat', 'cmd', 'pif', 'jar', 'docm', 'xlsm', 'iso', 'lnk', 'hta', 'ps1'];
/** Members of the public listener's HAT at most (a large but plausible HAT). */
export const MAX_HAT_MEMBERS = 6000;
const QUARANTINES = ['Policy', 'Virus', 'Outbreak', 'Policy', 'Policy'];

class Writer {
  private readonly parts: string[] = [];
  length = 0;
  push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
  toString(): string {
    return this.parts.join('');
  }
}

interface Context {
  rnd: () => number;
  pick<T>(list: readonly T[]): T;
  int(lo: number, hi: number): number;
}

function context(seed: number): Context {
  const rnd = prng(seed);
  return {
    rnd,
    pick: (list) => list[Math.floor(rnd() * list.length)],
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
  };
}

function domain(c: Context): string {
  return `${c.pick(WORDS)}${c.int(1, 9999)}.${c.pick(TLDS)}`;
}

function ipv4(c: Context): string {
  // Documentation and private ranges only: generated configs name no real host.
  const nets = [[192, 0, 2], [198, 51, 100], [203, 0, 113], [10, c.int(0, 255), c.int(0, 255)], [172, c.int(16, 31), c.int(0, 255)]];
  const n = c.pick(nets);
  return `${n[0]}.${n[1]}.${n[2]}.${c.int(1, 254)}`;
}

/**
 * Sender-group members drawn from disjoint counters, so no entry covers
 * another: a real HAT is mostly free of shadowed entries, and thousands of
 * findings would measure the output formatter rather than the analysis.
 */
function hatMember(c: Context, n: number): string {
  const r = c.rnd();
  // Each form has its own address space, large enough for a million members.
  if (r < 0.35) return `172.${16 + ((n >> 16) & 15)}.${(n >> 8) & 255}.${n & 255}`;
  if (r < 0.5) return `10.${(n >> 12) & 255}.${(n >> 4) & 255}.${(n & 15) * 16}/28`;
  if (r < 0.6) return `100.${64 + ((n >> 11) & 63)}.${(n >> 3) & 255}.${(n & 7) * 32 + 1}-${(n & 7) * 32 + c.int(2, 30)}`;
  if (r < 0.8) return `${c.pick(WORDS)}-${n}.${c.pick(TLDS)}`;
  if (r < 0.95) return `.${c.pick(WORDS)}-d${n}.${c.pick(TLDS)}`;
  return `2001:db8:${((n >> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}::/64`;
}

/** A public listener's HAT: the usual policies and sender groups, each group large. */
function publicHat(c: Context, budget: number): string {
  const w = new Writer();
  w.push(`
$ACCEPTED
    ACCEPT {
        max_msgs_per_session = 1000
        max_rcpts_per_msg = 1000
        spam_check = "on"
        virus_check = "on"
        tls = "preferred"
    }
$TRUSTED
    ACCEPT {
        spam_check = "off"
        max_msgs_per_session = 5000
        max_concurrency = 600
        max_rcpts_per_msg = 5000
        max_rcpts_per_hour = -1
        virus_check = "on"
        max_message_size = 104857600
        tls = "required"
    }
$BLOCKED
    REJECT {}
$THROTTLED
    ACCEPT {
        max_msgs_per_session = 10
        max_concurrency = 10
        max_rcpts_per_hour = 20
    }
`);
  const groups: [string, string, string][] = [
    ['WHITELIST', '$TRUSTED', 'Trusted senders'],
    ['PARTNERS', '$TRUSTED', 'Contracted partners'],
    ['BLACKLIST', '$BLOCKED', 'Spammers are rejected'],
    ['SUSPECTLIST', '$THROTTLED', 'Suspicious senders are throttled'],
  ];
  let member = 1;
  // Real HATs reach thousands of members, not hundreds of thousands: the
  // count is capped and the rest of a big file goes to filters and machines.
  const perGroup = Math.max(10, Math.min(MAX_HAT_MEMBERS / groups.length, Math.floor(budget / groups.length / 22)));
  for (const [name, policy, comment] of groups) {
    w.push(`${name}:\n`);
    if (name === 'BLACKLIST') w.push('    SBRS[-10.0:-3.0]\n');
    if (name === 'SUSPECTLIST') w.push('    SBRS[-3.0:-1.0]\n');
    for (let n = 0; n < perGroup && w.length < budget * 0.98; n++) w.push(`    ${hatMember(c, member++)}\n`);
    w.push(`    ${policy} (${comment})\n`);
  }
  w.push('UNKNOWNLIST:\n    SBRS[none]\n    $ACCEPTED (Reviewed but undecided, continue normal acceptance)\n');
  w.push('ALL\n    $ACCEPTED (Everyone else)\n      ');
  return w.toString();
}

function relayHat(c: Context, members: number, fixed: string[]): string {
  const lines = ['', '$RELAYED', '   RELAY {}', '$BLOCKED', '   REJECT {}', 'RELAYLIST:'];
  for (const f of fixed) lines.push(`   ${f}`);
  // 198.18.0.0/15 is reserved for benchmarks; a counter keeps members distinct.
  for (let n = 1; n <= members; n++) lines.push(`   198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`);
  lines.push('       $RELAYED (Only select hosts can relay from this box)', 'ALL', '   $BLOCKED (Everyone else)', '      ');
  return lines.join('\n');
}

function listener(name: string, protocol: string, iface: string, port: number, type: string, hat: string, rat: string): string {
  return `    <listener>
      <listener_name>${name}</listener_name>
      <protocol>${protocol}</protocol>
      <interface_name>${iface}</interface_name>
      <port>${port}</port>
      <listen_queue_size>50</listen_queue_size>
      <type>${type}</type>
      <hat>${hat}</hat>
      <rat>
${rat}      </rat>
    </listener>
`;
}

function ratEntries(c: Context, count: number): string {
  const w = new Writer();
  for (let n = 0; n < count; n++) {
    w.push(`        <rat_entry>\n          <rat_address>${n === 0 ? 'example.com' : c.rnd() < 0.5 ? domain(c) : `.${domain(c)}`}</rat_address>\n          <access>ACCEPT</access>\n        </rat_entry>\n`);
  }
  return w.toString();
}

function messageFilter(c: Context, n: number): string {
  const name = `${c.pick(WORDS)}_filter_${n}`;
  const active = c.rnd() < 0.9 ? ':' : '!';
  const ext = c.pick(EXTENSIONS);
  const q = c.pick(QUARANTINES);
  switch (n % 4) {
    case 0:
      return `${name}${active} if (attachment-filename == '(?i)\\\\.${ext}$') {\n    quarantine("${q}");\n}\n`;
    case 1:
      return `${name}${active} if (body-size &gt; ${c.int(1, 50)}M) AND (rcpt-to == "@${domain(c)}$") {\n    bounce-profile("default");\n    log-entry("large message");\n}\n`;
    case 2:
      return `${name}${active} if (header('X-Spam-Flag') == 'YES') OR (subject == "(?i)invoice &amp; payment") {\n    insert-header("X-Filtered", "${name}");\n    quarantine("${q}");\n}\n`;
    default:
      return `${name}${active} if (remote-ip == '${ipv4(c)}') {\n    skip-filters();\n}\n`;
  }
}

function contentFilter(c: Context, n: number, direction: string): string {
  const ext = c.pick(EXTENSIONS);
  return `        <content_filter>
          <filter_name>${direction}_${c.pick(WORDS)}_${n}</filter_name>
          <description>Quarantine .${ext} attachments for ${c.pick(WORDS)} (r&#233;vision ${c.int(1, 40)})</description>
          <active>${c.rnd() < 0.9 ? 1 : 0}</active>
          <rule><rule_data>attachment-filename == "(?i)\\\\.${ext}$" AND rcpt-to == "@${domain(c)}$"</rule_data></rule>
          <actions><action><action_data>quarantine("${c.pick(QUARANTINES)}")</action_data></action></actions>
        </content_filter>
`;
}

function machine(c: Context, index: number, interfaces: number, routes: number): string {
  const host = `esa${index + 1}.example.com`;
  const mgmt = `10.172.${12 + (index >> 8)}.${(index % 250) + 2}`;
  const w = new Writer();
  w.push(`  <machine>
    <machine_name>${host}</machine_name>
    <group_name>${index % 2 === 0 ? 'Main_Group' : 'DMZ_Group'}</group_name>
    <config>
  <hostname>${host}</hostname>
  <interfaces>
`);
  const iface = (name: string, ip: string, phys: string, hostname: string) => w.push(`    <interface>
      <interface_name>${name}</interface_name>
      <ip>${ip}</ip>
      <phys_interface>${phys}</phys_interface>
      <netmask>255.255.255.0</netmask>
      <interface_hostname>${hostname}</interface_hostname>
      <sshd_port>22</sshd_port>
      <httpsd_port>443</httpsd_port>
    </interface>
`);
  iface('Management', mgmt, 'Management', host);
  iface('Data 1', `192.0.2.${(index % 250) + 2}`, 'Data 1', `mail${index + 1}.example.com`);
  iface('Data 2', `198.51.100.${(index % 250) + 2}`, 'Data 2', `out${index + 1}.example.com`);
  for (let v = 0; v < interfaces; v++) iface(`VLAN ${100 + v}`, `10.${100 + (v >> 8)}.${v % 256}.${(index % 250) + 2}`, `Data 2.${100 + v}`, `vlan${100 + v}-${index + 1}.example.com`);
  w.push(`  </interfaces>
  <routing_tables>
    <routing_table>
      <routing_table_ip_version>4</routing_table_ip_version>
      <routing_table_gateway>10.172.12.1</routing_table_gateway>
      <routes>
`);
  for (let r = 0; r < routes; r++) {
    w.push(`        <route><route_name>route_${r}</route_name><destination>10.${c.int(0, 255)}.${c.int(0, 255)}.0/24</destination><gateway>10.172.12.1</gateway></route>\n`);
  }
  w.push(`      </routes>
    </routing_table>
  </routing_tables>
  <delivery_interface>${index % 2 === 0 ? 'Management' : 'Auto'}</delivery_interface>
    </config>
  </machine>
`);
  return w.toString();
}

function header(): string {
  const features = ['Sophos Anti-Virus', 'Outbreak Filters', 'IronPort Anti-Spam', 'Data Loss Prevention', 'Incoming Mail Handling', 'Centralized Policy, Virus and Outbreak Quarantines'];
  return `<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE config SYSTEM "config.dtd">

<!--
  Product: Cisco C690 Email Security Appliance
  Model Number: C690
  Version: 15.0.1-030
  Serial Number: 4229A1B2C3D4E5F60718-0123456789AB
  Number of CPUs: 16
  Memory (GB): 64
  Current Time: Mon Nov 23 10:15:02 2026
${features.map((f) => `  Feature "${f}": Quantity = 1, Time Remaining = "361 days", Expiration Date = "Sat Nov 20 23:59:59 2027"`).join('\n')}
-->
`;
}

/**
 * A cluster export of about `targetBytes` (exactly, after padding with a
 * trailing newline run; every generated byte is ASCII so chars = bytes).
 */
export function generateConfig(targetBytes: number, seed = DEFAULT_SEED): string {
  const c = context(seed ^ targetBytes);
  const w = new Writer();
  w.push(header());
  w.push(`<cluster_config>
  <cluster>
    <cluster_name>Bench-Cluster</cluster_name>
    <config>
  <ssl>
    <ssl_gui_method>tlsv1_2</ssl_gui_method>
    <ssl_gui_ciphers>HIGH:!aNULL:!eNULL:!EXPORT:!LOW:!RC4:!MD5</ssl_gui_ciphers>
    <ssl_inbound_method>tlsv1_2</ssl_inbound_method>
    <ssl_inbound_ciphers>ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:HIGH:MEDIUM:!aNULL:!eNULL:!EXPORT:!LOW:!RC4</ssl_inbound_ciphers>
    <ssl_outbound_method>tlsv1_2</ssl_outbound_method>
    <ssl_outbound_ciphers>${OUTBOUND_CIPHERS}</ssl_outbound_ciphers>
  </ssl>
  <listeners>
`);
  // Budgets as shares of the file: HATs/RATs 20 %, message filters 25 %,
  // content filters 30 %, machines 15 %, users and the rest fill up.
  const hatBudget = targetBytes * 0.16;
  w.push(listener('IncomingMail', 'SMTP', 'Data 1', 25, 'public', publicHat(c, hatBudget), ratEntries(c, Math.max(2, Math.min(2000, Math.floor((targetBytes * 0.04) / 110))))));
  w.push(listener('OutgoingMail', 'SMTP', 'Data 2', 25, 'private', relayHat(c, Math.max(5, Math.min(2000, Math.floor(targetBytes * 0.01 / 16))), []), ratEntries(c, 1)));
  w.push(listener('cpq_listener', 'CPQ', 'Management', 7025, 'private', relayHat(c, 0, ['10.172.12.17']), '        <rat_entry>\n          <rat_address>ALL</rat_address>\n          <access>ACCEPT</access>\n        </rat_entry>\n'));
  w.push(`  </listeners>
  <smad>
    <smad_global>
      <smad_global_hosts>10.172.12.17</smad_global_hosts>
    </smad_global>
  </smad>
  <filters>
`);
  const filtersEnd = w.length + targetBytes * 0.25;
  for (let n = 0; w.length < filtersEnd; n++) w.push(messageFilter(c, n));
  w.push('  </filters>\n  <perrcpt_policies>\n');
  const contentEnd = w.length + targetBytes * 0.3;
  for (const direction of ['inbound', 'outbound']) {
    w.push(`    <${direction}_policies>\n      <content_filters>\n`);
    const end = direction === 'inbound' ? w.length + (contentEnd - w.length) * 0.6 : contentEnd;
    for (let n = 0; w.length < end; n++) w.push(contentFilter(c, n, direction));
    w.push(`      </content_filters>\n    </${direction}_policies>\n`);
  }
  w.push('  </perrcpt_policies>\n  <users>\n');
  const usersEnd = w.length + targetBytes * 0.05;
  for (let n = 0; w.length < usersEnd; n++) {
    w.push(`    <user><username>user${n}</username><fullname>${c.pick(WORDS)} operator ${n}</fullname><group>${n % 7 === 0 ? 'admin' : 'operators'}</group><enc_password>*****</enc_password></user>\n`);
  }
  w.push(`  </users>
    </config>
  </cluster>
  <group>
    <group_name>Main_Group</group_name>
    <config>
    </config>
  </group>
  <group>
    <group_name>DMZ_Group</group_name>
    <config>
    </config>
  </group>
`);
  // Machines take what is left, less a little for the closing tag.
  const machineCount = Math.max(2, Math.min(250, Math.round(targetBytes / (200 * 1024))));
  const end = targetBytes - 64;
  const perMachine = Math.max(0, (end - w.length) / machineCount);
  for (let m = 0; m < machineCount; m++) {
    // An interface is ~330 bytes and a route ~130; split a machine's share between them.
    const interfaces = Math.max(0, Math.min(400, Math.floor((perMachine * 0.6) / 330)));
    const routes = Math.max(0, Math.floor((perMachine - 1500 - interfaces * 330) / 130));
    const chunk = machine(c, m, interfaces, routes);
    if (w.length + chunk.length > end && m >= 2) break;
    w.push(chunk);
  }
  // Rounding leaves a gap; one more machine with just routes closes most of it.
  if (end - w.length > 3000) w.push(machine(c, machineCount, 0, Math.floor((end - w.length - 2600) / 135)));
  w.push('</cluster_config>\n');
  const text = w.toString();
  return text.length < targetBytes ? text + '\n'.repeat(targetBytes - text.length) : text;
}

/** Writes the inputs that are missing or stale, returns their paths by size label. */
export function ensureInputs(dir: string, labels: string[], seed = DEFAULT_SEED, log: (s: string) => void = () => {}): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const out: Record<string, string> = {};
  for (const label of labels) {
    const size = SIZES[label];
    if (!size) throw new Error(`unknown size ${label} (known: ${Object.keys(SIZES).join(', ')})`);
    const file = path.join(dir, `esa-cluster-${label}-seed${seed}.xml`);
    // The stamp records which generator wrote the file, so a changed generator regenerates.
    const stamp = `${file}.stamp`;
    const fingerprint = generatorFingerprint();
    if (!existsSync(file) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== fingerprint || statSync(file).size !== size) {
      log(`generating ${label} input…`);
      writeFileSync(file, Buffer.from(generateConfig(size, seed), 'latin1'));
      writeFileSync(stamp, fingerprint);
    }
    out[label] = file;
  }
  return out;
}

function generatorFingerprint(): string {
  let h = 0x811c9dc5;
  // This file and the random generator it draws from.
  for (const file of [__filename, require.resolve('../client/src/appliance/simulator/prng')]) {
    for (const b of readFileSync(file)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const value = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const dir = value('--out') ?? path.resolve(__dirname, '../../test-results/bench-inputs');
  const labels = (value('--sizes') ?? Object.keys(SIZES).join(',')).split(',');
  const files = ensureInputs(dir, labels, Number(value('--seed') ?? DEFAULT_SEED), (s) => process.stderr.write(`${s}\n`));
  for (const [label, file] of Object.entries(files)) process.stdout.write(`${label}\t${statSync(file).size}\t${file}\n`);
}
