import type { SuiteRisk } from './ciphers/describe';
import type { Severity } from './rules/types';

/** Everything a caller can tell the analyzer; every field is optional. */
export interface AnalyzerOptions {
  /** Centralized PVO is expected even if the file does not show it (`--expect-pvo`). */
  expectPvo?: boolean;
  /** AsyncOS release to assume when the header does not give one (`--release`). */
  release?: string;
  /** OpenSSL build profile id, overriding the one derived from the release (`--openssl`). */
  opensslProfile?: string;
  /** The peer SMA's (or, on an SMA, the ESAs') address(es) (`--sma`). */
  peerAddresses?: string[];
  /** Which suite risks `cipher-weak` reports (default: export, low, rc4, des, 3des, md5, sslv2). */
  cipherWeakRisks?: SuiteRisk[];
  /** Language of finding messages: `fr`, `ja`, `ko`, `it`; English when absent or unknown (docs/L10N.md). */
  locale?: string;
  /** Per-rule severity; `off` disables the rule. */
  severities?: Record<string, Severity | 'off'>;
}
