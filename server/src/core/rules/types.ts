import type { Span } from '../text/lineIndex';
import type { ConfigModel } from '../model/types';
import type { AnalyzerOptions } from '../options';
import type { DecodedText } from '../text/decode';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * A value for a message placeholder. A nested `MessageRef` is rendered in the
 * same locale, so a fragment such as a listener's label is translated too.
 */
export type MessageArg = string | number | MessageRef;

/** A message by id (the rule's own `meta.messages`, or `common.*` shared fragments) with its placeholder values. */
export interface MessageRef {
  id: string;
  args?: Record<string, MessageArg>;
}

/**
 * Text a rule shows: a message id with args (rendered by the facade in the
 * caller's locale), or a plain English string from rules not converted yet.
 */
export type RuleText = string | MessageRef;

/** A text replacement, in file offsets of the analysed text. */
export interface TextEdit {
  span: Span;
  newText: string;
}

/** A fix is data: the rule computes the edits, the CLI and the LSP glue only apply or offer them. */
export interface Fix {
  title: RuleText;
  edits: TextEdit[];
  /** The one obvious fix for the finding (offered as the preferred quick fix). */
  preferred?: boolean;
}

/** Another place that explains a finding (the conflicting listener, the cluster-level section, …). */
export interface RelatedLocation {
  message: RuleText;
  span: Span;
  /** Another file; absent for the same file. */
  uri?: string;
}

/** What a rule reports. Severity defaults to the rule's; a rule with several levels sets it. */
export interface RuleFinding {
  message: RuleText;
  span: Span;
  severity?: Severity;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Structured facts for hovers, reports and tests (never shown as text by the glue). */
  data?: Record<string, unknown>;
}

export interface RuleMeta {
  /** Stable public id: diagnostic code, settings key, docs page name. */
  id: string;
  defaultSeverity: Severity;
  /** One line, shown in rule lists, SARIF and settings. */
  description: string;
  /** Whether the rule can produce fixes (a rule that produces fixes must say so; a test checks). */
  fixable: boolean;
  /** The seed scenario numbers (BRIEF.md) this rule comes from; empty for general checks. */
  scenarios: number[];
  /** Which kinds of configuration the rule applies to. */
  appliesTo: ('esa' | 'sma' | 'unknown')[];
  /**
   * Every message the rule can show (findings, fix titles, related
   * locations), as English templates with `{name}` placeholders; `{^name}`
   * capitalises the value's first letter. Translations are keyed
   * `<rule-id>/<message-id>` in `core/l10n/<locale>.json` (docs/L10N.md).
   */
  messages?: Record<string, string>;
}

/** Another configuration analysed together with this one (an ESA's SMA, another machine of the cluster). */
export interface WorkspaceFile {
  uri: string;
  model: ConfigModel;
}

export interface RuleContext {
  options: AnalyzerOptions;
  /** The analysed text (for rules that compute edits). */
  text: string;
  /** How the bytes were decoded, when the caller had bytes (the editor has text only). */
  decoded?: DecodedText;
  /** The URI of the file being analysed, when known. */
  uri?: string;
  /** The other recognised configurations of the same run or workspace (never includes this file). */
  workspace: WorkspaceFile[];
}

export interface Rule {
  meta: RuleMeta;
  check(model: ConfigModel, context: RuleContext): RuleFinding[];
}
