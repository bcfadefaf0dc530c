import rawProfiles from './data/profiles.json';
import type { Dialect, PrintedSuite, Profile, Suite } from './types';

interface RawProfile {
  id: string;
  version: string;
  variant: string;
  configure: string;
  defaultCipherList: string;
  suites: PrintedSuite[];
}

/**
 * 1.0.2 reclassified 3DES from HIGH to MEDIUM (and counts it as 112 bits)
 * after SWEET32. The captured builds show the old class in 1.0.2d and the new
 * one in 1.0.2k; the release in between that changed it is taken to be 1.0.2i.
 */
function tripleDesIsMedium(version: string): boolean {
  const m = /^1\.0\.2([a-z]*)$/.exec(version);
  return m !== null && m[1] >= 'i';
}

function bitsOf(enc: string): number {
  const m = /\((\d+)\)/.exec(enc);
  return m ? Number(m[1]) : 0;
}

function strengthOf(raw: PrintedSuite, tripleDesMedium: boolean): Suite['strength'] {
  if (raw.export) return 'EXPORT';
  const family = raw.enc.replace(/\(.*$/, '');
  switch (family) {
    case 'None':
      return 'NONE';
    case 'DES':
      return 'LOW';
    case '3DES':
      return tripleDesMedium ? 'MEDIUM' : 'HIGH';
    case 'RC4':
    case 'RC2':
    case 'IDEA':
    case 'SEED':
      return 'MEDIUM';
    default:
      return 'HIGH';
  }
}

function buildProfile(raw: RawProfile): Profile {
  const dialect: Dialect = raw.version.startsWith('0.9.8') ? '0.9.8' : '1.0.2';
  const tripleDesMedium = tripleDesIsMedium(raw.version);
  const suites: Suite[] = raw.suites.map((s) => ({
    name: s.name,
    protocol: s.protocol,
    kx: s.kx,
    au: s.au,
    enc: s.enc,
    mac: s.mac,
    export: s.export,
    strengthBits: dialect === '1.0.2' && s.enc.startsWith('3DES') ? 112 : bitsOf(s.enc),
    strength: strengthOf(s, tripleDesMedium),
    key: `${s.name} ${s.protocol}`,
  }));
  return {
    id: raw.id,
    version: raw.version,
    variant: raw.variant === 'full' ? 'full' : 'default',
    dialect,
    defaultCipherList: raw.defaultCipherList,
    suites,
  };
}

const profiles: readonly Profile[] = (rawProfiles as RawProfile[]).map(buildProfile);
const byId = new Map(profiles.map((p) => [p.id, p]));

/** Every build profile, newest release first. */
export function listProfiles(): readonly Profile[] {
  return profiles;
}

export function getProfile(id: string): Profile | undefined {
  return byId.get(id);
}

/** The profile used when neither the release nor the user says otherwise: the newest 1.0.2 as OpenSSL ships it. */
export const FALLBACK_PROFILE = '1.0.2k-default';

/**
 * The profile for an AsyncOS release (`13.5.1-277`, `Version: 9.1.0-032`, `9.5`).
 *
 * Known: AsyncOS used OpenSSL 0.9.8 before 9.5 and 1.0.2 from 9.5 on.
 * A guess: which 0.9.8/1.0.2 patch level and whether Cisco compiled the weak
 * suites in. We pick the `default` variant (OpenSSL's own configuration) of
 * 0.9.8zh, and of 1.0.2k: the latest captured 1.0.2 that is neither the very
 * first (1.0.2d, 3DES still HIGH) nor the final one (1.0.2u, whose test
 * binary also lists GOST suites). Returns undefined for text that is not a release.
 */
export function defaultProfileForRelease(release: string | undefined): string | undefined {
  if (!release) return undefined;
  const m = /(\d+)\.(\d+)/.exec(release);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const before95 = major < 9 || (major === 9 && minor < 5);
  return before95 ? '0.9.8zh-default' : FALLBACK_PROFILE;
}
