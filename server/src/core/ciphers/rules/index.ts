import type { Rule } from '../../rules/types';
import { cipherAnonymous } from './cipher-anonymous';
import { cipherAnonymousOutbound } from './cipher-anonymous-outbound';
import { cipherNoMatch } from './cipher-no-match';
import { cipherNullEncryption } from './cipher-null-encryption';
import { cipherSyntax } from './cipher-syntax';
import { cipherUnknownAlias } from './cipher-unknown-alias';
import { cipherWeak } from './cipher-weak';
import { tlsMethodWeak } from './tls-method-weak';

/** Rules about TLS settings: every cipher list evaluated with the appliance's OpenSSL, and the TLS methods. */
export const cipherRules: Rule[] = [
  cipherAnonymous,
  cipherAnonymousOutbound,
  cipherNoMatch,
  cipherNullEncryption,
  cipherSyntax,
  cipherUnknownAlias,
  cipherWeak,
  tlsMethodWeak,
];
