import type { StoredOutput } from "../emit/buildCache.js";
import type { ManifestEntry, Output } from "../emit/output.js";
import { VERSION } from "../version.js";
import { manifestEntry, manifestFromEntries, storedManifestEntry } from "./manifest.js";

/** A file of the site: made now, or replayed from the cache with its bytes still there. */
export type SiteFile = Output | StoredOutput;

export interface FinishOptions {
  /** The manifest lines of every file of the build, in the order they were made. */
  readonly entries: readonly ManifestEntry[];
  /** "k/n" when this build is one shard of n: no index.html then (`tilpress merge` makes it). */
  readonly shard: string | undefined;
  /** Makes index.html from the entries (or replays it); undefined when it cannot be rendered. */
  readonly index: (entries: readonly ManifestEntry[]) => SiteFile | undefined;
}

/** The manifest line of any site file. */
export function siteEntry(file: SiteFile): ManifestEntry {
  return "contents" in file ? manifestEntry(file) : storedManifestEntry(file);
}

/**
 * The one finishing step of every build, streamed or not, and of `merge`: index.html for the
 * entries, then manifest.json listing every file including the index, always last.
 */
export function finishSite({ entries, shard, index }: FinishOptions): SiteFile[] {
  const page = shard ? undefined : index(entries);
  const listed = page ? [...entries, siteEntry(page)] : entries;
  const manifest = manifestFromEntries(listed, VERSION, shard);
  const manifestFile: Output = {
    path: "manifest.json",
    format: "json",
    contents: Buffer.from(JSON.stringify(manifest, null, 2) + "\n"),
  };
  return page ? [page, manifestFile] : [manifestFile];
}

/** "k/n" of a build's shard, as the manifest records it. */
export function shardLabel(shard: { readonly index: number; readonly count: number } | undefined): string | undefined {
  return shard ? `${shard.index}/${shard.count}` : undefined;
}
