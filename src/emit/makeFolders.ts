import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * `mkdir -p`: the folder and any missing folders on its way, made one at a time from the nearest
 * that exists. Not Node's `mkdirSync(…, { recursive: true })`, which loops forever where a file
 * system answers ENOENT to mkdir under a folder that exists (`--out /proc/x`, red-team H6).
 * Throws the first failure (ENOTDIR, EACCES, ENOENT …) with the folder it was making.
 */
export function makeFolders(folder: string, mode?: number): void {
  const missing: string[] = [];
  for (let dir = resolve(folder); ;) {
    try {
      if (statSync(dir).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: not a folder, mkdir '${dir}'`), { code: "ENOTDIR", path: dir });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir, mode === undefined ? {} : { mode });
    } catch (error) {
      // Made meanwhile by another build: fine if it is a folder.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || !statSync(dir).isDirectory()) throw error;
    }
  }
}
