/**
 * What the checks read from one appliance, each command run at most once per probe and shared by
 * every check that needs it. Transport failures propagate (the check reports `error`); output
 * that cannot be read comes back as a "could not read" result (the check reports `unknown`).
 */
import type { AsyncOsSession } from '../ssh/cliSession';
import {
  parseClusterconfig,
  parseDeliveryconfig,
  parseFeaturekey,
  parseInterfaceconfig,
  parseMailLogGrep,
  parseRouteconfig,
  parseSslconfig,
  parseStatus,
  parseTelnet,
  parseTlsverify,
  parseTophosts,
  parseVersion,
  parseWhoami,
  type Parsed,
  type TelnetResult,
} from '../parsers';
import { readRunningConfig } from '../parsers/runningConfig';
import { assertHostName } from '../ssh/target';

/** Mail-log lines that matter for CPQ, in one grep. */
export const MAIL_LOG_PATTERN = 'port 7025|CPQ ICID|TLS failed|TLS was required|Centralized Policy Quarantine|the\\.cpq';

export class ApplianceFacts {
  private readonly memo = new Map<string, Promise<unknown>>();
  /** Raw text of each command, for `--verbose` style reports and fixtures. */
  readonly transcripts = new Map<string, string>();

  constructor(
    readonly session: AsyncOsSession,
    private readonly longTimeoutMs = 90_000,
  ) {}

  private once<T>(key: string, produce: () => Promise<string>, parse: (text: string) => T): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = produce().then((text) => {
        this.transcripts.set(key, text);
        return parse(text);
      });
      this.memo.set(key, p);
    }
    return p;
  }

  status = () => this.once('status', () => this.session.exec('status'), parseStatus);
  version = () => this.once('version', () => this.session.exec('version'), parseVersion);
  whoami = () => this.once('whoami', () => this.session.exec('whoami'), parseWhoami);
  sslconfig = () => this.once('sslconfig', () => this.session.dialog('sslconfig'), parseSslconfig);
  deliveryconfig = () => this.once('deliveryconfig', () => this.session.dialog('deliveryconfig'), parseDeliveryconfig);
  interfaces = () => this.once('interfaceconfig', () => this.session.dialog('interfaceconfig'), parseInterfaceconfig);
  routes = () => this.once('routeconfig', () => this.session.dialog('routeconfig'), parseRouteconfig);
  tophosts = () => this.once('tophosts', () => this.session.dialog('tophosts', { answers: ['1'] }), parseTophosts);
  featurekeys = () => this.once('featurekey', () => this.session.dialog('featurekey'), parseFeaturekey);
  cluster = () =>
    this.once(
      'clusterconfig',
      () => this.session.dialog('clusterconfig', { answers: (shown) => (/Choose the operation/.test(shown) && !/cluster = /.test(shown) ? 'LIST' : '') }),
      parseClusterconfig,
    );
  /**
   * The batch form `grep -i -e <regex> mail_logs` first; releases that only know the interactive
   * form get the menu (log by number, the regex, then the defaults).
   */
  mailLog = () =>
    this.once(
      'grep mail_logs',
      async () => {
        const batch = await this.session.exec(`grep -i -e "${MAIL_LOG_PATTERN}" mail_logs`, { timeoutMs: this.longTimeoutMs });
        if (parseMailLogGrep(batch).ok) return batch;
        return this.session.dialog('grep', {
          answers: (shown, step) => {
            if (step === 0) return /^\s*(\d+)\.\s+"?mail_logs"?/m.exec(shown)?.[1] ?? '';
            if (step === 1) return MAIL_LOG_PATTERN;
            if (/case insensitive/i.test(shown)) return 'Y';
            return /tail|paginate|non-matching/i.test(shown) ? 'N' : '';
          },
          timeoutMs: this.longTimeoutMs,
        });
      },
      parseMailLogGrep,
    );
  runningConfig = () =>
    this.once(
      'showconfig',
      () =>
        this.session.dialog('showconfig', {
          // Always masked: the fetched file is analysed and may be shown, so it must not carry secrets.
          answers: (shown) => (/passphrase option/i.test(shown) ? '1' : /mask the pass/i.test(shown) ? 'Y' : ''),
          timeoutMs: this.longTimeoutMs,
        }),
      readRunningConfig,
    );

  /** `telnet` from an interface (`Auto` or a name) to `host:port`. */
  telnet(fromInterface: string, host: string, port: number): Promise<Parsed<TelnetResult>> {
    const pick = (shown: string): string => {
      const re = new RegExp(`^\\s*(\\d+)\\.\\s+${fromInterface.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|\\(|$)`, 'm');
      return re.exec(shown)?.[1] ?? '1';
    };
    return this.once(
      `telnet ${fromInterface} ${host} ${port}`,
      async () => {
        // The peer comes from --sma, a setting or the appliance's own configuration; typed as an answer, it must be only a host.
        assertHostName(host, 'peer address for telnet');
        return this.session.dialog('telnet', {
          answers: (shown, step) => (step === 0 ? pick(shown) : step === 1 ? host : step === 2 ? String(port) : ''),
          rules: [{ when: /^220[ -]/m, reply: 'quit' }],
          timeoutMs: this.longTimeoutMs,
        });
      },
      parseTelnet,
    );
  }

  tlsverify(domain: string, host: string, port: number) {
    return this.once(
      `tlsverify ${domain} ${host}:${port}`,
      async () => {
        assertHostName(domain, 'domain for tlsverify');
        assertHostName(host, 'peer address for tlsverify');
        return this.session.dialog('tlsverify', { answers: [domain, `${host}:${port}`], timeoutMs: this.longTimeoutMs });
      },
      parseTlsverify,
    );
  }
}
