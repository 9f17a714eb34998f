import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { EmitError } from "../core/errors.js";
import type { Manifest, Output } from "./output.js";

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
 * Write every output atomically: first all of them to temp files beside their targets, then
 * rename each over its target. A failure before the renames leaves the previous outputs as they
 * were and no temp file behind. Outputs the previous manifest listed and this build no longer
 * produces (a deleted article) are removed.
 */
export function writeOutputs(outDir: string, outputs: readonly Output[], manifestPath = "manifest.json"): WriteResult {
  const root = resolve(outDir);
  const previous = readManifest(join(root, manifestPath));
  const plan: { temp: string; target: string }[] = [];
  let unchanged = 0;
  try {
    for (const output of outputs) {
      const target = resolve(root, output.path);
      if (!target.startsWith(root + sep)) throw new EmitError(`Refusing to write outside ${root}: ${output.path}`);
      if (existsSync(target) && readFileSync(target).equals(output.contents)) {
        unchanged++;
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}.tmp-${process.pid}-${plan.length}`;
      pendingTemps.add(temp);
      writeFileSync(temp, output.contents);
      plan.push({ temp, target });
    }
    for (const { temp, target } of plan) {
      renameSync(temp, target);
      pendingTemps.delete(temp);
    }
  } catch (cause) {
    removePendingTemps();
    throw cause instanceof EmitError ? cause : new EmitError(`Could not write outputs to ${root}`, { cause });
  }
  const current = new Set(outputs.map((o) => o.path));
  const removed = (previous?.outputs ?? []).map((e) => e.path).filter((p) => !current.has(p));
  for (const path of removed) {
    const target = resolve(root, path);
    if (target.startsWith(root + sep)) rmSync(target, { force: true });
  }
  return { written: plan.length, unchanged, removed };
}

function readManifest(path: string): Manifest | undefined {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as Partial<Manifest>;
    return data.tool === "tilpress" && Array.isArray(data.outputs) ? (data as Manifest) : undefined;
  } catch {
    return undefined;
  }
}
