/** Where the rule documentation is published; the one place that builds a docs link. */
export const DOCS_BASE_URL = 'https://github.com/asyncos-pvo/asyncos-pvo/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${encodeURIComponent(ruleId)}.md`;
}
