import type { DiagnosticList } from "../core/diagnostic.js";
import { feedLinks, INDEX_PATH, newsletterIssueOf, pressRoomPath, siteHref } from "../core/paths.js";
import type { Output, OutputFormat } from "../emit/output.js";
import type { Catalog } from "../i18n/catalog.js";
import { formatPublishedDate, instantOf } from "../i18n/format.js";
import { createTranslator, type Translator } from "../i18n/translator.js";
import type { Locale } from "../locale/index.js";
import { derivedScript } from "../locale/derivedScript.js";
import { ARTICLE_KIND_IDS, DEFAULT_TEMPLATES, documentKindKey, headingKey, type ArticleKind } from "../model/kinds.js";
import type { TemplateSet } from "../render/templates.js";
import { typeset } from "../typography/rules.js";
import type { SiteEntry } from "./finish.js";
import { pdfLinkText } from "./fileSize.js";

/** The template of a locale's press room (templates/press-room.hbs); the root index is `index`. */
export const PRESS_ROOM_TEMPLATE = "press-room";

export interface SitePagesOptions {
  /** The project's locales: each gets a press room, the index links each. */
  readonly locales: readonly Locale[];
  readonly catalog: Catalog;
  readonly templates: TemplateSet;
  readonly diagnostics: DiagnosticList;
  /** Where dist/ is published (ends in "/"): links absolute under it; none: relative links. */
  readonly baseUrl: string | undefined;
}

/**
 * The site's own pages, made from the entries alone (a build's, a kept or merged manifest's), so
 * every way of building gives the same bytes: `<locale>/index.html`, each locale's press room in
 * its language, and `index.html`, a plain list of links to them, each named in its own language.
 * Pages are listed by their entries' facts (kind, date, headline, standfirst, the PDF's size);
 * a page under embargo at the build's clock (`page.embargo`) is not listed.
 */
export function renderSitePages(entries: readonly SiteEntry[], options: SitePagesOptions): Output[] {
  const rooms = options.locales.flatMap((locale) => renderPressRoom(entries, locale, options) ?? []);
  const index = renderLanguagePicker(entries, options);
  return index ? [index, ...rooms] : rooms;
}

/** A page of a press room: one article × template, in HTML and PDF as far as they were made. */
interface RoomPage {
  readonly article: string;
  readonly template: string;
  readonly kind: ArticleKind | undefined;
  readonly published: string;
  readonly headline: string;
  readonly standfirst: string | undefined;
  html?: SiteEntry;
  pdf?: SiteEntry;
}

function renderPressRoom(entries: readonly SiteEntry[], locale: Locale, options: SitePagesOptions): Output | undefined {
  const { locales, catalog, templates, diagnostics, baseUrl } = options;
  const tr = createTranslator(catalog, locale, diagnostics);
  const here = pressRoomPath(locale);
  const href = (to: string) => siteHref(here, to, baseUrl);
  const pages = new Map<string, RoomPage>();
  for (const e of entries) {
    if (e.locale !== locale || !e.article || !e.template || !e.page || e.page.embargo !== undefined) continue;
    if (e.format !== "html" && e.format !== "pdf") continue;
    const key = `${e.article}\u0000${e.template}`;
    let page = pages.get(key);
    if (!page) {
      page = {
        article: e.article,
        template: e.template,
        kind: ARTICLE_KIND_IDS.find((k) => k === e.page?.kind),
        published: e.page.published,
        headline: e.title ?? e.article,
        standfirst: e.page.standfirst,
      };
      pages.set(key, page);
    }
    page[e.format] = e;
  }
  const sections = [...ARTICLE_KIND_IDS, undefined].flatMap((kind) => {
    const own = [...pages.values()].filter((p) => p.kind === kind).sort(newestFirst);
    if (!own.length) return [];
    return [
      {
        kind: kind ?? "other",
        // Typeset like the pages' catalog strings ({{t}}): «БАҚ-қа» with its no-break hyphen.
        heading: typeset(kind ? tr.t(headingKey(kind)) : tr.t("site.pressRoom"), tr.profile),
        items: own.map((p) => roomItem(p, { tr, href, several: pagesOf(pages, p.article) > 1 })),
      },
    ];
  });
  const view = {
    locale,
    dir: catalog.profiles.get(locale).direction,
    feeds: baseUrl !== undefined && pages.size > 0 ? feedLinks(baseUrl, locale, tr.t("feed.title")) : [],
    ...(baseUrl !== undefined ? { canonical: siteHref(here, here, baseUrl) } : {}),
    alternates: locales.map((l) => ({
      locale: l,
      name: catalog.profiles.get(l).name,
      href: href(pressRoomPath(l)),
      current: l === locale,
    })),
    xDefault: href(INDEX_PATH),
    sections,
    newsletters: newslettersOf(entries, locale, { tr, href }),
  };
  const rendered = templates.render(PRESS_ROOM_TEMPLATE, { view, tr, diagnostics });
  // A derived locale's room (kk-Latn) has its source's strings: written in its script, as its pages are.
  const script = derivedScript(locale, {});
  const html = rendered === undefined || !script ? rendered : script.page(rendered);
  return html === undefined
    ? undefined
    : { path: here, format: "html", locale, template: PRESS_ROOM_TEMPLATE, contents: Buffer.from(html) };
}

/** Newest first; the same moment by article id, then template (a fixed order whatever order the entries came in). */
function newestFirst(a: RoomPage, b: RoomPage): number {
  return (
    instantOf(b.published) - instantOf(a.published) ||
    compare(a.article, b.article) ||
    templateRank(a.template) - templateRank(b.template) ||
    compare(a.template, b.template)
  );
}

function templateRank(template: string): number {
  const i = (DEFAULT_TEMPLATES as readonly string[]).indexOf(template);
  return i === -1 ? DEFAULT_TEMPLATES.length : i;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pagesOf(pages: ReadonlyMap<string, RoomPage>, article: string): number {
  let n = 0;
  for (const p of pages.values()) if (p.article === article) n++;
  return n;
}

interface ItemContext {
  readonly tr: Translator;
  readonly href: (to: string) => string;
  /** The article has more than one page (a project's own template): each is named by its kind. */
  readonly several: boolean;
}

function roomItem(p: RoomPage, { tr, href, several }: ItemContext) {
  const kindName = several ? `${typeset(tr.t(documentKindKey(p.template, p.kind)), tr.profile)}: ` : "";
  return {
    headline: p.headline,
    ...(p.html ? { href: href(p.html.path) } : {}),
    // The date as the pages set it, with its no-break spaces («2020 ж. 22 ақпан», «22 февраля 2020 г.»).
    published: { iso: p.published, text: typeset(formatPublishedDate(tr.dateLocale, p.published), tr.profile) },
    ...(p.standfirst ? { standfirst: p.standfirst } : {}),
    files: p.pdf
      ? [{ href: href(p.pdf.path), label: `${kindName}${pdfLinkText(tr, p.pdf.bytes)}`, type: "application/pdf" }]
      : [],
  };
}

/** The locale's newsletter issues: the subject linking the email as a web page, then its text and .eml. */
function newslettersOf(
  entries: readonly SiteEntry[],
  locale: Locale,
  { tr, href }: Pick<ItemContext, "tr" | "href">,
): { subject: string; files: { href: string; label: string }[] }[] {
  const rank = (f: OutputFormat) => ["email-html", "text", "eml"].indexOf(f);
  const label: Partial<Record<OutputFormat, string>> = {
    "email-html": tr.t("site.emailHtml"),
    text: tr.t("site.plainText"),
    eml: tr.t("site.eml"),
  };
  const emails = entries.filter((e) => e.locale === locale && newsletterIssueOf(e.path) !== undefined);
  const issues = [...new Set(emails.map((e) => newsletterIssueOf(e.path)!))].sort().reverse();
  return issues.map((issue) => {
    const own = emails
      .filter((e) => newsletterIssueOf(e.path) === issue)
      .sort((a, b) => rank(a.format) - rank(b.format));
    return {
      subject: own.find((e) => e.title)?.title ?? issue,
      files: own.map((e) => ({ href: href(e.path), label: label[e.format] ?? e.format })),
    };
  });
}

/** index.html: each locale's press room, named in its own language; in no one language of its own. */
function renderLanguagePicker(entries: readonly SiteEntry[], options: SitePagesOptions) {
  const { locales, catalog, templates, diagnostics, baseUrl } = options;
  const translators = locales.map((l) => createTranslator(catalog, l, diagnostics));
  const href = (to: string) => siteHref(INDEX_PATH, to, baseUrl);
  const rooms = translators.map((tr) => {
    const script = derivedScript(tr.locale, {});
    const inScript = (text: string) => (script ? script.text(text) : text);
    return {
      locale: tr.locale,
      name: catalog.profiles.get(tr.locale).name,
      title: inScript(tr.t("site.pressRoom")),
      choose: inScript(tr.t("site.chooseLanguage")),
      feedTitle: inScript(tr.t("feed.title")),
      href: href(pressRoomPath(tr.locale)),
    };
  });
  const source = catalog.profiles.source;
  const first = locales.includes(source) ? source : (locales[0] ?? source);
  // Every locale's feeds that has a page (feeds.ts writes those), each link in that locale's words.
  const feeds = baseUrl
    ? rooms
        .filter((room) => entries.some((e) => e.locale === room.locale && e.page))
        .flatMap((room) =>
          feedLinks(baseUrl, room.locale, room.feedTitle).map((link) => ({
            ...link,
            hreflang: catalog.profiles.get(room.locale).tag,
          })),
        )
    : [];
  const view = {
    locale: first,
    rooms,
    feeds,
    ...(baseUrl !== undefined ? { canonical: href(INDEX_PATH) } : {}),
    xDefault: href(INDEX_PATH),
  };
  const tr = translators[locales.indexOf(first)] ?? createTranslator(catalog, first, diagnostics);
  const html = templates.render("index", { view, tr, diagnostics });
  const page: Output | undefined =
    html === undefined
      ? undefined
      : { path: INDEX_PATH, format: "html", template: "index", contents: Buffer.from(html) };
  return page;
}
