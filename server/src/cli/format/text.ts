import type { FileReport } from './json';

const COLOURS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' };

/**
 * Compiler-style lines (`path:line:col severity rule message`, 1-based like
 * gcc and tsc so terminals and editors can jump to them), then a summary.
 */
export function formatText(reports: FileReport[], colour: boolean): string {
  const paint = (code: keyof typeof COLOURS, text: string) => (colour ? `${COLOURS[code]}${text}${COLOURS.reset}` : text);
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { path, result } of reports) {
    if (!result.recognised) {
      lines.push(paint('dim', `${path}: skipped: ${result.notes[0] ?? 'not an AsyncOS configuration'}`));
      continue;
    }
    for (const f of result.findings) {
      counts[f.severity]++;
      const where = `${path}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      lines.push(`${paint('bold', where)} ${paint(f.severity, f.severity)} ${paint('dim', f.rule)} ${f.message}`);
    }
  }
  const analysed = reports.filter((r) => r.result.recognised).length;
  const summary = `${analysed} configuration${analysed === 1 ? '' : 's'} analysed: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information + counts.hint} note${counts.information + counts.hint === 1 ? '' : 's'}`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}
