/** Hover: what a name refers to, read from the model (never re-analysed here). */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { ModelView } from './modelView';
import { describeBehaviour, describeRow, type ListenerHat } from '../core/hat/analysis';
import { groupsMatchedBy } from '../core/hat/groupReferences';
import type { HatGroup, HatParam, HatPolicy } from '../core/hat/types';
import type { ConfigLevel, ConfigModel, Listener, NetworkInterface } from '../core/model/types';
import type { AnalyzerOptions } from '../core/options';
import { cipherListHover } from './cipherFeatures';
import { interfacesFor, locate } from './locate';

const code = (text: string) => '`' + text.replace(/`/g, "'") + '`';

export function hover(result: ModelView, offset: number, options: AnalyzerOptions): Hover | null {
  const target = locate(result, offset);
  if (!target || !result.model) return null;
  let markdown: string | undefined;
  switch (target.kind) {
    case 'interface-ref':
    case 'interface-def':
      markdown = interfaceHover(result.model, target.level, target.name);
      break;
    case 'policy-ref':
    case 'policy-def':
      markdown = policyHover(target.hat, target.name);
      break;
    case 'group-def':
      markdown = groupHover(target.hat, target.group);
      break;
    case 'group-ref': {
      const group = target.hat.parsed.value.rows.find((row): row is HatGroup => row.kind === 'group' && row.name.value === target.name);
      markdown = group ? groupHover(target.hat, group) : undefined;
      break;
    }
    case 'group-condition': {
      const groups = groupsMatchedBy(result.model, target.condition);
      markdown = groups.length > 0
        ? groups.map((d) => groupHover(d.hat, d.group)).join('\n\n---\n\n')
        : `**Sender group ${code(target.condition.value)}**: no sender group of the HATs this filter applies to matches it.`;
      break;
    }
    case 'listener':
      markdown = listenerHover(result.model, target.level, target.listener);
      break;
    case 'cipher-list':
      markdown = cipherListHover(result, target.list, options);
      break;
  }
  if (!markdown) return null;
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: result.lineIndex.rangeOf(target.span) };
}

export function describeInterface(iface: NetworkInterface): string[] {
  const lines: string[] = [];
  if (iface.ip) lines.push(`IP: ${code(iface.ip.value + (iface.prefixLength !== undefined ? `/${iface.prefixLength}` : ''))}` + (iface.netmask ? ` (netmask ${code(iface.netmask.value)})` : ''));
  if (iface.ip6) lines.push(`IPv6: ${code(iface.ip6.value + (iface.ip6Prefix ? `/${iface.ip6Prefix.value}` : ''))}`);
  if (iface.hostname) lines.push(`Hostname: ${code(iface.hostname.value)}`);
  if (iface.physical) lines.push(`Port: ${code(iface.physical.value)}`);
  return lines;
}

function interfaceHover(model: ConfigModel, level: ConfigLevel, name: string): string {
  const matches = interfacesFor(model, level).filter((i) => i.name?.value === name);
  if (matches.length === 0) return `**Interface ${code(name)}** is not defined in this file.`;
  return matches.map((iface) => [`**Interface ${code(name)}**`, '', ...describeInterface(iface).map((l) => `- ${l}`)].join('\n')).join('\n\n---\n\n');
}

const paramLines = (params: HatParam[]) => params.map((p) => `- ${code(p.key.value)} = ${code(p.quoted ? `"${p.value.value}"` : p.value.value)}`);

function policyHover(hat: ListenerHat, name: string): string {
  const table = hat.parsed.value;
  const policy: HatPolicy | undefined = table.policies.find((p) => p.name.value === name);
  const users = table.rows.filter((row) => row.behaviour?.kind === 'policy-ref' && row.behaviour.name.value === name).map(describeRow);
  const listenerName = hat.listener.name?.value ?? 'this listener';
  if (!policy) return `**Mail-flow policy ${code('$' + name)}** is not defined in the HAT of ${code(listenerName)}.`;
  return [
    `**Mail-flow policy ${code('$' + name)}**: ${policy.action ? code(policy.action.value) : 'no action'}${policy.comment ? ` — ${policy.comment.value}` : ''}`,
    '',
    ...paramLines(policy.params),
    ...(users.length > 0 ? ['', `Used by: ${users.join(', ')}`] : ['', 'Not used by any sender group.']),
  ].join('\n');
}

function groupHover(hat: ListenerHat, group: HatGroup): string {
  const table = hat.parsed.value;
  const position = table.rows.indexOf(group) + 1;
  const members = group.entries.map((e) => `- ${code(e.text)}`);
  return [
    `**Sender group ${code(group.name.value)}** → ${describeBehaviour(table, group.behaviour)}`,
    '',
    `Row ${position} of ${table.rows.length} in the HAT of ${code(hat.listener.name?.value ?? 'this listener')} (the first matching row wins).`,
    '',
    ...(members.length > 0 ? members : ['No members.']),
  ].join('\n');
}

function listenerHover(model: ConfigModel, level: ConfigLevel, listener: Listener): string {
  const name = listener.name?.value ?? '(unnamed)';
  const iface = listener.interfaceName ? interfacesFor(model, level).find((i) => i.name?.value === listener.interfaceName?.value) : undefined;
  const lines = [
    `**Listener ${code(name)}**${listener.isCpq ? ' (centralized quarantine listener)' : ''}`,
    '',
    `- Type: ${listener.type ? code(listener.type.value) : 'not given'}, protocol: ${listener.protocol ? code(listener.protocol.value) : 'not given'}`,
    `- Interface: ${listener.interfaceName ? code(listener.interfaceName.value) : 'not given'}${iface?.ip ? ` (${code(iface.ip.value)})` : listener.interfaceName ? ' (not defined)' : ''}, port: ${listener.port ? code(listener.port.value) : 'not given'}`,
  ];
  if (listener.hat) lines.push(`- HAT: ${countLines(listener.hat.value)} lines`);
  if (listener.rat.length > 0) lines.push(`- RAT: ${listener.rat.length} entr${listener.rat.length === 1 ? 'y' : 'ies'}`);
  return lines.join('\n');
}

function countLines(text: string): number {
  return text.length === 0 ? 0 : text.split('\n').length;
}
