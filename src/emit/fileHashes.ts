import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./replaceFile.js";
import { sha256 } from "../core/hash.js";
import type { ReadResult } from "../core/projectFiles.js";

/** The file in a cache folder (a dotfile: `BuildCache.prune` leaves it alone). */
export const FILE_HASHES = ".file-hashes.json";
const FORMAT = 1;
const MAX_BYTES = 128 * 1024 * 1024;

/**
 * A change closer than this to the moment a file was listed may share its timestamp with a
 * later one (file systems keep times to a tick; FAT to 2 s): such a file is hashed every time
 * until it is older. Git calls these "racily clean" entries.
 */
const RACY_MS = 2_000;

/** What is compared: size, modification and change times, inode and device. */
type Stamp = readonly [size: number, mtimeMs: number, ctimeMs: number, ino: number, dev: number];
type Record = readonly [...Stamp, hash: string];

function stampOf(stat: Stats): Stamp {
  return [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, stat.dev];
}

function sameStamp(record: Record, stamp: Stamp): boolean {
  for (let i = 0; i < stamp.length; i++) if (record[i] !== stamp[i]) return false;
  return true;
}

/**
 * The hashes of the project files the cache keys read, by real path and stat, kept in the cache
 * folder between builds (git's index, for the same reason): a no-op rebuild of 1,000 articles
 * otherwise reads and hashes some 5,000 files (72 MB with the photos) to find nothing changed.
 * A file whose size, times, inode or device differ is read again: an edit in place changes its
 * change time, which no tool can set back, and an editor's atomic save or `sed -i` makes a new
 * inode. A file changed within RACY_MS of its listing is never trusted. The index only saves
 * reading: a missing, damaged or foreign file is an empty index.
 */
export class FileHashes {
  readonly #path: string;
  readonly #before: Map<string, Record>;
  readonly #now = new Map<string, Record>();
  /** When this build started listing files: a file changed after `#since - RACY_MS` is not recorded. */
  readonly #since: number;
  #changed = false;
  /** Files whose hash came from the index, and files read: for tests and the profile. */
  readonly counts = { trusted: 0, read: 0 };

  private constructor(path: string, before: Map<string, Record>, since: number) {
    this.#path = path;
    this.#before = before;
    this.#since = since;
  }

  /**
   * The index kept in `dir` (a cache folder), or an empty one. Call before listing any file:
   * `since` is when the listing starts (a test passes a later time to see files as old).
   */
  static load(dir: string, since = Date.now()): FileHashes {
    const path = join(dir, FILE_HASHES);
    const before = new Map<string, Record>();
    try {
      const data = JSON.parse(readIndex(path)) as { format?: unknown; files?: unknown };
      if (data.format === FORMAT && typeof data.files === "object" && data.files !== null) {
        for (const [file, record] of Object.entries(data.files)) if (isRecord(record)) before.set(file, record);
      }
    } catch {
      // none yet, or damaged: every file is read
    }
    return new FileHashes(path, before, since);
  }

  /**
   * The hash of a listed regular file (`real`, as `stat` found it): from the index if its stamp
   * is the one recorded, else `read()` and hashed. A file that cannot be read stands as its
   * problem's code, and is not recorded.
   */
  hashOf(real: string, stat: Stats, read: () => ReadResult): string {
    const stamp = stampOf(stat);
    const known = this.#now.get(real) ?? this.#before.get(real);
    if (known && sameStamp(known, stamp)) {
      this.counts.trusted++;
      if (!this.#now.has(real)) this.#now.set(real, known);
      return known[5];
    }
    this.counts.read++;
    const result = read();
    if (!result.ok) return `!${result.problem.code}`;
    const hash = sha256(result.data);
    // Recorded only when the file is older than the listing by more than a tick, and read at the
    // size it was listed at (a file that grew meanwhile is read again next time).
    if (result.data.byteLength === stat.size && Math.max(stat.mtimeMs, stat.ctimeMs) < this.#since - RACY_MS) {
      this.#now.set(real, [...stamp, hash]);
      this.#changed = true;
    }
    return hash;
  }

  /**
   * Write the index back if it changed: what this build hashed, and with `keepOthers` (a
   * filtered build, which listed only some articles) what the index held for the rest.
   */
  save({ keepOthers }: { keepOthers: boolean }): void {
    const files = new Map(keepOthers ? this.#before : []);
    for (const [file, record] of this.#now) files.set(file, record);
    if (!this.#changed && files.size === this.#before.size) return;
    try {
      writeFileAtomic(this.#path, Buffer.from(JSON.stringify({ format: FORMAT, files: Object.fromEntries(files) })));
    } catch {
      // An index that cannot be written costs the next build its reads, nothing else.
    }
  }
}

/**
 * The index file's text, if it is a regular file of ours: a link, a pipe or a device in its
 * place (a cloned repository can carry one) is not followed, waited on or read without end.
 */
function readIndex(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
  try {
    const stat = fstatSync(fd);
    // Some 150 bytes a file: 128 MB is 800,000 files. A larger one is no index of ours.
    if (!stat.isFile() || stat.size > MAX_BYTES) throw new Error(`${path} is not an index`);
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}

function isRecord(value: unknown): value is Record {
  return (
    Array.isArray(value) &&
    value.length === 6 &&
    value.slice(0, 5).every((n) => typeof n === "number") &&
    typeof value[5] === "string" &&
    /^[0-9a-f]{64}$/.test(value[5])
  );
}
