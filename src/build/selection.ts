import { isOwnPageTemplate, NEWSLETTER_TEMPLATE, type ResolvedConfig } from "../config.js";
import { DiagnosticList, type Diagnostic } from "../core/diagnostic.js";
import {
  isPublishingFile,
  isSitePage,
  MANIFEST_PATH,
  newsletterIssueOf,
  parseImagePath,
  parsePagePath,
} from "../core/paths.js";
import type { ManifestEntry } from "../emit/output.js";
import { isLocaleId, type Locale } from "../locale/index.js";
import { DEFAULT_TEMPLATES } from "../model/kinds.js";
import { articleSelected } from "./selectArticles.js";

/**
 * What a filtered build makes, as a question about a file of the output folder: does this build
 * own it? A build writes what it owns, removes what it owns and no longer makes, and leaves every
 * other file and its manifest entry as they were (`--locale`, `--article`, `--template`,
 * `--format`, `--shard`; `newsletter --locale/--issue`). A build with no selection owns the
 * whole folder. Outputs are the same bytes whatever the selection (a page links to every
 * locale of the project), so a filtered build's folder equals a full build's.
 */
export type Owns = (path: string, entry: Described | undefined) => boolean;

type Described = Pick<ManifestEntry, "path" | "article" | "locale" | "format" | "template">;

/** What a path says of the file when no manifest entry does (a killed commit's journal lists only paths). */
function describe(path: string, entry: Described | undefined): Described {
  if (entry) return entry;
  const page = parsePagePath(path);
  if (page && isLocaleId(page.locale)) return { path, ...page, locale: page.locale };
  const image = parseImagePath(path);
  if (image) return { path, article: image.article, locale: null, format: "image", template: null };
  const file =
    newsletterIssueOf(path) !== undefined ? /^([A-Za-z-]+)\.(html|txt|eml)$/.exec(path.split("/")[2] ?? "") : null;
  if (file?.[1] && isLocaleId(file[1])) {
    const format = file[2] === "html" ? "email-html" : file[2] === "txt" ? "text" : "eml";
    return { path, article: null, locale: file[1], format, template: NEWSLETTER_TEMPLATE };
  }
  return { path, article: null, locale: null, format: path.endsWith(".html") ? "html" : "json", template: null };
}

/** Whether a build selects (and so may not prune the cache of what it did not build). */
export function isSelection(config: ResolvedConfig): boolean {
  return (
    config.articles !== undefined ||
    config.shard !== undefined ||
    config.selectedLocales.length < config.locales.length ||
    !config.newsletters ||
    config.formats.length < 2 ||
    config.templates.join() !== DEFAULT_TEMPLATES.join()
  );
}

/** The files `build` owns under its options. */
export function buildOwns(config: ResolvedConfig, articleIds?: readonly string[]): Owns {
  const locale = (l: Locale | null) => l !== null && config.selectedLocales.includes(l);
  const allLocales = config.locales.every((l) => config.selectedLocales.includes(l));
  const article = (id: string | null) => id !== null && articleSelected(id, config.articles, config.shard);
  // A page of an article no longer in data/articles/, or of a template the project no longer
  // has, is stale whatever --template says: a page of the project's own template (built only
  // when --template names it) would otherwise stay published after its article was deleted.
  const stale = (e: Described) =>
    (e.article !== null && articleIds !== undefined && !articleIds.includes(e.article)) ||
    (e.template !== null &&
      !(DEFAULT_TEMPLATES as readonly string[]).includes(e.template) &&
      !isOwnPageTemplate(e.template, config.templatesDir));
  return (path, entry) => {
    const e = describe(path, entry);
    // The site pages (index, press rooms), the feeds, the sitemap and the manifest list the whole
    // folder: made anew by every build but a shard's (a shard makes none but its manifest; `merge` does).
    if (e.path === MANIFEST_PATH) return true;
    // A page or email in a locale this build does not make at all (taken out of `locales`, or
    // joined once by `--locale`) is stale whatever the selection: no press room or feed of this
    // build can list it (the locale has no profile, no catalog read).
    if (e.locale !== null && !config.locales.includes(e.locale)) return true;
    if (isSitePage(e.path) || isPublishingFile(e.path)) return !config.shard;
    if (e.template === NEWSLETTER_TEMPLATE)
      return config.newsletters && locale(e.locale) && (!config.shard || config.shard.index === 1);
    // An article's images are shared by its HTML pages in every locale.
    if (e.format === "image") return article(e.article) && config.formats.includes("html") && allLocales;
    if (e.format === "html" || e.format === "pdf")
      return (
        article(e.article) &&
        locale(e.locale) &&
        e.template !== null &&
        (config.templates.includes(e.template) || stale(e)) &&
        config.formats.includes(e.format)
      );
    // Anything else (a file of an older version): only a build of everything removes it.
    return !isSelection(config);
  };
}

/** The files `newsletter` owns: its issues (all, or those named) in its locales. */
export function newsletterOwns(config: ResolvedConfig, issues: readonly string[] | undefined): Owns {
  return (path, entry) => {
    const e = describe(path, entry);
    const [first, issue, file] = e.path.split("/");
    if (first !== "newsletter" || issue === undefined || file === undefined) return false;
    return (!issues || issues.includes(issue)) && e.locale !== null && config.selectedLocales.includes(e.locale);
  };
}

/**
 * The diagnostics a filtered build reports: those of its locales and those of no locale. Every
 * locale is still loaded and checked (a page's language links depend on which locales can be
 * built), but a `--locale kk` build answers for Kazakh.
 */
export function selectedDiagnostics(config: ResolvedConfig, items: readonly Diagnostic[]): DiagnosticList {
  const list = new DiagnosticList();
  list.absorb(items.filter((d) => inSelection(config, d)));
  return list;
}

function inSelection(config: ResolvedConfig, d: Diagnostic): boolean {
  return d.locale === undefined || config.selectedLocales.includes(d.locale);
}
