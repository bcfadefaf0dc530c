/**
 * The configuration files under the workspace folders that are not open:
 * their outlines for workspace symbols, and their texts for analysing a
 * document together with its peers (the SMA of an ESA, the other machines
 * of a cluster), as `asyncos-pvo lint <folder>` does. Files are re-read only
 * when their modification time changes; the folder listing is refreshed when
 * the client reports file changes, or after a few seconds otherwise.
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
import type { WorkspaceEntry } from './engine';
import { documentSymbols, flattenSymbols } from './symbols';

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);
const MAX_FILES = 2000;
const MAX_BYTES = 50 * 1024 * 1024;
/** Without file-change notifications, a listing older than this is taken again. */
const LISTING_TTL_MS = 5000;

interface Entry {
  mtimeMs: number;
  /** The decoded text, for AsyncOS configurations only. */
  text?: string;
  symbols: SymbolInformation[];
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private listing: { at: number; files: Promise<{ uri: string; file: string }[]> } | undefined;
  private foldersValue: string[] = [];

  get folders(): string[] {
    return this.foldersValue;
  }

  set folders(folders: string[]) {
    this.foldersValue = folders;
    this.invalidate();
  }

  /** Files were created, changed or deleted. */
  invalidate(): void {
    this.listing = undefined;
  }

  private async listXmlFiles(): Promise<{ uri: string; file: string }[]> {
    const out: { uri: string; file: string }[] = [];
    const queue = [...this.foldersValue];
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
          const file = path.join(dir, entry.name);
          out.push({ file, uri: pathToFileURL(file).toString() });
        }
      }
    }
    return out;
  }

  private async current(skip: Set<string>): Promise<{ uri: string; entry: Entry }[]> {
    if (!this.listing || Date.now() - this.listing.at > LISTING_TTL_MS) this.listing = { at: Date.now(), files: this.listXmlFiles() };
    const out: { uri: string; entry: Entry }[] = [];
    for (const { uri, file } of await this.listing.files) {
      if (skip.has(uri)) continue;
      try {
        const stat = await fs.stat(file);
        if (stat.size > MAX_BYTES) continue;
        let entry = this.entries.get(uri);
        if (!entry || entry.mtimeMs !== stat.mtimeMs) {
          entry = { mtimeMs: stat.mtimeMs, ...readConfig(await fs.readFile(file), uri) };
          this.entries.set(uri, entry);
          // Parsing is synchronous: let waiting requests in between files.
          await new Promise((resolve) => setImmediate(resolve));
        }
        out.push({ uri, entry });
      } catch {
        // A file that vanished or cannot be read is no configuration.
      }
    }
    return out;
  }

  /** Symbols of every configuration on disk, except the URIs in `skip` (open documents). */
  async symbols(skip: Set<string>): Promise<SymbolInformation[]> {
    return (await this.current(skip)).flatMap(({ entry }) => entry.symbols);
  }

  /** The configurations on disk, except the URIs in `skip` (open documents), keyed by modification time. */
  async configurations(skip: Set<string>): Promise<WorkspaceEntry[]> {
    return (await this.current(skip)).flatMap(({ uri, entry }) => (entry.text === undefined ? [] : [{ uri, key: `disk:${entry.mtimeMs}`, text: entry.text }]));
  }
}

/** Configurations say so in their first lines; other XML (build files, other vendors') is not parsed at all. */
const CONFIG_HEAD = /<(config|cluster_config)[\s>]|config\.dtd|Product:|Model Number:/;

function readConfig(bytes: Uint8Array, uri: string): { text?: string; symbols: SymbolInformation[] } {
  if (!CONFIG_HEAD.test(Buffer.from(bytes.subarray(0, 8192)).toString('latin1'))) return { symbols: [] };
  const decoded = decodeBytes(bytes);
  if (decoded.binary) return { symbols: [] };
  const document = parseXml(decoded.text);
  if (!isAsyncOsConfig(document)) return { symbols: [] };
  return { text: decoded.text, symbols: flattenSymbols(documentSymbols(buildModel(document), new LineIndex(decoded.text)), uri) };
}
