import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  symlinkSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { build, type Manifest } from "../src/index.js";
import { progressReporter } from "../src/cli/progress.js";
import { selectArticles, shardOf } from "../src/build/selectArticles.js";
import { edit, projectCopy, REPO, SEED, SEED_DIR, seedCopy } from "./helpers.js";

const BIN = join(REPO, "bin/tilpress.js");
const tilpress = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

/** The bundled project with n more copies of the seed article: story-01 … story-n. */
function corpus(n: number): string {
  const root = seedCopy();
  for (let i = 1; i <= n; i++) {
    const id = `story-${String(i).padStart(2, "0")}`;
    cpSync(join(root, SEED_DIR), join(root, "data/articles", id), { recursive: true });
    edit(root, `data/articles/${id}/article.yaml`, `id: ${SEED}`, `id: ${id}`);
  }
  return root;
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;

describe("selecting articles", () => {
  it("globs, and a pattern that matches nothing is a usage error", () => {
    const ids = ["story-2020-01", "story-2020-02", "story-2021-01", "other"];
    expect(selectArticles(ids, ["story-2020-*"], undefined)).toEqual(["story-2020-01", "story-2020-02"]);
    // An id with glob characters is still itself (the workers are handed ids as patterns).
    expect(selectArticles(["story(1)-2024-01-01", "other"], ["story(1)-2024-01-01"], undefined)).toEqual([
      "story(1)-2024-01-01",
    ]);
    expect(selectArticles(["a[1]", "a1"], ["!a[1]"], undefined)).toEqual([]);
    expect(selectArticles(ids, ["*-01", "other"], undefined)).toEqual(["story-2020-01", "story-2021-01", "other"]);
    expect(() => selectArticles(ids, ["nope-*"], undefined)).toThrow(/No article matches "nope-\*"/);
  });

  it("shards: every article in exactly one, decided by its id alone", () => {
    const ids = Array.from({ length: 200 }, (_, i) => `a-${i}`);
    const shards = [1, 2, 3].map((k) => selectArticles(ids, undefined, { index: k, count: 3 }));
    expect(shards.flat().sort()).toEqual([...ids].sort());
    for (const s of shards) expect(s.length).toBeGreaterThan(40);
    // Adding articles moves nobody.
    const more = [...ids, "new-1", "new-2"];
    expect(selectArticles(more, undefined, { index: 2, count: 3 }).filter((id) => ids.includes(id))).toEqual(shards[1]);
    expect(shardOf("a-7", 3)).toBe(shardOf("a-7", 3));
  });
});

describe("shards and merge", () => {
  it("building in shards and merging gives the same files, bytes and manifest as one build", () => {
    const root = corpus(3);
    const whole = mkdtempSync(join(tmpdir(), "tilpress-whole-"));
    expect(tilpress(["build", "--root", root, "--out", whole, "--quiet"]).status).toBe(0);
    const shardDirs = [1, 2].map((k) => {
      const out = mkdtempSync(join(tmpdir(), `tilpress-shard-${k}-`));
      const r = tilpress(["build", "--root", root, "--out", out, "--shard", `${k}/2`, "--quiet"]);
      expect(r.status, r.stderr).toBe(0);
      expect(manifestOf(out).shard).toBe(`${k}/2`);
      expect(manifestOf(out).outputs.some((e) => e.path === "index.html")).toBe(false);
      return out;
    });
    const merged = mkdtempSync(join(tmpdir(), "tilpress-merged-"));
    const r = tilpress(["merge", "--root", root, "--out", merged, ...shardDirs]);
    expect(r.status, r.stderr).toBe(0);
    expect(manifestOf(merged)).toEqual(manifestOf(whole));
    for (const entry of manifestOf(whole).outputs)
      expect(readFileSync(join(merged, entry.path)).equals(readFileSync(join(whole, entry.path))), entry.path).toBe(
        true,
      );
  });

  describe("merge refuses anything but one complete set of shards of one build (exit 1, naming it)", () => {
    const root = corpus(3);
    const shard = (spec: string, ...more: string[]) => {
      const out = mkdtempSync(join(tmpdir(), `tilpress-shard-`));
      const r = tilpress([
        "build",
        "--root",
        root,
        "--out",
        out,
        "--shard",
        spec,
        "--format",
        "html",
        "--quiet",
        ...more,
      ]);
      expect(r.status, r.stderr).toBe(0);
      return out;
    };
    const [s1, s2] = [shard("1/2"), shard("2/2")];
    const merge = (...dirs: string[]) => {
      const out = mkdtempSync(join(tmpdir(), "tilpress-m-"));
      const r = tilpress(["merge", "--root", root, "--out", out, ...dirs]);
      return { ...r, wrote: readdirSync(out) };
    };

    it("merges the complete set", () => {
      const r = merge(s2, s1);
      expect(r.status, r.stderr).toBe(0);
      expect(r.wrote).toContain("index.html");
    });

    it.each([
      ["a missing shard", () => [s1], /Shard 2\/2 missing: merge needs all 2/],
      ["the same shard twice", () => [s1, s1], /Shard 1\/2 is given twice/],
      ["a shard of another n", () => [s1, s2, shard("3/3")], /is shard 3\/3, but .* is one of 2/],
      ["a shard of other options", () => [s1, shard("2/2", "--locale", "en")], /was built from other inputs than/],
    ])("%s", (_, dirs, message) => {
      const r = merge(...dirs());
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.wrote).toEqual([]);
    });

    it("a shard copied in part (an interrupted artifact download): the missing file named, no stack trace", () => {
      const partial = shard("2/2");
      const listed = (
        JSON.parse(readFileSync(join(partial, "manifest.json"), "utf8")) as { outputs: { path: string }[] }
      ).outputs
        .map((o) => o.path)
        .find((p) => p.endsWith(".html") && p.split("/").length === 3)!;
      rmSync(join(partial, listed));
      const r = merge(s1, partial);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${join(partial, listed)} is missing: ${partial}/manifest.json lists it`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.wrote).toEqual([]);
    });

    it("a whole build is not a shard", () => {
      const whole = mkdtempSync(join(tmpdir(), "tilpress-whole-"));
      tilpress(["build", "--root", root, "--out", whole, "--format", "html", "--quiet"]);
      const r = merge(whole);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${whole} is not a shard build`);
    });

    it("a shard of another article set (another commit) is foreign", () => {
      const other = corpus(4);
      const out = mkdtempSync(join(tmpdir(), "tilpress-foreign-"));
      expect(
        tilpress(["build", "--root", other, "--out", out, "--shard", "2/2", "--format", "html", "--quiet"]).status,
      ).toBe(0);
      const r = merge(s1, out);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${out} was built from other inputs than ${s1}`);
    });
  });
});

describe("the manifest's inputs hash", () => {
  it("changes for exactly the outputs whose inputs changed", () => {
    const root = corpus(1);
    const before = build({ root, formats: ["html"] }).outputs;
    edit(root, "data/articles/story-01/ru.md", "Крупные силы полиции", "Большие силы полиции");
    const after = build({ root, formats: ["html"] }).outputs;
    const changed = after
      .filter((o) => o.inputs && before.find((b) => b.path === o.path)?.inputs !== o.inputs)
      .map((o) => o.path);
    // News items: a briefing each (src/model/kinds.ts).
    expect(changed).toEqual(["ru/story-01/briefing.html"]);
    // A glossary entry the articles use changes every page that names it.
    edit(root, "data/glossary.yaml", "kk: { name: Шымкент }", "kk: { name: Шымкент қаласы }");
    const third = build({ root, formats: ["html"] }).outputs;
    const glossaryChanged = third
      .filter((o) => o.inputs && after.find((b) => b.path === o.path)?.inputs !== o.inputs)
      .map((o) => o.path);
    expect(glossaryChanged.sort()).toEqual([`kk/${SEED}/briefing.html`, "kk/story-01/briefing.html"]);
    // The catalog, templates and stylesheet are hashed once per build and set of locales: a
    // Russian catalog edit changes the Russian pages, a template edit every page, in one process.
    const changedSince = (earlier: readonly { path: string; inputs?: string }[], later: typeof earlier) =>
      later
        .filter((o) => o.inputs && earlier.find((b) => b.path === o.path)?.inputs !== o.inputs)
        .map((o) => o.path)
        .sort();
    edit(root, "locales/ru/common.json", '"Хронология"', '"Хронология событий"');
    const fourth = build({ root, formats: ["html"] }).outputs;
    expect(changedSince(third, fourth)).toEqual([`ru/${SEED}/briefing.html`, "ru/story-01/briefing.html"]);
    appendFileSync(join(root, "templates/style.css"), "\n.timeline { margin-top: 1.5em; }\n");
    const fifth = build({ root, formats: ["html"] }).outputs;
    const pages = fifth.filter((o) => o.article !== undefined && o.inputs).map((o) => o.path);
    expect(pages.length).toBeGreaterThanOrEqual(6);
    expect(changedSince(fourth, fifth)).toEqual(expect.arrayContaining(pages));
  });
});

describe("incremental builds", () => {
  it("an unchanged article is replayed from the cache with the same bytes; an edited one is rendered again", () => {
    const root = corpus(2);
    const cacheDir = join(root, ".tilpress-cache");
    const cold = build({ root, cacheDir });
    expect(cold.cached).toEqual([]);
    const again = build({ root, cacheDir });
    expect(again.cached).toEqual([SEED, "story-01", "story-02"]);
    expect(again.outputs.map((o) => [o.path, o.contents.toString("base64")])).toEqual(
      cold.outputs.map((o) => [o.path, o.contents.toString("base64")]),
    );
    expect(again.diagnostics).toEqual(cold.diagnostics);
    edit(root, "data/articles/story-01/ru.md", "Крупные силы полиции", "Большие силы полиции");
    const edited = build({ root, cacheDir });
    expect(edited.cached).toEqual([SEED, "story-02"]);
    expect(edited.outputs.find((o) => o.path === "ru/story-01/briefing.html")!.contents.toString()).toContain(
      "Большие силы полиции",
    );
    expect(build({ root, cacheDir, force: true }).cached).toEqual([]);
  });

  it("warnings and errors are replayed too, and a shared input (the catalog) invalidates everything", () => {
    const root = corpus(1);
    const cacheDir = join(root, ".tilpress-cache");
    edit(root, "data/articles/story-01/article.yaml", "dateline: almaty", "dateline: almatty");
    const first = build({ root, cacheDir });
    const second = build({ root, cacheDir });
    expect(second.cached).toEqual([SEED, "story-01"]);
    expect(second.diagnostics).toEqual(first.diagnostics);
    expect(second.errorCount).toBe(1);
    edit(root, "locales/ru/common.json", '"Хронология"', '"Хронология событий"');
    expect(build({ root, cacheDir }).cached).toEqual([]);
  });

  it("a deleted article's outputs are removed on the next build", () => {
    const root = corpus(1);
    const out = mkdtempSync(join(tmpdir(), "tilpress-del-"));
    expect(tilpress(["build", "--root", root, "--out", out, "--quiet", "--format", "html"]).status).toBe(0);
    expect(manifestOf(out).outputs.some((e) => e.article === "story-01")).toBe(true);
    rmSync(join(root, "data/articles/story-01"), { recursive: true });
    expect(tilpress(["build", "--root", root, "--out", out, "--quiet", "--format", "html"]).status).toBe(0);
    expect(manifestOf(out).outputs.some((e) => e.article === "story-01")).toBe(false);
    expect(existsSync(join(out, "en/story-01/briefing.html"))).toBe(false);
  });

  it("a rebuild from the cache reports the same diagnostics, and a catalog edit renders the press rooms again", () => {
    const root = corpus(2);
    // A catalog warning (an unused key) and an article warning, to be reported on every build.
    edit(root, "locales/en/common.json", /^\{/, '{\n  "unused.example": "Not used anywhere",');
    edit(root, "data/articles/story-01/article.yaml", "dateline: almaty", "dateline: almatty");
    const out = mkdtempSync(join(tmpdir(), "tilpress-replay-"));
    const args = ["build", "--root", root, "--out", out, "--reporter", "json", "--jobs", "2"];
    const first = tilpress(args);
    const again = tilpress(args);
    const codes = (r: ReturnType<typeof tilpress>) =>
      (JSON.parse(r.stdout) as { diagnostics: { code: string; file: string }[] }).diagnostics.map(
        (d) => `${d.code} ${d.file}`,
      );
    expect(codes(first)).toContain("catalog/unused-key locales/en/common.json");
    expect(codes(first).some((c) => c.startsWith("data/unknown-id"))).toBe(true);
    expect(again.stdout).toBe(first.stdout);
    expect(again.status).toBe(first.status);
    const room = readFileSync(join(out, "en/index.html"), "utf8");
    edit(root, "locales/en/common.json", /"pressRoom": "[^"]*"/, '"pressRoom": "Briefings of the week"');
    expect(tilpress(args).status).toBe(first.status);
    expect(readFileSync(join(out, "en/index.html"), "utf8")).not.toBe(room);
    expect(readFileSync(join(out, "en/index.html"), "utf8")).toContain("Briefings of the week");
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("Briefings of the week");
  });

  it("the keys read a file again only when its stat changed, and see edits that keep its size and time: in place, sed -i, an atomic save", async () => {
    const root = corpus(3);
    const cacheDir = join(root, ".tilpress-cache");
    // A file changed in the last two seconds is hashed every time (src/emit/fileHashes.ts): let the corpus age.
    await new Promise((r) => setTimeout(r, 2_100));
    expect(build({ root, cacheDir, formats: ["html"] }).cached).toEqual([]);
    const indexFile = join(cacheDir, ".file-hashes.json");
    const index = JSON.parse(readFileSync(indexFile, "utf8")) as { files: Record<string, [...number[], string]> };
    const file = (id: string, name: string) => realpathSync(join(root, "data/articles", id, name));
    expect(index.files[file("story-01", "ru.md")]?.at(-1)).toBe(sha256(readFileSync(file("story-01", "ru.md"))));
    // What the keys read is the index: a record naming other bytes, its stat kept, makes that article a miss.
    index.files[file("story-03", "en.md")]![5] = sha256(Buffer.from("other bytes"));
    writeFileSync(indexFile, JSON.stringify(index));
    expect(build({ root, cacheDir, formats: ["html"] }).cached).toEqual([SEED, "story-01", "story-02"]);

    // Three edits that keep the size, two that keep the modification time too.
    const ru = file("story-01", "ru.md");
    const { atime, mtime } = statSync(ru);
    writeFileSync(ru, readFileSync(ru, "utf8").replace("Крупные силы полиции", "Большие силы полиции"));
    utimesSync(ru, atime, mtime);
    const en = file("story-02", "en.md");
    expect(spawnSync("sed", ["-i", "s/detained by police/detained by POLICE/", en]).status).toBe(0);
    const kk = file("story-03", "kk.md");
    const saved = readFileSync(kk, "utf8").replace("Шымкентте полиция қамауына", "Шымкентте ПОЛИЦИЯ қамауына");
    writeFileSync(`${kk}.swp`, saved);
    utimesSync(`${kk}.swp`, statSync(kk).atime, statSync(kk).mtime);
    renameSync(`${kk}.swp`, kk);
    const edited = build({ root, cacheDir, formats: ["html"] });
    expect(edited.cached).toEqual([SEED]);
    const page = (path: string) => edited.outputs.find((o) => o.path === path)!.contents.toString();
    expect(page("ru/story-01/briefing.html")).toContain("Большие силы полиции");
    expect(page("en/story-02/briefing.html")).toContain("detained by POLICE");
    expect(page("kk/story-03/briefing.html")).toContain("ПОЛИЦИЯ");
  });

  /** Two generated articles and the seed built once into a new folder, and the cached copies of their outputs. */
  function builtOnce(jobs: string) {
    const root = corpus(2);
    const out = mkdtempSync(join(tmpdir(), "tilpress-noop-"));
    const args = ["build", "--root", root, "--out", out, "--quiet", "--format", "html", "--jobs", jobs];
    expect(tilpress(args).status).toBe(0);
    const cacheDir = join(root, ".tilpress-cache");
    const cached = readdirSync(cacheDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".bin"));
    expect(cached.length).toBeGreaterThan(0);
    return { out, args, before: manifestOf(out), cacheDir, cached };
  }

  it("a no-op rebuild reads no cached bytes when dist/ matches the manifest; a missing file is restored from the cache", () => {
    const { out, args, before, cacheDir, cached } = builtOnce("2");
    // Scramble every cached file, keeping its size: a rebuild that read them would notice.
    const originals = new Map(cached.map((f) => [f, readFileSync(join(cacheDir, f))] as const));
    for (const f of cached) writeFileSync(join(cacheDir, f), Buffer.alloc(originals.get(f)!.length, 0x20));
    const noop = tilpress(args);
    expect(noop.status, noop.stderr).toBe(0);
    expect(manifestOf(out)).toEqual(before);
    for (const e of before.outputs) expect(sha256(readFileSync(join(out, e.path))), e.path).toBe(e.sha256);

    // A file gone from dist/ must come from the cache: the scrambled bytes are refused by hash.
    rmSync(join(out, "ru/story-01/briefing.html"));
    const damaged = tilpress(args);
    expect(damaged.status, damaged.stderr + damaged.stdout).toBe(2);
    expect(damaged.stderr).toMatch(/build cache file .* is damaged/);
    expect(existsSync(join(out, "ru/story-01/briefing.html"))).toBe(false);
    expect(readdirSync(out, { recursive: true, encoding: "utf8" }).filter((f) => f.includes(".tmp-"))).toEqual([]);
    // With the cache intact again, the file is restored byte for byte.
    for (const [f, bytes] of originals) writeFileSync(join(cacheDir, f), bytes);
    expect(tilpress(args).status).toBe(0);
    const restored = before.outputs.find((e) => e.path === "ru/story-01/briefing.html")!;
    expect(sha256(readFileSync(join(out, restored.path)))).toBe(restored.sha256);
  });

  it("a no-op rebuild does not take files behind a link for its own: a locale folder replaced by one is refused", () => {
    const { out, args } = builtOnce("1");
    // The same files, moved elsewhere and linked back: every size and hash still matches the manifest.
    const elsewhere = mkdtempSync(join(tmpdir(), "tilpress-elsewhere-"));
    renameSync(join(out, "kk"), join(elsewhere, "kk"));
    symlinkSync(join(elsewhere, "kk"), join(out, "kk"));
    const r = tilpress(args);
    expect(r.status).toBe(2);
    // Named at a cached article's page: taken as in place, it would have been left, not written.
    expect(r.stderr).toMatch(
      /Refusing to write kk\/[a-z0-9-]+\/[a-z-]+\.html: a folder on its way .* is a symbolic link/,
    );
  });

  it("cached copies cut short: a no-op rebuild does not look at them; a file gone from dist/ rebuilds its article", () => {
    const { out, args, before, cacheDir, cached } = builtOnce("1");
    for (const f of cached) writeFileSync(join(cacheDir, f), "cut");
    // dist/ has every output: the copies are not checked, the articles are hits, nothing is written.
    const noop = spawnSync(process.execPath, [BIN, ...args.filter((a) => a !== "--quiet")], { encoding: "utf8" });
    expect(noop.status, noop.stderr).toBe(0);
    expect(noop.stderr).toMatch(/\(0 written, \d+ unchanged; 3 article\(s\) from the cache\)/);
    expect(manifestOf(out)).toEqual(before);

    // A file gone from dist/: its article's copies are checked, found cut, and it is built again.
    rmSync(join(out, "ru/story-01/briefing.html"));
    const rebuilt = spawnSync(process.execPath, [BIN, ...args.filter((a) => a !== "--quiet")], { encoding: "utf8" });
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toMatch(/\(1 written, \d+ unchanged; 2 article\(s\) from the cache\)/);
    const entry = before.outputs.find((e) => e.path === "ru/story-01/briefing.html")!;
    expect(sha256(readFileSync(join(out, entry.path)))).toBe(entry.sha256);
    expect(manifestOf(out)).toEqual(before);
  });
});

describe("progress", () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    let t = 0;
    const reporter = progressReporter({ isTTY, columns: 120, write: (s: string) => chunks.push(s) }, {}, () => t);
    // One article a second.
    for (let done = 1; done <= 40; done++) {
      t = done * 1000;
      reporter.update({ done, total: 40, article: `a-${done}`, cached: false });
    }
    reporter.end();
    return chunks;
  };

  it("in CI or a pipe: a plain line every 10 %", () => {
    const lines = sink(false);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe("tilpress: 1/40 articles · 1.0/s · ETA 39s\n");
    expect(lines.at(-1)).toBe("tilpress: 40/40 articles · 1.0/s · ETA 0s\n");
  });

  it("on a terminal: one redrawn bar, cleared at the end", () => {
    const chunks = sink(true);
    expect(chunks[19]).toBe("\r[############............] 20/40 articles · 1.0/s · ETA 20s\u001b[K");
    expect(chunks.at(-1)).toBe("\r\u001b[K");
    expect(chunks.every((c) => !c.includes("\n"))).toBe(true);
  });

  it("the CLI prints it to stderr, not with --quiet", () => {
    const root = corpus(2);
    const loud = tilpress(["build", "--root", root, "--format", "html", "--no-cache"]);
    expect(loud.stderr).toMatch(/^tilpress: 3\/3 articles · [\d.]+\/s · ETA 0s$/m);
    expect(loud.stderr).toMatch(
      /Built 9 files for 3 article\(s\), 9 newsletter files and 5 site files into .* \(23 written, 0 unchanged\); 3 locale\(s\); 0 error\(s\), 0 warning\(s\) in (\d+ ms|[\d.]+ s)/,
    );
    const quiet = tilpress(["build", "--root", root, "--format", "html", "--quiet"]);
    expect(quiet.stderr).toBe("");
  });
});

describe("interrupted builds", () => {
  it("a build killed midway leaves the previous outputs intact and no temp file", async () => {
    const root = corpus(8);
    const out = mkdtempSync(join(tmpdir(), "tilpress-kill-"));
    expect(tilpress(["build", "--root", root, "--out", out, "--quiet", "--no-cache"]).status).toBe(0);
    const before = manifestOf(out);
    edit(root, `${SEED_DIR}/en.md`, /^headline: .*$/m, "headline: Changed before the interrupted build");
    for (const delay of [300, 900, 1500]) {
      const child = spawn(process.execPath, [BIN, "build", "--root", root, "--out", out, "--quiet", "--no-cache"], {
        stdio: "ignore",
      });
      // Listened for from the start: a build faster than the delay has exited before the kill.
      const exited = new Promise((r) => child.on("exit", r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill("SIGTERM");
      await exited;
      const files = readdirSync(out, { recursive: true }).map(String);
      expect(files.filter((f) => f.includes(".tmp-"))).toEqual([]);
      // Either the old build or the new one, whole: every file matches the manifest on disk.
      const manifest = manifestOf(out);
      for (const entry of manifest.outputs)
        expect(sha256(readFileSync(join(out, entry.path))), entry.path).toBe(entry.sha256);
      expect([before.outputs.length, manifest.outputs.length]).toContain(manifest.outputs.length);
    }
  });
});

describe("worker threads", () => {
  it("the same bytes and manifest whatever --jobs, with the progress of every article", () => {
    // More articles than a build makes in its own thread (IN_THREAD_ARTICLES), so workers make them.
    const root = corpus(6);
    const outs = [1, 2].map((jobs) => {
      const out = mkdtempSync(join(tmpdir(), `tilpress-jobs${jobs}-`));
      const r = spawnSync(
        process.execPath,
        [BIN, "build", "--root", root, "--out", out, "--jobs", String(jobs), "--no-cache", "--format", "html,pdf"],
        { encoding: "utf8", env: { ...process.env, CI: "true" } },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^tilpress: 7\/7 articles/m);
      return out;
    });
    const [one, two] = outs as [string, string];
    expect(readFileSync(join(two, "manifest.json"), "utf8")).toBe(readFileSync(join(one, "manifest.json"), "utf8"));
    for (const entry of manifestOf(one).outputs)
      expect(readFileSync(join(two, entry.path)).equals(readFileSync(join(one, entry.path))), entry.path).toBe(true);
  }, 120_000);

  it("with the default --jobs a small batch is built in the main thread; --jobs 2 asks for a worker", () => {
    // Seven articles: more than a build with --jobs makes alone (6), fewer than one without (32).
    const root = corpus(6);
    const workerStarted = (args: readonly string[]) => {
      const out = mkdtempSync(join(tmpdir(), "tilpress-auto-jobs-"));
      const r = spawnSync(
        process.execPath,
        [BIN, "build", "--root", root, "--out", out, "--quiet", "--no-cache", ...args],
        {
          encoding: "utf8",
          env: { ...process.env, TILPRESS_CODE_CACHE_REPORT: "1" },
        },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(manifestOf(out).outputs.filter((o) => o.article === "story-06").length).toBeGreaterThan(0);
      // A worker's start reports its code cache (src/cli/codeCache.ts); the main thread's always does.
      expect(r.stderr).toMatch(/^tilpress code cache \(main\)/m);
      return /^tilpress code cache \(worker\)/m.test(r.stderr);
    };
    expect(workerStarted(["--format", "html"])).toBe(false);
    expect(workerStarted(["--format", "html", "--jobs", "2"])).toBe(true);
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ jobs: 2 }));
    expect(workerStarted(["--format", "html"])).toBe(true);
  }, 120_000);

  it("--jobs must be a whole number", () => {
    const r = tilpress(["build", "--root", projectCopy(), "--jobs", "0"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--jobs must be a whole number of at least 1");
  });

  it("--jobs and the config's jobs are at most 256, written in digits: a usage error before anything is built", () => {
    const root = projectCopy();
    const out = join(root, "out");
    const refused = (args: string[]) => {
      const r = tilpress(["build", "--root", root, "--out", out, "--format", "html", ...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(existsSync(out)).toBe(false);
      return r.stderr;
    };
    expect(refused(["--jobs", "257"])).toContain('--jobs must be at most 256, not "257"');
    expect(refused(["--jobs", "9007199254740993"])).toContain('--jobs must be at most 256, not "9007199254740993"');
    // Numbers to Number(), not a count of threads.
    expect(refused(["--jobs", "1e6"])).toContain('--jobs must be a whole number of at least 1, not "1e6"');
    expect(refused(["--jobs", "0x10"])).toContain('--jobs must be a whole number of at least 1, not "0x10"');
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ jobs: Number.MAX_SAFE_INTEGER }));
    expect(refused([])).toContain("tilpress.config.json:1:9: jobs: must be at most 256");
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ jobs: 256 }));
    const r = tilpress(["check", "--root", root, "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
  }, 60_000);

  it("the default, the cores, is at most 256 too: a machine of 384 threads does not start 383 workers", async () => {
    vi.resetModules();
    vi.doMock("node:os", async (actual) => ({
      ...(await actual<typeof import("node:os")>()),
      availableParallelism: () => 384,
    }));
    try {
      const { DEFAULT_JOBS } = await import("../src/build/parallel.js");
      expect(DEFAULT_JOBS).toBe(256);
    } finally {
      vi.doUnmock("node:os");
      vi.resetModules();
    }
  });
});
