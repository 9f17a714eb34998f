// The CPU time and resident memory of a process and its descendants (Linux /proc): what the
// benchmarks measure of tilpress's CLI and of Chromium alike.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** The pids of a process and all its descendants (Linux /proc). */
export function processTree(pid) {
  const children = (p) => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const c of children(p)) walk(c);
  };
  walk(pid);
  return out;
}

/** CPU time of a process tree in ms: user + system, with that of reaped children (/proc/<pid>/stat). */
export function treeCpuMs(pid) {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // exited between listing and reading
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
export function treeRssMb(pid) {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      total += rss ? Number(rss[1]) / 1024 : 0;
    } catch {
      // exited between listing and reading
    }
  }
  return total;
}

/**
 * Wall time (s), CPU time (s: user + system of the process, all its threads and reaped children)
 * and peak RSS (MB) of `node <args>`, by GNU time; its stdout too. `env` is added to this one's.
 */
export function gnuTime(args, env = {}) {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  const [wall, user, system, kb] = r.stderr.trim().split("\n").at(-1).split(" ").map(Number);
  return { wall, cpu: user + system, rssMb: kb / 1024, stdout: r.stdout };
}
