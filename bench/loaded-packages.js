// Which packages a run loads from node_modules as CommonJS (the ones kept out of the bundle:
// pdfkit, fontkit, css-tree, hyphen …): preloaded into the CLI, it counts each package's
// modules in Node's module cache when the process exits and prints them. A warm build of an
// unchanged stylesheet should load no css-tree (src/pdf/stylesheetStore.ts).
// Usage: npm run compile && node --import ./bench/loaded-packages.js bin/tilpress.js build --no-cache --root <project>
import { writeSync } from "node:fs";
import { createRequire } from "node:module";

const cache = createRequire(import.meta.url).cache;
process.on("exit", () => {
  const counts = new Map();
  for (const file of Object.keys(cache)) {
    // The package its path first enters: a dependency's own dependencies count as it.
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (match) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  }
  const list = [...counts].sort((a, b) => a[0].localeCompare(b[0])).map(([name, n]) => `${name} ${n}`);
  writeSync(2, `loaded-packages: ${list.join(", ") || "none"}\n`);
});
