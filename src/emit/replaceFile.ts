import { closeSync, fchmodSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { threadId } from "node:worker_threads";

/**
 * Replace an existing file's contents atomically, keeping its mode (`writeFileAtomic`). `path`
 * must be a real path (no link): a rename over a link would replace the link, not its target.
 */
export function replaceFile(path: string, bytes: Uint8Array): void {
  writeFileAtomic(path, bytes, statSync(path).mode & 0o7777);
}

/**
 * Write a file atomically: a temporary file beside it (same folder, so the rename does not cross
 * file systems), given `mode`, then renamed over the path. A reader sees the old bytes or the
 * new, never a half-written file. Throws what failed, the temporary file removed.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array, mode = 0o644): void {
  const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${threadId}`);
  try {
    const fd = openSync(temp, "wx", 0o600);
    try {
      // fchmod, not openSync's mode: the umask would narrow that.
      fchmodSync(fd, mode);
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (cause) {
    rmSync(temp, { force: true });
    throw cause;
  }
}
