import type { AnalysisResult, Finding } from '../../core/analyzer';
import { TOOL_NAME, TOOL_VERSION } from '../../version';

export interface FileReport {
  path: string;
  result: AnalysisResult;
}

function jsonFinding(finding: Finding) {
  return {
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    range: finding.range,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      edits: fix.edits.map((edit) => ({ range: edit.range, newText: edit.newText })),
    })),
  };
}

/** The CLI's JSON report: a public, documented shape (docs/CLI.md); keep it stable. */
export function formatJson(reports: FileReport[]): string {
  return JSON.stringify({
    tool: TOOL_NAME,
    version: TOOL_VERSION,
    files: reports.map((r) => ({ path: r.path, kind: r.result.kind, findings: r.result.findings.map(jsonFinding) })),
  }, null, 2) + '\n';
}
