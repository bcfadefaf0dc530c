/**
 * The AsyncOS command line of one simulated appliance, independent of any transport: the SSH
 * server and the stdio mode used behind OpenSSH's ForceCommand both drive it through `CliIo`.
 * Transcripts follow the Cisco TAC notes (prompts, menus, `[default]> ` sub-prompts, the pager).
 */
import { renderConfigXml, type PassphraseMode } from './configXml';
import { faultFor, type Fault } from './faults';
import { waitUnlessGone } from './latency';
import {
  autoInterface,
  canReachFrom,
  ownsAddress,
  simAllowsAnonymous,
  type Scenario,
  type SimAppliance,
  type SimInterface,
  type SimUser,
} from './model';

export interface CliIo {
  /** Writes text; `\n` line ends (the transport turns them into `\r\n` on a terminal). */
  write(text: string): void;
  /** The next input line without its end, or null at end of input. */
  readLine(): Promise<string | null>;
  /** One key press (for the pager), or null at end of input. */
  readKey(): Promise<string | null>;
  /** Whether a terminal was requested: echo input and page long output. */
  tty: boolean;
  rows: number;
  /** Resolves when the peer has gone. */
  closed: Promise<void>;
  /**
   * Resolves when the peer has certainly gone, for waits that are not reads (a command's latency);
   * `closed` when absent. Behind OpenSSH an exec request's input ends at once, which is not the peer going.
   */
  hangup?: Promise<void>;
  /** Cuts the connection abruptly (fault injection). */
  drop(): void;
  /** Stops all traffic on the connection without closing it (fault injection). */
  freeze?(): void;
}

class Dropped extends Error {}
class EndOfInput extends Error {}

const PAGER = '-Press Any Key For More-';
const MACHINE_ONLY = new Set(['featurekey', 'interfaceconfig', 'routeconfig', 'tophosts', 'resume', 'suspend', 'hoststatus', 'telnet', 'tlsverify']);
const CLUSTER_ONLY = new Set(['clusterconfig', 'userconfig', 'sshconfig', 'passwd']);
const ADMIN_ONLY = new Set(['resume', 'suspend', 'commit', 'saveconfig', 'userconfig', 'clusterconfig']);

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return true;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a > major || (a === major && b >= minor);
}

/** Splits a command line into words, honouring double and single quotes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]));
  return words;
}

/** Splits `a; b` as the appliance does for chained exec requests, outside quotes. */
function splitCommands(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = '';
      cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === ';') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

export class AsyncOsCli {
  private mode: 'cluster' | 'machine' | 'standalone';
  private linesSincePause = 0;
  private readonly fullName: string;

  constructor(
    private readonly scenario: Scenario,
    private readonly appliance: SimAppliance,
    private readonly user: SimUser,
    private readonly io: CliIo,
    private readonly faults: readonly Fault[] = [],
    /** The delay before each next command's output (`delayPicker`); none when absent. */
    private readonly nextDelay?: () => number,
  ) {
    this.mode = appliance.cluster ? 'cluster' : 'standalone';
    this.fullName = faultFor(faults, 'latin1') ? 'Rémi Müller (Opérateur)' : user.fullName;
  }

  prompt(): string {
    if (faultFor(this.faults, 'wrong-prompt')) return `${this.appliance.hostname}:~# `;
    if (this.mode === 'cluster') return `(Cluster ${this.appliance.cluster!.name})> `;
    if (this.mode === 'machine') return `(Machine ${this.appliance.hostname})> `;
    return `${this.appliance.hostname}> `;
  }

  /** Runs an exec request (`ssh admin@esa "status"`): one or more `;`-chained commands, then returns. */
  async runExec(commandLine: string): Promise<number> {
    try {
      for (const command of splitCommands(commandLine)) {
        if (!(await this.runCommand(command))) break;
      }
      return 0;
    } catch (e) {
      if (e instanceof Dropped || e instanceof EndOfInput) return 1;
      throw e;
    }
  }

  /** Runs an interactive shell until `exit`/`quit` or end of input. */
  async runShell(): Promise<void> {
    this.io.write(`\nLast login: Mon Nov 23 12:58:01 2026 from 10.172.12.5\nCopyright (c) 2001-2026, Cisco Systems, Inc. and/or Cisco affiliates.\nAsyncOS ${this.appliance.version} for ${this.productName()}\n\nWelcome to the ${this.productName()}\n\n`);
    try {
      for (;;) {
        this.io.write(this.prompt());
        this.linesSincePause = 0;
        const line = await this.io.readLine();
        if (line === null) return;
        if (!(await this.runCommand(line.trim()))) return;
      }
    } catch (e) {
      if (e instanceof Dropped || e instanceof EndOfInput) return;
      throw e;
    }
  }

  private productName(): string {
    return this.appliance.kind === 'sma' ? `Cisco ${this.appliance.model} Content Security Management Appliance` : `Cisco ${this.appliance.model} Email Security Appliance`;
  }

  // ---- output helpers -------------------------------------------------------------------

  private pageSize(): number {
    // Paging needs a terminal to answer it; exec requests without one are never paged.
    if (!this.io.tty) return 0;
    const forced = faultFor(this.faults, 'pager');
    return forced ? (forced.pageLines ?? 8) : Math.max(5, this.io.rows);
  }

  /** Prints lines, pausing with the pager when a page is full. */
  private async print(text: string): Promise<void> {
    const size = this.pageSize();
    const lines = text.split('\n');
    for (let n = 0; n < lines.length; n++) {
      const last = n === lines.length - 1;
      if (last && lines[n] === '') break;
      this.io.write(lines[n] + (last ? '' : '\n'));
      this.linesSincePause++;
      if (size > 0 && this.linesSincePause >= size - 1 && !last) {
        this.io.write(PAGER);
        const key = await this.io.readKey();
        if (key === null) throw new EndOfInput();
        this.io.write(`\r${' '.repeat(PAGER.length)}\r`);
        this.linesSincePause = 0;
      }
    }
  }

  /** A `[default]> ` sub-prompt; an empty answer or end of input takes the default. */
  private async ask(question: string, def: string): Promise<string> {
    await this.print(question.endsWith('\n') || question === '' ? question : `${question}\n`);
    this.io.write(`[${def}]> `);
    this.linesSincePause = 0;
    const line = await this.io.readLine();
    if (line === null) return def;
    const answer = line.trim();
    return answer === '' ? def : answer;
  }

  private async yesNo(question: string, def: 'Y' | 'N'): Promise<boolean> {
    this.io.write(`${question} [${def}]> `);
    this.linesSincePause = 0;
    const line = await this.io.readLine();
    const answer = (line ?? '').trim() || def;
    return /^y/i.test(answer);
  }

  private async menu(ops: [string, string][]): Promise<string> {
    const text = ['Choose the operation you want to perform:', ...ops.map(([k, d]) => `- ${k} - ${d}`)].join('\n');
    return (await this.ask(text, '')).toUpperCase();
  }

  private async choose(title: string, options: string[], def: number): Promise<number | undefined> {
    const text = [title, ...options.map((o, n) => `${n + 1}. ${o}`)].join('\n');
    const answer = await this.ask(text, String(def));
    const n = Number(answer);
    if (!Number.isInteger(n) || n < 1 || n > options.length) {
      await this.print('Invalid choice.\n');
      return undefined;
    }
    return n;
  }

  // ---- dispatch --------------------------------------------------------------------------

  /** Returns false when the session should end. */
  private async runCommand(line: string): Promise<boolean> {
    const words = splitWords(line);
    if (words.length === 0) return true;
    const name = words[0].toLowerCase();
    const args = words.slice(1);

    // A real appliance takes its time before answering; leaving needs none.
    const delay = name === 'exit' || name === 'quit' ? 0 : (this.nextDelay?.() ?? 0);
    if (delay > 0 && !(await waitUnlessGone(delay, this.io.hangup ?? this.io.closed))) throw new Dropped();

    if (faultFor(this.faults, 'freeze', name)) {
      this.io.freeze?.();
      await this.io.closed;
      throw new Dropped();
    }
    if (faultFor(this.faults, 'hung-command', name)) {
      await this.io.closed;
      throw new Dropped();
    }
    const drop = faultFor(this.faults, 'drop-mid-command', name);
    if (drop) {
      const limit = drop.afterBytes ?? 40;
      let sent = 0;
      const realWrite = this.io.write.bind(this.io);
      this.io.write = (text: string) => {
        const room = limit - sent;
        if (room <= 0) return;
        realWrite(text.slice(0, room));
        sent += Math.min(room, text.length);
        if (sent >= limit) {
          this.io.drop();
          throw new Dropped();
        }
      };
    }

    if (name === 'exit' || name === 'quit') return false;
    if (ADMIN_ONLY.has(name) && this.user.role !== 'admin') {
      await this.print(`You do not have permission to run "${name}". It requires the Administrator role.\n`);
      return true;
    }
    if (!(await this.ensureMode(name))) return true;

    switch (name) {
      case 'status':
        await this.status(args);
        break;
      case 'version':
        await this.version();
        break;
      case 'whoami':
        await this.print(`Username: ${this.user.name}\nFull Name: ${this.fullName}\nGroups: ${this.user.role === 'admin' ? 'admin, operators, config, log, guest' : 'operators, config, log, guest'}\n`);
        break;
      case 'resume':
        await this.resume();
        break;
      case 'suspend':
        await this.suspend();
        break;
      case 'commit':
        await this.commit();
        break;
      case 'sslconfig':
        await this.sslconfig();
        break;
      case 'deliveryconfig':
        await this.deliveryconfig();
        break;
      case 'interfaceconfig':
        await this.interfaceconfig();
        break;
      case 'routeconfig':
        await this.routeconfig();
        break;
      case 'telnet':
        await this.telnet(args);
        break;
      case 'tlsverify':
        await this.tlsverify(args);
        break;
      case 'tophosts':
        await this.tophosts(args);
        break;
      case 'featurekey':
        await this.featurekey();
        break;
      case 'clusterconfig':
        await this.clusterconfig(args);
        break;
      case 'clustermode':
        await this.clustermode(args);
        break;
      case 'grep':
        await this.grep(args);
        break;
      case 'showconfig':
        await this.showconfig(false);
        break;
      case 'saveconfig':
        await this.showconfig(true, args);
        break;
      case 'help':
        await this.print(
          'clusterconfig  commit  deliveryconfig  featurekey  grep  interfaceconfig  resume  routeconfig  saveconfig  showconfig\nsslconfig  status  suspend  telnet  tlsverify  tophosts  version  whoami\n',
        );
        break;
      default:
        await this.print(`Unknown command or missing feature key: ${words[0]}\n`);
    }
    return true;
  }

  /** Cluster-restricted commands offer to switch mode, as AsyncOS does. */
  private async ensureMode(name: string): Promise<boolean> {
    const cluster = this.appliance.cluster;
    if (!cluster) return true;
    if (MACHINE_ONLY.has(name) && this.mode !== 'machine') {
      await this.print(`This command is restricted to "machine" mode.`);
      if (!(await this.yesNo('  Would you like to switch to "machine" mode?', 'Y'))) return false;
      const names = cluster.machines.map((m) => m.name);
      const own = names.indexOf(this.appliance.hostname) + 1;
      const pick = await this.choose('Choose a machine.', names, own);
      if (pick === undefined) return false;
      this.mode = 'machine';
      return true;
    }
    if (CLUSTER_ONLY.has(name) && this.mode !== 'cluster') {
      await this.print(`This command is restricted to "cluster" mode.`);
      if (!(await this.yesNo('  Would you like to switch to "cluster" mode?', 'Y'))) return false;
      this.mode = 'cluster';
    }
    return true;
  }

  // ---- commands --------------------------------------------------------------------------

  private async status(args: string[]): Promise<void> {
    const a = this.appliance;
    const lines = [
      ...(args[0] === 'detail' ? [] : ['Enter "status detail" for more information.', '']),
      'Status as of:                  Mon Nov 23 13:00:00 2026 GMT',
      'Up since:                      Mon Nov 16 08:12:40 2026 GMT (7d 4h 47m 20s)',
      'Last counter reset:            Never',
      `System status:                 ${a.online ? 'Online' : 'Offline'}`,
      `Oldest Message:                ${a.queues.some((q) => q.active > 0) ? '2 hours 14 mins 7 secs' : 'No Messages'}`,
      ...a.featureKeys.slice(0, 4).map((k) => `Feature - ${k.module}:`.padEnd(32) + k.remaining),
      '',
      'Counters:                      Reset       Uptime     Lifetime',
      '  Receiving',
      '    Messages Received          1,204        1,204      412,889',
      '    Recipients Received        1,391        1,391      498,102',
      '  Delivery',
      '    Recipients Delivered       1,301        1,301      470,554',
      '',
      'Gauges:                      Current',
      '  Queue',
      `    Active Recipients            ${a.queues.reduce((n, q) => n + q.active, 0)}`,
      '',
    ];
    await this.print(lines.join('\n') + '\n');
  }

  private async version(): Promise<void> {
    const a = this.appliance;
    await this.print(
      [
        'Current Version',
        '===============',
        `UDI: ${a.model} V01 FCH2033V0GQ`,
        `Name: ${a.model}`,
        `Product: ${this.productName()}`,
        `Model: ${a.model}`,
        `Version: ${a.version}`,
        'Build Date: 2020-07-01',
        'Install Date: 2020-08-03 10:22:11',
        `Serial #: ${a.serial}`,
        'BIOS: C220M4.2.0.13g.0.1130',
        'RAID: 4.620.01-7265, 6.703.11.0, 0.00.00.00',
        'RAID Status: Optimal',
        'RAID Type: 10',
        'BMC: 2.0(13e)',
        '',
      ].join('\n'),
    );
  }

  private async resume(): Promise<void> {
    const names = this.appliance.listeners.map((l) => l.name).join(', ');
    if (this.appliance.online) {
      await this.print('Mail delivery and receiving are not suspended.\n');
      return;
    }
    this.appliance.online = true;
    await this.print(`Receiving resumed for ${names}.\nMail delivery resumed.\n`);
  }

  private async suspend(): Promise<void> {
    await this.ask('Enter the number of seconds to wait before abruptly closing connections.', '30');
    this.appliance.online = false;
    await this.print(`Receiving suspended for ${this.appliance.listeners.map((l) => l.name).join(', ')}.\nMail delivery suspended.\n`);
  }

  private async commit(): Promise<void> {
    await this.ask('Please enter some comments describing your changes:', '');
    await this.yesNo('Do you want to save the current configuration for rollback?', 'Y');
    await this.print('Changes committed: Mon Nov 23 13:00:00 2026 GMT\n');
  }

  private sslSettings(): string {
    const s = this.appliance.ssl;
    const perLine = versionAtLeast(this.appliance.version, 9, 5);
    const cipherLine = (label: string, list: string) =>
      perLine ? `  ${label} ciphers:\n${list.split(':').map((c) => `    ${c}`).join('\n')}` : `  ${label} ciphers: ${list}`;
    return [
      'sslconfig settings:',
      `  GUI HTTPS method:  ${s.guiMethod}`,
      cipherLine('GUI HTTPS', s.guiCiphers),
      `  Inbound SMTP method:  ${s.inboundMethod}`,
      cipherLine('Inbound SMTP', s.inboundCiphers),
      `  Outbound SMTP method:  ${s.outboundMethod}`,
      cipherLine('Outbound SMTP', s.outboundCiphers),
      '',
    ].join('\n');
  }

  private async sslconfig(): Promise<void> {
    for (;;) {
      await this.print(this.sslSettings());
      const op = await this.menu([
        ['GUI', 'Edit GUI HTTPS ssl settings.'],
        ['INBOUND', 'Edit Inbound SMTP ssl settings.'],
        ['OUTBOUND', 'Edit Outbound SMTP ssl settings.'],
        ['VERIFY', 'Verify and show ssl cipher list.'],
      ]);
      if (op === '') return;
      if (op === 'OUTBOUND') {
        const methods = ['SSL v2.', 'SSL v3', 'TLS v1', 'SSL v2 and v3', 'SSL v3 and TLS v1', 'SSL v2, v3 and TLS v1'];
        await this.choose('Enter the outbound SMTP ssl method you want to use.', methods, 5);
        const list = await this.ask('Enter the outbound SMTP ssl cipher you want to use.', this.appliance.ssl.outboundCiphers);
        this.appliance.ssl.outboundCiphers = list;
      } else if (op === 'VERIFY') {
        const list = await this.ask('Enter the ssl cipher you want to verify.', '');
        await this.print(list.split(/[:, ;]+/).filter(Boolean).map((c) => `${c}`).join('\n') + '\n');
      } else if (op !== 'GUI' && op !== 'INBOUND') {
        await this.print('Unknown operation.\n');
      }
    }
  }

  private ifaceLabel(i: SimInterface): string {
    return `${i.name} (${i.ip}/${i.prefix}: ${i.hostname})`;
  }

  private async deliveryconfig(): Promise<void> {
    for (;;) {
      await this.print(
        [
          `Default interface to deliver mail: ${this.appliance.deliveryInterface}`,
          'Possible Delivery: Enabled',
          'Default system wide maximum outbound message delivery concurrency: 10000',
          'Default system wide TLS maximum outbound message delivery concurrency: 10000',
          '',
        ].join('\n'),
      );
      const op = await this.menu([['SETUP', 'Configure mail delivery.']]);
      if (op !== 'SETUP') return;
      const options = ['Auto', ...this.appliance.interfaces.map((i) => this.ifaceLabel(i))];
      const current = this.appliance.interfaces.findIndex((i) => i.name === this.appliance.deliveryInterface) + 2;
      const pick = await this.choose('Choose the default interface to deliver mail.', options, current > 1 ? current : 1);
      if (pick !== undefined) this.appliance.deliveryInterface = pick === 1 ? 'Auto' : this.appliance.interfaces[pick - 2].name;
    }
  }

  private async interfaceconfig(): Promise<void> {
    const list = this.appliance.interfaces.map((i, n) => `${n + 1}. ${i.name} (${i.ip}/${i.prefix} on ${i.phys}: ${i.hostname})`);
    await this.print(['Currently configured interfaces:', ...list, ''].join('\n') + '\n');
    await this.menu([
      ['NEW', 'Create a new interface.'],
      ['EDIT', 'Modify an interface.'],
      ['GROUPS', 'Define interface groups.'],
      ['DELETE', 'Remove an interface.'],
    ]);
  }

  private async routeconfig(): Promise<void> {
    const routes = this.appliance.routes;
    const list = routes.length
      ? ['Currently configured routes:', ...routes.map((r, n) => `${n + 1}. ${r.name} Destination: ${r.destination} Gateway: ${r.gateway}`)]
      : ['There are no routes configured.'];
    await this.print([...list, ''].join('\n') + '\n');
    await this.menu([
      ['NEW', 'Create a new route.'],
      ['EDIT', 'Modify a route.'],
      ['DELETE', 'Remove a route.'],
      ['CLEAR', 'Clear all entries.'],
      ['PRINT', 'Display all entries.'],
    ]);
  }

  /** Simulated network: what a TCP connection from this appliance to `ip:port` meets. */
  private connect(ip: string, port: number, from: SimInterface | undefined): { result: 'connected' | 'refused' | 'timeout'; peer?: SimAppliance } {
    if (!from || !canReachFrom(this.appliance, from, ip)) return { result: 'timeout' };
    const peer = this.scenario.appliances.find((p) => ownsAddress(p, ip));
    if (!peer) return { result: 'timeout' };
    const iface = peer.interfaces.find((i) => i.ip === ip)!;
    const listener = peer.listeners.find((l) => l.port === port && l.interfaceName === iface.name);
    if (!listener || !peer.online) return { result: 'refused', peer };
    return { result: 'connected', peer };
  }

  private async telnet(args: string[]): Promise<void> {
    const ifaces = this.appliance.interfaces;
    let from: SimInterface | undefined;
    let host: string;
    let port: number;
    if (args.length >= 1) {
      host = args[0];
      port = Number(args[1] ?? 25);
      from = autoInterface(this.appliance, host);
    } else {
      const pick = await this.choose('Please select which interface you want to telnet from.', ['Auto', ...ifaces.map((i) => this.ifaceLabel(i))], 1);
      if (pick === undefined) return;
      host = await this.ask('Enter the remote hostname or IP address.', '');
      port = Number(await this.ask('Enter the remote port.', '25'));
      from = pick === 1 ? autoInterface(this.appliance, host) : ifaces[pick - 2];
    }
    await this.print(`Trying ${host}...\n`);
    const { result, peer } = this.connect(host, port, from);
    if (result === 'timeout') {
      await this.print(`telnet: connect to address ${host}: Operation timed out\ntelnet: Unable to connect to remote host\n`);
      return;
    }
    if (result === 'refused') {
      await this.print(`telnet: connect to address ${host}: Connection refused\ntelnet: Unable to connect to remote host\n`);
      return;
    }
    await this.print(`Connected to ${host}.\nEscape character is '^]'.\n220 ${peer!.hostname} ESMTP\n`);
    // A real SMTP peer waits for the client; leave on QUIT, an empty line or end of input.
    for (;;) {
      const line = await this.io.readLine();
      if (line === null || line.trim() === '' || /^quit$/i.test(line.trim())) break;
      await this.print('250 ok\n');
    }
    await this.print(`221 ${peer!.hostname}\nConnection closed by foreign host.\n`);
  }

  private async tlsverify(args: string[]): Promise<void> {
    let domain: string;
    let dest: string;
    if (args.length >= 1) {
      domain = args[0];
      dest = args[1] ?? domain;
    } else {
      domain = await this.ask('Enter the TLS domain to verify against:', '');
      dest = await this.ask('Enter the destination host to connect to.  Append the port (example.com:26) if you are not\nconnecting on port 25:', domain);
    }
    const [host, portText] = dest.split(':');
    const port = Number(portText ?? 25);
    const from = autoInterface(this.appliance, host);
    await this.print(`Connecting to ${host} on port ${port}.\n`);
    const { result, peer } = this.connect(host, port, from);
    if (result !== 'connected') {
      await this.print(
        `Connection to ${host} failed: ${result === 'refused' ? 'Connection refused' : 'Operation timed out'}.\nFailed to connect to [${host}].\nTLS verification completed.\n`,
      );
      return;
    }
    await this.print(`Connected to ${host} from interface ${from!.ip}.\nChecking TLS connection.\n`);
    if (peer!.offersAnonymousCipher && simAllowsAnonymous(this.appliance.ssl.outboundCiphers)) {
      await this.print(
        [
          'TLS connection established: protocol TLSv1, cipher ADH-CAMELLIA256-SHA.',
          'Verifying peer certificate.',
          'Certificate verification failed: no certificate from server.',
          `TLS connection to ${host} failed: verify error.`,
          'TLS was required but could not be successfully negotiated.',
          `Failed to connect to [${host}].`,
          'TLS verification completed.',
          '',
        ].join('\n'),
      );
      return;
    }
    await this.print(
      [
        'TLS connection established: protocol TLSv1.2, cipher DHE-RSA-AES256-SHA.',
        'Verifying peer certificate.',
        `Verifying certificate common name ${domain}.`,
        `TLS certificate match ${domain}`,
        'TLS certificate verified.',
        `TLS connection to ${host} succeeded.`,
        '',
        `TLS successfully connected to [${host}].`,
        'TLS verification completed.',
        '',
      ].join('\n'),
    );
  }

  private async tophosts(args: string[]): Promise<void> {
    if (args.length === 0) {
      await this.choose('Sort results by:', ['Active Recipients', 'Connections Out', 'Delivered Recipients', 'Hard Bounced Recipients', 'Soft Bounced Events'], 1);
    }
    const rows = [...this.appliance.queues].sort((a, b) => b.active - a.active);
    const lines = [
      '',
      'Status as of:                  Mon Nov 23 13:00:00 2026 GMT',
      "Hosts marked with '*' were down as of the last delivery attempt.",
      '                                        Active    Conn.   Deliv.     Soft     Hard',
      '  #   Recipient Host                     Recip      Out    Recip.  Bounced  Bounced',
      ...rows.map(
        (q, n) =>
          `${String(n + 1).padStart(3)}${q.down ? '*' : ' '}  ${q.host.padEnd(32)}${String(q.active).padStart(8)}${String(q.connOut).padStart(9)}${String(q.delivered).padStart(9)}${String(q.soft).padStart(9)}${String(q.hard).padStart(9)}`,
      ),
      '',
    ];
    await this.print(lines.join('\n'));
  }

  private async featurekey(): Promise<void> {
    const keys = this.appliance.featureKeys;
    const lines = [
      'Module                                               Quantity  Remaining     Expiration Date',
      ...keys.map((k) => `${k.module.padEnd(53)}${String(k.quantity).padEnd(10)}${k.remaining.padEnd(14)}${k.expiration}`),
      '',
    ];
    await this.print(lines.join('\n') + '\n');
    await this.menu([
      ['ACTIVATE', 'Activate a (pending) key.'],
      ['CHECKNOW', 'Check now for new feature keys.'],
    ]);
  }

  private clusterList(): string {
    const c = this.appliance.cluster!;
    const out = [`cluster = ${c.name}`];
    for (const g of [...new Set(c.machines.map((m) => m.group))]) {
      out.push(`Group ${g}:`);
      for (const m of c.machines.filter((x) => x.group === g)) out.push(`Machine ${m.name} (Serial #: ${m.serial})`);
    }
    return out.join('\n') + '\n';
  }

  private async clusterconfig(args: string[]): Promise<void> {
    const c = this.appliance.cluster;
    if (!c) {
      await this.choose(
        'Do you want to join or create a cluster?',
        ['No, configure as standalone.', 'Create a new cluster.', 'Join an existing cluster over SSH.', 'Join an existing cluster over CCS.'],
        1,
      );
      return;
    }
    if (args[0]?.toLowerCase() === 'list') {
      await this.print(this.clusterList());
      return;
    }
    for (;;) {
      await this.print(`\nCluster ${c.name}\n\n`);
      const op = await this.menu([
        ['ADDGROUP', 'Add a cluster group.'],
        ['SETGROUP', 'Set the group that machines are a member of.'],
        ['RENAMEGROUP', 'Rename a cluster group.'],
        ['DELETEGROUP', 'Remove a cluster group.'],
        ['REMOVEMACHINE', 'Remove a machine from the cluster.'],
        ['SETNAME', 'Set the cluster name.'],
        ['LIST', 'List the machines in the cluster.'],
        ['CONNSTATUS', 'Show the status of connections between machines.'],
        ['COMMUNICATION', 'Configure how machines communicate within the cluster.'],
        ['DISCONNECT', 'Temporarily detach machines from the cluster.'],
        ['RECONNECT', 'Restore connections with machines that were previously detached.'],
        ['PREPJOIN', 'Prepare the addition of a new machine over CCS.'],
      ]);
      if (op === '') return;
      if (op === 'LIST') await this.print(this.clusterList());
    }
  }

  private async clustermode(args: string[]): Promise<void> {
    if (!this.appliance.cluster) {
      await this.print('This machine has not been clustered.\n');
      return;
    }
    const target = (args[0] ?? '').toLowerCase();
    if (target === 'cluster' || target === 'machine') this.mode = target;
    else await this.print('Usage: clustermode cluster | machine\n');
  }

  private async grep(args: string[]): Promise<void> {
    let insensitive = false;
    let pattern: string | undefined;
    const rest: string[] = [];
    for (let n = 0; n < args.length; n++) {
      if (args[n] === '-i') insensitive = true;
      else if (args[n] === '-e') pattern = args[++n];
      else rest.push(args[n]);
    }
    let log: string | undefined;
    if (rest.length === 0 && pattern === undefined) {
      const pick = await this.choose('Currently configured logs:', ['"mail_logs" Type: "IronPort Text Mail Logs" Retrieval: FTP Poll', '"system_logs" Type: "System Logs" Retrieval: FTP Poll'], 1);
      log = pick === 2 ? 'system_logs' : 'mail_logs';
      pattern = await this.ask('Enter the regular expression to grep.', '');
      insensitive = await this.yesNo('Do you want this search to be case insensitive?', 'Y');
      await this.yesNo('Do you want to search for non-matching lines?', 'N');
      await this.yesNo('Do you want to tail the logs?', 'N');
      await this.yesNo('Do you want to paginate the output?', 'N');
    } else {
      log = rest.pop();
      if (pattern === undefined) pattern = rest.join(' ');
    }
    if (log !== 'mail_logs' && log !== 'system_logs') {
      await this.print(`Unknown log name: ${log ?? ''}\n`);
      return;
    }
    const lines = log === 'mail_logs' ? this.appliance.mailLog : ['Mon Nov 23 12:58:01 2026 Info: login from 10.172.12.5 on 10.172.12.18'];
    let re: RegExp;
    try {
      re = new RegExp(pattern ?? '', insensitive ? 'i' : '');
    } catch {
      await this.print('Invalid regular expression.\n');
      return;
    }
    const hits = lines.filter((l) => re.test(l));
    if (hits.length) await this.print(hits.join('\n') + '\n');
  }

  private async showconfig(save: boolean, args: string[] = []): Promise<void> {
    let mode: PassphraseMode = 'mask';
    if (args.length >= 1) {
      mode = /^(y|1)$/i.test(args[0]) || /^1$/.test(args[1] ?? '') ? 'mask' : args[1] === '2' ? 'encrypt' : 'plain';
    } else if (versionAtLeast(this.appliance.version, 9, 0)) {
      const pick = await this.choose(
        'Choose the passphrase option:',
        ['Mask passphrases (Files with masked passphrases cannot be loaded using loadconfig command)', 'Encrypt passphrases', 'Plain passphrases'],
        1,
      );
      mode = pick === 2 ? 'encrypt' : pick === 3 ? 'plain' : 'mask';
    } else {
      const masked = await this.yesNo('Do you want to mask the password? Files with masked passwords cannot be loaded using loadconfig command.', 'Y');
      mode = masked ? 'mask' : 'plain';
    }
    if (mode === 'plain' && this.user.role !== 'admin') mode = 'mask';
    const xml = renderConfigXml(this.scenario, this.appliance, mode);
    if (save) {
      const file = `${this.appliance.model}-${this.appliance.serial}-20261123T130000.xml`;
      await this.print(`The file ${file} has been saved in the configuration directory.\n`);
      return;
    }
    await this.print(xml);
  }
}
