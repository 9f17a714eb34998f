import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { EmitError, writeOutputs, type Output } from "../src/index.js";
import { assertOutputFolder, OutputWriter, readManifest } from "../src/emit/writeOutputs.js";
import { REPO, runCli, seedCopy } from "./helpers.js";

const out = (path: string, text: string): Output => ({ path, format: "html", contents: Buffer.from(text) });

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile())
      files[join(e.parentPath, e.name).slice(dir.length + 1)] = readFileSync(join(e.parentPath, e.name), "utf8");
  }
  return files;
}

/** A manifest listing `paths`, as the previous build's (`path` is what is read for what to remove). */
const manifest = (paths: string[]): Output =>
  out(
    "manifest.json",
    JSON.stringify({
      tool: "tilpress",
      version: "0",
      outputs: paths.map((path) => ({ path, format: "html", bytes: 0, sha256: "" })),
    }),
  );

describe("writeOutputs", () => {
  it("never writes or removes through a symbolic link inside the output folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    const victim = mkdtempSync(join(tmpdir(), "tilpress-victim-"));
    writeFileSync(join(victim, "precious.txt"), "precious");
    writeOutputs(dir, [out("en/a.html", "a"), manifest(["en/a.html", "evil/precious.txt"])]);
    // A link committed into dist/ (or restored from a CI cache), named by a hand-edited manifest.
    symlinkSync(victim, join(dir, "evil"));
    const second = writeOutputs(dir, [out("en/a.html", "a"), manifest(["en/a.html"])]);
    expect(second.removed).toEqual(["evil/precious.txt"]);
    expect(readFileSync(join(victim, "precious.txt"), "utf8")).toBe("precious");

    // A locale folder replaced by a link: the write is refused, nothing lands in the link's target.
    const elsewhere = mkdtempSync(join(tmpdir(), "tilpress-victim-"));
    symlinkSync(elsewhere, join(dir, "kk"));
    expect(() => writeOutputs(dir, [out("kk/b.html", "b"), manifest(["en/a.html", "kk/b.html"])])).toThrow(
      /Refusing to write kk\/b\.html: a folder on its way .* is a symbolic link/,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(existsSync(join(dir, "en/a.html"))).toBe(true);
  });

  it("a writer opened after another build replaced the manifest removes what that build wrote, not what the check read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    writeOutputs(dir, [out("en/a.html", "a"), manifest(["en/a.html"])]);
    // Another build commits between the folder's check and this writer's lock: its manifest now lists b.
    const checked = assertOutputFolder(dir);
    expect(checked?.manifest.outputs.map((o) => o.path)).toEqual(["en/a.html"]);
    writeOutputs(dir, [out("en/b.html", "b"), manifest(["en/b.html"])]);
    const writer = new OutputWriter(dir, undefined, checked);
    writer.stage(manifest([]));
    expect(writer.commit().removed).toEqual(["en/b.html"]);
    expect(existsSync(join(dir, "en/b.html"))).toBe(false);

    // Unchanged since the check, the manifest read then is the one used.
    writeOutputs(dir, [out("en/c.html", "c"), manifest(["en/c.html"])]);
    const again = new OutputWriter(dir, undefined, assertOutputFolder(dir));
    again.stage(manifest([]));
    expect(again.commit().removed).toEqual(["en/c.html"]);
  });

  it("leaves a folder that a hand-edited manifest names as an output, and still commits", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    writeOutputs(dir, [out("en/a.html", "a"), manifest(["en/a.html", "userdir"])]);
    mkdirSync(join(dir, "userdir"));
    writeFileSync(join(dir, "userdir", "notes.txt"), "mine");
    const second = writeOutputs(dir, [out("en/a.html", "b"), manifest(["en/a.html"])]);
    expect(second).toMatchObject({ written: 2, removed: ["userdir"] });
    expect(readFileSync(join(dir, "userdir", "notes.txt"), "utf8")).toBe("mine");
    expect(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")).outputs).toEqual([
      { path: "en/a.html", format: "html", bytes: 0, sha256: "" },
    ]);
    expect(existsSync(join(dir, ".tilpress-staging"))).toBe(false);
  });

  it("writes new files, skips unchanged ones, removes what the previous manifest had and this build lacks", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    expect(
      writeOutputs(dir, [out("a/one.html", "1"), out("b/two.html", "2"), manifest(["a/one.html", "b/two.html"])]),
    ).toMatchObject({ written: 3, unchanged: 0 });
    const second = writeOutputs(dir, [out("a/one.html", "1"), manifest(["a/one.html"])]);
    expect(second).toMatchObject({ written: 1, unchanged: 1, removed: ["b/two.html"] });
    expect(Object.keys(tree(dir)).sort()).toEqual(["a/one.html", "manifest.json"]);
  });

  it("a failure part-way leaves the previous outputs exactly as they were, no staging folder and no lock", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    writeOutputs(dir, [out("en/a.html", "old a"), out("en/b.html", "old b")]);
    // A folder where the third file must go: the commit fails before replacing anything.
    mkdirSync(join(dir, "en", "c.html"), { recursive: true });
    writeFileSync(join(dir, "en", "c.html", "x"), "");
    const before = tree(dir);
    expect(() =>
      writeOutputs(dir, [out("en/a.html", "new a"), out("en/b.html", "new b"), out("en/c.html", "new c")]),
    ).toThrow(EmitError);
    expect(tree(dir)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(["en"]);
  });

  it("a second writer of the same folder is refused while the first holds it, naming its pid", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    const first = new OutputWriter(dir);
    first.stage(out("a.html", "1"));
    expect(() => new OutputWriter(dir)).toThrow(/in use by another tilpress build \(pid \d+/);
    // In another process: the same lock file says who holds it.
    const other = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { writeOutputs } from "${REPO}/lib/index.js"; writeOutputs(process.argv[1], []);`,
        dir,
      ],
      { encoding: "utf8" },
    );
    expect(other.status).not.toBe(0);
    expect(other.stderr).toContain(`in use by another tilpress build (pid ${process.pid}`);
    first.commit();
    expect(readdirSync(dir)).toEqual(["a.html"]);
    // Released: the other process now writes.
    expect(
      spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `import { writeOutputs } from "${REPO}/lib/index.js"; writeOutputs(process.argv[1], []);`,
          dir,
        ],
        { encoding: "utf8" },
      ).status,
    ).toBe(0);
  });

  it("a lock left by a dead process, or by another machine untouched for 10 minutes, is taken over", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    const lock = join(dir, ".tilpress-lock");
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid!;
    writeFileSync(lock, JSON.stringify({ pid: dead, host: hostname(), since: "2026-01-01T00:00:00Z" }));
    writeOutputs(dir, [out("a.html", "1")]);
    expect(readdirSync(dir).sort()).toEqual(["a.html"]);
    // Another machine's lock, fresh: refused, naming that machine; ten minutes old: taken over.
    writeFileSync(lock, JSON.stringify({ pid: 1, host: "newsroom-ci-7", since: "2026-01-01T00:00:00Z" }));
    expect(() => writeOutputs(dir, [out("a.html", "2")])).toThrow(/pid 1 on newsroom-ci-7/);
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(lock, old, old);
    writeOutputs(dir, [out("a.html", "2")]);
    expect(readFileSync(join(dir, "a.html"), "utf8")).toBe("2");
    expect(readdirSync(dir)).toEqual(["a.html"]);
  });

  it.runIf(existsSync("/proc/self/stat"))(
    "a lock whose pid a younger process has since been given is taken over; an older live holder's is not",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
      const lock = join(dir, ".tilpress-lock");
      // A live process started now, holding a pid a build that took the lock an hour ago had.
      const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
      try {
        const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
        writeFileSync(lock, JSON.stringify({ pid: other.pid, host: hostname(), since: hourAgo }));
        writeOutputs(dir, [out("a.html", "1")]);
        expect(readFileSync(join(dir, "a.html"), "utf8")).toBe("1");
        expect(readdirSync(dir)).toEqual(["a.html"]);
        // The same live process, with a lock it could have taken (since now): its lock holds.
        writeFileSync(lock, JSON.stringify({ pid: other.pid, host: hostname(), since: new Date().toISOString() }));
        expect(() => writeOutputs(dir, [out("a.html", "2")])).toThrow(new RegExp(`pid ${other.pid} on`));
        expect(readFileSync(join(dir, "a.html"), "utf8")).toBe("1");
      } finally {
        if (other.exitCode === null && other.signalCode === null) {
          const gone = new Promise((r) => other.once("exit", r));
          other.kill();
          await gone;
        }
      }
    },
  );

  it("refuses a path outside the output folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    expect(() => writeOutputs(dir, [out("../escape.html", "x")])).toThrow(/outside/);
  });
});

describe("the output folder a build is given", () => {
  const tilpress = (args: string[]) => runCli(args);

  it("is refused when it is not empty and not tilpress's (no manifest.json): exit 2, the user's index.html untouched", () => {
    const root = seedCopy();
    const out = join(root, "site");
    mkdirSync(out);
    writeFileSync(join(out, "index.html"), "<p>my own page</p>");
    const r = tilpress(["build", "--root", root, "--out", out, "--format", "html"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `tilpress: ${out} is not empty and has no manifest.json: it is not a tilpress output folder`,
    );
    expect(readdirSync(out)).toEqual(["index.html"]); // no lock, no staging folder, nothing written
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe("<p>my own page</p>");
    // A manifest.json of something else does not make it tilpress's.
    writeFileSync(join(out, "manifest.json"), JSON.stringify({ name: "my web app", icons: [] }));
    expect(tilpress(["build", "--root", root, "--out", out, "--format", "html"]).code).toBe(2);
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe("<p>my own page</p>");
  });

  it("is built into when it is empty, new, or an earlier build's", () => {
    const root = seedCopy();
    const out = join(root, "site");
    mkdirSync(out);
    expect(tilpress(["build", "--root", root, "--out", out, "--format", "html"]).code).toBe(0);
    const again = tilpress(["build", "--root", root, "--out", out, "--format", "html"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("0 error(s)");
    expect(tilpress(["build", "--root", root, "--out", join(root, "new", "site"), "--format", "html"]).code).toBe(0);
  });

  it("reads a manifest whatever optional fields it has, and names the first bad field of any entry", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-manifest-"));
    const path = join(dir, "manifest.json");
    const entry = {
      path: "en/a/briefing.pdf",
      article: "a",
      locale: "en",
      format: "pdf",
      template: "briefing",
      bytes: 1200,
      sha256: "ab",
      inputs: "cd",
      title: "A",
      page: { published: "2024-10-29", kind: "news" },
    };
    const read = (outputs: unknown[], top: object = {}) => {
      writeFileSync(path, JSON.stringify({ tool: "tilpress", version: "1", ...top, outputs }));
      try {
        return readManifest(path)?.outputs.length;
      } catch (error) {
        return (error as Error).message.replace(`${path} is damaged: `, "").replace(/\. tilpress cannot.*$/s, "");
      }
    };
    // Accepted: every optional field left out, null where nulls are allowed, fields of later versions.
    expect(read([entry, { path: "index.html" }, { ...entry, article: null, locale: null, page: null }])).toBe(3);
    expect(read([{ ...entry, future: [1, 2] }], { shard: "1/2", shardInputs: "x" })).toBe(1);
    expect(read([{ ...entry, bytes: 0 }])).toBe(1);
    // Refused, each naming its field (a quick check that passed one of these would build on it).
    const bad: [unknown, string][] = [
      [{ ...entry, bytes: -1 }, "outputs[1].bytes"],
      [{ ...entry, bytes: 1.5 }, "outputs[1].bytes"],
      [{ ...entry, bytes: "12" }, "outputs[1].bytes"],
      [{ ...entry, format: 3 }, "outputs[1].format"],
      [{ ...entry, sha256: null }, "outputs[1].sha256"],
      [{ ...entry, title: 5 }, "outputs[1].title"],
      [{ ...entry, inputs: {} }, "outputs[1].inputs"],
      [{ ...entry, page: { published: "2024-10-29" } }, "outputs[1].page.kind"],
      [{ ...entry, page: [] }, "outputs[1].page"],
      [{ ...entry, path: "" }, "outputs[1].path"],
      [{ ...entry, path: "en//a.html" }, "outputs[1].path"],
      [{ ...entry, path: "/etc/passwd" }, "outputs[1].path"],
      [{ ...entry, path: "en\\a.html" }, "outputs[1].path"],
      [[entry], "outputs[1]"],
      ["en/a.html", "outputs[1]"],
    ];
    for (const [damaged, field] of bad)
      expect(read([entry, damaged]), field).toMatch(new RegExp(`^${field.replace(/[[\].]/g, "\\$&")}: `));
    expect(read([entry], { shard: 2 })).toMatch(/^shard: /);
    expect(read([entry], { version: null })).toMatch(/^version: /);
  });

  it("stops cleanly on a damaged tilpress manifest, naming the file and the field", () => {
    const root = seedCopy();
    const out = join(root, "site");
    expect(tilpress(["build", "--root", root, "--out", out, "--format", "html"]).code).toBe(0);
    const path = join(out, "manifest.json");
    const good = JSON.parse(readFileSync(path, "utf8")) as { outputs: unknown[] };
    const index = readFileSync(join(out, "index.html"), "utf8");
    const cases: [string, string][] = [
      [JSON.stringify({ ...good, outputs: [null] }), "outputs[0]: Invalid input: expected object, received null"],
      [
        JSON.stringify({ ...good, outputs: [{ ...(good.outputs[0] as object), path: "../../etc/passwd" }] }),
        "outputs[0].path: must be a relative path inside the output folder",
      ],
      [JSON.stringify({ ...good, outputs: "all" }), "outputs: Invalid input: expected array, received string"],
      ['{ "tool": "tilpress", "outputs": [', "not valid JSON ("],
    ];
    for (const [text, problem] of cases) {
      writeFileSync(path, text);
      const r = tilpress(["build", "--root", root, "--out", out, "--format", "html"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`tilpress: ${path} is damaged: ${problem}`);
      expect(r.stderr).toContain(`delete ${out} and build again into it`);
      expect(r.stderr).not.toContain("TypeError");
      expect(readFileSync(join(out, "index.html"), "utf8")).toBe(index);
      expect(existsSync(join(out, ".tilpress-staging"))).toBe(false);
    }
  });
});
