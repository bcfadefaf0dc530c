/**
 * Bytes → text, honouring the XML declaration's encoding.
 *
 * AsyncOS exports declare ISO-8859-1; editors and most tools assume UTF-8.
 * Decoding with the declared encoding keeps accented hostnames and comments
 * intact, and a byte sequence that is invalid for the declared encoding
 * becomes a positioned problem rather than silent mojibake.
 */

export interface DecodeProblem {
  /** Offset in the decoded text where the problem shows. */
  offset: number;
  message: string;
  /** The `xml-encoding` message that says this in the reader's language, with its args. */
  messageId?: 'notUtf8' | 'bomMismatch' | 'notDeclared' | 'unsupported';
  args?: Record<string, string>;
  severity: 'error' | 'warning' | 'information';
}

export interface DecodedText {
  text: string;
  /** The encoding actually used, as a WHATWG/Node label. */
  encoding: string;
  /** The value of `encoding="…"` in the XML declaration, if any. */
  declaredEncoding?: string;
  hadBom: boolean;
  /** True when the bytes look like binary data rather than text. */
  binary: boolean;
  problems: DecodeProblem[];
}

const LATIN1_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'iso_8859-1', 'us-ascii', 'ascii', 'iso-ir-100', 'cp819', 'ibm819']);
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

/** Reads `encoding="…"` from an XML declaration at the very start of the bytes. */
export function declaredEncodingOf(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString('latin1');
  const match = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match ? match[1] : undefined;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.byteLength, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) controls++;
  }
  return n > 0 && controls / n > 0.1;
}

function decodeUtf8(bytes: Uint8Array, problems: DecodeProblem[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = text.indexOf('\uFFFD');
    problems.push({
      offset: Math.max(0, at),
      severity: 'error',
      messageId: 'notUtf8',
      message: 'The file is not valid UTF-8: some bytes cannot be decoded (shown as \uFFFD). Save it as UTF-8, or declare its real encoding (AsyncOS exports ISO-8859-1).',
    });
    return text;
  }
}

/** Decodes a configuration file's bytes. Never throws. */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const problems: DecodeProblem[] = [];
  const binary = looksBinary(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const declared = declaredEncodingOf(bytes.subarray(3));
    const text = decodeUtf8(bytes.subarray(3), problems);
    if (declared && !UTF8_LABELS.has(declared.toLowerCase())) {
      problems.push({ offset: 0, severity: 'warning', messageId: 'bomMismatch', args: { declared: String(declared) }, message: `The file starts with a UTF-8 byte order mark but declares encoding "${declared}"; it was read as UTF-8.` });
    }
    return { text, encoding: 'utf-8', declaredEncoding: declared, hadBom: true, binary: false, problems };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const label = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = new TextDecoder(label).decode(bytes.subarray(2));
    return { text, encoding: label, hadBom: true, binary: false, problems };
  }
  const declared = declaredEncodingOf(bytes);
  const label = (declared ?? 'utf-8').toLowerCase();
  if (LATIN1_LABELS.has(label)) {
    // Node's 'latin1' is exact ISO-8859-1; WHATWG's label maps to windows-1252.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    return { text, encoding: 'iso-8859-1', declaredEncoding: declared, hadBom: false, binary, problems };
  }
  if (UTF8_LABELS.has(label)) {
    return { text: decodeUtf8(bytes, problems), encoding: 'utf-8', declaredEncoding: declared, hadBom: false, binary, problems };
  }
  if (/^(?:utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(label)) {
    // The declaration was readable as single-byte text, so the bytes cannot be UTF-16/32 (XML 1.0, appendix F).
    problems.push({ offset: 0, severity: 'warning', messageId: 'notDeclared', args: { declared: String(declared) }, message: `The file declares encoding "${declared}" but its bytes are single-byte text, not ${declared}; it was read as UTF-8.` });
    return { text: decodeUtf8(bytes, problems), encoding: 'utf-8', declaredEncoding: declared, hadBom: false, binary, problems };
  }
  try {
    const text = new TextDecoder(label).decode(bytes);
    return { text, encoding: label, declaredEncoding: declared, hadBom: false, binary, problems };
  } catch {
    problems.push({ offset: 0, severity: 'warning', messageId: 'unsupported', args: { declared: String(declared) }, message: `Unsupported encoding "${declared}" in the XML declaration; the file was read as UTF-8.` });
    return { text: decodeUtf8(bytes, problems), encoding: 'utf-8', declaredEncoding: declared, hadBom: false, binary, problems };
  }
}
