import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { EmitError } from "../core/errors.js";
import { MANIFEST_PATH } from "../core/paths.js";
import { loadStoredOutput, type StoredOutput } from "./buildCache.js";
import type { Manifest, ManifestEntry, Output } from "./output.js";

export interface WriteResult {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: readonly string[];
}

const pendingTemps = new Set<string>();

/** Temp files of a write in progress, so a signal handler can remove them. */
export function removePendingTemps(): void {
  for (const temp of pendingTemps) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Not a file we made (the failure may be that something else is in the way): leave it.
    }
  }
  pendingTemps.clear();
}

/**
 * An atomic write in two phases. `stage` puts each output in a temp file beside its target
 * (or notes that the target already has these bytes) as soon as it is produced, so a large
 * build never holds every output in memory; `commit` renames them all over their targets and
 * removes what the previous manifest listed and this build no longer produces. A failure or a
 * signal before `commit` leaves the previous outputs as they were and no temp file behind.
 */
export class OutputWriter {
  private readonly root: string;
  private readonly plan: { temp: string; target: string }[] = [];
  private readonly paths = new Set<string>();
  private unchanged = 0;
  /** What the previous build wrote, by path: a cached output with the same hash is left alone. */
  private readonly previous: ReadonlyMap<string, ManifestEntry>;

  constructor(
    outDir: string,
    private readonly manifestPath = MANIFEST_PATH,
  ) {
    this.root = resolve(outDir);
    this.previous = new Map(
      (readManifest(join(this.root, manifestPath))?.outputs ?? []).map((e) => [e.path, e] as const),
    );
  }

  /**
   * An output replayed from the cache. If the previous manifest lists the same bytes (hash and
   * size) and the file is there at that size, nothing is read or written: a no-op rebuild
   * touches only the cache index and dist/'s directory entries.
   */
  stageStored(stored: StoredOutput): void {
    const target = resolve(this.root, stored.path);
    const before = this.previous.get(stored.path);
    if (
      before &&
      before.sha256 === stored.sha256 &&
      before.bytes === stored.bytes &&
      target.startsWith(this.root + sep)
    ) {
      let size: number | undefined;
      try {
        size = statSync(target).size;
      } catch {
        size = undefined;
      }
      if (size === stored.bytes) {
        this.paths.add(stored.path);
        this.unchanged++;
        return;
      }
    }
    let output: Output;
    try {
      output = loadStoredOutput(stored);
    } catch (cause) {
      this.fail(new EmitError(cause instanceof Error ? cause.message : String(cause), { cause }));
    }
    this.stage(output);
  }

  stage(output: Output): void {
    const target = resolve(this.root, output.path);
    if (!target.startsWith(this.root + sep))
      this.fail(new EmitError(`Refusing to write outside ${this.root}: ${output.path}`));
    this.paths.add(output.path);
    try {
      if (existsSync(target) && readFileSync(target).equals(output.contents)) {
        this.unchanged++;
        return;
      }
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}.tmp-${process.pid}-${this.plan.length}`;
      pendingTemps.add(temp);
      writeFileSync(temp, output.contents);
      this.plan.push({ temp, target });
    } catch (cause) {
      this.fail(new EmitError(`Could not write outputs to ${this.root}`, { cause }));
    }
  }

  /**
   * `owns` limits the removal to the previous outputs a partial writer is responsible for (the
   * `newsletter` command owns `newsletter/<issue>/`; everything else stays).
   */
  commit(owns: (path: string) => boolean = () => true): WriteResult {
    try {
      for (const { temp, target } of this.plan) {
        renameSync(temp, target);
        pendingTemps.delete(temp);
      }
    } catch (cause) {
      this.fail(new EmitError(`Could not write outputs to ${this.root}`, { cause }));
    }
    const removed = [...this.previous.keys()].filter((p) => !this.paths.has(p) && owns(p));
    for (const path of removed) {
      const target = resolve(this.root, path);
      if (target.startsWith(this.root + sep)) rmSync(target, { force: true });
    }
    return { written: this.plan.length, unchanged: this.unchanged, removed };
  }

  /** Drop every staged temp file; the previous outputs stay as they were. */
  abort(): void {
    removePendingTemps();
  }

  private fail(error: EmitError): never {
    this.abort();
    throw error;
  }
}

/** Write every output atomically (see OutputWriter). */
export function writeOutputs(outDir: string, outputs: readonly Output[], manifestPath = MANIFEST_PATH): WriteResult {
  const writer = new OutputWriter(outDir, manifestPath);
  for (const output of outputs) writer.stage(output);
  return writer.commit();
}

/** A tilpress manifest.json, or undefined if there is none (or it is not one). */
export function readManifest(path: string): Manifest | undefined {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as Partial<Manifest>;
    return data.tool === "tilpress" && Array.isArray(data.outputs) ? (data as Manifest) : undefined;
  } catch {
    return undefined;
  }
}
