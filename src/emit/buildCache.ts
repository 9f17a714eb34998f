import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import type { Diagnostic } from "../core/diagnostic.js";
import { sha256 } from "../core/hash.js";
import type { Locale } from "../locale/index.js";
import type { Output } from "./output.js";
import { FolderLock, whenFree, type LockHolder } from "./lock.js";
import { makeFolders } from "./makeFolders.js";

/**
 * The incremental cache: one folder per article result, named by the hash of every input the
 * article's outputs can depend on. A hit replays the article's diagnostics and outputs without
 * parsing, checking or rendering it. The folder is safe to delete and to cache in CI.
 */
/** An embargoed article's result holds only while the clock is on the side it was built on. */
export interface EmbargoState {
  readonly until: string;
  readonly active: boolean;
  /** Passed less than a week before the build's clock (`embargo/lifted`). */
  readonly lifted?: boolean;
}

export interface CachedArticle {
  readonly diagnostics: readonly Diagnostic[];
  readonly embargo?: EmbargoState;
  readonly skipped: readonly {
    readonly article: string;
    readonly locale: Locale;
    readonly reason: "missing" | "errors";
  }[];
  readonly outputs: readonly Output[];
}

/** An output kept in the cache, known by its hash and size; its bytes are read only when needed. */
export interface StoredOutput extends Omit<Output, "contents"> {
  /** Absolute path of the cached bytes. */
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** A cache entry as looked up: everything but the outputs' bytes. */
export interface StoredArticle {
  readonly diagnostics: readonly Diagnostic[];
  readonly embargo?: EmbargoState;
  readonly skipped: CachedArticle["skipped"];
  readonly outputs: readonly StoredOutput[];
}

interface EntryFile {
  readonly diagnostics: readonly Diagnostic[];
  readonly embargo?: EmbargoState;
  readonly skipped: CachedArticle["skipped"];
  readonly outputs: readonly (Omit<Output, "contents"> & {
    readonly file: string;
    readonly sha256: string;
    readonly bytes: number;
  })[];
}

/** What tells a stored output from another: its path, hash and size. */
export interface StoredOutputId {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export class BuildCache {
  private readonly used = new Set<string>();

  constructor(readonly dir: string) {}

  /** An entry with every output's bytes read and checked; a damaged entry is a miss. */
  read(key: string): CachedArticle | undefined {
    const entry = this.peek(key);
    if (!entry) return undefined;
    try {
      return { diagnostics: entry.diagnostics, skipped: entry.skipped, outputs: entry.outputs.map(loadStoredOutput) };
    } catch {
      return undefined; // A damaged entry is a miss; it is rewritten.
    }
  }

  /**
   * An entry without reading its outputs' bytes (a no-op rebuild compares hashes with the
   * previous manifest and reads nothing more). Files are checked by size here, by hash on load;
   * not those `inPlace` says dist/ has already, which are never read (a stat each: 6,000 of them
   * were 40 of the 610 ms of a no-op rebuild of 1,000 articles, alternating runs).
   */
  peek(key: string, inPlace: (output: StoredOutputId) => boolean = () => false): StoredArticle | undefined {
    const dir = join(this.dir, key);
    const index = join(dir, "entry.json");
    if (!existsSync(index)) return undefined;
    try {
      const entry = JSON.parse(readFileSync(index, "utf8")) as EntryFile;
      const outputs = entry.outputs.map(({ file, ...o }) => {
        const path = join(dir, file);
        if (typeof o.bytes !== "number") throw new Error(`${file} damaged`);
        if (!inPlace(o) && statSync(path).size !== o.bytes) throw new Error(`${file} damaged`);
        return { ...o, file: path };
      });
      this.used.add(key);
      return {
        diagnostics: entry.diagnostics,
        skipped: entry.skipped,
        outputs,
        ...(entry.embargo ? { embargo: entry.embargo } : {}),
      };
    } catch {
      return undefined; // A damaged or older entry is a miss; it is rewritten.
    }
  }

  write(key: string, result: CachedArticle): void {
    const dir = join(this.dir, key);
    const temp = `${dir}.tmp-${process.pid}-${threadId}`;
    rmSync(temp, { recursive: true, force: true });
    makeFolders(temp);
    const outputs = result.outputs.map(({ contents, ...o }, i) => {
      const file = `${i}.bin`;
      writeFileSync(join(temp, file), contents);
      return { ...o, file, sha256: sha256(contents), bytes: contents.byteLength };
    });
    const entry: EntryFile = {
      diagnostics: result.diagnostics,
      skipped: result.skipped,
      outputs,
      ...(result.embargo ? { embargo: result.embargo } : {}),
    };
    writeFileSync(join(temp, "entry.json"), JSON.stringify(entry));
    rmSync(dir, { recursive: true, force: true });
    renameSync(temp, dir);
    this.used.add(key);
  }

  /** Remove entries this build did not use (call only after a build of every article). */
  prune(used: ReadonlySet<string> = this.used): number {
    if (!existsSync(this.dir)) return 0;
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      if (used.has(name) || name.startsWith(".")) continue; // .tilpress-lock
      rmSync(join(this.dir, name), { recursive: true, force: true });
      removed++;
    }
    return removed;
  }
}

/**
 * Lock the cache folder for this build (`wait`: while another build holds it; else refuse), then
 * remove the temp folders (`<key>.tmp-*`) a killed build left: nobody else writes them now.
 */
export async function lockCache(dir: string, onWait?: (holder: LockHolder) => void): Promise<FolderLock> {
  const lock = await whenFree(() => FolderLock.take(dir, { shared: true }), onWait ? { onWait } : {});
  removeCacheLeftovers(dir);
  return lock;
}

/** The same, without waiting (a synchronous library build): a live holder is a FolderLockedError. */
export function lockCacheNow(dir: string): FolderLock {
  const lock = FolderLock.take(dir, { shared: true });
  removeCacheLeftovers(dir);
  return lock;
}

function removeCacheLeftovers(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (/\.tmp-\d+(-\d+)?$/.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** The bytes of a stored output, checked against its hash. */
export function loadStoredOutput({ file, sha256: hash, bytes: _bytes, ...o }: StoredOutput): Output {
  const contents = readFileSync(file);
  if (sha256(contents) !== hash)
    throw new Error(`The build cache file ${file} is damaged: delete the cache folder or build with --force`);
  return { ...o, contents };
}
