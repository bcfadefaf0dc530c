/**
 * Code actions: every fix the core computed, offered as a quick fix; "fix all
 * of this rule in the file"; and "disable this rule for this file", which
 * writes the suppression comment the analyzer honours.
 */
import {
  CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/analyzer';
import { EDITOR_MESSAGES, EDITOR_MESSAGES_KEY, normaliseLocale, renderText } from '../core/l10n';
import type { ValidatedVersion } from './analyses';
import { rangesEqual, rangesIntersect, toDiagnostic, toTextEdit, type LineIndexOf } from './convert';

/** The kind of the action that applies every preferred fix in a file (for `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.asyncos-pvo`;

const SUPPRESSION_COMMENT = /<!--\s*asyncos-pvo-disable\s+([\w\s,-]+?)\s*-->/;
const XML_DECLARATION = /^\uFEFF?<\?xml[^>]*\?>/;

export interface CodeActionOptions {
  /** The client applies versioned edits (rejected if the document changed meanwhile). */
  documentChanges: boolean;
  /** The editor's display language, for the titles of the actions this file adds (the fixes' titles come translated). */
  locale?: string;
}

/** A title of this file's own actions, in the editor's language. */
function title(id: 'fixAllInFile' | 'fixAllOfRule' | 'disableRule', options: CodeActionOptions, rule?: string): string {
  return renderText({ id, args: rule === undefined ? {} : { rule } }, EDITOR_MESSAGES_KEY, EDITOR_MESSAGES, normaliseLocale(options.locale));
}

function workspaceEdit(document: TextDocument, edits: TextEdit[], options: CodeActionOptions): WorkspaceEdit {
  if (options.documentChanges) return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] };
  return { changes: { [document.uri]: edits } };
}

/** Fixes of several findings may touch the same text (two findings, one repair); keep the first of overlapping edits. */
function nonOverlapping(findings: Finding[]): TextEdit[] {
  const edits = findings.flatMap((f) => (f.fixes.find((x) => x.preferred) ?? f.fixes[0])?.edits ?? []);
  edits.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const out: TextEdit[] = [];
  let previous: (typeof edits)[number] | undefined;
  for (const edit of edits) {
    if (previous && (edit.span.start < previous.span.end
      || (edit.span.start === previous.span.start && edit.span.end === previous.span.end && edit.newText === previous.newText))) continue;
    out.push(toTextEdit(edit));
    previous = edit;
  }
  return out;
}

/** The edit that adds `ruleId` to the file's suppression comment, creating it after the XML declaration if needed. */
export function disableRuleEdit(text: string, ruleId: string, positionAt: (offset: number) => { line: number; character: number }): TextEdit {
  const existing = SUPPRESSION_COMMENT.exec(text);
  if (existing) {
    const ids = existing[1].split(/[\s,]+/).filter(Boolean);
    if (!ids.includes(ruleId)) ids.push(ruleId);
    const start = positionAt(existing.index);
    const end = positionAt(existing.index + existing[0].length);
    return { range: { start, end }, newText: `<!-- asyncos-pvo-disable ${ids.join(', ')} -->` };
  }
  const declaration = XML_DECLARATION.exec(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (declaration) {
    const at = positionAt(declaration.index + declaration[0].length);
    return { range: { start: at, end: at }, newText: `${eol}<!-- asyncos-pvo-disable ${ruleId} -->` };
  }
  const start = positionAt(text.startsWith('\uFEFF') ? 1 : 0);
  return { range: { start, end: start }, newText: `<!-- asyncos-pvo-disable ${ruleId} -->${eol}` };
}

export function codeActions(
  document: TextDocument, validated: ValidatedVersion | undefined, params: CodeActionParams, options: CodeActionOptions, lineIndexOf: LineIndexOf,
): CodeAction[] {
  if (!validated) return [];
  const findings = validated.result.findings;
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];

  if (wants(FIX_ALL_KIND) && only) {
    const edits = nonOverlapping(findings.filter((f) => f.fixes.length > 0));
    if (edits.length > 0) actions.push({ title: title('fixAllInFile', options), kind: FIX_ALL_KIND, edit: workspaceEdit(document, edits, options) });
    return actions;
  }
  if (!wants(CodeActionKind.QuickFix)) return actions;

  const diagnosticFor = (finding: Finding): Diagnostic => {
    const sent = params.context.diagnostics.find((d) => d.code === finding.rule && rangesEqual(d.range, finding.range));
    return sent ?? toDiagnostic(finding, document.uri, { version: validated.version, index: findings.indexOf(finding) }, lineIndexOf);
  };
  // The most severe finding's fixes come first in the menu.
  const rank = { error: 0, warning: 1, information: 2, hint: 3 } as const;
  const here = findings.filter((f) => rangesIntersect(f.range, params.range)).sort((a, b) => rank[a.severity] - rank[b.severity]);
  const rulesHere = [...new Set(here.map((f) => f.rule))];

  // Two findings on one list often propose the same repair; offer it once, for both.
  const byContent = new Map<string, CodeAction>();
  for (const finding of here) {
    for (const fix of finding.fixes) {
      const key = JSON.stringify([fix.title, fix.edits.map((e) => [e.span.start, e.span.end, e.newText])]);
      const same = byContent.get(key);
      if (same) {
        same.diagnostics!.push(diagnosticFor(finding));
        if (fix.preferred) same.isPreferred = true;
        continue;
      }
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnosticFor(finding)],
        isPreferred: fix.preferred || undefined,
        edit: workspaceEdit(document, fix.edits.map(toTextEdit), options),
      };
      byContent.set(key, action);
      actions.push(action);
    }
  }
  for (const rule of rulesHere) {
    const fixable = findings.filter((f) => f.rule === rule && f.fixes.length > 0);
    if (fixable.length < 2) continue;
    actions.push({
      title: title('fixAllOfRule', options, rule),
      kind: CodeActionKind.QuickFix,
      diagnostics: fixable.map(diagnosticFor),
      edit: workspaceEdit(document, nonOverlapping(fixable), options),
    });
  }
  const text = document.getText();
  for (const rule of rulesHere) {
    actions.push({
      title: title('disableRule', options, rule),
      kind: CodeActionKind.QuickFix,
      diagnostics: here.filter((f) => f.rule === rule).map(diagnosticFor),
      edit: workspaceEdit(document, [disableRuleEdit(text, rule, (o) => document.positionAt(o))], options),
    });
  }
  return actions;
}
