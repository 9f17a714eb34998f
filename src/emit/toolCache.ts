import { readdirSync, readFileSync, rmSync, statSync, utimesSync, type Stats } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "../core/hash.js";
import { VERSION } from "../version.js";
import { makeFolders } from "./makeFolders.js";
import { writeFileAtomic } from "./replaceFile.js";

/**
 * The tool cache: what tilpress works out from its own inputs that depends on nothing else —
 * the words a font face shapes (src/fonts/shapeCache.ts), compiled templates
 * (src/render/templates.ts), the set-up's checks (src/build/setUp.ts), parsed stylesheets
 * (src/pdf/stylesheetStore.ts) and V8's code cache for the bundled CLI (src/cli/codeCache.ts) —
 * kept between runs and shared by every project of the user, like fontconfig's cache. Every
 * entry is named by the hash of all it was made from (the font's or the template's bytes, the
 * options, this build of tilpress), so an entry is never stale: a changed font or template is a
 * new name, and the old entry is evicted by age.
 *
 * Where: `$TILPRESS_TOOL_CACHE` (a folder; `off` turns the cache off), else
 * `$XDG_CACHE_HOME/tilpress`, else `~/.cache/tilpress`. Not the project's `.tilpress-cache/`:
 * that folder is the project's outputs (pruned to the last full build, skipped by
 * `--no-cache`), while these entries hold for any project and survive `--no-cache`.
 *
 * Safety: the folder is made private (0700) and used only when it is the user's own and no one
 * else can write to it (as ssh checks ~/.ssh), because a compiled template is code the build
 * runs. Each file carries the SHA-256 of its body: a damaged, truncated or half-written file is
 * a miss. Writers write a temporary file and rename it, so concurrent tilpress processes and
 * worker threads never see a partial file; two writers of one entry each write a whole file and
 * the last rename wins. Size: TOOL_CACHE_BYTES for the whole folder, the entries not read for
 * longest removed first (a read touches the file's time).
 */
export class ToolCache {
  /** Bytes written since the folder's size was last checked (undefined: not yet checked). */
  private writtenSinceEvict: number | undefined;

  private constructor(readonly dir: string) {}

  /** The user's tool cache, or undefined when it is turned off or not safe to use. */
  static open(env: NodeJS.ProcessEnv = process.env): ToolCache | undefined {
    const dir = toolCacheDir(env);
    if (dir === undefined) return undefined;
    try {
      makeFolders(dir, 0o700);
      return privateFolder(statSync(dir)) ? new ToolCache(dir) : undefined;
    } catch {
      return undefined; // read-only home, no permission: run without it
    }
  }

  /** An entry's body, or undefined when it is missing, damaged or too large. */
  read(kind: string, key: string): string | undefined {
    return this.readBytes(kind, key)?.toString("utf8");
  }

  /** An entry's body as bytes (a V8 code cache: src/cli/codeCache.ts), or undefined as `read`. */
  readBytes(kind: string, key: string): Buffer | undefined {
    const file = this.file(kind, key);
    try {
      if (statSync(file).size > ENTRY_MAX_BYTES) return undefined;
      const bytes = readFileSync(file);
      const newline = bytes.indexOf(0x0a);
      const body = bytes.subarray(newline + 1);
      if (newline < 0 || bytes.toString("latin1", 0, newline) !== `${MAGIC} ${sha256(body)}`) return undefined;
      const now = new Date();
      utimesSync(file, now, now); // recently used: evicted last
      return body;
    } catch {
      return undefined;
    }
  }

  /**
   * Write an entry atomically (a temporary file renamed), then keep the folder within its
   * budget. Never throws: whether the entry was kept is the answer.
   */
  write(kind: string, key: string, body: string | Uint8Array): boolean {
    const file = this.file(kind, key);
    const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
    const entry = Buffer.concat([Buffer.from(`${MAGIC} ${sha256(bytes)}\n`, "latin1"), bytes]);
    // Not read back (`readBytes`), so not written: a project's raised limits can make a parse that large.
    if (entry.byteLength > ENTRY_MAX_BYTES) return false;
    try {
      makeFolders(join(this.dir, kind), 0o700);
      writeFileAtomic(file, entry, 0o600);
    } catch {
      // A full disk, a removed folder, a file where the kind's folder should be: the entry is simply not kept.
      return false;
    }
    // The folder is listed at the first write and then after every few megabytes written.
    this.writtenSinceEvict = (this.writtenSinceEvict ?? Infinity) + bytes.length;
    if (this.writtenSinceEvict > EVICT_EVERY_BYTES) {
      this.writtenSinceEvict = 0;
      try {
        this.evict();
      } catch {
        // the folder went away meanwhile: nothing to keep within budget
      }
    }
    return true;
  }

  /** Remove the least recently used entries (and writers' leftovers) while the folder is over budget. */
  evict(maxBytes = TOOL_CACHE_BYTES): void {
    const files: { path: string; size: number; time: number }[] = [];
    for (const kind of readdirSync(this.dir)) {
      const folder = join(this.dir, kind);
      let names: string[];
      try {
        names = readdirSync(folder);
      } catch {
        continue;
      }
      for (const name of names) {
        const path = join(folder, name);
        try {
          const stat = statSync(path);
          // A temporary file an hour old belongs to a writer that was killed.
          if (name.includes(".tmp-") && Date.now() - stat.mtimeMs > 3_600_000) rmSync(path, { force: true });
          else files.push({ path, size: stat.size, time: stat.mtimeMs });
        } catch {
          // removed meanwhile by another process
        }
      }
    }
    let total = files.reduce((sum, f) => sum + f.size, 0);
    if (total <= maxBytes) return;
    files.sort((a, b) => a.time - b.time);
    for (const f of files) {
      if (total <= maxBytes * 0.75) break;
      rmSync(f.path, { force: true });
      total -= f.size;
    }
  }

  private file(kind: string, key: string): string {
    return join(this.dir, kind, key);
  }
}

/** The folder of the tool cache for an environment, or undefined when it is turned off. */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env[TOOL_CACHE_ENV];
  if (set !== undefined && set !== "") return /^(off|0|false|no)$/i.test(set) ? undefined : resolve(set);
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), ".cache"), "tilpress");
}

/**
 * What a kind of entry is made by: tilpress's version and the program (`runningProgram`), or
 * outside the bundles the modules that make it by size and time, so a rebuilt or edited tilpress
 * (a checkout between releases) never reads entries an older build made. `modules` are
 * `import.meta.url`s; `also` adds the versions of libraries.
 */
export function toolIdentity(modules: readonly string[], also: readonly string[] = []): string {
  const program = runningProgram();
  if (program !== undefined) return [VERSION, `program ${program}`, ...also].join("\0");
  const stamps = modules.map((url) => {
    try {
      const stat = statSync(fileURLToPath(url));
      return `${stat.size}:${stat.mtimeMs}`;
    } catch {
      return url;
    }
  });
  return [VERSION, ...stamps, ...also].join("\0");
}

/**
 * Where a thread started from the bundles keeps the program's identity (src/cli/codeCache.ts
 * sets it before running its bundle; the start and the program are separate bundles, so a
 * registered symbol and not a module's variable).
 */
export const RUNNING_PROGRAM = Symbol.for("tilpress.runningProgram");

/**
 * The SHA-256 of the program this thread runs: both bundles' sources (lib/bundle/tilpress.cjs
 * and worker.cjs), the same in the CLI and its workers, so that entries made by any of the
 * program's code (the set-up's checks, parsed stylesheets, compiled templates, shaped words) are named by it and a
 * rebuilt program, whatever its version, size and file times, never reads an older one's.
 * Undefined outside the bundles (the library imported from lib/, the tests).
 */
export function runningProgram(): string | undefined {
  const value = (globalThis as { [RUNNING_PROGRAM]?: unknown })[RUNNING_PROGRAM];
  return typeof value === "string" ? value : undefined;
}

export const TOOL_CACHE_ENV = "TILPRESS_TOOL_CACHE";

/** The whole folder's budget on disk. */
export const TOOL_CACHE_BYTES = 64 * 1024 * 1024;

/** An entry larger than this is neither written nor read (shaped words keep far under it: src/fonts/shapeCache.ts). */
const ENTRY_MAX_BYTES = 8 * 1024 * 1024;

const EVICT_EVERY_BYTES = 4 * 1024 * 1024;

const MAGIC = "tilpress-tool-cache 1";

/** The user's own folder, writable by no one else (POSIX; on Windows the ACLs of the profile apply). */
function privateFolder(stat: Stats): boolean {
  if (!stat.isDirectory()) return false;
  if (typeof process.getuid !== "function") return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}
