import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { DiagnosticList } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import type { SourceText } from "../core/source.js";
import { splitFrontMatter } from "./frontMatter.js";
import { checkSourceText, decodeUtf8 } from "./text.js";
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
  readonly glossary: YamlData | undefined;
  readonly outlets: YamlData | undefined;
  readonly articles: readonly ParsedArticle[];
}

export function readSource(root: string, path: string): SourceText {
  // Decoded strictly: a byte that is not UTF-8 is reported (checkSourceText), never silently replaced.
  const { text, invalid } = decodeUtf8(readFileSync(path));
  return { path, file: relative(root, path).split(sep).join("/"), text, ...(invalid ? { invalidUtf8: invalid } : {}) };
}

/** Read and parse every data file under `<root>/data`. Problems become diagnostics. */
/** The article folders under data/articles, sorted. */
export function listArticles(root: string): string[] {
  const articlesDir = join(root, "data", "articles");
  return existsSync(articlesDir)
    ? readdirSync(articlesDir)
        .filter((name) => !name.startsWith(".") && statSync(join(articlesDir, name)).isDirectory())
        .sort()
    : [];
}

/**
 * Read and parse the glossary, the outlets and the articles `load` says to (all by default:
 * an incremental build skips those whose cached result is still good).
 */
export function loadProject(
  root: string,
  locales: readonly Locale[],
  diagnostics: DiagnosticList,
  load: (id: string) => boolean = () => true,
): ParsedProject {
  const dataDir = join(root, "data");
  const glossary = loadYamlFile(root, join(dataDir, "glossary.yaml"), diagnostics);
  const outlets = loadYamlFile(root, join(dataDir, "outlets.yaml"), diagnostics);
  const articlesDir = join(dataDir, "articles");
  const ids = listArticles(root);
  if (ids.length === 0) {
    diagnostics.warn({
      code: "data/no-articles",
      message: "No articles found",
      file: relative(root, articlesDir).split(sep).join("/") + "/",
      hint: "Each article is a folder data/articles/<id>/ with article.yaml and en.md, kk.md, ru.md.",
    });
  }
  const articles = ids
    .filter(load)
    .map((id) => loadArticle({ root, dir: join(articlesDir, id), id, locales }, diagnostics));
  return { root, glossary, outlets, articles };
}

/** Where one article's files are: its folder in the project, its id, the locales to read. */
export interface ArticleFolder {
  readonly root: string;
  readonly dir: string;
  readonly id: string;
  readonly locales: readonly Locale[];
}

export function loadArticle(folder: ArticleFolder, diagnostics: DiagnosticList): ParsedArticle {
  const { root, dir, id, locales } = folder;
  const factsPath = join(dir, "article.yaml");
  const facts = loadYamlFile(root, factsPath, diagnostics, id);
  const texts: Record<Locale, ParsedLocaleFile> = {};
  const brokenLocales: Locale[] = [];
  for (const locale of locales) {
    const path = join(dir, `${locale}.md`);
    if (!existsSync(path)) continue;
    const parsed = loadLocaleFile({ root, path, locale, article: id }, diagnostics);
    if (parsed) texts[locale] = parsed;
    else brokenLocales.push(locale);
  }
  return { id, dir, facts, factsFile: relative(root, factsPath).split(sep).join("/"), texts, brokenLocales };
}

/** One `<locale>.md` of an article. */
interface LocaleFile {
  readonly root: string;
  readonly path: string;
  readonly locale: Locale;
  readonly article: string;
}

function loadLocaleFile(file: LocaleFile, diagnostics: DiagnosticList): ParsedLocaleFile | undefined {
  const { root, path, locale, article } = file;
  const source = readSource(root, path);
  if (!checkSourceText(source, diagnostics, { locale, article })) return undefined;
  const split = splitFrontMatter(source.text);
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
  });
  if (!frontMatter) return undefined;
  return { locale, source, frontMatter, body: split.body, bodyOffset: split.bodyOffset };
}

function loadYamlFile(root: string, path: string, diagnostics: DiagnosticList, article?: string): YamlData | undefined {
  if (!existsSync(path)) {
    diagnostics.error({
      code: "data/missing-file",
      message: "Required file is missing",
      file: relative(root, path).split(sep).join("/"),
      ...(article ? { article } : {}),
    });
    return undefined;
  }
  return readYaml(readSource(root, path), diagnostics, article ? { article } : {});
}
