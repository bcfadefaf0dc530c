import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ciphersCommand } from '../../server/src/cli/ciphersCommand';
import { UsageError } from '../../server/src/cli/command';
import { capturedIo, type CliRun } from '../support/cli';

async function run(args: string[], stdin = ''): Promise<CliRun> {
  const { io, out, err } = capturedIo({ stdin });
  const code = await ciphersCommand.run(args, io);
  return { code, stdout: out(), stderr: err() };
}

test('ciphers prints the suites like "openssl ciphers -v", in OpenSSL\'s order', async () => {
  const r = await run(['--openssl', '1.0.2u-full', 'RC4-SHA:RC4-MD5:ALL']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 130, 'OpenSSL lists 132, two of them GOST suites an appliance does not have');
  assert.equal(lines[0], 'RC4-SHA                 SSLv3 Kx=RSA      Au=RSA  Enc=RC4(128)  Mac=SHA1');
  assert.equal(lines[2], 'RC4-MD5                 SSLv2 Kx=RSA      Au=RSA  Enc=RC4(128)  Mac=MD5 ');
  assert.ok(lines.includes('EXP-RC4-MD5             SSLv3 Kx=RSA(512) Au=RSA  Enc=RC4(40)   Mac=MD5  export'));
});

test('ciphers --format json prints the documented object, with null error when accepted', async () => {
  const r = await run(['--format', 'json', '--openssl', '1.0.2k-default', 'AES128-SHA:ADH-AES128-SHA']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), {
    input: 'AES128-SHA:ADH-AES128-SHA',
    profile: '1.0.2k-default',
    ok: true,
    error: null,
    ciphers: [
      { name: 'AES128-SHA', protocol: 'SSLv3', kx: 'RSA', au: 'RSA', enc: 'AES(128)', mac: 'SHA1', export: false },
      { name: 'ADH-AES128-SHA', protocol: 'SSLv3', kx: 'DH', au: 'None', enc: 'AES(128)', mac: 'SHA1', export: false },
    ],
  });
});

test('a refused string exits 1 with OpenSSL\'s reason: on stderr in text, in the object in JSON', async () => {
  const text = await run(['HIGH:@SECLEVEL=1']);
  assert.equal(text.code, 1);
  assert.equal(text.stdout, '');
  assert.equal(text.stderr, 'Error in cipher list for OpenSSL 1.0.2k-default: invalid command\n');
  const json = await run(['--format=json', 'MEDIO']);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.stdout), { input: 'MEDIO', profile: '1.0.2k-default', ok: false, error: 'no cipher match', ciphers: [] });
});

test('--release picks the OpenSSL of that AsyncOS release: 0.9.8 before 9.5, which refuses TLSv1.2', async () => {
  const old = await run(['--release', '9.1.0', '--format', 'json', 'TLSv1.2']);
  assert.equal(JSON.parse(old.stdout).profile, '0.9.8zh-default');
  assert.equal(JSON.parse(old.stdout).error, 'invalid command');
  const recent = await run(['--release', '9.5', '--format', 'json', 'TLSv1.2']);
  assert.equal(JSON.parse(recent.stdout).profile, '1.0.2k-default');
  assert.equal(JSON.parse(recent.stdout).ok, true);
});

test('a string starting with "!" or "-" is a cipher string, not an option', async () => {
  const r = await run(['--format', 'json', '-aNULL']);
  assert.equal(JSON.parse(r.stdout).error, 'no cipher match');
  const bang = await run(['--format', 'json', '!aNULL:HIGH']);
  assert.equal(JSON.parse(bang.stdout).ok, true);
});

test('with "-" it reads one string per line and prints one JSON object per line, a few hundred in well under a second', async () => {
  const fixture = path.resolve(__dirname, '../../../test/fixtures/ciphers/golden-public.jsonl');
  const inputs = fs.readFileSync(fixture, 'utf8').split('\n').filter(Boolean)
    .map((line) => JSON.parse(line) as { build: string; input: string })
    .filter((line) => line.build === '1.0.2k-full' && !line.input.includes('\n') && !line.input.includes('\r'))
    .map((line) => line.input);
  assert.ok(inputs.length > 200);
  const started = process.hrtime.bigint();
  const r = await run(['--format', 'json', '--openssl', '1.0.2k-full', '-'], inputs.join('\n') + '\n');
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const objects = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { input: string; ok: boolean });
  assert.deepEqual(objects.map((o) => o.input), inputs);
  assert.equal(r.code, 1, 'some strings are refused');
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test('with "-", CRLF line ends are not part of the strings', async () => {
  const r = await run(['-'], 'HIGH\r\nFOO\r\n');
  assert.deepEqual(r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line).input), ['HIGH', 'FOO']);
});

test('--list-profiles lists every build profile and which releases default to it', async () => {
  const r = await run(['--list-profiles']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^1\.0\.2k-default +121 suites +OpenSSL default build +default from AsyncOS 9\.5$/m);
  assert.match(r.stdout, /^0\.9\.8zh-default +61 suites +OpenSSL default build +default before AsyncOS 9\.5$/m);
  const json = JSON.parse((await run(['--list-profiles', '--format', 'json'])).stdout) as { id: string }[];
  assert.equal(json.length, 8);
});

test('usage mistakes are UsageErrors: unknown profile, no string, two strings, unknown option', async () => {
  await assert.rejects(run(['--openssl', '1.1.1', 'HIGH']), (e: Error) => e instanceof UsageError && /unknown OpenSSL profile "1\.1\.1"; one of: 1\.0\.2u-full/.test(e.message));
  await assert.rejects(run([]), UsageError);
  await assert.rejects(run(['HIGH', 'MEDIUM']), UsageError);
  await assert.rejects(run(['--verbose', 'HIGH']), UsageError);
  await assert.rejects(run(['--format', 'xml', 'HIGH']), UsageError);
});
