import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { resolveConfig, type BuildOptions, type BuildProgress, type ResolvedConfig } from "../config.js";
import { DiagnosticList, warned, type Diagnostic } from "../core/diagnostic.js";
import { TilpressError, UsageError } from "../core/errors.js";
import { lockCache, type StoredOutput, type StoredOutputId } from "../emit/buildCache.js";
import type { FolderLock } from "../emit/lock.js";
import type { Output } from "../emit/output.js";
import type { OutputWriter } from "../emit/writeOutputs.js";
import { readArticleFolders } from "../load/loadProject.js";
import { finishSite, outputOfEntry, siteEntry, type SiteEntry, type SiteFile } from "../site/finish.js";
import { ArticleCache, cacheFolder, FinishingCache, type Finished } from "./articleCache.js";
import type { BuildResult } from "./build.js";
import { feedsInputs, indexInputs, newslettersInputs, shardOfBuild } from "./inputs.js";
import { ArticleQueue, type QueuedChunk } from "./articleQueue.js";
import { HEAP_GROWING_PERCENT } from "./heap.js";
import { MAX_JOBS } from "../projectConfig.js";
import { selectArticles } from "./selectArticles.js";
import { buildOwns, isSelection, selectedDiagnostics } from "./selection.js";
import type { BuildSetUp, SharedSetUp } from "./setUp.js";
import type { WorkerData } from "./worker.js";

/** What a chunk of articles gave, built by a worker (or here) or replayed from the cache. */
interface ChunkResult {
  readonly ok: true;
  readonly outputs: (Omit<Output, "contents"> & { contents: Uint8Array })[];
  /** Cache hits whose bytes stay in the cache (streamed builds only). */
  readonly deferred: readonly StoredOutput[];
  readonly diagnostics: readonly Diagnostic[];
  readonly skipped: BuildResult["skipped"];
  readonly cached: readonly string[];
  readonly cacheKeys: readonly string[];
}

export type ChunkReply =
  ChunkResult | { readonly ok: false; readonly usage: boolean; readonly known: boolean; readonly message: string };

/** The cores, but no more builders than `jobs` may ask for (a machine of 384 threads started 383 workers). */
export const DEFAULT_JOBS = Math.min(availableParallelism(), MAX_JOBS);

/** Articles per worker chunk at most (a chunk's outputs are in memory until they are staged). */
const CHUNK_ARTICLES = 12;

/**
 * With `--jobs` given (or `jobs` in the config), misses up to this many are built in this thread
 * alone, which loads the renderer for the newsletters and the index anyway: a worker first loads
 * every module, reads the project, compiles the templates and parses the fonts again, which
 * costs more than building a few articles. The bundled project's 6 articles, check and a cold
 * build, in two workers and then here: 4.75 → 2.22 s and 6.6 → 3.6 s of CPU (2026-12-02,
 * docs/performance.md). More misses: this thread and `jobs - 1` workers.
 */
export const IN_THREAD_ARTICLES = 6;

/**
 * With the default `--jobs`, misses up to this many are built in this thread alone. A worker's
 * start (its isolate, modules, set-up, fonts, and code that runs slowly until V8 has warmed it
 * again) and a second builder's colder caches cost more than they save below some 60 articles on
 * the 2-core machine: generated corpora, `build --no-cache --jobs 1` against `--jobs 2`
 * (alternating runs, 2026-12-03, docs/performance.md), wall time: 8 articles 1.7–2.3 s against
 * 2.5–2.6 s (CPU 2.6–3.5 s against 4.4–4.9 s), 24 articles 3.9–4.4 s against 4.5–5.0 s, 40
 * articles 5.0–6.3 s against 5.7–6.8 s, 64 articles 7.3–8.9 s against 8.3–8.5 s, 250 articles
 * 27.3 s against 19.0–21.6 s. 32 leaves room for machines with more cores, where the other
 * builders wait less for one.
 */
export const AUTO_IN_THREAD_ARTICLES = 32;

/**
 * A build of more new articles than this is a long run: its builders neither read nor add the
 * tool cache's shaped words (src/fonts/shapeCache.ts), which serve the short builds, whose
 * words are mostly in it. In a long run each builder shapes its words once anyway and its
 * memory cache answers the rest, while the stored entries it read were held for the whole run.
 * 250 generated articles, two builders, 3 alternating runs: peak RSS 413-427 MB with the
 * stored words, 375-387 MB without; CPU 36.8-41.6 s against 36.7-41.3 s.
 */
export const STORED_WORDS_ARTICLES = 32;

/**
 * Heap sizes of a build worker, measured with bench/pdf.js and bench/batch.js on the 2-core
 * machine. Rendering allocates many short-lived objects (boxes, runs, content strings): a 24 MB
 * young generation (8 MB semi-spaces) collects them often enough to stay small; 48 MB saved
 * about 3 % of CPU time on the varied corpus of bench/generate.js (60 articles, within the
 * noise) and cost 33 MB of peak RSS with two workers (450 MB against 417 MB). Without a limit
 * on the old generation V8 sizes the heap from the machine's memory and let a worker grow to
 * ~250 MB before collecting; with one it stays near its live size (~60-75 MB on varied text,
 * every cache bounded by bytes: bench/memory.js).
 */
export const YOUNG_GENERATION_MB = 24;
export const OLD_GENERATION_MB = 192;

/**
 * Whether the project's own font files (tilpress.config.json `fonts`) make rendering go to a
 * worker even for one article: they are untrusted bytes read by fontkit, and a damaged table the
 * config's probe did not reach (src/fonts/fontProbe.ts lays out a sample of text) could make
 * fontkit allocate without end. A worker's heap is bounded (OLD_GENERATION_MB); this thread's is
 * not. The shipped fonts need no such care.
 */
export function fontsNeedWorker(config: Pick<ResolvedConfig, "fonts">): boolean {
  return config.fonts.key !== "";
}

/** A folder that cannot be made or written here: read-only, not ours, or a file in its place. */
function isUnwritable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return ["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "ELOOP", "ENOENT"].includes(String(code));
}

/** A worker's failure as the user reads it: running out of its bounded heap names the articles. */
export function workerFailure(error: unknown, articles: readonly string[]): Error {
  if ((error as { code?: unknown } | null)?.code === "ERR_WORKER_OUT_OF_MEMORY")
    return new TilpressError(
      `Building ${articles.join(", ")} needed more memory than a build worker has (${OLD_GENERATION_MB} MB); ` +
        "a damaged font file under fonts in tilpress.config.json is the likely cause: check it with another program or replace it",
    );
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The rendering modules (pdfkit, fontkit, Handlebars, i18next …), loaded only when this thread
 * renders something: a no-op rebuild's main thread never needs them.
 */
const renderer = async () => {
  const [{ build }, { buildNewsletterOutputs }, { BuildSetUp }, { renderSitePages }, { feedFiles, feedText }] =
    await Promise.all([
      import("./build.js"),
      import("./newsletters.js"),
      import("./setUp.js"),
      import("../site/pressRoom.js"),
      import("../site/feeds.js"),
    ]);
  return { build, buildNewsletterOutputs, BuildSetUp, renderSitePages, feedFiles, feedText };
};

/**
 * The same build as `build()`, with the articles spread over `jobs` builders: this thread and
 * `jobs - 1` worker threads, taking chunks that shrink as the batch empties (a busy builder does
 * not hold up the rest). Outputs are put back in article order, so
 * the bytes and the manifest are the same whatever `jobs` is. With a `writer`, outputs are
 * staged as they arrive (streamed) and cache hits are replayed here without a worker.
 */
export async function buildInParallel(
  options: BuildOptions,
  jobs?: number,
  writer?: OutputWriter,
): Promise<BuildResult> {
  const config = resolveConfig(options);
  // One build at a time writes a cache folder: a second one waits (the lock is counted, so the
  // in-process build() below takes it again). check has a folder of its own (cacheFolder).
  const folder = cacheFolder(config);
  let lock: FolderLock | undefined;
  try {
    lock = folder ? await lockCache(folder, options.onWait) : undefined;
  } catch (error) {
    if (!isUnwritable(error)) throw error;
    if (!config.checkOnly)
      throw new TilpressError(
        `The cache folder ${folder} cannot be made or written here. Build with --no-cache, or make it a folder you can write to`,
        { cause: error },
      );
    // check writes nothing but its cache: where that cannot be written (a read-only checkout) it checks without one.
    const { cacheDir: _none, ...uncached } = options;
    return buildInParallel(uncached, jobs, writer);
  }
  try {
    return await buildUnderLock(config, { options, jobs, writer });
  } finally {
    lock?.release();
  }
}

async function buildUnderLock(
  config: ResolvedConfig,
  { options, jobs, writer }: { options: BuildOptions; jobs: number | undefined; writer: OutputWriter | undefined },
): Promise<BuildResult> {
  // Listed once: every chunk (this thread's one article at a time, each worker's) is given it.
  const folders = readArticleFolders(config.root);
  const ids = selectArticles([...folders.ids], config.articles, config.shard);
  // check with a cache goes the scheduler's way, which replays hits and keeps results.
  const cached = config.checkOnly && config.cacheDir !== undefined;
  if (
    Math.min(jobs ?? DEFAULT_JOBS, Math.ceil(ids.length / 2)) <= 1 &&
    !writer &&
    !cached &&
    !fontsNeedWorker(config)
  ) {
    // Composing an .eml is asynchronous: the newsletters are built first, `build()` adds them.
    const { build, buildNewsletterOutputs, BuildSetUp } = await renderer();
    const setUp = new BuildSetUp();
    const newsletterBuild = options.newsletterBuild ?? (await buildNewsletterOutputs(config, ids, setUp));
    return build({ ...options, newsletterBuild }, setUp);
  }
  const run = new Scheduler(config, { ...options, articleFolders: folders }, jobs, writer);
  // In memory (no writer), a hit's outputs would have to be read back: only check, which needs
  // no outputs, replays hits without a writer.
  const cache = ArticleCache.lookUp(config, ids, {
    enabled: (writer !== undefined || cached) && config.cacheDir !== undefined,
    indexed: true,
    ...(writer ? { inPlace: (output: StoredOutputId) => writer.inPlace(output) } : {}),
  });
  const replayed = run.replayHits(ids, cache);
  // What finishing a streamed build needs is cached too, so a no-op rebuild neither compiles
  // the templates nor loads the email libraries: the catalog's and templates' diagnostics (by
  // the shared inputs), the newsletters (by their files and every article) and index.html (by
  // the entries it lists).
  const finishing = new FinishingCache(cache.store, config.force, cache.shared);
  // The workers start first: they load and set up while this thread makes the newsletters.
  run.start(ids.filter((id) => !cache.hits.has(id)));
  let newsletters: Finished;
  try {
    const newslettersKey = newslettersInputs(config, cache);
    cache.saveFileHashes();
    newsletters = await finishing.record(
      newslettersKey,
      async () =>
        options.newsletterBuild ??
        (await (await run.renderer()).buildNewsletterOutputs(config, ids, await run.setUp())),
    );
  } catch (error) {
    run.stop();
    throw error;
  }
  const built = await run.join();

  // Global diagnostics (catalog, templates) come from every worker and from here (a build of
  // cache hits only has no worker): keep one of each.
  const global = await finishing.record("shared", async () => {
    const list = new DiagnosticList(config.policy);
    await run.shared(list);
    return { outputs: [], diagnostics: list.items };
  });
  const diagnostics = new DiagnosticList();
  diagnostics.absorbUnique([
    ...global.diagnostics,
    ...built.flatMap((r) => r.diagnostics),
    ...replayed.flatMap((r) => r.diagnostics),
    ...newsletters.diagnostics,
  ]);
  run.add(newsletters);
  diagnostics.absorb(await run.finish(finishing));
  const all = [...replayed, ...built];
  if (cache.store && !isSelection(config)) {
    cache.store.prune(new Set([...all.flatMap((r) => r.cacheKeys), ...finishing.keys]));
  }
  return warned(
    {
      config,
      articles: ids,
      cached: all.flatMap((r) => r.cached),
      cacheKeys: all.flatMap((r) => r.cacheKeys),
      outputs: run.outputs(),
      deferred: [],
      skipped: all.flatMap((r) => r.skipped),
    },
    selectedDiagnostics(config, diagnostics.items),
  );
}

/** The misses of a build while they are built. */
interface Building {
  readonly queue: ArticleQueue;
  /** Whether this thread builds too. */
  readonly here: boolean;
  readonly results: { start: number; result: ChunkResult }[];
  readonly pool: WorkerPool | undefined;
  /** More new articles than STORED_WORDS_ARTICLES: no builder uses the tool cache's shaped words. */
  readonly longRun: boolean;
  readonly inWorkers: Promise<void>;
}

/**
 * The state of one parallel build: where outputs go (staged by the writer as they arrive, with
 * only their manifest lines kept, or kept in memory), progress, and the main thread's set-up.
 */
class Scheduler {
  /** Streamed: the manifest line of every staged file, in the order staged. */
  private readonly entries: SiteEntry[] = [];
  /** In memory: every output, in article order once `build` returns. */
  private readonly kept: Output[] = [];
  /** In memory: the manifest lines of cache hits (check), whose bytes are not read. */
  private readonly replayedEntries: SiteEntry[] = [];
  private done = 0;
  /** This thread's set-up: the newsletters, a single article built here and the index share it. */
  private owner: Promise<BuildSetUp> | undefined;
  private modules: ReturnType<typeof renderer> | undefined;
  private readonly progress: ((p: BuildProgress) => void) | undefined;
  /** What workers are given: plain data (no callbacks, no newsletters). */
  private readonly serializable: BuildOptions;

  constructor(
    private readonly config: ResolvedConfig,
    options: BuildOptions,
    /** Builders asked for; undefined: the default (`DEFAULT_JOBS`, and `AUTO_IN_THREAD_ARTICLES`). */
    private readonly jobs: number | undefined,
    private readonly writer: OutputWriter | undefined,
  ) {
    const { onProgress, onWait: _wait, newsletterBuild: _built, ...rest } = options;
    this.progress = onProgress;
    // A streamed build leaves cached bytes in the cache: the writer reads them only if dist/ differs.
    // One clock for every worker: an embargo passes for all of them or for none.
    this.serializable = { ...rest, now: new Date(config.now).toISOString(), deferCached: writer !== undefined };
  }

  /** Promises, kept as soon as asked for: the articles and the newsletters ask at the same time. */
  renderer(): Promise<Awaited<ReturnType<typeof renderer>>> {
    return (this.modules ??= renderer());
  }

  setUp(): Promise<BuildSetUp> {
    return (this.owner ??= this.renderer().then(({ BuildSetUp }) => new BuildSetUp()));
  }

  /** The catalog and templates set up in this thread (once), their diagnostics into `diagnostics`. */
  async shared(diagnostics: DiagnosticList): Promise<SharedSetUp> {
    return (await this.setUp()).shared(this.config, diagnostics);
  }

  private total = 0;

  /**
   * Stage the hits' outputs here, without a worker; in memory (check) only their manifest lines
   * are kept, for the site pages' and feeds' checks, and their bytes stay in the cache.
   */
  replayHits(ids: readonly string[], cache: ArticleCache): ChunkResult[] {
    this.total = ids.length;
    return [...cache.hits.keys()].map((id) => {
      const replayed = cache.replay(id, { deferred: true })!;
      for (const stored of replayed.deferred) {
        if (this.writer) this.stage(stored);
        else this.replayedEntries.push(siteEntry(stored));
      }
      this.report([id], [id]);
      return {
        ok: true,
        outputs: [],
        deferred: [],
        diagnostics: replayed.diagnostics,
        skipped: replayed.skipped,
        cached: [id],
        cacheKeys: [cache.keys.get(id)!],
      };
    });
  }

  /** The misses being built: started by `start`, joined by `join`. */
  private building: Building | undefined;

  /**
   * Starts building `ids`: the workers (if any) now, so they load their modules, the project and
   * the fonts while this thread makes the newsletters; this thread joins in `join`.
   */
  start(ids: readonly string[]): void {
    // A project's own fonts are rendered only in workers, whose heap is bounded (a damaged font
    // cannot eat memory here); otherwise this thread is one of the `jobs` builders.
    const here = !fontsNeedWorker(this.config);
    const builders = Math.max(1, Math.min(this.jobs ?? DEFAULT_JOBS, Math.ceil(ids.length / 2)));
    const alone = this.jobs === undefined ? AUTO_IN_THREAD_ARTICLES : IN_THREAD_ARTICLES;
    const workers = here ? (ids.length <= alone ? 0 : builders - 1) : builders;
    if (here && ids.length > 0) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    const queue = new ArticleQueue(ids, workers + (here ? 1 : 0));
    const results: { start: number; result: ChunkResult }[] = [];
    const receive = (chunk: QueuedChunk, reply: ChunkResult) => {
      results.push({ start: chunk.start, result: this.receive(reply) });
      this.report(chunk.ids, reply.cached);
    };
    const longRun = ids.length > STORED_WORDS_ARTICLES;
    const pool = workers > 0 && ids.length > 0 ? new WorkerPool({ options: this.serializable, longRun }) : undefined;
    const inWorkers = pool?.run({ workers, queue, receive }) ?? Promise.resolve();
    // Reported when joined; a failure before then must not go unhandled.
    inWorkers.catch(() => undefined);
    this.building = { queue, here, results, pool, inWorkers, longRun };
  }

  /** This thread builds from the queue too (one article at a time) until it is empty; then the results in article order. */
  async join(): Promise<ChunkResult[]> {
    const { queue, here, results, inWorkers, longRun } = this.building!;
    // A worker's failure closes the queue: this thread stops after its article.
    let chunk = here ? queue.take(1) : undefined;
    try {
      if (chunk) {
        const { build } = await this.renderer();
        const setUp = await this.setUp();
        if (longRun) setUp.startLongRun();
        setUp.pinInputs();
        try {
          for (; chunk; chunk = queue.take(1)) {
            const r = build({ ...this.serializable, articles: chunk.ids, partial: true }, setUp);
            results.push({
              start: chunk.start,
              result: this.receive({
                ok: true,
                outputs: [...r.outputs],
                deferred: r.deferred,
                diagnostics: r.diagnostics,
                skipped: r.skipped,
                cached: r.cached,
                cacheKeys: r.cacheKeys,
              }),
            });
            this.report(chunk.ids, r.cached);
            // A long share's new words, once a face has a full entry's worth (src/fonts/shapeCache.ts).
            setUp.saveToolCache({ full: true });
            // Between articles the workers' replies, a signal (Ctrl-C) and the progress bar get their turn.
            await new Promise((resolve) => setImmediate(resolve));
          }
        } finally {
          setUp.unpinInputs();
        }
        setUp.saveToolCache(); // the words this thread shaped, once for its whole share
      }
    } catch (error) {
      this.stop();
      throw error;
    }
    await inWorkers;
    // The outputs in article order, whatever order the chunks came back in.
    const ordered = results.sort((a, b) => a.start - b.start).map((r) => r.result);
    if (!this.writer) this.kept.push(...ordered.flatMap((r) => r.outputs.map(asOutput)));
    return ordered;
  }

  /** Stops the workers of a build that failed elsewhere (the newsletters). */
  stop(): void {
    this.building?.queue.close();
    this.building?.pool?.terminate();
  }

  /** A chunk's outputs: staged (only their manifest lines stay in memory) or kept. */
  private receive(reply: ChunkResult): ChunkResult {
    if (!this.writer) return reply;
    for (const o of reply.outputs) this.stage(asOutput(o));
    for (const stored of reply.deferred) this.stage(stored);
    return { ...reply, outputs: [], deferred: [] };
  }

  private stage(file: SiteFile): void {
    if ("contents" in file) this.writer!.stage(file);
    else this.writer!.stageStored(file);
    this.entries.push(siteEntry(file));
  }

  private report(articles: readonly string[], cached: readonly string[]): void {
    for (const article of articles) {
      this.progress?.({ done: ++this.done, total: this.total, article, cached: cached.includes(article) });
    }
  }

  /** A finishing step's files (the newsletters), staged or kept like a chunk's. */
  add(finished: Finished): void {
    if (!this.writer) {
      this.kept.push(...finished.outputs);
      this.replayedEntries.push(...finished.stored.map((stored) => siteEntry(stored)));
      return;
    }
    for (const o of finished.outputs) this.stage(o);
    for (const stored of finished.stored) this.stage(stored);
  }

  /** index.html (cached by the entries it lists) and manifest.json; returns the index's diagnostics. */
  async finish(finishing: FinishingCache): Promise<readonly Diagnostic[]> {
    // A filtered build's folder keeps what it did not select: the manifest and the index list it too.
    const kept = this.writer ? this.writer.retain(buildOwns(this.config, this.serializable.articleFolders?.ids)) : [];
    const entries = this.writer
      ? [...this.entries, ...kept]
      : [...this.replayedEntries, ...this.kept.map((o) => siteEntry(o))];
    const what = indexInputs(entries);
    const hit = this.config.shard ? undefined : finishing.peek(what);
    let diagnostics: readonly Diagnostic[] = hit?.diagnostics ?? [];
    let render: ((entries: readonly SiteEntry[]) => readonly SiteFile[]) | undefined;
    if (!hit && !this.config.shard) {
      const { renderSitePages } = await this.renderer();
      const { catalog, templates } = await this.shared(new DiagnosticList(this.config.policy));
      render = (listedEntries) => {
        const local = new DiagnosticList();
        const pages = renderSitePages(listedEntries, {
          locales: this.config.locales,
          catalog,
          templates,
          diagnostics: local,
          baseUrl: this.config.baseUrl,
        });
        finishing.keep(what, { outputs: pages, diagnostics: local.items });
        diagnostics = local.items;
        return pages;
      };
    }
    const feeds = await this.feeds(entries, finishing);
    const files = finishSite({
      entries,
      shard: shardOfBuild(this.config),
      pages: (listedEntries) => (hit ? hit.stored : (render?.(listedEntries) ?? [])),
      baseUrl: this.config.baseUrl,
      feeds: () => feeds.files,
      profiles: this.config.profiles,
    });
    diagnostics = [...diagnostics, ...feeds.diagnostics];
    for (const file of files) {
      if (this.writer) this.stage(file);
      else if ("contents" in file) this.kept.push(file);
    }
    return diagnostics;
  }

  /** Each locale's feeds (cached by the entries they list), when the build makes them; and their diagnostics. */
  private async feeds(
    entries: readonly SiteEntry[],
    finishing: FinishingCache,
  ): Promise<{ files: readonly SiteFile[]; diagnostics: readonly Diagnostic[] }> {
    const { baseUrl, shard, feedItems } = this.config;
    if (shard || !baseUrl) return { files: [], diagnostics: [] };
    const made = await finishing.record(feedsInputs(entries), async () => {
      const { feedFiles, feedText } = await this.renderer();
      const { catalog } = await this.shared(new DiagnosticList(this.config.policy));
      const local = new DiagnosticList();
      const outputs = feedFiles(entries, { baseUrl, items: feedItems, text: (l) => feedText(catalog, l, local) });
      return { outputs, diagnostics: local.items };
    });
    return { files: [...made.outputs, ...made.stored], diagnostics: made.diagnostics };
  }

  /** What the build returns as outputs: streamed, their manifest lines (empty contents); else the files. */
  outputs(): Output[] {
    if (!this.writer) return this.kept;
    return this.entries.map((e) => outputOfEntry(e, Buffer.alloc(0)));
  }
}

const asOutput = (o: ChunkResult["outputs"][number]): Output => ({
  ...o,
  contents: Buffer.from(o.contents.buffer, o.contents.byteOffset, o.contents.byteLength),
});

/** How long a worker that has no more chunks may take to save its shaped words and end. */
const WORKER_END_MS = 10_000;

/** Chunks a worker holds at once: the next one is waiting when it finishes one, even while this thread builds an article. */
const WORKER_QUEUE = 2;

/** The worker threads of one build: each takes chunks from the queue until it is empty; the first failure stops them all. */
class WorkerPool {
  private readonly workers = new Set<Worker>();

  constructor(private readonly data: WorkerData) {}

  run({
    workers,
    queue,
    receive,
  }: {
    workers: number;
    queue: ArticleQueue;
    receive: (chunk: QueuedChunk, reply: ChunkResult) => void;
  }): Promise<void> {
    return Promise.all(Array.from({ length: workers }, () => this.one(queue, receive))).then(() => undefined);
  }

  terminate(): void {
    for (const worker of this.workers) void worker.terminate();
  }

  private one(queue: ArticleQueue, receive: (chunk: QueuedChunk, reply: ChunkResult) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL("./worker.js", import.meta.url), {
        workerData: this.data,
        resourceLimits: {
          maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
          maxOldGenerationSizeMb: OLD_GENERATION_MB,
        },
      });
      this.workers.add(worker);
      const fail = (error: unknown) => {
        queue.close();
        this.terminate();
        reject(error);
      };
      /** The chunks sent and not yet answered, in the order sent (a worker answers in that order). */
      const sent: QueuedChunk[] = [];
      const give = () => {
        while (sent.length < WORKER_QUEUE) {
          const chunk = queue.take(CHUNK_ARTICLES);
          if (!chunk) break;
          sent.push(chunk);
          worker.postMessage(chunk.ids);
        }
        if (sent.length === 0) {
          // The worker saves its shaped words and ends; one that does not is ended after a while.
          this.workers.delete(worker);
          const ended = setTimeout(() => void worker.terminate(), WORKER_END_MS);
          worker.once("exit", () => {
            clearTimeout(ended);
            resolve();
          });
          worker.postMessage(null);
        }
      };
      worker.on("message", (reply: ChunkReply) => {
        const chunk = sent.shift()!;
        if (!reply.ok) {
          fail(
            reply.usage
              ? new UsageError(reply.message)
              : new TilpressError(reply.known ? reply.message : `A build worker failed: ${reply.message}`),
          );
          return;
        }
        try {
          receive(chunk, reply);
        } catch (error) {
          // Staging failed (disk, a damaged cache file): stop every worker, report it once.
          fail(error);
          return;
        }
        give();
      });
      worker.on("error", (error) => fail(workerFailure(error, sent[0]?.ids ?? [])));
      give();
    });
  }
}
