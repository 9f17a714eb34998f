import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  edit,
  lineOf,
  packageWithOwnProgram,
  projectCopy,
  runCli,
  SEED,
  SEED_DIR,
  seedAsKind,
  seedCopy,
  tempDir,
} from "./helpers.js";

/** `check`'s own cache folder (src/build/articleCache.ts `cacheFolder`). */
const CHECK_CACHE = join(".tilpress-cache", ".check");

interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly locale?: string;
  readonly article?: string;
}

/** `tilpress check` (or `build`) as a child process; its JSON report and, from a text run, its summary line. */
function run(command: "check" | "build", root: string, ...args: string[]) {
  const json = runCli([command, "--root", root, "--reporter", "json", ...args]);
  const report = JSON.parse(json.stdout) as { diagnostics: JsonDiagnostic[] };
  return { code: json.code, diagnostics: report.diagnostics };
}

/** The summary line of a text-mode check ("Checked 6 article(s) (6 from the cache); …"). */
function summary(root: string, ...args: string[]): string {
  const r = runCli(["check", "--root", root, ...args]);
  return r.stderr.split("\n").find((l) => l.startsWith("Checked ")) ?? r.stderr;
}

/** The seed's article.yaml with a date YAML reads as a number: an error located in that file. */
function breakSeed(root: string): void {
  edit(root, `${SEED_DIR}/article.yaml`, 'date: "2018"', "date: 2018");
}

/** The seed's English text changed after the translations were made: `translation/stale` warnings. */
function staleSeed(root: string): void {
  edit(root, `${SEED_DIR}/en.md`, "sealing off the square", "sealing off the central square");
}

// Each test runs the CLI 3 to 10 times: on a busy machine that outruns the default minute.
describe("check's cache", { timeout: 240_000 }, () => {
  it("replays an unchanged project from the cache with the same report: errors and warnings", () => {
    const root = projectCopy();
    breakSeed(root);
    staleSeed(root);
    const first = run("check", root);
    expect(first.code).toBe(1);
    const codes = first.diagnostics.map((d) => `${d.severity} ${d.code} ${d.article ?? ""}`);
    expect(codes).toContain(`error data/type-coercion ${SEED}`);
    expect(codes).toContain(`warning site/no-base-url `);
    expect(first.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "data/type-coercion",
        file: `${SEED_DIR}/article.yaml`,
        line: lineOf(root, `${SEED_DIR}/article.yaml`, "date: 2018"),
      }),
    );
    // Nothing but the cache is written.
    expect(readdirSync(root).sort()).toEqual([".tilpress-cache", "data", "locales", "templates"]);
    expect(readdirSync(join(root, CHECK_CACHE)).length).toBeGreaterThan(0);

    const second = run("check", root);
    expect(second).toEqual(first);
    expect(summary(root)).toMatch(/^Checked 6 article\(s\) \(6 from the cache\); 3 locale\(s\); 1 error\(s\), /);
  });

  it("a warning of the first check is reported again by the second, cached one (and --strict fails both)", () => {
    const root = projectCopy();
    staleSeed(root);
    const first = run("check", root);
    expect(first.code).toBe(0);
    const stale = first.diagnostics.filter((d) => d.code === "translation/stale");
    expect(stale.map((d) => `${d.article} ${d.locale}`)).toEqual([`${SEED} kk`, `${SEED} ru`]);
    const second = run("check", root);
    expect(second.diagnostics).toEqual(first.diagnostics);
    expect(summary(root)).toContain("(6 from the cache)");
    expect(run("check", root, "--strict").code).toBe(1);
    expect(run("check", root, "--strict").code).toBe(1);
  });

  it("an article broken, checked, fixed and checked again: its error comes and goes", () => {
    const root = projectCopy();
    expect(run("check", root).code).toBe(0);
    const path = join(root, SEED_DIR, "article.yaml");
    const good = readFileSync(path, "utf8");
    breakSeed(root);
    const broken = run("check", root);
    expect(broken.code).toBe(1);
    expect(broken.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.article}`)).toEqual([
      `data/type-coercion ${SEED}`,
    ]);
    // Only the edited article is checked again.
    expect(summary(root)).toContain("(6 from the cache)");
    writeFileSync(path, good);
    const fixed = run("check", root);
    expect(fixed.code).toBe(0);
    expect(fixed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(summary(root)).toContain("(6 from the cache)");
  });

  it("check --no-cache does the whole check again, reads no entry and writes nothing", () => {
    const root = projectCopy();
    staleSeed(root);
    const fresh = run("check", root);
    // Plant a diagnostic in every cached result: a cached check replays what the entries say…
    const folder = join(root, CHECK_CACHE);
    const planted: JsonDiagnostic = {
      code: "translation/stale",
      severity: "warning",
      message: "planted in the cache entry",
      file: `${SEED_DIR}/kk.md`,
      locale: "kk",
      article: SEED,
    };
    const entries = readdirSync(folder).filter((name) => existsSync(join(folder, name, "entry.json")));
    expect(entries.length).toBeGreaterThan(6);
    for (const name of entries) {
      const file = join(folder, name, "entry.json");
      const entry = JSON.parse(readFileSync(file, "utf8")) as { diagnostics: JsonDiagnostic[] };
      writeFileSync(file, JSON.stringify({ ...entry, diagnostics: [...entry.diagnostics, planted] }));
    }
    expect(run("check", root).diagnostics).toContainEqual(expect.objectContaining(planted));
    // … and --no-cache reads none of them: it checks everything again.
    const before = readdirSync(folder).sort();
    const uncached = run("check", root, "--no-cache");
    expect(uncached.diagnostics).toEqual(fresh.diagnostics);
    expect(uncached.diagnostics).not.toContainEqual(expect.objectContaining(planted));
    expect(readdirSync(folder).sort()).toEqual(before);
    expect(summary(root, "--no-cache")).toMatch(/^Checked 6 article\(s\); /);
  });

  it("reports what a build reports, on a broken project, cached or not", () => {
    const root = projectCopy();
    staleSeed(root);
    // An unknown id (validation), a Russian text with an empty headline (one locale), and a
    // character no font of the PDF has (the PDF's layout).
    edit(root, "data/articles/astana-economy-2025-12-24/article.yaml", /^dateline: astana$/m, "dateline: astanaa");
    edit(root, "data/articles/saiga-comeback-2023-12-12/ru.md", /^headline: .*$/m, 'headline: ""');
    edit(
      root,
      "data/articles/adb-kyzylorda-zhezkazgan-road-2024-10-29/en.md",
      /^headline: ADB/m,
      "headline: \u{17000} ADB",
    );
    const build = run("build", root, "--no-cache", "--out", join(root, "dist"));
    expect(build.code).toBe(1);
    expect(new Set(build.diagnostics.map((d) => d.code))).toEqual(
      new Set(["data/unknown-id", "data/schema", "pdf/missing-glyph", "translation/stale"]),
    );
    // check also says that the project has no baseUrl (publishing needs one); nothing else differs.
    const checkOnly = (d: JsonDiagnostic) => d.code === "site/no-base-url";
    for (const args of [["--no-cache"], [], []]) {
      const checked = run("check", root, ...args);
      expect(checked.code).toBe(1);
      expect(checked.diagnostics.filter((d) => !checkOnly(d))).toEqual(build.diagnostics);
      expect(checked.diagnostics.filter(checkOnly)).toHaveLength(1);
    }
    expect(summary(root)).toContain("(6 from the cache)");
  });

  it("an embargoed article is replayed only while its embargo is on the side it was checked on", () => {
    const root = seedAsKind(seedCopy(), "press-release");
    edit(root, `${SEED_DIR}/article.yaml`, /^(published: .*)$/m, '$1\nembargo: "2030-03-03T09:00:00+06:00"');
    const embargoCodes = (now: string, ...args: string[]) =>
      run("check", root, "--now", now, ...args)
        .diagnostics.map((d) => d.code)
        .filter((c) => c.startsWith("embargo/"));
    // Before it, when it has just passed, a week later; back and forth, each from the cache or not.
    const before = "2030-03-03T08:59:00+06:00";
    const after = "2030-03-03T03:00:00Z";
    const weekAfter = "2030-03-10T03:00:00Z";
    const expected: Record<string, string[]> = {
      [before]: ["embargo/active"],
      [after]: ["embargo/lifted"],
      [weekAfter]: [],
    };
    for (const now of [before, before, after, after, weekAfter, before, after]) {
      expect(embargoCodes(now), now).toEqual(expected[now]);
    }
    expect(embargoCodes(after, "--no-cache")).toEqual(["embargo/lifted"]);
  });

  it("check and build keep separate entries: neither throws the other's away", () => {
    const root = projectCopy();
    const out = join(root, "dist");
    runCli(["build", "--root", root, "--out", out]);
    expect(summary(root)).toMatch(/^Checked 6 article\(s\); /);
    const again = runCli(["build", "--root", root, "--out", out]);
    expect(again.stderr).toContain("6 article(s) from the cache");
    expect(summary(root)).toContain("(6 from the cache)");
  });

  it("where the cache cannot be written, check carries on without one", () => {
    const root = projectCopy();
    // A file where the cache folder would be: it cannot be made (as on a read-only checkout).
    writeFileSync(join(root, ".tilpress-cache"), "not a folder\n");
    staleSeed(root);
    const r = run("check", root);
    expect(r.code).toBe(0);
    expect(r.diagnostics.map((d) => d.code)).toContain("translation/stale");
    expect(readFileSync(join(root, ".tilpress-cache"), "utf8")).toBe("not a folder\n");
    expect(readdirSync(root).sort()).toEqual([".tilpress-cache", "data", "locales", "templates"]);
  });
});

describe("a tilpress rebuilt without a new version", { timeout: 240_000 }, () => {
  it("replays nothing the older program made: build and check both miss their caches", () => {
    const root = projectCopy();
    // Two copies of the package; the second's program differs by one letter of the help text,
    // as a checkout between releases differs: the same version, the same size.
    const [before, after] = [packageWithOwnProgram(), packageWithOwnProgram()];
    const text = readFileSync(after.program, "utf8");
    const edited = text.replace("trilingual press briefings", "trilingual press Briefings");
    expect(edited).not.toBe(text);
    writeFileSync(after.program, edited);
    const toolCache = tempDir();
    const tilpress = (bin: string, command: "build" | "check") => {
      const r = spawnSync(process.execPath, [bin, command, "--root", root], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", TILPRESS_TOOL_CACHE: toolCache },
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stderr.split("\n").find((l) => /^(Built|Checked) /.test(l)) ?? r.stderr;
    };
    for (const command of ["build", "check"] as const) {
      tilpress(before.bin, command);
      expect(tilpress(before.bin, command)).toMatch(/6 (article\(s\) )?from the cache/);
      expect(tilpress(after.bin, command)).not.toContain("from the cache");
      expect(tilpress(after.bin, command)).toMatch(/6 (article\(s\) )?from the cache/);
    }
  });
});
