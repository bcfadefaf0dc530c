/**
 * Finding messages in the reader's language. Rules declare English templates
 * in `meta.messages` and report message ids with args; the facade renders
 * them here. Catalogues are data imported statically, so the core still does
 * no I/O and the bundles carry them.
 */
import type { MessageArg, MessageRef, RuleText } from '../rules/types';
import fr from './fr.json';
import it from './it.json';
import ja from './ja.json';
import ko from './ko.json';

export const LOCALES = ['en', 'fr', 'ja', 'ko', 'it'] as const;
export type Locale = (typeof LOCALES)[number];

/** Translations, keyed `<rule-id>/<message-id>` or `common/<message-id>`. English is the source, not a catalogue. */
export const CATALOGUES: Record<Exclude<Locale, 'en'>, Record<string, string>> = { fr, ja, ko, it };

/** Fragments several rules share (labels of listeners and levels), referenced as `common.<id>`. */
export const COMMON_MESSAGES: Record<string, string> = {
  listenerNamed: 'listener "{name}"{level}',
  listenerNumbered: 'listener #{number}{level}',
  atClusterLevel: ' at cluster level',
  atGroupLevel: ' at group level',
  atMachineLevel: ' at machine level',
  atClusterLevelNamed: ' at cluster level ({name})',
  atGroupLevelNamed: ' at group level ({name})',
  atMachineLevelNamed: ' at machine level ({name})',
  cipherListOutbound: 'the outbound (delivery) cipher list ({element}){level}',
  cipherListInbound: 'the inbound (receiving) cipher list ({element}){level}',
  cipherListGui: 'the GUI HTTPS cipher list ({element}){level}',
  cipherListOther: 'the cipher list ({element}){level}',
  opensslFull: 'OpenSSL {version} (full build)',
  opensslDefault: 'OpenSSL {version} (default build)',
  replaceRecommended: 'Replace with the recommended list for {profile}',
  anonymousSuitesOne: '1 anonymous suite ({examples})',
  anonymousSuitesMany: '{count} anonymous suites (e.g. {examples})',
  suitesOne: '1 suite ({examples})',
  suitesMany: '{count} suites (e.g. {examples})',
  hatOf: 'the HAT of {listener}',
  ratOf: 'the RAT of {listener}',
  senderGroup: 'sender group {name}',
  noPolicy: 'no policy',
  peerNamed: 'the {kind} {host} ({uri})',
  peerUnnamed: 'the {kind} ({uri})',
};

/**
 * The supported locale a tag or POSIX locale names: `fr-CA`, `ja_JP.UTF-8`
 * and `ko` are honoured by language; `C`, `POSIX`, empty and anything else is
 * English, the source language.
 */
export function normaliseLocale(tag: string | undefined): Locale {
  const language = (tag ?? '').trim().split(/[-_.@]/)[0].toLowerCase();
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : 'en';
}

/**
 * A maker of references to one set of templates, typed by its ids:
 * `const say = referencesTo(HAT_SYNTAX_MESSAGES)` makes `say('unclosedBrace')`
 * and refuses, at compile time, an id the set does not declare.
 */
export function referencesTo<T extends Record<string, string>>(_templates: T): (id: keyof T & string, args?: Record<string, MessageArg>) => MessageRef {
  return (id, args) => (args ? { id, args } : { id });
}

const PLACEHOLDER = /\{(\^?)(\w+)\}/g;

/** The placeholder names a template uses, for the tidy tests. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[2]).sort();
}

/** Where a message id's English template and translations live. */
function keyOf(ruleId: string, id: string): { key: string; english: (messages: Record<string, string> | undefined) => string | undefined } {
  if (id.startsWith('common.')) {
    const own = id.slice('common.'.length);
    return { key: `common/${own}`, english: () => COMMON_MESSAGES[own] };
  }
  return { key: `${ruleId}/${id}`, english: (messages) => messages?.[id] };
}

/**
 * Renders a rule's text in a locale: a translation when the catalogue has
 * one, else the English template (a message added without translations
 * still shows). A plain string is English from a rule not converted yet.
 */
export function renderText(text: RuleText, ruleId: string, messages: Record<string, string> | undefined, locale: Locale = 'en'): string {
  if (typeof text === 'string') return text;
  const { key, english } = keyOf(ruleId, text.id);
  const template = (locale === 'en' ? undefined : CATALOGUES[locale][key]) ?? english(messages);
  // An unknown id is a bug in a rule; showing the id keeps the finding visible and findable.
  if (template === undefined) return text.id;
  const args = text.args ?? {};
  return template.replace(PLACEHOLDER, (whole, cap: string, name: string) => {
    const arg: MessageArg | undefined = args[name];
    if (arg === undefined) return whole;
    const value = typeof arg === 'object' ? renderText(arg, ruleId, messages, locale) : String(arg);
    return cap ? value.charAt(0).toUpperCase() + value.slice(1) : value;
  });
}

/**
 * Titles of the editor's own code actions (not a rule's fixes), rendered with
 * `renderText(ref, EDITOR_MESSAGES_KEY, EDITOR_MESSAGES, locale)`: keyed
 * `editor/<id>` in the catalogues. Rule ids stay as they are.
 */
export const EDITOR_MESSAGES_KEY = 'editor';
export const EDITOR_MESSAGES: Record<string, string> = {
  fixAllInFile: 'Fix all auto-fixable AsyncOS PVO problems',
  fixAllOfRule: 'Fix all {rule} problems in this file',
  disableRule: 'Disable {rule} for this file',
};
