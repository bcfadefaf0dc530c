import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CLI_MESSAGES } from '../../server/src/cli/messages';
import { createAnalyzer } from '../../server/src/core/analyzer';
import { CATALOGUES, COMMON_MESSAGES, EDITOR_MESSAGES, EDITOR_MESSAGES_KEY, LOCALES, normaliseLocale, placeholdersOf, renderText } from '../../server/src/core/l10n';
import { allRules } from '../../server/src/core/rules';
import { XML_PARSER_MESSAGES, xmlProblemText } from '../../server/src/core/rules/xml-syntax';
import { parseXml } from '../../server/src/core/xml/parse';
import type { MessageRef, Rule, RuleFinding, RuleText } from '../../server/src/core/rules/types';
import { readFixtureSpec } from '../support/expectations';
import { REPO_ROOT, runCliCaptured } from '../support/cli';
import { filesUnder } from '../support/files';

const TRANSLATED = LOCALES.filter((l) => l !== 'en');

/** Every English template, keyed as the catalogues key them: the rules', the shared fragments and the CLI's own text. */
function englishTemplates(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, template] of Object.entries(COMMON_MESSAGES)) out.set(`common/${id}`, template);
  for (const [id, template] of Object.entries(CLI_MESSAGES)) out.set(`cli/${id}`, template);
  for (const rule of allRules) for (const [id, template] of Object.entries(rule.meta.messages ?? {})) out.set(`${rule.meta.id}/${id}`, template);
  for (const [id, template] of Object.entries(EDITOR_MESSAGES)) out.set(`${EDITOR_MESSAGES_KEY}/${id}`, template);
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

/** A minimal ESA configuration with one cpq_listener holding the given HAT text and RAT entries. */
function hatConfig(hat: string, rat: [address: string, access: string][] = [['ALL', 'ACCEPT']]): string {
  const entries = rat.map(([address, access]) => `        <rat_entry>\n          <rat_address>${address}</rat_address>\n          <access>${access}</access>\n        </rat_entry>`).join('\n');
  return `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config SYSTEM "config.dtd">\n<config>\n  <listeners>\n    <listener>\n      <listener_name>cpq_listener</listener_name>\n      <protocol>CPQ</protocol>\n      <port>7025</port>\n      <type>private</type>\n      <hat>\n${hat}\n      </hat>\n      <rat>\n${entries}\n      </rat>\n    </listener>\n  </listeners>\n</config>\n`;
}

/** HAT texts that reach the HAT reader's descriptions, one or two each. */
const BROKEN_HATS = [
  '$RELAYED\n   RELAYS {}\nALL\n   $RELAYED',
  '$BLOCKED\nALL\n   REJECT',
  '$Q\n   ACCEPT {\n      max_concurrency 10\n   }\nALL\n   $Q',
  'G:\n   10.1.1.1\nALL\n   REJECT',
  'spamdomain.com\nALL\n   REJECT',
  'G:\n   odd~host\n   REJECT\nALL\n   REJECT',
  'ALL\n',
  '  REJECT\nALL\n  REJECT',
  'G:\n  10.1.1.1\n  $A\n  $B\nALL\n  REJECT',
  '$P\n  ACCEPT {\n    tls = "on\n  }\nALL\n  $P',
  '$P\n  ACCEPT {\n    tls =\n  }\nALL\n  $P',
  '$P\n  ACCEPT {\n    tls = on\nALL\n  $P',
  '$P\n  ACCEPT {} extra\nALL\n  $P',
  '$P\n  ACCEPT\n  foo\nALL\n  $P',
  '$P\n  $Q\nALL\n  REJECT',
  '$P\n  foo\nALL\n  REJECT',
  'ALL\n  REJECT\n  foo',
  '}\nALL\n  REJECT',
  '$1bad\n  ACCEPT\nALL\n  REJECT',
  '$P\n  ACCEPT {\n    a = 1\n  } extra\nALL\n  $P',
  'G:\n  10.1.1.1 =\n  REJECT\nALL\n  REJECT',
  'ALL\n  $A\n  $B',
  'h.example.com\n  $A\n  $B\nALL\n  REJECT',
  'G:\n  10.1.1.1\n  $A (c) junk\nALL\n  REJECT',
  'ALL foo',
  '$P FOO\nALL\n  $P',
  '$P\n  ACCEPT {\n    a = {\n      junk\n    }\n  }\nALL\n  $P',
  'G:\n  10.1.2.300\n  1.2.3.4.\n  1.2.3.4.5\n  10.1-2.3\n  10.1.2.9-3\n  10.1.2-3/24\n  10.1.2./24\n  10.1.2.0/33\n  fe80::1/129\n  fe80::g/64\n  ::1-::2-::3\n  ::2-::1\n  1:2\n  1:2:3:4:5:6:7:8-7:9\n  SBRS\n  SBRS[a]\n  SBRS[-11:0]\n  SBRS[3:1]\n  dnslist[]\n  dnslist[-bad-]\n  SBO:abc\n  .-bad\n  REJECT\nALL\n  REJECT',
];

/** RAT entries that reach the RAT reader's descriptions. */
const BROKEN_RAT: [string, string][] = [
  ['a b.example.com', 'ACCEPT'], ['user@@example.com', 'ACCEPT'], ['[300.1.1.1]', 'ACCEPT'], ['@', 'ACCEPT'],
  ['user@-bad-', 'ACCEPT'], ['u\u00A0ser@example.com', 'ACCEPT'], ['.-bad', 'ACCEPT'], ['odd~rcpt', 'ACCEPT'], ['', 'ACCEPT'], ['ALL', ''], ['ALL', 'ACCEPTED'],
];

/** Files that are not well-formed XML, each stopping the parser with another of its messages. */
const BROKEN_XML = [
  '<config><hostname>esa1</host></config>',
  '<config><listeners>',
  '<config><company>Sales & Marketing</company></config>',
  '<config a="1" a="2"/>',
  '<config a=1/>',
  '<config a/>',
  '<config a="1"b="2"/>',
  '<config><a/ ></config>',
  '<config></ a></config>',
  '<config><!-- a -- b --></config>',
  '<config>&nbsp;</config>',
  '<config>]]></config>',
  '<config><? ?></config>',
  '<config><1a/></config>',
  '<config><a\u0001b/></config>',
  '<config><!x></config>',
  '<config><?x\u0001 ?></config>',
  '<config>&#1114112;</config>',
  '<config></config><other/>',
  '<config></config>text',
].map((body) => `<!DOCTYPE config SYSTEM "config.dtd">\n${body}\n`).concat([
  '<!DOCTYPE config SYSTEM "config.dtd"><config/><!DOCTYPE config>',
  ' <?xml version="1.0"?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<?xml?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<?xml encoding="UTF-8"?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<?xml version="2.0"?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<?xml version="1.0" encoding="-x"?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<?xml version="1.0" standalone="maybe"?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<?xml version="1.0" foo="x"?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<?xml version=1.0?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<?xml version="1.0" standalone="yes" x="y"?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<?xml version="1.0"encoding="UTF-8"?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<?xml version="1.0" ? ?><!DOCTYPE config SYSTEM "config.dtd"><config/>',
  '<!DOCTYPE config SYSTEM "config.dtd">',
]);

/** Inputs that reach messages the fixtures and examples do not: cipher and TLS corner cases, encodings, broken HATs, RATs and XML. */
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
  BROKEN_HATS.forEach((hat, i) => { texts[`hat-${i}.xml`] = hatConfig(hat); });
  texts['rat.xml'] = hatConfig('ALL\n  REJECT', BROKEN_RAT);
  BROKEN_XML.forEach((text, i) => { texts[`xml-${i}.xml`] = text; });
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

test('every problem the XML parser reports on broken files is one the xml-syntax rule translates', () => {
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const text of BROKEN_XML) {
    for (const problem of parseXml(text).problems) {
      const arg = xmlProblemText(problem.message);
      if (typeof arg === 'object') seen.add(arg.id);
      else unknown.push(problem.message);
    }
  }
  assert.deepEqual(unknown, []);
  assert.ok(seen.size >= 35, `only ${seen.size} of ${Object.keys(XML_PARSER_MESSAGES).length} parser messages reached`);
  assert.equal(xmlProblemText('a message no parser version wrote yet'), 'a message no parser version wrote yet', 'unknown wording is kept, in English');
  assert.deepEqual(xmlProblemText('unmatched closing tag: host'), { id: 'unmatchedClosingTag', args: { name: 'host' } });
});

/** English that the HAT, RAT and XML readers used to leave inside translated sentences. */
const READER_ENGLISH = /\b(expected|unexpected|is not|more than|has no|kept as is|close tag|policy|sender group)\b/;

test('a broken HAT and RAT read entirely in French, the readers\' own descriptions included', () => {
  const hat = '$RELAYED\n   RELAYS {}\nRELAYLIST:\n   10.172.12.300\n   odd~host\n   $RELAYED\nALL\n   $RELAYED';
  const text = hatConfig(hat, [['user@@example.com', 'ACCEPTED'], ['ALL', 'ACCEPT']]);
  const findings = createAnalyzer({ locale: 'fr' }).analyzeText(text, 'broken-hat.xml').findings;
  const messages = (rule: string) => findings.filter((f) => f.rule === rule).map((f) => f.message);
  assert.deepEqual(messages('hat-syntax'), [
    'Dans la HAT de l\'écouteur "cpq_listener" : l\'action de la politique $RELAYED (ACCEPT, RELAY, REJECT, TCPREFUSE, CONTINUE) était attendue.',
    'Dans la HAT de l\'écouteur "cpq_listener" : `odd~host` n\'a pas une forme d\'entrée d\'hôte décrite dans la documentation ; elle est conservée telle quelle.',
  ]);
  assert.deepEqual(messages('hat-invalid-address'), [
    'Dans la HAT de l\'écouteur "cpq_listener" : l\'octet 300 de `10.172.12.300` dépasse 255 ; l\'appliance ne fera correspondre aucun hôte avec cette entrée.',
  ]);
  assert.deepEqual(messages('rat-syntax'), [
    'Dans la RAT de l\'écouteur "cpq_listener" : `user@@example.com` contient plus d\'un `@`.',
    'Dans la RAT de l\'écouteur "cpq_listener" : `ACCEPTED` n\'est pas une action d\'accès des destinataires (ACCEPT, REJECT, TCPREFUSE, CONTINUE).',
  ]);
  for (const f of findings) assert.doesNotMatch(f.message, READER_ENGLISH, f.message);
});

test('every broken HAT, RAT and XML file reads without the readers\' English, in French, Japanese, Korean and Italian', () => {
  const inputs = [...BROKEN_HATS.map((hat) => hatConfig(hat)), hatConfig('ALL\n  REJECT', BROKEN_RAT), ...BROKEN_XML];
  for (const locale of TRANSLATED) {
    const analyzer = createAnalyzer({ locale });
    const english = createAnalyzer();
    inputs.forEach((text, i) => {
      const ours = analyzer.analyzeText(text, `broken-${i}.xml`).findings;
      const theirs = english.analyzeText(text, `broken-${i}.xml`).findings;
      ours.forEach((f, k) => {
        if (!['hat-syntax', 'hat-invalid-address', 'rat-syntax', 'xml-syntax'].includes(f.rule)) return;
        assert.notEqual(f.message, theirs[k].message, `${locale}: ${f.message}`);
        assert.doesNotMatch(f.message, READER_ENGLISH, `${locale}: ${f.message}`);
      });
    });
  }
});

test('a file that is not well-formed XML reads entirely in French, the parser\'s own words included', () => {
  const message = (text: string) => createAnalyzer({ locale: 'fr' }).analyzeText(text, 'broken.xml').findings.find((f) => f.rule === 'xml-syntax')?.message;
  const doctype = '<!DOCTYPE config SYSTEM "config.dtd">\n';
  assert.equal(message(`${doctype}<config>\n  <hostname>esa1.example.com</host>\n</config>\n`), 'Le XML est mal formé : balise de fermeture inattendue (3 autres problèmes après celui-ci)');
  assert.equal(message(`${doctype}<config>\n  <listeners>\n`), 'Le XML est mal formé : le fichier se termine avant </config> (tronqué ?) (1 autre problème après celui-ci)');
  assert.equal(message(`${doctype}<config><company>Sales & Marketing</company></config>\n`), 'Le XML est mal formé : un "&" seul doit s\'écrire "&amp;" (ou il manque le ";" d\'une référence d\'entité)');
  assert.equal(message(`${doctype}<config a="1" a="2"/>\n`), 'Le XML est mal formé : attribut en double : a');
});

test('lint prints its summary in Japanese with --locale ja or LANG=ja_JP.UTF-8, and in French with LC_ALL=fr_FR', async () => {
  const files = ['examples/cpq-listener-misconfigured.xml', 'test/fixtures/rules/xml-syntax/truncated.xml'];
  const japanese = await runCliCaptured(['lint', '--locale', 'ja', ...files]);
  assert.equal(japanese.code, 1);
  assert.match(japanese.stdout, /^2 件の設定を分析しました: エラー \d+ 件、警告 1 件、注記 0 件$/m);
  assert.match(japanese.stdout, /truncated\.xml:\d+:\d+ error xml-syntax XML が整形式ではありません: /);
  const fromEnv = await runCliCaptured(['lint', ...files], { env: { LANG: 'ja_JP.UTF-8' } });
  assert.equal(fromEnv.stdout, japanese.stdout);
  const french = await runCliCaptured(['lint', files[0], 'test/fixtures/rules/xml-syntax'], { env: { LC_ALL: 'fr_FR.UTF-8', LANG: 'ja_JP.UTF-8' } });
  assert.match(french.stdout, /^\d configurations analysées : \d+ erreurs, \d+ avertissements?, 0 remarque$/m);
  const english = await runCliCaptured(['lint', ...files]);
  assert.match(english.stdout, /^2 configurations analysed: \d+ errors, 1 warning, 0 notes$/m);
});

test('lint says which files it skipped, and why, in the chosen language', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'asyncos-pvo-l10n-'));
  writeFileSync(path.join(dir, 'empty.xml'), '');
  writeFileSync(path.join(dir, 'binary.xml'), Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]));
  writeFileSync(path.join(dir, 'other.xml'), '<config><foo/></config>');
  const run = await runCliCaptured(['lint', '--locale', 'ko', dir]);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'asyncos-pvo: 지정한 파일 3개 중 AsyncOS 구성이 없습니다. 아무것도 검사하지 않았습니다\n');
  assert.match(run.stdout, /binary\.xml: 건너뜀: 이진 데이터이며 XML 구성이 아닙니다$/m);
  assert.match(run.stdout, /empty\.xml: 건너뜀: 빈 파일입니다$/m);
  assert.match(run.stdout, /other\.xml: 건너뜀: AsyncOS 구성이 아닙니다/m);
  assert.match(run.stdout, /^구성 0개 분석: 오류 0개, 경고 0개, 참고 0개$/m);
});

test('usage errors, --help and the command list follow --locale and the environment; JSON keys stay English', async () => {
  const unknown = await runCliCaptured(['lint', '--locale', 'fr', '--format', 'yaml', 'x.xml']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, 'asyncos-pvo lint: --format doit être l\'une des valeurs text, json, sarif (reçu : "yaml")\nLancez "asyncos-pvo lint --help" pour voir l\'utilisation.\n');
  const missing = await runCliCaptured(['lint', 'nope.xml'], { env: { LANG: 'it_IT.UTF-8' } });
  assert.equal(missing.stderr, 'asyncos-pvo lint: impossibile leggere "nope.xml": file o cartella inesistente\n');
  const help = await runCliCaptured(['lint', '--help'], { env: { LC_MESSAGES: 'ko_KR.UTF-8' } });
  assert.match(help.stdout, /^사용법: asyncos-pvo lint \[옵션\]/);
  assert.match(help.stdout, /--rule <id>=<severity> {5}규칙의 심각도/);
  const overview = await runCliCaptured(['--help'], { env: { LANG: 'ja_JP.UTF-8' } });
  assert.match(overview.stdout, /^使い方: asyncos-pvo <コマンド> \[オプション\]\n\nコマンド:\n {2}lint {5}config\.xml/);
  const ciphers = await runCliCaptured(['ciphers', '--locale', 'it', '--openssl', '9.9', 'HIGH']);
  assert.match(ciphers.stderr, /^asyncos-pvo ciphers: profilo OpenSSL sconosciuto "9\.9"; uno tra: /);
  const json = await runCliCaptured(['lint', '--locale', 'ja', '--format', 'json', 'examples/cpq-listener-misconfigured.xml']);
  const report = JSON.parse(json.stdout);
  assert.deepEqual(Object.keys(report), ['tool', 'version', 'files']);
  assert.deepEqual(Object.keys(report.files[0].findings[0]), ['rule', 'severity', 'message', 'range', 'fixes']);
  const bad = await runCliCaptured(['probe', '--locale', 'xx', 'admin@esa1']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--locale must be one of en, fr, ja, ko, it \(got "xx"\)/);
});
