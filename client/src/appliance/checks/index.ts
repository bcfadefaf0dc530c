/** The live check suite, in the order reports list it. Ids are a public contract. */
import { accountRole } from './account-role';
import { clusterOverrides } from './cluster-overrides';
import { clusterPvoInterface } from './cluster-pvo-interface';
import { cpqListener } from './cpq-listener';
import { cpqQueues } from './cpq-queues';
import { deliveryInterface } from './delivery-interface';
import { featureKeys } from './feature-keys';
import { mailLogTlsFailures } from './mail-log-tls-failures';
import { outboundCiphers } from './outbound-ciphers';
import { peerPortReachable } from './peer-port-reachable';
import { pvoPair } from './pvo-pair';
import { runningConfig } from './running-config';
import { sshReachable } from './ssh-reachable';
import { systemOnline } from './system-online';
import { tlsToPeer } from './tls-to-peer';
import type { LiveCheck } from './types';

export const liveChecks: readonly LiveCheck[] = [
  sshReachable,
  accountRole,
  systemOnline,
  cpqListener,
  outboundCiphers,
  tlsToPeer,
  deliveryInterface,
  peerPortReachable,
  featureKeys,
  clusterOverrides,
  clusterPvoInterface,
  cpqQueues,
  mailLogTlsFailures,
  runningConfig,
  pvoPair,
];

export const CHECK_IDS = liveChecks.map((c) => c.id);
