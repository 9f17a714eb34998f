import { cpSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reviewTranslations } from "../src/cli/review.js";
import { build, type Diagnostic } from "../src/index.js";
import { readNumbers } from "../src/validate/numbers.js";
import { addUnusedNavKey, edit, lineOf, projectCopy, REPO, runCli, SEED, SEED_DIR, write } from "./helpers.js";

function find(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const d = diagnostics.find((x) => x.code === code);
  if (!d) throw new Error(`no ${code} in ${JSON.stringify(diagnostics, null, 1)}`);
  return d;
}

describe("catalog usage checks", () => {
  it("a key no template or code uses", () => {
    const root = projectCopy();
    edit(root, "locales/en/common.json", '"nav": {', '"nav": {\n    "home": "Home",');
    const d = find(build({ root }).diagnostics, "catalog/unused-key");
    expect(d).toMatchObject({
      severity: "warning",
      file: "locales/en/common.json",
      pointer: "/nav/home",
      line: lineOf(root, "locales/en/common.json", '"home"'),
    });
  });

  it("plural strings rendered at the probe counts: a missing form is named with the counts it breaks", () => {
    const root = projectCopy();
    edit(root, "locales/ru/units.json", /^ {2}"days_many": .*\n/m, "");
    const d = find(build({ root }).diagnostics, "catalog/plural-probe");
    expect(d).toMatchObject({ severity: "error", locale: "ru", file: "locales/ru/units.json" });
    expect(d.message).toContain("`units:days` has no ru text for 0 (many), 5 (many), 11 (many), 25 (many), 111 (many)");
  });

  it("a $t() nesting cycle", () => {
    const root = projectCopy();
    edit(root, "locales/kk/common.json", '"Брифинг",', '"Брифинг $t(document.pressRelease)",');
    edit(root, "locales/kk/common.json", '"Баспасөз релизі"', '"Баспасөз релизі $t(document.briefing)"');
    const d = find(build({ root }).diagnostics, "catalog/nesting-cycle");
    expect(d).toMatchObject({ locale: "kk", file: "locales/kk/common.json" });
    expect(d.message).toMatch(
      /`document\.(briefing|pressRelease)` → `document\.(pressRelease|briefing)` → `document\.(briefing|pressRelease)`/,
    );
  });

  it("a translation that is just the English, unless allowed in tilpress.config.json", () => {
    const root = projectCopy();
    edit(root, "locales/ru/common.json", '"Хронология"', '"Timeline"');
    const d = find(build({ root }).diagnostics, "catalog/identical-to-source");
    expect(d).toMatchObject({
      severity: "error",
      locale: "ru",
      pointer: "/briefing/timeline",
      line: lineOf(root, "locales/ru/common.json", '"Timeline"'),
    });
    write(root, "tilpress.config.json", JSON.stringify({ identicalAllowed: ["briefing.timeline"] }));
    expect(build({ root }).diagnostics.filter((x) => x.code === "catalog/identical-to-source")).toEqual([]);
  });

  it("a project's own templates made before press-room.hbs existed: the error says where the package's copy is", () => {
    const root = projectCopy();
    rmSync(join(root, "templates/press-room.hbs"));
    const d = find(build({ root }).diagnostics, "template/missing");
    expect(d).toMatchObject({
      severity: "error",
      file: "templates/press-room.hbs",
      message: "No template `press-room.hbs`",
    });
    expect(d.hint).toContain("node_modules/tilpress/templates/press-room.hbs: copy it into templates/");
  });

  it("a text no locale reads: kk-Latn.md (made from kk.md), de.md without de, kz.md for kk; notes.md is left alone", () => {
    const root = projectCopy();
    write(root, "tilpress.config.json", JSON.stringify({ locales: ["en", "kk", "kk-Latn", "ru"] }));
    for (const name of ["kk-Latn.md", "de.md", "kz.md", "notes.md"])
      cpSync(join(root, SEED_DIR, "kk.md"), join(root, SEED_DIR, name));
    const unread = build({ root, formats: ["html"] })
      .diagnostics.filter((d) => d.code === "data/unread-text")
      .map((d) => [d.file, d.locale, d.message, d.hint]);
    const file = (name: string) => `data/articles/${SEED}/${name}`;
    expect(unread).toEqual([
      [
        file("de.md"),
        undefined,
        "`de.md` is not read: de is not one of the project's locales (en, kk, kk-Latn, ru)",
        'Add "de" to "locales" in tilpress.config.json to build it.',
      ],
      [
        file("kk-Latn.md"),
        "kk-Latn",
        "`kk-Latn.md` is not read: kk-Latn pages are made from kk.md",
        "Put the text in kk.md; a name the conversion spells wrong goes in the glossary's kk-Latn spelling.",
      ],
      [
        file("kz.md"),
        undefined,
        "`kz.md` is not read: kz is not one of the project's locales (en, kk, kk-Latn, ru)",
        'Did you mean kk.md? Or add "kz" to "locales" in tilpress.config.json to build it.',
      ],
    ]);
  });

  it("a catalog that YAML reads but JSON does not: a warning at the first place JSON refuses; the strings are used", () => {
    const root = projectCopy();
    const file = "locales/kk/common.json";
    // A translator's trailing comma before a closing brace, as an editor without JSON checks leaves it.
    edit(root, file, '"mediaAdvisory": "БАҚ-қа арналған анонс"\n', '"mediaAdvisory": "БАҚ-қа арналған анонс",\n');
    const { diagnostics, outputs } = build({ root, formats: ["html"] });
    const d = find(diagnostics, "catalog/not-json");
    const line = lineOf(root, file, '"mediaAdvisory": "БАҚ-қа') + 1;
    expect(d).toMatchObject({ severity: "warning", file, locale: "kk", line });
    expect(d.message).toContain("Expected double-quoted property name");
    expect(diagnostics.filter((x) => x.severity === "error")).toEqual([]);
    expect(outputs.some((o) => o.locale === "kk" && o.format === "html")).toBe(true);
  });

  it("a catalog neither JSON nor YAML reads (a // comment): one error where JSON refuses it, no key reported missing", () => {
    const root = projectCopy();
    const file = "locales/kk/common.json";
    // A translator's note as a JavaScript comment: YAML reported 35 syntax errors after it and
    // the strings, not read, were each reported missing (145 errors).
    edit(root, file, /^\{\n/, "{\n  // «Брифинг» — не «Брифингі»\n");
    const { diagnostics, outputs } = build({ root, formats: ["html"] });
    const errors = diagnostics.filter((x) => x.severity === "error");
    expect(errors).toEqual([
      expect.objectContaining({ code: "data/yaml-syntax", file, locale: "kk", line: 2, column: 3 }),
    ]);
    expect(errors[0]!.message).toBe("The catalog is not valid JSON (Expected property name or '}')");
    expect(outputs.some((o) => o.locale === "kk" && o.article !== undefined)).toBe(false);
    expect(outputs.some((o) => o.locale === "ru" && o.article !== undefined)).toBe(true);
  });

  it("an empty catalog file, or one of spaces: one error naming the file, not `not-json` and `not-an-object` both", () => {
    const root = projectCopy();
    // A namespace a translator created and never filled, and one an editor saved with a blank line.
    write(root, "locales/ru/press.json", "");
    write(root, "locales/kk/press.json", "  \n\t\n");
    const report = JSON.parse(runCli(["check", "--root", root, "--reporter", "json", "--no-cache"]).stdout) as {
      diagnostics: Diagnostic[];
    };
    const about = report.diagnostics.filter((d) => d.file?.endsWith("/press.json"));
    const empty = (locale: string) =>
      expect.objectContaining({
        code: "catalog/not-an-object",
        severity: "error",
        file: `locales/${locale}/press.json`,
        line: 1,
        column: 1,
        locale,
        message: "The catalog file is empty: a catalog file holds one JSON object",
      });
    expect(about).toEqual([empty("kk"), empty("ru")]);
  });

  it("a locale added to the config without its catalog folder: that one error, not each string and unit missing", () => {
    const root = projectCopy();
    write(root, "tilpress.config.json", JSON.stringify({ locales: ["en", "kk", "ru", "de"] }));
    const { diagnostics } = build({ root, formats: ["html"] });
    const de = diagnostics.filter((d) => d.locale === "de" && d.severity === "error");
    // Each key of every namespace (186) and each counted figure's unit (16) were reported too.
    expect(de.filter((d) => d.code.startsWith("catalog/"))).toEqual([
      expect.objectContaining({ code: "catalog/missing-locale", file: "locales/de/" }),
    ]);
    expect(diagnostics.filter((d) => d.code === "figure/unknown-unit")).toEqual([]);
  });

  it("a partial that does not exist, at the template line", () => {
    const root = projectCopy();
    edit(root, "templates/briefing.hbs", "{{> quotes}}", "{{> quote}}");
    const d = find(build({ root }).diagnostics, "template/missing-partial");
    expect(d).toMatchObject({
      file: "templates/briefing.hbs",
      line: lineOf(root, "templates/briefing.hbs", "{{> quote}}"),
      column: 5,
    });
  });
});

describe("policy", () => {
  it("tilpress.config.json turns a check off or into an error", () => {
    const root = projectCopy();
    addUnusedNavKey(root);
    expect(find(build({ root }).diagnostics, "catalog/unused-key").severity).toBe("warning");
    write(root, "tilpress.config.json", JSON.stringify({ rules: { "catalog/unused-key": "off" } }));
    expect(build({ root }).diagnostics.filter((x) => x.code === "catalog/unused-key")).toEqual([]);
    write(root, "tilpress.config.json", JSON.stringify({ rules: { "catalog/unused-key": "error" } }));
    const strictByPolicy = build({ root });
    expect(find(strictByPolicy.diagnostics, "catalog/unused-key").severity).toBe("error");
    expect(strictByPolicy.errorCount).toBe(1);
  });

  it("a broken tilpress.config.json is a usage error naming the setting", () => {
    const root = projectCopy();
    write(root, "tilpress.config.json", JSON.stringify({ rules: { "catalog/unused-key": "loud" } }));
    expect(() => build({ root })).toThrow(/rules.catalog\/unused-key must be "error", "warning", "off"/);
    write(root, "tilpress.config.json", "{ nope");
    // At the unquoted key, where JSON refuses it (YAML's reader said the end of the line, 1:7).
    expect(() => build({ root })).toThrow(/tilpress\.config\.json:1:3: not valid JSON/);
  });
});

describe("cross-locale parity", () => {
  it("a number the translation changed, at its line and column", () => {
    const root = projectCopy();
    const file = `${SEED_DIR}/ru.md`;
    edit(root, file, /еще 10(?=\s— в Актобе)/, "еще 12");
    const found = build({ root }).diagnostics.filter((x) => x.code === "translation/number-mismatch");
    const enLine = lineOf(root, `${SEED_DIR}/en.md`, "another 10 in the western");
    const enText = readFileSync(join(root, `${SEED_DIR}/en.md`), "utf8").split("\n")[enLine - 1]!;
    expect(found.map((d) => d.message)).toEqual([
      `The ru body writes 12 where the en body writes 10 (${SEED_DIR}/en.md:${enLine}:${enText.indexOf("another 10") + 9})`,
    ]);
    const line = lineOf(root, file, "еще 12");
    const text = readFileSync(join(root, file), "utf8").split("\n")[line - 1]!;
    expect(found[0]).toMatchObject({ severity: "error", file, locale: "ru", line, column: text.indexOf("12") + 1 });
    expect(found[0]).toMatchObject({ expected: "10", actual: "12" });
  });

  it("1,000 and 1 000 are the same number", () => {
    expect(readNumbers("at least 1,000 people", "en").map((n) => n.value)).toEqual([1000]);
    expect(readNumbers("не менее 1\u00a0000 человек, 22 февраля 2020 г.", "ru").map((n) => n.value)).toEqual([
      1000, 22, 2020,
    ]);
  });

  it("a key quote missing in one locale", () => {
    const root = projectCopy();
    edit(root, `${SEED_DIR}/kk.md`, /^ {2}- speaker: mike-pompeo\n(?: {4}.*\n)+/m, "");
    expect(find(build({ root }).diagnostics, "translation/quote-count")).toMatchObject({
      locale: "kk",
      pointer: "/quotes",
      message: "1 key quotes in kk, 2 in en",
    });
  });
});

describe("stale translations", () => {
  it("a changed English text makes the translations stale until they are marked reviewed", () => {
    const root = projectCopy();
    expect(build({ root }).diagnostics).toEqual([]);
    edit(root, `${SEED_DIR}/en.md`, "sealing off the square", "sealing off the central square");
    const stale = build({ root }).diagnostics.filter((x) => x.code === "translation/stale");
    expect(stale.map((d) => d.locale)).toEqual(["kk", "ru"]);
    expect(stale[0]).toMatchObject({
      severity: "warning",
      file: `${SEED_DIR}/kk.md`,
      line: 2,
      column: 9,
      pointer: "/source",
    });
    expect(stale[0]?.hint).toContain(`npx tilpress review --article ${SEED} --locale kk`);
    expect(reviewTranslations(root, undefined, ["en", "kk", "ru"])).toEqual([`${SEED_DIR}/kk.md`, `${SEED_DIR}/ru.md`]);
    expect(build({ root }).diagnostics).toEqual([]);
    // Only the source line changed in the translation.
    expect(
      readFileSync(join(root, SEED_DIR, "kk.md"), "utf8")
        .split("\n")
        .slice(2),
    ).toEqual(
      readFileSync(join(REPO, SEED_DIR, "kk.md"), "utf8")
        .split("\n")
        .slice(2),
    );
  });

  it("a translation without a source hash is reported as untracked", () => {
    const root = projectCopy();
    edit(root, `${SEED_DIR}/ru.md`, /^source: .*\n/m, "");
    expect(find(build({ root }).diagnostics, "translation/untracked")).toMatchObject({
      locale: "ru",
      file: `${SEED_DIR}/ru.md`,
    });
  });
});

describe("errors stop only their article", () => {
  function twoArticles(): string {
    const root = projectCopy();
    cpSync(join(root, SEED_DIR), join(root, "data/articles/second-story"), { recursive: true });
    edit(root, "data/articles/second-story/article.yaml", `id: ${SEED}`, "id: second-story");
    return root;
  }

  it("an article with an error gets no output; the others build", () => {
    const root = twoArticles();
    edit(root, "data/articles/second-story/article.yaml", "dateline: almaty", "dateline: almatty");
    const result = build({ root });
    expect(result.errorCount).toBe(1);
    expect(result.outputs.filter((o) => o.article === "second-story")).toEqual([]);
    // A news item: its briefing in HTML and PDF, in three locales.
    expect(result.outputs.filter((o) => o.article === SEED)).toHaveLength(6);
  });

  it("--fail-fast builds nothing once an error is found", () => {
    const root = twoArticles();
    edit(root, "data/articles/second-story/article.yaml", "dateline: almaty", "dateline: almatty");
    const result = build({ root, failFast: true });
    expect(result.outputs.filter((o) => o.article)).toEqual([]);
    expect(result.skipped.map((s) => s.article)).toContain(SEED);
  });
});

describe("check finds what build finds", () => {
  it("a character no font has, in any article, without painting a PDF", () => {
    const root = projectCopy();
    cpSync(join(root, SEED_DIR), join(root, "data/articles/second-story"), { recursive: true });
    edit(root, "data/articles/second-story/article.yaml", `id: ${SEED}`, "id: second-story");
    edit(root, "data/articles/second-story/kk.md", "Полиция ерте таңнан", "Полиция ерте таңнан ☃ 中");
    const checked = build({ root, checkOnly: true });
    expect(checked.outputs.filter((o) => o.format === "pdf")).toEqual([]);
    const glyphs = checked.diagnostics.filter((d) => d.code === "pdf/missing-glyph");
    // A news item: one page, its briefing (src/model/kinds.ts).
    expect(glyphs.map((d) => [d.article, d.locale, d.actual])).toEqual([["second-story", "kk", "U+4E2D"]]);
    const built = build({ root });
    expect(built.diagnostics.filter((d) => d.code === "pdf/missing-glyph").map((d) => d.message)).toEqual([
      expect.stringContaining("of templates/briefing.hbs"),
    ]);
  });

  it("a Markdown element outside the PDF subset, in any article", () => {
    const root = projectCopy();
    edit(
      root,
      `${SEED_DIR}/en.md`,
      "Police had been deployed in large numbers",
      "`Police` had been deployed in large numbers",
    );
    const checked = build({ root, checkOnly: true, locales: ["en"] });
    expect(checked.diagnostics.find((d) => d.code === "pdf/unsupported-element")?.message).toContain("<code>");
  });
});
