/**
 * Every request and notification handler goes through `guard`: a bug in one
 * feature becomes a logged error and a harmless default answer, never a dead
 * server or an error popup on every keystroke.
 */

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

export class HandlerGuard {
  private readonly reported = new Set<string>();

  constructor(private readonly logger: Logger) {}

  /** Logs a failure; repeats of the same failure in the same handler are counted, not logged again. */
  report(handler: string, error: unknown): void {
    const detail = error instanceof Error ? error.stack ?? error.message : String(error);
    const key = `${handler}\n${error instanceof Error ? error.message : String(error)}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.logger.error(`[${handler}] failed (further identical failures are not logged): ${detail}`);
  }

  /** Wraps a handler; `fallback` is what the client gets when it throws or rejects. */
  wrap<P extends unknown[], R>(handler: string, fallback: R, fn: (...params: P) => R | Promise<R>): (...params: P) => Promise<R> {
    return async (...params: P) => {
      try {
        return await fn(...params);
      } catch (error) {
        this.report(handler, error);
        return fallback;
      }
    };
  }

  /** For fire-and-forget notification handlers. */
  run<P extends unknown[]>(handler: string, fn: (...params: P) => void | Promise<void>): (...params: P) => void {
    return (...params: P) => {
      try {
        const result = fn(...params);
        if (result instanceof Promise) result.catch((error) => this.report(handler, error));
      } catch (error) {
        this.report(handler, error);
      }
    };
  }
}
