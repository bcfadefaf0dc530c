import { CPQ_LISTENER_NAME } from '../model/assumptions';
import { cpqListeners } from './helpers';
import type { Rule } from './types';

/**
 * cpq-listener-missing: centralized PVO is expected but the hidden
 * `cpq_listener` is absent, so the peer appliance has nothing to connect to
 * on port 7025 and the PVO Enable button stays greyed out.
 */
export const cpqListenerMissing: Rule = {
  meta: {
    id: 'cpq-listener-missing',
    defaultSeverity: 'error',
    description: 'Centralized PVO is expected but the configuration has no cpq_listener.',
    fixable: false,
    scenarios: [1],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      missing: 'No {listener}: {why}, but there is no listener named "{listener}" with protocol CPQ, so the peer appliance cannot connect on the PVO port (default 7025). Enable centralized PVO again on the appliance, or restore the listener.',
      whyExpected: 'centralized PVO is expected (as the caller says)',
      whyConfigured: 'the file configures centralized PVO (<{element}>)',
      pvoSetting: 'PVO setting',
    },
  },
  check(model, context) {
    if (!context.options.expectPvo && !model.pvoEvident) return [];
    if (cpqListeners(model).length > 0) return [];
    const root = model.document.root;
    if (!root) return [];
    const evidence = model.levels.flatMap((level) => level.pvoElements)[0];
    const why = context.options.expectPvo ? { id: 'whyExpected' } : { id: 'whyConfigured', args: { element: String(evidence?.name) } };
    return [{
      message: { id: 'missing', args: { listener: CPQ_LISTENER_NAME, why } },
      span: root.nameSpan,
      related: evidence ? [{ message: { id: 'pvoSetting' }, span: evidence.nameSpan }] : [],
    }];
  },
};
