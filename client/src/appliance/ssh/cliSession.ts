/**
 * A conversation with the AsyncOS command line over one `ApplianceConnection`.
 *
 * Commands that print and return (`status`, `version`, `whoami`, batch `grep`) go through exec
 * requests. Menu commands (`sslconfig`, `deliveryconfig`, `telnet`, `tlsverify`, …) need a
 * terminal: they run in one reused interactive shell, driven by prompt detection — the main
 * prompt ends a command, a `[default]> ` sub-prompt gets the next scripted answer (or Enter to
 * back out), and the pager `-Press Any Key For More-` gets a key press and is cut from the text.
 * Commands on one appliance run one at a time; appliances run in parallel.
 */
import type { ClientChannel } from 'ssh2';
import { SshError, type ApplianceConnection } from './connection';

/** `host> `, `(Machine host)> `, `(Cluster name)> `, `(Group name)> ` at the end of the output. */
export const MAIN_PROMPT = /(?:^|[\r\n])(\((?:Machine|Cluster|Group) [^)\n]+\)|[A-Za-z0-9][A-Za-z0-9_.-]*)> $/;
/** `[]> `, `[1]> `, `[the.cpq.host]> `, and `... [Y]> ` questions. */
export const SUB_PROMPT = /\[[^\]\n]*\]> $/;
export const PAGER = /-Press Any Key For More-\s*$/;

const MAX_STEPS = 60;
/** Pages are output, not questions: a real configuration pages hundreds of times on a short terminal. */
const MAX_PAGES = 20_000;

/** Decodes appliance output: UTF-8 when valid, else ISO-8859-1 (older releases, Latin names). */
export function decodeOutput(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** Removes terminal noise: pager markers and their erasure, carriage returns, escape sequences. */
export function cleanOutput(text: string): string {
  return text
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/-Press Any Key For More-/g, '')
    .replace(/\r[ \t]*\r/g, '')
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '');
}

/** Answers a sub-prompt: given the text shown since the last answer, the line to type (`''` = Enter). */
export type Answerer = (shown: string, step: number) => string | undefined;

export interface DialogRule {
  /** Tested against the text shown since the last answer. */
  when: RegExp;
  reply: string;
  /** Apply at most once (default true). */
  once?: boolean;
}

export interface DialogOptions {
  /** Answers in order for successive sub-prompts; Enter once they run out. */
  answers?: string[] | Answerer;
  /** Replies to non-prompt text, e.g. `quit` after an SMTP banner during `telnet`. */
  rules?: DialogRule[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SessionOptions {
  commandTimeoutMs?: number;
  /** The appliance's hostname, to pick it when a cluster asks "Choose a machine". */
  hostname?: string;
  /** Terminal rows requested; the appliance pages by them. */
  rows?: number;
}

/** Answers AsyncOS asks before a restricted command in a cluster; the command itself answers the rest. */
function clusterAnswer(shown: string, hostname: string | undefined): string | undefined {
  if (/Would you like to switch to "(machine|cluster)" mode\?/.test(shown)) return 'Y';
  if (/Choose a machine/i.test(shown)) {
    if (!hostname) return '';
    const m = new RegExp(`^\\s*(\\d+)\\.\\s+${hostname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm').exec(shown);
    return m ? m[1] : '';
  }
  return undefined;
}

/**
 * The last gate before bytes reach the appliance's CLI: a control character in a command or an
 * answer (a newline above all) would end it early and start another command.
 */
function oneLine(text: string, what: string, where: string): string {
  if (/[\x00-\x1f\x7f]/.test(text)) throw new SshError('protocol', `refusing to send ${what} ${JSON.stringify(text)} to ${where}: it contains a newline or control character`);
  return text;
}

export class AsyncOsSession {
  private queue: Promise<unknown> = Promise.resolve();
  private shellChannel: ClientChannel | undefined;
  private shellBuffer = Buffer.alloc(0);
  private shellWaiter: (() => void) | undefined;
  private shellEnded = false;
  /** The last main prompt seen, e.g. `(Cluster Example.com-Cluster)> `. */
  lastPrompt: string | undefined;
  hostname: string | undefined;

  constructor(
    readonly connection: ApplianceConnection,
    private readonly options: SessionOptions = {},
  ) {
    this.hostname = options.hostname;
  }

  private get timeoutMs(): number {
    return this.options.commandTimeoutMs ?? 30_000;
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Runs a command through an exec request and returns its decoded, cleaned output. */
  exec(command: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<string> {
    return this.serial(async () => {
      const result = await this.connection.exec(oneLine(command, 'the command', this.connection.where), options.timeoutMs ?? this.timeoutMs, options.signal);
      return cleanOutput(decodeOutput(Buffer.concat([result.stdout, result.stderr])));
    });
  }

  /** Runs a menu command in the interactive shell and returns the whole transcript of it. */
  dialog(command: string, options: DialogOptions = {}): Promise<string> {
    return this.serial(() => this.runDialog(command, options));
  }

  private async openShell(signal?: AbortSignal): Promise<void> {
    if (this.shellChannel && !this.shellEnded) return;
    const channel = await this.connection.shell({ rows: this.options.rows ?? 100, cols: 200, term: 'vt100' }, this.timeoutMs, signal);
    this.shellChannel = channel;
    this.shellEnded = false;
    this.shellBuffer = Buffer.alloc(0);
    const wake = () => {
      const w = this.shellWaiter;
      this.shellWaiter = undefined;
      w?.();
    };
    // A discarded shell's late output or close (sshd confirms the close only once the appliance's
    // side has ended) must not reach the shell that replaced it.
    const current = () => this.shellChannel === channel;
    channel.on('data', (d: Buffer) => {
      if (!current()) return;
      this.shellBuffer = Buffer.concat([this.shellBuffer, d]);
      wake();
    });
    channel.stderr.on('data', (d: Buffer) => {
      if (!current()) return;
      this.shellBuffer = Buffer.concat([this.shellBuffer, d]);
      wake();
    });
    channel.stderr.on('error', () => undefined);
    channel.on('close', () => {
      if (!current()) return;
      this.shellEnded = true;
      wake();
    });
    await this.waitFor((text) => MAIN_PROMPT.test(text), this.timeoutMs, signal, 'the first prompt');
    this.consume(this.shellBuffer.length);
  }

  private consume(bytes: number): Buffer {
    const taken = this.shellBuffer.subarray(0, bytes);
    this.shellBuffer = this.shellBuffer.subarray(bytes);
    return taken;
  }

  /** Waits until `ready` holds for the unconsumed shell output (read as Latin-1: prompts are ASCII). */
  private async waitFor(ready: (text: string) => boolean, timeoutMs: number, signal: AbortSignal | undefined, what: string): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.shellBuffer.toString('latin1');
      if (ready(text)) return text;
      if (this.shellEnded || !this.connection.isOpen) {
        this.discardShell();
        throw new SshError('closed', `connection to ${this.connection.where} dropped while waiting for ${what}`);
      }
      if (signal?.aborted) {
        this.discardShell();
        throw new SshError('aborted', `waiting for ${what} on ${this.connection.where} cancelled`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const tail = cleanOutput(text).split('\n').filter(Boolean).pop() ?? '';
        this.discardShell();
        throw new SshError(
          'command-timeout',
          `no AsyncOS prompt from ${this.connection.where} within ${Math.round(timeoutMs / 1000)} s while waiting for ${what}` +
            (tail ? `; last text: "${tail.slice(0, 120)}"` : ''),
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, 1000));
        const onAbort = () => done();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.shellWaiter = done;
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }
      });
    }
  }

  /** A refused answer leaves the command waiting for one, so that shell is not reused. */
  private safeAnswer(answer: string): string {
    try {
      return oneLine(answer, 'the answer', this.connection.where);
    } catch (e) {
      this.discardShell();
      throw e;
    }
  }

  /** After a timeout or a drop the shell's state is unknown; the next dialog opens a new one. */
  private discardShell(): void {
    this.shellChannel?.close();
    this.shellChannel = undefined;
    this.shellEnded = true;
  }

  private async runDialog(command: string, options: DialogOptions): Promise<string> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    oneLine(command, 'the command', this.connection.where);
    await this.openShell(options.signal);
    const channel = this.shellChannel!;
    const transcript: Buffer[] = [];
    const rulesUsed = new Set<DialogRule>();
    let answersGiven = 0;
    let shownSinceAnswer = '';
    let pages = 0;
    channel.write(`${command}\n`);
    for (let step = 0; step < MAX_STEPS; step++) {
      const text = await this.waitFor(
        (t) => MAIN_PROMPT.test(t) || SUB_PROMPT.test(t) || PAGER.test(t) || (options.rules ?? []).some((r) => !rulesUsed.has(r) && r.when.test(shownSinceAnswer + t)),
        timeoutMs,
        options.signal,
        `the end of "${command}"`,
      );
      const chunk = this.consume(this.shellBuffer.length);
      transcript.push(chunk);
      shownSinceAnswer += cleanOutput(text);
      if (PAGER.test(text)) {
        if (++pages > MAX_PAGES) break;
        channel.write(' ');
        step--;
        continue;
      }
      const main = MAIN_PROMPT.exec(text);
      if (main && !SUB_PROMPT.test(text)) {
        this.lastPrompt = `${main[1]}> `;
        const full = cleanOutput(decodeOutput(Buffer.concat(transcript)));
        return full.slice(0, full.length - this.lastPrompt.length).replace(/\n$/, '');
      }
      const rule = (options.rules ?? []).find((r) => !rulesUsed.has(r) && r.when.test(shownSinceAnswer));
      if (rule && !SUB_PROMPT.test(text)) {
        if (rule.once !== false) rulesUsed.add(rule);
        channel.write(`${this.safeAnswer(rule.reply)}\n`);
        shownSinceAnswer = '';
        continue;
      }
      if (SUB_PROMPT.test(text)) {
        let answer = clusterAnswer(shownSinceAnswer, this.hostname);
        if (answer === undefined) {
          const source = options.answers;
          answer = typeof source === 'function' ? source(shownSinceAnswer, answersGiven) : source?.[answersGiven];
          answersGiven++;
        }
        channel.write(`${this.safeAnswer(answer ?? '')}\n`);
        shownSinceAnswer = '';
      }
    }
    this.discardShell();
    if (pages > MAX_PAGES) throw new SshError('protocol', `"${command}" on ${this.connection.where} kept paging; gave up after ${MAX_PAGES} pages`);
    throw new SshError('protocol', `"${command}" on ${this.connection.where} kept asking questions; gave up after ${MAX_STEPS} answers`);
  }

  close(): void {
    this.shellChannel?.close();
    this.connection.close();
  }
}
