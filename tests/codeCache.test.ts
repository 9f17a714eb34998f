import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ToolCache } from "../src/emit/toolCache.js";
import { BIN, packageWithOwnProgram, REPO, seedCopy, tempDir as tempFolder, projectCopyWithWorker } from "./helpers.js";

/**
 * V8's code cache for the bundled CLI and worker (src/cli/codeCache.ts), kept in the tool cache:
 * the CLI runs as a child process with TILPRESS_TOOL_CACHE set to a folder of the test's own and
 * TILPRESS_CODE_CACHE_REPORT=1, which prints what became of the cache on stderr.
 */

const tempDir = (): string => tempFolder("tilpress-code-cache-test-");

function tilpress(args: readonly string[], { cwd, toolCache }: { cwd: string; toolCache: string }) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", TILPRESS_TOOL_CACHE: toolCache, TILPRESS_CODE_CACHE_REPORT: "1" },
  });
  const events = (thread: string) =>
    [...r.stderr.matchAll(new RegExp(`^tilpress code cache \\(${thread}\\): ([\\w ]+)$`, "gm"))].map((m) => m[1]);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, main: events("main"), worker: events("worker") };
}

const entries = (toolCache: string): string[] =>
  existsSync(join(toolCache, "v8-code")) ? readdirSync(join(toolCache, "v8-code")) : [];

describe("V8's code cache for the bundled CLI", () => {
  it("is written by the first run, read by the next, and not written again by a run that does no more", () => {
    const root = seedCopy();
    const cache = tempDir();
    const first = tilpress(["check", "--no-cache", "--quiet"], { cwd: root, toolCache: cache });
    expect(first.code, first.stderr).toBe(0);
    expect(first.main).toEqual(["missing", "written"]);
    expect(entries(cache)).toHaveLength(1);
    const [entry] = entries(cache);
    const written = readFileSync(join(cache, "v8-code", entry!));

    const second = tilpress(["check", "--no-cache", "--quiet"], { cwd: root, toolCache: cache });
    expect(second.code, second.stderr).toBe(0);
    expect(second.main).toEqual(["accepted"]);
    expect(readFileSync(join(cache, "v8-code", entry!)).equals(written)).toBe(true);
    // The same report either way: the cache changes how the program is compiled, not what it does.
    expect(second.stdout).toBe(first.stdout);
  });

  it("is written again by a run that does much more than the one that wrote it", () => {
    const root = seedCopy();
    const cache = tempDir();
    expect(tilpress(["help"], { cwd: root, toolCache: cache }).main).toEqual(["missing", "written"]);
    const small = statSize(cache);
    const check = tilpress(["check", "--no-cache", "--quiet"], { cwd: root, toolCache: cache });
    expect(check.code, check.stderr).toBe(0);
    expect(check.main).toEqual(["accepted", "written"]);
    // The check compiled the loader, the validator and the renderer: far more bytecode than help.
    expect(statSize(cache)).toBeGreaterThan(2 * small);
  });

  it("is compiled again, and written again, when the entry is damaged or V8 rejects it", () => {
    const root = seedCopy();
    const cache = tempDir();
    expect(tilpress(["help"], { cwd: root, toolCache: cache }).main).toEqual(["missing", "written"]);
    const [entry] = entries(cache);
    const file = join(cache, "v8-code", entry!);

    // A byte of the body changed: the entry's hash no longer matches, so it is not read at all.
    appendFileSync(file, "x");
    const damaged = tilpress(["help"], { cwd: root, toolCache: cache });
    expect(damaged.code).toBe(0);
    expect(damaged.main).toEqual(["missing", "written"]);

    // A whole entry that is not V8's data: V8 rejects it and the bundle is compiled from source.
    ToolCache.open({ TILPRESS_TOOL_CACHE: cache })!.write(
      "v8-code",
      entry!,
      Buffer.concat([Buffer.from("1\n"), randomBytes(4096)]),
    );
    const rejected = tilpress(["help"], { cwd: root, toolCache: cache });
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toContain("Usage:");
    expect(rejected.main).toEqual(["rejected", "written"]);
    expect(tilpress(["help"], { cwd: root, toolCache: cache }).main).toEqual(["accepted"]);
  });

  it("is simply not kept where it cannot be written, and the run's outcome is the same", () => {
    const root = seedCopy();
    const cache = tempDir();
    writeFileSync(join(cache, "v8-code"), "a file where the folder should be");
    const report = (r: ReturnType<typeof tilpress>) => r.stderr.replace(/^tilpress code cache.*\n/gm, "");
    const off = tilpress(["check", "--no-cache", "--quiet"], { cwd: root, toolCache: "off" });
    for (let run = 0; run < 2; run++) {
      const r = tilpress(["check", "--no-cache", "--quiet"], { cwd: root, toolCache: cache });
      expect(r.code, r.stderr).toBe(0);
      expect(r.main).toEqual(["missing", "not written"]);
      expect(report(r)).toBe(report(off));
      expect(r.stdout).toBe(off.stdout);
    }
  });

  it("is another entry for a rebuilt program of the same size and time, as npm packs them", () => {
    // The package as installed, with its own program (edited below).
    const { pkg, bin, program } = packageWithOwnProgram();
    // Every file of a package npm packs has this time.
    const packed = new Date("1985-10-26T08:15:00Z");
    utimesSync(program, packed, packed);
    const cache = tempDir();
    const help = () =>
      spawnSync(process.execPath, [bin, "help"], {
        cwd: pkg,
        encoding: "utf8",
        env: { ...process.env, TILPRESS_TOOL_CACHE: cache, TILPRESS_CODE_CACHE_REPORT: "1" },
      });
    expect(help().stderr).toContain("(main): written");
    // One letter of the help text changed: the same length, and the same time.
    const text = readFileSync(program, "utf8");
    const edited = text.replace("trilingual press briefings", "trilingual press Briefings");
    expect(edited).not.toBe(text);
    expect(edited.length).toBe(text.length);
    writeFileSync(program, edited);
    utimesSync(program, packed, packed);
    const after = help();
    expect(after.status).toBe(0);
    expect(after.stderr).toContain("(main): missing");
    expect(after.stdout).toContain("trilingual press Briefings");
    expect(entries(cache)).toHaveLength(2);
  });

  it("is an entry of its own for each installed copy, so an error's stack names the copy's own files", () => {
    // Two installations of one program (two projects' node_modules) share the user's tool cache.
    // V8 keeps the script's name in its cached data: a copy that took the other's entry reported
    // the other's path in every stack trace.
    const copies = [packageWithOwnProgram(), packageWithOwnProgram()];
    for (const { program } of copies)
      writeFileSync(
        program,
        'if (process.env.TILPRESS_TEST_THROW) throw new Error("probe");\n' + readFileSync(program, "utf8"),
      );
    const cache = tempDir();
    const run = ({ bin, pkg }: { bin: string; pkg: string }, env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [bin, "help"], {
        cwd: pkg,
        encoding: "utf8",
        env: { ...process.env, TILPRESS_TOOL_CACHE: cache, TILPRESS_CODE_CACHE_REPORT: "1", ...env },
      });
    const [first, second] = copies as [(typeof copies)[number], (typeof copies)[number]];
    expect(run(first).stderr).toContain("(main): written");
    const thrown = run(second, { TILPRESS_TEST_THROW: "1" });
    expect(thrown.stderr).toContain("Error: probe");
    expect(thrown.stderr).toContain(`${second.program}:1:`);
    expect(thrown.stderr).not.toContain(first.pkg);
  });

  it("is kept for the build worker too", () => {
    // Eight articles, more than the main thread builds alone: one worker with --jobs 2.
    const root = projectCopyWithWorker();
    const cache = tempDir();
    const args = ["build", "--no-cache", "--jobs", "2", "--quiet", "--locale", "en", "--out", join(tempDir(), "dist")];
    const first = tilpress(args, { cwd: root, toolCache: cache });
    expect(first.code, first.stderr).toBe(0);
    expect(first.worker).toEqual(["missing", "written"]);
    expect(entries(cache)).toHaveLength(2); // the CLI's and the worker's bundle
    const second = tilpress(args, { cwd: root, toolCache: cache });
    expect(second.code, second.stderr).toBe(0);
    expect(second.main).toEqual(["accepted"]);
    expect(second.worker).toEqual(["accepted"]);
  });

  it("is not kept when the tool cache is off; a bare --version loads no program", () => {
    const off = tilpress(["help"], { cwd: REPO, toolCache: "off" });
    expect(off.code).toBe(0);
    expect(off.main).toEqual(["missing"]);
    const cache = tempDir();
    const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    for (const args of [["--version"], ["-v"], ["build", "--version"]]) {
      const r = tilpress(args, { cwd: REPO, toolCache: cache });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
      // The bare forms are answered before the program is read; another form runs the CLI.
      expect(r.main).toEqual(args.length === 1 ? [] : ["missing", "written"]);
    }
  });

  it("runs bundles of ASCII only, which V8 holds as one byte a character", () => {
    // One letter above U+00FF doubles the heap a thread keeps the whole source in (8.3 MB for
    // the CLI): esbuild leaves the Kazakh letters of regular expressions as they are written.
    for (const name of ["tilpress.cjs", "worker.cjs"]) {
      const source = readFileSync(join(REPO, "lib", "bundle", name), "utf8");
      expect(source.length, name).toBeGreaterThan(500_000);
      expect(source.match(/[^\t\n\r\x20-\x7e]/g) ?? [], name).toEqual([]);
    }
    // The letters are escaped, not lost: the Kazakh vowel classes are still in the program.
    expect(readFileSync(join(REPO, "lib", "bundle", "worker.cjs"), "utf8")).toContain("\\u04d9");
  });
});

function statSize(toolCache: string): number {
  const [entry] = entries(toolCache);
  return readFileSync(join(toolCache, "v8-code", entry!)).length;
}
