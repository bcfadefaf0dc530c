/**
 * Fixtures that carry their expected findings inline, as an XML comment block
 * right after the offending line:
 *
 *     <port>70250</port>
 * <!--
 *           ^^^^^ error[cpq-listener-port]: The listener … (exact message)
 * -->
 *
 * The carets stand under the exact range on the last line before the block.
 * A message ending in `...` matches any message that starts with the rest.
 * Options: `<!-- fixture-options: {"expectPvo": true} -->` anywhere;
 * `<!-- fixture-only: rule-a rule-b -->` compares only those rules' findings.
 */
import type { AnalyzerOptions } from '../../server/src/core/options';

export interface ExpectedFinding {
  rule: string;
  severity: string;
  message: string;
  line: number;
  startCharacter: number;
  endCharacter: number;
}

export interface FixtureSpec {
  expected: ExpectedFinding[];
  options: AnalyzerOptions;
  onlyRules?: Set<string>;
}

const CARET_LINE = /^(\s*)(\^+)\s+(error|warning|information|hint)\[([\w-]+)\]:\s?(.*)$/;

export function readFixtureSpec(text: string): FixtureSpec {
  const lines = text.split(/\r\n|\r|\n/);
  const expected: ExpectedFinding[] = [];
  let lastSourceLine = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '<!--') {
      let j = i + 1;
      const block: RegExpExecArray[] = [];
      while (j < lines.length && lines[j].trim() !== '-->') {
        const m = CARET_LINE.exec(lines[j]);
        if (!m) break;
        block.push(m);
        j++;
      }
      if (block.length > 0 && j < lines.length && lines[j].trim() === '-->') {
        for (const m of block) {
          expected.push({
            rule: m[4], severity: m[3], message: m[5].trim(),
            line: lastSourceLine, startCharacter: m[1].length, endCharacter: m[1].length + m[2].length,
          });
        }
        i = j;
        continue;
      }
    }
    lastSourceLine = i;
  }
  const optionsMatch = /<!--\s*fixture-options:\s*(\{.*?\})\s*-->/s.exec(text);
  const onlyMatch = /<!--\s*fixture-only:\s*([\w\s-]+?)\s*-->/.exec(text);
  return {
    expected,
    options: optionsMatch ? JSON.parse(optionsMatch[1]) : {},
    onlyRules: onlyMatch ? new Set(onlyMatch[1].split(/\s+/)) : undefined,
  };
}

/** One line per finding, sorted, so a failing test shows a readable diff. */
export function describeFinding(f: { rule: string; severity: string; message: string; line: number; startCharacter: number; endCharacter: number }): string {
  return `${f.line + 1}:${f.startCharacter}-${f.endCharacter} ${f.severity}[${f.rule}]: ${f.message}`;
}
