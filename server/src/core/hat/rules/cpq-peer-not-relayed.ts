import type { Rule, RuleFinding } from '../../rules/types';
import { actionOf, firstMatch, givenPeers, relayingRows } from '../analysis';
import { peerFiles } from '../peers';
import { behaviourRef, hatsOf, peerRef, rowRef } from './common';

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
    messages: {
      empty: 'The HAT of the cpq_listener is empty: it relays no host, so the peer appliance\'s CPQ connections are refused. Add a sender group holding the peer\'s address, mapped to a RELAY policy.',
      relaysAll: 'The cpq_listener\'s HAT relays `ALL`: any host can hand messages to the quarantine listener (open relay). Relay only the peer appliance\'s address and reject everyone else.',
      relaysAllThrough: 'The cpq_listener\'s HAT relays `ALL` through {row}: any host can hand messages to the quarantine listener (open relay). Relay only the peer appliance\'s address.',
      relaysNone: 'The cpq_listener\'s HAT relays no host (no row leads to a RELAY policy), so the peer appliance\'s CPQ connections are refused. Put the peer\'s address in a sender group mapped to a RELAY policy.',
      peerFileNotRelayed: 'The cpq_listener\'s HAT relays none of the addresses of {peer}: {addresses}{match}. Its CPQ connections to this appliance are refused. Add {address} to {target}.',
      firstMatches: ' ({address} first matches {matched}, which is {behaviour})',
      entryInRow: '"{entry}" in {row}',
      relayGroup: 'a sender group mapped to a RELAY policy',
      addressIn: '{address} in {uri}',
      peerNoMatch: 'The peer address {address} matches no row of the cpq_listener\'s HAT, so its CPQ connections are not relayed. Add it to the relaying sender group.',
      peerAccepted: 'The peer address {address} is not relayed by the cpq_listener\'s HAT: it first matches {matched}, which is {behaviour}, so its CPQ connections are not relayed. Add {address} to {target}{before}.',
      peerRefused: 'The peer address {address} is not relayed by the cpq_listener\'s HAT: it first matches {matched}, which is {behaviour}, so its CPQ connections are refused. Add {address} to {target}{before}.',
      beforeThatRow: ' before that row',
    },
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    const peers = givenPeers(context.options.peerAddresses);
    for (const hat of hatsOf(model, (listener) => listener.isCpq)) {
      const value = hat.parsed.value;
      if (value.rows.length === 0 && value.policies.length === 0) {
        findings.push({
          message: { id: 'empty' },
          span: hat.text.element.nameSpan,
        });
        continue;
      }
      const relaying = relayingRows(value);
      for (const row of relaying) {
        if (row.kind === 'all') {
          findings.push({
            message: { id: 'relaysAll' },
            span: hat.fileSpan(row.keywordSpan),
            severity: 'warning',
          });
        } else {
          for (const entry of row.entries) {
            if (entry.pattern.kind === 'all') {
              findings.push({
                message: { id: 'relaysAllThrough', args: { row: rowRef(row) } },
                span: hat.fileSpan(entry.span),
                severity: 'warning',
              });
            }
          }
        }
      }
      if (relaying.length === 0) {
        findings.push({
          message: { id: 'relaysNone' },
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
            message: {
              id: 'peerFileNotRelayed',
              args: {
                peer: peerRef(peer),
                addresses: peer.addresses.map((a) => a.address).join(', '),
                match: match
                  ? { id: 'firstMatches', args: { address: first.address, matched: match.entry ? { id: 'entryInRow', args: { entry: match.entry.text, row: rowRef(match.row) } } : '`ALL`', behaviour: behaviourRef(value, match.row.behaviour) } }
                  : '',
                address: first.address,
                target: relaying.filter((r) => r.kind === 'group').map(rowRef)[0] ?? { id: 'relayGroup' },
              },
            },
            span: match ? hat.fileSpan(match.entry?.span ?? (match.row.kind === 'all' ? match.row.keywordSpan : match.row.span)) : hat.text.element.nameSpan,
            related: [{ message: { id: 'addressIn', args: { address: first.address, uri: peer.uri } }, span: first.located.span, uri: peer.uri }],
            data: { peerFile: peer.uri, peerAddresses: peer.addresses.map((a) => a.address), pairedBecause: peer.why },
          });
        }
      }
      for (const peer of peers) {
        const match = firstMatch(value, peer);
        if (!match) {
          findings.push({
            message: { id: 'peerNoMatch', args: { address: peer.address } },
            span: hat.text.element.nameSpan,
            data: { peer: peer.address },
          });
          continue;
        }
        const action = actionOf(value, match.row.behaviour);
        if (action === 'RELAY') continue;
        const matched = match.entry ? { id: 'entryInRow', args: { entry: match.entry.text, row: rowRef(match.row) } } : '`ALL`';
        const relayGroups = relaying.filter((r) => r.kind === 'group').map(rowRef);
        findings.push({
          message: {
            id: action === 'ACCEPT' || action === 'CONTINUE' ? 'peerAccepted' : 'peerRefused',
            args: {
              address: peer.address,
              matched,
              behaviour: behaviourRef(value, match.row.behaviour),
              target: relayGroups[0] ?? { id: 'relayGroup' },
              before: match.entry ? { id: 'beforeThatRow' } : '',
            },
          },
          span: hat.fileSpan(match.entry?.span ?? (match.row.kind === 'all' ? match.row.keywordSpan : match.row.span)),
          data: { peer: peer.address },
        });
      }
    }
    return findings;
  },
};
