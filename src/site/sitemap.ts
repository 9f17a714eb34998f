import { INDEX_PATH, outputUrl, pressRoomPath, ROBOTS_PATH, SITEMAP_PATH } from "../core/paths.js";
import type { ManifestEntry, Output } from "../emit/output.js";
import { instantOf } from "../i18n/format.js";
import type { Locale, LocaleProfiles } from "../locale/index.js";

/**
 * `sitemap.xml` (sitemaps.org 0.9 with `xhtml:link` language alternates) and `robots.txt`
 * naming it, made from the manifest entries alone: a build, a filtered build and `merge` write
 * the same bytes. Listed: index.html, each locale's press room (`<locale>/index.html`, with
 * the others as alternates and index.html as `x-default`), and every article page in HTML not
 * under embargo, with an alternate for each locale the same article × template is listed in and
 * `x-default` (the source locale's page, else the first locale's by id), and `lastmod` (the
 * latest revision, else the publication, as written in article.yaml).
 *
 * Written here rather than with a sitemap package: the file has one fixed shape, every value is
 * a URL or a date and goes through `xml()`, and the tests validate it with xmllint against the
 * sitemaps.org schema; the maintained generators (`sitemap`) are stream APIs for sites of
 * millions of URLs, with dependencies of their own.
 */

interface Listed {
  readonly path: string;
  readonly locale: Locale;
  /** Pages of the same article and template in other locales share it. */
  readonly group: string;
  readonly lastmod?: string | undefined;
}

/** sitemap.xml and robots.txt for the entries, under `baseUrl` (ending in "/"). */
export function sitemapFiles(
  entries: readonly ManifestEntry[],
  { baseUrl, profiles }: { readonly baseUrl: string; readonly profiles: LocaleProfiles },
): Output[] {
  const listed = entries.flatMap(listedPage);
  const index = entries.find((e) => e.path === INDEX_PATH);
  const groups = new Map<string, Listed[]>();
  for (const l of listed) groups.set(l.group, [...(groups.get(l.group) ?? []), l]);
  const url = (path: string) => xml(outputUrl(baseUrl, path));
  const urls = [...listed]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((page) => {
      const alternates = [...groups.get(page.group)!].sort((a, b) => (a.locale < b.locale ? -1 : 1));
      const fallback =
        page.group === PRESS_ROOMS && index
          ? index.path
          : (alternates.find((a) => a.locale === profiles.source) ?? alternates[0]!).path;
      const links = [
        ...alternates.map((a) => [profiles.has(a.locale) ? profiles.get(a.locale).tag : a.locale, a.path] as const),
        ["x-default", fallback] as const,
      ].map(([hreflang, path]) => `    <xhtml:link rel="alternate" hreflang="${xml(hreflang)}" href="${url(path)}"/>`);
      return [
        "  <url>",
        `    <loc>${url(page.path)}</loc>`,
        ...(page.lastmod ? [`    <lastmod>${xml(page.lastmod)}</lastmod>`] : []),
        ...links,
        "  </url>",
      ].join("\n");
    });
  const sitemap = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...(index ? [`  <url>\n    <loc>${url(index.path)}</loc>\n  </url>`] : []),
    ...urls,
    "</urlset>",
    "",
  ].join("\n");
  const robots = `User-agent: *\nAllow: /\n\nSitemap: ${outputUrl(baseUrl, SITEMAP_PATH)}\n`;
  return [
    { path: SITEMAP_PATH, format: "xml", contents: Buffer.from(sitemap) },
    { path: ROBOTS_PATH, format: "text", contents: Buffer.from(robots) },
  ];
}

/** The group of the locales' press rooms: alternates of each other. */
const PRESS_ROOMS = "\u0000press-room";

/** An entry as the sitemap lists it with its alternates: an article page not under embargo, or a locale's press room. */
function listedPage(e: ManifestEntry): Listed[] {
  if (e.format !== "html" || !e.locale) return [];
  if (e.path === pressRoomPath(e.locale)) return [{ path: e.path, locale: e.locale, group: PRESS_ROOMS }];
  if (!e.article || !e.template || !e.page || e.page.embargo) return [];
  const group = `${e.article}\u0000${e.template}`;
  return [{ path: e.path, locale: e.locale, group, lastmod: lastmod(e.page.updated ?? e.page.published) }];
}

/**
 * A W3C Datetime for `lastmod`: a date as written, a date-time in UTC (article.yaml may write
 * one without seconds, which the sitemap schema's xsd:dateTime refuses).
 */
function lastmod(written: string): string | undefined {
  const instant = instantOf(written);
  if (Number.isNaN(instant)) return undefined;
  return written.length === 10 ? written : new Date(instant).toISOString().replace(/\.000Z$/, "Z");
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
