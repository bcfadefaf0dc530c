import type { Rule } from '../../rules/types';
import { cpqPeerNotRelayed } from './cpq-peer-not-relayed';
import { cpqPeerPortMismatch } from './cpq-peer-port-mismatch';
import { hatInvalidAddress } from './hat-invalid-address';
import { hatMissingAll } from './hat-missing-all';
import { hatShadowedEntry } from './hat-shadowed-entry';
import { hatSyntax } from './hat-syntax';
import { hatUndefinedGroup } from './hat-undefined-group';
import { hatUndefinedPolicy } from './hat-undefined-policy';
import { ratNoAccept } from './rat-no-accept';
import { ratSyntax } from './rat-syntax';

/** Rules about listeners' host and recipient access tables. */
export const hatRules: Rule[] = [
  hatSyntax,
  hatInvalidAddress,
  hatUndefinedPolicy,
  hatUndefinedGroup,
  hatShadowedEntry,
  hatMissingAll,
  cpqPeerNotRelayed,
  cpqPeerPortMismatch,
  ratSyntax,
  ratNoAccept,
];
