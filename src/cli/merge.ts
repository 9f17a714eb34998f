import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DiagnosticList, warned, type Warned } from "../core/diagnostic.js";
import { ShardSetError, UsageError } from "../core/errors.js";
import { INDEX_PATH, isPublishingFile, isSitePage, MANIFEST_PATH } from "../core/paths.js";
import { sha256 } from "../core/hash.js";
import { projectFiles, type ResolvedConfig } from "../config.js";
import type { Manifest, ManifestEntry, Output } from "../emit/output.js";
import { writeOutputs, type WriteResult } from "../emit/writeOutputs.js";
import { loadCatalog } from "../i18n/catalog.js";
import { finishSite, outputOfEntry, siteEntry } from "../site/finish.js";
import { renderSitePages } from "../site/pressRoom.js";
import { feedFiles, feedText } from "../site/feeds.js";
import { loadTemplates } from "../render/templates.js";
import { VERSION } from "../version.js";

/**
 * Join the outputs of shard builds into one folder: every file checked against its shard's
 * manifest, one manifest for all, and the index page for all. Two shards that wrote the same
 * path with different bytes are an error.
 */
export function mergeShards(
  config: ResolvedConfig,
  shardDirs: readonly string[],
  outDir: string,
): Warned<WriteResult & { files: number }> {
  if (shardDirs.length === 0)
    throw new UsageError("merge needs the shard output folders: tilpress merge --out dist shard-1 shard-2 …");
  const shards = readShardSet(shardDirs.map((d) => resolve(d)));
  const entries = new Map<string, { entry: ManifestEntry; from: string }>();
  const outputs: Output[] = [];
  for (const { dir, manifest } of shards) {
    for (const entry of manifest.outputs) {
      // Made again for the whole set below (a shard makes none of them).
      if (isSitePage(entry.path) || isPublishingFile(entry.path)) continue;
      const previous = entries.get(entry.path);
      if (previous) {
        if (previous.entry.sha256 !== entry.sha256)
          throw new ShardSetError(`${entry.path} differs between ${previous.from} and ${dir}`);
        continue;
      }
      const file = join(dir, entry.path);
      // A shard copied in part (an interrupted artifact download): named, not a stack trace.
      if (!existsSync(file))
        throw new ShardSetError(`${file} is missing: ${dir}/manifest.json lists it (was the shard copied whole?)`);
      const contents = readFileSync(file);
      if (sha256(contents) !== entry.sha256)
        throw new ShardSetError(
          `${join(dir, entry.path)} does not match its manifest entry (changed after the build?)`,
        );
      entries.set(entry.path, { entry, from: dir });
      outputs.push(outputOfEntry(entry, contents));
    }
  }
  const diagnostics = new DiagnosticList(config.policy);
  const project = projectFiles(config);
  const catalog = loadCatalog(
    { localesDir: config.localesDir, files: project, profiles: config.profiles },
    diagnostics,
  );
  const templates = loadTemplates(config.templatesDir, project, diagnostics, { fonts: config.fonts });
  const files = finishSite({
    entries: outputs.map(siteEntry),
    shard: undefined,
    pages: (entries) =>
      renderSitePages(entries, { locales: config.locales, catalog, templates, diagnostics, baseUrl: config.baseUrl }),
    baseUrl: config.baseUrl,
    feeds: (entries, baseUrl) =>
      feedFiles(entries, { baseUrl, items: config.feedItems, text: (l) => feedText(catalog, l, diagnostics) }),
    profiles: config.profiles,
  });
  const index = files.find((f) => f.path === INDEX_PATH);
  if (!index) {
    throw new UsageError(`Could not render the index page: ${diagnostics.items.map((d) => d.message).join("; ")}`);
  }
  const all = [...outputs, ...files.filter((f): f is Output => "contents" in f)];
  return warned({ ...writeOutputs(outDir, all), files: all.length }, diagnostics);
}

interface ShardFolder {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly index: number;
  readonly count: number;
}

/**
 * The folders as one complete set of shards of one build: each a tilpress shard build of this
 * version, all of the same n and the same inputs, every k from 1 to n exactly once.
 */
function readShardSet(dirs: readonly string[]): ShardFolder[] {
  const shards = dirs.map(readShardFolder);
  const first = shards[0];
  if (!first) return [];
  for (const s of shards) {
    if (s.count !== first.count)
      throw new ShardSetError(`${s.dir} is shard ${s.index}/${s.count}, but ${first.dir} is one of ${first.count}`);
    if (s.manifest.shardInputs !== first.manifest.shardInputs)
      throw new ShardSetError(
        `${s.dir} was built from other inputs than ${first.dir} (another commit, other options, config or ` +
          "article selection): build every shard from the same checkout with the same options",
      );
  }
  const seen = new Map<number, string>();
  for (const s of shards) {
    const other = seen.get(s.index);
    if (other !== undefined)
      throw new ShardSetError(`Shard ${s.index}/${s.count} is given twice: ${other} and ${s.dir}`);
    seen.set(s.index, s.dir);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length)
    throw new ShardSetError(
      `Shard${missing.length > 1 ? "s" : ""} ${missing.map((k) => `${k}/${first.count}`).join(", ")} ` +
        `missing: merge needs all ${first.count} (given: ${shards.map((s) => s.dir).join(", ")})`,
    );
  return shards.sort((a, b) => a.index - b.index);
}

function readShardFolder(dir: string): ShardFolder {
  const path = join(dir, MANIFEST_PATH);
  if (!existsSync(path)) throw new UsageError(`${dir} has no manifest.json: is it a tilpress build folder?`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch (error) {
    throw new ShardSetError(`${path} is not valid JSON`, { cause: error });
  }
  if (manifest.tool !== "tilpress") throw new ShardSetError(`${path} is not a tilpress manifest`);
  if (manifest.version !== VERSION)
    throw new ShardSetError(
      `${path} was written by tilpress ${manifest.version}, this is ${VERSION}: build every shard with one version`,
    );
  const shard = /^(\d+)\/(\d+)$/.exec(manifest.shard ?? "");
  if (!shard)
    throw new ShardSetError(`${dir} is not a shard build (its manifest has no "shard"): build it with --shard k/n`);
  return { dir, manifest, index: Number(shard[1]), count: Number(shard[2]) };
}
