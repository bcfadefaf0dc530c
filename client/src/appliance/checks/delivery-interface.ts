import { noPeer, peerAddresses, pvoPort, unknownFrom } from './helpers';
import type { LiveCheck } from './types';

export const deliveryInterface: LiveCheck = {
  id: 'delivery-interface',
  title: 'Default delivery interface reaches the peer',
  scenario: 3,
  runs: ['deliveryconfig', 'interfaceconfig', 'routeconfig', 'telnet'],
  async run(ctx) {
    const d = await ctx.facts.deliveryconfig();
    if (!d.ok) return unknownFrom(d);
    const evidence = [d.value.line];
    if (d.value.isAuto) return { verdict: 'ok', summary: 'Default delivery interface is Auto: the appliance picks the interface by route.', evidence };
    const ifaces = await ctx.facts.interfaces();
    if (ifaces.ok) {
      const i = ifaces.value.find((x) => x.name === d.value.defaultInterface);
      if (i) evidence.push(i.line);
    }
    const routes = await ctx.facts.routes();
    if (routes.ok) evidence.push(routes.value.length ? `${routes.value.length} static routes` : 'no static routes');
    const peers = await peerAddresses(ctx);
    if (peers.length === 0) return { ...noPeer(), evidence };
    const port = await pvoPort(ctx);
    const failed: string[] = [];
    for (const peer of peers) {
      const t = await ctx.facts.telnet(d.value.defaultInterface, peer, port);
      if (!t.ok) return unknownFrom(t);
      evidence.push(`telnet from ${d.value.defaultInterface} to ${peer} port ${port}:`, ...t.value.lines);
      if (t.value.outcome !== 'connected') failed.push(`${peer}:${port} (${t.value.outcome})`);
    }
    if (failed.length) {
      return {
        verdict: 'problem',
        summary: `The default delivery interface ${d.value.defaultInterface} cannot reach ${failed.join(', ')}: quarantined messages cannot be delivered to the peer.`,
        evidence,
        advice: 'Set the default delivery interface to Auto (deliveryconfig > SETUP > 1. Auto, then commit), or add a route from that interface to the peer.',
      };
    }
    return { verdict: 'ok', summary: `Default delivery interface ${d.value.defaultInterface} reaches ${peers.join(', ')} on port ${port}.`, evidence };
  },
};
