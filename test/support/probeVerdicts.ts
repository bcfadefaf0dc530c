/**
 * The verdicts a user must see in a probe report, asserted the same way by the in-process fault
 * suite and the one through a real sshd: the same fault must read the same in both.
 */
import assert from 'node:assert/strict';
import { CHECK_IDS } from '../../client/src/appliance/checks';
import type { CheckResult } from '../../client/src/appliance/checks/types';
import type { ProbeReport } from '../../client/src/appliance/probe';

/** The checks of one appliance; fails unless every check has a verdict, in the suite's order. */
export function checksOf(report: ProbeReport, target: string): CheckResult[] {
  const a = report.appliances.find((x) => x.target === target);
  assert.ok(a, `no report for ${target}`);
  assert.deepEqual(a.checks.map((c) => c.id), CHECK_IDS, `${target}: every check has a verdict`);
  return a.checks;
}

export const checkOf = (report: ProbeReport, target: string, id: string): CheckResult => checksOf(report, target).find((c) => c.id === id)!;

/** What a user sees for an appliance that could not be reached: the cause once, nothing guessed. */
export function assertUnreachable(report: ProbeReport, target: string, cause: RegExp): void {
  const [reach, ...rest] = checksOf(report, target);
  assert.equal(reach.verdict, 'problem', `${target}: ${reach.summary}`);
  assert.match(reach.summary, cause);
  assert.ok(reach.advice, 'the connection failure comes with advice');
  for (const c of rest) {
    assert.equal(c.verdict, 'unknown', `${target}/${c.id}: ${c.summary}`);
    assert.match(c.summary, /Not checked: no SSH session/);
  }
}

/** The healthy preset's verdicts: nothing but ok, apart from checks that need the other side. */
export function assertHealthy(report: ProbeReport, target: string): void {
  const bad = checksOf(report, target).filter((c) => c.verdict === 'problem' || c.verdict === 'error');
  assert.deepEqual(bad.map((c) => `${c.id}: ${c.verdict}: ${c.summary}`), [], target);
}

const LOOPBACK = String.raw`\[127\.0\.0\.1\]:\d+`;
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How the report words each fault, whichever way the fault was made (the simulator's fault hooks
 * or a relay in front of sshd); the timeouts differ between the suites, so they are arguments.
 */
export const FAULT_CAUSE = {
  refused: new RegExp(`connection refused by ${LOOPBACK}: nothing listens on that port`),
  reset: new RegExp(`connection to ${LOOPBACK} was reset|closed the connection during the SSH handshake`),
  silentPeer: (seconds: number) => new RegExp(`accepted the TCP connection but did not complete the SSH handshake within ${seconds} s`),
  noHandshake: (seconds: number) => new RegExp(`did not complete the SSH handshake within ${seconds} s`),
  droppedWhileRunning: (command: string) => new RegExp(`connection to ${LOOPBACK} dropped while running "${literal(command)}"`),
  foreignPrompt: (seconds: number) => new RegExp(`no AsyncOS prompt from ${LOOPBACK} within ${seconds} s.*last text: "mx\\.example\\.com:~# "`),
  authFailed: (user: string, tried: string) => new RegExp(`authentication as "${literal(user)}" on ${LOOPBACK} failed \\(tried: ${literal(tried)}\\)`),
};
