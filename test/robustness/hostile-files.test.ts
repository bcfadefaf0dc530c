import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { createAnalyzer, type AnalysisResult } from '../../server/src/core/analyzer';
import { descendants } from '../../server/src/core/xml/tree';
import {
  analyzeInChild, example, lintInChild, scratchDir, textAt, throughCoreAndCli, TRACE_PRELOAD, type JsonFinding,
} from './support/harness';
import type { Trace } from './support/trace';

/**
 * Hostile and broken files: each must end in a clear finding or a clear
 * reason for skipping, within a bounded heap, through the core and the CLI
 * alike, and every location reported must lie inside the document.
 */

const dir = scratchDir();
const MISCONFIGURED = example('cpq-listener-misconfigured.xml').toString('latin1');
const analyzer = createAnalyzer();

const rulesOf = (findings: { rule: string }[]) => [...new Set(findings.map((f) => f.rule))].sort();

/** A recognisable configuration around some content (DOCTYPE config makes it one, whatever the body). */
function config(body: string, prolog = ''): string {
  return `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config${prolog}>\n<config>\n  <hostname>esa1.example.com</hostname>\n${body}\n</config>\n`;
}

test('an entity-expansion bomb is reported as an undefined entity and never expanded', async () => {
  const levels = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
  // Fully expanded, &lol10; would be 3 * 10^10 characters.
  const bomb = config('  <listeners><listener><listener_name>&lol10;</listener_name></listener></listeners>', ` [\n<!ENTITY lol0 "lol">\n${levels}\n]`);
  const { core, cli } = await throughCoreAndCli(Buffer.from(bomb, 'latin1'), dir, 'bomb.xml');
  const syntax = core.findings.find((f) => f.rule === 'xml-syntax');
  assert.ok(syntax, 'a well-formedness finding');
  assert.match(syntax.message, /entity/);
  assert.equal(cli.code, 1);
  const texts = [...descendants(core.document!.root!)].flatMap((e) => e.children.filter((c) => c.kind === 'text').map((c) => c.value));
  assert.ok(texts.every((t) => t.length < 100), 'no text grew by expansion');

  // A heap far smaller than any expansion: the analysis and the CLI still finish.
  const file = path.join(dir, 'bomb.xml');
  const child = await analyzeInChild(file, 32);
  assert.deepEqual(child.violations, []);
  assert.ok(child.findings.some((f) => f.rule === 'xml-syntax'));
  const lint = await lintInChild(file, 32);
  assert.equal(lint.code, 1, lint.stderr);
  assert.ok(lint.report!.files[0].findings.some((f) => f.rule === 'xml-syntax'));
});

test('external entities and DTD references are never fetched: no file is read and no request is made', async (t) => {
  const marker = `SECRET-${randomBytes(8).toString('hex')}`;
  const secret = path.join(dir, 'secret.txt');
  const control = path.join(dir, 'control.txt');
  writeFileSync(secret, `<listener><listener_name>${marker}</listener_name></listener>`);
  writeFileSync(control, 'control');
  // With relatime, a read updates the access time when it is older than the modification time.
  const old = new Date('2001-01-01T00:00:00Z');
  for (const file of [secret, control]) utimesSync(file, old, new Date());
  readFileSync(control);
  const atimeShowsReads = statSync(control).atimeMs > old.getTime() + 1000;
  if (!atimeShowsReads) t.diagnostic('this file system does not update access times; relying on the in-process trace alone');

  let requests = 0;
  const server: Server = createServer((req, res) => { requests++; res.end(`<!ENTITY leak "${marker}">`); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const secretUrl = `file://${secret}`;
    const cases: Record<string, string> = {
      'system-dtd.xml': config('', ` SYSTEM "${url}/config.dtd"`),
      'public-dtd.xml': config('', ` PUBLIC "-//Example//DTD Config//EN" "${url}/public.dtd"`),
      'file-dtd.xml': config('', ` SYSTEM "${secretUrl}"`),
      'file-entity.xml': config('  <listeners>&ext;</listeners>', ` [<!ENTITY ext SYSTEM "${secretUrl}">]`),
      'plain-path-entity.xml': config('  <listeners>&ext;</listeners>', ` [<!ENTITY ext SYSTEM "${secret}">]`),
      'http-entity.xml': config('  <hostname>&ext;</hostname>', ` [<!ENTITY ext SYSTEM "${url}/entity">]`),
      'parameter-entity.xml': config('', ` [<!ENTITY % remote SYSTEM "${url}/remote.dtd"> %remote; <!ENTITY % local SYSTEM "${secretUrl}"> %local;]`),
      'xinclude.xml': config(`  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${secretUrl}" parse="text"/>\n  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${url}/inc"/>`),
    };
    for (const [name, text] of Object.entries(cases)) {
      const { core, cli, cliText } = await throughCoreAndCli(Buffer.from(text, 'latin1'), dir, name);
      assert.ok(core.recognised, `${name} is analysed`);
      for (const output of [JSON.stringify(core.findings), cli.stdout, cliText.stdout, cli.stderr]) assert.ok(!output.includes(marker), `${name}: nothing from outside the file appears`);
      const texts = [...descendants(core.document!.root!)].flatMap((e) => e.children.filter((c) => c.kind === 'text').map((c) => c.value));
      assert.ok(!texts.some((v) => v.includes(marker)), `${name}: no external content in the tree`);
      if (/&ext;/.test(text)) assert.ok(core.findings.some((f) => f.rule === 'xml-syntax' && /entity/.test(f.message)), `${name}: the unexpanded reference is reported`);

      // The CLI in a process of its own, with every file open and connection recorded.
      const traceFile = path.join(dir, `${name}.trace.json`);
      const lint = await lintInChild(path.join(dir, name), 128, { ROBUSTNESS_TRACE: traceFile }, TRACE_PRELOAD);
      assert.ok(lint.code === 0 || lint.code === 1, `${name}: ${lint.stderr}`);
      assert.ok(!lint.stdout.includes(marker));
      const trace = JSON.parse(readFileSync(traceFile, 'utf8')) as Trace;
      assert.deepEqual(trace.network, [], `${name}: no connection or name lookup`);
      assert.ok(!trace.files.some((f) => f.includes('secret.txt')), `${name}: the referenced file is never opened`);
    }
    assert.equal(requests, 0, 'the HTTP server was never asked for anything');
    if (atimeShowsReads) assert.equal(statSync(secret).atimeMs, old.getTime(), 'the secret file was never read by anything');
  } finally {
    server.close();
  }
});

let large: string;
before(() => {
  // Realistic bulk: the example's listeners, repeated until the file is 50 MB.
  const block = /<listeners>\n([\s\S]*?<\/listener>\n)/.exec(MISCONFIGURED)![1];
  const parts: string[] = [];
  let size = MISCONFIGURED.length;
  for (let i = 0; size < 50 * 1024 * 1024; i++) {
    const copy = block.replace('IncomingMail', `Listener${i}`).replace('<port>25</port>', `<port>${1 + (i % 65535)}</port>`);
    parts.push(copy);
    size += copy.length;
  }
  large = path.join(dir, 'large.xml');
  writeFileSync(large, MISCONFIGURED.replace('<listeners>\n', `<listeners>\n${parts.join('')}`), 'latin1');
});

/** About 17 bytes of heap per byte of file at the last measurement (866 MiB live at the end); the cap leaves room, not a free hand. */
const HEAP_50MB = 1536;

test('a 50 MB configuration is analysed within a 1.5 GiB heap, by the core and by the CLI', async () => {
  assert.ok(statSync(large).size >= 50 * 1024 * 1024);
  // The timeout only catches a hang: on a loaded two-core machine this takes minutes, unloaded well under one.
  const [core, lint] = await Promise.all([analyzeInChild(large, HEAP_50MB, undefined, 600_000), lintInChild(large, HEAP_50MB, undefined, undefined, 600_000)]);
  assert.deepEqual(core.violations, []);
  assert.ok(core.recognised);
  for (const rule of ['cpq-listener-protocol', 'cpq-listener-port']) assert.ok(core.findings.some((f) => f.rule === rule), `${rule} still found at the end of the file`);
  assert.equal(lint.code, 1, lint.stderr.slice(-2000));
  assert.deepEqual(rulesOf(lint.report!.files[0].findings), rulesOf(core.findings));
});

test('100 000-deep nesting is analysed without a stack overflow, closed or truncated', async () => {
  const depth = 100_000;
  const inner = `<smad><smad_global><smad_global_hosts>${'<host>'.repeat(depth)}10.0.0.1${'</host>'.repeat(depth)}</smad_global_hosts></smad_global></smad>`;
  const cases = {
    'deep.xml': config(`  <listeners><listener><listener_name>cpq_listener</listener_name><protocol>SMTP</protocol></listener></listeners>\n  ${inner}`),
    'deep-truncated.xml': config('').replace('</config>\n', '') + '<x>'.repeat(depth),
  };
  const results: Record<string, AnalysisResult> = {};
  for (const [name, text] of Object.entries(cases)) {
    const { core, cli } = await throughCoreAndCli(Buffer.from(text, 'latin1'), dir, name);
    assert.ok(core.recognised, name);
    assert.ok(cli.code === 0 || cli.code === 1);
    results[name] = core;
    const child = await analyzeInChild(path.join(dir, name), 256);
    assert.deepEqual(child.violations, []);
    assert.ok(child.elementCount > depth, `${name}: the whole depth was read`);
    const lint = await lintInChild(path.join(dir, name), 256);
    assert.ok(lint.code === 0 || lint.code === 1, lint.stderr.slice(-2000));
  }
  assert.ok(results['deep.xml'].findings.some((f) => f.rule === 'cpq-listener-protocol'), 'the rules still run on a deep file');
  const syntax = results['deep-truncated.xml'].findings.find((f) => f.rule === 'xml-syntax');
  assert.match(syntax?.message ?? '', /ends before <\/x> \(truncated\?\)/);
});

test('binary data is skipped with the reason "binary data", by the core and by the CLI, which then fails: nothing was checked', async () => {
  for (const [name, bytes] of [['random.xml', randomBytes(64 * 1024)], ['gzip.xml', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), randomBytes(4096)])]] as const) {
    const { core, cli, cliText } = await throughCoreAndCli(bytes, dir, name);
    assert.equal(core.recognised, false);
    assert.deepEqual(core.notes, ['binary data, not an XML configuration']);
    assert.equal(cli.code, 2, 'a gate given only binary data does not pass');
    assert.match(cliText.stdout, new RegExp(`${name}: skipped: binary data`));
    assert.match(cliText.stderr, /the file given is not an AsyncOS configuration: nothing was checked/);
  }
});

test('NUL bytes give a clear outcome: skipped as binary near the start, a well-formedness error further on', async () => {
  const early = MISCONFIGURED.replace('<hostname>', '<hostname>\0');
  const late = MISCONFIGURED.replace('</config>', '\0</config>').replace('<config>', `<config>\n<!--${' '.repeat(10_000)}-->`);
  const first = await throughCoreAndCli(Buffer.from(early, 'latin1'), dir, 'nul-early.xml');
  assert.match(first.cliText.stdout, /nul-early\.xml: skipped: binary data/);
  assert.equal(first.cli.code, 2);
  const second = await throughCoreAndCli(Buffer.from(late, 'latin1'), dir, 'nul-late.xml');
  const syntax = second.core.findings.find((f) => f.rule === 'xml-syntax');
  assert.ok(syntax, 'a well-formedness finding');
  assert.equal(second.core.text[syntax.span.start], '\0', 'the finding points at the NUL');
  assert.equal(second.cli.code, 1);
});

/** Findings as rule and the text each range covers, to compare files that differ only in their bytes. */
function located(findings: JsonFinding[] | { rule: string; range: JsonFinding['range'] }[], text: string): string[] {
  return findings.map((f) => `${f.rule} @${f.range.start.line}:${f.range.start.character} "${textAt(text, f.range)}"`);
}

test('a UTF-8 byte order mark changes nothing but is reported when the declaration says ISO-8859-1', async () => {
  const utf8 = MISCONFIGURED.replace('encoding="ISO-8859-1"', 'encoding="UTF-8"');
  const plain = await throughCoreAndCli(Buffer.from(utf8, 'utf8'), dir, 'no-bom.xml');
  const bom = await throughCoreAndCli(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(utf8, 'utf8')]), dir, 'bom.xml');
  assert.deepEqual(located(bom.core.findings, bom.core.text), located(plain.core.findings, plain.core.text));
  assert.ok(plain.core.findings.length > 0);

  const mismatch = await throughCoreAndCli(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MISCONFIGURED, 'latin1')]), dir, 'bom-latin1.xml');
  const encoding = mismatch.core.findings.find((f) => f.rule === 'xml-encoding');
  assert.match(encoding?.message ?? '', /byte order mark but declares encoding "ISO-8859-1"/);
});

test('bytes invalid for the declared encoding are reported at the first bad byte', async () => {
  const declaredUtf8 = Buffer.from(MISCONFIGURED.replace('encoding="ISO-8859-1"', 'encoding="UTF-8"').replace('esa1.example.com', 'esa1.ex\u00e9mple.com'), 'latin1');
  const { core, cli } = await throughCoreAndCli(declaredUtf8, dir, 'latin1-as-utf8.xml');
  const encoding = core.findings.find((f) => f.rule === 'xml-encoding');
  assert.ok(encoding, JSON.stringify(core.findings));
  assert.equal(encoding.severity, 'error');
  assert.match(encoding.message, /not valid UTF-8/);
  assert.equal(core.text[encoding.span.start], '\uFFFD');
  assert.equal(textAt(core.text, encoding.range), '\uFFFD');
  assert.equal(cli.code, 1);
  assert.ok(core.findings.some((f) => f.rule === 'cpq-listener-protocol'), 'the rest of the file is still analysed');

  const unknown = await throughCoreAndCli(Buffer.from(MISCONFIGURED.replace('ISO-8859-1', 'X-KLINGON'), 'latin1'), dir, 'unknown-encoding.xml');
  assert.match(unknown.core.findings.find((f) => f.rule === 'xml-encoding')?.message ?? '', /Unsupported encoding "X-KLINGON"/);
});

test('CRLF and CR line endings put every finding on the same line, column and text as LF', async () => {
  for (const name of ['cpq-listener-misconfigured.xml', 'scenario-3-delivery-interface.xml', 'scenario-4-anonymous-cipher.xml', 'scenario-7-cluster-interface-missing.xml']) {
    const lf = example(name).toString('latin1');
    const base = await throughCoreAndCli(Buffer.from(lf, 'latin1'), dir, `lf-${name}`);
    assert.ok(base.core.findings.length > 0, name);
    for (const [label, eol] of [['crlf', '\r\n'], ['cr', '\r']] as const) {
      const text = lf.replace(/\n/g, eol);
      const run = await throughCoreAndCli(Buffer.from(text, 'latin1'), dir, `${label}-${name}`);
      assert.deepEqual(located(run.report.files[0].findings, run.core.text), located(base.report.files[0].findings, base.core.text), `${label} ${name}`);
    }
  }
});

test('a truncated file gives a finding that says the file ends early, wherever it is cut', async () => {
  const rootStart = MISCONFIGURED.indexOf('<config>') + '<config>'.length;
  const cuts = [
    MISCONFIGURED.indexOf('Product:'), // inside the header comment
    MISCONFIGURED.indexOf('<listener_name>') + 5, // inside a start tag
    MISCONFIGURED.indexOf('$RELAYED') + 4, // inside the HAT text
    MISCONFIGURED.indexOf('</listener>') + 4, // inside an end tag
    MISCONFIGURED.indexOf('HIGH:MEDIUM'), // inside a cipher list
    MISCONFIGURED.indexOf('</config>') + 3,
  ];
  for (let cut = rootStart; cut < MISCONFIGURED.length - 12; cut += 211) cuts.push(cut);
  for (const cut of cuts) {
    const name = `truncated-${cut}.xml`;
    const { core, cli } = await throughCoreAndCli(Buffer.from(MISCONFIGURED.slice(0, cut), 'latin1'), dir, name);
    assert.ok(core.recognised, `${name} is analysed`);
    const syntax = core.findings.find((f) => f.rule === 'xml-syntax');
    assert.ok(syntax, `${name}: ${JSON.stringify(core.findings.map((f) => f.message))}`);
    assert.equal(syntax.severity, 'error');
    assert.equal(cli.code, 1);
  }
  const midTag = analyzer.analyzeText(MISCONFIGURED.slice(0, MISCONFIGURED.indexOf('</listener>') + 4));
  assert.match(midTag.findings.find((f) => f.rule === 'xml-syntax')!.message, /truncated\?/);
});

test('a configuration with every element empty is analysed without an analyzer error', async () => {
  const emptied = MISCONFIGURED.replace(/>[^<]+</g, '><');
  const selfClosed = emptied.replace(/<([\w:-]+)><\/\1>/g, '<$1/>');
  const skeleton = config(['interfaces', 'listeners', 'routing_tables', 'ssl', 'smad', 'delivery_interface', 'perrcpt_policies', 'filters', 'users'].map((n) => `  <${n}/>`).join('\n'));
  for (const [name, text] of [['emptied.xml', emptied], ['self-closed.xml', selfClosed], ['skeleton.xml', skeleton]]) {
    const { core, cli } = await throughCoreAndCli(Buffer.from(text, 'latin1'), dir, name);
    assert.ok(core.recognised, name);
    assert.deepEqual(core.notes, [], name);
    assert.ok(cli.code === 0 || cli.code === 1);
  }
});

test('duplicated elements are analysed, and a duplicated listener is reported as a port conflict', async () => {
  const cpq = /\n(    <listener>\n      <listener_name>cpq_listener[\s\S]*?<\/listener>\n)/.exec(MISCONFIGURED)![1];
  // A valid port, so that the two copies compete for it.
  const cpqOnPort = cpq.replace('70250', '7025');
  const interfaces = /\n(  <interfaces>[\s\S]*?<\/interfaces>\n)/.exec(MISCONFIGURED)![1];
  const ssl = /\n(  <ssl>[\s\S]*?<\/ssl>\n)/.exec(MISCONFIGURED)![1];
  const cases: Record<string, string> = {
    'dup-listener.xml': MISCONFIGURED.replace(cpq, cpqOnPort + cpqOnPort),
    'dup-sections.xml': MISCONFIGURED.replace(interfaces, interfaces + interfaces).replace(ssl, ssl + ssl).replace('<hostname>', '<hostname>a</hostname>\n  <hostname>'),
    'dup-everything.xml': MISCONFIGURED.replace(/<config>\n([\s\S]*)<\/config>/, (_, body: string) => `<config>\n${body}${body}</config>`),
  };
  for (const [name, text] of Object.entries(cases)) {
    const { core, cli } = await throughCoreAndCli(Buffer.from(text, 'latin1'), dir, name);
    assert.ok(core.recognised, name);
    assert.deepEqual(core.notes, [], name);
    assert.equal(cli.code, 1, name);
  }
  const dup = analyzer.analyzeText(cases['dup-listener.xml']);
  const conflict = dup.findings.find((f) => f.rule === 'listener-port-conflict' && /cpq_listener/.test(f.message));
  assert.ok(conflict, JSON.stringify(dup.findings.map((f) => f.message), null, 1));
  assert.equal(conflict.related.length, 1);
});

