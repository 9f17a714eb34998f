import { resolveConfig, type BuildOptions, type BuildProgress, type ResolvedConfig } from "../config.js";
import { DiagnosticList, warned, type Warned } from "../core/diagnostic.js";
import { lockCacheNow, type StoredOutput } from "../emit/buildCache.js";
import type { Output } from "../emit/output.js";
import { readArticleFolders } from "../load/loadProject.js";
import { finishSite, siteEntry, type SiteEntry } from "../site/finish.js";
import { shardOfBuild } from "./inputs.js";
import { renderSitePages } from "../site/pressRoom.js";
import { feedFiles, feedText } from "../site/feeds.js";
import { ArticleCache } from "./articleCache.js";
import { buildArticle, type ArticleResult, type Skipped } from "./buildArticle.js";
import { loadContext, type BuildContext } from "./context.js";
import { selectArticles } from "./selectArticles.js";
import { isSelection, selectedDiagnostics } from "./selection.js";
import { BuildSetUp } from "./setUp.js";

export type BuildResult = Warned<{
  readonly config: ResolvedConfig;
  /** Ids of the articles read, built or not. */
  readonly articles: readonly string[];
  /** Of those, the ones replayed from the incremental cache. */
  readonly cached: readonly string[];
  /** Cache entries this build used or wrote (a parallel build prunes the rest). */
  readonly cacheKeys: readonly string[];
  /** Every file of the build, in memory, manifest.json last. Nothing is written. */
  readonly outputs: readonly Output[];
  /** With `deferCached`: outputs replayed from the cache, their bytes still in it. */
  readonly deferred: readonly StoredOutput[];
  /** Article × locale pairs that were not built, and why in one word. */
  readonly skipped: readonly Skipped[];
}>;

/**
 * Load, validate, model and render every article × locale × template, in memory.
 * Bad content never throws: it is in `diagnostics`, and the article (or the article in that
 * locale) it concerns is left out of `outputs`; everything else is built. `setUp` is what a
 * caller that builds again keeps between builds (a worker, the preview).
 */
export function build(options: BuildOptions = {}, setUp: BuildSetUp = new BuildSetUp()): BuildResult {
  const config = resolveConfig(options);
  // One build at a time writes a cache folder (a worker's partial build runs under its parent's lock).
  const lock = config.cacheDir && !options.partial && !config.checkOnly ? lockCacheNow(config.cacheDir) : undefined;
  try {
    const result = buildLocked(config, options, setUp);
    // The words this build shaped, for the next run (src/fonts/shapeCache.ts); a part of a
    // parallel build leaves that to its thread, once for its whole share, not once per article.
    if (!options.partial) setUp.saveToolCache();
    return result;
  } finally {
    lock?.release();
  }
}

function buildLocked(config: ResolvedConfig, options: BuildOptions, setUp: BuildSetUp): BuildResult {
  const partial = options.partial ?? false;
  const diagnostics = new DiagnosticList(config.policy);
  const folders = options.articleFolders ?? readArticleFolders(config.root);
  const ids = selectArticles([...folders.ids], config.articles, config.shard);
  // check keeps its results only through buildInParallel, which holds the lock of its cache
  // folder (and carries on without a cache on a read-only checkout): here only in its chunks.
  // An article checked alone (the main thread's chunks) lays its pages out itself; in a worker's
  // chunk of several, only the first of each template × locale is laid out and the others'
  // text is scanned (LayoutLog), and that is what its entry records.
  const cache = ArticleCache.lookUp(config, ids, {
    enabled: config.cacheDir !== undefined && (!config.checkOnly || partial),
    indexed: !partial,
  });
  cache.saveFileHashes();
  const toRender = (id: string) => ids.includes(id) && !cache.hits.has(id);
  const ctx = loadContext({ config, setUp, diagnostics, toRender, folders });
  const rendered = renderArticles(ctx, {
    total: ids.length,
    hits: [...cache.hits.keys()],
    onProgress: options.onProgress,
  });
  const assembled = assembleArticles({
    ids,
    cache,
    rendered,
    diagnostics,
    deferCached: options.deferCached ?? false,
    failFast: config.failFast,
  });
  if (cache.store && !isSelection(config) && !options.partial) cache.store.prune();

  const outputs = [...assembled.outputs];
  if (!options.partial) {
    if (options.newsletterBuild) {
      outputs.push(...options.newsletterBuild.outputs);
      diagnostics.absorb(options.newsletterBuild.diagnostics);
    }
    outputs.push(...finishOutputs(ctx, outputs));
  }
  return warned(
    {
      config,
      articles: ids,
      cached: [...cache.hits.keys()],
      cacheKeys: [...cache.keys.values()],
      outputs,
      deferred: assembled.deferred,
      skipped: assembled.skipped,
    },
    selectedDiagnostics(config, diagnostics.items),
  );
}

/** Every article to render, in order, with progress reported after each (cache hits first). */
function renderArticles(
  ctx: BuildContext,
  progress: { total: number; hits: readonly string[]; onProgress: ((p: BuildProgress) => void) | undefined },
): Map<string, ArticleResult> {
  let done = 0;
  const report = (article: string, cached: boolean) =>
    progress.onProgress?.({ done: ++done, total: progress.total, article, cached });
  for (const id of progress.hits) report(id, true);
  const rendered = new Map<string, ArticleResult>();
  for (const article of ctx.content.articles) {
    rendered.set(article.id, buildArticle(ctx, article));
    report(article.id, false);
  }
  return rendered;
}

/**
 * Every article in id order, replayed from the cache or just rendered; rendered ones are kept
 * in the cache with their own diagnostics (not under --fail-fast, which leaves them incomplete).
 */
function assembleArticles({
  ids,
  cache,
  rendered,
  diagnostics,
  deferCached,
  failFast,
}: {
  ids: readonly string[];
  cache: ArticleCache;
  rendered: ReadonlyMap<string, ArticleResult>;
  diagnostics: DiagnosticList;
  deferCached: boolean;
  failFast: boolean;
}): { outputs: Output[]; deferred: StoredOutput[]; skipped: Skipped[] } {
  const outputs: Output[] = [];
  const deferred: StoredOutput[] = [];
  const skipped: Skipped[] = [];
  for (const id of ids) {
    const replayed = cache.replay(id, { deferred: deferCached });
    if (replayed) {
      diagnostics.absorb(replayed.diagnostics);
      outputs.push(...replayed.outputs);
      deferred.push(...replayed.deferred);
      skipped.push(...replayed.skipped);
      continue;
    }
    const result = rendered.get(id) ?? { outputs: [], skipped: [] };
    outputs.push(...result.outputs);
    skipped.push(...result.skipped);
    if (!failFast)
      cache.keep(
        id,
        result,
        diagnostics.items.filter((d) => d.article === id),
      );
  }
  return { outputs, deferred, skipped };
}

/** index.html, the press rooms, feeds and sitemap (not for a shard: `tilpress merge` makes them) and manifest.json, for a build's outputs. */
function finishOutputs(ctx: BuildContext, outputs: readonly Output[]): Output[] {
  const { config, catalog, templates, diagnostics } = ctx;
  const files = finishSite({
    entries: outputs.map(siteEntry),
    shard: shardOfBuild(config),
    pages: (entries: readonly SiteEntry[]) =>
      renderSitePages(entries, { locales: config.locales, catalog, templates, diagnostics, baseUrl: config.baseUrl }),
    baseUrl: config.baseUrl,
    feeds: (entries, baseUrl) =>
      feedFiles(entries, { baseUrl, items: config.feedItems, text: (l) => feedText(catalog, l, diagnostics) }),
    profiles: config.profiles,
  });
  return files.filter((f): f is Output => "contents" in f);
}
