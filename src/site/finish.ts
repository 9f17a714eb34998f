import type { LocaleProfiles } from "../locale/index.js";
import { MANIFEST_PATH } from "../core/paths.js";
import type { StoredOutput } from "../emit/buildCache.js";
import type { ManifestEntry, Output } from "../emit/output.js";
import { VERSION } from "../version.js";
import { manifestEntry, manifestFromEntries, storedManifestEntry, type ShardOfBuild } from "./manifest.js";
import { sitemapFiles } from "./sitemap.js";

/** A file of the site: made now, or replayed from the cache with its bytes still there. */
export type SiteFile = Output | StoredOutput;

export interface FinishOptions {
  /** The manifest lines of every file of the build, in the order they were made. */
  readonly entries: readonly SiteEntry[];
  /** When this build is one shard of n: no site pages, feeds or sitemap then (`tilpress merge` makes them). */
  readonly shard: ShardOfBuild | undefined;
  /**
   * Makes the site's pages from the entries (or replays them): index.html and each locale's
   * press room (`renderSitePages`, src/site/pressRoom.ts); those that can be rendered.
   */
  readonly pages: (entries: readonly SiteEntry[]) => readonly SiteFile[];
  /** Where the output folder is published (ending in "/"); none: no feeds, sitemap or robots.txt (they need absolute URLs). */
  readonly baseUrl: string | undefined;
  /** Makes each locale's feeds from the entries (src/site/feeds.ts), or replays them. */
  readonly feeds: (entries: readonly SiteEntry[], baseUrl: string) => readonly SiteFile[];
  /** The build's locale profiles: hreflang tags and the source locale (x-default). */
  readonly profiles: LocaleProfiles;
}

/**
 * What the finishing step knows of each file: its manifest line, which for a page holds what a
 * press room and a feed list (kind, dates, standfirst, embargo; the headline is the title). A folder's
 * manifest is enough to list its pages again: a filtered build keeps the entries it did not
 * rebuild, `merge` joins the shards' entries.
 */
export type SiteEntry = ManifestEntry;

/** The entry of any site file, made now or replayed from the cache. */
export function siteEntry(file: SiteFile): SiteEntry {
  return "contents" in file ? manifestEntry(file) : storedManifestEntry(file);
}

/**
 * The one finishing step of every build, streamed or not, and of `merge`: the site's pages for
 * the entries (index.html, the press rooms), the feeds, sitemap.xml and robots.txt (not for a
 * shard), then manifest.json listing every file including those, always last.
 */
export function finishSite({ entries, shard, pages, baseUrl, feeds, profiles }: FinishOptions): SiteFile[] {
  const site = shard ? [] : pages(entries);
  const withPages = [...entries, ...site.map(siteEntry)];
  const published =
    shard || !baseUrl ? [] : [...feeds(entries, baseUrl), ...sitemapFiles(withPages, { baseUrl, profiles })];
  const made = [...site, ...published];
  const listed = [...entries, ...made.map(siteEntry)];
  const manifest = manifestFromEntries(listed, VERSION, shard);
  const manifestFile: Output = {
    path: MANIFEST_PATH,
    format: "json",
    contents: Buffer.from(JSON.stringify(manifest, null, 2) + "\n"),
  };
  return [...made, manifestFile];
}

/** An output known by its entry (a streamed build's file on disk, a shard's file): its metadata with these bytes. */
export function outputOfEntry(entry: SiteEntry, contents: Buffer): Output {
  return {
    path: entry.path,
    format: entry.format,
    ...(entry.article ? { article: entry.article } : {}),
    ...(entry.locale ? { locale: entry.locale } : {}),
    ...(entry.template ? { template: entry.template } : {}),
    ...(entry.inputs ? { inputs: entry.inputs } : {}),
    ...(entry.title ? { title: entry.title } : {}),
    ...(entry.page ? { page: entry.page } : {}),
    contents,
  };
}
