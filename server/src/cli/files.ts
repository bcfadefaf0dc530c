import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { InputError } from './command';
import { cli, type CliText } from './messages';

/** Larger files are refused with a clear message rather than exhausting memory. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * Expands the command line's files and directories into files to analyse:
 * directories are searched for `*.xml` (sorted, so output is stable).
 * `displayPath` keeps the path as the user gave it.
 */
export async function collectFiles(inputs: string[], cwd: string): Promise<{ absolute: string; display: string }[]> {
  const out: { absolute: string; display: string }[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch (error) {
      throw new InputError(cli('cannotRead', { path: input, reason: describeIoError(error) }));
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      await walk(absolute, found);
      found.sort();
      for (const file of found) out.push({ absolute: file, display: path.join(input, path.relative(absolute, file)) });
    } else {
      out.push({ absolute, display: input });
    }
  }
  return out;
}

async function walk(directory: string, found: string[]): Promise<void> {
  const entries = await fs.readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full, found);
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.xml')) {
      found.push(full);
    }
  }
}

export async function readFileBytes(file: { absolute: string; display: string }): Promise<Uint8Array> {
  try {
    const stat = await fs.stat(file.absolute);
    if (stat.size > MAX_FILE_BYTES) throw new InputError(cli('fileTooLarge', { path: file.display, size: Math.round(stat.size / 1048576), limit: MAX_FILE_BYTES / 1048576 }));
    return await fs.readFile(file.absolute);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(cli('cannotRead', { path: file.display, reason: describeIoError(error) }));
  }
}

/** The common causes in words (translated); anything else as the system says it. */
export function describeIoError(error: unknown): CliText {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return cli('noSuchFile');
    case 'EACCES': case 'EPERM': return cli('permissionDenied');
    case 'EISDIR': return cli('isDirectory');
    default: return (error as Error)?.message ?? String(error);
  }
}
