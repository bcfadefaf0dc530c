/**
 * The facade over the analysis core: the CLI, the language server, the live
 * checks and the tests all call this, so they cannot disagree.
 *
 * bytes → text (declared encoding) → XML tree with positions → recognised? →
 * model → rules → findings with LSP-style ranges and fixes as text edits.
 */
import { buildModel, type ModelReuse } from './model/build';
import { isAsyncOsConfig } from './model/recognise';
import { normaliseLocale, renderText } from './l10n';
import type { ApplianceKind, ConfigModel } from './model/types';
import type { AnalyzerOptions } from './options';
import { allRules } from './rules';
import type { Rule, RuleContext, Severity, WorkspaceFile } from './rules/types';
import { decodeBytes, type DecodedText } from './text/decode';
import { LineIndex, type Range, type Span } from './text/lineIndex';
import { parseXml } from './xml/parse';
import { changedRegion, patchDocument } from './xml/patch';
import type { XmlDocument } from './xml/tree';

export interface FindingEdit {
  span: Span;
  range: Range;
  newText: string;
}

export interface FindingFix {
  title: string;
  preferred: boolean;
  edits: FindingEdit[];
}

export interface FindingRelated {
  message: string;
  span: Span;
  /** Present when `uri` is absent (same file); for another file the caller resolves it. */
  range?: Range;
  uri?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** Rendered in the analyzer's locale. */
  message: string;
  /** The rule's message id, when the rule reports one (stable across languages). */
  messageId?: string;
  span: Span;
  range: Range;
  related: FindingRelated[];
  fixes: FindingFix[];
  data?: Record<string, unknown>;
}

export interface AnalysisResult {
  uri?: string;
  /** Whether the content is an AsyncOS configuration at all; other files get no findings. */
  recognised: boolean;
  kind: ApplianceKind;
  findings: Finding[];
  text: string;
  lineIndex: LineIndex;
  document?: XmlDocument;
  model?: ConfigModel;
  decoded?: DecodedText;
  /** Why a file was not analysed, or what went wrong inside a rule (for logs, never findings). */
  notes: string[];
  /** True when `reanalyzeText` patched the previous tree instead of parsing the text again. */
  reusedTree?: boolean;
}

export interface Analyzer {
  readonly options: AnalyzerOptions;
  readonly rules: readonly Rule[];
  analyzeBytes(bytes: Uint8Array, uri?: string, workspace?: WorkspaceFile[]): AnalysisResult;
  analyzeText(text: string, uri?: string, decoded?: DecodedText, workspace?: WorkspaceFile[]): AnalysisResult;
  /**
   * Analyses several files together: each file's rules see the others'
   * models, so an ESA and its SMA, or the machines of one cluster, are
   * checked against each other. Results are in input order. A file given
   * already decoded (`decodeBytes`) lets the caller drop its bytes early.
   */
  analyzeFiles(files: ({ uri: string; bytes: Uint8Array } | { uri: string; decoded: DecodedText })[]): AnalysisResult[];
  /**
   * The same result as `analyzeText(text, previous.uri, undefined, workspace)`,
   * faster after a typical edit: when the change from `previous.text` falls
   * inside one element's text, the previous tree is patched instead of the
   * text parsed again, and the parts of the model the edit cannot have
   * changed are kept (the rules run as usual). `previous` is spent: its
   * tree now belongs to the new result.
   */
  reanalyzeText(previous: AnalysisResult, text: string, workspace?: WorkspaceFile[]): AnalysisResult;
}

/** The parts of an analysis that do not depend on other files. */
interface Prepared {
  uri?: string;
  text: string;
  lineIndex: LineIndex;
  decoded?: DecodedText;
  document?: XmlDocument;
  model?: ConfigModel;
  notes: string[];
}

function prepare(text: string, uri: string | undefined, decoded: DecodedText | undefined, parsed?: XmlDocument, reuse?: ModelReuse): Prepared {
  const lineIndex = new LineIndex(text);
  if (decoded?.binary) return { uri, text, lineIndex, decoded, notes: ['binary data, not an XML configuration'] };
  const document = parsed ?? parseXml(text);
  if (!isAsyncOsConfig(document)) {
    const why = text.trim().length === 0 ? 'empty file' : 'not an AsyncOS configuration (no <config> or <cluster_config> root, DOCTYPE or header)';
    return { uri, text, lineIndex, decoded, document, notes: [why] };
  }
  return { uri, text, lineIndex, decoded, document, model: buildModel(document, reuse), notes: [] };
}

const SUPPRESSION = /<!--\s*asyncos-pvo-disable\s+([\w\s,-]+?)\s*-->/g;

/** Rule ids disabled for the whole file by `<!-- asyncos-pvo-disable rule-a, rule-b -->`. */
export function suppressedRules(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes('asyncos-pvo-disable')) return out;
  for (const m of text.matchAll(SUPPRESSION)) for (const id of m[1].split(/[\s,]+/)) if (id) out.add(id);
  return out;
}

export function createAnalyzer(options: AnalyzerOptions = {}, rules: readonly Rule[] = allRules): Analyzer {
  const locale = normaliseLocale(options.locale);
  const severityOf = (rule: Rule, reported: Severity | undefined): Severity | 'off' =>
    options.severities?.[rule.meta.id] ?? reported ?? rule.meta.defaultSeverity;

  const runRules = (prepared: Prepared, workspace: WorkspaceFile[]): AnalysisResult => {
    const { uri, text, lineIndex, decoded, document, model } = prepared;
    const notes = [...prepared.notes];
    if (!model) return { uri, recognised: false, kind: 'unknown', findings: [], text, lineIndex, document, decoded, notes };
    const context: RuleContext = { options, text, decoded, uri, workspace: workspace.filter((w) => w.model !== model) };
    const suppressed = suppressedRules(text);
    const findings: Finding[] = [];
    for (const rule of rules) {
      if (suppressed.has(rule.meta.id) || !rule.meta.appliesTo.includes(model.kind)) continue;
      if (options.severities?.[rule.meta.id] === 'off') continue;
      let reported;
      try {
        reported = rule.check(model, context);
      } catch (error) {
        // A bug in one rule must not cost the user the other rules' findings.
        notes.push(`rule ${rule.meta.id} failed: ${(error as Error)?.stack ?? String(error)}`);
        continue;
      }
      const render = (text: Parameters<typeof renderText>[0]) => renderText(text, rule.meta.id, rule.meta.messages, locale);
      for (const f of reported) {
        const severity = severityOf(rule, f.severity);
        if (severity === 'off') continue;
        findings.push({
          rule: rule.meta.id,
          severity,
          message: render(f.message),
          ...(typeof f.message === 'string' ? {} : { messageId: f.message.id }),
          span: f.span,
          range: lineIndex.rangeOf(f.span),
          related: (f.related ?? []).map((r) => ({ ...r, message: render(r.message), range: r.uri ? undefined : lineIndex.rangeOf(r.span) })),
          fixes: (f.fixes ?? []).map((fix) => ({
            title: render(fix.title),
            preferred: fix.preferred ?? false,
            edits: fix.edits.map((e) => ({ span: e.span, range: lineIndex.rangeOf(e.span), newText: e.newText })),
          })),
          data: f.data,
        });
      }
    }
    findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.rule.localeCompare(b.rule));
    return { uri, recognised: true, kind: model.kind, findings, text, lineIndex, document, model, decoded, notes };
  };

  const analyzeText = (text: string, uri?: string, decoded?: DecodedText, workspace: WorkspaceFile[] = []): AnalysisResult =>
    runRules(prepare(text, uri, decoded), workspace);

  return {
    options,
    rules,
    analyzeText,
    analyzeBytes(bytes, uri, workspace) {
      const decoded = decodeBytes(bytes);
      return analyzeText(decoded.text, uri, decoded, workspace);
    },
    analyzeFiles(files) {
      const prepared = files.map((file) => {
        const decoded = 'decoded' in file ? file.decoded : decodeBytes(file.bytes);
        return prepare(decoded.text, file.uri, decoded);
      });
      const workspace: WorkspaceFile[] = prepared.flatMap((p) => (p.model ? [{ uri: p.uri!, model: p.model }] : []));
      return prepared.map((p) => runRules(p, workspace));
    },
    reanalyzeText(previous, text, workspace = []) {
      const document = previous.document;
      const region = changedRegion(previous.text, text);
      if (document && document.text === previous.text && patchDocument(document, text, region)) {
        const reuse = previous.model && region ? { previous: previous.model, start: region.start, oldEnd: region.oldEnd, delta: region.newEnd - region.oldEnd } : undefined;
        return { ...runRules(prepare(text, previous.uri, undefined, document, reuse), workspace), reusedTree: true };
      }
      return analyzeText(text, previous.uri, undefined, workspace);
    },
  };
}

/** Applies a fix's edits to a text (edits must not overlap). Used by the CLI, the tests and the fix verifier. */
export function applyEdits(text: string, edits: { span: Span; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}
