import { configShape } from './config-shape';
import { cpqListenerMissing } from './cpq-listener-missing';
import { cpqListenerPort } from './cpq-listener-port';
import { cpqListenerProtocol } from './cpq-listener-protocol';
import { cpqListenerPublic } from './cpq-listener-public';
import { listenerInterfaceUnknown } from './listener-interface-unknown';
import { listenerPortConflict } from './listener-port-conflict';
import type { Rule } from './types';
import { xmlEncoding } from './xml-encoding';
import { xmlSyntax } from './xml-syntax';

/** Rules about the file itself and the listeners' basic shape. */
export const structureRules: Rule[] = [
  xmlSyntax,
  xmlEncoding,
  configShape,
  cpqListenerMissing,
  cpqListenerProtocol,
  cpqListenerPort,
  cpqListenerPublic,
  listenerInterfaceUnknown,
  listenerPortConflict,
];
