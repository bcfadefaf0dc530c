/** The OpenSSL generation a profile belongs to: the two parse and match cipher strings differently. */
export type Dialect = '0.9.8' | '1.0.2';

/** The columns of one cipher suite as `openssl ciphers -v` prints them: what a profile records and a hover shows. */
export interface PrintedSuite {
  name: string;
  /** As printed: `SSLv2`, `SSLv3` (also TLS 1.0/1.1 suites) or `TLSv1.2`. */
  protocol: string;
  kx: string;
  au: string;
  enc: string;
  mac: string;
  export: boolean;
}

/** One cipher suite of a profile, as printed, plus what the engine needs to match it. */
export interface Suite extends PrintedSuite {
  /** Key length `@STRENGTH` sorts by (1.0.2 counts 3DES as 112 bits, though it prints 168). */
  strengthBits: number;
  /** OpenSSL's strength class: the `HIGH`/`MEDIUM`/`LOW` alias this suite answers to, `NONE` for eNULL, `EXPORT` for export suites. */
  strength: 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE' | 'EXPORT';
  /** Stable key: name and protocol (RC4-MD5 exists as an SSLv3 and an SSLv2 suite). */
  key: string;
}

/** A build of OpenSSL whose cipher table and aliases the engine reproduces. */
export interface Profile {
  /** The build id, e.g. `1.0.2k-default`; what `--openssl` takes. */
  id: string;
  /** OpenSSL release, e.g. `1.0.2k`. */
  version: string;
  /** `full`: weak suites (SSLv2, export, DES, …) compiled in; `default`: OpenSSL's default configuration. */
  variant: 'full' | 'default';
  dialect: Dialect;
  /** What `DEFAULT` expands to in this build. */
  defaultCipherList: string;
  /** Every suite, in the order OpenSSL ranks them before any rule applies. */
  suites: readonly Suite[];
}

/** How an element of a cipher string acts on the list. */
export type CipherOperator = 'add' | 'remove' | 'kill' | 'order' | 'special';

/** One `+`-joined part of an element: an alias, a suite name or a word OpenSSL does not know. */
export interface CipherElementPart {
  text: string;
  span: { start: number; end: number };
  kind: 'alias' | 'suite' | 'unknown' | 'command';
}

/** One element of a cipher string (between separators), with where it stands in the input. */
export interface CipherElement {
  /** The element as written, operator included. */
  text: string;
  /** Offsets in the input string, end exclusive. */
  span: { start: number; end: number };
  operator: CipherOperator;
  parts: CipherElementPart[];
  /** Every part is a name this profile knows (an unknown part makes OpenSSL skip the element silently). */
  known: boolean;
  /** The element was applied to the list (known, and its parts had suites in common). */
  applied: boolean;
  /** Keys of the suites the element added, moved, removed or killed. */
  affected: string[];
  /** OpenSSL would reject the whole string because of this element. */
  error?: 'invalid command';
  /** Offset of what OpenSSL stumbled on: a stray character, or the unknown `@` command. */
  errorAt?: number;
  /** A leading keyword that stands for a whole list: `DEFAULT` (the profile's default list) or, on 1.0.2, `SUITEB128`…. */
  isDefaultKeyword?: boolean;
}

/** OpenSSL's reasons, plus `unknown profile` when the profile id is not one of ours. */
export type CipherError = 'no cipher match' | 'invalid command' | 'unknown profile';

/** The result of handing a cipher string to one profile's OpenSSL. */
export interface CipherEvaluation {
  input: string;
  profile: string;
  /** OpenSSL accepts the string (it is well-formed and selects at least one suite). */
  ok: boolean;
  error?: CipherError;
  /** The suites in OpenSSL's order; empty when `ok` is false. */
  ciphers: readonly Suite[];
  /** What would be selected if OpenSSL did not reject the string (useful to explain a syntax error). */
  selectedIgnoringErrors: readonly Suite[];
  elements: readonly CipherElement[];
  /** For each selected suite key, the index in `elements` of the element that added it last. */
  addedBy: ReadonlyMap<string, number>;
}
