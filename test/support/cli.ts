import { PassThrough } from 'node:stream';
import * as path from 'node:path';
import type { CliIo } from '../../server/src/cli/command';
import { runCli } from '../../server/src/cli/main';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Streams for a CLI run that keep what it writes; stdin gives `stdin` and ends. */
export function capturedIo(options: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => { out += chunk; });
  stderr.on('data', (chunk) => { err += chunk; });
  stdin.end(options.stdin ?? '');
  return { io: { stdout, stderr, stdin, env: options.env ?? {}, cwd: options.cwd ?? REPO_ROOT }, out: () => out, err: () => err };
}

/** Runs the CLI in-process with captured streams, from the repository root. */
export async function runCliCaptured(args: string[], options: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const { io, out, err } = capturedIo(options);
  const code = await runCli(args, io);
  return { code, stdout: out(), stderr: err() };
}
