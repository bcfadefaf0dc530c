/**
 * Per-document state: settings, debounced validation, findings cached per
 * document version, and the requests answered on a document's model view
 * (`views.ts`).
 */
import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine, EngineResult, WorkspaceEntry } from './engine';
import { InProcessViews, type ViewAnswer, type ViewHost, type ViewQuery } from './views';
import { analyzerOptionsOf, DEFAULT_SETTINGS, isExcluded, normaliseSettings, settingsKey, type ServerSettings } from './settings';
import { SETTINGS_SECTION } from './protocol';
import { URI } from './uri';
import type { WorkspaceIndex } from './workspaceIndex';
import type { HandlerGuard } from './guard';

export interface ValidatedVersion {
  version: number;
  settingsKey: string;
  result: EngineResult;
}

interface DocumentState {
  timer?: NodeJS.Timeout;
  validated?: ValidatedVersion;
  settings?: Promise<ServerSettings>;
}

export type PublishFn = (document: TextDocument, validated: ValidatedVersion | undefined) => void;

export class Analyses {
  private readonly states = new Map<string, DocumentState>();
  /** False when the client cannot answer workspace/configuration: then the initialization options apply. */
  configurationPull = true;
  fallbackSettings: ServerSettings = DEFAULT_SETTINGS;
  /**
   * Bumped whenever another configuration may have changed (an edit, a file
   * on disk): a document's findings depend on its peers, so cached results
   * carry the generation they were computed in.
   */
  private generation = 0;
  /** The editor's display language: finding messages are rendered in it where the core has a catalogue. */
  locale: string | undefined;
  private views: ViewHost = new InProcessViews();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private engine: Engine,
    private readonly guard: HandlerGuard,
    private readonly publish: PublishFn,
    private readonly workspace: WorkspaceIndex,
  ) {}

  setEngine(engine: Engine): void {
    this.engine.dispose();
    this.engine = engine;
  }

  setViews(views: ViewHost): void {
    this.views.dispose();
    this.views = views;
  }

  dispose(): void {
    this.engine.dispose();
    this.views.dispose();
  }

  private state(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) {
      state = {};
      this.states.set(uri, state);
    }
    return state;
  }

  settingsFor(uri: string): Promise<ServerSettings> {
    const state = this.state(uri);
    if (!state.settings) {
      state.settings = !this.configurationPull
        ? Promise.resolve(this.fallbackSettings)
        : this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
          .then(normaliseSettings, (error) => {
            this.guard.report('workspace/configuration', error);
            return this.fallbackSettings;
          });
    }
    return state.settings;
  }

  /** Settings changed: forget them and every result computed with them. */
  invalidateSettings(): void {
    for (const state of this.states.values()) {
      state.settings = undefined;
      state.validated = undefined;
    }
  }

  forget(uri: string): void {
    const state = this.states.get(uri);
    if (state?.timer) clearTimeout(state.timer);
    this.states.delete(uri);
    this.views.forget(uri);
  }

  /** A document was edited: it and, after the same pause, the configurations analysed with it are re-analysed. */
  changed(document: TextDocument): void {
    this.schedule(document, false);
    // Typing in other XML (a build file) changes nobody's findings.
    if (this.states.get(document.uri)?.validated?.result.recognised === false) return;
    this.generation++;
    for (const other of this.documents.all()) {
      if (other.uri !== document.uri && this.states.get(other.uri)?.validated?.result.recognised) this.schedule(other, false);
    }
  }

  /** Files on disk changed: every open configuration may have new peers. */
  workspaceChanged(): void {
    this.generation++;
    this.workspace.invalidate();
    for (const document of this.documents.all()) this.schedule(document, false);
  }

  /** The other configurations to analyse `uri` with: open documents first, then files on disk. */
  private async peersOf(uri: string): Promise<WorkspaceEntry[]> {
    const open = this.documents.all().filter((d) => d.uri !== uri);
    const entries: WorkspaceEntry[] = open.map((d) => ({ uri: d.uri, key: `open:${d.version}`, text: d.getText() }));
    const skip = new Set([uri, ...open.map((d) => d.uri)]);
    entries.push(...(await this.workspace.configurations(skip)));
    return entries;
  }

  /** Changes wait for a pause in typing; open and save validate at once. */
  schedule(document: TextDocument, immediate: boolean): void {
    const state = this.state(document.uri);
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    if (immediate) {
      void this.validate(document.uri);
      return;
    }
    void this.settingsFor(document.uri).then((settings) => {
      if (state.timer) clearTimeout(state.timer);
      state.timer = setTimeout(() => {
        state.timer = undefined;
        void this.validate(document.uri);
      }, settings.debounceMs);
    });
  }

  async validate(uri: string): Promise<void> {
    try {
      const document = this.documents.get(uri);
      if (!document) return;
      const settings = await this.settingsFor(uri);
      const key = `${settingsKey(settings)}#${this.generation}`;
      const state = this.state(uri);
      if (state.validated && state.validated.version === document.version && state.validated.settingsKey === key) {
        this.publish(document, state.validated);
        return;
      }
      if (!this.shouldAnalyse(uri, settings)) {
        state.validated = undefined;
        this.publish(document, undefined);
        return;
      }
      const version = document.version;
      const workspace = await this.peersOf(uri);
      const result = await this.engine.analyze({
        uri, version, text: document.getText(), workspace, options: analyzerOptionsOf(settings, this.locale), optionsKey: `${settingsKey(settings)}@${this.locale ?? ''}`,
      });
      // A newer version (or a closed document) makes this result worthless.
      const current = this.documents.get(uri);
      if (!result || !current || current.version !== version) return;
      for (const note of result.notes) if (note.startsWith('rule ')) this.guard.report('analysis', new Error(note));
      state.validated = { version, settingsKey: key, result };
      this.publish(current, state.validated);
    } catch (error) {
      this.guard.report('validate', error);
    }
  }

  validateAll(): void {
    for (const document of this.documents.all()) this.schedule(document, true);
  }

  shouldAnalyse(uri: string, settings: ServerSettings): boolean {
    if (!settings.enable) return false;
    const path = URI.fsPathOrPath(uri);
    return !isExcluded(path, settings);
  }

  /** The findings the client was shown for this version, if they are still current. */
  validated(document: TextDocument): ValidatedVersion | undefined {
    const validated = this.states.get(document.uri)?.validated;
    return validated && validated.version === document.version ? validated : undefined;
  }

  /**
   * Answers a request on the model view of the version the document has now,
   * when the request arrives: its text is taken before anything is awaited, so
   * an edit that arrives meanwhile cannot pair this request's position with a
   * newer text. Undefined for documents that are not AsyncOS configurations,
   * disabled or excluded, so other XML gets no hovers either.
   */
  async ask<Q extends ViewQuery>(document: TextDocument, query: (settings: ServerSettings) => Q, token?: CancellationToken): Promise<ViewAnswer<Q> | undefined> {
    const { uri, version } = document;
    const text = document.getText();
    const settings = await this.settingsFor(uri);
    // A document closed meanwhile is not brought back into the views.
    if (!this.shouldAnalyse(uri, settings) || !this.documents.get(uri)) return undefined;
    return this.views.ask(uri, version, text, query(settings), () => !!token?.isCancellationRequested);
  }
}
