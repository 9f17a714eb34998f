import type { StoredOutput } from "../emit/buildCache.js";
import { sha256 } from "../core/hash.js";
import type { Manifest, ManifestEntry, Output, PageFacts } from "../emit/output.js";

/** Which shard of which build a shard build's folder is ("k/n" and the shard set's inputs). */
export interface ShardOfBuild {
  readonly label: string;
  readonly inputs: string;
}

/** The manifest line of one output. */
export function manifestEntry(o: Output): ManifestEntry {
  return entryOf(o, o.contents.byteLength, sha256(o.contents));
}

/** The manifest line of an output replayed from the cache: its hash and size are known. */
export function storedManifestEntry(o: StoredOutput): ManifestEntry {
  return entryOf(o, o.bytes, o.sha256);
}

function entryOf(o: Omit<Output, "contents">, bytes: number, hash: string): ManifestEntry {
  return {
    path: o.path,
    article: o.article ?? null,
    locale: o.locale ?? null,
    format: o.format,
    template: o.template ?? null,
    bytes,
    sha256: hash,
    inputs: o.inputs ?? null,
    title: o.title ?? null,
    page: o.page ? pageFacts(o.page) : null,
  };
}

/** One entry per output, sorted by path, so the same build gives the same manifest bytes. */
export function manifestFromEntries(
  entries: readonly ManifestEntry[],
  version: string,
  shard?: ShardOfBuild,
): Manifest {
  return {
    tool: "tilpress",
    version,
    ...(shard ? { shard: shard.label, shardInputs: shard.inputs } : {}),
    outputs: [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(manifestLine),
  };
}

/** Exactly the manifest's fields, in its order, whatever else an entry carries. */
function manifestLine(e: ManifestEntry): ManifestEntry {
  return {
    path: e.path,
    article: e.article,
    locale: e.locale,
    format: e.format,
    template: e.template,
    bytes: e.bytes,
    sha256: e.sha256,
    inputs: e.inputs,
    title: e.title,
    page: e.page ? pageFacts(e.page) : null,
  };
}

/** Exactly a page's facts, in one order (a merged or kept entry gives the same bytes as a fresh one). */
function pageFacts(p: PageFacts): PageFacts {
  return {
    kind: p.kind,
    published: p.published,
    ...(p.updated !== undefined ? { updated: p.updated } : {}),
    ...(p.standfirst !== undefined ? { standfirst: p.standfirst } : {}),
    ...(p.embargo !== undefined ? { embargo: p.embargo } : {}),
  };
}
