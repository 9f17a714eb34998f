import { closeSync, openSync, readSync } from "node:fs";
import { createHash } from "node:crypto";
import { StringDecoder } from "node:string_decoder";
import { createRequire, wrap } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";
import { isMainThread } from "node:worker_threads";
import { sha256 } from "../core/hash.js";
import { RUNNING_PROGRAM, ToolCache } from "../emit/toolCache.js";
import { VERSION } from "../version.js";
import { setProcessFlags } from "./v8Flags.js";

/**
 * Starts a bundled program (lib/bundle/tilpress.cjs or worker.cjs, scripts/bundle.js) with V8's
 * code cache for it, kept in the tool cache: the bytecode V8 compiled for the bundle the last
 * time, so a start reads it instead of parsing and compiling 3 MB of JavaScript again. Node 20
 * caches nothing for ES modules (Node 22's `module.enableCompileCache` does), so the bundle is
 * CommonJS, compiled here as Node compiles a CommonJS module, with the cached data V8 made.
 *
 * The bundled project's cold `build --no-cache`, median of 10 alternating runs (2026-12-03; how,
 * in docs/performance.md): the ES-module chunks 2,016 ms, one CommonJS bundle 1,837 ms, with its
 * code cache 1,703 ms.
 *
 * The cache is written when the process exits (so it holds every function the run compiled, not
 * only the top level): when there was none or V8 rejected it, or when this run took more than
 * twice the CPU time of the run that wrote it (a `--version` first, a build next). V8 checks the
 * cached data against the source and its flags and falls back to compiling when they differ;
 * the entry's name carries Node's version, its flags, the bundle's path and the hash of its source
 * (3 ms for the 4 MB it had before minifying), so another Node, a rebuilt bundle or another
 * installed copy finds an entry of its own.
 */
export function runBundle(file: string): unknown {
  setProcessFlags();
  // The source's own hash, not its size and time: V8 checks only a source's length, and npm packs
  // every file with the same time, so two builds of one version could otherwise share an entry.
  const { text: source, hash: sourceHash } = readSource(file);
  const cache = ToolCache.open();
  (globalThis as { [RUNNING_PROGRAM]?: string })[RUNNING_PROGRAM] = programHash(file, sourceHash);
  // And the bundle's path: V8 keeps the script's name in its cached data, so a copy of the same
  // program installed elsewhere (another project's node_modules) would name the other's files in
  // its stack traces.
  const key = cache && sha256([VERSION, sourceHash, file, process.version, process.arch, ...flags()].join("\0"));
  const stored = key === undefined ? undefined : cache?.readBytes(KIND, key);
  const made = stored && parseEntry(stored);
  const script = new Script(wrap(source), { filename: file, ...(made ? { cachedData: made.data } : {}) });
  const accepted = made !== undefined && !script.cachedDataRejected;
  report(made === undefined ? "missing" : accepted ? "accepted" : "rejected");
  // Only the number outlives the compile: the entry's bytes (2-3 MB) are not held until exit.
  const writerCpu = accepted ? made.cpu : 0;
  if (cache && key !== undefined) {
    process.once("exit", (code) => {
      const cpu = cpuMs();
      // Interrupted (130) or failed runs keep what is there; so does a run that did less than its writer.
      if (code > 1 || (accepted && cpu < 2 * writerCpu)) return;
      const data = Buffer.concat([Buffer.from(`${Math.round(cpu)}\n`, "latin1"), script.createCachedData()]);
      // Not kept where it cannot be written (a full disk, a file in the folder's place).
      report(cache.write(KIND, key, data) ? "written" : "not written");
    });
  }
  const module = { exports: {} as unknown };
  const compiled = script.runInThisContext() as (...args: unknown[]) => void;
  compiled.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

const KIND = "v8-code";

/** The bundles of one program, made together by scripts/bundle.js: the CLI and the build worker. */
const PROGRAM_BUNDLES = ["tilpress.cjs", "worker.cjs"];

/**
 * The program's identity (`runningProgram`): both bundles' hashes, so the CLI and its workers
 * agree on it and share the tool cache's entries. Reading and hashing the other bundle takes
 * 2.7 ms in the CLI (worker.cjs, 2.4 MB then, 1.8 MB now) and 5 ms in a worker (tilpress.cjs,
 * 4 MB then, 2.9 MB now; best of 5, `node -e`); one that cannot be read counts as missing.
 */
function programHash(file: string, sourceHash: string): string {
  const parts = PROGRAM_BUNDLES.map((name) => {
    if (name === basename(file)) return sourceHash;
    try {
      return readSource(join(dirname(file), name), false).hash;
    } catch {
      return "-";
    }
  });
  return sha256(parts.join("\0"));
}

/**
 * A bundle's text and the SHA-256 of its bytes, read 64 KB at a time. Reading it whole (or
 * hashing it as a string, which makes its UTF-8 bytes again) allocates and frees a block of
 * megabytes (8.8 MB for the hash), and glibc's malloc then raises its trim threshold to twice
 * that block for the rest of the process: each thread's arena may keep that much it no longer
 * uses. With the shared LinkifyIt (src/core/markdown.ts), 250 generated articles peaked at 344
 * MB instead of 359 (docs/performance.md, "glibc's trim threshold").
 */
function readSource(file: string, decode = true): { text: string; hash: string } {
  const fd = openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafeSlow(64 * 1024);
    const hash = createHash("sha256");
    const decoder = new StringDecoder("utf8");
    const parts: string[] = [];
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0;) {
      hash.update(chunk.subarray(0, n));
      if (decode) parts.push(decoder.write(chunk.subarray(0, n)));
    }
    return { text: decode ? parts.join("") + decoder.end() : "", hash: hash.digest("hex") };
  } finally {
    closeSync(fd);
  }
}

function parseEntry(body: Buffer): { cpu: number; data: Buffer } | undefined {
  const newline = body.indexOf(0x0a);
  const cpu = Number(body.toString("latin1", 0, newline));
  return newline > 0 && Number.isFinite(cpu) ? { cpu, data: body.subarray(newline + 1) } : undefined;
}

/** What V8's flags may be set from: a cached datum made under other flags is rejected. */
function flags(): string[] {
  return [isMainThread ? "main" : "worker", ...process.execArgv, process.env.NODE_OPTIONS ?? ""];
}

/** The process's CPU time so far, in ms: how much of the program a run is likely to have compiled. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** `TILPRESS_CODE_CACHE_REPORT=1` prints what happened to stderr (for tests and benchmarks). */
function report(event: string): void {
  if (process.env.TILPRESS_CODE_CACHE_REPORT === "1")
    process.stderr.write(`tilpress code cache (${isMainThread ? "main" : "worker"}): ${event}\n`);
}
