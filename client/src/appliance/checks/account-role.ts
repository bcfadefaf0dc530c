import { unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const accountRole: LiveCheck = {
  id: 'account-role',
  title: 'Account is an administrator',
  scenario: 2,
  runs: ['whoami'],
  async run(ctx) {
    const who = await ctx.facts.whoami();
    if (!who.ok) return unknownFrom(who);
    const evidence = [`Username: ${who.value.username}`, `Groups: ${who.value.groups.join(', ')}`];
    if (who.value.isAdministrator) return { verdict: 'ok', summary: `${who.value.username} is an Administrator.`, evidence };
    return {
      verdict: 'problem',
      summary: `${who.value.username} has the ${who.value.role} role, not Administrator: PVO set-up can be walked through but Enable stays greyed out.`,
      evidence,
      advice: 'Log in to both the SMA and the ESA with an administrator account, then submit and commit the migration wizard on the SMA.',
    };
  },
};
