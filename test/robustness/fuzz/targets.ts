import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createAnalyzer, type AnalysisResult } from '../../../server/src/core/analyzer';
import { aliasTable } from '../../../server/src/core/ciphers/aliases';
import { evaluateCipherString, listProfiles } from '../../../server/src/core/ciphers';
import { HOST_PATTERN_ERRORS, HOST_PATTERN_WARNINGS } from '../../../server/src/core/hat/address';
import { HAT_SYNTAX_MESSAGES, parseHat } from '../../../server/src/core/hat/parse';
import { parseXml } from '../../../server/src/core/xml/parse';
import type { XmlElement } from '../../../server/src/core/xml/tree';
import { descendants } from '../../../server/src/core/xml/tree';
import { REPO_ROOT } from '../../support/cli';
import { fixViolations, violations } from '../support/invariants';

/** A property to fuzz: the input generator and what must hold (violations as sentences; empty when all is well). */
export interface FuzzTarget<T = unknown> {
  name: string;
  description: string;
  arbitrary: fc.Arbitrary<T>;
  check(input: T): string[];
}

const analyzer = createAnalyzer();

// ---------------------------------------------------------------- inputs

function examples(): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.xml')) out.push({ name: path.relative(REPO_ROOT, full), bytes: readFileSync(full) });
    }
  };
  walk(path.join(REPO_ROOT, 'examples'));
  return out;
}

const EXAMPLES = examples();

/** Escapes text for an element's content, so the decoded value is exactly the text. */
function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Replaces the content of the first element with this name, or undefined if there is none. */
function withContent(source: string, element: string, content: string): string | undefined {
  const open = source.indexOf(`<${element}>`);
  const close = source.indexOf(`</${element}>`, open);
  if (open < 0 || close < 0) return undefined;
  return source.slice(0, open + element.length + 2) + content + source.slice(close);
}

/**
 * Any code point, lone surrogates included. (fast-check's `binary` unit builds
 * a reverse map of all 1.1 million code points on first shrink: seconds.)
 */
const anyCodePoint = fc.nat(0x10ffff).map((c) => String.fromCodePoint(c));

// ---------------------------------------------------------------- cipher strings

const REAL_CIPHER_STRINGS = [
  'HIGH:!aNULL:!eNULL:!EXPORT:!LOW:!RC4:!MD5',
  'HIGH:MEDIUM:!aNULL:!eNULL:!EXPORT:!LOW:!RC4:!SSLv2',
  'HIGH:MEDIO:-NULL',
  'RC4-SHA:RC4-MD5:ALL',
  'MEDIUM:HIGH:-SSLv2:-aNULL:@STRENGTH',
  'ALL:!ADH:!EXPORT:!SSLv2:RC4+RSA:+HIGH:+MEDIUM:+LOW',
  'DEFAULT:!aNULL',
  'ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS',
  'AES128-SHA:AES256-SHA:!aNULL',
  'kEDH+AESGCM,!ADH ; COMPLEMENTOFALL',
];

const CIPHER_WORDS: string[] = (() => {
  const words = new Set<string>(['ALL', 'COMPLEMENTOFALL', 'COMPLEMENTOFDEFAULT', 'DEFAULT', '@STRENGTH', '@SECLEVEL=1', 'MEDIO', 'NULL', 'HIGH', 'LOW', 'EXPORT', 'SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.2', 'TLSv1.3', 'FIPS', '']);
  for (const dialect of ['0.9.8', '1.0.2'] as const) for (const key of aliasTable(dialect).keys()) words.add(key);
  for (const profile of listProfiles()) for (const suite of profile.suites) words.add(suite.name);
  return [...words].sort();
})();

const cipherWord = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...CIPHER_WORDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'AaZz09-.@=+!:, ;\t'), maxLength: 8 }) },
);
const cipherElement = fc
  .tuple(fc.constantFrom('', '', '', '!', '-', '+', '!!', '+-'), fc.array(cipherWord, { minLength: 1, maxLength: 3 }))
  .map(([op, words]) => op + words.join('+'));
const tokenCipherString = fc
  .tuple(fc.array(cipherElement, { maxLength: 10 }), fc.constantFrom(':', ':', ',', ' ', ';', '::', ': '))
  .map(([elements, separator]) => elements.join(separator));
/** A real string with a few characters inserted, deleted or replaced. */
const mutatedCipherString = fc
  .tuple(fc.constantFrom(...REAL_CIPHER_STRINGS), fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 }))
  .map(([base, edits]) => {
    let s = base;
    for (const [at, kind, text] of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      if (kind === 0) s = s.slice(0, i) + text + s.slice(i);
      else if (kind === 1) s = s.slice(0, i) + s.slice(i + 1);
      else s = s.slice(0, i) + text + s.slice(i + text.length);
    }
    return s;
  });
export const cipherString = fc.oneof(
  { weight: 4, arbitrary: tokenCipherString },
  { weight: 3, arbitrary: mutatedCipherString },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: anyCodePoint, maxLength: 40 }) },
);

const PROFILES = listProfiles();

function cipherEngineViolations(input: string): string[] {
  const out: string[] = [];
  for (const profile of PROFILES) {
    const at = `profile ${profile.id}`;
    const result = evaluateCipherString(input, profile.id);
    const keys = new Set(profile.suites.map((s) => s.key));
    if (result.ok && (result.error !== undefined || result.ciphers.length === 0)) out.push(`${at}: ok but error "${result.error}" / ${result.ciphers.length} suites`);
    if (!result.ok && (result.error === undefined || result.ciphers.length > 0)) out.push(`${at}: not ok but no error or ${result.ciphers.length} suites`);
    const selected = result.ciphers.map((s) => s.key);
    if (new Set(selected).size !== selected.length) out.push(`${at}: a suite is selected twice`);
    for (const key of selected) if (!keys.has(key)) out.push(`${at}: selected suite "${key}" is not in the profile`);
    let previousEnd = 0;
    for (const [i, element] of result.elements.entries()) {
      const { start, end } = element.span;
      if (start < previousEnd || end < start || end > input.length) out.push(`${at}: element ${i} span ${start}-${end} is outside the string (length ${input.length}) or overlaps the previous one`);
      previousEnd = Math.max(previousEnd, end);
      for (const part of element.parts) {
        if (part.span.start < start || part.span.end > end || part.span.end < part.span.start) out.push(`${at}: part "${part.text}" ${part.span.start}-${part.span.end} is outside its element ${start}-${end}`);
      }
    }
    for (const [key, index] of result.addedBy) {
      if (index < 0 || index >= result.elements.length) out.push(`${at}: suite ${key} added by element ${index} of ${result.elements.length}`);
    }
    const again = evaluateCipherString(`${input}`, profile.id);
    if (again.ciphers.map((s) => s.key).join(':') !== selected.join(':')) out.push(`${at}: evaluating twice gives different suites`);
  }
  return out;
}

const CIPHER_HOSTS = EXAMPLES.filter((e) => /(?:scenario-4-anonymous-cipher|clean-esa|clean-cluster)\.xml$/.test(e.name)).map((e) => ({ name: e.name, text: e.bytes.toString('latin1') }));
const CIPHER_ELEMENTS = ['ssl_outbound_ciphers', 'ssl_inbound_ciphers', 'ssl_gui_ciphers'];

/**
 * A fix to a HAT the parser already reports as broken (an unclosed `{`, a
 * nameless `$`) cannot promise what the appliance will make of it; it must
 * still apply cleanly, but may leave its finding in place.
 */
function mustSettle(result: AnalysisResult) {
  const brokenHat = result.findings.some((f) => f.rule === 'hat-syntax');
  return (finding: { rule: string }) => !(brokenHat && finding.rule.startsWith('hat-'));
}

function analysisViolations(result: AnalysisResult, fixLimit = 8): string[] {
  return [...violations(result), ...fixViolations(analyzer, result, { limit: fixLimit, mustSettle: mustSettle(result) })];
}

// ---------------------------------------------------------------- HAT text

const HAT_NAMES = ['ACCEPTED', 'RELAYED', 'BLOCKED', 'THROTTLED', 'TRUSTED', 'X', 'a_b-c'];
const HAT_HOSTS = [
  '10.1.2.3', '10.1.2.', '10.1.', '10.0.0.0/8', '10.1.2.3-20', '10.1.2.300', '10.1.2.3/33', '1.2.3.4-1.2.3.2', '0.0.0.0/0', '::1', '2001:db8::/32',
  '2001:db8::1-ff', 'fe80::', ':::', 'example.com', '.example.com', 'SBRS[-10.0:-3.0]', 'SBRS[none]', 'SBRS[', 'dnslist[bl.example.org]', '[1.2.3.4]',
  'ALL', '255.255.255.255', '999999999999999999999', '10.1.2.3,10.1.2.4', '10.1.2.3 10.1.2.4', 'RELAYLIST', 'ÿ.example', '\u{1F600}.example.com',
];
const HAT_PARAMS = ['max_msgs_per_session', 'spam_check', 'tls', 'use_sb', 'max_rcpts_per_hour', 'dhap_limit', 'x'];

const hatWord = fc.oneof(
  fc.constantFrom(...HAT_NAMES.map((n) => `$${n}`)),
  fc.constantFrom(...HAT_NAMES.map((n) => `${n}:`), 'RELAYLIST:', 'ALL', '$', ':', '$$'),
  fc.constantFrom('ACCEPT', 'RELAY', 'REJECT', 'TCPREFUSE', 'CONTINUE', 'accept'),
  fc.constantFrom('{', '}', '{}', '=', '"on"', '"', "'off'", '(a comment)', '(unclosed', ')', '#', '# comment'),
  fc.constantFrom(...HAT_HOSTS),
  fc.tuple(fc.constantFrom(...HAT_PARAMS), fc.constantFrom('= "on"', '= 5000', '=', '= -1', '= "unterminated')).map(([k, v]) => `${k} ${v}`),
  fc.string({ maxLength: 6 }),
);
const hatLine = fc
  .tuple(fc.constantFrom('', '', ' ', '   ', '    ', '\t', '        '), fc.array(hatWord, { minLength: 0, maxLength: 4 }))
  .map(([indent, words]) => indent + words.join(' '));
export const hatText = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.array(hatLine, { maxLength: 24 }), fc.constantFrom('\n', '\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol)) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'$:{}()#="\' \t\n\r.-/[]ALRCEPTabc019'), maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: anyCodePoint, maxLength: 60 }) },
);

/** Every `{ start, end }` inside a value must be a span of the text. */
function spanViolations(value: unknown, length: number, at = 'result', seen = new Set<object>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const out: string[] = [];
  const record = value as Record<string, unknown>;
  if (typeof record.start === 'number' && typeof record.end === 'number') {
    const { start, end } = record as { start: number; end: number };
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) out.push(`${at}: span ${start}-${end} is outside the text (length ${length}) or reversed`);
  }
  for (const [key, child] of Object.entries(record)) out.push(...spanViolations(child, length, Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`, seen));
  return out;
}

function hatParserViolations(text: string): string[] {
  const parsed = parseHat(text);
  const out = spanViolations(parsed, text.length);
  for (const problem of parsed.problems) {
    const known: Record<string, string> = problem.code === 'invalid-address' ? HOST_PATTERN_ERRORS : { ...HAT_SYNTAX_MESSAGES, ...HOST_PATTERN_WARNINGS };
    if (!(problem.message?.id in known)) out.push(`a problem at ${problem.span.start} has no message the ${problem.code === 'invalid-address' ? 'hat-invalid-address' : 'hat-syntax'} rule declares`);
  }
  return out;
}

const HAT_HOST = EXAMPLES.find((e) => e.name.endsWith('cpq-listener-misconfigured.xml'))!.bytes.toString('latin1');

// ---------------------------------------------------------------- mutated configurations

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; element: number }
  | { kind: 'remove'; element: number }
  | { kind: 'replace-text'; element: number; text: string }
  | { kind: 'insert'; at: number; text: string };

const FRAGMENTS = ['<', '>', '</config>', '<config>', '&', '&amp;', '&#0;', '&#x110000;', '&bogus;', '<![CDATA[', ']]>', '<!--', '-->', '\0', '\r', '\r\n', '\uFFFD', '<?xml version="1.0"?>', '<!DOCTYPE config>', '<listener>', '</listener>', '<hat>', '"', "'", 'é', '\u{1F600}'];
const TEXTS = ['', ' ', 'cpq_listener', 'CPQ', 'SMTP', '7025', '70250', '-1', '0', '99999999999999999999', 'Management', 'Data 1', 'Auto', 'ALL', 'HIGH:!aNULL', 'aNULL:eNULL', '10.0.0.1', '::1', 'é', '&amp;', 'x'.repeat(300)];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), element: fc.nat() }),
  fc.record({ kind: fc.constant('remove' as const), element: fc.nat() }),
  fc.record({ kind: fc.constant('replace-text' as const), element: fc.nat(), text: fc.oneof(fc.constantFrom(...TEXTS), fc.string({ maxLength: 12 })) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })) }),
);

export interface MutatedConfig {
  example: number;
  mutations: Mutation[];
}

const mutatedConfig: fc.Arbitrary<MutatedConfig> = fc.record({
  example: fc.nat(EXAMPLES.length - 1),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
});

/** Applies the mutations to the bytes; elements are found afresh after each step, so they always exist. */
export function mutate(input: MutatedConfig): Buffer {
  let bytes = EXAMPLES[input.example].bytes;
  for (const m of input.mutations) {
    if (m.kind === 'flip') {
      if (bytes.length === 0) continue;
      bytes = Buffer.from(bytes);
      bytes[m.at % bytes.length] = m.byte;
    } else if (m.kind === 'truncate') {
      bytes = bytes.subarray(0, m.at % (bytes.length + 1));
    } else if (m.kind === 'insert') {
      const at = m.at % (bytes.length + 1);
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text, 'utf8'), bytes.subarray(at)]);
    } else {
      // latin1 keeps one character per byte, so the tree's offsets are byte offsets.
      const text = bytes.toString('latin1');
      const root = parseXml(text).root;
      if (!root) continue;
      const elements: XmlElement[] = [root, ...descendants(root)];
      const element = elements[m.element % elements.length];
      const { start, end } = element.span;
      if (m.kind === 'duplicate') bytes = Buffer.concat([bytes.subarray(0, end), bytes.subarray(start, end), bytes.subarray(end)]);
      else if (m.kind === 'remove') bytes = Buffer.concat([bytes.subarray(0, start), bytes.subarray(end)]);
      else {
        const content = element.contentSpan;
        bytes = Buffer.concat([bytes.subarray(0, content.start), Buffer.from(m.text, 'latin1'), bytes.subarray(content.end)]);
      }
    }
  }
  return bytes;
}

// ---------------------------------------------------------------- the targets

export const TARGETS: FuzzTarget<never>[] = [
  {
    name: 'cipher-engine',
    description: 'random and mutated cipher strings, every OpenSSL profile: never throws, consistent results, spans inside the string',
    arbitrary: cipherString,
    check: cipherEngineViolations,
  } as FuzzTarget<string>,
  {
    name: 'cipher-fixes',
    description: 'random cipher strings in a configuration\'s TLS settings: locations inside the document, every fix applies and does not bring its finding back',
    arbitrary: fc.tuple(fc.nat(CIPHER_HOSTS.length - 1), fc.constantFrom(...CIPHER_ELEMENTS), cipherString),
    check: ([host, element, cipher]: [number, string, string]) => {
      const text = withContent(CIPHER_HOSTS[host].text, element, xmlEscape(cipher));
      if (text === undefined) return [];
      return analysisViolations(analyzer.analyzeText(text, CIPHER_HOSTS[host].name));
    },
  } as FuzzTarget<[number, string, string]>,
  {
    name: 'hat-parser',
    description: 'random HAT text: the parser never throws and every span and problem lies inside the text',
    arbitrary: hatText,
    check: hatParserViolations,
  } as FuzzTarget<string>,
  {
    name: 'hat-in-config',
    description: 'random HAT text in the cpq_listener\'s <hat>: locations inside the document, every fix applies',
    arbitrary: hatText,
    check: (hat: string) => {
      const open = HAT_HOST.indexOf('<hat>', HAT_HOST.indexOf('cpq_listener'));
      const close = HAT_HOST.indexOf('</hat>', open);
      const text = HAT_HOST.slice(0, open + 5) + xmlEscape(hat) + HAT_HOST.slice(close);
      return analysisViolations(analyzer.analyzeText(text, 'hat.xml'));
    },
  } as FuzzTarget<string>,
  {
    name: 'config-mutations',
    description: 'the examples with bytes flipped, truncated, elements duplicated, removed or emptied, fragments inserted: no crash, locations inside the document, every fix applies',
    arbitrary: mutatedConfig,
    check: (input: MutatedConfig) => analysisViolations(analyzer.analyzeBytes(mutate(input), EXAMPLES[input.example].name), 4),
  } as FuzzTarget<MutatedConfig>,
] as FuzzTarget<never>[];
