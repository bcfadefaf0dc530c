import type { AnalyzerOptions } from '../core/options';
import type { Severity } from '../core/rules/types';

/** The `asyncosPvo.*` settings as the server reads them; package.json `contributes.configuration` documents each. */
export interface ServerSettings {
  enable: boolean;
  /** AsyncOS release to assume when a file's header gives none. */
  release: string;
  /** OpenSSL build profile id overriding the one derived from the release. */
  opensslProfile: string;
  /** The peer SMA's (or, on an SMA, the ESAs') addresses. */
  peerAddresses: string[];
  expectPvo: boolean;
  /** Rule id → severity or `off`. */
  rules: Record<string, Severity | 'off' | 'default'>;
  /** Glob patterns (matched against the file path) of files never to analyse. */
  exclude: string[];
  /** Milliseconds to wait after the last keystroke before analysing. */
  debounceMs: number;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  release: '',
  opensslProfile: '',
  peerAddresses: [],
  expectPvo: false,
  rules: {},
  exclude: [],
  debounceMs: 250,
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off', 'default']);

/** Accepts whatever the client sent (possibly nothing, possibly wrong types) and returns complete settings. */
export function normaliseSettings(raw: unknown): ServerSettings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v.trim() : d);
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter(Boolean) : []);
  const rules: ServerSettings['rules'] = {};
  if (input.rules && typeof input.rules === 'object') {
    for (const [id, level] of Object.entries(input.rules as Record<string, unknown>)) {
      if (typeof level === 'string' && SEVERITIES.has(level)) rules[id] = level as ServerSettings['rules'][string];
    }
  }
  const debounce = typeof input.debounceMs === 'number' && Number.isFinite(input.debounceMs) ? input.debounceMs : DEFAULT_SETTINGS.debounceMs;
  return {
    enable: typeof input.enable === 'boolean' ? input.enable : DEFAULT_SETTINGS.enable,
    release: str(input.release, ''),
    opensslProfile: str(input.opensslProfile, ''),
    peerAddresses: strings(input.peerAddresses),
    expectPvo: input.expectPvo === true,
    rules,
    exclude: strings(input.exclude),
    debounceMs: Math.max(0, Math.min(5000, debounce)),
  };
}

/** @param locale the editor's display language (from `initialize`), for finding messages */
export function analyzerOptionsOf(settings: ServerSettings, locale?: string): AnalyzerOptions {
  const severities: Record<string, Severity | 'off'> = {};
  for (const [id, level] of Object.entries(settings.rules)) if (level !== 'default') severities[id] = level;
  return {
    expectPvo: settings.expectPvo,
    release: settings.release || undefined,
    opensslProfile: settings.opensslProfile || undefined,
    peerAddresses: settings.peerAddresses.length > 0 ? settings.peerAddresses : undefined,
    severities,
    ...(locale ? { locale } : {}),
  };
}

/** A stable key: two documents with equal keys share analyzer options (and cached results stay valid). */
export function settingsKey(settings: ServerSettings): string {
  return JSON.stringify([analyzerOptionsOf(settings), settings.enable, settings.exclude]);
}

/**
 * Glob → RegExp for the `exclude` setting: `**` spans folders, `*` and `?`
 * stay within one, `{a,b}` alternates. A pattern without a slash matches the
 * file name anywhere, as in `.gitignore` and `files.exclude`.
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let inBraces = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') { i++; out += '(?:.*/)?'; } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') { inBraces = true; out += '(?:'; }
    else if (c === '}' && inBraces) { inBraces = false; out += ')'; }
    else if (c === ',' && inBraces) out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return glob.includes('/') ? new RegExp(`^${out.startsWith('(?:.*/)?') ? '' : '(?:.*/)?'}${out.replace(/^\//, '')}$`) : new RegExp(`(?:^|/)${out}$`);
}

export function isExcluded(path: string, settings: ServerSettings): boolean {
  const normalised = path.replace(/\\/g, '/');
  return settings.exclude.some((glob) => globToRegExp(glob).test(normalised));
}
