import { fileURLToPath } from 'node:url';

/** The few URI operations the server needs, without a URI library. */
export const URI = {
  /** A file path for `file:` URIs, the URI's path otherwise (untitled documents, remote schemes). */
  fsPathOrPath(uri: string): string {
    try {
      if (uri.startsWith('file:')) return fileURLToPath(uri);
      return decodeURIComponent(new URL(uri).pathname);
    } catch {
      return uri;
    }
  },
};
