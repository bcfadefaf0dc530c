/**
 * The OpenSSL cipher-string engine: evaluates a cipher list exactly as the
 * OpenSSL build an AsyncOS release used, and explains the result. Pure: no I/O.
 */
export { evaluateCipherString, evaluate } from './engine';
export { listProfiles, getProfile, defaultProfileForRelease, FALLBACK_PROFILE } from './profiles';
export type { CipherElement, CipherElementPart, CipherError, CipherEvaluation, CipherOperator, Dialect, Profile, Suite } from './types';
export { describeCipherList, describeEvaluation, cipherListMarkdown, recommendedCipherString, risksOf, suggestWord, DEFAULT_WEAK_RISKS } from './describe';
export type { CipherListDescription, CipherRow, SuiteRisk } from './describe';
export { resolveProfile } from './rules/shared';
