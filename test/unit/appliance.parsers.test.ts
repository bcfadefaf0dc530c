import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  parseClusterconfig,
  parseDeliveryconfig,
  parseFeaturekey,
  parseInterfaceconfig,
  parseMailLogGrep,
  parseRouteconfig,
  parseSslconfig,
  parseStatus,
  parseTelnet,
  parseTlsverify,
  parseTophosts,
  parseVersion,
  parseWhoami,
} from '../../client/src/appliance/parsers';
import { readRunningConfig, relayHostsFromHat } from '../../client/src/appliance/parsers/runningConfig';
import { cleanOutput, decodeOutput } from '../../client/src/appliance/ssh/cliSession';
import { renderConfigXml } from '../../client/src/appliance/simulator/configXml';
import { loadPreset } from '../../client/src/appliance/simulator/presets';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/cli-output');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

function value<T>(r: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!r.ok) assert.fail(r.reason);
  return r.value;
}

test('status from the seed transcript reads "Offline"', () => {
  const s = value(parseStatus(fixture('status-offline.txt')));
  assert.equal(s.online, false);
  assert.equal(s.systemStatus, 'Offline');
  assert.equal(value(parseStatus(fixture('status-online.txt'))).online, true);
});

test('version tells an ESA from an SMA', () => {
  assert.deepEqual(
    (({ version, kind, model }) => ({ version, kind, model }))(value(parseVersion(fixture('version-esa.txt')))),
    { version: '13.5.1-177', kind: 'esa', model: 'C170' },
  );
  assert.equal(value(parseVersion(fixture('version-sma.txt'))).kind, 'sma');
});

test('whoami gives Administrator for admin and Operator for operator', () => {
  assert.equal(value(parseWhoami(fixture('whoami-admin.txt'))).isAdministrator, true);
  const op = value(parseWhoami(fixture('whoami-operator.txt')));
  assert.equal(op.isAdministrator, false);
  assert.equal(op.role, 'Operator');
});

test('sslconfig one-line shape (seed, before 9.5) gives all three cipher lists', () => {
  const s = value(parseSslconfig(fixture('sslconfig-8x-seed.txt')));
  assert.equal(s.outbound?.ciphers, 'RC4-SHA:RC4-MD5:ALL');
  assert.equal(s.outbound?.method, 'sslv3tlsv1');
  assert.equal(s.gui?.ciphers, 'RC4-SHA:RC4-MD5:ALL');
});

test('sslconfig one-cipher-per-line shape (9.5 and later) is joined with colons', () => {
  const s = value(parseSslconfig(fixture('sslconfig-9.5-per-line.txt')));
  assert.equal(s.outbound?.ciphers, 'ECDH+aRSA:ECDH+ECDSA:DHE+DSS+AES:AES128-SHA:AES256-SHA:-aNULL');
  assert.equal(s.inbound?.ciphers, 'ECDH+aRSA:ECDH+ECDSA:DHE+DSS+AES:AES128-SHA:AES256-SHA');
  assert.equal(s.gui?.method, 'tlsv1_2');
});

test('deliveryconfig reads In and Auto', () => {
  assert.deepEqual((({ defaultInterface, isAuto }) => ({ defaultInterface, isAuto }))(value(parseDeliveryconfig(fixture('deliveryconfig-in.txt')))), { defaultInterface: 'In', isAuto: false });
  assert.equal(value(parseDeliveryconfig(fixture('deliveryconfig-auto.txt'))).isAuto, true);
});

test('telnet: seed timeout, 220 banner, refused', () => {
  assert.equal(value(parseTelnet(fixture('telnet-timeout-seed.txt'))).outcome, 'timeout');
  const ok = value(parseTelnet(fixture('telnet-connected.txt')));
  assert.equal(ok.outcome, 'connected');
  assert.equal(ok.banner, '220 sma.example.com ESMTP');
  assert.equal(value(parseTelnet(fixture('telnet-refused.txt'))).outcome, 'refused');
});

test('tlsverify: the seed ADH transcript is an anonymous cipher without certificate', () => {
  const t = value(parseTlsverify(fixture('tlsverify-adh-seed.txt')));
  assert.equal(t.cipher, 'ADH-CAMELLIA256-SHA');
  assert.equal(t.anonymousCipher, true);
  assert.equal(t.noCertificate, true);
  assert.equal(t.succeeded, false);
  const good = value(parseTlsverify(fixture('tlsverify-ok.txt')));
  assert.equal(good.succeeded, true);
  assert.equal(good.anonymousCipher, false);
});

test('tophosts finds the.cpq.host marked down', () => {
  const rows = value(parseTophosts(fixture('tophosts-cpq-down.txt')));
  const cpq = rows.find((r) => r.host === 'the.cpq.host');
  assert.deepEqual(cpq && { down: cpq.down, active: cpq.active, soft: cpq.softBounced }, { down: true, active: 4, soft: 4 });
  assert.equal(rows.length, 3);
});

test('featurekey reads module names, including the SARF example row', () => {
  const keys = value(parseFeaturekey(fixture('featurekey.txt')));
  assert.deepEqual(keys.map((k) => k.module), ['IronPort Anti-Spam', 'Sophos Anti-Virus', 'Outbreak Filters', 'Bounce Verification', 'Incoming Mail Handling']);
  assert.equal(keys[3].remaining, '30 days');
});

test('clusterconfig LIST (user guide example) and the standalone question', () => {
  const c = value(parseClusterconfig(fixture('clusterconfig-list.txt')));
  assert.equal(c.name, 'CompanyName');
  assert.deepEqual(c.machines.map((m) => `${m.group}/${m.name}`), ['Main_Group/lab1.example.com', 'Main_Group/lab2.example.com', 'Paris/lab3.example.com']);
  assert.equal(value(parseClusterconfig(fixture('clusterconfig-standalone.txt'))).clustered, false);
});

test('interfaceconfig and routeconfig lists', () => {
  const i = value(parseInterfaceconfig(fixture('interfaceconfig.txt')));
  assert.deepEqual(i.map((x) => `${x.name} ${x.ip}/${x.prefix}`), ['In 192.168.1.1/24', 'Management 10.172.12.18/24']);
  const r = value(parseRouteconfig(fixture('routeconfig.txt')));
  assert.deepEqual(r.map((x) => [x.destination, x.gateway]), [['10.20.0.0/16', '10.172.12.1']]);
  assert.deepEqual(value(parseRouteconfig('There are no routes configured.\n')), []);
});

test('mail_logs grep separates TLS failures from healthy CPQ traffic', () => {
  const bad = value(parseMailLogGrep(fixture('grep-mail-logs-tls-failed.txt')));
  assert.equal(bad.tlsFailures.length, 1);
  assert.equal(bad.tlsRequiredFailures.length, 1);
  const good = value(parseMailLogGrep(fixture('grep-mail-logs-healthy.txt')));
  assert.equal(good.tlsFailures.length, 0);
  assert.equal(good.cpqIncoming.length, 1);
  assert.equal(good.quarantineDeliveries.length, 2);
});

test('unknown output gives a clear "could not read" result, never a value', () => {
  const text = fixture('unknown-command.txt');
  for (const [name, parse] of [
    ['status', parseStatus],
    ['sslconfig', parseSslconfig],
    ['deliveryconfig', parseDeliveryconfig],
    ['telnet', parseTelnet],
    ['tlsverify', parseTlsverify],
    ['tophosts', parseTophosts],
    ['featurekey', parseFeaturekey],
    ['whoami', parseWhoami],
    ['version', parseVersion],
    ['interfaceconfig', parseInterfaceconfig],
    ['clusterconfig', parseClusterconfig],
  ] as const) {
    const r = (parse as (t: string) => { ok: boolean; reason?: string })(text);
    assert.equal(r.ok, false, name);
    assert.match(r.reason ?? '', new RegExp(`could not read the output of "${name}"`));
    assert.match(r.reason ?? '', /Unknown command/);
  }
  assert.equal(parseStatus('System health: fine\n').ok, false);
});

test('output decoding: UTF-8 when valid, ISO-8859-1 otherwise; pager markers removed', () => {
  assert.equal(decodeOutput(Buffer.from('Rémi', 'utf8')), 'Rémi');
  assert.equal(decodeOutput(Buffer.from('Rémi', 'latin1')), 'Rémi');
  assert.equal(cleanOutput('a\r\n-Press Any Key For More-\r                        \rb\r\n'), 'a\nb\n');
});

test('the HAT relaying group of the notes yields the peer address', () => {
  const hat = '$RELAYED\n   RELAY {}\n$BLOCKED\n   REJECT {}\nRELAYLIST:\n   10.1.2.3\n       $RELAYED (Only select hosts can relay from this box)\nALL\n   $BLOCKED (Everyone else)';
  assert.deepEqual(relayHostsFromHat(hat), ['10.1.2.3']);
});

test('running configuration: cpq_listener, cluster overrides and PVO interface names are read', () => {
  const healthy = loadPreset('healthy');
  const c = value(readRunningConfig(`showconfig\n[1]> 1\n${renderConfigXml(healthy, healthy.appliances[0], 'mask')}\nmx.example.com> `));
  assert.deepEqual(c.cpqListener && { port: c.cpqListener.port, iface: c.cpqListener.interfaceName, relay: c.cpqListener.relayHosts }, { port: 7025, iface: 'Management', relay: ['10.172.12.17'] });
  const s = loadPreset('machine-level-content-filter');
  const cl = value(readRunningConfig(renderConfigXml(s, s.appliances[0], 'mask')));
  assert.equal(cl.clustered, true);
  assert.deepEqual(cl.overrides.map((o) => `${o.level} ${o.owner} ${o.section} ${o.name}`), ['machine mx2.example.com content filter quarantine_attachments']);
  assert.equal(readRunningConfig('no xml here').ok, false);
});

test('every preset exports a configuration with the header comment, interfaces, ssl lists, delivery_interface and cpq_listener', () => {
  for (const id of ['healthy', 'sma-offline', 'operator-account', 'delivery-interface-no-route', 'anonymous-cipher', 'feature-key-mismatch', 'machine-level-content-filter', 'missing-cluster-pvo-interface']) {
    const s = loadPreset(id);
    for (const a of s.appliances) {
      const xml = renderConfigXml(s, a, 'mask');
      assert.match(xml, /^<\?xml version="1.0" encoding="ISO-8859-1"\?>\n<!DOCTYPE config SYSTEM "config.dtd">\n<!--\n  Product: /, `${id}/${a.id}`);
      for (const needle of ['<interfaces>', '<ssl_outbound_ciphers>', '<delivery_interface>', '<listener_name>cpq_listener</listener_name>', '<protocol>CPQ</protocol>', '<hat>', '<rat_address>ALL</rat_address>', 'Feature "']) {
        assert.ok(xml.includes(needle), `${id}/${a.id} lacks ${needle}`);
      }
      assert.ok(!xml.includes('ironport'), 'masked export carries no password');
      assert.ok(value(readRunningConfig(xml)).cpqListener, `${id}/${a.id} cpq_listener readable`);
    }
  }
  const anon = loadPreset('anonymous-cipher');
  assert.match(renderConfigXml(anon, anon.appliances[0], 'mask'), /<ssl_outbound_ciphers>RC4-SHA:RC4-MD5:ALL<\/ssl_outbound_ciphers>/);
  const del = loadPreset('delivery-interface-no-route');
  assert.match(renderConfigXml(del, del.appliances[0], 'mask'), /<delivery_interface>In<\/delivery_interface>/);
});
