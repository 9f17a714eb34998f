import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FILE_HASHES } from "../src/emit/fileHashes.js";
import { REPO } from "./helpers.js";

/**
 * Fault tests of the output folder: builds killed with SIGKILL before, during and after their
 * commit (TILPRESS_FAULT, see faultPoint in src/emit/writeOutputs.ts, or by timing), builds
 * running at once, and SIGTERM. Every test runs the CLI as a user would.
 */

const BIN = join(REPO, "bin/tilpress.js");
const ARTICLES = 30;
const STAGING = ".tilpress-staging";
const LOCK = ".tilpress-lock";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

function tilpress(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
}

function started(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );

/** The files of an output folder by path, with their hashes; the staging folder and the lock apart. */
function filesOf(out: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name)
      .slice(out.length + 1)
      .split("\\")
      .join("/");
    if (path.startsWith(`${STAGING}/`) || path === LOCK) continue;
    files.set(path, sha256(readFileSync(join(out, path))));
  }
  return files;
}

interface Manifest {
  readonly outputs: readonly { readonly path: string; readonly sha256: string }[];
}

const manifestOf = (out: string): Manifest | undefined =>
  existsSync(join(out, "manifest.json"))
    ? (JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest)
    : undefined;

/** The manifest lists exactly the files present, each with its hash (itself apart). */
function expectManifestExact(out: string): void {
  const manifest = manifestOf(out);
  expect(manifest, "manifest.json").toBeDefined();
  const present = filesOf(out);
  present.delete("manifest.json");
  expect(new Map(manifest!.outputs.map((e) => [e.path, e.sha256]))).toEqual(present);
}

/** Every file present is the old or the new version of itself, and any manifest tells the truth. */
function expectOldOrNew(out: string, versions: readonly ReadonlyMap<string, string>[]): void {
  for (const [path, hash] of filesOf(out)) {
    if (path === "manifest.json") continue;
    const known = versions.map((v) => v.get(path)).filter(Boolean);
    expect(known.length, `${path} is an output of neither build`).toBeGreaterThan(0);
    expect(known, `${path} is neither the old nor the new version`).toContain(hash);
  }
  if (manifestOf(out)) expectManifestExact(out);
}

/** Kill a build with SIGKILL once its staging folder holds `files` files. */
async function killWhileStaging(args: string[], out: string, files: number): Promise<void> {
  const child = started(args);
  const done = exited(child);
  for (;;) {
    const staged = existsSync(join(out, STAGING)) ? readdirSync(join(out, STAGING)).length : 0;
    if (staged >= files) break;
    const raced = await Promise.race([done.then(() => true), new Promise((r) => setTimeout(r, 20)).then(() => false)]);
    if (raced) throw new Error("the build ended before it could be killed");
  }
  child.kill("SIGKILL");
  expect((await done).signal).toBe("SIGKILL");
}

let root: string;
const dirs: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

beforeAll(() => {
  root = temp("tilpress-crash-");
  const made = spawnSync(process.execPath, [join(REPO, "bench/generate.js"), root, String(ARTICLES)], {
    encoding: "utf8",
  });
  expect(made.status, made.stderr).toBe(0);
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("a build killed at any moment", () => {
  it("leaves every file old or new, never a manifest that lies, and the next build leaves exactly the manifest's files", async () => {
    const out = temp("tilpress-crash-out-");
    const args = ["build", "--root", root, "--out", out, "--format", "html", "--jobs", "2", "--quiet"];
    const style = join(root, "templates/style.css");
    const styleA = readFileSync(style, "utf8");
    const last = join(root, "data/articles", `story-${String(ARTICLES).padStart(5, "0")}`);
    const lastCopy = temp("tilpress-crash-article-");
    cpSync(last, lastCopy, { recursive: true });
    // Version A: the project as generated. Version B: another stylesheet (every page changes)
    // and one article fewer (its files must go).
    const toA = () => {
      writeFileSync(style, styleA);
      cpSync(lastCopy, last, { recursive: true });
    };
    const toB = () => {
      writeFileSync(style, styleA + "\n.masthead { letter-spacing: 0.01em; }\n");
      rmSync(last, { recursive: true, force: true });
    };

    const first = tilpress(args);
    expect(first.status, first.stderr).toBe(0);
    const a = filesOf(out);
    expectManifestExact(out);
    toB();
    const refOut = temp("tilpress-crash-ref-");
    const ref = tilpress([...args.map((x) => (x === out ? refOut : x)), "--no-cache"]);
    expect(ref.status, ref.stderr).toBe(0);
    const b = filesOf(refOut);
    expect([...b.keys()].some((p) => a.has(p) && a.get(p) !== b.get(p))).toBe(true);
    expect([...a.keys()].filter((p) => !b.has(p)).length).toBeGreaterThan(0);

    // While outputs are being staged: nothing in dist/ changed.
    await killWhileStaging(args, out, 40);
    expect(filesOf(out)).toEqual(a);
    expectManifestExact(out);

    // At the start of the commit: the old manifest is gone, no file replaced yet.
    let killed = tilpress(args, { TILPRESS_FAULT: "commit-start" });
    expect(killed.signal).toBe("SIGKILL");
    expect(manifestOf(out)).toBeUndefined();
    expectOldOrNew(out, [a, b]);

    // Half-way through the renames: some pages old, some new, no manifest claiming either.
    killed = tilpress(args, { TILPRESS_FAULT: "commit-middle" });
    expect(killed.signal).toBe("SIGKILL");
    expect(manifestOf(out)).toBeUndefined();
    const mixed = filesOf(out);
    expect([...mixed].some(([p, h]) => a.get(p) === h && b.get(p) !== h)).toBe(true);
    expect([...mixed].some(([p, h]) => b.get(p) === h && a.get(p) !== h)).toBe(true);
    expectOldOrNew(out, [a, b]);

    // The next build finishes the job: exactly B, the removed article's files gone, no debris.
    const next = tilpress(args);
    expect(next.status, next.stderr).toBe(0);
    expect(filesOf(out)).toEqual(b);
    expectManifestExact(out);
    expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);

    // Back to A, killed with every file in place but the manifest not yet renamed.
    toA();
    killed = tilpress(args, { TILPRESS_FAULT: "commit-end" });
    expect(killed.signal).toBe("SIGKILL");
    expect(manifestOf(out)).toBeUndefined();
    expectOldOrNew(out, [a, b]);

    // After the commit (manifest in place), before the staging folder and the lock are removed:
    // the folder is A, and the dead build's lock is taken over by the next one.
    killed = tilpress(args, { TILPRESS_FAULT: "committed" });
    expect(killed.signal).toBe("SIGKILL");
    expect(filesOf(out)).toEqual(a);
    expectManifestExact(out);
    expect(existsSync(join(out, LOCK))).toBe(true);

    // Temp files an older tilpress left beside the outputs go too. Those versions wrote no
    // `page` in the manifest's entries; beside a current manifest nothing is looked for.
    const page = [...a.keys()].find((p) => p.endsWith("briefing.html"))!;
    writeFileSync(join(out, `${page}.tmp-4242-7`), "debris");
    appendFileSync(join(out, STAGING, "0"), "half-written");
    const rebuilt = tilpress(args);
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    expect(existsSync(join(out, `${page}.tmp-4242-7`))).toBe(true);
    expect(existsSync(join(out, STAGING))).toBe(false);
    const current = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {
      outputs: Record<string, unknown>[];
    };
    for (const entry of current.outputs) delete entry.page;
    writeFileSync(join(out, "manifest.json"), JSON.stringify(current));
    const clean = tilpress(args);
    expect(clean.status, clean.stderr).toBe(0);
    expect(filesOf(out)).toEqual(a);
    expectManifestExact(out);
    expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
    // No temp folder or lock; the file hashes (a dotfile, so that pruning leaves it) stay.
    expect(readdirSync(join(root, ".tilpress-cache")).filter((n) => n.includes(".tmp-") || n.startsWith("."))).toEqual([
      FILE_HASHES,
    ]);

    // Killed right after it started: nothing touched.
    const early = started(args);
    // Listened for from the start: a build with nothing to do may end within the 150 ms, and
    // its exit, already past, would never be heard (the test then waited for its 10 minutes).
    const earlyDone = exited(early);
    await new Promise((r) => setTimeout(r, 150));
    early.kill("SIGKILL");
    await earlyDone;
    expect(filesOf(out)).toEqual(a);
    expectManifestExact(out);
  }, 600_000);
});

describe("builds at once and signals", () => {
  it("two builds into one output folder and cache: the second waits for the first, both succeed", async () => {
    const out = temp("tilpress-twice-");
    const args = [
      "build",
      "--root",
      root,
      "--out",
      out,
      "--format",
      "html",
      "--jobs",
      "1",
      // Every article built, none replayed from the cache an earlier test filled: the first
      // build holds the lock for a second or two. Four articles (some 150 ms replayed, 320 ms
      // built) could be done before the second process, slower under a full run's load, asked.
      "--no-cache",
    ];
    const one = started(args);
    let stderr = "";
    one.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    let ended = false;
    const first = exited(one).finally(() => (ended = true));
    // The second starts once the first holds the folder's lock.
    while (!ended && !existsSync(join(out, LOCK))) await new Promise((r) => setTimeout(r, 10));
    const two = started(args);
    two.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const [r1, r2] = await Promise.all([first, exited(two)]);
    expect([r1.code, r2.code], stderr).toEqual([0, 0]);
    expect(stderr).toMatch(/waiting for the build \(pid \d+\) that is writing/);
    expectManifestExact(out);
    expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
  }, 300_000);

  it("SIGTERM stops a build at the next article: workers ended, staging and lock removed, outputs untouched", async () => {
    const out = temp("tilpress-term-");
    const args = ["build", "--root", root, "--out", out, "--format", "html", "--jobs", "2", "--no-cache"];
    const first = tilpress([...args, "--article", "story-00001,story-00002", "--quiet"]);
    expect(first.status, first.stderr).toBe(0);
    const before = filesOf(out);
    const child = started(args);
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const done = exited(child);
    while (!existsSync(join(out, STAGING)) || readdirSync(join(out, STAGING)).length < 2) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGTERM");
    const { code } = await done;
    // 128 + 15, as a shell reports a process SIGTERM stopped (130 is Ctrl-C's).
    expect(code).toBe(143);
    // The main thread builds articles too and takes the signal between two of them: the build
    // stopped long before its end (a wall-time bound would depend on the machine's load).
    expect(stderr).not.toContain(`${ARTICLES}/${ARTICLES} articles`);
    expect(stderr).toContain("stopped by SIGTERM; previous outputs left intact");
    expect(filesOf(out)).toEqual(before);
    expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
  }, 300_000);
});
