import { relative, sep } from "node:path";
import { watch } from "chokidar";

export interface ProjectWatcher {
  close(): Promise<void>;
}

/** What to watch in a project folder, and what to leave alone in it. */
export interface WatchOptions {
  readonly root: string;
  /** Top-level folders watched with everything in them (`data`, `locales`, `templates`). */
  readonly folders: readonly string[];
  /** Top-level files watched (`tilpress.config.json`). */
  readonly files: readonly string[];
  /** Folders inside the watched ones never looked at: output, cache and staging folders. */
  readonly ignoredNames: readonly string[];
  /** Called once per burst of changes with the paths that changed (absolute). */
  readonly onChange: (changed: readonly string[]) => void;
  /** How long a burst must be quiet before `onChange` (ms). */
  readonly settleMs?: number;
}

/**
 * Watch a project with chokidar, which watches each folder (so a file replaced by a rename —
 * `sed -i`, an editor's atomic save — is seen every time, not only the first), sees files and
 * folders deleted and re-created, and new article folders. The project root itself is watched
 * one level deep so that a watched folder that is removed and made again, or that did not
 * exist when the preview started, is picked up too. `onChange` is called once per burst: an
 * editor's save is several events (write, rename, chmod) and a `git checkout` is many.
 * Resolves once the first scan is done: a change after that is never missed.
 */
export async function watchProject(options: WatchOptions): Promise<ProjectWatcher> {
  const { root, folders, files, ignoredNames, onChange, settleMs = 60 } = options;
  const ignored = (path: string): boolean => {
    const rel = relative(root, path);
    if (rel === "") return false;
    const [top = "", ...rest] = rel.split(sep);
    if (rest.length === 0 && files.includes(top)) return false;
    if (!folders.includes(top)) return true;
    return rest.some((name) => ignoredNames.includes(name));
  };
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const changed = pending;
    pending = [];
    onChange(changed);
  };
  const watcher = watch(root, {
    ignored,
    ignoreInitial: true,
    // Links are the project reader's to judge (it refuses those out of the project), not followed here.
    followSymlinks: false,
    // A file removed and added again within this many ms (an atomic save) is one change.
    atomic: 100,
  });
  watcher.on("all", (_event, path) => {
    pending.push(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, settleMs);
  });
  // A watched folder that goes away or cannot be read must not take the preview down.
  watcher.on("error", () => {});
  await new Promise<void>((resolve) => watcher.once("ready", resolve));
  return {
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
