import { existsSync, watch, type FSWatcher } from "node:fs";

export interface ProjectWatcher {
  close(): void;
}

/** A folder to watch: all of it (recursively), or only the entries `names` directly in it. */
export interface WatchedFolder {
  readonly path: string;
  readonly names?: readonly string[];
}

/**
 * Watch folders (recursively: Node 20 does it on Linux too) and call `onChange` once per
 * burst of events: an editor's save is often several (write, rename, chmod), and a
 * `git checkout` is many. A folder that does not exist is skipped. A single file is watched
 * through its folder, because an editor that saves by renaming replaces the file's inode.
 */
export function watchFolders(
  folders: readonly WatchedFolder[],
  onChange: (changed: readonly string[]) => void,
  settleMs = 60,
): ProjectWatcher {
  const watchers: FSWatcher[] = [];
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const changed = pending;
    pending = [];
    onChange(changed);
  };
  for (const { path, names } of folders) {
    if (!existsSync(path)) continue;
    const watcher = watch(path, { recursive: !names }, (_event, name) => {
      if (names && (!name || !names.includes(name))) return;
      pending.push(name ? `${path}/${name}` : path);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, settleMs);
    });
    // A watched folder that goes away (deleted, unmounted) must not crash the preview.
    watcher.on("error", () => watcher.close());
    watchers.push(watcher);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
