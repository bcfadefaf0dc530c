import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Severity, Rule } from '../../core/rules/types';
import { ruleDocsUrl } from '../../core/docsUrl';
import { TOOL_NAME, TOOL_VERSION } from '../../version';
import type { FileReport } from './json';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Relative paths stay relative (resolved against the run's working directory via %SRCROOT%). */
function artifactUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0 for code-scanning services: rule metadata, help URIs, 1-based regions, fixes. */
export function formatSarif(reports: FileReport[], rules: readonly Rule[]): string {
  const descriptors: ReportingDescriptor[] = rules.map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.id,
    shortDescription: { text: rule.meta.description },
    helpUri: ruleDocsUrl(rule.meta.id),
    defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
  }));
  const index = new Map(rules.map((rule, i) => [rule.meta.id, i]));
  const results: Result[] = [];
  for (const { path, result } of reports) {
    for (const f of result.findings) {
      const region = (r: typeof f.range) => ({ startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });
      const location = { physicalLocation: { artifactLocation: { uri: artifactUri(path), uriBaseId: '%SRCROOT%' }, region: region(f.range) } };
      results.push({
        ruleId: f.rule,
        ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [location],
        ...(f.related.some((r) => r.range) ? {
          relatedLocations: f.related.filter((r) => r.range).map((r, i) => ({
            id: i,
            message: { text: r.message },
            physicalLocation: { artifactLocation: { uri: artifactUri(path), uriBaseId: '%SRCROOT%' }, region: region(r.range!) },
          })),
        } : {}),
        ...(f.fixes.length > 0 ? {
          fixes: f.fixes.map((fix) => ({
            description: { text: fix.title },
            artifactChanges: [{
              artifactLocation: { uri: artifactUri(path), uriBaseId: '%SRCROOT%' },
              replacements: fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            }],
          })),
        } : {}),
      });
    }
  }
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, informationUri: 'https://github.com/asyncos-pvo/asyncos-pvo', rules: descriptors } },
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
