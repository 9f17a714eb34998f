import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import { z } from "zod";
import { EmitError, TilpressError, UsageError } from "../core/errors.js";
import { MANIFEST_PATH } from "../core/paths.js";
import { loadStoredOutput, type StoredOutput } from "./buildCache.js";
import { FolderLock, LOCK_FILE, whenFree, type LockHolder } from "./lock.js";
import type { KeptPdf, Manifest, ManifestEntry, Output } from "./output.js";
import { makeFolders } from "./makeFolders.js";

export interface WriteResult {
  readonly written: number;
  readonly unchanged: number;
  /** Previous outputs on disk a filtered build left as they were (`retain`). */
  readonly kept: number;
  readonly removed: readonly string[];
}

/** The staging folder of a build, inside its output folder: the one place its temp files live. */
export const STAGING_DIR = ".tilpress-staging";
/** Written in the staging folder before the first rename: a build killed during a commit left it. */
const JOURNAL = "journal.json";
/** Temp files beside the outputs, as tilpress made them before the staging folder (`x.html.tmp-<pid>-<n>`). */
const LEGACY_TEMP = /\.tmp-\d+-\d+$/;

/**
 * Whether a manifest was written by a version that put its temp files beside the outputs: every
 * version since the staging folder (2 December 2026) writes `page` in every entry, the versions
 * before did not. A build of those killed in a write is what left such files.
 */
function writtenBeforeStaging(manifest: Manifest): boolean {
  return manifest.outputs.some((entry) => !("page" in entry));
}

interface Journal {
  /** Every path the manifest listed before the commit, and every path the commit writes or keeps. */
  readonly paths: readonly string[];
}

const openWriters = new Set<OutputWriter>();

/** Abort every write in progress (a signal handler's cleanup): staging removed, locks released. */
export function abortPendingWrites(): void {
  for (const writer of [...openWriters]) writer.abort();
}

// An exception or process.exit before `commit` leaves no staging folder (SIGKILL does; the next build removes it).
process.on("exit", abortPendingWrites);

/**
 * A crash-consistent write in two phases, one build at a time per output folder (a lock file
 * with the pid). `stage` puts each output in the build's staging folder (`<out>/.tilpress-staging/`)
 * as soon as it is produced, so a large build never holds every output in memory; `commit`
 * renames them over their targets, removes what the previous manifest listed and this build no
 * longer produces, and renames manifest.json in last. Before the first rename the old manifest
 * is removed and a journal of every path involved is written: a build killed during the commit
 * leaves each file old or new and no manifest claiming otherwise, and the next build compares
 * those files by their bytes and removes what is no longer produced. A failure or a signal
 * before `commit` leaves the previous outputs as they were.
 */
/** The output folder's lock; a path that is a file, or lies under one, is named as such (not a stack trace). */
function takeOutputFolder(root: string): FolderLock {
  try {
    return FolderLock.take(root);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "EEXIST" || code === "ENOTDIR")
      throw new TilpressError(
        `The output folder ${root} cannot be made: it, or a folder on its way, is a file. Give --out (or "out" in tilpress.config.json) a folder`,
        { cause: error },
      );
    // /proc/x (ENOENT under a folder that exists), a read-only or foreign folder: one line, no stack trace.
    if (code === "ENOENT" || code === "EACCES" || code === "EPERM" || code === "EROFS" || code === "ELOOP")
      throw new TilpressError(
        `The output folder ${root} cannot be made or written here. Give --out (or "out" in tilpress.config.json) a folder you can write to`,
        { cause: error },
      );
    throw error;
  }
}

export class OutputWriter {
  private readonly root: string;
  private readonly staging: string;
  /** Whether this writer made the output folder: an aborted build then removes it, empty. */
  private readonly madeRoot: boolean;
  private readonly plan: { temp: string; target: string; path: string }[] = [];
  private readonly paths = new Set<string>();
  private unchanged = 0;
  /** The previous outputs a filtered build keeps (see `retain`): never removed by `commit`. */
  private readonly kept = new Set<string>();
  /** Those of `kept` that are on disk: with the written and unchanged files, what the folder holds. */
  private readonly keptOnDisk = new Set<string>();
  /** `inRealFolders`' answers, by folder. */
  private readonly realFolders = new Map<string, boolean>();
  /** Folders' listings, by folder, for `realFolder`. */
  private readonly listings = new Map<string, ReadonlyMap<string, boolean> | null>();
  /** `inPlace`'s answers by path (keyed by path alone: one build stages one output per path). */
  private readonly inPlaceAnswers = new Map<string, boolean>();
  private lock: FolderLock | undefined;
  /** What the previous build wrote, by path: a cached output with the same hash is left alone. */
  private readonly previous: ReadonlyMap<string, ManifestEntry | undefined>;

  /** Takes the output folder's lock or throws FolderLockedError (`open` waits for it instead). */
  constructor(
    outDir: string,
    private readonly manifestPath = MANIFEST_PATH,
    /** The manifest as `assertOutputFolder` read it: used again if the file is still the one read. */
    checked?: CheckedManifest,
  ) {
    this.root = resolve(outDir);
    this.staging = join(this.root, STAGING_DIR);
    this.madeRoot = !existsSync(this.root);
    this.lock = takeOutputFolder(this.root);
    openWriters.add(this);
    try {
      this.previous = this.recover(checked);
      makeFolders(this.staging);
    } catch (cause) {
      this.fail(new EmitError(`Could not prepare ${this.root} for writing`, { cause }));
    }
  }

  /**
   * A writer for `outDir` (the CLI's `--out`), waiting while another build writes there (see
   * whenFree). A folder that is not tilpress's is refused first (`assertOutputFolder`).
   */
  static async open(
    outDir: string,
    options: { manifestPath?: string; onWait?: (holder: LockHolder) => void } = {},
  ): Promise<OutputWriter> {
    const checked = assertOutputFolder(resolve(outDir), options.manifestPath);
    return whenFree(
      () => new OutputWriter(outDir, options.manifestPath, checked),
      options.onWait ? { onWait: options.onWait } : {},
    );
  }

  /**
   * What an earlier build left: its staging folder (killed before or during its commit) and
   * temp files of older versions beside the outputs are removed. The previous outputs are the
   * manifest's, or, after a killed commit, every path its journal names with no hash known.
   */
  private recover(checked: CheckedManifest | undefined): Map<string, ManifestEntry | undefined> {
    const path = join(this.root, this.manifestPath);
    // Read and checked once: 6,000 entries take some 50 ms to parse and check.
    const manifest = checked && checked.stamp === fileStamp(path) ? checked.manifest : readManifest(path);
    const previous = new Map<string, ManifestEntry | undefined>(
      (manifest?.outputs ?? []).map((e) => [e.path, e] as const),
    );
    let journal: Journal | undefined;
    try {
      journal = JSON.parse(readFileSync(join(this.staging, JOURNAL), "utf8")) as Journal;
    } catch {
      journal = undefined;
    }
    if (journal && Array.isArray(journal.paths)) {
      for (const path of journal.paths) if (typeof path === "string") previous.set(path, undefined);
      for (const path of previous.keys()) previous.set(path, undefined);
    }
    rmSync(this.staging, { recursive: true, force: true });
    if (manifest && writtenBeforeStaging(manifest)) this.removeLegacyTemps(previous.keys());
    return previous;
  }

  /**
   * Temp files of the versions before the staging folder, which sat beside the outputs: looked
   * for in the folders the outputs are in (a few thousand `readdir`s at 1,000 articles, some
   * 190 ms of a 1.1 s no-op rebuild, so only after such a version's build).
   */
  private removeLegacyTemps(paths: Iterable<string>): void {
    for (const dir of new Set([...paths].map((p) => dirname(resolve(this.root, p))))) {
      if (dir !== this.root && !throughRealFolders(this.root, join(dir, "x"))) continue;
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) if (LEGACY_TEMP.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
    }
  }

  /**
   * An output replayed from the cache. If the previous manifest lists the same bytes (hash and
   * size) and the file is there at that size, nothing is read or written: a no-op rebuild
   * touches only the cache index and dist/'s directory entries.
   */
  stageStored(stored: StoredOutput): void {
    if (this.inPlace(stored)) {
      this.paths.add(stored.path);
      this.unchanged++;
      return;
    }
    let output: Output;
    try {
      output = loadStoredOutput(stored);
    } catch (cause) {
      this.fail(new EmitError(cause instanceof Error ? cause.message : String(cause), { cause }));
    }
    this.stage(output);
  }

  /**
   * Whether an output is in dist/ already: the previous manifest lists the same bytes (hash and
   * size) and the file is there at that size. Asked by the cache's look-up (which then need not
   * check the cached copy, never read) and again when the output is staged: answered once.
   */
  inPlace(output: { readonly path: string; readonly sha256: string; readonly bytes: number }): boolean {
    let answer = this.inPlaceAnswers.get(output.path);
    if (answer === undefined) {
      const target = resolve(this.root, output.path);
      const before = this.previous.get(output.path);
      answer = false;
      if (before && before.sha256 === output.sha256 && before.bytes === output.bytes && this.inRealFolders(target)) {
        try {
          answer = statSync(target).size === output.bytes;
        } catch {
          answer = false;
        }
      }
      this.inPlaceAnswers.set(output.path, answer);
    }
    return answer;
  }

  /**
   * The previous outputs a filtered build does not own and has not staged anew: left as they are,
   * and the entries of those still on disk returned for the new manifest and index (a file
   * someone deleted is no longer listed). A previous output known only by its path (a killed
   * commit's journal) is judged by its path: kept on disk if not owned, but not listed (its
   * hash is not known) until a build that owns it makes it again.
   */
  retain(owns: (path: string, entry: ManifestEntry | undefined) => boolean): ManifestEntry[] {
    const kept: ManifestEntry[] = [];
    for (const [path, entry] of this.previous) {
      if (this.paths.has(path) || owns(path, entry)) continue;
      const target = resolve(this.root, path);
      if (!entry) {
        this.kept.add(path);
        if (this.inRealFolders(target) && existsSync(target)) this.keptOnDisk.add(path);
        continue;
      }
      if (!this.inRealFolders(target)) continue;
      this.kept.add(path);
      if (existsSync(target)) {
        kept.push(entry);
        this.keptOnDisk.add(path);
      }
    }
    return kept;
  }

  /**
   * The PDFs the previous build listed that are still there at their recorded size, by path:
   * what an HTML-only build's pages may link to (`BuildOptions.keptPdfs`).
   */
  keptPdfs(): Record<string, KeptPdf> {
    const kept: Record<string, KeptPdf> = {};
    for (const [path, entry] of this.previous) {
      if (entry?.format !== "pdf" || entry.article === null || entry.inputs === null) continue;
      const target = resolve(this.root, path);
      if (!this.inRealFolders(target)) continue;
      let size: number | undefined;
      try {
        size = statSync(target).size;
      } catch {
        size = undefined;
      }
      if (size === entry.bytes) kept[path] = { article: entry.article, inputs: entry.inputs, bytes: entry.bytes };
    }
    return kept;
  }

  /**
   * `throughRealFolders`, remembered by the target's folder for this writer's life: where it only
   * decides what to leave alone (a no-op rebuild of 1,000 articles asked it for 6,000 outputs in
   * a few hundred folders). What is written or removed is checked again when it is.
   */
  private inRealFolders(target: string): boolean {
    return target.startsWith(this.root + sep) && this.realFolder(dirname(target));
  }

  /**
   * Whether a folder under the root is reached through real folders only, as
   * `throughRealFolders` judges it, each folder on the way asked once and read from its parent's
   * listing (one `readdir` with the entries' types, not an `lstat` each): a no-op rebuild of
   * 1,000 articles looked at `dist/en` a thousand times, then at each of its 1,000 folders.
   */
  private realFolder(dir: string): boolean {
    if (dir === this.root) return true;
    let real = this.realFolders.get(dir);
    if (real === undefined) {
      const parent = dirname(dir);
      real = this.realFolder(parent);
      if (real) {
        const kinds = this.folderKinds(parent);
        // Not there yet: made by mkdir, as a real folder.
        real = kinds ? (kinds.get(basename(dir)) ?? true) : isFolderOrNone(dir);
      }
      this.realFolders.set(dir, real);
    }
    return real;
  }

  /**
   * A folder's entries by name, true for a folder (a link to one is not), from one listing; none
   * for a folder that is not there (its entries are not either) and undefined for one that cannot
   * be listed (each entry is then looked at).
   */
  private folderKinds(dir: string): ReadonlyMap<string, boolean> | undefined {
    let kinds = this.listings.get(dir);
    if (kinds === undefined) {
      try {
        kinds = new Map(readdirSync(dir, { withFileTypes: true }).map((e) => [e.name, e.isDirectory()] as const));
      } catch (error) {
        kinds = (error as NodeJS.ErrnoException).code === "ENOENT" ? new Map() : null;
      }
      this.listings.set(dir, kinds);
    }
    return kinds ?? undefined;
  }

  stage(output: Output): void {
    const target = resolve(this.root, output.path);
    if (!target.startsWith(this.root + sep) || target.startsWith(this.staging + sep) || target === this.staging)
      this.fail(new EmitError(`Refusing to write outside ${this.root}: ${output.path}`));
    if (!throughRealFolders(this.root, target))
      this.fail(
        new EmitError(
          `Refusing to write ${output.path}: a folder on its way in ${this.root} is a symbolic link or a file (tilpress does not write through links in the output folder)`,
        ),
      );
    this.paths.add(output.path);
    try {
      if (existsSync(target) && readFileSync(target).equals(output.contents)) {
        this.unchanged++;
        return;
      }
      const temp = join(this.staging, String(this.plan.length));
      writeFileSync(temp, output.contents);
      this.plan.push({ temp, target, path: output.path });
    } catch (cause) {
      this.fail(new EmitError(`Could not write outputs to ${this.root}`, { cause }));
    }
  }

  /**
   * Renames the staged files in and removes the previous outputs this build did not make again,
   * except what `retain` kept (a filtered build's, the `newsletter` command's other files).
   */
  commit(): WriteResult {
    const removed = [...this.previous.keys()].filter((p) => !this.paths.has(p) && !this.kept.has(p));
    const manifest = this.plan.find((p) => p.path === this.manifestPath);
    const files = this.plan.filter((p) => p !== manifest);
    try {
      // Everything that can fail before a file is replaced: folders made, nothing in the way.
      for (const { target } of files) {
        makeFolders(dirname(target));
        if (existsSync(target) && statSync(target).isDirectory()) throw new Error(`${target} is a folder`);
      }
      if (files.length > 0 || removed.length > 0 || manifest) {
        const journal: Journal = { paths: [...new Set([...this.previous.keys(), ...this.paths])] };
        writeFileSync(join(this.staging, `${JOURNAL}.tmp`), JSON.stringify(journal));
        renameSync(join(this.staging, `${JOURNAL}.tmp`), join(this.staging, JOURNAL));
        // From here until the new one is in place, no manifest claims what the folder holds.
        if (manifest) rmSync(join(this.root, this.manifestPath), { force: true });
      }
    } catch (cause) {
      this.fail(new EmitError(`Could not write outputs to ${this.root}`, { cause }));
    }
    try {
      faultPoint("commit-start");
      files.forEach(({ temp, target }, i) => {
        renameSync(temp, target);
        if (i === Math.floor(files.length / 2)) faultPoint("commit-middle");
      });
      for (const path of removed) {
        const target = resolve(this.root, path);
        // Outputs are files: a folder a (hand-edited) manifest names is not ours to remove.
        if (throughRealFolders(this.root, target) && !isFolder(target)) rmSync(target, { force: true });
      }
      removeEmptiedFolders(this.root, removed);
      faultPoint("commit-end");
      if (manifest) renameSync(manifest.temp, manifest.target);
      faultPoint("committed");
    } catch (cause) {
      // Some files are new, some old, and there is no manifest: the journal stays, and the
      // next build sorts it out.
      openWriters.delete(this);
      this.lock?.release();
      this.lock = undefined;
      throw new EmitError(`Could not write outputs to ${this.root}`, { cause });
    }
    this.finish();
    return { written: this.plan.length, unchanged: this.unchanged, kept: this.keptOnDisk.size, removed };
  }

  /** Drop every staged file; the previous outputs stay as they were. */
  abort(): void {
    this.finish();
    // A folder made for the lock and staging alone (--fail-fast into a new dist/) is not left behind.
    if (this.madeRoot)
      try {
        rmdirSync(this.root);
      } catch {
        // Not empty (another build's files since), or already gone: left as it is.
      }
  }

  private finish(): void {
    if (!openWriters.delete(this)) return;
    try {
      rmSync(this.staging, { recursive: true, force: true });
    } finally {
      this.lock?.release();
      this.lock = undefined;
    }
  }

  private fail(error: EmitError): never {
    this.abort();
    throw error;
  }
}

/**
 * Whether `target` lies in `root` through real folders only. A symbolic link inside the output
 * folder (a committed `dist/`, a restored CI cache) must not lead a write or a removal elsewhere;
 * `resolve` alone does not see links. The target itself may be a link: rename and rm act on it.
 */
function throughRealFolders(root: string, target: string): boolean {
  if (!target.startsWith(root + sep)) return false;
  let dir = root;
  for (const part of target
    .slice(root.length + 1)
    .split(sep)
    .slice(0, -1)) {
    dir = join(dir, part);
    if (!isFolderOrNone(dir)) return false;
  }
  return true;
}

/**
 * A real folder, or nothing yet (mkdir will make a real one, and whatever it holds): not a link,
 * not a file.
 */
function isFolderOrNone(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return true;
  }
}

function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The folders of removed outputs that are empty now (an article's, a locale's), deepest first. */
function removeEmptiedFolders(root: string, removed: readonly string[]): void {
  const folders = new Set<string>();
  for (const path of removed) {
    for (let dir = dirname(resolve(root, path)); dir.startsWith(root + sep); dir = dirname(dir)) folders.add(dir);
  }
  for (const dir of [...folders].sort((a, b) => b.length - a.length)) {
    try {
      if (readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // Gone already, or not ours to judge: left as it is.
    }
  }
}

/**
 * The fault tests' hook (tests/crash.test.ts): with TILPRESS_FAULT=<point> the process kills
 * itself with SIGKILL there, as a power cut or the OOM killer would: `commit-start` (journal
 * written, old manifest gone, nothing renamed), `commit-middle` (half the files renamed),
 * `commit-end` (every file in place, the new manifest not yet), `committed` (the manifest in
 * place; the staging folder and the lock not yet removed).
 */
function faultPoint(point: "commit-start" | "commit-middle" | "commit-end" | "committed"): void {
  if (process.env["TILPRESS_FAULT"] === point) process.kill(process.pid, "SIGKILL");
}

/** Write every output atomically (see OutputWriter). */
export function writeOutputs(outDir: string, outputs: readonly Output[], manifestPath = MANIFEST_PATH): WriteResult {
  const writer = new OutputWriter(outDir, manifestPath);
  for (const output of outputs) writer.stage(output);
  return writer.commit();
}

/**
 * An output folder tilpress may write: one that does not exist yet, is empty, or holds a
 * tilpress manifest (or the staging folder of a build killed before its manifest was back).
 * Anything else is the user's own folder, whose index.html a build would overwrite: a usage
 * error, before the folder is touched (no lock file, no staging folder). A damaged manifest
 * stops the build too (`readManifest`). Returns the manifest it read, for the writer to use.
 */
export function assertOutputFolder(root: string, manifestPath = MANIFEST_PATH): CheckedManifest | undefined {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return undefined; // Not there yet (made when the lock is taken), or not a folder (the lock says so).
  }
  if (names.includes(STAGING_DIR)) return undefined;
  const path = join(root, manifestPath);
  const stamp = fileStamp(path);
  const manifest = readManifest(path);
  if (manifest) return stamp === undefined ? undefined : { manifest, stamp };
  if (names.every((name) => name === LOCK_FILE)) return undefined;
  throw new UsageError(
    `${root} is not empty and has no ${manifestPath}: it is not a tilpress output folder, and a build would ` +
      "overwrite its files (index.html …). Give --out an empty or new folder, or the folder of an earlier tilpress build",
  );
}

/** A manifest read and checked, and which file it was (`fileStamp` before the read). */
export interface CheckedManifest {
  readonly manifest: Manifest;
  readonly stamp: string;
}

/** Which file is at `path` now: a manifest is replaced by a rename, so a new one has a new inode. */
function fileStamp(path: string): string | undefined {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch {
    return undefined;
  }
}

/** A path a manifest may list: relative, inside the output folder, with forward slashes. */
function insideOutputFolder(path: string): boolean {
  return (
    path.length > 0 &&
    !isAbsolute(path) &&
    !path.includes("\\") &&
    !path.split("/").some((part) => part === ".." || part === "")
  );
}

const InsidePath = z.string().min(1).refine(insideOutputFolder, "must be a relative path inside the output folder");
const Nullable = z.string().nullable().optional();
const ManifestSchema = z.looseObject({
  tool: z.literal("tilpress"),
  version: z.string(),
  shard: z.string().optional(),
  shardInputs: z.string().optional(),
  outputs: z.array(
    z.looseObject({
      // Only `path` is needed to know what to remove; the rest is checked when it is there.
      path: InsidePath,
      format: z.string().optional(),
      bytes: z.int().min(0).optional(),
      sha256: z.string().optional(),
      article: Nullable,
      locale: Nullable,
      template: Nullable,
      inputs: Nullable,
      title: Nullable,
      page: z.looseObject({ published: z.string(), kind: z.string() }).nullable().optional(),
    }),
  ),
});

/** The entries' fields that are a string or null when present. */
const NULLABLE_FIELDS = ["article", "locale", "template", "inputs", "title"] as const;

/**
 * Whether a parsed manifest is one `ManifestSchema` accepts, checked field by field without zod:
 * never true for one the schema rejects (tests/emit.test.ts compares the two on damaged
 * manifests), and the schema still reads any other, to name what is wrong. Every build reads the
 * previous manifest: zod's first parse of 6,352 entries was 44 ms of a no-op rebuild of 1,000
 * articles, this check 10 (--cpu-prof).
 */
function plainlyValid(data: object): boolean {
  const m = data as Record<string, unknown>;
  if (m["tool"] !== "tilpress" || typeof m["version"] !== "string") return false;
  if (!optionalString(m["shard"]) || !optionalString(m["shardInputs"]) || !Array.isArray(m["outputs"])) return false;
  for (const item of m["outputs"] as unknown[]) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return false;
    const e = item as Record<string, unknown>;
    const path = e["path"];
    if (typeof path !== "string" || !insideOutputFolder(path)) return false;
    if (!optionalString(e["format"]) || !optionalString(e["sha256"])) return false;
    const bytes = e["bytes"];
    if (bytes !== undefined && !(Number.isSafeInteger(bytes) && (bytes as number) >= 0)) return false;
    for (const field of NULLABLE_FIELDS) if (e[field] !== null && !optionalString(e[field])) return false;
    const page = e["page"];
    if (page !== undefined && page !== null) {
      if (typeof page !== "object" || Array.isArray(page)) return false;
      const { published, kind } = page as Record<string, unknown>;
      if (typeof published !== "string" || typeof kind !== "string") return false;
    }
  }
  return true;
}

const optionalString = (value: unknown) => value === undefined || typeof value === "string";

/**
 * The tilpress manifest.json at `path`, or undefined when there is none or it is not tilpress's
 * (valid JSON without `"tool": "tilpress"`: `assertOutputFolder` refuses that folder). A
 * tilpress manifest that is not valid JSON or whose entries are damaged is a UsageError naming
 * the file and the field: which files earlier builds wrote is unknown, so rather than leave
 * stale outputs published, the build stops (docs: README, "Commands").
 */
export function readManifest(path: string): Manifest | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const damaged = (what: string) =>
    new UsageError(
      `${path} is damaged: ${what}. tilpress cannot tell which files earlier builds wrote there; ` +
        `delete ${dirname(path)} and build again into it`,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    if (!/"tool"\s*:\s*"tilpress"/.test(text)) return undefined;
    throw damaged(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof data !== "object" || data === null || (data as { tool?: unknown }).tool !== "tilpress") return undefined;
  if (plainlyValid(data)) return data as Manifest;
  const parsed = ManifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
    throw damaged(`${where.replace(/^\./, "") || "the file"}: ${issue.message}`);
  }
  return data as Manifest;
}
