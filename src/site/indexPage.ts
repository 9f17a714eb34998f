import type { DiagnosticList } from "../core/diagnostic.js";
import { localeProfile, type Locale } from "../locale/index.js";
import { INDEX_PATH, newsletterIssueOf, relativeHref } from "../core/paths.js";
import type { Output, OutputFormat } from "../emit/output.js";
import type { Catalog } from "../i18n/catalog.js";
import { createTranslator } from "../i18n/translator.js";
import { PAGE_TEMPLATES } from "../model/kinds.js";
import type { TemplateSet } from "../render/templates.js";

/** What the index needs of an output: a build's outputs and a merged manifest's entries both have it. */
export interface IndexEntry {
  readonly path: string;
  readonly article?: string | null;
  readonly locale?: Locale | null;
  readonly format: OutputFormat;
  readonly template?: string | null;
  readonly title?: string | null;
  /** For pages: `embargo` while the page is under embargo (left out of the index). */
  readonly page?: { readonly embargo?: string };
}

export interface IndexPageOptions {
  readonly locales: readonly Locale[];
  readonly catalog: Catalog;
  readonly templates: TemplateSet;
  readonly diagnostics: DiagnosticList;
}

/** `index.html`: every article × locale × output, in the first locale's language. */
export function renderIndexPage(
  entries: readonly IndexEntry[],
  { locales, catalog, templates, diagnostics }: IndexPageOptions,
): Output | undefined {
  const locale = locales[0] ?? "en";
  const tr = createTranslator(catalog, locale, diagnostics);
  // A page under embargo is built but not listed: the index is public.
  const pages = entries.filter(
    (e) => e.article && e.locale && (e.format === "html" || e.format === "pdf") && !e.page?.embargo,
  );
  // Labels looked up once; entries grouped in one pass (a batch has thousands of them).
  const kinds = new Map<string, string>(
    Object.entries(PAGE_TEMPLATES).map(([template, { kindKey }]) => [template, tr.t(kindKey)]),
  );
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
        const own = byArticle.get(id)?.get(l) ?? [];
        const headline = own.find((e) => e.title)?.title;
        return {
          locale: l,
          name: localeProfile(l).name,
          notBuilt,
          ...(headline ? { headline } : {}),
          outputs: own.map((e) => ({
            href: relativeHref(INDEX_PATH, e.path),
            label: `${kinds.get(e.template ?? "") ?? e.template ?? ""} (${e.format.toUpperCase()})`,
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
              name: localeProfile(l).name,
              subject: own.find((e) => e.title)?.title ?? "",
              outputs: own.map((e) => ({ href: relativeHref(INDEX_PATH, e.path), label: label[e.format] ?? e.format })),
            },
          ]
        : [];
    }),
  }));
  const html = templates.render("index", { view: { ...view, newsletters }, tr, diagnostics });
  return html === undefined
    ? undefined
    : { path: INDEX_PATH, format: "html", template: "index", contents: Buffer.from(html) };
}
