import { PassThrough } from 'node:stream';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured streams, from the repository root. */
export async function runCliCaptured(args: string[], options: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => { out += chunk; });
  stderr.on('data', (chunk) => { err += chunk; });
  stdin.end(options.stdin ?? '');
  const code = await runCli(args, { stdout, stderr, stdin, env: options.env ?? {}, cwd: options.cwd ?? REPO_ROOT });
  return { code, stdout: out, stderr: err };
}
