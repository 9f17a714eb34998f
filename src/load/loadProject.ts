import { join } from "node:path";
import type { DiagnosticList } from "../core/diagnostic.js";
import { kindOf, ProjectFiles, reportFileProblem, type FileProblem } from "../core/projectFiles.js";
import { didYouMean } from "../core/suggest.js";
import { contentLocale, isLocaleId, type Locale } from "../locale/index.js";
import type { SourceText } from "../core/source.js";
import { splitFrontMatter } from "./frontMatter.js";
import { checkReferences, checkSourceText, decodeUtf8, type BadCharacter } from "./text.js";
import { spansInCode } from "../core/markdown.js";
import type { ToolCache } from "../emit/toolCache.js";
import { readYaml, type YamlData } from "./yaml.js";

/** `<locale>.md` as read: front matter parsed with positions, body kept as Markdown text. */
export interface ParsedLocaleFile {
  readonly locale: Locale;
  readonly source: SourceText;
  readonly frontMatter: YamlData;
  readonly body: string;
  readonly bodyOffset: number;
}

export interface ParsedArticle {
  /** The folder name under data/articles/. */
  readonly id: string;
  readonly dir: string;
  readonly facts: YamlData | undefined;
  readonly factsFile: string;
  /** Locale files that exist and parsed; a missing one is absent (validate reports it). */
  readonly texts: Readonly<Record<Locale, ParsedLocaleFile>>;
  /** Locale files that exist but failed to parse. */
  readonly brokenLocales: readonly Locale[];
}

export interface ParsedProject {
  readonly root: string;
  /** How the files were read (and images are read later): confined, bounded by the project's limits. */
  readonly files: ProjectFiles;
  readonly glossary: YamlData | undefined;
  readonly outlets: YamlData | undefined;
  readonly articles: readonly ParsedArticle[];
}

/** Where a source file's problem is reported: the list, and the article and locale it belongs to. */
export interface SourceScope {
  readonly diagnostics: DiagnosticList;
  readonly article?: string;
  readonly locale?: Locale;
}

/** A project text file through `files` (bounded, no pipe, no link out); a problem is an error in `scope`. */
export function readSource(files: ProjectFiles, path: string, scope: SourceScope): SourceText | undefined {
  const read = files.read(path);
  if (!read.ok) {
    const { diagnostics, ...within } = scope;
    reportFileProblem(read.problem, diagnostics, within);
    return undefined;
  }
  // Decoded strictly: a byte that is not UTF-8 is reported (checkSourceText), never silently replaced.
  const { text, invalid } = decodeUtf8(read.data);
  return { path, file: files.display(path), text, ...(invalid ? { invalidUtf8: invalid } : {}) };
}

/** The article folders under data/articles, sorted (links to folders outside the project are not articles). */
export function listArticles(root: string): string[] {
  return [...readArticleFolders(root).ids];
}

/** What data/articles/ holds: the article folders, sorted, and the links in it that may not be followed. */
export interface ArticleFolders {
  readonly ids: readonly string[];
  readonly refused: readonly { readonly name: string; readonly problem: FileProblem }[];
}

/**
 * data/articles/ listed once. A parallel build lists it when it starts and gives the listing to
 * every chunk (`BuildOptions.articleFolders`): the main thread builds its share one article at a
 * time, and listing 1,000 folders (each link resolved) for each took longer than building some.
 */
export function readArticleFolders(root: string): ArticleFolders {
  const { folders, refused } = new ProjectFiles(root).listFolder(join(root, "data", "articles"));
  return { ids: folders, refused };
}

/** The data files every article reads, as parsed. */
export interface ParsedSharedData {
  readonly glossary: YamlData | undefined;
  readonly outlets: YamlData | undefined;
}

/** data/glossary.yaml and data/outlets.yaml, read and parsed. */
export function loadSharedData(
  files: ProjectFiles,
  diagnostics: DiagnosticList,
  toolCache?: ToolCache | undefined,
): ParsedSharedData {
  const dataDir = join(files.root, "data");
  const glossary = loadYamlFile(files, join(dataDir, "glossary.yaml"), { diagnostics }, toolCache);
  const outlets = loadYamlFile(files, join(dataDir, "outlets.yaml"), { diagnostics }, toolCache);
  return { glossary, outlets };
}

/** What of a project `loadProject` reads. */
export interface LoadOptions {
  /** The articles to read (all by default: an incremental build skips those whose cached result is still good). */
  readonly load?: (id: string) => boolean;
  /** The glossary and outlets as a build set-up keeps them (`BuildSetUp.sharedData`), not read again. */
  readonly shared?: ParsedSharedData;
  /** data/articles/ as listed when the build started, not listed again. */
  readonly folders?: ArticleFolders;
  /**
   * An article already loaded in this thread (`ArticleLoans`), its loading's diagnostics added
   * to `diagnostics` where its own loading would have added them; undefined to load it.
   */
  readonly loaded?: (id: string, diagnostics: DiagnosticList) => ParsedArticle | undefined;
  /** Where clean YAML parses are kept between runs (`readYaml`). */
  readonly toolCache?: ToolCache | undefined;
}

/** Read and parse the glossary, the outlets and the articles. */
export function loadProject(
  files: ProjectFiles,
  locales: readonly Locale[],
  diagnostics: DiagnosticList,
  { load = () => true, shared, folders, loaded, toolCache }: LoadOptions = {},
): ParsedProject {
  const root = files.root;
  const { glossary, outlets } = shared ?? loadSharedData(files, diagnostics, toolCache);
  const articlesDir = join(root, "data", "articles");
  const { ids, refused } = folders ?? readArticleFolders(root);
  // A link in data/articles/ that points out of the project is no article: an error, scoped to its name.
  for (const { name, problem } of refused) reportFileProblem(problem, diagnostics, { article: name });
  if (ids.length === 0) {
    diagnostics.warn({
      code: "data/no-articles",
      message: "No articles found",
      file: files.display(articlesDir) + "/",
      hint: "Each article is a folder data/articles/<id>/ with article.yaml and en.md, kk.md, ru.md.",
    });
  }
  const articles = ids
    .filter(load)
    .map(
      (id) =>
        loaded?.(id, diagnostics) ??
        loadArticle({ files, dir: join(articlesDir, id), id, locales, toolCache }, diagnostics),
    );
  return { root, files, glossary, outlets, articles };
}

/** Where one article's files are: its folder in the project, its id, the locales to read. */
export interface ArticleFolder {
  readonly files: ProjectFiles;
  readonly dir: string;
  readonly id: string;
  readonly locales: readonly Locale[];
  /** Where clean YAML parses are kept between runs (`readYaml`). */
  readonly toolCache?: ToolCache | undefined;
}

export function loadArticle(folder: ArticleFolder, diagnostics: DiagnosticList): ParsedArticle {
  const { files, dir, id, locales, toolCache } = folder;
  // Whatever else the folder holds that cannot be read safely (a pipe, a link out or in a loop,
  // a file over its limit) keeps the article out: the cache hashes every file of the folder.
  // The files read below (the facts, the texts, the images) report their own, more precisely.
  for (const entry of files.walk(dir)) {
    if (entry.problem && !readElsewhere(entry.rel, locales))
      reportFileProblem(entry.problem, diagnostics, { article: id });
    reportUnreadText({ rel: entry.rel, dir, files, id, locales }, diagnostics);
  }
  const factsPath = join(dir, "article.yaml");
  const facts = loadYamlFile(files, factsPath, { diagnostics, article: id }, toolCache);
  const texts: Record<Locale, ParsedLocaleFile> = {};
  const brokenLocales: Locale[] = [];
  // A derived locale (kk-Latn) has no text of its own: its pages are made from its source's.
  for (const locale of locales.filter((l) => contentLocale(l) === l)) {
    const path = join(dir, `${locale}.md`);
    if (!files.exists(path)) continue;
    const parsed = loadLocaleFile({ files, path, locale, article: id, toolCache }, diagnostics);
    if (parsed) texts[locale] = parsed;
    else brokenLocales.push(locale);
  }
  return { id, dir, facts, factsFile: files.display(factsPath), texts, brokenLocales };
}

/**
 * A text no locale reads, which its writer may think is published: `kk-Latn.md` (kk-Latn pages
 * are made from kk.md), `de.md` in a project without de, `kz.md` for kk. Other Markdown (notes,
 * README.md) is left alone.
 */
function reportUnreadText(
  file: { readonly rel: string; readonly dir: string; readonly files: ProjectFiles } & Omit<
    ArticleFolder,
    "files" | "dir"
  >,
  diagnostics: DiagnosticList,
): void {
  const name = /^([^/]+)\.md$/.exec(file.rel)?.[1];
  const own = file.locales.filter((l) => contentLocale(l) === l);
  if (name === undefined || own.includes(name)) return;
  const where = { file: file.files.display(join(file.dir, file.rel)), article: file.id };
  if (file.locales.includes(name)) {
    const source = contentLocale(name);
    diagnostics.warn({
      code: "data/unread-text",
      message: `\`${file.rel}\` is not read: ${name} pages are made from ${source}.md`,
      hint: `Put the text in ${source}.md; a name the conversion spells wrong goes in the glossary's ${name} spelling.`,
      ...where,
      locale: name,
    });
    return;
  }
  // A real language's file is meant as that language; anything else may be a slip for one of ours.
  const language = isLocaleId(name);
  const near = language ? undefined : didYouMean(name, own);
  if (!language && near === undefined) return;
  diagnostics.warn({
    code: "data/unread-text",
    message: `\`${file.rel}\` is not read: ${name} is not one of the project's locales (${file.locales.join(", ")})`,
    hint:
      near !== undefined
        ? `Did you mean ${near}.md? Or add "${name}" to "locales" in tilpress.config.json to build it.`
        : `Add "${name}" to "locales" in tilpress.config.json to build it.`,
    ...where,
  });
}

/** A file of an article's folder that its own loader reads and reports on: the facts, a text, an image. */
function readElsewhere(rel: string, locales: readonly Locale[]): boolean {
  return rel === "article.yaml" || locales.some((l) => rel === `${l}.md`) || kindOf(rel) === "image";
}

/** One `<locale>.md` of an article. */
interface LocaleFile {
  readonly files: ProjectFiles;
  readonly path: string;
  readonly locale: Locale;
  readonly article: string;
  readonly toolCache: ToolCache | undefined;
}

function loadLocaleFile(file: LocaleFile, diagnostics: DiagnosticList): ParsedLocaleFile | undefined {
  const { files, path, locale, article, toolCache } = file;
  const source = readSource(files, path, { diagnostics, locale, article });
  if (!source) return undefined;
  if (!checkSourceText(source, diagnostics, { locale, article })) return undefined;
  const split = splitFrontMatter(source.text);
  if (
    !checkReferences(source, diagnostics, { locale, article }, (found) =>
      referencesInCode(found, source.text, split?.bodyOffset),
    )
  )
    return undefined;
  if (!split) {
    diagnostics.error({
      code: "data/missing-front-matter",
      message: "The file must start with YAML front matter between two `---` lines",
      hint: "Start the file with ---, the headline and labels, then --- and the Markdown body.",
      file: source.file,
      line: 1,
      column: 1,
      locale,
      article,
    });
    return undefined;
  }
  const frontMatter = readYaml(source, diagnostics, {
    offset: split.yamlOffset,
    yamlText: split.yaml,
    locale,
    article,
    toolCache,
  });
  if (!frontMatter) return undefined;
  return { locale, source, frontMatter, body: split.body, bodyOffset: split.bodyOffset };
}

/** Of the references found in a locale file, those in its body's code (indexes into `found`). */
function referencesInCode(found: readonly BadCharacter[], text: string, bodyOffset: number | undefined): Set<number> {
  // The front matter's strings are YAML, rendered as Markdown one by one: all are kept.
  if (bodyOffset === undefined) return new Set();
  const inBody = found.flatMap((f, i) => (f.index >= bodyOffset ? [i] : []));
  const spans = inBody.map(
    (i) => [found[i]!.index - bodyOffset, found[i]!.index - bodyOffset + (found[i]!.length ?? 1)] as const,
  );
  const inCode = spansInCode(text.slice(bodyOffset), spans);
  return new Set([...inCode].map((k) => inBody[k]!));
}

function loadYamlFile(
  files: ProjectFiles,
  path: string,
  scope: SourceScope,
  toolCache: ToolCache | undefined,
): YamlData | undefined {
  const { diagnostics, article } = scope;
  if (!files.exists(path)) {
    diagnostics.error({
      code: "data/missing-file",
      message: "Required file is missing",
      file: files.display(path),
      ...(article ? { article } : {}),
    });
    return undefined;
  }
  const source = readSource(files, path, scope);
  return source && readYaml(source, diagnostics, { ...(article ? { article } : {}), toolCache });
}
