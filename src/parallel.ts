import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "./core/hash.js";
import type { BuildResult, loadShared } from "./build.js";
import { resolveConfig, type BuildOptions } from "./config.js";
import { DiagnosticList, type Diagnostic } from "./core/diagnostic.js";
import { TilpressError, UsageError } from "./core/errors.js";
import { BuildCache, type StoredOutput } from "./emit/buildCache.js";
import type { ManifestEntry, Output } from "./emit/output.js";
import { manifestEntry, manifestFromEntries, storedManifestEntry } from "./emit/manifest.js";
import type { OutputWriter } from "./emit/writeOutputs.js";
import { VERSION } from "./version.js";
import { listArticles } from "./load/loadProject.js";
import { sharedInputsKey } from "./inputsHash.js";
import { selectArticles } from "./selectArticles.js";

interface ChunkResult {
  readonly ok: true;
  readonly outputs: (Omit<Output, "contents"> & { contents: Uint8Array })[];
  /** Cache hits whose bytes stay in the cache (streamed builds only). */
  readonly deferred: readonly StoredOutput[];
  readonly diagnostics: Diagnostic[];
  readonly skipped: BuildResult["skipped"];
  readonly cached: string[];
  readonly cacheKeys: string[];
}

type ChunkReply =
  ChunkResult | { readonly ok: false; readonly usage: boolean; readonly known: boolean; readonly message: string };

export const DEFAULT_JOBS = availableParallelism();

/** Articles per chunk at most. */
const CHUNK_ARTICLES = 12;

/**
 * Heap sizes of a build worker, measured with bench/pdf.js (150 PDFs) and bench/batch.js on the
 * 2-core machine. Rendering allocates many short-lived objects (boxes, runs, content strings):
 * a 48 MB young generation (16 MB semi-spaces) collects them less often than V8's default.
 * Without a limit on the old generation V8 sizes the heap from the machine's memory and let a
 * worker grow to ~250 MB before collecting; with one it stays near its live size (~40-60 MB;
 * every cache is bounded): peak RSS of a `--jobs 2` batch fell from ~620 MB to under 450 MB,
 * and of the PDF benchmark from ~300 MB to ~175 MB, at the same speed.
 */
export const YOUNG_GENERATION_MB = 48;
export const OLD_GENERATION_MB = 192;

/**
 * The rendering modules (pdfkit, fontkit, Handlebars, i18next …), loaded only when this thread
 * renders something: a no-op rebuild's main thread never needs them.
 */
const renderer = () => import("./build.js");

/** Outputs and diagnostics of one finishing step, fresh or replayed from the cache. */
interface Finished {
  readonly outputs: readonly Output[];
  readonly stored: readonly StoredOutput[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The finishing steps of a streamed build, each cached by a key of what it depends on. */
class FinishingCache {
  readonly keys: string[] = [];

  constructor(
    private readonly cache: BuildCache | undefined,
    private readonly force: boolean,
    private readonly shared: string,
  ) {}

  async record(
    what: string,
    make: () =>
      | Promise<{ outputs: readonly Output[]; diagnostics: readonly Diagnostic[] }>
      | { outputs: readonly Output[]; diagnostics: readonly Diagnostic[] },
  ): Promise<Finished> {
    if (!this.cache) return { ...(await make()), stored: [] };
    const key = sha256(`${this.shared}\u0000${what}`);
    this.keys.push(key);
    const hit = this.force ? undefined : this.cache.peek(key);
    if (hit) return { outputs: [], stored: hit.outputs, diagnostics: hit.diagnostics };
    const made = await make();
    this.cache.write(key, { diagnostics: made.diagnostics, skipped: [], outputs: made.outputs });
    return { ...made, stored: [] };
  }
}

/**
 * The same build as `build()`, with the articles spread over `jobs` worker threads in small
 * chunks (a busy worker does not hold up the rest). Outputs are put back in article order, so
 * the bytes and the manifest are the same whatever `jobs` is.
 */
export async function buildInParallel(
  options: BuildOptions,
  jobs: number = DEFAULT_JOBS,
  writer?: OutputWriter,
): Promise<BuildResult> {
  const config = resolveConfig(options);
  const ids = selectArticles(listArticles(config.root), config.articles, config.shard);
  if (Math.min(jobs, Math.ceil(ids.length / 2)) <= 1 && !writer) {
    // Composing an .eml is asynchronous: the newsletters are built first, `build()` adds them.
    const { build, buildNewsletterOutputs } = await renderer();
    return build({
      ...options,
      newsletterBuild: options.newsletterBuild ?? (await buildNewsletterOutputs(config, ids)),
    });
  }
  // A streamed build replays cache hits here, without starting a worker for them: a no-op
  // rebuild hashes each article's files, reads its cache index and compares with dist/.
  const hits: ChunkResult[] = [];
  const hitIds = new Set<string>();
  const cache = writer && config.cacheDir ? new BuildCache(config.cacheDir) : undefined;
  const shared = cache ? sharedInputsKey(config) : "";
  const articleKeys: string[] = [];
  if (cache) {
    for (const id of ids) {
      const key = BuildCache.articleKey(join(config.dataDir, "articles", id), shared);
      articleKeys.push(key);
      const hit = config.force ? undefined : cache.peek(key);
      if (!hit) continue;
      hitIds.add(id);
      hits.push({
        ok: true,
        outputs: [],
        deferred: hit.outputs,
        diagnostics: [...hit.diagnostics],
        skipped: [...hit.skipped],
        cached: [id],
        cacheKeys: [key],
      });
    }
  }
  // What finishing a streamed build needs is cached too, so a no-op rebuild neither compiles
  // the templates nor loads the email libraries: the catalog's and templates' diagnostics (by
  // the shared inputs), the newsletters (by their files and every article) and index.html (by
  // the entries it lists).
  const finishing = new FinishingCache(cache, config.force, shared);
  const newsletters = await finishing.record(
    `newsletters\u0000${JSON.stringify(config.shard ?? null)}\u0000${existsSync(join(config.dataDir, "newsletters")) ? BuildCache.articleKey(join(config.dataDir, "newsletters"), shared) : ""}\u0000${articleKeys.join(",")}`,
    async () => options.newsletterBuild ?? (await (await renderer()).buildNewsletterOutputs(config, ids)),
  );
  const toBuild = ids.filter((id) => !hitIds.has(id));
  const workers = Math.max(1, Math.min(jobs, Math.ceil(toBuild.length / 2)));

  // Small chunks: a chunk's outputs are in memory until they are staged, so its size bounds memory.
  const size = Math.max(1, Math.min(CHUNK_ARTICLES, Math.ceil(toBuild.length / (workers * 4))));
  const chunks: string[][] = [];
  for (let i = 0; i < toBuild.length; i += size) chunks.push(toBuild.slice(i, i + size));
  const { onProgress, newsletterBuild: _built, ...rest } = options;
  // A streamed build leaves cached bytes in the cache: the writer reads them only if dist/ differs.
  const serializable: BuildOptions = { ...rest, deferCached: writer !== undefined };
  const results: ChunkResult[] = new Array(chunks.length);
  const entries: ManifestEntry[] = [];
  let next = 0;
  let done = 0;
  let failed = false;
  // With a writer, each chunk's outputs go to disk (staged) as they arrive and only their
  // manifest lines stay in memory: a batch of any size needs the memory of a few chunks.
  const receive = (index: number, reply: ChunkResult) => {
    if (writer) {
      for (const o of reply.outputs) {
        const output = { ...o, contents: Buffer.from(o.contents.buffer, o.contents.byteOffset, o.contents.byteLength) };
        writer.stage(output);
        entries.push(manifestEntry(output));
      }
      for (const stored of reply.deferred) {
        writer.stageStored(stored);
        entries.push(storedManifestEntry(stored));
      }
      results[index] = { ...reply, outputs: [], deferred: [] };
    } else results[index] = reply;
    for (const article of chunks[index]!)
      onProgress?.({ done: ++done, total: ids.length, article, cached: reply.cached.includes(article) });
  };
  const replayed: ChunkResult[] = hits.map((hit) => {
    for (const stored of hit.deferred) {
      writer!.stageStored(stored);
      entries.push(storedManifestEntry(stored));
    }
    for (const article of hit.cached) onProgress?.({ done: ++done, total: ids.length, article, cached: true });
    return { ...hit, deferred: [] };
  });

  // A single article is built here; anything more goes to workers, even with --jobs 1: their
  // young generation is sized for rendering (see YOUNG_GENERATION_MB) and this thread stays free
  // for progress and signals.
  const inProcess = toBuild.length === 1 ? (await renderer()).build : undefined;
  if (inProcess) {
    chunks.forEach((chunk, i) => {
      const r = inProcess!({ ...serializable, articles: chunk, partial: true });
      receive(i, {
        ok: true,
        outputs: r.outputs.map((o) => ({ ...o, contents: o.contents })),
        deferred: r.deferred,
        diagnostics: [...r.diagnostics],
        skipped: r.skipped,
        cached: [...r.cached],
        cacheKeys: [...r.cacheKeys],
      });
    });
  } else if (chunks.length > 0)
    await Promise.all(
      Array.from(
        { length: workers },
        () =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(new URL("./worker.js", import.meta.url), {
              workerData: serializable,
              resourceLimits: {
                maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
                maxOldGenerationSizeMb: OLD_GENERATION_MB,
              },
            });
            let current = -1;
            const take = () => {
              if (next >= chunks.length) {
                void worker.terminate().then(() => resolve());
                return;
              }
              current = next++;
              worker.postMessage(chunks[current]);
            };
            worker.on("message", (reply: ChunkReply) => {
              if (!reply.ok) {
                void worker.terminate();
                reject(
                  reply.usage
                    ? new UsageError(reply.message)
                    : new TilpressError(reply.known ? reply.message : `A build worker failed: ${reply.message}`),
                );
                return;
              }
              if (failed) {
                void worker.terminate().then(() => resolve());
                return;
              }
              try {
                receive(current, reply);
              } catch (error) {
                // Staging failed (disk, a damaged cache file): stop every worker, report it once.
                failed = true;
                void worker.terminate();
                reject(error);
                return;
              }
              take();
            });
            worker.on("error", reject);
            take();
          }),
      ),
    );

  // Global diagnostics (catalog, templates) come from every worker and from here (a build of
  // cache hits only has no worker): keep one of each.
  let setUp: ReturnType<typeof loadShared> | undefined;
  const global = await finishing.record("shared", async () => {
    const list = new DiagnosticList();
    setUp = (await renderer()).loadShared(config, list);
    return { outputs: [], diagnostics: list.items };
  });
  const sharedSetUp = async () => (setUp ??= (await renderer()).loadShared(config, new DiagnosticList()));
  const diagnostics = new DiagnosticList();
  diagnostics.absorbUnique([
    ...global.diagnostics,
    ...results.flatMap((r) => r.diagnostics),
    ...replayed.flatMap((r) => r.diagnostics),
    ...newsletters.diagnostics,
  ]);
  let outputs: Output[];
  if (writer) {
    // Streamed: the outputs are on disk; what is returned are their manifest lines (empty contents).
    const stageFinished = (finished: Finished) => {
      for (const o of finished.outputs) {
        writer.stage(o);
        entries.push(manifestEntry(o));
      }
      for (const stored of finished.stored) {
        writer.stageStored(stored);
        entries.push(storedManifestEntry(stored));
      }
    };
    stageFinished(newsletters);
    outputs = entries.map((e) => ({
      path: e.path,
      format: e.format,
      ...(e.article ? { article: e.article } : {}),
      ...(e.locale ? { locale: e.locale } : {}),
      ...(e.template ? { template: e.template } : {}),
      ...(e.title ? { title: e.title } : {}),
      contents: Buffer.alloc(0),
    }));
    if (!config.shard) {
      const listed = [...entries]
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
        .map((e) => [e.path, e.article, e.locale, e.format, e.template, e.title]);
      const index = await finishing.record(`index\u0000${JSON.stringify(listed)}`, async () => {
        const { catalog, templates } = await sharedSetUp();
        const { renderIndexPage } = await import("./render/indexPage.js");
        const local = new DiagnosticList();
        const page = renderIndexPage(entries, config.locales, catalog, templates, local);
        return { outputs: page ? [page] : [], diagnostics: local.items };
      });
      diagnostics.absorb(index.diagnostics);
      stageFinished(index);
    }
    const manifest = manifestFromEntries(
      entries,
      VERSION,
      config.shard ? `${config.shard.index}/${config.shard.count}` : undefined,
    );
    writer.stage({
      path: "manifest.json",
      format: "json",
      contents: Buffer.from(JSON.stringify(manifest, null, 2) + "\n"),
    });
  } else {
    const { catalog, templates } = await sharedSetUp();
    const { finishOutputs } = await renderer();
    outputs = results.flatMap((r) =>
      r.outputs.map((o) => ({
        ...o,
        contents: Buffer.from(o.contents.buffer, o.contents.byteOffset, o.contents.byteLength),
      })),
    );
    outputs.push(...newsletters.outputs);
    outputs.push(...finishOutputs(config, outputs, catalog, templates, diagnostics));
  }
  const all = [...replayed, ...results];
  if (config.cacheDir && !config.articles && !config.shard)
    new BuildCache(config.cacheDir).prune(new Set([...all.flatMap((r) => r.cacheKeys), ...finishing.keys]));
  return {
    config,
    articles: ids,
    cached: all.flatMap((r) => r.cached),
    cacheKeys: all.flatMap((r) => r.cacheKeys),
    outputs,
    deferred: [],
    diagnostics: diagnostics.sorted(),
    errorCount: diagnostics.errorCount,
    warningCount: diagnostics.warningCount,
    skipped: all.flatMap((r) => r.skipped),
  };
}
