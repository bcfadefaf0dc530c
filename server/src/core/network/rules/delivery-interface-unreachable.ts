import { cidrInterval, formatInterval, formatIp, parseHostPattern, parseIpAddress, type IpInterval, type IpVersion } from '../../hat/address';
import { givenPeers, listenerHat, relayedPeerAddresses } from '../../hat/analysis';
import { peerFiles } from '../../hat/peers';
import type { ConfigLevel, ConfigModel, NetworkInterface, Routing } from '../../model/types';
import { levelSuffixRef } from '../../rules/helpers';
import type { MessageRef, RelatedLocation, Rule, RuleFinding, WorkspaceFile } from '../../rules/types';
import type { Span } from '../../text/lineIndex';

interface Peer {
  address: string;
  version: IpVersion;
  value: bigint;
  /** Where the address came from, for the message. */
  source: MessageRef;
  related?: RelatedLocation;
}

/**
 * The peer's address(es) (the SMA's on an ESA, the ESAs' on an SMA): given by
 * the user; else where the peer's own configuration, analysed alongside,
 * accepts CPQ; else the cpq_listener's relayed hosts (working assumption 9).
 */
function peersOf(model: ConfigModel, given: readonly string[] | undefined, workspace: readonly WorkspaceFile[]): Peer[] {
  const fromOptions = givenPeers(given);
  if (fromOptions.length > 0) return fromOptions.map((p) => ({ ...p, source: { id: 'sourceGiven' } }));
  const fromFiles: Peer[] = [];
  for (const sma of peerFiles(model, workspace)) {
    for (const a of sma.cpqAddresses) {
      fromFiles.push({
        address: a.address, version: a.version, value: a.value,
        source: { id: 'sourceFile', args: { uri: sma.uri } },
        related: { message: { id: 'peerCpqAddress', args: { uri: sma.uri } }, span: a.located.span, uri: sma.uri },
      });
    }
  }
  if (fromFiles.length > 0) return fromFiles;
  const out: Peer[] = [];
  for (const level of model.levels) {
    for (const listener of level.listeners) {
      if (!listener.isCpq) continue;
      const hat = listenerHat(listener);
      if (!hat) continue;
      for (const p of relayedPeerAddresses(hat.parsed.value)) {
        if (out.some((o) => o.version === p.version && o.value === p.value)) continue;
        out.push({ ...p, source: { id: 'sourceRelayed' }, related: { message: { id: 'peerInHat', args: { address: p.address } }, span: hat.fileSpan(p.entry.span) } });
      }
    }
  }
  return out;
}

function subnetOf(iface: NetworkInterface, version: IpVersion): { address: bigint; subnet: IpInterval } | undefined {
  if (version === 4) {
    const ip = iface.ip ? parseIpAddress(iface.ip.value) : undefined;
    if (!ip || ip.version !== 4 || iface.prefixLength === undefined) return undefined;
    return { address: ip.value, subnet: cidrInterval(4, ip.value, iface.prefixLength) };
  }
  const ip = iface.ip6 ? parseIpAddress(iface.ip6.value) : undefined;
  const prefix = iface.ip6Prefix ? Number(iface.ip6Prefix.value.replace(/^\//, '')) : NaN;
  if (!ip || ip.version !== 6 || !(prefix >= 0 && prefix <= 128)) return undefined;
  return { address: ip.value, subnet: cidrInterval(6, ip.value, prefix) };
}

function inside(interval: IpInterval, version: IpVersion, value: bigint): boolean {
  return interval.version === version && interval.first <= value && value <= interval.last;
}

/**
 * Whether the interface's subnet, a static route through a gateway on that
 * subnet, or a default gateway on that subnet leads to the peer. An
 * unreadable route might lead there, so it counts as reachable: no false error.
 */
function reaches(subnet: IpInterval, routing: Routing, peer: Peer): boolean {
  if (inside(subnet, peer.version, peer.value)) return true;
  const onSubnet = (text: string | undefined) => {
    const gw = text ? parseIpAddress(text) : undefined;
    return gw !== undefined && inside(subnet, gw.version, gw.value);
  };
  for (const route of routing.routes) {
    if (route.ipVersion !== peer.version) continue;
    const destination = route.destination ? parseHostPattern(route.destination.value).pattern : undefined;
    if (!destination || destination.kind !== 'ip' || !route.gateway || !parseIpAddress(route.gateway.value)) return true;
    if (inside(destination, peer.version, peer.value) && onSubnet(route.gateway.value)) return true;
  }
  return peer.version === 4 && routing.defaultGateways.some((gw) => onSubnet(gw.value));
}

/** For a cluster or group level, the machines whose interfaces and routes the setting applies to. */
function machinesFor(level: ConfigLevel, model: ConfigModel): ConfigLevel[] {
  if (level.kind === 'standalone' || level.kind === 'machine') return [level];
  const machines = model.levels.filter((l) => l.kind === 'machine');
  if (level.kind === 'group') return machines.filter((m) => m.groupName?.value === level.name?.value);
  return machines;
}

/** The setting that applies to a machine: its own, else its group's, else the cluster's. */
function settingLevelOf(machine: ConfigLevel, model: ConfigModel): ConfigLevel | undefined {
  if (machine.kind === 'standalone') return machine;
  const group = model.levels.find((l) => l.kind === 'group' && l.name?.value === machine.groupName?.value);
  const cluster = model.levels.find((l) => l.kind === 'cluster');
  return [machine, group, cluster].find((l) => l?.deliveryInterface.value !== undefined);
}

/** delivery-interface-unreachable: the default delivery interface has no path to the peer appliance (seed scenario 3: an ESA and its SMA). */
export const deliveryInterfaceUnreachable: Rule = {
  meta: {
    id: 'delivery-interface-unreachable',
    defaultSeverity: 'error',
    description: 'The default delivery interface is not Auto and cannot reach the PVO peer (no subnet, route or gateway).',
    fixable: true,
    scenarios: [3],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      notDefined: 'The default delivery interface "{name}"{level} is not defined{where}, so deliveries to the {peerKind} cannot leave from it. Set it to Auto or to a defined interface.',
      unreachableSma: 'The default delivery interface "{name}" ({own}){where} cannot reach the SMA at {address} ({source}): the SMA is outside {subnet}, and no static route or default gateway on that subnet leads to it. CPQ deliveries to port 7025 will time out and PVO cannot be enabled. Set the default delivery interface to Auto, or route {address} through a gateway on that subnet.',
      unreachableEsa: 'The default delivery interface "{name}" ({own}){where} cannot reach the ESA at {address} ({source}): the ESA is outside {subnet}, and no static route or default gateway on that subnet leads to it. CPQ releases to port 7025 will time out and PVO cannot release messages. Set the default delivery interface to Auto, or route {address} through a gateway on that subnet.',
      onMachine: ' on machine "{machine}"',
      setAuto: 'Set the default delivery interface to Auto',
      interface: 'interface "{name}"',
      sourceGiven: 'the given peer address',
      sourceFile: 'its cpq_listener\'s interface in {uri}',
      sourceRelayed: 'relayed by the cpq_listener',
      peerCpqAddress: 'the peer\'s CPQ address in {uri}',
      peerInHat: 'the peer address {address} in the cpq_listener\'s HAT',
    },
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    // An SMA releases messages to its ESAs the same way an ESA delivers to its SMA.
    const peerKind = model.kind === 'sma' ? 'ESA' : 'SMA';
    const peers = peersOf(model, context.options.peerAddresses, context.workspace);
    if (peers.length === 0) return findings;
    for (const level of model.levels) {
      const setting = level.deliveryInterface;
      if (setting.auto || !setting.value) continue;
      const name = setting.value.value;
      const span: Span = setting.value.span;
      const fix = { title: { id: 'setAuto' }, preferred: true, edits: [{ span, newText: 'Auto' }] };
      for (const machine of machinesFor(level, model)) {
        // A machine with its own setting is judged on that one.
        if (machine !== level && settingLevelOf(machine, model) !== level) continue;
        if (machine.interfaces.length === 0) continue;
        const where = machine === level ? '' : { id: 'onMachine', args: { machine: machine.name?.value ?? '?' } };
        const iface = machine.interfaces.find((i) => i.name?.value === name);
        if (!iface) {
          findings.push({
            message: { id: 'notDefined', args: { name, level: levelSuffixRef(level), where, peerKind } },
            span,
            fixes: [fix],
          });
          continue;
        }
        for (const peer of peers) {
          const net = subnetOf(iface, peer.version);
          if (!net || reaches(net.subnet, machine.routing, peer)) continue;
          const own = `${formatIp(peer.version, net.address)}/${peer.version === 4 ? iface.prefixLength : iface.ip6Prefix?.value.replace(/^\//, '')}`;
          findings.push({
            message: {
              id: peerKind === 'SMA' ? 'unreachableSma' : 'unreachableEsa',
              args: { name, own, where, address: peer.address, source: peer.source, subnet: formatInterval(net.subnet) },
            },
            span,
            related: [
              ...(iface.name ? [{ message: { id: 'interface', args: { name } }, span: iface.name.span }] : []),
              ...(peer.related ? [peer.related] : []),
            ],
            fixes: [fix],
            data: { interface: name, interfaceAddress: own, subnet: formatInterval(net.subnet), peer: peer.address },
          });
        }
      }
    }
    return findings;
  },
};
