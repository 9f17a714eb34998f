import { readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TilpressError } from "../core/errors.js";
import { makeFolders } from "./makeFolders.js";

/** The lock file a build keeps in its output folder and in its cache folder while it writes there. */
export const LOCK_FILE = ".tilpress-lock";

/** Who holds a lock: enough to tell whether that process is still alive. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** Another live build writes to the same folder. */
export class FolderLockedError extends TilpressError {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${dir} is in use by another tilpress build (pid ${holder.pid} on ${holder.host}, since ${holder.since}); ` +
        `wait for it to finish, or remove ${join(dir, LOCK_FILE)} if that process is gone`,
    );
  }
}

/** Locks this process holds, by folder: taken again by the same process, they are counted, not re-created. */
const held = new Map<string, { count: number; token: string; heartbeat: NodeJS.Timeout }>();

/**
 * A holder on another machine (a folder shared over the network, a CI cache restored with the
 * lock of a killed job) cannot be asked whether it lives: its lock counts while its file was
 * touched in the last STALE_ELSEWHERE_MS, and a holder touches it every HEARTBEAT_MS.
 */
const HEARTBEAT_MS = 60_000;
const STALE_ELSEWHERE_MS = 10 * 60_000;

/**
 * An exclusive lock on a folder for one process: a file made with O_EXCL holding the pid. A lock
 * whose process is dead (killed with SIGKILL, the machine restarted) is stale and taken over;
 * a live one is refused (`lockFolder`) or waited for (`waitForFolder`). Released on `release()`
 * and, whatever happens short of SIGKILL, when the process exits.
 */
export class FolderLock {
  private released = false;

  private constructor(readonly dir: string) {}

  /**
   * Take the lock now, or throw FolderLockedError naming the live holder. `shared`: this process
   * may take it again while it holds it (the cache: a parallel build's in-process build()); an
   * output folder's is not (two writers would share one staging folder).
   */
  static take(folder: string, { shared = false }: { shared?: boolean } = {}): FolderLock {
    const dir = resolve(folder);
    const mine = held.get(dir);
    if (mine) {
      const holder = parseHolder(mine.token);
      if (!shared && holder) throw new FolderLockedError(dir, holder);
      mine.count++;
      return new FolderLock(dir);
    }
    makeFolders(dir);
    const path = join(dir, LOCK_FILE);
    const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    const token = JSON.stringify(me);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        writeFileSync(path, token, { flag: "wx" });
        const heartbeat = setInterval(() => touch(path), HEARTBEAT_MS).unref();
        held.set(dir, { count: 1, token, heartbeat });
        return new FolderLock(dir);
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code !== "EEXIST") throw cause;
      }
      const seen = readRaw(path);
      const holder = seen === undefined ? undefined : parseHolder(seen);
      if (holder && isAlive(holder, path)) throw new FolderLockedError(dir, holder);
      // Stale (or unreadable, half-written by a process killed at once): move it aside and try
      // again. If what was moved is not what was judged stale, another build took the lock over
      // in between: put its lock back.
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
        if (readRaw(aside) !== seen) renameSync(aside, path);
        else rmSync(aside, { force: true });
      } catch {
        // Another build moved it first: the next attempt sees its lock.
      }
    }
    const holder = readHolder(path);
    throw new FolderLockedError(dir, holder ?? { pid: 0, host: "?", since: "?" });
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const mine = held.get(this.dir);
    if (!mine || --mine.count > 0) return;
    held.delete(this.dir);
    clearInterval(mine.heartbeat);
    removeIfMine(this.dir, mine.token);
  }
}

/** How to wait for a folder another build holds. */
export interface WaitOptions {
  /** Told once who is being waited for. */
  readonly onWait?: (holder: LockHolder) => void;
  /** Then give up with the FolderLockedError (default 10 minutes). */
  readonly timeoutMs?: number;
}

/**
 * `take` (something that takes a folder's lock), retried every 200 ms while a live build holds
 * it. Asynchronous, so a signal still stops the wait.
 */
export async function whenFree<T>(take: () => T, { onWait, timeoutMs = 10 * 60_000 }: WaitOptions = {}): Promise<T> {
  const until = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      return take();
    } catch (error) {
      if (!(error instanceof FolderLockedError) || Date.now() >= until) throw error;
      if (!told) onWait?.(error.holder);
      told = true;
      await sleep(200);
    }
  }
}

function readRaw(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const data = JSON.parse(text) as Partial<LockHolder>;
    return typeof data.pid === "number" && typeof data.host === "string"
      ? { pid: data.pid, host: data.host, since: String(data.since) }
      : undefined;
  } catch {
    return undefined;
  }
}

function readHolder(path: string): LockHolder | undefined {
  const text = readRaw(path);
  return text === undefined ? undefined : parseHolder(text);
}

function isAlive(holder: LockHolder, path: string): boolean {
  if (holder.host !== hostname()) {
    try {
      return Date.now() - statSync(path).mtimeMs < STALE_ELSEWHERE_MS;
    } catch {
      return false;
    }
  }
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return !startedSinceLocked(holder);
}

/** /proc's clock ticks a second (USER_HZ: 100 on every Linux Node runs on, fixed by its ABI). */
const USER_HZ = 100;
/**
 * How much younger than the lock a process must be to be another. A live holder judged stale
 * would let two builds write one folder, so the margin is wide: the time of day may be set
 * forward while a build runs (NTP stepping the clock), which makes its lock look older.
 */
const PID_REUSE_SLACK_S = 60;

/**
 * Whether the live process with the holder's pid started after the lock was taken: the pid was
 * given out again (Linux does, after 32,768 of them here) and the holder is gone, as when a
 * killed build's lock is restored from a CI cache. Ages, not times of day: the process's from the
 * boot clock in /proc, the lock's from its `since`. False where there is no /proc.
 */
function startedSinceLocked(holder: LockHolder): boolean {
  const since = Date.parse(holder.since);
  if (!Number.isFinite(since)) return false;
  try {
    const stat = readFileSync(`/proc/${holder.pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime 22.
    const startTicks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
    if (!Number.isFinite(startTicks) || !Number.isFinite(uptime)) return false;
    const processAge = uptime - startTicks / USER_HZ;
    const lockAge = (Date.now() - since) / 1000;
    return processAge + PID_REUSE_SLACK_S < lockAge;
  } catch {
    return false;
  }
}

function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Gone (removed by hand): the build goes on; the next one takes the folder.
  }
}

function removeIfMine(dir: string, token: string): void {
  const path = join(dir, LOCK_FILE);
  try {
    if (readFileSync(path, "utf8") === token) rmSync(path, { force: true });
  } catch {
    // Already gone.
  }
}

// Whatever ends the process short of SIGKILL (an exception, process.exit in a signal handler)
// leaves no lock behind.
process.on("exit", () => {
  for (const [dir, { token, heartbeat }] of held) {
    clearInterval(heartbeat);
    removeIfMine(dir, token);
  }
  held.clear();
});
