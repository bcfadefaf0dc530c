/**
 * Adapts a byte stream (an SSH channel, or stdin/stdout behind OpenSSH) to the line- and
 * key-oriented `CliIo` the simulated CLI reads from.
 */
import type { CliIo } from './cli';

export class InputQueue {
  private buffer = '';
  private ended = false;
  private waiter: (() => void) | undefined;

  push(text: string): void {
    this.buffer += text;
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private async waitForData(): Promise<void> {
    await new Promise<void>((resolve) => (this.waiter = resolve));
  }

  async readLine(): Promise<string | null> {
    for (;;) {
      const at = this.buffer.search(/[\r\n]/);
      if (at >= 0) {
        const line = this.buffer.slice(0, at);
        let skip = 1;
        if (this.buffer[at] === '\r' && this.buffer[at + 1] === '\n') skip = 2;
        this.buffer = this.buffer.slice(at + skip);
        return line;
      }
      if (this.ended) {
        if (this.buffer.length === 0) return null;
        const line = this.buffer;
        this.buffer = '';
        return line;
      }
      await this.waitForData();
    }
  }

  async readKey(): Promise<string | null> {
    for (;;) {
      if (this.buffer.length > 0) {
        let take = 1;
        if (this.buffer[0] === '\r' && this.buffer[1] === '\n') take = 2;
        const key = this.buffer.slice(0, take);
        this.buffer = this.buffer.slice(take);
        return key;
      }
      if (this.ended) return null;
      await this.waitForData();
    }
  }
}

export interface ByteSink {
  write(data: Buffer): unknown;
}

export interface IoOptions {
  tty: boolean;
  rows: number;
  encoding: 'utf8' | 'latin1';
  closed: Promise<void>;
  /** See `CliIo.hangup`. */
  hangup?: Promise<void>;
  drop(): void;
  freeze?(): void;
}

export function makeCliIo(input: InputQueue, sink: ByteSink, options: IoOptions): CliIo {
  const encode = (text: string) => Buffer.from(options.tty ? text.replace(/\r?\n/g, '\r\n') : text, options.encoding);
  return {
    tty: options.tty,
    rows: options.rows,
    closed: options.closed,
    hangup: options.hangup,
    drop: options.drop,
    freeze: options.freeze,
    write(text: string) {
      if (text) sink.write(encode(text));
    },
    async readLine() {
      const line = await input.readLine();
      // A terminal echoes what the user typed; without one nothing is echoed.
      if (options.tty && line !== null) sink.write(encode(`${line}\n`));
      return line;
    },
    readKey: () => input.readKey(),
  };
}
