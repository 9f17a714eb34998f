import type { DiagnosticList } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import { feedLinks, INDEX_PATH, newsletterIssueOf, relativeHref } from "../core/paths.js";
import type { Output, OutputFormat, PageFacts } from "../emit/output.js";
import type { Catalog } from "../i18n/catalog.js";
import { createTranslator } from "../i18n/translator.js";
import { ARTICLE_KIND_IDS, documentKindKey } from "../model/kinds.js";
import type { TemplateSet } from "../render/templates.js";

/** What the index needs of an output: a build's outputs and a merged manifest's entries both have it. */
export interface IndexEntry {
  readonly path: string;
  readonly article?: string | null;
  readonly locale?: Locale | null;
  readonly format: OutputFormat;
  readonly template?: string | null;
  readonly title?: string | null;
  /** For pages: the article's kind (its label), and `embargo` while under embargo (left out of the index). */
  readonly page?: Pick<PageFacts, "kind" | "embargo"> | null;
}

export interface IndexPageOptions {
  readonly locales: readonly Locale[];
  readonly catalog: Catalog;
  readonly templates: TemplateSet;
  readonly diagnostics: DiagnosticList;
  /** Where the site is published: the head then links to every listed locale's feeds. */
  readonly baseUrl?: string | undefined;
}

/** `index.html`: every article × locale × output, in the first locale's language. */
export function renderIndexPage(
  entries: readonly IndexEntry[],
  { locales, catalog, templates, diagnostics, baseUrl }: IndexPageOptions,
): Output | undefined {
  const locale = locales[0] ?? "en";
  const tr = createTranslator(catalog, locale, diagnostics);
  // A page under embargo is built but not listed: the index is public.
  const pages = entries.filter(
    (e) => e.article && e.locale && (e.format === "html" || e.format === "pdf") && !e.page?.embargo,
  );
  // Each page labelled by what it is (a statement's release page is a "Statement"): the kinds
  // table's name for the article's kind on that template. Labels looked up once per pair;
  // entries grouped in one pass (a batch has thousands of them).
  const labels = new Map<string, string>();
  const labelOf = (e: IndexEntry): string => {
    const template = e.template ?? "";
    const kind = ARTICLE_KIND_IDS.find((k) => k === e.page?.kind);
    const key = `${template}\u0000${kind ?? ""}`;
    let label = labels.get(key);
    if (label === undefined) labels.set(key, (label = tr.t(documentKindKey(template, kind))));
    return label;
  };
  const notBuilt = tr.t("site.notBuilt");
  const byArticle = new Map<string, Map<Locale, IndexEntry[]>>();
  for (const e of pages) {
    let perLocale = byArticle.get(e.article!);
    if (!perLocale) byArticle.set(e.article!, (perLocale = new Map()));
    let own = perLocale.get(e.locale!);
    if (!own) perLocale.set(e.locale!, (own = []));
    own.push(e);
  }
  const view = {
    locale,
    articleLabel: tr.t("site.article"),
    headlineLabel: tr.t("site.headline"),
    outputCount: pages.length,
    articles: [...byArticle.keys()].sort().map((id) => ({
      id,
      locales: locales.map((l) => {
        // By path (template, then format): the same order whatever order the entries came in
        // (a build's, a merged or kept manifest's).
        const own = [...(byArticle.get(id)?.get(l) ?? [])].sort((a, b) =>
          a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
        );
        const headline = own.find((e) => e.title)?.title;
        return {
          locale: l,
          name: tr.profiles.get(l).name,
          notBuilt,
          ...(headline ? { headline } : {}),
          outputs: own.map((e) => ({
            href: relativeHref(INDEX_PATH, e.path),
            label: `${labelOf(e)} (${e.format.toUpperCase()})`,
          })),
        };
      }),
    })),
  };
  // The newsletter issues: each locale's email, its text part and its .eml.
  const emails = entries.filter((e) => e.template === "newsletter" && e.locale);
  const label: Partial<Record<OutputFormat, string>> = {
    "email-html": tr.t("site.emailHtml"),
    text: tr.t("site.plainText"),
    eml: tr.t("site.eml"),
  };
  const newsletters = [...new Set(emails.map((e) => newsletterIssueOf(e.path) ?? ""))].sort().map((issue) => ({
    issue,
    locales: locales.flatMap((l) => {
      // A fixed order: a merged manifest lists entries by path, a build in the order it made them.
      const rank = (f: OutputFormat) => ["email-html", "text", "eml"].indexOf(f);
      const own = emails
        .filter((e) => newsletterIssueOf(e.path) === issue && e.locale === l)
        .sort((a, b) => rank(a.format) - rank(b.format));
      return own.length
        ? [
            {
              locale: l,
              name: tr.profiles.get(l).name,
              subject: own.find((e) => e.title)?.title ?? "",
              outputs: own.map((e) => ({ href: relativeHref(INDEX_PATH, e.path), label: label[e.format] ?? e.format })),
            },
          ]
        : [];
    }),
  }));
  // Every locale's feeds that has a page listed, each link in that locale's words.
  const feeds = baseUrl
    ? locales
        .filter((l) => pages.some((e) => e.locale === l))
        .flatMap((l) =>
          feedLinks(baseUrl, l, createTranslator(catalog, l, diagnostics).t("feed.title")).map((link) => ({
            ...link,
            hreflang: tr.profiles.get(l).tag,
          })),
        )
    : [];
  const html = templates.render("index", { view: { ...view, newsletters, feeds }, tr, diagnostics });
  return html === undefined
    ? undefined
    : { path: INDEX_PATH, format: "html", template: "index", contents: Buffer.from(html) };
}
