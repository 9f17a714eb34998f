import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BIN,
  bundledPages,
  edit,
  filesUnder,
  lineOf,
  projectCopy,
  REPO,
  runCli,
  SEED,
  SEED_DIR,
  seedAsKind,
  seedCopy,
  SITE_PAGES,
} from "./helpers.js";

const tilpress = (args: string[], cwd = REPO) => runCli(args, cwd);

describe("tilpress build", () => {
  it("--out naming a file, or a folder under one: one line naming it, exit 2, no stack trace", () => {
    const root = seedCopy();
    writeFileSync(join(root, "notadir"), "");
    for (const out of ["notadir", "notadir/sub"]) {
      const r = tilpress(["build", "--root", root, "--out", join(root, out), "--format", "html"]);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toContain(
        `The output folder ${join(root, out)} cannot be made: it, or a folder on its way, is a file`,
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it.runIf(existsSync("/proc/self"))(
    "--out (and the tool cache) under /proc: one line, exit 2, where Node's recursive mkdir spun forever",
    () => {
      const root = seedCopy();
      const r = spawnSync(process.execPath, [BIN, "build", "--root", root, "--out", "/proc/tilpress-out/x"], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", TILPRESS_TOOL_CACHE: "/proc/tilpress-cache" },
        timeout: 60_000,
        killSignal: "SIGKILL",
      });
      expect(r.signal).toBeNull();
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("The output folder /proc/tilpress-out/x cannot be made or written here");
      expect(r.stderr).toContain("mkdir '/proc/tilpress-out'");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it("a cache folder that cannot be made, and --out through a loop of links: one line each, exit 2", () => {
    const root = seedCopy();
    writeFileSync(join(root, ".tilpress-cache"), "not a folder\n");
    const cache = tilpress(["build", "--root", root, "--out", join(root, "dist")]);
    expect(cache.code).toBe(2);
    expect(cache.stderr).toContain(`The cache folder ${join(root, ".tilpress-cache")} cannot be made or written here`);
    expect(cache.stderr).not.toMatch(/\n\s+at /);
    symlinkSync("loop-b", join(root, "loop-a"));
    symlinkSync("loop-a", join(root, "loop-b"));
    const out = tilpress(["build", "--root", root, "--no-cache", "--out", join(root, "loop-a/x")]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`The output folder ${join(root, "loop-a/x")} cannot be made or written here`);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it("builds a project folder given with --root into its dist/ and exits 0", () => {
    const root = seedCopy();
    const r = tilpress(["build", "--root", root]);
    expect(r.stderr).toMatch(/Built 6 files for 1 article/);
    expect(r.code).toBe(0);
    expect(filesUnder(join(root, "dist"))).toEqual(
      [
        ...SITE_PAGES,
        "manifest.json",
        ...["en", "kk", "ru"].flatMap((l) => ["briefing.html", "briefing.pdf"].map((f) => `${l}/${SEED}/${f}`)),
        // The bundled newsletter issue: one email per locale (tests/newsletter.test.ts).
        ...["en", "kk", "ru"].flatMap((l) =>
          ["html", "txt", "eml"].map((ext) => `newsletter/weekly-2020-02-23/${l}.${ext}`),
        ),
      ].sort(),
    );
  });

  it("a figure's value YAML cannot hold exactly: exit 1, reported at its line and column, the article's pages removed", () => {
    const root = projectCopy();
    expect(tilpress(["build", "--root", root, "--format", "html"]).code).toBe(0);
    expect(existsSync(join(root, "dist", "en", SEED, "briefing.html"))).toBe(true);
    const figure = "  - id: mamai-detention\n    value: 3\n";
    edit(root, `${SEED_DIR}/article.yaml`, figure, figure.replace("3", "12345678901234567890"));
    const r = tilpress(["build", "--root", root, "--format", "html"]);
    expect(r.code).toBe(1);
    const line = lineOf(root, `${SEED_DIR}/article.yaml`, "12345678901234567890");
    expect(r.stderr).toContain(
      `${SEED_DIR}/article.yaml:${line}:12  error  \`figures.4.value\` is 12345678901234567890, larger than ` +
        "9007199254740991, the largest whole number kept exactly; YAML reads it as 12345678901234567000",
    );
    expect(r.stderr).toContain("data/inexact-number");
    expect(existsSync(join(root, "dist", "en", SEED))).toBe(false);
  });

  it("on a content error: exit 1, compiler-style report with a code frame, no output left for the broken article", () => {
    const root = projectCopy();
    expect(tilpress(["build", "--root", root]).code).toBe(0);
    edit(root, `${SEED_DIR}/article.yaml`, "dateline: almaty", "dateline: almatty");
    const r = tilpress(["build", "--root", root]);
    expect(r.code).toBe(1);
    const line = lineOf(root, `${SEED_DIR}/article.yaml`, "almatty");
    expect(r.stderr).toContain(`${SEED_DIR}/article.yaml:${line}:11  error  Unknown place id \`almatty\``);
    expect(r.stderr).toContain("data/unknown-id");
    expect(r.stderr).toContain(`> ${line} | dateline: almatty`);
    expect(r.stderr).toContain("hint: Did you mean `almaty`?");
    // Nothing stale is left to publish for the broken article, and no temp file either; the
    // other articles are built as before.
    const otherPages = bundledPages()
      .filter((p) => p.article !== SEED)
      .flatMap(({ article, page }) =>
        ["en", "kk", "ru"].flatMap((l) => [`${l}/${article}/${page}.html`, `${l}/${article}/${page}.pdf`]),
      );
    expect(filesUnder(join(root, "dist"))).toEqual([...SITE_PAGES, "manifest.json", ...otherPages].sort());
    const manifest = JSON.parse(readFileSync(join(root, "dist", "manifest.json"), "utf8")) as {
      outputs: { path: string }[];
    };
    expect(manifest.outputs.map((o) => o.path)).toEqual([...SITE_PAGES, ...otherPages].sort());
  });

  it("a code frame shows a long line's 120 characters around the column, the caret under the place", () => {
    const root = seedCopy();
    edit(root, `${SEED_DIR}/article.yaml`, "dateline: almaty", `dateline: ${" ".repeat(600)}almatty`);
    const r = tilpress(["check", "--root", root]);
    expect(r.code).toBe(1);
    const line = lineOf(root, `${SEED_DIR}/article.yaml`, "almatty");
    expect(r.stderr).toContain(`${SEED_DIR}/article.yaml:${line}:611  error  Unknown place id \`almatty\``);
    const lines = r.stderr.split("\n");
    const marked = lines.findIndex((l) => l.startsWith(`  > ${line} | `));
    const source = lines[marked]!;
    const caret = lines[marked + 1]!;
    expect(source.length).toBeLessThan(140);
    expect(source).toMatch(/\| … +almatty$/);
    expect(source[caret.indexOf("^")]).toBe("a");
    expect(source.slice(caret.indexOf("^"))).toBe("almatty");
    // The context lines above are cut at the same place: short ones show nothing but the cut.
    expect(lines[marked - 1]).toMatch(/^ {4}\d+ \| …?$/);
  });

  it("a code frame's caret stands under the place past tabs, an emoji and a combining accent", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    // The link's target starts at column 13 in UTF-16 code units: Б, tab, emoji 2, space, е, U+0301, space, [b]( 4.
    edit(root, file, "sealing off the square", "sealing off the square\n\nБ\t📣 е\u0301 [b](javascript:x)\n");
    const r = tilpress(["check", "--root", root, "--locale", "en"]);
    expect(r.code).toBe(1);
    const line = lineOf(root, file, "javascript:x");
    expect(r.stderr).toContain(`${file}:${line}:13  error`);
    const lines = r.stderr.split("\n");
    const marked = lines.findIndex((l) => l.startsWith(`  > ${line} | `));
    const gutter = `    ${" ".repeat(String(line).length)} | `;
    // Written out: the tab kept, the emoji two columns, the accent none, one each for the rest.
    expect(lines[marked + 1]).toBe(`${gutter} \t${" ".repeat(2 + 1 + 1 + 1 + 4)}^`);
  });

  it("--reporter json prints one object per diagnostic with the documented fields", () => {
    const root = projectCopy();
    edit(root, `${SEED_DIR}/article.yaml`, 'date: "2018"', "date: 2018");
    const r = tilpress(["check", "--root", root, "--reporter", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] };
    // Sorted by file; a copy without tilpress.config.json has no baseUrl: check says so, with no line.
    expect(report.diagnostics).toEqual([
      {
        code: "data/type-coercion",
        severity: "error",
        file: `${SEED_DIR}/article.yaml`,
        line: lineOf(root, `${SEED_DIR}/article.yaml`, "date: 2018"),
        column: 11,
        pointer: "/timeline/1/date",
        locale: null,
        article: SEED,
        message: "`timeline.1.date` must be text, but YAML reads `2018` as the number 2018",
        hint: 'Quote it to keep it exactly as written: "2018"',
      },
      {
        code: "site/no-base-url",
        severity: "warning",
        file: "tilpress.config.json",
        line: null,
        column: null,
        pointer: null,
        locale: null,
        article: null,
        message: "No `baseUrl`: pages link to each other relatively and have no canonical URL",
        hint: expect.stringContaining('Set "baseUrl" in tilpress.config.json'),
      },
    ]);
  });

  it("--reporter github prints workflow annotations", () => {
    const root = projectCopy();
    rmSync(join(root, SEED_DIR, "kk.md"));
    const r = tilpress(["check", "--root", root, "--reporter", "github", "--strict"]);
    expect(r.code).toBe(1);
    // The runner reads workflow commands from stdout; the summary stays on stderr.
    expect(r.stdout).toContain(
      `::error file=${SEED_DIR}/kk.md,title=data/missing-locale-file::No kk text for this article`,
    );
    expect(r.stderr).not.toContain("::error");
  });

  it("--reporter github names files from the repository's root (GITHUB_WORKSPACE) when the project is a subfolder", () => {
    const root = projectCopy();
    rmSync(join(root, SEED_DIR, "kk.md"));
    const r = spawnSync(process.execPath, [BIN, "check", "--root", root, "--reporter", "github"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", GITHUB_WORKSPACE: join(root, "..") },
    });
    expect(r.stdout).toContain(`::warning file=${basename(root)}/${SEED_DIR}/kk.md,title=data/missing-locale-file::`);
  });

  it("check writes nothing but its cache, and with --no-cache nothing at all", () => {
    const root = projectCopy();
    const uncached = tilpress(["check", "--root", root, "--no-cache"]);
    expect(uncached.code).toBe(0);
    expect(readdirSync(root).sort()).toEqual(["data", "locales", "templates"]);
    const r = tilpress(["check", "--root", root]);
    expect(r.code).toBe(0);
    expect(readdirSync(root).sort()).toEqual([".tilpress-cache", "data", "locales", "templates"]);
    expect(readdirSync(join(root, ".tilpress-cache"))).toEqual([".check"]);
  });

  it("a --root that does not exist or has no data/ is a usage error that creates nothing", () => {
    const parent = mkdtempSync(join(tmpdir(), "tilpress-noroot-"));
    const missing = join(parent, "does-not-exist");
    for (const command of ["build", "check"]) {
      const r = tilpress([command, "--root", missing]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `${missing} has no data/ folder: it is not a tilpress project (the folder does not exist)`,
      );
    }
    expect(readdirSync(parent)).toEqual([]);
    const r = tilpress(["build", "--root", parent]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${parent} has no data/ folder`);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("--fail-fast writes nothing when there is an error, with or without the cache", () => {
    const root = projectCopy();
    expect(tilpress(["build", "--root", root, "--format", "html", "--quiet"]).code).toBe(0);
    const before = filesUnder(join(root, "dist")).map((f) => [f, readFileSync(join(root, "dist", f), "utf8")]);
    edit(root, `${SEED_DIR}/article.yaml`, "value: 20\n", "value: twenty\n");
    for (const cache of [[], ["--no-cache"]]) {
      const r = tilpress(["build", "--root", root, "--format", "html", "--fail-fast", ...cache]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Stopped by --fail-fast: nothing written");
      expect(filesUnder(join(root, "dist")).map((f) => [f, readFileSync(join(root, "dist", f), "utf8")])).toEqual(
        before,
      );
    }
  });

  it("--fail-fast into an output folder that did not exist leaves none behind", () => {
    const root = projectCopy();
    edit(root, `${SEED_DIR}/article.yaml`, "value: 20\n", "value: twenty\n");
    for (const cache of [[], ["--no-cache"]]) {
      const r = tilpress(["build", "--root", root, "--format", "html", "--fail-fast", ...cache]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Stopped by --fail-fast: nothing written");
      // It made an empty dist/ for its lock and staging, and left it.
      expect(existsSync(join(root, "dist"))).toBe(false);
    }
  });

  it("usage errors exit 2", () => {
    expect(tilpress(["build", "--locale", "de"]).code).toBe(2);
    expect(tilpress(["frobnicate"]).code).toBe(2);
    const unknownArticle = tilpress(["check", "--article", "no-such-story"]);
    expect(unknownArticle.code).toBe(2);
    expect(unknownArticle.stderr).toContain('No article matches "no-such-story"');
    expect(tilpress(["build", "--no-such-flag"]).code).toBe(2);
    const help = tilpress(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("tilpress build");
  });

  it("--locale and --template narrow the build", () => {
    const root = seedAsKind(seedCopy(), "press-release");
    expect(tilpress(["build", "--root", root, "--locale", "kk", "--template", "press-release"]).code).toBe(0);
    expect(filesUnder(join(root, "dist"))).toEqual(
      [...SITE_PAGES, "manifest.json", `kk/${SEED}/press-release.html`, `kk/${SEED}/press-release.pdf`].sort(),
    );
    expect(
      tilpress(["build", "--root", root, "--locale", "ru", "--format", "pdf", "--template", "briefing"]).code,
    ).toBe(0);
    // A press release has no briefing: asking for one builds nothing for it, and that is no error;
    // and a selection keeps what it did not select (tests/selections.test.ts).
    expect(filesUnder(join(root, "dist"))).toEqual(
      [...SITE_PAGES, "manifest.json", `kk/${SEED}/press-release.html`, `kk/${SEED}/press-release.pdf`].sort(),
    );
  });
});

describe("tilpress check on a body with tens of thousands of problems", () => {
  it("reports each with its code frame (its speed: docs/performance.md, hostile input)", () => {
    // A statistical annex pasted with decimal commas into the English: every number is a
    // typography/decimal-mark warning (and a mismatch in kk and ru). The text reporter read,
    // decoded and split the 300 KB body again for each frame, and each number searched the body
    // back for a «: 30 s for 40,000 (red team).
    const count = 60_000;
    const root = projectCopy();
    const en = `${SEED_DIR}/en.md`;
    const annex = Array.from({ length: count }, (_, i) => `${(i % 9) + 1},5`).join(" ");
    writeFileSync(join(root, en), `${readFileSync(join(root, en), "utf8")}\nAnnex: ${annex}\n`);
    const line = readFileSync(join(root, en), "utf8").split("\n").length - 1;
    // Sixty thousand frames: more than runCli's buffer holds.
    const r = spawnSync(process.execPath, [BIN, "check", "--root", root, "--no-cache"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      maxBuffer: 1024 * 1024 * 1024,
    });
    const report = r.stdout + r.stderr;
    const warnings = report.split("\n").filter((l) => l.includes("typography/decimal-mark"));
    expect(warnings).toHaveLength(count);
    const last = `${en}:${line}:${"Annex: ".length + 1 + (count - 1) * 4}  warning  The en body writes ${((count - 1) % 9) + 1},5`;
    expect(warnings.filter((w) => w.startsWith(last))).toHaveLength(1);
    expect(report).toContain(`> ${line} | Annex: 1,5 2,5 3,5`);
  }, 300_000);
});

describe("tilpress review", () => {
  it("records the current English hash in the translations it names", () => {
    const root = projectCopy();
    edit(root, `${SEED_DIR}/en.md`, "sealing off the square", "sealing off the central square");
    expect(tilpress(["check", "--root", root, "--strict"]).code).toBe(1);
    const r = tilpress(["review", "--root", root, "--locale", "kk"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Marked reviewed: ${SEED_DIR}/kk.md\n`);
    const check = tilpress(["check", "--root", root, "--reporter", "json"]);
    const codes = (JSON.parse(check.stdout) as { diagnostics: { code: string; locale: string }[] }).diagnostics.map(
      (d) => `${d.code} ${d.locale}`,
    );
    // And the copy's publishing warning: it has no tilpress.config.json, so no baseUrl.
    expect(codes).toEqual(["translation/stale ru", "site/no-base-url null"]);
  });
});

describe("tilpress init", () => {
  it("scaffolds a data repository that builds", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tilpress-init-")), "newsroom");
    const r = tilpress(["init", dir]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      ".gitignore",
      "README.md",
      "data",
      "locales",
      "package.json",
      "templates",
      "tilpress.config.json",
    ]);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts["build"]).toBe("tilpress build");
    expect(tilpress(["build"], dir).code).toBe(0);
    expect(existsSync(join(dir, "dist", "kk", SEED, "briefing.html"))).toBe(true);
    expect(tilpress(["init", dir]).code).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("tilpress preview", () => {
  it("serves on 127.0.0.1, prints its URL, and stops cleanly on Ctrl-C", async () => {
    const root = projectCopy();
    const child = spawn(process.execPath, [BIN, "preview", "--root", root, "--port", "0"], {
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const m = /Preview at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
        if (m?.[1]) resolve(m[1]);
      });
      child.on("exit", () => reject(new Error(`preview exited: ${stderr}`)));
    });
    const index = await fetch(url);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain(`/kk/${SEED}/briefing.html`);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(existsSync(join(root, "dist"))).toBe(false);
  });

  it("a bad --port is a usage error", () => {
    const r = tilpress(["preview", "--port", "http"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port must be a port number, not "http"');
  });
});
