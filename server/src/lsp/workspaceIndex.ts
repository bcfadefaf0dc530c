/**
 * The outlines of configuration files that are not open, for workspace
 * symbols: found under the workspace folders, read once and re-read when
 * their modification time changes.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SymbolInformation } from 'vscode-languageserver';
import { buildModel } from '../core/model/build';
import { isAsyncOsConfig } from '../core/model/recognise';
import { decodeBytes } from '../core/text/decode';
import { LineIndex } from '../core/text/lineIndex';
import { parseXml } from '../core/xml/parse';
import { documentSymbols, flattenSymbols } from './symbols';

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);
const MAX_FILES = 2000;
const MAX_BYTES = 50 * 1024 * 1024;

interface Entry {
  mtimeMs: number;
  symbols: SymbolInformation[];
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  folders: string[] = [];

  private async listXmlFiles(): Promise<string[]> {
    const out: string[] = [];
    const queue = [...this.folders];
    while (queue.length > 0 && out.length < MAX_FILES) {
      const dir = queue.shift()!;
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) queue.push(path.join(dir, entry.name));
        } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.xml')) {
          out.push(path.join(dir, entry.name));
        }
      }
    }
    return out;
  }

  /** Symbols of every recognised configuration on disk, except the URIs in `skip` (open documents). */
  async symbols(skip: Set<string>): Promise<SymbolInformation[]> {
    const out: SymbolInformation[] = [];
    for (const file of await this.listXmlFiles()) {
      const uri = pathToFileURL(file).toString();
      if (skip.has(uri)) continue;
      try {
        const stat = await fs.stat(file);
        if (stat.size > MAX_BYTES) continue;
        let entry = this.entries.get(uri);
        if (!entry || entry.mtimeMs !== stat.mtimeMs) {
          entry = { mtimeMs: stat.mtimeMs, symbols: symbolsOfBytes(await fs.readFile(file), uri) };
          this.entries.set(uri, entry);
        }
        out.push(...entry.symbols);
      } catch {
        // A file that vanished or cannot be read has no symbols.
      }
    }
    return out;
  }
}

export function symbolsOfBytes(bytes: Uint8Array, uri: string): SymbolInformation[] {
  const decoded = decodeBytes(bytes);
  if (decoded.binary) return [];
  const document = parseXml(decoded.text);
  if (!isAsyncOsConfig(document)) return [];
  return flattenSymbols(documentSymbols(buildModel(document), new LineIndex(decoded.text)), uri);
}
