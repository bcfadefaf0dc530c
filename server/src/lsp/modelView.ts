/**
 * What hovers, completion, symbols and navigation read: the tree and the
 * model of one document version, without running any rule (the rules run in
 * the analysis worker, for diagnostics). Built once per version, in the views
 * worker (`views.ts`), and shared by every request on that version;
 * `modelViewOf` builds one from scratch (the models of the workspace's other
 * configurations).
 */
import { buildModel } from '../core/model/build';
import { isAsyncOsConfig } from '../core/model/recognise';
import type { ConfigModel } from '../core/model/types';
import { LineIndex } from '../core/text/lineIndex';
import { parseXml } from '../core/xml/parse';
import type { XmlDocument } from '../core/xml/tree';

export interface ModelView {
  text: string;
  lineIndex: LineIndex;
  document: XmlDocument;
  model: ConfigModel;
}

/** Undefined for text that is not an AsyncOS configuration: other XML gets no language features. */
export function modelViewOf(text: string): ModelView | undefined {
  const document = parseXml(text);
  if (!isAsyncOsConfig(document)) return undefined;
  return { text, lineIndex: new LineIndex(text), document, model: buildModel(document) };
}
