import type { Rule } from '../../rules/types';
import { deliveryInterfaceUnreachable } from './delivery-interface-unreachable';

/** Rules about whether the appliance can reach its peer over the network. */
export const networkRules: Rule[] = [deliveryInterfaceUnreachable];
