import type { Rule, RuleFinding } from '../../rules/types';
import { actionOf, describeBehaviour, describeRow, firstMatch, givenPeers, relayingRows } from '../analysis';
import { peerFiles, peerLabel } from '../peers';
import { hatsOf } from './common';

/**
 * cpq-peer-not-relayed: the cpq_listener accepts CPQ only from hosts its HAT
 * relays; the peer appliance (the SMA on an ESA, the ESAs on an SMA) must be
 * one of them, and nobody else should be.
 */
export const cpqPeerNotRelayed: Rule = {
  meta: {
    id: 'cpq-peer-not-relayed',
    defaultSeverity: 'error',
    description: 'The cpq_listener\'s HAT does not relay the peer appliance (or relays everyone).',
    fixable: false,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    const peers = givenPeers(context.options.peerAddresses);
    for (const hat of hatsOf(model, (listener) => listener.isCpq)) {
      const value = hat.parsed.value;
      if (value.rows.length === 0 && value.policies.length === 0) {
        findings.push({
          message: `The HAT of the cpq_listener is empty: it relays no host, so the peer appliance's CPQ connections are refused. Add a sender group holding the peer's address, mapped to a RELAY policy.`,
          span: hat.text.element.nameSpan,
        });
        continue;
      }
      const relaying = relayingRows(value);
      for (const row of relaying) {
        if (row.kind === 'all') {
          findings.push({
            message: `The cpq_listener's HAT relays \`ALL\`: any host can hand messages to the quarantine listener (open relay). Relay only the peer appliance's address and reject everyone else.`,
            span: hat.fileSpan(row.keywordSpan),
            severity: 'warning',
          });
        } else {
          for (const entry of row.entries) {
            if (entry.pattern.kind === 'all') {
              findings.push({
                message: `The cpq_listener's HAT relays \`ALL\` through ${describeRow(row)}: any host can hand messages to the quarantine listener (open relay). Relay only the peer appliance's address.`,
                span: hat.fileSpan(entry.span),
                severity: 'warning',
              });
            }
          }
        }
      }
      if (relaying.length === 0) {
        findings.push({
          message: `The cpq_listener's HAT relays no host (no row leads to a RELAY policy), so the peer appliance's CPQ connections are refused. Put the peer's address in a sender group mapped to a RELAY policy.`,
          span: hat.text.element.nameSpan,
        });
        continue;
      }
      // Without an address from the user, the peer's own configuration (analysed alongside) tells where it connects from.
      if (peers.length === 0) {
        for (const peer of peerFiles(model, context.workspace)) {
          if (peer.addresses.length === 0) continue;
          const relayed = peer.addresses.some((a) => actionOf(value, firstMatch(value, a)?.row.behaviour) === 'RELAY');
          if (relayed) continue;
          const first = peer.cpqAddresses[0] ?? peer.addresses[0];
          const match = firstMatch(value, first);
          findings.push({
            message: `The cpq_listener's HAT relays none of the addresses of ${peerLabel(peer)}: ${peer.addresses.map((a) => a.address).join(', ')}${match ? ` (${first.address} first matches ${match.entry ? `"${match.entry.text}" in ${describeRow(match.row)}` : '`ALL`'}, which is ${describeBehaviour(value, match.row.behaviour)})` : ''}. Its CPQ connections to this appliance are refused. Add ${first.address} to ${relaying.filter((r) => r.kind === 'group').map(describeRow)[0] ?? 'a sender group mapped to a RELAY policy'}.`,
            span: match ? hat.fileSpan(match.entry?.span ?? (match.row.kind === 'all' ? match.row.keywordSpan : match.row.span)) : hat.text.element.nameSpan,
            related: [{ message: `${first.address} in ${peer.uri}`, span: first.located.span, uri: peer.uri }],
            data: { peerFile: peer.uri, peerAddresses: peer.addresses.map((a) => a.address), pairedBecause: peer.why },
          });
        }
      }
      for (const peer of peers) {
        const match = firstMatch(value, peer);
        if (!match) {
          findings.push({
            message: `The peer address ${peer.address} matches no row of the cpq_listener's HAT, so its CPQ connections are not relayed. Add it to the relaying sender group.`,
            span: hat.text.element.nameSpan,
            data: { peer: peer.address },
          });
          continue;
        }
        const action = actionOf(value, match.row.behaviour);
        if (action === 'RELAY') continue;
        const matched = match.entry ? `"${match.entry.text}" in ${describeRow(match.row)}` : '`ALL`';
        const relayGroups = relaying.filter((r) => r.kind === 'group').map(describeRow);
        findings.push({
          message: `The peer address ${peer.address} is not relayed by the cpq_listener's HAT: it first matches ${matched}, which is ${describeBehaviour(value, match.row.behaviour)}, so its CPQ connections are ${action === 'ACCEPT' || action === 'CONTINUE' ? 'not relayed' : 'refused'}. Add ${peer.address} to ${relayGroups[0] ?? 'a sender group mapped to a RELAY policy'}${match.entry ? ' before that row' : ''}.`,
          span: hat.fileSpan(match.entry?.span ?? (match.row.kind === 'all' ? match.row.keywordSpan : match.row.span)),
          data: { peer: peer.address },
        });
      }
    }
    return findings;
  },
};
