import type { Fix, Rule, RuleFinding } from '../../rules/types';
import { policiesByName } from '../analysis';
import { hatsOf, type LevelHat } from './common';

/** A private listener's catch-all rejects; the fix keeps the HAT's own margins and reuses its REJECT policy. */
function addAllFix(hat: LevelHat): Fix | undefined {
  const type = hat.listener.type?.value.toLowerCase();
  if (!hat.listener.isCpq && type !== 'private') return undefined;
  const raw = hat.text.raw;
  const lastIndex = raw.trimEnd().length - 1;
  if (lastIndex < 0) return undefined;
  // The parser's margin is the smallest indentation of any line, not the first line's.
  const margin = raw.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#')).map((l) => l.slice(0, l.length - l.trimStart().length)).sort((a, b) => a.length - b.length)[0] ?? '';
  const reject = [...policiesByName(hat.parsed.value).values()].find((p) => p.action?.value === 'REJECT');
  const behaviour = reject ? `$${reject.name.value}` : 'REJECT';
  const at = hat.text.spanOf(lastIndex, lastIndex + 1).end;
  return {
    title: { id: 'addAll', args: { behaviour } },
    preferred: true,
    edits: [{ span: { start: at, end: at }, newText: `\n${margin}ALL\n${margin}    ${behaviour}` }],
  };
}

/** hat-missing-all: the HAT has no catch-all `ALL` row, so hosts that match no row get an implicit behaviour. */
export const hatMissingAll: Rule = {
  meta: {
    id: 'hat-missing-all',
    defaultSeverity: 'warning',
    description: 'A listener\'s HAT has no final ALL row saying what happens to every other host.',
    fixable: true,
    scenarios: [],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      noAll: '{^hat} has no final `ALL` row: what happens to hosts that match no row is left implicit. End it with `ALL` and a policy.',
      noAllCpq: '{^hat} has no final `ALL` row: what happens to hosts that match no row is left implicit. End it with `ALL` and a policy that rejects (only the peer appliance should connect).',
      addAll: 'Add a final `ALL {behaviour}` row',
    },
  },
  check(model) {
    const findings: RuleFinding[] = [];
    for (const hat of hatsOf(model)) {
      const { rows, policies } = hat.parsed.value;
      if (rows.length === 0 && policies.length === 0) continue;
      if (rows.some((row) => row.kind === 'all')) continue;
      const fix = addAllFix(hat);
      findings.push({
        message: { id: hat.listener.isCpq ? 'noAllCpq' : 'noAll', args: { hat: hat.labelRef } },
        span: hat.text.element.nameSpan,
        fixes: fix ? [fix] : [],
      });
    }
    return findings;
  },
};
