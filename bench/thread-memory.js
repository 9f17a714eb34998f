// Where a build's memory is, thread by thread: preloaded into the CLI (Node gives a worker the
// same --import), it samples every 0.2 s each thread's V8 heap (total, used, each space) and
// buffers, and the process's RSS, and prints each thread's peaks to stderr when it exits. A
// thread busy with an article samples between articles, so a short peak can be missed: GNU
// time's maximum RSS is the process's true peak.
// Usage: npm run compile && node --import ./bench/thread-memory.js bin/tilpress.js build --no-cache --root <project>
import { writeSync } from "node:fs";
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";
import { isMainThread, threadId } from "node:worker_threads";

const peak = {};
function sample() {
  const heap = getHeapStatistics();
  const usage = process.memoryUsage();
  const values = {
    rss: usage.rss,
    heapTotal: heap.total_heap_size,
    heapUsed: heap.used_heap_size,
    external: heap.external_memory,
    arrayBuffers: usage.arrayBuffers,
  };
  for (const space of getHeapSpaceStatistics()) if (space.space_size > 0) values[space.space_name] = space.space_size;
  for (const [name, value] of Object.entries(values)) peak[name] = Math.max(peak[name] ?? 0, value);
}
setInterval(sample, 200).unref();
process.on("exit", () => {
  sample();
  const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);
  const thread = isMainThread ? "main" : `worker ${threadId}`;
  const peaks = Object.entries(peak).map(([name, value]) => `${name} ${mb(value)}`);
  writeSync(2, `thread-memory (${thread}), peak MB: ${peaks.join(", ")}\n`);
});
