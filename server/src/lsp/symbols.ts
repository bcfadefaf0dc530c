/** Document and workspace symbols: the outline of a configuration, from the model. */
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import { listenerHat } from '../core/hat/analysis';
import type { ConfigLevel, ConfigModel, Listener } from '../core/model/types';
import type { LineIndex, Span } from '../core/text/lineIndex';

function symbol(lineIndex: LineIndex, name: string, kind: SymbolKind, span: Span, selection: Span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  // The selection must lie inside the range, whatever a broken file's spans say.
  const start = Math.min(span.start, selection.start);
  const end = Math.max(span.end, selection.end);
  const out: DocumentSymbol = { name: name || '(unnamed)', kind, range: lineIndex.rangeOf({ start, end }), selectionRange: lineIndex.rangeOf(selection) };
  if (detail) out.detail = detail;
  if (children && children.length > 0) out.children = children;
  return out;
}

function listenerSymbol(lineIndex: LineIndex, listener: Listener): DocumentSymbol {
  const hat = listenerHat(listener);
  const children: DocumentSymbol[] = [];
  if (hat) {
    for (const policy of hat.parsed.value.policies) {
      children.push(symbol(lineIndex, `$${policy.name.value}`, SymbolKind.Variable, hat.fileSpan(policy.span), hat.fileSpan(policy.nameSpan), policy.action?.value));
    }
    for (const row of hat.parsed.value.rows) {
      if (row.kind === 'group') children.push(symbol(lineIndex, row.name.value, SymbolKind.Struct, hat.fileSpan(row.span), hat.fileSpan(row.name.span), `${row.entries.length} member(s)`));
    }
  }
  const detail = [listener.protocol?.value, listener.interfaceName?.value, listener.port ? `port ${listener.port.value}` : undefined].filter(Boolean).join(', ');
  return symbol(lineIndex, listener.name?.value ?? 'listener', SymbolKind.Class, listener.element.span, listener.name?.span ?? listener.element.nameSpan, detail, children);
}

function levelChildren(lineIndex: LineIndex, level: ConfigLevel): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const iface of level.interfaces) {
    out.push(symbol(lineIndex, iface.name?.value ?? 'interface', SymbolKind.Interface, iface.element.span, iface.name?.span ?? iface.element.nameSpan, iface.ip?.value));
  }
  for (const listener of level.listeners) out.push(listenerSymbol(lineIndex, listener));
  const tls = level.tls;
  if (tls.element) {
    const children = [
      ...tls.cipherLists.map((list) => symbol(lineIndex, list.element.name, SymbolKind.String, list.element.span, list.element.nameSpan, list.value.value)),
      ...tls.methods.map((method) => symbol(lineIndex, method.element.name, SymbolKind.EnumMember, method.element.span, method.element.nameSpan, method.value.value)),
    ];
    out.push(symbol(lineIndex, 'TLS settings', SymbolKind.Module, tls.element.span, tls.element.nameSpan, undefined, children));
  }
  return out;
}

function levelLabel(level: ConfigLevel): string {
  const name = level.name?.value;
  return `${level.kind[0].toUpperCase()}${level.kind.slice(1)}${name ? ` ${name}` : ''}`;
}

export function documentSymbols(model: ConfigModel, lineIndex: LineIndex): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const level of model.levels) {
    if (level.kind === 'standalone') out.push(...levelChildren(lineIndex, level));
    else out.push(symbol(lineIndex, levelLabel(level), SymbolKind.Namespace, level.element.span, level.name?.span ?? level.element.nameSpan, level.hostname?.value, levelChildren(lineIndex, level)));
  }
  return out;
}

/** Flattens the outline for workspace/symbol; containers become `containerName`. */
export function flattenSymbols(symbols: DocumentSymbol[], uri: string, container?: string, out: SymbolInformation[] = []): SymbolInformation[] {
  for (const s of symbols) {
    out.push({ name: s.name, kind: s.kind, location: { uri, range: s.selectionRange }, ...(container ? { containerName: container } : {}) });
    if (s.children) flattenSymbols(s.children, uri, s.name, out);
  }
  return out;
}

/** VS Code's own rule for symbol search: the query's characters appear in order, ignoring case. */
export function matchesQuery(name: string, query: string): boolean {
  if (!query) return true;
  const haystack = name.toLowerCase();
  let i = 0;
  for (const c of query.toLowerCase()) {
    i = haystack.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}
