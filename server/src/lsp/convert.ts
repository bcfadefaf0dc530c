/**
 * Core → LSP: the only place that turns the core's findings, spans and
 * severities into protocol objects. Positions need no conversion: the core
 * already counts lines and UTF-16 characters as LSP does.
 */
import {
  DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Location, type TextEdit,
} from 'vscode-languageserver';
import type { Finding, FindingEdit } from '../core/analyzer';
import { ruleDocsUrl } from '../core/docsUrl';
import type { Severity } from '../core/rules/types';
import { LineIndex, type Range, type Span } from '../core/text/lineIndex';
import { DIAGNOSTIC_SOURCE } from './protocol';

export function toSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error': return DiagnosticSeverity.Error;
    case 'warning': return DiagnosticSeverity.Warning;
    case 'information': return DiagnosticSeverity.Information;
    default: return DiagnosticSeverity.Hint;
  }
}

/** What a diagnostic carries back to the server in code-action requests, to find its finding again. */
export interface DiagnosticData {
  /** The document version the finding was computed for. */
  version: number;
  /** Index into that version's findings. */
  index: number;
}

/** Positions of related locations in other files: the caller knows how to read them. */
export type LineIndexOf = (uri: string) => LineIndex | undefined;

export function toDiagnostic(finding: Finding, uri: string, data: DiagnosticData, lineIndexOf: LineIndexOf): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    message: r.message,
    location: relatedLocation(r.uri ?? uri, r.range, r.span, lineIndexOf),
  }));
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: toSeverity(finding.severity),
    code: finding.rule,
    codeDescription: { href: ruleDocsUrl(finding.rule) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

function relatedLocation(uri: string, range: Range | undefined, span: Span, lineIndexOf: LineIndexOf): Location {
  if (range) return { uri, range };
  const index = lineIndexOf(uri);
  return { uri, range: index ? index.rangeOf(span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

export function toTextEdit(edit: FindingEdit): TextEdit {
  return { range: edit.range, newText: edit.newText };
}

export function rangesEqual(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character
    && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function rangesIntersect(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
