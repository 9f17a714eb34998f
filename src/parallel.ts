import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { build, buildNewsletterOutputs, finishOutputs, type BuildResult } from "./build.js";
import { resolveConfig, type BuildOptions } from "./config.js";
import { compareDiagnostics, DiagnosticList, type Diagnostic } from "./core/diagnostic.js";
import { TilpressError, UsageError } from "./core/errors.js";
import { BuildCache } from "./emit/buildCache.js";
import type { ManifestEntry, Output } from "./emit/output.js";
import { manifestEntry, manifestFromEntries } from "./emit/manifest.js";
import type { OutputWriter } from "./emit/writeOutputs.js";
import { renderIndexPage } from "./render/indexPage.js";
import { VERSION } from "./version.js";
import { loadCatalog } from "./i18n/catalog.js";
import { listArticles } from "./load/loadProject.js";
import { loadTemplates } from "./render/templates.js";
import { selectArticles } from "./selectArticles.js";

interface ChunkResult {
  readonly ok: true;
  readonly outputs: (Omit<Output, "contents"> & { contents: Uint8Array })[];
  readonly diagnostics: Diagnostic[];
  readonly skipped: BuildResult["skipped"];
  readonly cached: string[];
  readonly cacheKeys: string[];
}

type ChunkReply = ChunkResult | { readonly ok: false; readonly usage: boolean; readonly known: boolean; readonly message: string };

export const DEFAULT_JOBS = availableParallelism();

/** Articles per chunk at most. */
const CHUNK_ARTICLES = 12;

/**
 * The same build as `build()`, with the articles spread over `jobs` worker threads in small
 * chunks (a busy worker does not hold up the rest). Outputs are put back in article order, so
 * the bytes and the manifest are the same whatever `jobs` is.
 */
export async function buildInParallel(options: BuildOptions, jobs: number = DEFAULT_JOBS, writer?: OutputWriter): Promise<BuildResult> {
  const config = resolveConfig(options);
  const ids = selectArticles(listArticles(config.root), config.articles, config.shard);
  const workers = Math.max(1, Math.min(jobs, Math.ceil(ids.length / 2)));
  // The newsletters first, in this thread: composing an .eml is asynchronous.
  const newsletters = options.newsletterBuild ?? (await buildNewsletterOutputs(config, ids));
  if (workers <= 1 && !writer) return build({ ...options, newsletterBuild: newsletters });

  // Small chunks: a chunk's outputs are in memory until they are staged, so its size bounds memory.
  const size = Math.max(1, Math.min(CHUNK_ARTICLES, Math.ceil(ids.length / (workers * 4))));
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  const { onProgress, newsletterBuild: _built, ...serializable } = options;
  const results: ChunkResult[] = new Array(chunks.length);
  const entries: ManifestEntry[] = [];
  let next = 0;
  let done = 0;
  // With a writer, each chunk's outputs go to disk (staged) as they arrive and only their
  // manifest lines stay in memory: a batch of any size needs the memory of a few chunks.
  const receive = (index: number, reply: ChunkResult) => {
    if (writer) {
      for (const o of reply.outputs) {
        const output = { ...o, contents: Buffer.from(o.contents.buffer, o.contents.byteOffset, o.contents.byteLength) };
        writer.stage(output);
        entries.push(manifestEntry(output));
      }
      results[index] = { ...reply, outputs: [] };
    } else results[index] = reply;
    for (const article of chunks[index]!) onProgress?.({ done: ++done, total: ids.length, article, cached: reply.cached.includes(article) });
  };

  if (workers <= 1) {
    chunks.forEach((chunk, i) => {
      const r = build({ ...serializable, articles: chunk, partial: true });
      receive(i, { ok: true, outputs: r.outputs.map((o) => ({ ...o, contents: o.contents })), diagnostics: [...r.diagnostics], skipped: r.skipped, cached: [...r.cached], cacheKeys: [...r.cacheKeys] });
    });
  } else

  await Promise.all(
    Array.from({ length: workers }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: serializable });
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
            reject(reply.usage ? new UsageError(reply.message) : new TilpressError(reply.known ? reply.message : `A build worker failed: ${reply.message}`));
            return;
          }
          receive(current, reply);
          take();
        });
        worker.on("error", reject);
        take();
      }),
    ),
  );

  // Global diagnostics (catalog, templates) come from every worker: keep one of each.
  const seen = new Set<string>();
  const diagnostics = new DiagnosticList();
  for (const d of [...results.flatMap((r) => r.diagnostics), ...newsletters.diagnostics]) {
    const key = JSON.stringify(d);
    if (!seen.has(key)) {
      seen.add(key);
      diagnostics.items.push(d);
    }
  }
  const quiet = new DiagnosticList();
  const catalog = loadCatalog(config.localesDir, config.root, config.locales, quiet);
  const templates = loadTemplates(config.templatesDir, config.root, quiet);
  let outputs: Output[];
  if (writer) {
    // Streamed: the outputs are on disk; what is returned are their manifest lines (empty contents).
    for (const o of newsletters.outputs) {
      writer.stage(o);
      entries.push(manifestEntry(o));
    }
    outputs = entries.map((e) => ({ path: e.path, format: e.format, ...(e.article ? { article: e.article } : {}), ...(e.locale ? { locale: e.locale } : {}), ...(e.template ? { template: e.template } : {}), ...(e.title ? { title: e.title } : {}), contents: Buffer.alloc(0) }));
    const index = config.shard ? undefined : renderIndexPage(entries, config.locales, catalog, templates, diagnostics);
    if (index) {
      writer.stage(index);
      entries.push(manifestEntry(index));
    }
    const manifest = manifestFromEntries(entries, VERSION, config.shard ? `${config.shard.index}/${config.shard.count}` : undefined);
    writer.stage({ path: "manifest.json", format: "json", contents: Buffer.from(JSON.stringify(manifest, null, 2) + "\n") });
  } else {
    outputs = results.flatMap((r) => r.outputs.map((o) => ({ ...o, contents: Buffer.from(o.contents.buffer, o.contents.byteOffset, o.contents.byteLength) })));
    outputs.push(...newsletters.outputs);
    outputs.push(...finishOutputs(config, outputs, catalog, templates, diagnostics));
  }
  if (config.cacheDir && !config.articles && !config.shard) new BuildCache(config.cacheDir).prune(new Set(results.flatMap((r) => r.cacheKeys)));
  return {
    config,
    articles: ids,
    cached: results.flatMap((r) => r.cached),
    cacheKeys: results.flatMap((r) => r.cacheKeys),
    outputs,
    diagnostics: [...diagnostics.items].sort(compareDiagnostics),
    errorCount: diagnostics.errorCount,
    warningCount: diagnostics.warningCount,
    skipped: results.flatMap((r) => r.skipped),
  };
}
