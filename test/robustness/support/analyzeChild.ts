/**
 * Analyses one file in a process of its own and prints a JSON summary, so a
 * test can cap the heap (`--max-old-space-size`) and survive a crash: if the
 * analysis blew up its memory, the child dies and the test sees the exit code.
 *
 * Usage: node analyzeChild.js <file>
 */
import { readFileSync } from 'node:fs';
import { createAnalyzer } from '../../../server/src/core/analyzer';
import { descendants } from '../../../server/src/core/xml/tree';
import { violations } from './invariants';

export interface ChildSummary {
  recognised: boolean;
  kind: string;
  findings: { rule: string; severity: string; message: string; range: unknown }[];
  notes: string[];
  violations: string[];
  textLength: number;
  lineCount: number;
  elementCount: number;
  /** Every text node's value, when they are few enough to print (to prove nothing was expanded). */
  textValues?: string[];
  heapUsedMiB: number;
}

function main(): void {
  const file = process.argv[2];
  const result = createAnalyzer().analyzeBytes(readFileSync(file), file);
  let elementCount = 0;
  const textValues: string[] = [];
  let textBytes = 0;
  if (result.document?.root) {
    for (const element of [result.document.root, ...descendants(result.document.root)]) {
      elementCount++;
      for (const child of element.children) {
        if (child.kind === 'text' && textBytes < 1 << 20) {
          textValues.push(child.value);
          textBytes += child.value.length;
        }
      }
    }
  }
  const summary: ChildSummary = {
    recognised: result.recognised,
    kind: result.kind,
    findings: result.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: f.range })),
    notes: result.notes,
    violations: violations(result),
    textLength: result.text.length,
    lineCount: result.lineIndex.lineCount,
    elementCount,
    textValues: textBytes < 1 << 20 ? textValues : undefined,
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1048576),
  };
  process.stdout.write(JSON.stringify(summary));
}

main();
