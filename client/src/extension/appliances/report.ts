/**
 * The report of the last check run across appliances, as Markdown for a ticket or JSON for tools
 * (same shape as `asyncos-pvo probe --json` per appliance). Secrets are never part of the state,
 * and the text is scrubbed of every secret seen in this session anyway.
 */
import type { CheckResult } from '../../appliance/checks/types';
import type { Appliance, ApplianceState } from './model';

export interface ReportAppliance {
  label: string;
  group: string;
  target: string;
  host: string;
  port: number;
  hostKey?: string;
  checkedAt?: string;
  checks: CheckResult[];
}

export function reportData(entries: readonly { appliance: Appliance; state: ApplianceState }[]): { generatedAt: string; appliances: ReportAppliance[] } {
  return {
    generatedAt: new Date().toISOString(),
    appliances: entries.map(({ appliance, state }) => ({
      label: appliance.label,
      group: appliance.group,
      target: `${appliance.target.user}@${appliance.target.host}:${appliance.target.port}`,
      host: appliance.target.host,
      port: appliance.target.port,
      hostKey: state.fingerprint,
      checkedAt: state.lastRun?.toISOString(),
      checks: [...state.results.values()].filter((r): r is CheckResult => r !== 'running'),
    })),
  };
}

const MARK: Record<string, string> = { ok: '✅', problem: '❌', unknown: '❔', error: '⚠️' };

export function reportMarkdown(data: ReturnType<typeof reportData>): string {
  const lines = ['# AsyncOS PVO live check report', '', `Generated ${data.generatedAt}.`, ''];
  const problems = data.appliances.flatMap((a) => a.checks.filter((c) => c.verdict === 'problem').map((c) => ({ a, c })));
  lines.push('## Summary', '');
  if (problems.length === 0) lines.push('No problems found.', '');
  else for (const { a, c } of problems) lines.push(`- **${a.group} / ${a.label}** — \`${c.id}\`: ${c.summary}`);
  lines.push('');
  let group = '';
  for (const a of data.appliances) {
    if (a.group !== group) {
      group = a.group;
      lines.push(`## ${group}`, '');
    }
    lines.push(`### ${a.label} (\`${a.target}\`)`, '');
    if (a.hostKey) lines.push(`Host key: \`${a.hostKey}\``, '');
    if (a.checks.length === 0) {
      lines.push('Not checked.', '');
      continue;
    }
    lines.push('| | check | result |', '|---|---|---|');
    for (const c of a.checks) lines.push(`| ${MARK[c.verdict] ?? ''} | \`${c.id}\` | ${c.summary.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
    lines.push('');
    for (const c of a.checks.filter((x) => x.verdict !== 'ok' && (x.evidence.length || x.advice))) {
      lines.push(`#### ${c.title} (\`${c.id}\`)`, '');
      if (c.evidence.length) lines.push('```', ...c.evidence, '```', '');
      if (c.advice) lines.push(`Fix: ${c.advice}`, '');
    }
  }
  return lines.join('\n');
}
