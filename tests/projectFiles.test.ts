import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProjectFiles } from "../src/core/projectFiles.js";
import { projectCopy, projectCopyWithWorker, REPO, SEED, SEED_DIR } from "./helpers.js";

/**
 * A data repository is untrusted: pipes, sockets, links out of the project or in a loop, and
 * oversized files are located errors through the CLI, never a hang, a crash or a full memory.
 */

const BIN = join(REPO, "bin/tilpress.js");
const OTHER = "second-story";

interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly hint?: string;
  readonly file?: string;
  readonly article?: string;
  readonly locale?: string;
}

/** The CLI with the JSON reporter, killed after 60 s: a hang fails the test instead of the suite. */
function tilpress(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, "--reporter", "json"], {
    encoding: "utf8",
    timeout: 60_000,
    killSignal: "SIGKILL",
  });
  // Less check's publishing warning: these projects have no baseUrl, and it is not what is tested here.
  const diagnostics = (r.stdout ? (JSON.parse(r.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics : []).filter(
    (d) => d.code !== "site/no-base-url",
  );
  return { status: r.status, signal: r.signal, stderr: r.stderr, diagnostics };
}

/** The bundled project with a second article, built once into dist/ (HTML only, to be quick). */
function builtProject(): { root: string; out: string; before: Map<string, Buffer> } {
  const root = projectCopy();
  cpSync(join(root, SEED_DIR), join(root, "data/articles", OTHER), { recursive: true });
  const facts = join(root, "data/articles", OTHER, "article.yaml");
  writeFileSync(facts, readFileSync(facts, "utf8").replace(`id: ${SEED}`, `id: ${OTHER}`));
  const out = join(root, "dist");
  const first = tilpress(["build", "--root", root, "--format", "html", "--template", "briefing"]);
  expect(first.status, first.stderr).toBe(0);
  return { root, out, before: filesOf(out) };
}

function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile())
      files.set(join(e.parentPath, e.name).slice(dir.length + 1), readFileSync(join(e.parentPath, e.name)));
  return files;
}

/** Build again after breaking the seed article: exit 1, only it left out, the other article's pages untouched. */
function expectSeedLeftOut(project: ReturnType<typeof builtProject>) {
  const r = tilpress(["build", "--root", project.root, "--format", "html", "--template", "briefing"]);
  expect(r.signal, "the build hung and was killed").toBeNull();
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  const after = filesOf(project.out);
  for (const locale of ["en", "kk", "ru"]) {
    const path = `${locale}/${OTHER}/briefing.html`;
    expect(after.get(path), path).toEqual(project.before.get(path));
  }
  return r;
}

describe("reading project files", () => {
  it("a named pipe in an article's folder is an error naming it, not a build that waits forever", () => {
    const project = builtProject();
    execFileSync("mkfifo", [join(project.root, SEED_DIR, "notes.pipe")]);
    const r = expectSeedLeftOut(project);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "data/special-file",
        severity: "error",
        file: `${SEED_DIR}/notes.pipe`,
        article: SEED,
        message: `\`${SEED_DIR}/notes.pipe\` is a named pipe, not a regular file`,
      }),
    ]);
    expect([...filesOf(project.out).keys()].filter((p) => p.includes(`/${SEED}/`))).toEqual([]);
    // check reads the same files and stops as soon.
    const check = tilpress(["check", "--root", project.root]);
    expect([check.status, check.diagnostics.map((d) => d.code)]).toEqual([1, ["data/special-file"]]);
  });

  it("a Russian text that is a named pipe keeps only the Russian pages out", () => {
    const project = builtProject();
    const ru = join(project.root, SEED_DIR, "ru.md");
    rmSync(ru);
    execFileSync("mkfifo", [ru]);
    const r = expectSeedLeftOut(project);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "data/special-file", file: `${SEED_DIR}/ru.md`, article: SEED, locale: "ru" }),
    ]);
    const paths = [...filesOf(project.out).keys()];
    expect(paths).toContain(`kk/${SEED}/briefing.html`);
    expect(paths).not.toContain(`ru/${SEED}/briefing.html`);
  });

  it("a symlink loop (`ln -s .. up`) is an error, not an ELOOP stack trace", () => {
    const project = builtProject();
    symlinkSync("..", join(project.root, SEED_DIR, "up"));
    const r = expectSeedLeftOut(project);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "data/link-loop",
        file: `${SEED_DIR}/up`,
        article: SEED,
        message: `\`${SEED_DIR}/up\` is a symbolic link that leads back into a folder containing it (a loop)`,
      }),
    ]);
  });

  it("links out of the project (to /dev/zero, to /etc/passwd) are errors and nothing is read from them", () => {
    const project = builtProject();
    symlinkSync("/dev/zero", join(project.root, SEED_DIR, "zero"));
    symlinkSync("/etc/passwd", join(project.root, SEED_DIR, "passwd"));
    const r = expectSeedLeftOut(project);
    expect(r.diagnostics.map((d) => [d.code, d.file, d.message])).toEqual([
      [
        "data/link-outside",
        `${SEED_DIR}/passwd`,
        `\`${SEED_DIR}/passwd\` is a link to /etc/passwd, outside the project`,
      ],
      ["data/link-outside", `${SEED_DIR}/zero`, `\`${SEED_DIR}/zero\` is a link to /dev/zero, outside the project`],
    ]);
  });

  it("an article folder that is a link out of the project is an error naming it, not skipped silently", () => {
    const root = projectCopy();
    const outside = mkdtempSync(join(tmpdir(), "tilpress-outside-"));
    cpSync(join(root, SEED_DIR), join(outside, "story"), { recursive: true });
    symlinkSync(join(outside, "story"), join(root, "data/articles/linked-story"));
    const r = tilpress(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "data/link-outside",
        severity: "error",
        file: "data/articles/linked-story",
        article: "linked-story",
        message: `\`data/articles/linked-story\` is a link to ${join(outside, "story")}, outside the project`,
      }),
    ]);
    rmSync(outside, { recursive: true, force: true });
  });

  it("in a build with a worker (data/articles/ listed once, given to every chunk), such a link is reported once and the rest is built", () => {
    // Eight articles and a link out: more than the main thread builds alone, so one worker with --jobs 2.
    const root = projectCopyWithWorker();
    const articles = join(root, "data", "articles");
    const outside = mkdtempSync(join(tmpdir(), "tilpress-outside-"));
    cpSync(join(root, SEED_DIR), join(outside, "story"), { recursive: true });
    symlinkSync(join(outside, "story"), join(articles, "linked-story"));
    const out = join(root, "dist");
    const r = tilpress(["build", "--root", root, "--jobs", "2", "--format", "html", "--locale", "en", "--out", out]);
    expect(r.status).toBe(1);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([
      expect.objectContaining({
        code: "data/link-outside",
        file: "data/articles/linked-story",
        article: "linked-story",
      }),
    ]);
    const built = readdirSync(join(out, "en"), { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(built.map((e) => e.name).sort()).toEqual(
      readdirSync(articles)
        .filter((n) => n !== "linked-story")
        .sort(),
    );
    rmSync(outside, { recursive: true, force: true });
  });

  it("a file over its kind's limit is an error naming the file, its size and the config key", () => {
    const project = builtProject();
    writeFileSync(join(project.root, "tilpress.config.json"), JSON.stringify({ limits: { markdownBytes: 4096 } }));
    const size = readFileSync(join(project.root, SEED_DIR, "kk.md")).length;
    expect(size).toBeGreaterThan(4096);
    const r = tilpress(["check", "--root", project.root]);
    expect(r.status).toBe(1);
    const kk = r.diagnostics.find((d) => d.file === `${SEED_DIR}/kk.md`);
    expect(kk).toMatchObject({ code: "data/file-too-large", article: SEED, locale: "kk" });
    expect(kk?.message).toBe(
      `\`${SEED_DIR}/kk.md\` is ${(size / 1024).toFixed(1)} KB, over the limit of 4.0 KB for markdown files`,
    );
    expect(kk?.hint).toContain("limits.markdownBytes in tilpress.config.json");
    // Raised again, the project checks clean.
    writeFileSync(join(project.root, "tilpress.config.json"), JSON.stringify({ limits: { markdownBytes: 1 << 20 } }));
    expect(tilpress(["check", "--root", project.root]).status).toBe(0);
  });

  it("a template that is a named pipe is an error on that template; a bad limit is a usage error", () => {
    const root = projectCopy();
    execFileSync("mkfifo", [join(root, "templates/partials/pipe.hbs")]);
    const r = tilpress(["check", "--root", root]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "data/special-file", file: "templates/partials/pipe.hbs" }),
    ]);
    rmSync(join(root, "templates/partials/pipe.hbs"));
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ limits: { yamlBytes: -1 } }));
    const negative = tilpress(["check", "--root", root]);
    expect(negative.status).toBe(2);
    expect(negative.stderr).toContain(
      "tilpress.config.json:1:24: limits.yamlBytes: Too small: expected number to be >=1",
    );
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ limits: { pngBytes: 3 } }));
    const unknown = tilpress(["check", "--root", root]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/tilpress\.config\.json:1:11: unknown setting "limits\.pngBytes"/);
  });

  it("the project's own config file as a named pipe is a usage error, not a hang", () => {
    const root = mkdtempSync(join(tmpdir(), "tilpress-cfg-"));
    cpSync(join(REPO, "data"), join(root, "data"), { recursive: true });
    execFileSync("mkfifo", [join(root, "tilpress.config.json")]);
    const r = tilpress(["check", "--root", root]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("`tilpress.config.json` is a named pipe, not a regular file");
    rmSync(root, { recursive: true, force: true });
  });
});

describe("listing a folder (ProjectFiles.listFolder, walk)", () => {
  it("resolves only links, and a folder that is itself a link out of the project confines nothing in it", () => {
    const root = mkdtempSync(join(tmpdir(), "tilpress-list-"));
    const outside = mkdtempSync(join(tmpdir(), "tilpress-outside-"));
    mkdirSync(join(root, "data", "articles", "plain"), { recursive: true });
    writeFileSync(join(root, "data", "articles", "a-file.md"), "not a folder");
    mkdirSync(join(outside, "story"));
    symlinkSync(join(outside, "story"), join(root, "data", "articles", "linked-out"));
    symlinkSync("plain", join(root, "data", "articles", "linked-in"));
    symlinkSync("missing", join(root, "data", "articles", "dangling"));
    const files = new ProjectFiles(root);
    const listed = files.listFolder(join(root, "data", "articles"));
    expect(listed.folders).toEqual(["linked-in", "plain"]);
    expect(listed.refused.map((r) => [r.name, r.problem.code])).toEqual([
      ["dangling", "data/special-file"], // a dangling link cannot be read
      ["linked-out", "data/link-outside"],
    ]);

    // data/ itself a link out of the project: what is under it is outside too, link or not.
    mkdirSync(join(outside, "data", "articles", "story"), { recursive: true });
    writeFileSync(join(outside, "data", "articles", "story", "article.yaml"), "id: story\n");
    const other = mkdtempSync(join(tmpdir(), "tilpress-list-"));
    symlinkSync(join(outside, "data"), join(other, "data"));
    const linked = new ProjectFiles(other).listFolder(join(other, "data", "articles"));
    expect(linked.folders).toEqual([]);
    expect(linked.refused.map((r) => [r.name, r.problem.code])).toEqual([["story", "data/link-outside"]]);
    expect(new ProjectFiles(other).walk(join(other, "data", "articles", "story"))).toEqual([
      expect.objectContaining({ rel: "", problem: expect.objectContaining({ code: "data/link-outside" }) }),
    ]);
    for (const dir of [root, outside, other]) rmSync(dir, { recursive: true, force: true });
  });
});
