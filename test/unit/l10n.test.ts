import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createAnalyzer } from '../../server/src/core/analyzer';
import { CATALOGUES, COMMON_MESSAGES, LOCALES, normaliseLocale, placeholdersOf, renderText } from '../../server/src/core/l10n';
import { allRules } from '../../server/src/core/rules';
import type { MessageRef, Rule, RuleFinding, RuleText } from '../../server/src/core/rules/types';
import { readFixtureSpec } from '../support/expectations';
import { REPO_ROOT, runCliCaptured } from '../support/cli';
import { filesUnder } from '../support/files';

const TRANSLATED = LOCALES.filter((l) => l !== 'en');

/** Every English template, keyed as the catalogues key them. */
function englishTemplates(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, template] of Object.entries(COMMON_MESSAGES)) out.set(`common/${id}`, template);
  for (const rule of allRules) for (const [id, template] of Object.entries(rule.meta.messages ?? {})) out.set(`${rule.meta.id}/${id}`, template);
  return out;
}

test('every translation has the same placeholders as its English source, and no catalogue has a stray key', () => {
  const english = englishTemplates();
  for (const locale of TRANSLATED) {
    for (const [key, translation] of Object.entries(CATALOGUES[locale])) {
      const source = english.get(key);
      assert.ok(source !== undefined, `${locale}.json has "${key}", which no rule declares`);
      assert.deepEqual(placeholdersOf(translation), placeholdersOf(source), `${locale}.json "${key}" has other placeholders than the English`);
    }
  }
});

test('every message id has a French, Japanese, Korean and Italian translation', () => {
  const missing: string[] = [];
  for (const key of englishTemplates().keys()) for (const locale of TRANSLATED) if (!(key in CATALOGUES[locale])) missing.push(`${locale}: ${key}`);
  assert.deepEqual(missing, []);
});

test('every rule declares the messages it can show', () => {
  const without = allRules.filter((r) => Object.keys(r.meta.messages ?? {}).length === 0).map((r) => r.meta.id);
  assert.deepEqual(without, []);
});

/**
 * Wraps a rule so every text it reports is checked against its templates:
 * the id exists and the args fill exactly the template's placeholders.
 */
function checked(rule: Rule, problems: string[]): Rule {
  const visit = (text: RuleText | undefined, where: string): void => {
    if (text === undefined || typeof text === 'string') {
      if (rule.meta.messages && text !== undefined) problems.push(`${rule.meta.id}: ${where} is a plain string though the rule declares messages: ${text}`);
      return;
    }
    const ref: MessageRef = text;
    const template = ref.id.startsWith('common.') ? COMMON_MESSAGES[ref.id.slice(7)] : rule.meta.messages?.[ref.id];
    if (template === undefined) {
      problems.push(`${rule.meta.id}: ${where} uses unknown message id "${ref.id}"`);
      return;
    }
    const given = Object.keys(ref.args ?? {}).sort();
    const wanted = [...new Set(placeholdersOf(template))].sort();
    if (given.join() !== wanted.join()) problems.push(`${rule.meta.id}/${ref.id}: ${where} gives args [${given}] for placeholders [${wanted}]`);
    for (const [name, arg] of Object.entries(ref.args ?? {})) if (typeof arg === 'object') visit(arg, `${where} arg ${name}`);
  };
  return {
    meta: rule.meta,
    check(model, context) {
      const findings: RuleFinding[] = rule.check(model, context);
      for (const f of findings) {
        visit(f.message, 'message');
        for (const r of f.related ?? []) visit(r.message, 'related message');
        for (const fix of f.fixes ?? []) visit(fix.title, 'fix title');
      }
      return findings;
    },
  };
}

/** A minimal ESA configuration with the given `<ssl>` children, for the cipher and TLS method messages the fixtures do not reach. */
function sslConfig(ssl: Record<string, string>, version = '13.5.1-277'): string {
  const children = Object.entries(ssl).map(([name, value]) => `    <${name}>${value}</${name}>`).join('\n');
  return `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!--\n  Product: Cisco C300V Email Security Virtual Appliance\n  Version: ${version}\n-->\n<config>\n  <ssl>\n${children}\n  </ssl>\n</config>\n`;
}

/** Inputs that reach messages the fixtures and examples do not: cipher and TLS corner cases, encodings. */
function syntheticInputs(): { name: string; bytes: Uint8Array }[] {
  const texts: Record<string, string> = {
    'ciphers.xml': sslConfig({
      ssl_outbound_ciphers: 'eNULL:RC4-SHA',
      ssl_inbound_ciphers: 'HIGH:DEFAULT:TLS_AES_128_GCM_SHA256:TLS_RSA_WITH_AES_128_CBC_SHA:MEDIO',
      ssl_gui_ciphers: 'ADH-AES256-SHA:-NULL',
      ssl_extra_ciphers: 'DES-CBC3-SHA',
      ssl_outbound_method: 'SSLv3 TLSv1',
      ssl_inbound_method: 'SSLv2 SSLv3 TLSv1',
      ssl_gui_method: 'SSLv2',
      ssl_extra_method: 'SSLv3',
    }),
    'ciphers-0.9.8.xml': sslConfig({ ssl_outbound_ciphers: 'HIGH:TLSv1.2', ssl_inbound_ciphers: 'HIGH:ECDHE-RSA-AES128-SHA256' }, '9.1.0-032'),
  };
  ['@strength', '@SECLEVEL=1', '@FOO', 'HIGH:@', 'HIGH+', 'HIGH:-', 'HIGH#MEDIUM', 'HIGH\tMEDIUM', '-', 'ALL:!aNULL:-RC4+'].forEach((value, i) => {
    texts[`syntax-${i}.xml`] = sslConfig({ ssl_outbound_ciphers: value });
  });
  const out = Object.entries(texts).map(([name, text]) => ({ name, bytes: Buffer.from(text, 'latin1') as Uint8Array }));
  const body = sslConfig({ ssl_outbound_ciphers: 'HIGH:!aNULL' }).replace(/^<\?xml[^>]*>/, '');
  out.push({ name: 'bom.xml', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${body}`)]) });
  out.push({ name: 'bad-utf8.xml', bytes: Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${body}<!-- `), Buffer.from([0xe9, 0xff]), Buffer.from(' -->')]) });
  out.push({ name: 'unsupported.xml', bytes: Buffer.from(`<?xml version="1.0" encoding="X-NOTHING"?>${body}`) });
  out.push({ name: 'utf16-declared.xml', bytes: Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${body}`) });
  return out;
}

test('every placeholder of every message a rule reports on the fixtures, the examples and cipher and encoding corner cases is filled, in every locale', () => {
  const problems: string[] = [];
  const rules = allRules.map((r) => checked(r, problems));
  const fixtures = filesUnder(path.join(REPO_ROOT, 'test/fixtures/rules'), '.xml');
  const examples = filesUnder(path.join(REPO_ROOT, 'examples'), '.xml');
  let reported = 0;
  for (const locale of LOCALES) {
    for (const file of fixtures) {
      const bytes = readFileSync(file);
      const spec = readFixtureSpec(bytes.toString('latin1'));
      const result = createAnalyzer({ ...spec.options, locale }, rules).analyzeBytes(bytes, file);
      assert.deepEqual(result.notes.filter((n) => n.startsWith('rule ')), []);
      reported += result.findings.length;
      for (const f of result.findings) assert.doesNotMatch(f.message, /\{\^?\w+\}/, `${path.basename(file)} ${locale}: ${f.message}`);
    }
    const together = createAnalyzer({ locale }, rules).analyzeFiles(examples.map((file) => ({ uri: file, bytes: readFileSync(file) })));
    reported += together.reduce((n, r) => n + r.findings.length, 0);
    for (const peerAddresses of [['10.9.9.9'], ['192.168.1.77']]) {
      const withPeer = createAnalyzer({ locale, peerAddresses, expectPvo: true }, rules).analyzeFiles(examples.map((file) => ({ uri: file, bytes: readFileSync(file) })));
      reported += withPeer.reduce((n, r) => n + r.findings.length, 0);
    }
    for (const input of syntheticInputs()) {
      const result = createAnalyzer({ locale }, rules).analyzeBytes(input.bytes, input.name);
      assert.deepEqual(result.notes.filter((n) => n.startsWith('rule ')), []);
      reported += result.findings.length;
    }
  }
  assert.ok(reported > 0);
  assert.deepEqual(problems, []);
});

test('locale tags and POSIX locales choose a language; C, POSIX and others are English', () => {
  assert.equal(normaliseLocale('fr'), 'fr');
  assert.equal(normaliseLocale('fr-CA'), 'fr');
  assert.equal(normaliseLocale('ja_JP.UTF-8'), 'ja');
  assert.equal(normaliseLocale('ko_KR.eucKR'), 'ko');
  assert.equal(normaliseLocale('it_IT@euro'), 'it');
  assert.equal(normaliseLocale('C'), 'en');
  assert.equal(normaliseLocale('C.UTF-8'), 'en');
  assert.equal(normaliseLocale('POSIX'), 'en');
  assert.equal(normaliseLocale('de_DE.UTF-8'), 'en');
  assert.equal(normaliseLocale(undefined), 'en');
});

test('a message without a translation falls back to English, per message', () => {
  const messages = { only: 'Listener {name} has no translation' };
  for (const locale of LOCALES) assert.equal(renderText({ id: 'only', args: { name: 'x' } }, 'no-such-rule', messages, locale), 'Listener x has no translation');
});

const SCENARIO_1 = 'examples/cpq-listener-missing.xml';

test('the scenario 1 finding (no cpq_listener) reads in each language, with names and ports untranslated', () => {
  const bytes = readFileSync(path.join(REPO_ROOT, SCENARIO_1));
  const messageIn = (locale: string) => {
    const finding = createAnalyzer({ locale }).analyzeBytes(bytes, SCENARIO_1).findings.find((f) => f.rule === 'cpq-listener-missing');
    assert.ok(finding, `no cpq-listener-missing finding in ${locale}`);
    assert.equal(finding.messageId, 'missing');
    return finding.message;
  };
  const english = messageIn('en');
  assert.match(english, /^No cpq_listener: /);
  const expected: Record<string, RegExp> = {
    fr: /^Pas de cpq_listener : .*PVO centralisé.*7025/,
    ja: /^cpq_listener がありません: .*集中管理 PVO.*7025/,
    ko: /^cpq_listener 없음: .*중앙 집중식 PVO.*7025/,
    it: /^Nessun cpq_listener: .*PVO centralizzato.*7025/,
  };
  for (const locale of TRANSLATED) {
    const message = messageIn(locale);
    assert.notEqual(message, english);
    assert.match(message, expected[locale]);
  }
  assert.equal(messageIn('de'), english, 'an unsupported language gets English');
});

test('lint --locale fr prints French messages; LANG picks the language when --locale is absent; C is English', async () => {
  const file = 'examples/cpq-listener-misconfigured.xml';
  const french = await runCliCaptured(['lint', '--locale', 'fr', file]);
  assert.equal(french.code, 1);
  assert.match(french.stdout, /error cpq-listener-protocol L'écouteur "cpq_listener" utilise le protocole "SMTP"/);
  const fromEnv = await runCliCaptured(['lint', file], { env: { LANG: 'ja_JP.UTF-8' } });
  assert.match(fromEnv.stdout, /cpq-listener-protocol リスナー "cpq_listener" はプロトコル "SMTP" を使用しています/);
  const overridden = await runCliCaptured(['lint', file], { env: { LANG: 'ja_JP.UTF-8', LC_ALL: 'C' } });
  assert.match(overridden.stdout, /cpq-listener-protocol The listener "cpq_listener" uses protocol "SMTP"/);
  const json = JSON.parse((await runCliCaptured(['lint', '--locale', 'it', '--format', 'json', file])).stdout);
  const messages = JSON.stringify(json);
  assert.match(messages, /Il listener \\"cpq_listener\\" usa il protocollo \\"SMTP\\"/);
  const bad = await runCliCaptured(['lint', '--locale', 'xx', file]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--locale must be one of en, fr, ja, ko, it/);
});
