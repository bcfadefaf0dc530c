import type { LiveCheck } from './types';

/** The SSH connection itself: reported from the connection attempt the probe already made. */
export const sshReachable: LiveCheck = {
  id: 'ssh-reachable',
  title: 'SSH reachable, host key verified',
  runs: [],
  async run(ctx) {
    const c = ctx.connection;
    if (c?.error) {
      const hostKey = c.error.code.startsWith('host-key');
      return {
        verdict: 'problem',
        summary: c.error.message,
        evidence: [],
        advice: hostKey
          ? 'Compare the fingerprint with the one shown on the appliance console (`sshconfig` / `ssh-keygen -lf`) before trusting it.'
          : c.error.code === 'auth'
            ? 'Check the user name and credentials; the SMA also needs SSH to the ESA (scenario 8).'
            : 'Check the address, the port, routing and firewalls between this machine and the appliance.',
      };
    }
    const key = c?.hostKey?.presented;
    return {
      verdict: 'ok',
      summary: `Connected and authenticated as ${ctx.target.user}.`,
      evidence: key ? [`host key ${key.keyType} ${key.fingerprint} (${c?.hostKey?.status === 'known' ? 'known' : 'accepted'})`] : [],
    };
  },
};
