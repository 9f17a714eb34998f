import { projectFiles, type ResolvedConfig } from "../config.js";
import type { DiagnosticList } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import type { DerivedScript } from "../locale/derivedScript.js";
import { derivedScripts } from "../model/derivedView.js";
import type { SourceText } from "../core/source.js";
import type { Catalog } from "../i18n/catalog.js";
import { loadProject, type ArticleFolders, type ParsedArticle } from "../load/loadProject.js";
import type { LoadedArticle } from "./articleLoans.js";
import { LayoutLog } from "../pdf/buildPdf.js";
import type { TemplateSet } from "../render/templates.js";
import type { ArticleText, Content } from "../validate/content.js";
import { validateProject } from "../validate/validateProject.js";
import { figureUnits } from "../quantity/units.js";
import type { BuildSetUp } from "./setUp.js";

/** Everything the pages of one build read: made once by `loadContext`, then only read. */
export interface BuildContext {
  readonly config: ResolvedConfig;
  readonly setUp: BuildSetUp;
  /** The build's list: stages add what they find; a page forks it. */
  readonly diagnostics: DiagnosticList;
  /** The articles to render (cache hits left out), validated, with the glossary and outlets. */
  readonly content: Content;
  readonly catalog: Catalog;
  readonly templates: TemplateSet;
  /** The shared data files (glossary, outlets), to point a problem at where its text was written. */
  readonly sources: readonly SourceText[];
  /** Template × locale pairs laid out so far (check mode lays each out once and scans the rest). */
  readonly layoutLog: LayoutLog;
  /** Each derived locale's script (kk-Latn), compiled once with the glossary's spellings. */
  readonly scripts: ReadonlyMap<Locale, DerivedScript>;
}

export interface ContextOptions {
  readonly config: ResolvedConfig;
  readonly setUp: BuildSetUp;
  readonly diagnostics: DiagnosticList;
  /** Whether an article is loaded and validated (selected, and not replayed from the cache). */
  readonly toRender: (id: string) => boolean;
  /** data/articles/ as listed when the build started. */
  readonly folders: ArticleFolders;
}

/** Load, validate, and set up the catalog and templates: the stages before any page. */
export function loadContext({ config, setUp, diagnostics, toRender, folders }: ContextOptions): BuildContext {
  const shared = setUp.sharedData(config, diagnostics);
  // The newsletters' stories, when they were just loaded and validated in this thread.
  const lent = new Map<string, LoadedArticle>();
  const parsed = loadProject(projectFiles(config), config.locales, diagnostics, {
    load: toRender,
    shared: shared.parsed,
    folders,
    toolCache: setUp.articleToolCache,
    loaded: (id, list) => {
      const story = setUp.loans.take(config, id);
      if (!story) return undefined;
      lent.set(id, story);
      list.absorb(story.loading);
      return story.parsed;
    },
  });
  const { catalog, templates } = setUp.shared(config, diagnostics);
  const options = {
    locales: config.locales,
    source: config.profiles.source,
    units: figureUnits(catalog),
    validated: (p: ParsedArticle, list: DiagnosticList) => {
      const story = lent.get(p.id);
      if (story?.parsed !== p) return undefined;
      list.absorb(story.checking);
      return story;
    },
  };
  const content = validateProject(parsed, options, diagnostics, shared.content);
  const sources = [parsed.glossary, parsed.outlets].flatMap((y) => (y ? [y.source] : []));
  const scripts = derivedScripts(config.locales, content);
  return { config, setUp, diagnostics, content, catalog, templates, sources, layoutLog: new LayoutLog(), scripts };
}

/** The files a page's text in `locale` comes from: its locale file, the shared data, the locale's catalog. */
export function textSourcesOf(ctx: BuildContext, text: ArticleText, locale: Locale): SourceText[] {
  return [
    text.yaml.source,
    ...ctx.sources,
    ...Object.entries(ctx.catalog.sources)
      .filter(([k]) => k.startsWith(`${locale}/`))
      .map(([, y]) => y.source),
  ];
}
