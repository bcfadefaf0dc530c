import type { Rule, RuleFinding } from '../../rules/types';
import { peerFiles } from '../peers';
import { peerRef } from './common';

const portOf = (text: string | undefined): number | undefined => {
  const port = text && /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : undefined;
  // An impossible port is cpq-listener-port's finding; comparing it would only repeat it.
  return port !== undefined && port >= 1 && port <= 65535 ? port : undefined;
};

/**
 * cpq-peer-port-mismatch: an ESA and its SMA, analysed together, run their
 * cpq_listeners on different ports. Each side connects to the other's PVO
 * port as configured on its own PVO page, so a port changed on one side only
 * leaves the other connecting to the old one.
 */
export const cpqPeerPortMismatch: Rule = {
  meta: {
    id: 'cpq-peer-port-mismatch',
    defaultSeverity: 'warning',
    description: 'The cpq_listener port differs between an ESA and its SMA analysed together.',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma'],
    messages: {
      mismatch: 'The cpq_listener listens on port {mine} here, but on port {port} on {peer}. The PVO port must be the same on both appliances (Security Services > Policy, Virus and Outbreak Quarantines on the ESA, Centralized Services on the SMA), or one side connects to a port nobody listens on.',
      peerPort: 'the peer\'s cpq_listener port ({port})',
      usePeerPort: 'Use port {port}, as the peer does',
    },
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    const peers = peerFiles(model, context.workspace);
    if (peers.length === 0) return findings;
    for (const level of model.levels) {
      for (const listener of level.listeners) {
        if (!listener.isCpq || !listener.port) continue;
        const mine = portOf(listener.port.value);
        if (mine === undefined) continue;
        for (const peer of peers) {
          for (const theirs of peer.cpqListeners) {
            const port = portOf(theirs.port?.value);
            if (port === undefined || port === mine || !theirs.port) continue;
            findings.push({
              message: { id: 'mismatch', args: { mine, port, peer: peerRef(peer) } },
              span: listener.port.span,
              related: [{ message: { id: 'peerPort', args: { port } }, span: theirs.port.span, uri: peer.uri }],
              fixes: [{ title: { id: 'usePeerPort', args: { port } }, preferred: false, edits: [{ span: listener.port.span, newText: String(port) }] }],
              data: { port: mine, peerPort: port, peerFile: peer.uri },
            });
          }
        }
      }
    }
    return findings;
  },
};
