import type { AnalysisResult } from '../../core/analyzer';
import type { Locale } from '../../core/l10n';
import { cli, cliText, counted } from '../messages';
import type { FileReport } from './json';

const COLOURS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' };

/** Why a file was not analysed, from what the analyzer found (its notes are English). */
function skipReason(result: AnalysisResult) {
  if (result.decoded?.binary) return cli('skippedBinary');
  return result.text.trim().length === 0 ? cli('skippedEmpty') : cli('skippedOther');
}

/**
 * Compiler-style lines (`path:line:col severity rule message`, 1-based like
 * gcc and tsc so terminals and editors can jump to them), then a summary.
 * Severity words and rule ids stay English, like a compiler's; the summary
 * and the skip notes are in the locale.
 */
export function formatText(reports: FileReport[], colour: boolean, locale: Locale = 'en'): string {
  const paint = (code: keyof typeof COLOURS, text: string) => (colour ? `${COLOURS[code]}${text}${COLOURS.reset}` : text);
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { path, result } of reports) {
    if (!result.recognised) {
      lines.push(paint('dim', cliText(cli('skipped', { path, reason: skipReason(result) }), locale)));
      continue;
    }
    for (const f of result.findings) {
      counts[f.severity]++;
      const where = `${path}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      lines.push(`${paint('bold', where)} ${paint(f.severity, f.severity)} ${paint('dim', f.rule)} ${f.message}`);
    }
  }
  const analysed = reports.filter((r) => r.result.recognised).length;
  lines.push(cliText(cli('summary', {
    configurations: counted('configurations', analysed, locale),
    errors: counted('errors', counts.error, locale),
    warnings: counted('warnings', counts.warning, locale),
    notes: counted('notes', counts.information + counts.hint, locale),
  }), locale));
  return lines.join('\n') + '\n';
}
