import type { Rule } from './types';

/** Rules about the file itself and the listeners' basic shape. */
export const structureRules: Rule[] = [];
