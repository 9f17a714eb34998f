/**
 * How far V8 lets a heap grow past its live size before the next full collection, in a process
 * whose main thread builds articles: `buildInParallel` sets it when this thread builds, and the
 * CLI sets it as it starts (src/cli/v8Flags.ts: V8's code cache records the flags it was made
 * with, so they must not change after it is read). The main thread's heap is not bounded, and
 * on a machine with a few GB V8 grows it up to 4× its live size: building half of 250 articles
 * there took it to 300 MB of heap for 90 MB live, and the process to 583 MB of RSS. V8 reads the
 * flag at every full collection; it is process-wide, so the workers get it too.
 * 250 generated articles, --jobs 2, 2026-12-02 at load 2-3 (peak RSS, CPU): unset 586 MB,
 * 45.9 s; 30 % 407-411 MB, 49.6-52.2 s (more full collections: the 1,000-article build took
 * 235 s of CPU against 185 s before this thread built articles); 50 % 428-439 MB, 43.0-45.7 s;
 * 100 % 479 MB, 42.3 s. Before (an idle main thread and two workers): 448 MB, 47 s.
 */
export const HEAP_GROWING_PERCENT = 50;
