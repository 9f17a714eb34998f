import type { Locale } from "../locale/index.js";

/**
 * Where every output lives in dist/, and the links between outputs. Paths are relative to
 * dist/, `/`-separated, never encoded: the build writes them, the manifest lists them, the
 * preview serves them as its URLs, and every link between outputs is made from them here.
 */

/** The site's front door: a link to each locale's press room, each named in its own language. */
export const INDEX_PATH = "index.html";

/** One locale's press room: `<locale>/index.html`, its pages newest first, by kind of document. */
export function pressRoomPath(locale: string): string {
  return `${locale}/index.html`;
}

/** Whether a path is one of the pages the finishing step makes (the index or a press room). */
export function isSitePage(path: string): boolean {
  const parts = path.split("/");
  return path === INDEX_PATH || (parts.length === 2 && parts[1] === INDEX_PATH);
}

/** The build's record of every output (hash, size, article, locale). */
export const MANIFEST_PATH = "manifest.json";

/** Every page URL with its language alternates, for search engines (src/site/sitemap.ts). */
export const SITEMAP_PATH = "sitemap.xml";

/** Names the sitemap for crawlers. */
export const ROBOTS_PATH = "robots.txt";

/** A locale's feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 (src/site/feeds.ts). */
export const FEED_FILES = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" } as const;

export type FeedFormat = keyof typeof FEED_FILES;

/** One locale's feed in one format: `<locale>/feed.xml`, `<locale>/atom.xml`, `<locale>/feed.json`. */
export function feedPath(locale: Locale, format: FeedFormat): string {
  return `${locale}/${FEED_FILES[format]}`;
}

const FEED_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

const FEED_FORMAT_NAMES: Readonly<Record<FeedFormat, string>> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };

/** A link to one of a locale's feeds, as `<link rel="alternate" type=… title=… href=…>` shows it. */
export interface FeedLink {
  readonly type: string;
  readonly title: string;
  readonly href: string;
}

/** A locale's three feeds as links (absolute URLs), titled by the feed's title and format: for pages and press rooms. */
export function feedLinks(baseUrl: string, locale: Locale, title: string): FeedLink[] {
  return (Object.keys(FEED_FILES) as FeedFormat[]).map((format) => ({
    type: FEED_TYPES[format],
    title: `${title} (${FEED_FORMAT_NAMES[format]})`,
    href: outputUrl(baseUrl, feedPath(locale, format)),
  }));
}

/** Whether a path is one of the feeds, the sitemap or robots.txt: files made from the entries, with absolute URLs. */
export function isPublishingFile(path: string): boolean {
  if (path === SITEMAP_PATH || path === ROBOTS_PATH) return true;
  const [locale, file, ...more] = path.split("/");
  return locale !== undefined && more.length === 0 && Object.values(FEED_FILES).some((f) => f === file);
}

/** The folder of the newsletter issues, one subfolder per issue. */
export const NEWSLETTER_DIR = "newsletter";

/** Article images, one subfolder per article, shared by every locale's pages. */
const ASSETS_DIR = "assets";

export type PageFormat = "html" | "pdf";

/** One article page: `<locale>/<article>/<template>.<html|pdf>`. */
export interface PageRef<L extends string = Locale> {
  readonly locale: L;
  readonly article: string;
  readonly template: string;
  readonly format: PageFormat;
}

export function pagePath(page: PageRef<string>): string {
  return `${page.locale}/${page.article}/${page.template}.${page.format}`;
}

/**
 * The page a path names, if it has a page's shape: the inverse of `pagePath`. The first
 * segment is returned as written; whether it is a locale is the caller's question.
 */
export function parsePagePath(path: string): PageRef<string> | undefined {
  const [locale, article, file, ...more] = path.split("/");
  const m = file && more.length === 0 ? /^(.+)\.(html|pdf)$/.exec(file) : null;
  if (!locale || !article || !m?.[1] || (m[2] !== "html" && m[2] !== "pdf")) return undefined;
  return { locale, article, template: m[1], format: m[2] };
}

/** An article's image, written once for every locale: `assets/<article>/<file>`. */
export function imagePath(article: string, file: string): string {
  return `${ASSETS_DIR}/${article}/${file}`;
}

/** The article an image path belongs to, if it is one (`file` may have folders of its own). */
export function parseImagePath(path: string): { readonly article: string; readonly file: string } | undefined {
  const [first, article, ...file] = path.split("/");
  return first === ASSETS_DIR && article && file[0] ? { article, file: file.join("/") } : undefined;
}

export type NewsletterFormat = "html" | "txt" | "eml";

/** One issue's email in one locale: `newsletter/<issue>/<locale>.<html|txt|eml>`. */
export function newsletterPath(issue: string, locale: Locale, format: NewsletterFormat): string {
  return `${NEWSLETTER_DIR}/${issue}/${locale}.${format}`;
}

/** The issue a path under newsletter/ belongs to; undefined for any other path. */
export function newsletterIssueOf(path: string): string | undefined {
  const [first, issue, ...rest] = path.split("/");
  return first === NEWSLETTER_DIR && issue !== undefined && rest.length > 0 ? issue : undefined;
}

/**
 * The link from one output to another. It climbs to dist/ and names the target's whole path,
 * even to a page's own folder or to itself (the head's alternate links include the page):
 * every link reads the same on every page at that depth, as tilpress has always written them.
 */
export function relativeHref(from: string, to: string): string {
  return "../".repeat(from.split("/").length - 1) + to;
}

/**
 * The link from one output to another as the site publishes it: absolute under `baseUrl`
 * (canonical, alternates, language links, feeds all need one), else relative (`relativeHref`).
 */
export function siteHref(from: string, to: string, baseUrl: string | undefined): string {
  return baseUrl === undefined ? relativeHref(from, to) : outputUrl(baseUrl, to);
}

/** An output's absolute URL where dist/ is published, whatever the base's trailing slash. */
export function outputUrl(baseUrl: string, path: string): string {
  return new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).href;
}
