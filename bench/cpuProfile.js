// A V8 CPU profile (`node --cpu-prof`) as its samples: each sample's stack, innermost frame
// first, and its duration in ms. What bench/profile-phases.js and bench/profile-functions.js read.
import { readFileSync } from "node:fs";

/** The samples of a .cpuprofile file: [{ stack: node[], ms }], a node being the profile's own. */
export function readSamples(file) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return profile.samples.map((id, i) => {
    const stack = [];
    for (let at = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at));
    return { stack, ms: (profile.timeDeltas[i] ?? 0) / 1000 };
  });
}
