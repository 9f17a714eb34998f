import { setFlagsFromString } from "node:v8";
import { isMainThread } from "node:worker_threads";
import { HEAP_GROWING_PERCENT } from "../build/heap.js";

/**
 * How much bytecode a function runs before V8 considers optimizing it (TurboFan), eight times
 * V8's default (67,584 in Node 20). Most of a build runs for a second or two: at the default, V8
 * optimized hundreds of functions that were then called a few times more, on a second core that
 * a build has not got to spare. Hot code (line breaking, shaping, painting) still gets
 * optimized, only later.
 *
 * The commit before this one with and without the flag on the command line, alternating runs
 * (`node bench/alternate.js <runs> "<args>" <before> <before>@--interrupt-budget=540672`,
 * 2026-12-04 04:35, medians): the bundled project's `build --no-cache` (6) 1,657 → 1,570 ms
 * wall, 2,400 → 1,820 ms CPU; `check --no-cache` (8) 788 → 774 ms, 1,060 → 860 ms CPU; 8
 * generated articles (5) 1,623 → 1,440 ms, 2,440 → 1,780 ms CPU. The same 8 articles with
 * TurboFan's compiles on the main thread (`@--no-concurrent-recompilation`): 2,050 ms, so those
 * compiles had been some 0.4 s of the other core. docs/performance.md has the other budgets.
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
