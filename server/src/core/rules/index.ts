import type { Rule } from './types';
import { structureRules } from './structure';
import { hatRules } from '../hat/rules';
import { networkRules } from '../network/rules';
import { clusterRules } from '../cluster/rules';
import { cipherRules } from '../ciphers/rules';

/**
 * The rule registry, sorted by id. Each group module lists the rules of one
 * area (one rule per file inside it); add a group by importing it here.
 */
export const allRules: readonly Rule[] = [...structureRules, ...hatRules, ...networkRules, ...clusterRules, ...cipherRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
