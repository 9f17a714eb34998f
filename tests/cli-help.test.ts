import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edit, projectCopy, REPO, SEED, SEED_DIR, seedCopy } from "./helpers.js";

const BIN = join(REPO, "bin/tilpress.js");
function tilpress(args: string[], env: Record<string, string> = { NO_COLOR: "1" }) {
  const base = { ...process.env };
  delete base["FORCE_COLOR"];
  delete base["NO_COLOR"];
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The long option names a help text lists, in order. */
const optionsListed = (help: string) => [...help.matchAll(/^ {2}(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]);

describe("help for each command", () => {
  it("`build --help` and `help build` print build's usage and exactly the options it takes", () => {
    const a = tilpress(["build", "--help"]);
    const b = tilpress(["help", "build"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.split("\n")[0]).toBe("tilpress build [options]");
    const listed = optionsListed(a.stdout);
    expect(listed).toContain("fail-fast");
    expect(listed).toContain("no-cache");
    expect(listed).not.toContain("port");
    expect(listed).not.toContain("send");
  });

  it("preview's help lists --port and no PDF options; newsletter's lists --send and --to", () => {
    const preview = optionsListed(tilpress(["preview", "--help"]).stdout);
    expect(preview).toEqual(["root", "port", "locale", "template", "strict", "help"]);
    const newsletter = optionsListed(tilpress(["help", "newsletter"]).stdout);
    expect(newsletter).toEqual(expect.arrayContaining(["issue", "send", "to"]));
    expect(newsletter).not.toContain("format");
  });

  it("an empty selection (an unset CI variable) is a usage error, not “everything”", () => {
    for (const args of [
      ["--article", ""],
      ["--article", " , "],
      ["--locale", ""],
    ]) {
      const r = tilpress(["check", "--root", REPO, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`tilpress: ${args[0]} is empty: give at least one value, or leave the option out\n`);
    }
  });

  it("the short options the help lists work: -h, -v, -j", () => {
    expect(tilpress(["-v"])).toMatchObject({
      code: 0,
      stdout: `${JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version}\n`,
    });
    expect(tilpress(["-h"]).stdout).toBe(tilpress(["--help"]).stdout);
    expect(tilpress(["build", "-h"]).stdout.split("\n")[0]).toBe("tilpress build [options]");
    const checked = tilpress(["check", "--root", seedCopy(), "-j", "1"]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(tilpress(["check", "-j", "0"]).stderr).toContain("--jobs must be a whole number of at least 1");
  });

  it("the global help names every command and points at per-command help", () => {
    const r = tilpress(["--help"]);
    for (const c of ["build", "check", "init", "review", "merge", "preview", "newsletter", "help"])
      expect(r.stdout).toMatch(new RegExp(`^ {2}tilpress ${c} `, "m"));
    expect(r.stdout).toContain("tilpress <command> --help");
  });
});

describe("mistakes on the command line", () => {
  it.each([
    [["biuld"], 'Unknown command "biuld". Did you mean "build"?'],
    [["chek"], 'Unknown command "chek". Did you mean "check"?'],
    [["help", "mrege"], 'Unknown command "mrege". Did you mean "merge"?'],
    [["build", "--fromat", "pdf"], "Unknown option --fromat. Did you mean --format?"],
    [["check", "--strcit"], "Unknown option --strcit. Did you mean --strict?"],
    [["build", "-x"], "Unknown option -x. Run tilpress build --help for its options."],
    [
      ["init", "-dash"],
      'Unknown option -d in "-dash". A name that starts with "-" goes after "--": tilpress init -- -dash',
    ],
    [["preview", "--format", "pdf"], "--format does not apply to preview."],
    [["check", "--out", "x"], "--out does not apply to check."],
    [["build", "--send"], "--send does not apply to build."],
    [["build", "--root"], "--root needs a value"],
    [["build", "--strict=yes"], '--strict takes no value (got "yes")'],
  ])("%j is a usage error: %s", (args, message) => {
    const r = tilpress(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("a usage error writes nothing", () => {
    const root = projectCopy();
    expect(tilpress(["build", "--root", root, "--fromat", "pdf"]).code).toBe(2);
    expect(existsSync(join(root, "dist"))).toBe(false);
    expect(existsSync(join(root, ".tilpress-cache"))).toBe(false);
  });

  it("a far-off word gets no suggestion", () => {
    const r = tilpress(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("Did you mean");
  });
});

describe("--article takes globs and several values", () => {
  const root = seedCopy();
  for (const id of ["budget-2025-q1", "budget-2025-q2", "rates-2025-12", "draft-rates"]) {
    cpSync(join(root, SEED_DIR), join(root, "data/articles", id), { recursive: true });
    edit(root, `data/articles/${id}/article.yaml`, `id: ${SEED}`, `id: ${id}`);
  }
  const checked = (...patterns: string[]) => {
    const r = tilpress(["check", "--root", root, "--no-cache", ...patterns.flatMap((p) => ["--article", p])]);
    expect(r.code, r.stderr).not.toBe(2);
    return Number(/Checked (\d+) article/.exec(r.stderr)?.[1]);
  };

  it("brace sets, character classes and exclusions, as picomatch reads them", () => {
    expect(checked("budget-2025-q{1,2}")).toBe(2);
    expect(checked("budget-2025-q[2-9]")).toBe(1);
    expect(checked("!draft-*")).toBe(4);
    expect(checked("*rates*", "!draft-*")).toBe(1);
  }, 60_000);

  it("repeated --article and comma lists add up", () => {
    expect(checked("rates-2025-12", "budget-2025-q1")).toBe(2);
    expect(checked("rates-2025-12,budget-*")).toBe(3);
  }, 60_000);

  it("a pattern that matches nothing is a usage error naming it", () => {
    const r = tilpress(["check", "--root", root, "--article", "budget-2024-*"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No article matches "budget-2024-*"');
  });
});

describe("colour", () => {
  // The seed article alone: four checks of the whole bundled project outran the timeout on a busy machine.
  const broken = () => {
    const root = seedCopy();
    edit(root, `${SEED_DIR}/article.yaml`, "value: 20\n", "value: twenty\n");
    return root;
  };
  it("FORCE_COLOR colours the report when stderr is not a terminal; NO_COLOR or FORCE_COLOR=0 does not", () => {
    const root = broken();
    expect(tilpress(["check", "--root", root], { FORCE_COLOR: "1" }).stderr).toContain("\u001b[31;1merror");
    expect(tilpress(["check", "--root", root], { NO_COLOR: "1" }).stderr).not.toContain("\u001b[");
    expect(tilpress(["check", "--root", root], { FORCE_COLOR: "0" }).stderr).not.toContain("\u001b[");
    expect(tilpress(["check", "--root", root], {}).stderr).not.toContain("\u001b[");
  }, 30_000);
});
