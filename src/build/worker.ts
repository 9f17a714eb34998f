import { parentPort, workerData } from "node:worker_threads";
import { build } from "./build.js";
import { BuildSetUp } from "./setUp.js";
import type { BuildOptions } from "../config.js";
import { TilpressError, UsageError } from "../core/errors.js";

/**
 * A worker of a parallel build: takes chunks of article ids, builds each in memory (fonts,
 * shaped words and glyph outlines stay cached in the worker between chunks) and sends back the
 * outputs, their bytes transferred rather than copied.
 */
/** What a worker is started with. */
export interface WorkerData {
  /** The build's options: plain data (no callbacks, no newsletters). */
  readonly options: BuildOptions;
  /** A long run (src/build/parallel.ts, `STORED_WORDS_ARTICLES`): neither shaped words nor articles' YAML in the tool cache. */
  readonly longRun: boolean;
}

const { options, longRun } = workerData as WorkerData;
/** Kept between chunks: the catalog and templates are set up once per worker. */
const setUp = new BuildSetUp();
if (longRun) setUp.startLongRun();
// A worker serves one build: its chunks are built from one reading of the shared inputs.
setUp.pinInputs();

parentPort?.on("message", (ids: string[] | null) => {
  // No more chunks: the words this worker shaped go to the tool cache, then it ends.
  if (ids === null) {
    setUp.saveToolCache();
    parentPort?.close();
    return;
  }
  try {
    const result = build({ ...options, articles: ids, partial: true }, setUp);
    const outputs = result.outputs.map((o) => ({
      ...o,
      contents: new Uint8Array(o.contents.buffer, o.contents.byteOffset, o.contents.byteLength).slice(),
    }));
    parentPort?.postMessage(
      {
        ok: true,
        outputs,
        deferred: result.deferred,
        diagnostics: result.diagnostics,
        skipped: result.skipped,
        cached: result.cached,
        cacheKeys: result.cacheKeys,
      },
      outputs.map((o) => o.contents.buffer as ArrayBuffer),
    );
    // After the reply, so the parent need not wait: a face with a full entry's worth of new
    // words (a long run); the rest when the worker is told there are no more chunks.
    setUp.saveToolCache({ full: true });
  } catch (error) {
    parentPort?.postMessage({
      ok: false,
      usage: error instanceof UsageError,
      known: error instanceof TilpressError,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
