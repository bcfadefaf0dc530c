import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOST_PATTERN_ERRORS, HOST_PATTERN_WARNINGS } from '../../server/src/core/hat/address';
import { HAT_SYNTAX_MESSAGES, parseHat } from '../../server/src/core/hat/parse';
import { renderText } from '../../server/src/core/l10n';
import type { Hat, HatRow } from '../../server/src/core/hat/types';

/** The cpq_listener HAT exactly as the seed notes show it, margins included. */
const SEED_CPQ_HAT = `
$RELAYED
   RELAY {}
$BLOCKED
   REJECT {}
RELAYLIST:
   10.1.2.3
       $RELAYED (Only select hosts can relay from this box)
ALL
   $BLOCKED (Everyone else)
  `;

/** The HAT import example of the CLI reference. */
const DOC_EXAMPLE = `$TRUSTED
    ACCEPT {
        spam_check = "off"
        max_msgs_per_session = 5000
        max_concurrency = 600
        max_rcpts_per_msg = 5000
        max_rcpts_per_hour = -1
        dhap_limit = 0
        virus_check = "on"
        max_message_size = 104857600
        use_sb = "off"
        tls = "off"
    }
$BLOCKED
    REJECT
WHITELIST:
        $TRUSTED (My trusted senders have no anti-spam scanning or rate limiting)
BLACKLIST:
        $BLOCKED (Spammers are rejected)
SUSPECTLIST:
        $THROTTLED (Suspicious senders are throttled)
UNKNOWNLIST:
        $ACCEPTED (Reviewed but undecided, continue normal acceptance)
spamdomain.com
    REJECT (reject the domain "spamdomain.com")
.spamdomain.com
    REJECT (reject all subdomains of ".spamdomain.com")
251.192.1.
    TCPREFUSE (TCPREFUSE the IP addresses in "251.192.1")
169.254.10.10
    RELAY (RELAY the address 169.254.10.10)
ALL
    $ACCEPTED
`;

/** A compact summary of the rows, so a table can state what a HAT means. */
function summary(hat: Hat): string[] {
  const behaviour = (row: HatRow) => !row.behaviour ? '-' : row.behaviour.kind === 'action' ? row.behaviour.action.value : `$${row.behaviour.name.value}`;
  return hat.rows.map((row) => {
    if (row.kind === 'group') return `${row.name.value}:[${row.entries.map((e) => e.text).join(',')}]→${behaviour(row)}`;
    if (row.kind === 'all') return `ALL→${behaviour(row)}`;
    return `[${row.entries.map((e) => e.text).join(',')}]→${behaviour(row)}`;
  });
}

const clean: { name: string; text: string; policies: string[]; rows: string[] }[] = [
  {
    name: "the seed's cpq_listener HAT",
    text: SEED_CPQ_HAT,
    policies: ['RELAYED=RELAY', 'BLOCKED=REJECT'],
    rows: ['RELAYLIST:[10.1.2.3]→$RELAYED', 'ALL→$BLOCKED'],
  },
  {
    name: 'the CLI reference HAT example',
    text: DOC_EXAMPLE,
    policies: ['TRUSTED=ACCEPT', 'BLOCKED=REJECT'],
    rows: [
      'WHITELIST:[]→$TRUSTED', 'BLACKLIST:[]→$BLOCKED', 'SUSPECTLIST:[]→$THROTTLED', 'UNKNOWNLIST:[]→$ACCEPTED',
      '[spamdomain.com]→REJECT', '[.spamdomain.com]→REJECT', '[251.192.1.]→TCPREFUSE', '[169.254.10.10]→RELAY', 'ALL→$ACCEPTED',
    ],
  },
  {
    name: 'a HAT indented as a whole inside the element',
    text: '\n        $RELAYED\n            RELAY {}\n        RELAYLIST:\n            10.1.2.3\n            $RELAYED\n        ALL\n            REJECT\n      ',
    policies: ['RELAYED=RELAY'],
    rows: ['RELAYLIST:[10.1.2.3]→$RELAYED', 'ALL→REJECT'],
  },
  {
    name: 'a HAT with Windows line endings',
    text: '$RELAYED\r\n   RELAY {}\r\nRELAYLIST:\r\n   10.1.2.3\r\n   $RELAYED\r\nALL\r\n   REJECT\r\n',
    policies: ['RELAYED=RELAY'],
    rows: ['RELAYLIST:[10.1.2.3]→$RELAYED', 'ALL→REJECT'],
  },
  {
    name: 'several members on one line, every documented entry form, and comments',
    text: [
      '# Relay hosts',
      '$RELAYED',
      '    RELAY { tls = "on" } (TLS on)',
      '$BLOCKED',
      '    REJECT',
      'RELAYLIST:',
      '    10.1.2.3, 10.1.3.0/24 2001:db8::/32',
      '    10.2.1-20 .example.com mail.example.net   # the mail hosts',
      '    SBRS[-10:-3] SBRSNONE sbrs[none] dnslist[zen.example.org] SBO:42',
      '    $RELAYED (relay)',
      'ALL $BLOCKED',
    ].join('\n'),
    policies: ['RELAYED=RELAY', 'BLOCKED=REJECT'],
    rows: [
      'RELAYLIST:[10.1.2.3,10.1.3.0/24,2001:db8::/32,10.2.1-20,.example.com,mail.example.net,SBRS[-10:-3],SBRSNONE,sbrs[none],dnslist[zen.example.org],SBO:42]→$RELAYED',
      'ALL→$BLOCKED',
    ],
  },
  {
    name: 'a flat HAT with nothing indented',
    text: '$BLOCKED\nREJECT\nALL\n$BLOCKED\n',
    policies: ['BLOCKED=REJECT'],
    rows: ['ALL→$BLOCKED'],
  },
  {
    name: 'a group that refers to another group, and a CONTINUE policy',
    text: '$NEXT\n  CONTINUE\nPARTNERS:\n  10.9.9.9\n  $NEXT\nTRUSTED:\n  PARTNERS\n  $NEXT\nALL\n  $NEXT',
    policies: ['NEXT=CONTINUE'],
    rows: ['PARTNERS:[10.9.9.9]→$NEXT', 'TRUSTED:[PARTNERS]→$NEXT', 'ALL→$NEXT'],
  },
  {
    name: 'a parameter block whose brace stands on its own line',
    text: '$TRUSTED\n    ACCEPT\n    {\n        tls = "on"\n    }\nALL\n    $TRUSTED',
    policies: ['TRUSTED=ACCEPT'],
    rows: ['ALL→$TRUSTED'],
  },
  {
    name: 'a nested block inside the parameters, and values with spaces and escaped quotes',
    text: '$TRUSTED\n    ACCEPT {\n        dmarc = {\n            profile = "Default"\n        }\n        smtp_banner_text = "Hello \\"there\\""\n        greeting = Hello world\n    }\nALL\n    $TRUSTED',
    policies: ['TRUSTED=ACCEPT'],
    rows: ['ALL→$TRUSTED'],
  },
  {
    name: 'an empty HAT',
    text: '\n   \n',
    policies: [],
    rows: [],
  },
];

for (const c of clean) {
  test(`${c.name} parses with no problem`, () => {
    const r = parseHat(c.text);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.value.policies.map((p) => `${p.name.value}=${p.action?.value}`), c.policies);
    assert.deepEqual(summary(r.value), c.rows);
  });
}

test('spans point at the exact characters of the HAT text', () => {
  const r = parseHat(SEED_CPQ_HAT);
  const at = (s: { start: number; end: number }) => SEED_CPQ_HAT.slice(s.start, s.end);
  const [relayed, blocked] = r.value.policies;
  assert.equal(at(relayed.nameSpan), '$RELAYED');
  assert.equal(at(relayed.name.span), 'RELAYED');
  assert.equal(at(relayed.action!.span), 'RELAY');
  assert.equal(at(relayed.span), '$RELAYED\n   RELAY {}');
  assert.equal(at(blocked.action!.span), 'REJECT');
  const group = r.value.rows[0];
  assert.equal(group.kind, 'group');
  if (group.kind !== 'group') return;
  assert.equal(at(group.name.span), 'RELAYLIST');
  assert.equal(at(group.entries[0].span), '10.1.2.3');
  assert.equal(at(group.behaviour!.span), '$RELAYED');
  assert.equal(group.behaviour!.comment?.value, 'Only select hosts can relay from this box');
  const all = r.value.rows[1];
  assert.equal(all.kind, 'all');
  if (all.kind !== 'all') return;
  assert.equal(at(all.keywordSpan), 'ALL');
});

test('policy parameters keep their keys, values and value positions', () => {
  const r = parseHat(DOC_EXAMPLE);
  const trusted = r.value.policies[0];
  assert.equal(trusted.params.length, 10);
  const spam = trusted.params[0];
  assert.equal(spam.key.value, 'spam_check');
  assert.equal(spam.value.value, 'off');
  assert.equal(spam.quoted, true);
  assert.equal(DOC_EXAMPLE.slice(spam.value.span.start, spam.value.span.end), 'off');
  assert.equal(trusted.params[4].value.value, '-1');
  assert.equal(DOC_EXAMPLE.slice(trusted.span.start, trusted.span.end).trimEnd().endsWith('}'), true);
});

const broken: { name: string; text: string; problems: [code: string, severity: string, at: string, message: RegExp][] }[] = [
  {
    name: 'a policy without an action',
    text: '$RELAYED\nALL\n  $RELAYED',
    problems: [['syntax', 'error', '$RELAYED', /has no action/]],
  },
  {
    name: 'a misspelt action',
    text: '$RELAYED\n  RELAYED {}\nALL\n  $RELAYED',
    problems: [['syntax', 'error', 'RELAYED {}', /expected the action of policy \$RELAYED/]],
  },
  {
    name: 'a parameter block that is never closed, ending where the next row starts',
    text: '$RELAYED\n  RELAY {\n    tls = "on"\nALL\n  REJECT\n',
    problems: [['syntax', 'error', '{', /never closed/]],
  },
  {
    name: 'a parameter line without `=`',
    text: '$RELAYED\n  RELAY {\n    tls on\n  }\nALL\n  REJECT',
    problems: [['syntax', 'error', 'tls on', /key = value/]],
  },
  {
    name: 'an invalid address in a sender group',
    text: '$RELAYED\n  RELAY\nRELAYLIST:\n  10.1.2.300\n  $RELAYED\nALL\n  REJECT',
    problems: [['invalid-address', 'error', '10.1.2.300', /more than 255/]],
  },
  {
    name: 'a sender group never mapped to a policy',
    text: 'RELAYLIST:\n  10.1.2.3\nALL\n  REJECT',
    problems: [['syntax', 'warning', 'RELAYLIST', /not mapped to a policy/]],
  },
  {
    name: 'an inline host without a behaviour',
    text: 'spamdomain.com\nALL\n  REJECT',
    problems: [['syntax', 'error', 'spamdomain.com', /no policy or action/]],
  },
  {
    name: 'ALL without a behaviour',
    text: 'ALL\n',
    problems: [['syntax', 'error', 'ALL', /`ALL` has no policy/]],
  },
  {
    name: 'two policies for one group',
    text: 'G:\n  10.1.1.1\n  $A\n  $B\nALL\n  REJECT',
    problems: [['syntax', 'error', '$B', /second policy/]],
  },
  {
    name: 'an action with nothing to apply to',
    text: '  REJECT\nALL\n  REJECT',
    problems: [['syntax', 'error', 'REJECT', /stands alone/]],
  },
  {
    name: 'an undocumented entry form',
    text: 'G:\n  host~name\n  REJECT\nALL\n  REJECT',
    problems: [['syntax', 'warning', 'host~name', /kept as is/]],
  },
];

for (const c of broken) {
  test(`${c.name} is reported on the right characters`, () => {
    const r = parseHat(c.text);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, c.text.slice(p.span.start, p.span.end)]),
      c.problems.map(([code, severity, at]) => [code, severity, at]),
    );
    const english = { ...HAT_SYNTAX_MESSAGES, ...HOST_PATTERN_ERRORS, ...HOST_PATTERN_WARNINGS };
    c.problems.forEach(([, , , message], i) => assert.match(renderText(r.problems[i].message, 'hat', english), message));
  });
}

test('the parser never throws, whatever the text', () => {
  const samples = ['{', '}', '$', ':', '(', '"', '$X {', 'A:\n{', 'ALL ALL ALL', '\u0000\uffff', '$X\n  ACCEPT {\n  }}}\n', 'G:\n  SBRS[', '\t\t$X\tRELAY\t{}'];
  for (const s of samples) assert.doesNotThrow(() => parseHat(s));
  let junk = '';
  for (let i = 0; i < 2000; i++) junk += '$ALL:{}()"#=,[] \n\tRELAY10.'[(i * 7919) % 27];
  assert.doesNotThrow(() => parseHat(junk));
});
