/**
 * The contract of a live check. Check ids are public: the CLI's JSON and the editor's tree view
 * use them, so an id never changes meaning.
 */
import type { ApplianceFacts } from './facts';
import type { ApplianceTarget } from '../ssh/target';
import type { HostKeyVerdict } from '../ssh/hostKeys';
import type { SshError } from '../ssh/connection';

export type Verdict = 'ok' | 'problem' | 'unknown' | 'error';

export interface CheckOutcome {
  verdict: Verdict;
  summary: string;
  /** Lines seen on the appliance that the verdict rests on. */
  evidence: string[];
  advice?: string;
}

export interface CheckResult extends CheckOutcome {
  id: string;
  title: string;
  /** Commands the check ran (or would run). */
  commands: string[];
}

export interface ProbeSettings {
  /** Peer SMA address(es) when they cannot be read from the appliance (`--sma`). */
  smaAddresses: string[];
  /** Turns a cipher list into facts; absent until the cipher engine is wired in. */
  cipherEvaluator?: CipherEvaluator;
  /** Runs the static configuration rules over a fetched configuration. */
  configAnalyzer?: ConfigAnalyzer;
}

export interface CipherVerdict {
  /** OpenSSL accepts the list. */
  accepted: boolean;
  error?: string;
  /** Anonymous (aNULL) suites the list selects. */
  anonymous: string[];
  /** How many suites it selects. */
  count: number;
  /** OpenSSL profile used, e.g. `1.0.2k-default`. */
  profile: string;
}

export type CipherEvaluator = (cipherList: string, release: string | undefined) => CipherVerdict | undefined;

export interface ConfigFinding {
  rule: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  line: number;
}

export type ConfigAnalyzer = (xml: string, uri: string, peers: string[]) => { recognised: boolean; findings: ConfigFinding[] };

export interface CheckContext {
  target: ApplianceTarget;
  facts: ApplianceFacts;
  settings: ProbeSettings;
  /** Every appliance of this probe run, this one included (for cross-appliance checks). */
  fleet: readonly CheckContext[];
  /** How the connection went; when `error` is set no session exists and `facts` must not be used. */
  connection?: { hostKey?: HostKeyVerdict; error?: SshError; connectedMs?: number };
}

export interface LiveCheck {
  id: string;
  title: string;
  /** The seed scenario this check reproduces, if any. */
  scenario?: number;
  /** The AsyncOS commands the check runs, for documentation and the tree view. */
  runs: string[];
  /** Needs the other appliances of the run (runs after every appliance's own checks). */
  fleet?: boolean;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}
