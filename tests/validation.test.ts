import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { describe, expect, it } from "vitest";
import { build, type Diagnostic } from "../src/index.js";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { readYaml } from "../src/load/yaml.js";
import { edit, lineOf, parseHtml, projectCopy, runCli, SEED, SEED_DIR } from "./helpers.js";

const FACTS = `${SEED_DIR}/article.yaml`;

function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  expect(found, `diagnostics: ${JSON.stringify(diagnostics, null, 1)}`).toHaveLength(1);
  return found[0]!;
}

describe("the bundled data", () => {
  it("builds with no diagnostics at all", () => {
    const result = build({ root: projectCopy() });
    expect(result.diagnostics).toEqual([]);
    expect(result.skipped).toEqual([]);
  });
});

describe("loading and validation errors point at file, line, column and field", () => {
  it("malformed YAML: file:line:col of the syntax error, and no output for the article", () => {
    const root = projectCopy();
    edit(root, FACTS, "kind: news", "kind: [news");
    const result = build({ root });
    const d = result.diagnostics.find((x) => x.code === "data/yaml-syntax");
    expect(d).toMatchObject({ file: FACTS, severity: "error", article: SEED });
    expect(d?.line).toBeGreaterThanOrEqual(lineOf(root, FACTS, "kind: [news"));
    expect(result.outputs.filter((o) => o.article === SEED)).toEqual([]);
  });

  it("a colon in an unquoted headline: the error is at the colon and says to quote the value", () => {
    // Real material: «Дүниежүзілік банк: 2006–2021 жылдары …», a press release's headline as an
    // editor types it. YAML's own words were "Nested mappings are not allowed in compact mappings",
    // at the headline's first letter.
    const root = projectCopy();
    const kk = `${SEED_DIR}/kk.md`;
    // Two colons: one error, at the first (the value is quoted once; red team: one error each).
    edit(
      root,
      kk,
      /^headline: .*$/m,
      "headline: Дүниежүзілік банк: 2006–2021 жылдары 5,9 млн адам кедейліктен шықты: баяндама",
    );
    const result = runCli(["check", "--root", root, "--reporter", "json", "--no-cache"]);
    const found = (JSON.parse(result.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter(
      (d) => d.code === "data/yaml-syntax",
    );
    const line = lineOf(root, kk, "headline: Дүниежүзілік банк:");
    expect(found).toEqual([
      expect.objectContaining({
        file: kk,
        line,
        column: "headline: Дүниежүзілік банк".length + 1,
        locale: "kk",
        message: "A colon and a space inside an unquoted value: YAML reads the words before it as another key",
      }),
    ]);
    expect(found[0]?.hint).toContain('double quotes (headline: "');
    // A value that is quoted, or a block scalar, is read as written.
    edit(root, kk, /^headline: (.*)$/m, 'headline: "$1"');
    const quoted = runCli(["check", "--root", root, "--reporter", "json", "--no-cache"]);
    expect((JSON.parse(quoted.stdout) as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.code)).not.toContain(
      "data/yaml-syntax",
    );
  });

  it("a role that begins with a place's name, without roleBeginsWithProperNoun: a warning at the role", () => {
    // Real material: «Алматы қаласы Алмалы аудандық сотының судьясы» was printed «алматы қаласы …»
    // in the people list, with no diagnostic.
    const root = projectCopy();
    const glossary = "data/glossary.yaml";
    edit(
      root,
      glossary,
      'kk: { name: Қасым-Жомарт Тоқаев, role: "Қазақстан Президенті", roleBeginsWithProperNoun: true }',
      'kk: { name: Қасым-Жомарт Тоқаев, role: "Қазақстан Президенті" }',
    );
    const result = runCli(["check", "--root", root, "--reporter", "json", "--no-cache"]);
    const found = (JSON.parse(result.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter(
      // Reported for each article that lists him, as typography/double-dash is.
      (d) => d.code === "glossary/role-lowercases-name" && d.article === SEED,
    );
    const line = lineOf(root, glossary, 'role: "Қазақстан Президенті" }');
    const column =
      readFileSync(join(root, glossary), "utf8").split("\n")[line - 1]!.indexOf('"Қазақстан Президенті"') + 1;
    expect(found).toEqual([
      expect.objectContaining({
        severity: "warning",
        file: glossary,
        line,
        column,
        locale: "kk",
        pointer: "/people/qasym-zhomart-toqaev/kk/role",
        message:
          "The kk role of `people.qasym-zhomart-toqaev` begins with «Қазақстан», a name (`places.kazakhstan`); printed after the name it would read «қазақстан Президенті»",
      }),
    ]);
  });

  it("a role that begins with a word of a longer name only is no warning; one that begins with its first two words is", () => {
    // The first word alone was matched: "Security adviser" began with the Security Council's
    // name, «Азия елдері …» with the Asian Development Bank's (red team).
    const root = projectCopy();
    const glossary = "data/glossary.yaml";
    edit(
      root,
      glossary,
      'en: { name: Qasym-Zhomart Toqaev, role: "president of Kazakhstan" }',
      'en: { name: Qasym-Zhomart Toqaev, role: "Security adviser" }',
    );
    edit(
      root,
      glossary,
      'ru: { name: Касым-Жомарт Токаев, role: "президент Казахстана" }',
      'ru: { name: Касым-Жомарт Токаев, role: "Азиатский союз ветеранов" }',
    );
    edit(
      root,
      glossary,
      'kk: { name: Қасым-Жомарт Тоқаев, role: "Қазақстан Президенті", roleBeginsWithProperNoun: true }',
      'kk: { name: Қасым-Жомарт Тоқаев, role: "Азия даму банкінің кеңесшісі" }',
    );
    const result = runCli(["check", "--root", root, "--reporter", "json", "--no-cache"]);
    const found = (JSON.parse(result.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter(
      (d) => d.code === "glossary/role-lowercases-name" && d.article === SEED,
    );
    expect(found).toEqual([
      expect.objectContaining({
        locale: "kk",
        pointer: "/people/qasym-zhomart-toqaev/kk/role",
        message:
          "The kk role of `people.qasym-zhomart-toqaev` begins with «Азия даму», a name (`organizations.adb`); printed after the name it would read «азия даму банкінің кеңесшісі»",
      }),
    ]);
  });

  it("duplicate key", () => {
    const root = projectCopy();
    edit(root, FACTS, "kind: news\n", "kind: news\nkind: statement\n");
    const d = only(build({ root }).diagnostics, "data/duplicate-key");
    expect(d).toMatchObject({ file: FACTS, line: lineOf(root, FACTS, "kind: statement"), column: 1 });
  });

  it('duplicate key written two ways: `1` and `"1"` name the same field, and nothing is silently replaced', () => {
    const root = projectCopy();
    edit(root, FACTS, "kind: news\n", 'kind: news\nextra:\n  1: first\n  "1": second\n');
    const d = only(build({ root }).diagnostics, "data/duplicate-key");
    expect(d).toMatchObject({ file: FACTS, line: lineOf(root, FACTS, '"1": second'), column: 3 });
  });

  it("keys that become one property are duplicates; keys that stay apart are not", () => {
    const duplicates = (text: string) => {
      const diagnostics = new DiagnosticList({});
      readYaml({ path: "/x.yaml", file: "x.yaml", text }, diagnostics);
      return diagnostics.items.filter((d) => d.code === "data/duplicate-key").map((d) => d.line);
    };
    for (const [first, second] of [
      ["1", '"1"'],
      ["0x1", "1"],
      ["1.0", "1"],
      ["true", '"true"'],
      ["~", '""'],
      ["null", "''"],
      [".inf", "Infinity"],
    ])
      expect(duplicates(`${first}: a\n${second}: b\n`), `${first} / ${second}`).toEqual([2]);
    for (const [first, second] of [
      ["1", '"01"'],
      ["1", "1.5"],
      ["true", '"True"'],
      ["~", '"null"'],
      ["a", "A"],
    ])
      expect(duplicates(`${first}: a\n${second}: b\n`), `${first} / ${second}`).toEqual([]);
  });

  it("__proto__, constructor and prototype keys", () => {
    const root = projectCopy();
    edit(root, "data/glossary.yaml", "places:\n", "places:\n  __proto__:\n    en: { name: Polluted }\n");
    const d = only(build({ root }).diagnostics, "data/forbidden-key");
    expect(d).toMatchObject({
      file: "data/glossary.yaml",
      line: lineOf(root, "data/glossary.yaml", "__proto__"),
      column: 3,
      pointer: "/places/__proto__",
    });
    expect(({} as Record<string, unknown>)["en"]).toBeUndefined();
  });

  it("type coercion: `0123` where text is meant", () => {
    const root = projectCopy();
    edit(root, FACTS, 'date: "2017"', "date: 0123");
    const d = only(build({ root }).diagnostics, "data/type-coercion");
    expect(d).toMatchObject({
      file: FACTS,
      line: lineOf(root, FACTS, "date: 0123"),
      column: 11,
      pointer: "/timeline/0/date",
    });
    expect(d.message).toContain("`0123`");
    expect(d.message).toContain("the number 123");
    expect(d.hint).toContain('"0123"');
  });

  it("type coercion: `1.10` where text is meant, in a locale file", () => {
    const root = projectCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(root, file, /^headline: .*$/m, "headline: 1.10");
    const d = only(build({ root }).diagnostics, "data/type-coercion");
    expect(d).toMatchObject({ file, line: 2, column: 11, pointer: "/headline", locale: "en" });
    expect(d.message).toContain("the number 1.1");
  });

  it("unknown glossary id: the pointer and a suggestion", () => {
    const root = projectCopy();
    edit(root, FACTS, "places: [shymkent]", "places: [shymkend]");
    const d = only(build({ root }).diagnostics, "data/unknown-id");
    expect(d).toMatchObject({
      file: FACTS,
      pointer: "/figures/2/places/0",
      line: lineOf(root, FACTS, "shymkend"),
      column: 14,
    });
    expect(d.hint).toContain("`shymkent`");
  });

  it("a quote's language that is not a language tag, at its line and column; the kk page is kept out", () => {
    const root = projectCopy();
    const file = `${SEED_DIR}/kk.md`;
    edit(root, file, "    language: ru\n", "    language: russian\n");
    const result = build({ root });
    const d = only(result.diagnostics, "data/schema");
    const line = lineOf(root, file, "language: russian");
    expect(d).toMatchObject({ file, line, column: 15, pointer: "/quotes/0/language", locale: "kk", severity: "error" });
    expect(d.message).toContain("BCP 47");
    const built = new Set(result.outputs.filter((o) => o.article === SEED).map((o) => o.locale));
    expect([...built].sort()).toEqual(["en", "ru"]);
  });

  it("unknown field", () => {
    const root = projectCopy();
    edit(root, FACTS, "kind: news", "kind: news\nheadlines: oops");
    const d = only(build({ root }).diagnostics, "data/unknown-field");
    expect(d).toMatchObject({ file: FACTS, pointer: "/headlines", line: lineOf(root, FACTS, "headlines:") });
  });

  it("a glossary block under an unknown locale id is an unknown field, and its contents are not checked", () => {
    const root = projectCopy();
    const file = "data/glossary.yaml";
    // `xx` is no language Intl knows; any language's id (`de`) is a locale block, built or not.
    edit(root, file, "  inga-imanbai:\n", "  inga-imanbai:\n    xx: { nam: 1 }\n");
    const d = only(build({ root }).diagnostics, "data/unknown-field");
    expect(d).toMatchObject({ file, pointer: "/people/inga-imanbai/xx", line: lineOf(root, file, "xx: {") });
    expect(d.message).toBe("Unknown field `people.inga-imanbai.xx`");
  });

  it("missing required field", () => {
    const root = projectCopy();
    edit(root, FACTS, /^dateline: almaty\n/m, "");
    const d = only(build({ root }).diagnostics, "data/missing-field");
    expect(d).toMatchObject({ file: FACTS, pointer: "/dateline" });
  });

  it("a javascript: link is refused with an error at its line", () => {
    const root = projectCopy();
    edit(root, FACTS, "url: https://www.azattyq.org/", "url: javascript:alert(1)");
    const d = only(build({ root }).diagnostics, "data/unsafe-link");
    expect(d).toMatchObject({
      file: FACTS,
      pointer: "/links/0/url",
      line: lineOf(root, FACTS, "javascript:"),
      column: 10,
    });
  });

  it("a javascript: link in a Markdown body is refused at its line", () => {
    const root = projectCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(
      root,
      file,
      "Police had been deployed in large numbers",
      "[Police](javascript:alert(1)) had been deployed in large numbers",
    );
    const result = build({ root });
    const d = only(result.diagnostics, "data/unsafe-link");
    expect(d).toMatchObject({ file, line: lineOf(root, file, "javascript:") });
    expect(result.outputs.some((o) => o.contents.toString().includes("javascript:"))).toBe(false);
  });

  it("a missing kk.md warns by default and the other locales still build", () => {
    const root = projectCopy();
    rmSync(`${root}/${SEED_DIR}/kk.md`);
    const result = build({ root });
    const d = only(result.diagnostics, "data/missing-locale-file");
    expect(d).toMatchObject({ severity: "warning", locale: "kk", file: `${SEED_DIR}/kk.md` });
    const paths = result.outputs.map((o) => o.path);
    expect(paths).toContain(`en/${SEED}/briefing.html`);
    expect(paths).toContain(`ru/${SEED}/briefing.pdf`);
    expect(paths.filter((p) => p.startsWith(`kk/${SEED}/`))).toEqual([]);
    // The other articles are built in Kazakh as before: the missing file is this article's alone.
    expect(paths).toContain("kk/astana-economy-2025-12-24/briefing.html");
    // No page links to the Kazakh page that was not built.
    const en = result.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)!.contents.toString();
    expect(en).not.toContain('hreflang="kk"');

    const strict = build({ root, strict: true });
    expect(only(strict.diagnostics, "data/missing-locale-file").severity).toBe("error");
    expect(strict.outputs.map((o) => o.path)).toContain(`ru/${SEED}/briefing.html`);
  });

  it("a label for a figure the facts do not have", () => {
    const root = projectCopy();
    const file = `${SEED_DIR}/ru.md`;
    edit(root, file, /^ {2}detained-aqtobe:/m, "  detained-aktobe:");
    const diagnostics = build({ root }).diagnostics;
    expect(only(diagnostics, "data/unknown-id")).toMatchObject({
      file,
      locale: "ru",
      pointer: "/figures/detained-aktobe",
      line: lineOf(root, file, "detained-aktobe"),
    });
    expect(only(diagnostics, "translation/missing-label")).toMatchObject({ file, locale: "ru" });
  });

  it("a glossary entry without a name in one locale blocks only that locale", () => {
    const root = projectCopy();
    edit(root, "data/glossary.yaml", /^ {4}kk: \{ name: Шымкент \}\n/m, "");
    const result = build({ root });
    expect(only(result.diagnostics, "glossary/missing-name")).toMatchObject({
      locale: "kk",
      pointer: "/places/shymkent",
      file: "data/glossary.yaml",
      line: lineOf(root, "data/glossary.yaml", "en: { name: Shymkent }"),
      column: 5,
    });
    expect(result.skipped).toEqual([{ article: SEED, locale: "kk", reason: "errors" }]);
    expect(result.outputs.some((o) => o.path.startsWith("ru/"))).toBe(true);
  });

  it("a catalog key missing in one locale is an error, never English", () => {
    const root = projectCopy();
    edit(root, "locales/ru/units.json", /^ {2}"people_many": .*\n/m, "");
    const result = build({ root });
    const d = result.diagnostics.find((x) => x.code === "catalog/missing-plural");
    expect(d).toMatchObject({
      locale: "ru",
      file: "locales/ru/units.json",
      line: lineOf(root, "locales/ru/units.json", '"people_one"'),
    });
    expect(d?.message).toContain("people_many");
    expect(result.outputs.some((o) => o.path.startsWith("ru/") && o.article)).toBe(false);
    // The Russian press room is there, and says that nothing is published in Russian.
    // (no-break spaces read as spaces: the typographer binds «На» and «не» to the next word)
    const room = (result.outputs.find((o) => o.path === "ru/index.html")?.contents.toString() ?? "").replace(
      /\u00a0/g,
      " ",
    );
    expect(room).toContain("На русском языке пока ничего не опубликовано.");
    expect(room).not.toContain('class="room-item"');
  });

  it("a template syntax error names the template, line and column", () => {
    const root = projectCopy();
    edit(root, "templates/briefing.hbs", "<h1>{{headline}}</h1>", "<h1>{{headline}</h1>");
    const d = build({ root }).diagnostics.find((x) => x.code === "template/syntax");
    expect(d).toMatchObject({
      file: "templates/briefing.hbs",
      line: lineOf(root, "templates/briefing.hbs", "{{headline}</h1>"),
    });
  });

  it("a template using a field the view lacks fails in strict mode instead of printing nothing", () => {
    const root = projectCopy();
    edit(root, "templates/briefing.hbs", "<h1>{{headline}}</h1>", "<h1>{{headlin}}</h1>");
    const result = build({ root });
    const d = result.diagnostics.find((x) => x.code === "template/render");
    expect(d?.message).toContain("headlin");
    expect(result.outputs.some((o) => o.template === "briefing")).toBe(false);
  });

  it("a helper that does not exist is refused at compile time", () => {
    const root = projectCopy();
    edit(root, "templates/briefing.hbs", "<h1>{{headline}}</h1>", "<h1>{{shout headline}}</h1>");
    const d = build({ root }).diagnostics.find((x) => x.code === "template/syntax");
    expect(d?.file).toBe("templates/briefing.hbs");
    expect(d?.message).toContain("shout");
  });
});

describe("a chart's bars are figures of one kind", () => {
  const CHART = "figures: [detained-almaty-nur-sultan, detained-shymkent, detained-aqtobe]";
  const FIGURES = [
    "  - id: growth\n    type: percent\n    value: 12.2",
    "  - id: lending\n    type: money\n    currency: KZT\n    value: 10.8\n    scale: trillion",
    "  - id: spending\n    type: money\n    currency: KZT\n    value: 291.49\n    scale: million",
    "  - id: loans-usd\n    type: money\n    currency: USD\n    value: 22.6\n    scale: billion",
    "  - id: shymkent-rise\n    value: 15\n    trend: true\n    unit: people",
    "  - id: aqtobe-fall\n    value: -4\n    trend: true\n    unit: people",
    "  - id: aqtobe-change\n    change: { from: 4, to: 10 }\n    unit: people",
    "  - id: output-range\n    type: percent\n    value: { from: -10, to: -5 }",
    "  - id: output-level\n    type: percent\n    value: -7",
    "  - id: growth-signed\n    type: percent\n    value: 3\n    signed: true",
  ].join("\n");
  const ADDED = [
    "growth",
    "lending",
    "spending",
    "loans-usd",
    "shymkent-rise",
    "aqtobe-fall",
    "aqtobe-change",
    "output-range",
    "output-level",
    "growth-signed",
  ];
  const LABELS = { en: "a figure", kk: "бір көрсеткіш", ru: "один показатель" };
  /** The seed article with four more figures (labelled in every locale) and its chart drawing `figures`. */
  const project = (figures: string) => {
    const root = projectCopy();
    edit(root, FACTS, /^figures:\n/m, `figures:\n${FIGURES}\n`);
    for (const [locale, label] of Object.entries(LABELS))
      edit(
        root,
        `${SEED_DIR}/${locale}.md`,
        /^figures:\n/m,
        `figures:\n${ADDED.map((id) => `  ${id}: ${label}\n`).join("")}`,
      );
    edit(root, FACTS, CHART, `figures: [${figures}]`);
    return root;
  };
  /** Where an id is written in the chart's list: line and column (1-based). */
  const at = (root: string, id: string) => {
    const lines = readFileSync(join(root, FACTS), "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes("figures: ["));
    return { line: i + 1, column: lines[i]!.indexOf(id) + 1 };
  };

  it.each([
    [
      "people beside days of detention",
      "detained-almaty-nur-sultan, mamai-detention",
      "mamai-detention",
      "Chart `detentions-by-city` draws `detained-almaty-nur-sultan` (a count of `people`) and `mamai-detention` (a count of `detention-days`) as bars of one scale",
    ],
    [
      "a percentage beside a sum of money",
      "growth, lending",
      "lending",
      "Chart `detentions-by-city` draws `growth` (a percentage) and `lending` (money in KZT) as bars of one scale",
    ],
    [
      "people beside tenge",
      "detained-shymkent, lending",
      "lending",
      "Chart `detentions-by-city` draws `detained-shymkent` (a count of `people`) and `lending` (money in KZT) as bars of one scale",
    ],
    [
      "two currencies",
      "lending, spending, loans-usd",
      "loans-usd",
      "Chart `detentions-by-city` draws `lending` (money in KZT) and `loans-usd` (money in USD) as bars of one scale",
    ],
  ])("%s: an error at the chart's entry, and no page of the article", (_, figures, odd, message) => {
    const root = project(figures);
    const result = build({ root });
    const d = only(result.diagnostics, "chart/mixed-units");
    expect(d).toMatchObject({
      severity: "error",
      file: FACTS,
      article: SEED,
      pointer: `/charts/0/figures/${figures.split(", ").indexOf(odd)}`,
      ...at(root, odd),
      message,
      hint: `Bars of one chart compare figures of one kind: give \`${odd}\` a chart of its own, or leave it out of this one.`,
    });
    expect(result.outputs.filter((o) => o.article === SEED)).toEqual([]);
  });

  /** `tilpress check --reporter json` on the project: its exit code and the chart diagnostics. */
  const checkCharts = (root: string) => {
    const r = runCli(["check", "--root", root, "--article", SEED, "--no-cache", "--reporter", "json"]);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    return { code: r.code, charts: diagnostics.filter((d) => d.code.startsWith("chart/")) };
  };

  it.each([
    [
      "a count beside a rise in it (trend)",
      "detained-shymkent, shymkent-rise",
      "shymkent-rise",
      "Chart `detentions-by-city` draws `detained-shymkent` (a count of `people`) and `shymkent-rise` " +
        "(a count of `people` as a difference, `trend: true`) as bars of one scale",
    ],
    [
      "a percentage beside a signed one (+3%)",
      "growth, growth-signed",
      "growth-signed",
      "Chart `detentions-by-city` draws `growth` (a percentage) and `growth-signed` " +
        "(a percentage as a difference, `signed: true`) as bars of one scale",
    ],
  ])("%s: mixed-units, through the CLI, at the difference's entry", (_, figures, odd, message) => {
    const root = project(figures);
    const { code, charts } = checkCharts(root);
    expect(code).toBe(1);
    expect(charts).toEqual([
      expect.objectContaining({
        code: "chart/mixed-units",
        severity: "error",
        pointer: "/charts/0/figures/1",
        ...at(root, odd),
        message,
      }),
    ]);
  });

  it.each([
    [
      "a change from one value to another",
      "detained-aqtobe, aqtobe-change",
      "aqtobe-change",
      "Chart `detentions-by-city` cannot draw `aqtobe-change` as a bar: it is a change from 4 to 10 (`change:`), and a bar shows one value",
    ],
    [
      "a negative range beside a single value",
      "output-range, output-level",
      "output-range",
      "Chart `detentions-by-city` cannot draw `output-range` as a bar: it is a range from -10 to -5 (`value: { from, to }`), and a bar shows one value",
    ],
  ])("%s: unchartable-figure at its entry, and no page", (_, figures, odd, message) => {
    const root = project(figures);
    const { code, charts } = checkCharts(root);
    expect(code).toBe(1);
    expect(charts).toEqual([
      expect.objectContaining({
        code: "chart/unchartable-figure",
        severity: "error",
        pointer: `/charts/0/figures/${figures.split(", ").indexOf(odd)}`,
        ...at(root, odd),
        message,
      }),
    ]);
    expect(build({ root }).outputs.filter((o) => o.article === SEED)).toEqual([]);
  });

  it("differences alone are one kind: a rise right of the zero line, a fall left of it", () => {
    const root = project("shymkent-rise, aqtobe-fall");
    expect(checkCharts(root)).toEqual({ code: 0, charts: [] });
    const out = join(root, "out");
    const r = runCli([
      "build",
      "--root",
      root,
      "--article",
      SEED,
      "--locale",
      "en",
      "--template",
      "briefing",
      "--format",
      "html",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    const page = parseHtml(readFileSync(join(out, "en", SEED, "briefing.html")));
    const [rise, fall] = selectAll<AnyNode, Element>(".chart rect", page).map((e) => e.attribs);
    const zero = Number(selectAll<AnyNode, Element>(".chart line", page)[0]!.attribs.x1);
    expect(Number(rise!.x)).toBe(zero);
    expect(Number(fall!.x) + Number(fall!.width)).toBe(zero);
    expect(Number(rise!.width) / Number(fall!.width)).toBeCloseTo(15 / 4, 1);
  });

  it("a difference worded by trend beside one worded by a sign is one kind: the chart is built", () => {
    const root = project("shymkent-rise, aqtobe-fall, growth-signed");
    // growth-signed is a percentage: only it is of another kind than the counts of people.
    expect(checkCharts(root).charts.map((d) => [d.code, d.pointer])).toEqual([
      ["chart/mixed-units", "/charts/0/figures/2"],
    ]);
    edit(root, FACTS, "  - id: growth-signed\n    type: percent\n", "  - id: growth-signed\n    unit: people\n");
    expect(checkCharts(root)).toEqual({ code: 0, charts: [] });
  });

  it("a figure listed twice in a chart is data/duplicate-id at the second mention, and no page", () => {
    const root = project("detained-shymkent, detained-aqtobe, detained-shymkent");
    const r = runCli(["check", "--root", root, "--article", SEED, "--no-cache", "--reporter", "json"]);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    const lines = readFileSync(join(root, FACTS), "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes("figures: ["));
    expect(diagnostics.filter((d) => d.code === "data/duplicate-id")).toEqual([
      expect.objectContaining({
        severity: "error",
        file: FACTS,
        pointer: "/charts/0/figures/2",
        line: i + 1,
        column: lines[i]!.lastIndexOf("detained-shymkent") + 1,
        message: "`detained-shymkent` appears twice in chart `detentions-by-city`",
      }),
    ]);
    expect(build({ root }).outputs.filter((o) => o.article === SEED)).toEqual([]);
  });

  it("money in one currency at different scales is one kind: the chart is built", () => {
    const result = build({ root: project("lending, spending"), templates: ["briefing"] });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const html = result.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)?.contents ?? "";
    expect(selectAll(".chart rect", parseHtml(html))).toHaveLength(2);
  });
});

describe("a place inside a YAML string (locateIn)", () => {
  const placeIn = (text: string, needle: string) => {
    const yaml = readYaml({ path: "/x.yaml", file: "x.yaml", text }, new DiagnosticList({}))!;
    const value = (yaml.data as { notes: string }).notes;
    return yaml.locateIn(["notes"], value.trim(), value.trim().indexOf(needle));
  };

  it("is where the text is written, in a block, folded or not, and in a plain scalar over lines", () => {
    expect(placeIn("id: x\nnotes: |\n  One.\n\n    Two [a](b).\n", "[a]")).toEqual({ line: 5, column: 9 });
    expect(placeIn("id: x\nnotes: >\n  One\n  two\n  three [a](b)\n", "[a]")).toEqual({ line: 5, column: 9 });
    expect(placeIn("notes: One\n  two [a](b)\n", "[a]")).toEqual({ line: 2, column: 7 });
    expect(placeIn('notes: "One [a](b)"\n', "[a]")).toEqual({ line: 1, column: 13 });
  });

  it("is the field's start after an escape, where the text as written differs", () => {
    expect(placeIn('notes: "One \\"two\\" [a](b)"\n', "[a]")).toEqual({ line: 1, column: 8 });
    expect(placeIn("notes: 'It''s [a](b)'\n", "[a]")).toEqual({ line: 1, column: 8 });
  });
});

describe("a number YAML cannot hold exactly", () => {
  const FIGURE = "  - id: mamai-detention\n    value: 3\n";
  const withValue = (value: string) => {
    const root = projectCopy();
    edit(root, FACTS, FIGURE, FIGURE.replace("value: 3", `value: ${value}`));
    return root;
  };
  const where = (root: string, value: string) => ({
    file: FACTS,
    line: lineOf(root, FACTS, `value: ${value}`),
    column: "    value: ".length + 1,
  });

  it.each([
    [
      "12345678901234567890",
      "`figures.4.value` is 12345678901234567890, larger than 9007199254740991, the largest whole number kept exactly; YAML reads it as 12345678901234567000",
    ],
    [
      "9007199254740993",
      "`figures.4.value` is 9007199254740993, larger than 9007199254740991, the largest whole number kept exactly; YAML reads it as 9007199254740992",
    ],
    [
      "-18014398509481984",
      "`figures.4.value` is -18014398509481984, larger than 9007199254740991, the largest whole number kept exactly",
    ],
    [
      "0.12345678901234567890",
      "`figures.4.value` is 0.12345678901234567890, more digits than a number keeps; YAML reads it as 0.12345678901234568",
    ],
  ])("%s is an error at the value's line and column, and the article is not built", (value, message) => {
    const root = withValue(value);
    const result = build({ root });
    const d = only(result.diagnostics, "data/inexact-number");
    expect(d).toMatchObject({
      severity: "error",
      pointer: "/figures/4/value",
      article: SEED,
      message,
      ...where(root, value),
    });
    expect(d.hint).toContain("15 significant digits");
    expect(result.outputs.filter((o) => o.article === SEED)).toEqual([]);
  });

  it("in a translation's front matter: at its line and column in the locale file, that locale not built", () => {
    const root = projectCopy();
    const KK = `${SEED_DIR}/kk.md`;
    edit(root, KK, "  body: [22]\n", "  body: [22, 12345678901234567890]\n");
    const result = build({ root });
    const d = only(result.diagnostics, "data/inexact-number");
    expect(d).toMatchObject({
      severity: "error",
      file: KK,
      locale: "kk",
      pointer: "/unmatchedNumbers/body/1",
      line: lineOf(root, KK, "body: [22, 1234"),
      column: "  body: [22, ".length + 1,
      message:
        "`unmatchedNumbers.body.1` is 12345678901234567890, larger than 9007199254740991, the largest whole number kept exactly; YAML reads it as 12345678901234567000",
    });
    expect(result.outputs.filter((o) => o.path.startsWith(`kk/${SEED}/`))).toEqual([]);
    expect(result.outputs.map((o) => o.path)).toContain(`en/${SEED}/briefing.html`);
  });

  it.each([
    ["0x1F", "a hexadecimal", "31"],
    ["0o17", "an octal", "15"],
  ])(
    "%s, a figure in another base than decimal: data/schema at the value, through the CLI, no page",
    (value, base, read) => {
      const root = withValue(value);
      const r = runCli(["check", "--root", root, "--article", SEED, "--no-cache", "--reporter", "json"]);
      expect(r.code).toBe(1);
      const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
      expect(diagnostics.filter((d) => d.code === "data/schema")).toEqual([
        expect.objectContaining({
          severity: "error",
          pointer: "/figures/4/value",
          ...where(root, value),
          message: `\`figures.4.value\` is ${value}, ${base} number, which YAML reads as ${read}: numbers are written in decimal`,
          hint: `Write the number in decimal (\`${read}\` is what YAML read), or quote it if it is text.`,
        }),
      ]);
      const out = join(root, "out");
      expect(runCli(["build", "--root", root, "--article", SEED, "--format", "html", "--out", out]).code).toBe(1);
      expect(existsSync(join(out, "en", SEED, "briefing.html"))).toBe(false);
    },
  );

  it.each([
    {
      file: "data/glossary.yaml",
      added: ["people:\n", "people:\n  0x1F:\n    en: { name: Hex Person }\n"],
      written: "0x1F",
      read: "`31`: YAML reads it as a number",
      locale: null,
    },
    {
      file: `${SEED_DIR}/kk.md`,
      added: ["figures:\n", "figures:\n  1.50: жарты\n"],
      written: "1.50",
      read: "`1.5`: YAML reads it as a number",
      locale: "kk",
    },
    {
      file: `${SEED_DIR}/ru.md`,
      added: ["figures:\n", "figures:\n  ~: пусто\n"],
      written: "~",
      read: "an empty key: YAML reads it as null",
      locale: "ru",
    },
  ])(
    "a key YAML reads as another text (`$written` in $file) is data/schema at the key, through the CLI",
    ({ file, added, written, read, locale }) => {
      const root = projectCopy();
      edit(root, file, added[0]!, added[1]!);
      const r = runCli(["check", "--root", root, "--no-cache", "--reporter", "json"]);
      expect(r.code).toBe(1);
      const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
      expect(diagnostics.filter((d) => d.code === "data/schema")).toEqual([
        expect.objectContaining({
          severity: "error",
          file,
          locale,
          line: lineOf(root, file, `  ${written}:`),
          column: 3,
          message: `The key \`${written}\` is read as ${read}, not as written`,
          hint: `Quote the key (\`"${written}"\`) to keep it as written, or write the key that is meant.`,
        }),
      ]);
    },
  );

  it("the largest whole number kept exactly, and a number written with trailing zeros, are built as written", () => {
    for (const [value, shown] of [
      ["9007199254740991", "9,007,199,254,740,991"],
      ["3.500", "3.5"],
      ["35e-1", "3.5"],
    ] as const) {
      const result = build({ root: withValue(value), locales: ["en"], templates: ["briefing"] });
      expect(result.diagnostics.filter((d) => d.code === "data/inexact-number")).toEqual([]);
      const html = result.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)?.contents.toString() ?? "";
      expect(html).toContain(`<strong>${shown}`);
    }
  });
});

describe("catalog checks", () => {
  it("a locale lacking a plural category its CLDR rules have", () => {
    const root = projectCopy();
    edit(root, "locales/ru/units.json", /^ {2}"days_few": .*\n/m, "");
    const d = build({ root }).diagnostics.find((x) => x.code === "catalog/missing-plural");
    expect(d).toMatchObject({
      file: "locales/ru/units.json",
      locale: "ru",
      line: lineOf(root, "locales/ru/units.json", '"days_one"'),
      column: 15,
    });
    expect(d?.message).toContain("`days_few`");
  });

  it("a key the reference locale has and another lacks", () => {
    const root = projectCopy();
    edit(root, "locales/kk/common.json", /^ {4}"timeline": .*\n/m, "");
    const result = build({ root });
    expect(result.diagnostics.find((x) => x.code === "catalog/missing-key")).toMatchObject({
      file: "locales/kk/common.json",
      locale: "kk",
      pointer: "/briefing/timeline",
    });
    expect(result.outputs.some((o) => o.locale === "kk" && o.article)).toBe(false);
    expect(result.outputs.some((o) => o.locale === "ru")).toBe(true);
  });

  it("an interpolation variable lost in translation", () => {
    const root = projectCopy();
    edit(
      root,
      "locales/ru/common.json",
      '"reporting_one": "Использованы материалы: {{names}}"',
      '"reporting_one": "Использованы материалы: {{name}}"',
    );
    const d = build({ root }).diagnostics.find((x) => x.code === "catalog/interpolation-mismatch");
    expect(d).toMatchObject({
      file: "locales/ru/common.json",
      locale: "ru",
      pointer: "/credits/reporting_one",
      expected: "names",
      // The plural forms' variables together: the other forms still write {{names}}.
      actual: "name, names",
    });
  });

  it("an empty string", () => {
    const root = projectCopy();
    edit(root, "locales/kk/common.json", '"Тұлғалар"', '""');
    expect(build({ root }).diagnostics.find((x) => x.code === "catalog/empty-string")).toMatchObject({
      file: "locales/kk/common.json",
      locale: "kk",
      pointer: "/briefing/people",
    });
  });
});

describe("template references", () => {
  it("a key a template names that a locale's catalog lacks is reported at the template line", () => {
    const root = projectCopy();
    edit(root, "templates/partials/quotes.hbs", '{{t "briefing.keyQuotes"}}', '{{t "briefing.keyQuote"}}');
    const result = build({ root });
    const found = result.diagnostics.filter(
      (x) => x.code === "catalog/missing-key" && x.file === "templates/partials/quotes.hbs",
    );
    expect(found.map((d) => d.locale)).toEqual(["en", "kk", "ru"]);
    expect(found[0]).toMatchObject({
      line: lineOf(root, "templates/partials/quotes.hbs", "briefing.keyQuote"),
      column: 28,
    });
    expect(result.outputs.filter((o) => o.article)).toEqual([]);
  });
});

describe("a figure's unit that a catalog lacks", () => {
  // Real material: the Bureau of National Statistics counts «более 60 млн чеков» (Центр
  // информации, 30 January 2026, https://www.ic24.kz/news/byuro-natsstatistiki-perekhodit-na-novyy-podkhod-k-raschetu-inflyatsii-u53531),
  // a unit no catalog had then (`receipts` is bundled now; `tickets` stands for such a unit). A unit missing from the catalogs was reported only as
  // `catalog/missing-key` at each units.json, with no line and twice a locale, never at the figure.
  const report = (root: string) =>
    (
      JSON.parse(runCli(["check", "--root", root, "--reporter", "json", "--no-cache"]).stdout) as {
        diagnostics: Diagnostic[];
      }
    ).diagnostics.filter((d) => d.severity === "error");
  const sentenced = /(id: members-sentenced\n {4}value: 10\n {4}qualifier: at-least\n {4}unit: )people/;

  it("a misspelt unit: one error at the figure's `unit`, naming the unit meant, and none in the catalogs", () => {
    const root = projectCopy();
    edit(root, FACTS, sentenced, "$1peple");
    expect(report(root)).toEqual([
      expect.objectContaining({
        code: "figure/unknown-unit",
        file: FACTS,
        line: lineOf(root, FACTS, "unit: peple"),
        column: 11,
        pointer: "/figures/5/unit",
        locale: null,
        article: SEED,
        message: "Unknown unit `peple`: no locale's units.json has it",
        hint: "Did you mean `people`?",
      }),
    ]);
  });

  it("a unit only the English catalog has: an error at the figure for Kazakh and for Russian", () => {
    const root = projectCopy();
    edit(root, FACTS, sentenced, "$1tickets");
    edit(
      root,
      "locales/en/units.json",
      /^\{/,
      '{\n  "tickets_one": "{{value}} ticket",\n  "tickets_other": "{{value}} tickets",',
    );
    const line = lineOf(root, FACTS, "unit: tickets");
    const [kk, ru] = ["kk", "ru"].map((locale) => ({
      atFigure: expect.objectContaining({
        code: "figure/unknown-unit",
        file: FACTS,
        line,
        column: 11,
        locale,
        article: SEED,
        // The locale is the diagnostic's own field, which the report prints after the message:
        // "… is not in locales/kk/units.json (locale kk, at /figures/…)", once.
        message: `The unit \`tickets\` is not in locales/${locale}/units.json`,
        hint: expect.stringContaining("Add its forms (`tickets_one`, `tickets_other`"),
      }),
      // The catalogs' own check: a string of the source catalog missing from a translation's.
      inCatalog: expect.objectContaining({
        code: "catalog/missing-key",
        file: `locales/${locale}/units.json`,
        article: null,
        message: `The ${locale} catalog has no string \`tickets\` (a plural)`,
      }),
    }));
    // Nothing from the article's pages: before, each locale's figure added its own missing keys.
    expect(report(root)).toEqual([kk!.atFigure, ru!.atFigure, kk!.inCatalog, ru!.inCatalog]);
  });
});

describe("a Markdown image in a body", () => {
  it("is data/markdown-image at its line and column, with where a photo goes; a relative one is not told to be made absolute", () => {
    // The renderer reads no images: `![A saiga](https://…)` was printed as «!» and a link, with
    // no diagnostic; `![A saiga](saiga.png)` was told to use an absolute URL (then the same «!»).
    const root = projectCopy();
    const file = `${SEED_DIR}/en.md`;
    const text = readFileSync(join(root, file), "utf8");
    writeFileSync(join(root, file), `${text}\n![A saiga](https://example.org/saiga.png)\n\n![A herd](herd.jpg)\n`);
    const found = build({ root, formats: ["html"], locales: ["en"] }).diagnostics.filter(
      (d) => d.code === "data/markdown-image" || d.code === "data/unsafe-link",
    );
    const line = lineOf(root, file, "![A saiga]");
    expect(found).toEqual([
      expect.objectContaining({ code: "data/markdown-image", severity: "error", file, line, column: 12, locale: "en" }),
      expect.objectContaining({ code: "data/markdown-image", severity: "error", file, line: line + 2, column: 11 }),
    ]);
    expect(found[0]!.message).toBe(
      "A Markdown image (`https://example.org/saiga.png`) is not shown: a body is text, and `![…](…)` prints as «!» and a link",
    );
    expect(found[0]!.hint).toContain("images:");
  });

  it("tells how to write an exclamation mark that ends a sentence before a link, `\\!`", () => {
    // «Wow![the report](https://…)» is an image to CommonMark: the writer meant «!» and a link,
    // and a hint about photos alone left them no way to write it.
    const root = projectCopy();
    const file = `${SEED_DIR}/en.md`;
    const text = readFileSync(join(root, file), "utf8");
    writeFileSync(join(root, file), `${text}\nRead it now![The report](https://example.org/report)\n`);
    const found = build({ root, formats: ["html"], locales: ["en"] }).diagnostics.filter(
      (d) => d.code === "data/markdown-image",
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.hint).toContain("an exclamation mark meant as text before a link is written `\\!`");
  });
});

describe("HTML in a body or the notes", () => {
  it("is data/raw-html at its first tag, with how many more; what CommonMark reads as no HTML is left alone", () => {
    // Pasted from a web page or a CMS: the pages read Markdown only, so «<b>» was printed with
    // its angle brackets, silently.
    const root = projectCopy();
    const file = `${SEED_DIR}/ru.md`;
    const text = readFileSync(join(root, file), "utf8");
    writeFileSync(
      join(root, file),
      `${text}\nГолосов <половины, \`<b>\` в коде.\n\nПо данным <b>ЦИК</b>, явка<br>высокая.\n`,
    );
    const result = build({ root, formats: ["html"], locales: ["ru"] });
    const found = result.diagnostics.filter((d) => d.code === "data/raw-html");
    const line = lineOf(root, file, "По данным <b>");
    expect(found).toEqual([
      expect.objectContaining({ code: "data/raw-html", severity: "warning", file, line, column: 11, locale: "ru" }),
    ]);
    expect(found[0]!.message).toBe(
      "HTML in the body, `<b>` (and 2 more), is printed as text: the pages read Markdown only",
    );
    // And so it is: the page shows the tag as text, not as markup.
    const page = result.outputs.find((o) => o.path === `ru/${SEED}/briefing.html`)!.contents.toString();
    expect(page).toMatch(/По[ \u00a0]данным &lt;b&gt;ЦИК&lt;\/b&gt;/);
  });
});
