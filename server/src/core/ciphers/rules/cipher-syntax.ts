import type { MessageArg, MessageRef, Rule, RuleFinding } from '../../rules/types';
import { isSeparator, isWordChar } from '../aliases';
import type { CipherElement, Profile } from '../types';
import { cipherListSites, defined, profileLabel, verifiedFix, type CipherListSite } from './shared';

const CHARACTER_NAMES: Record<string, string> = { '\n': 'lineBreak', '\r': 'carriageReturn', '\t': 'tab' };

function characterName(c: string): MessageArg {
  return CHARACTER_NAMES[c] ? { id: CHARACTER_NAMES[c] } : `"${c}"`;
}

/** Why OpenSSL stumbles, in words a user can act on. */
function explain(site: CipherListSite, element: CipherElement, profile: Profile): MessageRef {
  const at = (element.errorAt ?? element.span.start) - element.span.start;
  if (element.operator === 'special') {
    const command = element.parts[0]?.text ?? '';
    if (command === '') return { id: 'bareAt' };
    if (command === 'SECLEVEL') return { id: 'seclevel' };
    if (command.toUpperCase() === 'STRENGTH') return { id: 'strengthCase' };
    return { id: 'notACommand', args: { command } };
  }
  const c = element.text.charAt(at);
  if (c === '' && element.text.endsWith('+') && element.text.length > 1) return { id: 'danglingPlus', args: { element: element.text } };
  if (c === '') return { id: 'danglingOperator', args: { element: element.text } };
  if (c === '.' && profile.dialect === '0.9.8') return { id: 'dotIn098' };
  if (element.text.length === 1 && '-+!@'.includes(c)) return { id: 'danglingOperator', args: { element: c } };
  const before = site.value.slice(0, element.errorAt ?? 0);
  return { id: 'strayCharacter', args: { character: characterName(c), before: before.length > 0 ? `"${lastWord(before)}"` : { id: 'nothing' } } };
}

function lastWord(text: string): string {
  const m = /[^:,; ]*$/.exec(text);
  return m && m[0] !== '' ? m[0] : text;
}

function fixesFor(site: CipherListSite, element: CipherElement): RuleFinding['fixes'] {
  const accepted = (e: { ok: boolean; error?: string }) => e.error !== 'invalid command';
  const at = element.errorAt ?? element.span.start;
  const candidates = [];
  const c = site.value.charAt(at);
  if (element.operator === 'special' && element.parts[0]?.text.toUpperCase() === 'STRENGTH') {
    const part = element.parts[0];
    candidates.push(verifiedFix(site, part.span.start, part.span.end, 'STRENGTH', { id: 'writeStrength' }, true, accepted));
  }
  // A stray character between two names was meant as a separator.
  if (c !== '' && at > 0 && isWordChar(site.value.charAt(at - 1), site.profile.dialect) && isWordChar(site.value.charAt(at + 1), site.profile.dialect)) {
    candidates.push(verifiedFix(site, at, at + 1, ':', { id: 'replaceCharacter', args: { character: characterName(c) } }, candidates.length === 0, accepted));
  }
  // Otherwise remove the element, with the separator before it.
  let start = element.span.start;
  while (start > 0 && isSeparator(site.value.charAt(start - 1))) start--;
  const end = start === 0 ? skipSeparators(site.value, element.span.end) : element.span.end;
  candidates.push(verifiedFix(site, start, end, '', { id: 'remove', args: { element: element.text.trim() || characterName(element.text) } }, candidates.every((x) => x === undefined), accepted));
  return candidates.filter(defined);
}

function skipSeparators(value: string, index: number): number {
  let i = index;
  while (i < value.length && isSeparator(value.charAt(i))) i++;
  return i;
}

/** cipher-syntax: an element OpenSSL rejects, which makes it refuse the whole list ("invalid command"). */
export const cipherSyntax: Rule = {
  meta: {
    id: 'cipher-syntax',
    defaultSeverity: 'error',
    description: 'The cipher list holds something OpenSSL rejects (a stray character, @SECLEVEL, …): the appliance refuses the whole list.',
    fixable: true,
    scenarios: [4],
    appliesTo: ['esa', 'sma', 'unknown'],
    messages: {
      refused: '{^list} is refused by {profile} ("invalid command"): {reason}.',
      bareAt: 'a bare "@" has no command after it',
      seclevel: '@SECLEVEL exists only from OpenSSL 1.1.0',
      strengthCase: 'commands are case sensitive: write @STRENGTH',
      notACommand: '"@{command}" is not a command (only @STRENGTH is)',
      danglingPlus: '"{element}" ends with "+" and no name to join',
      danglingOperator: '"{element}" is an operator with no name after it',
      dotIn098: 'OpenSSL 0.9.8 does not allow "." in names (TLSv1.2 needs AsyncOS 9.5 or later)',
      strayCharacter: '{character} follows {before}; only ":", ",", ";" or a space may separate names',
      nothing: 'nothing',
      lineBreak: 'a line break',
      carriageReturn: 'a carriage return',
      tab: 'a tab',
      writeStrength: 'Write @STRENGTH in capitals',
      replaceCharacter: 'Replace {character} with ":"',
      remove: 'Remove "{element}"',
    },
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    for (const site of cipherListSites(model, context)) {
      for (const element of site.evaluation.elements) {
        if (!element.error) continue;
        const at = element.errorAt ?? element.span.start;
        // The offending character when there is one; the element itself for a bad command or a dangling operator.
        const pointAt = element.operator === 'special' || element.text.length <= 1 || at >= element.span.end ? element.span : { start: at, end: at + 1 };
        findings.push({
          message: { id: 'refused', args: { list: site.label, profile: profileLabel(site.profile), reason: explain(site, element, site.profile) } },
          span: site.spanOf(pointAt.start, pointAt.end),
          fixes: fixesFor(site, element),
        });
      }
    }
    return findings;
  },
};
