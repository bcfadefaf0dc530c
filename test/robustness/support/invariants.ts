import { applyEdits, type AnalysisResult, type Analyzer, type Finding } from '../../../server/src/core/analyzer';
import type { Range, Span } from '../../../server/src/core/text/lineIndex';

/**
 * What must hold for every analysis, whatever the input: a location an editor
 * can show, fixes an editor can apply, and no rule that silently crashed.
 * Returns the violations as sentences (empty when all is well), so a fuzz
 * failure reads as a bug report.
 */
export function violations(result: AnalysisResult): string[] {
  const out: string[] = [];
  const { text, lineIndex } = result;
  const where = (f: Finding) => `${f.rule} "${f.message.slice(0, 80)}"`;

  const checkSpan = (label: string, span: Span, range: Range | undefined) => {
    if (!Number.isInteger(span.start) || !Number.isInteger(span.end)) {
      out.push(`${label}: span ${JSON.stringify(span)} is not made of integer offsets`);
      return;
    }
    if (span.start < 0 || span.end < span.start || span.end > text.length) {
      out.push(`${label}: span ${span.start}-${span.end} is outside the document (length ${text.length}) or reversed`);
      return;
    }
    if (!range) return;
    for (const [end, position, offset] of [['start', range.start, span.start], ['end', range.end, span.end]] as const) {
      if (position.line < 0 || position.line >= lineIndex.lineCount) {
        out.push(`${label}: range ${end} line ${position.line} is outside the document (${lineIndex.lineCount} lines)`);
        continue;
      }
      const lineLength = lineIndex.lineText(position.line).length;
      if (position.character < 0 || position.character > lineLength) {
        // An offset between the CR and LF of a line break lands past the line's end.
        out.push(`${label}: range ${end} ${position.line}:${position.character} is past the end of its line (${lineLength} characters)`);
        continue;
      }
      // An offset between CR and LF shows at the end of its line, as editors show it.
      const betweenCrLf = text.charCodeAt(offset - 1) === 13 && text.charCodeAt(offset) === 10;
      if (lineIndex.offsetAt(position) !== offset - (betweenCrLf ? 1 : 0)) {
        out.push(`${label}: range ${end} ${position.line}:${position.character} does not map back to offset ${offset}`);
      }
    }
  };

  for (const note of result.notes) {
    if (note.startsWith('rule ')) out.push(`a rule crashed: ${note.split('\n').slice(0, 3).join(' | ')}`);
  }
  for (const f of result.findings) {
    checkSpan(where(f), f.span, f.range);
    if (typeof f.message !== 'string' || f.message.trim() === '') out.push(`${f.rule}: empty message`);
    for (const related of f.related) checkSpan(`${where(f)} related "${related.message.slice(0, 40)}"`, related.span, related.uri ? undefined : related.range);
    for (const fix of f.fixes) {
      const label = `${where(f)} fix "${fix.title}"`;
      const sorted = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
      for (const edit of sorted) checkSpan(`${label} edit`, edit.span, edit.range);
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i].span.start < sorted[i - 1].span.end) out.push(`${label}: edits overlap at ${sorted[i].span.start}`);
      }
      if (fix.edits.length === 0) out.push(`${label}: has no edits`);
    }
  }
  return out;
}

/** Where an offset of the original text lands once the edits are applied (edits before it shift it). */
function shifted(offset: number, edits: { span: Span; newText: string }[]): number {
  let delta = 0;
  for (const e of edits) if (e.span.end <= offset) delta += e.newText.length - (e.span.end - e.span.start);
  return offset + delta;
}

/** Where each edit's new text lies in the edited text. */
function writtenRegions(edits: { span: Span; newText: string }[]): Span[] {
  const out: Span[] = [];
  let delta = 0;
  for (const e of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    if (e.newText.length > 0) out.push({ start: e.span.start + delta, end: e.span.start + delta + e.newText.length });
    delta += e.newText.length - (e.span.end - e.span.start);
  }
  return out;
}

/**
 * Applies each fix and analyses the result: the fixed text must analyse
 * cleanly (same invariants), and the finding the fix was for must not come
 * back at the same place. `rules` limits the re-raise check to rules whose
 * fixes claim to settle the finding.
 */
export function fixViolations(
  analyzer: Analyzer,
  result: AnalysisResult,
  options: { rules?: (rule: string) => boolean; limit?: number; mustSettle?: (finding: Finding) => boolean } = {},
): string[] {
  const out: string[] = [];
  let applied = 0;
  for (const finding of result.findings) {
    if (options.rules && !options.rules(finding.rule)) continue;
    for (const fix of finding.fixes) {
      if (options.limit !== undefined && applied >= options.limit) return out;
      applied++;
      let fixed: string;
      try {
        fixed = applyEdits(result.text, fix.edits);
      } catch (error) {
        out.push(`${finding.rule} fix "${fix.title}": applying it threw ${String(error)}`);
        continue;
      }
      let again: AnalysisResult;
      try {
        // As an editor would: the text after the edit, without the original bytes' decoding problems.
        again = analyzer.analyzeText(fixed, result.uri);
      } catch (error) {
        out.push(`${finding.rule} fix "${fix.title}": analysing the fixed text threw ${(error as Error)?.stack ?? String(error)}`);
        continue;
      }
      for (const v of violations(again)) out.push(`after ${finding.rule} fix "${fix.title}": ${v}`);
      // The same finding again: the same rule at the same place, saying the same thing or about the text the fix wrote.
      const at = shifted(finding.span.start, fix.edits);
      const written = writtenRegions(fix.edits);
      if (options.mustSettle && !options.mustSettle(finding)) continue;
      // A twin finding (the same unknown word twice) slides into place when the first goes: then there is one fewer.
      const twins = (r: AnalysisResult) => r.findings.filter((f) => f.rule === finding.rule && f.message === finding.message).length;
      const fewerTwins = twins(again) < twins(result);
      const back = again.findings.find((f) => f.rule === finding.rule && f.span.start === at
        && ((f.message === finding.message && !fewerTwins) || written.some((w) => f.span.start < w.end && w.start < Math.max(f.span.end, f.span.start + 1))));
      if (back) out.push(`${finding.rule} fix "${fix.title}" (${JSON.stringify(fix.edits.map((e) => e.newText))}) does not settle it: "${back.message}"`);
    }
  }
  return out;
}
