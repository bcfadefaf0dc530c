/**
 * The custom messages between the VS Code client and the language server.
 * Both sides import this file, so it holds only names and shapes: no runtime
 * dependency on either side's libraries.
 */

/** The section of the client settings the server reads (`asyncosPvo.*`). */
export const SETTINGS_SECTION = 'asyncosPvo';

/** The source shown beside every diagnostic. */
export const DIAGNOSTIC_SOURCE = 'asyncos-pvo';

/**
 * Server → client notification: what the server knows about one document,
 * sent after each analysis; the client's status bar shows it for the active editor.
 */
export const StatusNotification = 'asyncosPvo/status';

export interface DocumentStatus {
  uri: string;
  version: number;
  /** Whether the document is an AsyncOS configuration at all. */
  recognised: boolean;
  /** `esa`, `sma` or `unknown`. */
  kind: string;
  /** The AsyncOS release the analysis assumed (header, or the `release` setting). */
  release?: string;
  /** The OpenSSL build profile used for cipher lists, when the core reports one. */
  opensslProfile?: string;
  counts: { error: number; warning: number; information: number; hint: number };
  /** How long the analysis took, in milliseconds. */
  durationMs: number;
}

/** Client → server request: re-analyse every open document (after a settings change the client knows of). */
export const RevalidateRequest = 'asyncosPvo/revalidate';

