import type { Rule } from './types';

/**
 * config-shape: the file has a shape the analyzer does not know (the format
 * is only partly public). Information only: a shape the file does not have is
 * a fact worth knowing, never an error.
 */
export const configShape: Rule = {
  meta: {
    id: 'config-shape',
    defaultSeverity: 'information',
    description: 'A part of the configuration could not be located where the analyzer expects it.',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      noClusterLevel: 'Could not locate the cluster-level settings; expected <{root}><cluster><config>...',
    },
  },
  check(model) {
    return model.notes.map((note) => ({ message: note.messageId ? { id: note.messageId, args: note.args } : note.message, span: note.span }));
  },
};
