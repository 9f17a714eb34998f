// What a build allocates, garbage included: preloaded into the CLI, it samples the main
// thread's allocations with V8's sampling heap profiler (every 32 KB, objects freed by either
// collection kept in the profile) and prints the total and the functions that allocated most
// when the process exits; the profile itself goes to $ALLOC_PROFILE when set (a .heapprofile
// Chrome's DevTools opens). Workers are not sampled: profile a build with --jobs 1.
// Usage: npm run compile && node --import ./bench/alloc-profile.js bin/tilpress.js build --no-cache --jobs 1 --root <project>
import { writeFileSync, writeSync } from "node:fs";
import { Session } from "node:inspector";
import { isMainThread } from "node:worker_threads";

if (isMainThread) {
  const session = new Session();
  session.connect();
  session.post("HeapProfiler.enable");
  session.post("HeapProfiler.startSampling", {
    samplingInterval: 32768,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  process.on("exit", () => {
    // The inspector answers synchronously in the same thread.
    session.post("HeapProfiler.stopSampling", (error, result) => {
      if (error) throw error;
      if (process.env.ALLOC_PROFILE) writeFileSync(process.env.ALLOC_PROFILE, JSON.stringify(result.profile));
      const bySite = new Map();
      let total = 0;
      const walk = (node) => {
        const frame = node.callFrame;
        const site = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\//, "")}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
        bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
        total += node.selfSize;
        for (const child of node.children) walk(child);
      };
      walk(result.profile.head);
      const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
      const top = [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 15);
      writeSync(2, `alloc-profile: ${mb(total)} MB allocated (sampled)\n`);
      for (const [site, bytes] of top) writeSync(2, `  ${mb(bytes).padStart(7)} MB  ${site}\n`);
    });
  });
}
