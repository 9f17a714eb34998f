import { setFlagsFromString } from "node:v8";
import { isMainThread } from "node:worker_threads";
import { HEAP_GROWING_PERCENT } from "../build/heap.js";

/**
 * How much bytecode a function runs before V8 considers optimizing it (TurboFan), eight times
 * V8's default (67,584 in Node 20). Most of a build runs for a second or two: at the default, V8
 * optimized hundreds of functions that were then called a few times more, on a second core that
 * a build has not got to spare (a cold build of the bundled project took 2.3 s of CPU for 1.6 s
 * of wall time; with TurboFan's compiles made on the main thread, `--no-concurrent-recompilation`,
 * 0.45 s more wall). Hot code (line breaking, shaping, painting) still gets optimized, only later.
 *
 * The flag given on the command line to the commit before this one, alternating runs
 * (`node bench/alternate.js 8 "<args>" <before> <before>@--interrupt-budget=540672`,
 * 2026-12-04, in a slow hour; medians): the
 * bundled project's `build --no-cache` 1.60 → 1.40 s wall, 2.33 → 1.68 s CPU; `check --no-cache`
 * 0.93 → 0.79 s, 1.21 → 0.89 s CPU; 8 generated articles 1.64 → 1.35 s, 2.45 → 1.64 s CPU;
 * 250 articles (two builders, a long run) 12.8 → 12.5 s, 24.5 → 23.8 s CPU. 16× and 32× were no
 * better than 8× on the short builds.
 */
export const INTERRUPT_BUDGET = 8 * 67_584;

/**
 * The V8 flags of a tilpress process, set as its bundle starts (src/cli/codeCache.ts), before the
 * bundle is compiled: V8's cached data records the flags it was made with. They are process-wide,
 * so the workers get them too; a library caller's process keeps its own.
 */
export function setProcessFlags(): void {
  if (!isMainThread) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
