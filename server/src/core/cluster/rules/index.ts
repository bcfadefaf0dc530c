import type { Rule } from '../../rules/types';
import { clusterFeaturekeyMismatch } from './cluster-featurekey-mismatch';
import { clusterLevelOverride } from './cluster-level-override';
import { clusterPvoInterfaceMissing } from './cluster-pvo-interface-missing';

/** Rules about cluster levels: what must be configured once, at cluster level, for PVO. */
export const clusterRules: Rule[] = [clusterLevelOverride, clusterPvoInterfaceMissing, clusterFeaturekeyMismatch];
