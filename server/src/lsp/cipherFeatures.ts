/**
 * Cipher-list hover and completion data. The cipher module owns the
 * expansion of cipher strings; this file only presents what it computes.
 */
import type { AnalysisResult } from '../core/analyzer';
import type { CipherList } from '../core/model/types';

const DIRECTION_LABEL: Record<CipherList['direction'], string> = {
  inbound: 'Inbound SMTP TLS (receiving)',
  outbound: 'Outbound SMTP TLS (delivery)',
  gui: 'Web interface (HTTPS)',
  other: 'TLS',
};

export function cipherListHover(result: AnalysisResult, list: CipherList): string {
  const findings = result.findings.filter((f) => f.span.start >= list.element.span.start && f.span.end <= list.element.span.end);
  const lines = [`**${DIRECTION_LABEL[list.direction]} cipher list** ${'`' + list.value.value + '`'}`];
  if (findings.length > 0) {
    lines.push('', ...findings.map((f) => `- ${f.severity}: ${f.message} (${f.rule})`));
  }
  return lines.join('\n');
}

/** Words of OpenSSL's cipher-string language that AsyncOS accepts, offered while typing a cipher list. */
export function cipherWords(): { word: string; detail: string }[] {
  return [];
}
