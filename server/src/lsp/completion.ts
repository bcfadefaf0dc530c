/** Completion: names the file already defines, offered where the file refers to them. */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { ModelView } from './modelView';
import { listenerHat } from '../core/hat/analysis';
import { HAT_ACTIONS } from '../core/hat/types';
import type { AnalyzerOptions } from '../core/options';
import type { Span } from '../core/text/lineIndex';
import type { XmlElement } from '../core/xml/tree';
import { describeInterface } from './hover';
import { cipherWords } from './cipherFeatures';
import { interfacesFor, levelAt } from './locate';

/** The children a listener has in AsyncOS exports, in the order the appliance writes them. */
const LISTENER_CHILDREN = ['listener_name', 'protocol', 'interface_name', 'port', 'listen_queue_size', 'type', 'hat', 'rat'];

export interface CompletionOptions {
  snippets: boolean;
  analyzer: AnalyzerOptions;
}

const empty = (): CompletionList => ({ isIncomplete: false, items: [] });

/** The innermost element whose content holds the offset. */
export function elementAt(root: XmlElement | undefined, offset: number): XmlElement | undefined {
  let current: XmlElement | undefined;
  let children = root ? [root] : [];
  for (;;) {
    const next = children.find((c) => offset >= c.contentSpan.start && offset <= c.contentSpan.end && c.span.end > c.contentSpan.start);
    if (!next) return current;
    current = next;
    children = next.children.filter((c): c is XmlElement => c.kind === 'element');
  }
}

/** The span of the word around the offset, words made of characters that `isWord` accepts. */
function wordSpan(text: string, offset: number, isWord: (c: string) => boolean): Span {
  let start = offset;
  while (start > 0 && isWord(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && isWord(text[end])) end++;
  return { start, end };
}

export function complete(result: ModelView, offset: number, options: CompletionOptions): CompletionList {
  const model = result.model;
  const element = elementAt(result.document.root, offset);
  if (!model || !element) return empty();
  const level = levelAt(model, offset);
  if (!level) return empty();
  const text = result.text;
  const rangeOf = (span: Span) => result.lineIndex.rangeOf(span);

  if ((element.name === 'interface_name' && element.parent?.name === 'listener') || element.name === 'delivery_interface') {
    // Replace the whole value: an interface name may contain spaces ("Data 1").
    const content = element.contentSpan;
    const raw = text.slice(content.start, content.end);
    const span = raw.includes('\n') ? wordSpan(text, offset, (c) => c !== '<' && c !== '>' && c !== '\n') : content;
    const names = new Map<string, string>();
    for (const iface of interfacesFor(model, level)) {
      if (iface.name && !names.has(iface.name.value)) names.set(iface.name.value, describeInterface(iface).join(', '));
    }
    const items: CompletionItem[] = [...names].map(([name, detail]) => ({
      label: name, kind: CompletionItemKind.Value, detail, textEdit: { range: rangeOf(span), newText: name },
    }));
    if (element.name === 'delivery_interface') items.push({ label: 'Auto', kind: CompletionItemKind.Keyword, detail: 'Let the appliance choose by routing', textEdit: { range: rangeOf(span), newText: 'Auto' } });
    return { isIncomplete: false, items };
  }

  const listener = level.listeners.find((l) => l.hat?.element === element);
  if (element.name === 'hat' && listener) {
    const span = wordSpan(text, offset, (c) => /[\w$.-]/.test(c));
    const hat = listenerHat(listener)?.parsed.value;
    const items: CompletionItem[] = [];
    for (const policy of hat?.policies ?? []) {
      items.push({
        label: `$${policy.name.value}`, kind: CompletionItemKind.Variable, detail: policy.action ? `mail-flow policy: ${policy.action.value}` : 'mail-flow policy',
        textEdit: { range: rangeOf(span), newText: `$${policy.name.value}` },
      });
    }
    // Sender group names of every listener: reusing a name keeps reports and message filters consistent.
    const groups = new Set<string>();
    for (const l of level.listeners) for (const row of listenerHat(l)?.parsed.value.rows ?? []) if (row.kind === 'group') groups.add(row.name.value);
    for (const group of groups) {
      items.push({ label: `${group}:`, kind: CompletionItemKind.Class, detail: 'sender group', textEdit: { range: rangeOf(span), newText: `${group}:` } });
    }
    for (const action of [...HAT_ACTIONS, 'ALL']) {
      items.push({ label: action, kind: CompletionItemKind.Keyword, textEdit: { range: rangeOf(span), newText: action } });
    }
    return { isIncomplete: false, items };
  }

  if (level.tls.cipherLists.some((l) => l.element === element)) {
    const word = wordSpan(text, offset, (c) => /[\w.=@-]/.test(c));
    // A leading `-` is the "remove" operator, not part of the suite name.
    const span = text[word.start] === '-' && word.start < offset ? { start: word.start + 1, end: word.end } : word;
    return {
      isIncomplete: false,
      items: cipherWords(result, options.analyzer).map(({ word, detail }) => ({ label: word, kind: CompletionItemKind.Constant, detail, textEdit: { range: rangeOf(span), newText: word } })),
    };
  }

  if (element.name === 'listener') {
    const present = new Set(element.children.filter((c): c is XmlElement => c.kind === 'element').map((c) => c.name));
    const seen = new Set(LISTENER_CHILDREN);
    for (const l of level.listeners) for (const c of l.element.children) if (c.kind === 'element') seen.add(c.name);
    const afterBracket = text[offset - 1] === '<';
    const span = wordSpan(text, offset, (c) => /[\w-]/.test(c));
    return {
      isIncomplete: false,
      items: [...seen].filter((name) => !present.has(name)).map((name, index) => ({
        label: name,
        kind: CompletionItemKind.Property,
        sortText: String(index).padStart(3, '0'),
        insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: {
          range: rangeOf(span),
          newText: `${afterBracket ? '' : '<'}${name}>${options.snippets ? '$0' : ''}</${name}>`,
        },
      })),
    };
  }
  return empty();
}
