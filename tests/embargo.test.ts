import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { selectAll, selectOne } from "css-select";
import type { Element } from "domhandler";
import { textContent } from "domutils";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/build.js";
import type { Manifest } from "../src/index.js";
import { edit, lineOf, parseHtml, REPO, SEED, SEED_DIR, seedAsKind, seedCopy } from "./helpers.js";

const EMBARGO = "2030-03-03T09:00:00+06:00";
const BEFORE = "2030-03-03T08:59:00+06:00";
const AFTER = "2030-03-03T03:00:00Z"; // the same instant as the embargo: it has passed
const WEEK_AFTER = "2030-03-10T03:00:00Z"; // a week later: no longer news that it passed

/** The bundled article as a press release under embargo. */
function embargoedProject(embargo = EMBARGO): string {
  const root = seedAsKind(seedCopy(), "press-release");
  edit(root, `${SEED_DIR}/article.yaml`, /^(published: .*)$/m, `$1\nembargo: "${embargo}"`);
  return root;
}

/** Text with no-break spaces read as spaces: the wording is what is checked here. */
const text = (html: Buffer | undefined, selector: string) => {
  const el = selectOne(selector, parseHtml(html ?? "").children) as Element | null;
  return el
    ? textContent(el)
        .replace(/\u00a0/g, " ")
        .trim()
    : undefined;
};

const page = (outputs: readonly { path: string; contents: Buffer }[], path: string) =>
  outputs.find((o) => o.path === path)?.contents;

describe("embargo", () => {
  it("until it passes, every page says so in its language and the index leaves the article out", () => {
    const result = build({ root: embargoedProject(), formats: ["html"], now: BEFORE });
    const at = (locale: string, template: string) => page(result.outputs, `${locale}/${SEED}/${template}.html`);
    expect(text(at("en", "press-release"), ".embargo")).toBe("Embargoed until 09:00 (UTC+6), March 3, 2030");
    // Until that time: «09:00-ге дейін», the suffix after «нөл нөл» as the time is read (no-break hyphen).
    expect(text(at("kk", "press-release"), ".embargo")).toBe(
      "Эмбарго: 2030 ж. 3 наурыз, сағат 09:00\u2011ге дейін (UTC+6)",
    );
    expect(text(at("ru", "press-release"), ".embargo")).toBe("Эмбарго до 3 марта 2030 г., 09:00 (UTC+6)");
    // A press release under embargo is not "for immediate release".
    expect(text(at("en", "press-release"), ".release-line")).toBeUndefined();
    const time = selectOne(".embargo time", parseHtml(at("ru", "press-release")!).children) as Element;
    expect(time.attribs["datetime"]).toBe(EMBARGO);
    // Built, but not listed in any press room.
    for (const locale of ["en", "kk", "ru"]) {
      const room = parseHtml(page(result.outputs, `${locale}/index.html`)!);
      expect(selectAll(`a[href*="${SEED}"]`, room.children)).toHaveLength(0);
    }
    const warning = result.diagnostics.find((d) => d.code === "embargo/active");
    expect(warning).toMatchObject({ severity: "warning", file: `${SEED_DIR}/article.yaml`, article: SEED });
    expect(warning?.line).toBe(
      readFileSync(join(REPO, SEED_DIR, "article.yaml"), "utf8")
        .split("\n")
        .findIndex((l) => l.startsWith("published:")) + 2,
    );
  });

  it("the manifest records each page's kind, and its embargo only while it is in force", () => {
    const manifest = (now: string) =>
      JSON.parse(
        page(build({ root: embargoedProject(), formats: ["html"], now }).outputs, "manifest.json")!.toString(),
      ) as Manifest;
    const facts = (m: Manifest, locale: string) =>
      m.outputs.find((e) => e.path === `${locale}/${SEED}/press-release.html`)?.page;
    const before = manifest(BEFORE);
    const after = manifest(AFTER);
    for (const locale of ["en", "kk", "ru"]) {
      expect(facts(before, locale), locale).toMatchObject({ kind: "press-release", embargo: EMBARGO });
      expect(facts(after, locale), locale).toMatchObject({ kind: "press-release" });
      expect(facts(after, locale)).not.toHaveProperty("embargo");
    }
  });

  it("after it passes nothing of it remains", () => {
    const result = build({ root: embargoedProject(), formats: ["html"], now: AFTER });
    for (const o of result.outputs.filter((o) => o.format === "html")) {
      expect(o.contents.toString(), o.path).not.toMatch(/class="embargo"|Embargoed until|Эмбарго/);
    }
    expect(text(page(result.outputs, `en/${SEED}/press-release.html`), ".release-line")).toBe("For immediate release");
    const room = parseHtml(page(result.outputs, "ru/index.html")!);
    expect(selectAll(`a[href*="${SEED}"]`, room.children).length).toBeGreaterThan(0);
    // For a week, a warning says that this build publishes it (a mistyped day would do so too early).
    const lifted = result.diagnostics.filter((d) => d.code.startsWith("embargo/"));
    expect(lifted).toMatchObject([
      {
        code: "embargo/lifted",
        severity: "warning",
        file: `${SEED_DIR}/article.yaml`,
        line: lineOf(REPO, `${SEED_DIR}/article.yaml`, "published:") + 1,
        column: 10,
      },
    ]);
    const later = build({ root: embargoedProject(), formats: ["html"], now: WEEK_AFTER });
    expect(later.diagnostics.filter((d) => d.code.startsWith("embargo/"))).toEqual([]);
  });

  it("the PDF carries the embargo line; the CLI's cache and the newsletter follow the clock both ways", () => {
    const root = embargoedProject();
    const cli = (now: string) =>
      spawnSync(process.execPath, [join(REPO, "bin/tilpress.js"), "build", "--now", now, "--jobs", "1"], {
        cwd: root,
        encoding: "utf8",
      });
    const dist = join(root, "dist");
    const pdfText = (locale: string) =>
      execFileSync("pdftotext", ["-layout", join(dist, locale, SEED, "press-release.pdf"), "-"], {
        encoding: "utf8",
      }).replace(/\s+/g, " ");
    const everything = () =>
      readdirSync(dist, { recursive: true, encoding: "utf8" })
        .filter((f) => statSync(join(dist, f)).isFile() && /\.(html|txt|eml)$/.test(f))
        .map((f) => readFileSync(join(dist, f), "utf8"))
        .join("\n");
    // No-break spaces read as spaces: the headline is compared with its source.
    const newsletterText = () =>
      readFileSync(join(dist, "newsletter/weekly-2020-02-23/en.txt"), "utf8").replace(/\u00a0/g, " ");
    const headline = /^headline: (.+)$/m
      .exec(readFileSync(join(REPO, SEED_DIR, "en.md"), "utf8"))![1]!
      .replace(/^"|"$/g, "");

    let run = cli(BEFORE);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("embargo/active");
    expect(run.stderr).toContain("newsletter/story-embargoed");
    // The stylesheet sets the English line in capitals, as the release line is; Kazakh and
    // Russian keep their case, else the date reads «2030 Ж. 3 НАУРЫЗ», «3 МАРТА 2030 Г.».
    expect(pdfText("en")).toContain("EMBARGOED UNTIL 09:00 (UTC+6), MARCH 3, 2030");
    expect(pdfText("kk")).toContain("Эмбарго: 2030 ж. 3 наурыз, сағат 09:00\u2011ге дейін (UTC+6)");
    expect(pdfText("ru")).toContain("Эмбарго до 3 марта 2030 г., 09:00 (UTC+6)");
    expect(newsletterText()).not.toContain(headline.slice(0, 30));

    run = cli(AFTER);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/embargo\/active|story-embargoed/);
    expect(run.stderr).toContain("embargo/lifted");
    expect(everything()).not.toMatch(/Embargoed until|Эмбарго|ЭМБАРГО/);
    expect(pdfText("ru")).not.toMatch(/Эмбарго|ЭМБАРГО/);
    expect(newsletterText()).toContain(headline.slice(0, 30));

    // The clock set back: the cached pages (built after the embargo) are not reused.
    run = cli(BEFORE);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(dist, "kk", SEED, "press-release.html"), "utf8")).toContain("Эмбарго: 2030");
    expect(newsletterText()).not.toContain(headline.slice(0, 30));
  });
});

describe("a shard's newsletter and a story in another shard", () => {
  it("follows the story's embargo and its edits through the cache (shard 1/2 makes the issue, not the story)", () => {
    const root = embargoedProject();
    const shard = (now: string) =>
      spawnSync(
        process.execPath,
        [join(REPO, "bin/tilpress.js"), "build", "--shard", "1/2", "--out", "shard-1", "--now", now, "--jobs", "1"],
        { cwd: root, encoding: "utf8" },
      );
    const newsletterText = () =>
      readFileSync(join(root, "shard-1/newsletter/weekly-2020-02-23/en.txt"), "utf8").replace(/\u00a0/g, " ");
    let run = shard(BEFORE);
    expect(run.status, run.stderr).toBe(0);
    // The story is another shard's: this one makes the issue without it.
    expect(existsSync(join(root, "shard-1/en", SEED))).toBe(false);
    expect(run.stderr).toContain("newsletter/story-embargoed");
    expect(newsletterText()).not.toContain("More Than 100 Detained");

    // The embargo passes: the issue has the story, as a build without the cache makes it.
    run = shard(AFTER);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("newsletter/story-embargoed");
    expect(newsletterText()).toContain("More Than 100 Detained");

    // The story's headline is edited: the issue shows the new one.
    edit(root, `${SEED_DIR}/en.md`, /^headline: .*$/m, 'headline: "Police Detain More Than 100 People in Four Cities"');
    run = shard(AFTER);
    expect(run.status, run.stderr).toBe(0);
    expect(newsletterText()).toContain("Police Detain More Than 100 People in Four Cities");
  });
});

describe("the Kazakh embargo line says until when, the time declined as it is read", () => {
  it.each([
    ["2030-03-03T10:30:00+06:00", "сағат 10:30\u2011ға дейін"], // он отыз → -ға
    ["2030-03-03T18:45:00+06:00", "сағат 18:45\u2011ке дейін"], // он сегіз қырық бес → -ке
    ["2030-03-03T09:05:00+06:00", "сағат 09:05\u2011ке дейін"], // тоғыз нөл бес → -ке
    ["2030-03-03T12:40:00+06:00", "сағат 12:40\u2011қа дейін"], // он екі қырық → -қа
    ["2030-03-03T20:00:00+06:00", "сағат 20:00\u2011ге дейін"], // жиырма нөл нөл → -ге
  ])("%s: «%s»", (embargo, until) => {
    const result = build({
      root: embargoedProject(embargo),
      formats: ["html"],
      templates: ["press-release"],
      locales: ["kk", "ru"],
      now: BEFORE,
    });
    const line = (locale: string) =>
      text(page(result.outputs, `${locale}/${SEED}/press-release.html`), ".embargo") ?? "";
    expect(line("kk")).toBe(`Эмбарго: 2030 ж. 3 наурыз, ${until} (UTC+6)`);
    expect(line("ru")).toBe(`Эмбарго до 3 марта 2030 г., ${embargo.slice(11, 16)} (UTC+6)`);
  });
});

describe("an embargo that cannot be right", () => {
  const diagnosticsWith = (published: string, embargo: string) => {
    const root = seedAsKind(seedCopy(), "press-release");
    edit(root, `${SEED_DIR}/article.yaml`, /^published: .*$/m, `published: "${published}"\nembargo: "${embargo}"`);
    const result = build({ root, formats: ["html"], now: "2030-01-01T00:00:00Z" });
    return { root, found: result.diagnostics.filter((d) => d.code === "embargo/not-after-published") };
  };

  it("before or at `published` is an error at the embargo's line, and the release is not built", () => {
    // The year typo: issued in 2026, embargoed until 2025.
    const { root, found } = diagnosticsWith("2026-03-02T10:00:00+05:00", "2025-03-03T09:00:00+05:00");
    expect(found).toMatchObject([
      {
        severity: "error",
        file: `${SEED_DIR}/article.yaml`,
        line: lineOf(root, `${SEED_DIR}/article.yaml`, "embargo:"),
        column: 10,
        pointer: "/embargo",
        article: SEED,
      },
    ]);
    // The same moment written in another offset is not after it either.
    expect(diagnosticsWith("2026-03-02T10:00:00+05:00", "2026-03-02T11:00:00+06:00").found).toHaveLength(1);
    // A date-only `published`: an embargo on an earlier day is wrong, one later that day may be right.
    expect(diagnosticsWith("2026-03-02", "2026-03-01T23:00:00+05:00").found).toHaveLength(1);
    expect(diagnosticsWith("2026-03-02", "2026-03-02T09:00:00+05:00").found).toEqual([]);
    expect(diagnosticsWith("2026-03-02T10:00:00+05:00", "2026-03-02T10:01:00+05:00").found).toEqual([]);
  });
});
