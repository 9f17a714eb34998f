import { Feed } from "feed";
import { plainCharacters } from "../typography/plainCharacters.js";
import type { DiagnosticList } from "../core/diagnostic.js";
import { feedPath, outputUrl, pagePath, pressRoomPath, type FeedFormat } from "../core/paths.js";
import type { ManifestEntry, Output } from "../emit/output.js";
import type { Catalog } from "../i18n/catalog.js";
import { instantOf } from "../i18n/format.js";
import { createTranslator } from "../i18n/translator.js";
import type { Locale } from "../locale/index.js";
import { derivedScript } from "../locale/derivedScript.js";
import { ARTICLE_KIND_IDS, newsletterPage } from "../model/kinds.js";

/**
 * Each locale's feeds — `<locale>/feed.xml` (RSS 2.0), `<locale>/atom.xml` (Atom 1.0) and
 * `<locale>/feed.json` (JSON Feed 1.1) — made from the manifest entries alone, so a build, a
 * filtered build and `merge` write the same bytes. One item per article: its main page in that
 * locale (the page of its kind: a news item's briefing, a statement's release page; the page
 * the newsletter links to), newest first by publication, embargoed pages left out while the
 * embargo is in force. Generated with the `feed` package; what it cannot do right is done here
 * (see `jsonFeed` and `atomWithPdfType`).
 */

/** A locale's feed title and description, from the catalog (`feed.title`, `feed.description`). */
export interface FeedText {
  readonly title: string;
  readonly description: string;
  /** The locale's BCP 47 tag (its profile's). */
  readonly language: string;
}

export interface FeedSettings {
  /** Where the output folder is published, ending in "/": every URL in a feed is absolute. */
  readonly baseUrl: string;
  /** The newest items each feed lists (`feedItems` in the config). */
  readonly items: number;
  /** Each locale's title and description. */
  readonly text: (locale: Locale) => FeedText;
}

/** One article in one locale as its feeds list it. */
export interface FeedItem {
  readonly article: string;
  readonly locale: Locale;
  readonly headline: string;
  readonly summary?: string;
  /** The page's absolute URL: the item's link and its id (stable while baseUrl and the page's path are). */
  readonly url: string;
  readonly published: Date;
  /** The latest revision, else the publication. */
  readonly updated: Date;
  /** The page's PDF, when the folder has it. */
  readonly pdf?: { readonly url: string; readonly bytes: number };
}

/** The catalog's feed texts of a locale; a missing key is the catalog's usual error. */
export function feedText(catalog: Catalog, locale: Locale, diagnostics: DiagnosticList): FeedText {
  const tr = createTranslator(catalog, locale, diagnostics);
  // A derived locale (kk-Latn) has its source's strings: its pages are written in its script at the end, its feeds here.
  const script = derivedScript(locale, {});
  const inScript = (text: string) => (script ? script.text(text) : text);
  return {
    title: inScript(tr.t("feed.title")),
    description: inScript(tr.t("feed.description")),
    language: tr.profile.tag,
  };
}

/**
 * Every item of every locale that has pages, newest first (by publication, then article id):
 * the main page of each article in each locale, not under embargo.
 */
export function feedItems(entries: readonly ManifestEntry[], baseUrl: string): Map<Locale, FeedItem[]> {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const chosen = new Map<string, ManifestEntry>();
  const locales = new Set<Locale>();
  for (const e of entries) {
    if (e.format !== "html" || !e.article || !e.locale || !e.template || !e.page) continue;
    locales.add(e.locale);
    if (e.page.embargo) continue;
    const key = `${e.article}\u0000${e.locale}`;
    const other = chosen.get(key);
    if (!other || rank(e) < rank(other)) chosen.set(key, e);
  }
  const items = new Map<Locale, FeedItem[]>([...locales].sort().map((l) => [l, []]));
  for (const e of chosen.values()) {
    const locale = e.locale!;
    const article = e.article!;
    const page = e.page!;
    const pdf = byPath.get(pagePath({ locale, article, template: e.template!, format: "pdf" }));
    const published = new Date(instantOf(page.published));
    items.get(locale)!.push({
      article,
      locale,
      // A feed reader sets the text in its own fonts: plain characters (100-ден, not U+2011).
      headline: plainCharacters(e.title ?? article),
      ...(page.standfirst ? { summary: plainCharacters(page.standfirst) } : {}),
      url: outputUrl(baseUrl, e.path),
      published,
      updated: page.updated ? new Date(instantOf(page.updated)) : published,
      ...(pdf ? { pdf: { url: outputUrl(baseUrl, pdf.path), bytes: pdf.bytes } } : {}),
    });
  }
  for (const list of items.values())
    list.sort((a, b) => b.published.getTime() - a.published.getTime() || (a.article < b.article ? -1 : 1));
  return items;
}

/**
 * Which of an article's pages in a locale stands for it in the feeds: the page of its kind
 * (`newsletterPage` in src/model/kinds.ts) first, else the first by path (a project's own
 * template when only that one was built).
 */
function rank(e: ManifestEntry): string {
  const kind = ARTICLE_KIND_IDS.find((k) => k === e.page?.kind);
  return `${kind && newsletterPage(kind) === e.template ? 0 : 1}${e.path}`;
}

/** The three feeds of every locale that has pages: `<locale>/feed.xml`, `atom.xml`, `feed.json`. */
export function feedFiles(entries: readonly ManifestEntry[], settings: FeedSettings): Output[] {
  return [...feedItems(entries, settings.baseUrl)].flatMap(([locale, all]) => {
    const items = all.slice(0, settings.items);
    const text = settings.text(locale);
    const feed = generatorFeed(locale, items, { ...settings, text });
    const file = (format: FeedFormat, contents: string): Output => ({
      path: feedPath(locale, format),
      format: format === "json" ? "json" : "xml",
      locale,
      contents: Buffer.from(`${contents}\n`),
    });
    return [
      file("rss", feed.rss2()),
      file("atom", atomWithPdfType(feed.atom1(), items)),
      file("json", jsonFeed(feed.json1(), text.language, items)),
    ];
  });
}

/**
 * The `feed` package's model of one locale's feed. Its RSS and Atom put titles and summaries in
 * CDATA as HTML (Atom `type="html"`), so they are given HTML-escaped: a headline is text, never
 * markup. Dated by the newest item (the Unix epoch when there is none), never by the clock.
 */
function generatorFeed(
  locale: Locale,
  items: readonly FeedItem[],
  settings: Omit<FeedSettings, "text"> & { readonly text: FeedText },
): Feed {
  const { baseUrl, text } = settings;
  const home = outputUrl(baseUrl, pressRoomPath(locale));
  const newest = Math.max(0, ...items.map((i) => i.updated.getTime()));
  const feed = new Feed({
    id: home,
    title: text.title,
    description: text.description,
    link: home,
    language: text.language,
    updated: new Date(newest),
    generator: "tilpress",
    // Atom asks for an author of the feed: the press room itself.
    author: { name: text.title },
    feedLinks: {
      rss: outputUrl(baseUrl, feedPath(locale, "rss")),
      atom: outputUrl(baseUrl, feedPath(locale, "atom")),
      json: outputUrl(baseUrl, feedPath(locale, "json")),
    },
  });
  for (const item of items)
    feed.addItem({
      title: escapeHtml(item.headline),
      link: item.url,
      date: item.updated,
      published: item.published,
      ...(item.summary ? { description: escapeHtml(item.summary) } : {}),
      ...(item.pdf ? { enclosure: { url: item.pdf.url, length: item.pdf.bytes, type: "application/pdf" } } : {}),
    });
  return feed;
}

/**
 * `feed` types every Atom enclosure as `image/<extension>` whatever type it is given
 * (`image/pdf`); the PDF's is `application/pdf`. Its enclosure links are the only elements
 * written with `rel="enclosure"` (titles and summaries are escaped text in CDATA), and each
 * item has at most one.
 */
function atomWithPdfType(atom: string, items: readonly FeedItem[]): string {
  let fixed = 0;
  const out = atom.replace(/(<link rel="enclosure" href="[^"]*") type="image\/pdf"/g, (_, link: string) => {
    fixed++;
    return `${link} type="application/pdf"`;
  });
  const expected = items.filter((i) => i.pdf).length;
  if (fixed !== expected) throw new Error(`The Atom feed has ${fixed} PDF enclosures, not ${expected}`);
  return out;
}

/**
 * JSON Feed 1.1 from `feed`'s JSON Feed 1 (its `json1()`): the version, `language` and
 * `authors` (1.1's, for 1's `author`), and items rewritten from the facts, because `feed` gives
 * no `id`, puts the summary in `content_html` (it is plain text: `content_text` and `summary`
 * here) and has no `attachments` (the PDF).
 */
function jsonFeed(json1: string, language: string, items: readonly FeedItem[]): string {
  const { version: _v1, author, items: _items, ...rest } = JSON.parse(json1) as Record<string, unknown>;
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    ...rest,
    language,
    ...(author ? { authors: [author] } : {}),
    items: items.map((item) => ({
      id: item.url,
      url: item.url,
      title: item.headline,
      content_text: item.summary ?? item.headline,
      ...(item.summary ? { summary: item.summary } : {}),
      date_published: item.published.toISOString(),
      date_modified: item.updated.toISOString(),
      ...(item.pdf
        ? { attachments: [{ url: item.pdf.url, mime_type: "application/pdf", size_in_bytes: item.pdf.bytes }] }
        : {}),
    })),
  };
  return JSON.stringify(feed, null, 2);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
