#!/usr/bin/env node
// What a heap grew by between two snapshots of one thread: self sizes summed by node type and
// name (strings by their shape, digits and long hex runs folded), largest growth first. Take the
// snapshots from a running build with `node --heapsnapshot-signal=SIGUSR2 bin/tilpress.js build
// ...` and `kill -USR2 <pid>` twice (the main thread's; a worker is not signalled).
// Usage: node --max-old-space-size=6000 bench/heap-diff.js <before.heapsnapshot> <after.heapsnapshot> [rows]
import { readFileSync } from "node:fs";

const [before, after, rowsArg] = process.argv.slice(2);
if (!before || !after) {
  console.error("usage: node bench/heap-diff.js <before.heapsnapshot> <after.heapsnapshot> [rows]");
  process.exit(2);
}

function sizes(file) {
  const snapshot = JSON.parse(readFileSync(file, "utf8"));
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const { nodes, strings } = snapshot;
  const [type, name, self] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const byKind = new Map();
  let total = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const kind = types[nodes[i + type]];
    let label = strings[nodes[i + name]];
    if (kind.endsWith("string"))
      label =
        label.length > 200
          ? "(long)"
          : label
              .replace(/[0-9a-f]{16,}/g, "<hex>")
              .replace(/\d+/g, "N")
              .slice(0, 24);
    else label = label.slice(0, 40);
    const key = `${kind} | ${label}`;
    const entry = byKind.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += nodes[i + self];
    entry.count++;
    byKind.set(key, entry);
    total += nodes[i + self];
  }
  return { byKind, total };
}

const a = sizes(before);
const b = sizes(after);
console.log(`live ${(a.total / 1e6).toFixed(1)} MB -> ${(b.total / 1e6).toFixed(1)} MB\n`);
console.log("| growth | objects | type | name |\n|---|---|---|---|");
const keys = new Set([...a.byKind.keys(), ...b.byKind.keys()]);
const rows = [...keys].map((key) => {
  const x = a.byKind.get(key) ?? { bytes: 0, count: 0 };
  const y = b.byKind.get(key) ?? { bytes: 0, count: 0 };
  return { key, bytes: y.bytes - x.bytes, count: y.count - x.count };
});
for (const { key, bytes, count } of rows.sort((p, q) => q.bytes - p.bytes).slice(0, Number(rowsArg ?? 30))) {
  const [kind, label] = key.split(" | ");
  console.log(`| ${(bytes / 1e6).toFixed(2)} MB | ${count} | ${kind} | ${JSON.stringify(label)} |`);
}
