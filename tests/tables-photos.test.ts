import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { selectAll, selectOne } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { getAttributeValue, textContent } from "domutils";
import { beforeAll, describe, expect, it } from "vitest";
import { build, type BuildResult, type Diagnostic } from "../src/index.js";
import { buildNewsletterIssues } from "../src/build/newsletters.js";
import { reviewTranslations } from "../src/cli/review.js";
import {
  edit,
  lineOf,
  parseHtml,
  png,
  projectCopy,
  rejoinHyphenatedText,
  runCli,
  REPO,
  SEED,
  SEED_DIR,
  launchChromium,
  withoutSoftHyphens,
  nuCheckerErrors,
  seedAsKind,
} from "./helpers.js";

/**
 * Tables in Markdown bodies and photos with a caption and a credit, in en, kk and ru: the seed
 * article with a GFM table appended to each body and two photos, read back from the HTML (and
 * the PDF text), checked by the Nu HTML checker and axe.
 */
const NBSP = "\u00a0";
const LOCALES = ["en", "kk", "ru"] as const;
type Locale = (typeof LOCALES)[number];

const TABLES: Record<Locale, string> = {
  en: `Table: Detentions on 22 February, by city

| City | Detained | Source |
|:-----|---------:|:------:|
| Almaty and Nur-Sultan | 100 | "Azattyq" - reporters |
| Shymkent | 20 | police |
| Aqtobe | 10 | police |
`,
  // The language-neutral caption mark (`: …`, as pandoc reads it) and no blank line before the table.
  kk: `: 22 ақпанда қалалар бойынша ұсталғандар
| Қала | Ұсталғандар | Дереккөз |
|:-----|------------:|:--------:|
| Алматы мен Нұр-Сұлтан | 100 | "Азаттық" — тілшілер |
| Шымкент | 20 | полиция |
| Ақтөбе | 10 | полиция |
`,
  ru: `Table: Задержанные 22 февраля по городам

| Город | Задержано | Источник |
|:------|----------:|:--------:|
| Алматы и Нур-Султан | 100 | "Азаттык" — корреспонденты |
| Шымкент | 20 | полиция |
| Актобе | 10 | полиция |
`,
};

/** The same table's texts, written out by hand: caption, header, rows. */
const EXPECTED: Record<Locale, { caption: string; head: string[]; rows: string[][] }> = {
  en: {
    caption: `Detentions on 22${NBSP}February, by city`,
    head: ["City", "Detained", "Source"],
    rows: [
      // A spaced hyphen becomes the English house dash, a closed em dash.
      ["Almaty and Nur-Sultan", "100", "“Azattyq”—reporters"],
      ["Shymkent", "20", "police"],
      ["Aqtobe", "10", "police"],
    ],
  },
  kk: {
    caption: `22${NBSP}ақпанда қалалар бойынша ұсталғандар`,
    head: ["Қала", "Ұсталғандар", "Дереккөз"],
    rows: [
      ["Алматы мен Нұр-Сұлтан", "100", `«Азаттық»${NBSP}— тілшілер`],
      ["Шымкент", "20", "полиция"],
      ["Ақтөбе", "10", "полиция"],
    ],
  },
  ru: {
    caption: `Задержанные 22${NBSP}февраля по${NBSP}городам`,
    head: ["Город", "Задержано", "Источник"],
    rows: [
      [`Алматы и${NBSP}Нур-Султан`, "100", `«Азаттык»${NBSP}— корреспонденты`],
      ["Шымкент", "20", "полиция"],
      ["Актобе", "10", "полиция"],
    ],
  },
};

/** Front matter of two photos: one with a caption and a glossary credit, one with a credit of its own text. */
const PHOTOS: Record<Locale, string> = {
  en: `images:
  rally-square:
    alt: Police officers in a line across a snowy square, a protester held by two of them
    caption: Police detain a protester near Republic Square in Almaty, 22 February.
  police-van:
    alt: A white police van parked at the kerb
    credit: "RFE/RL's Kazakh Service"
`,
  kk: `images:
  rally-square:
    alt: Қарлы алаңда сап түзеп тұрған полицейлер, екеуі бір наразылық білдірушіні ұстап тұр
    caption: Полиция 22 ақпанда Алматыдағы Республика алаңының маңында наразылық білдірушіні ұстап жатыр.
  police-van:
    alt: Жол жиегінде тұрған ақ түсті полиция көлігі
    credit: Азаттық радиосы
`,
  ru: `images:
  rally-square:
    alt: Полицейские стоят цепью на заснеженной площади, двое держат протестующего
    caption: Полиция задерживает протестующего у площади Республики в Алматы 22 февраля.
  police-van:
    alt: Белый полицейский автомобиль у обочины
    credit: Радио Азаттык
`,
};

const CAPTIONS: Record<Locale, { square: string; van: string }> = {
  en: {
    square: `Police detain a protester near Republic Square in Almaty, 22${NBSP}February. Photo: AFP`,
    van: "Photo: RFE/RL’s Kazakh Service",
  },
  kk: {
    square: `Полиция 22${NBSP}ақпанда Алматыдағы Республика алаңының маңында наразылық білдірушіні ұстап жатыр. Фото: AFP`,
    van: "Фото: Азаттық радиосы",
  },
  ru: {
    square: `Полиция задерживает протестующего у${NBSP}площади Республики в${NBSP}Алматы 22${NBSP}февраля. Фото: AFP`,
    van: "Фото: Радио Азаттык",
  },
};

let root: string;
let result: BuildResult;
/** The same article as a press release: it is a news item, built as a briefing only. */
let release: BuildResult;
let out: string;

beforeAll(() => {
  root = projectCopy();
  writeFileSync(join(root, SEED_DIR, "square.png"), png(320, 180));
  writeFileSync(join(root, SEED_DIR, "van.png"), png(200, 150));
  edit(
    root,
    `${SEED_DIR}/article.yaml`,
    "links:\n",
    `images:
  - id: rally-square
    file: square.png
    credit: { organization: afp }
  - id: police-van
    file: van.png

links:
`,
  );
  for (const locale of LOCALES) {
    edit(root, `${SEED_DIR}/${locale}.md`, /^links:\n/m, `${PHOTOS[locale]}links:\n`);
    const file = join(root, SEED_DIR, `${locale}.md`);
    writeFileSync(file, `${readFileSync(file, "utf8").trimEnd()}\n\n${TABLES[locale]}`);
  }
  reviewTranslations(root, undefined, [...LOCALES]);
  result = build({ root });
  const releaseRoot = mkdtempSync(join(tmpdir(), "tilpress-tables-release-"));
  cpSync(root, releaseRoot, { recursive: true });
  release = build({ root: seedAsKind(releaseRoot, "press-release") });
  out = mkdtempSync(join(tmpdir(), "tilpress-tables-"));
  for (const o of [...result.outputs, ...release.outputs]) {
    mkdirSync(dirname(join(out, o.path)), { recursive: true });
    writeFileSync(join(out, o.path), o.contents);
  }
  return () => {
    rmSync(out, { recursive: true, force: true });
    rmSync(releaseRoot, { recursive: true, force: true });
  };
});

function page(locale: Locale, template = "briefing") {
  const o = [...result.outputs, ...release.outputs].find((x) => x.path === `${locale}/${SEED}/${template}.html`);
  if (!o) throw new Error(`no ${locale} ${template}`);
  return parseHtml(o.contents);
}

const one = (selector: string, node: AnyNode | AnyNode[]) => selectOne(selector, node) as Element | null;
const all = (selector: string, node: AnyNode | AnyNode[]) => selectAll(selector, node) as Element[];
// Kazakh bodies carry soft hyphens for browsers (invisible): the text as read has none.
const text = (node: AnyNode | null) => (node ? withoutSoftHyphens(textContent(node)).trim() : "");

describe("tables in Markdown bodies", () => {
  it("builds with no diagnostic: <caption> is in the PDF engine's subset", () => {
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.file, d.locale])).toEqual([]);
    expect(release.diagnostics.map((d) => [d.code, d.severity, d.file, d.locale])).toEqual([]);
  });

  it.each(LOCALES)("%s: <table> with a <caption>, <th scope=col> and the delimiter row's alignment", (locale) => {
    for (const template of ["briefing", "press-release"]) {
      const doc = page(locale, template);
      const tables = all("article table", doc);
      expect(tables).toHaveLength(1);
      const table = tables[0]!;
      // caption, thead, tbody, in that order, and nothing else.
      expect(table.children.filter((c): c is Element => c.type === "tag").map((c) => c.name)).toEqual([
        "caption",
        "thead",
        "tbody",
      ]);
      const want = EXPECTED[locale];
      expect(text(one("caption", table))).toBe(want.caption);
      const th = all("thead th", table);
      expect(th.map(text)).toEqual(want.head);
      expect(th.map((c) => getAttributeValue(c, "scope"))).toEqual(["col", "col", "col"]);
      expect(th.map((c) => getAttributeValue(c, "style"))).toEqual([
        "text-align:left",
        "text-align:right",
        "text-align:center",
      ]);
      const rows = all("tbody tr", table);
      expect(rows.map((r) => all("td", r).map(text))).toEqual(want.rows);
      // The number column is right-aligned in every row.
      expect(rows.map((r) => getAttributeValue(all("td", r)[1]!, "style"))).toEqual(Array(3).fill("text-align:right"));
      // The caption paragraph is not left behind as a paragraph of its own.
      expect(all("p", doc).filter((p) => text(p).includes(want.caption))).toEqual([]);
      expect(textContent(doc)).not.toContain("|---");
    }
  });

  it("a caption paragraph that is no table's caption is a warning at its mark, with the locale; a table's own is not", () => {
    const broken = projectCopy();
    const [en, kk, ru] = LOCALES.map((l) => `${SEED_DIR}/${l}.md`) as [string, string, string];
    const append = (file: string, markdown: string) =>
      writeFileSync(join(broken, file), `${readFileSync(join(broken, file), "utf8").trimEnd()}\n\n${markdown}`);
    // The table takes the caption before it; the one after it, and one over a pipe table without
    // its delimiter row (a paragraph), would be printed as written.
    append(
      en,
      `${TABLES.en}\nTable: Source: police\n\nTable: Detentions by region\n\n| Region | Detained |\n| Almaty | 100 |\n`,
    );
    append(kk, `${TABLES.kk}\n> : Дереккөзі: полиция\n`);
    edit(broken, ru, /^links:\n/m, "notes: |\n  Table: Задержанные по городам\n\n  Таблица будет позже.\nlinks:\n");
    const report = JSON.parse(runCli(["check", "--root", broken, "--reporter", "json", "--no-cache"]).stdout) as {
      diagnostics: Diagnostic[];
    };
    const stray = report.diagnostics.filter((d) => d.code === "data/stray-caption");
    const warning = (file: string, locale: Locale, needle: string, column: number) =>
      expect.objectContaining({ severity: "warning", file, locale, line: lineOf(broken, file, needle), column });
    expect(stray).toEqual([
      warning(en, "en", "Table: Source: police", 1),
      warning(en, "en", "Table: Detentions by region", 1),
      warning(kk, "kk", "> : Дереккөзі", 3),
      warning(ru, "ru", "  Table: Задержанные", 3),
    ]);
    expect(stray[3]?.pointer).toBe("/notes");
    expect(stray[0]?.message).toBe(
      "A paragraph of the body starts with a table caption (`Table: …` or `: …`) that is no table's caption: it would be printed as written, caption mark and all",
    );
  });

  it("a javascript: link in a table cell is refused at its row's line, and no cell links to it", () => {
    const broken = projectCopy();
    const file = `${SEED_DIR}/ru.md`;
    const body = readFileSync(join(broken, file), "utf8").trimEnd();
    writeFileSync(
      join(broken, file),
      `${body}\n\n| Город | Задержано |\n|:--|--:|\n| Шымкент | 20 |\n| [Актобе](javascript:alert(1)) | 10 |\n`,
    );
    const result = build({ root: broken });
    const unsafe = result.diagnostics.filter((d) => d.code === "data/unsafe-link");
    expect(unsafe.map((d) => [d.file, d.line])).toEqual([[file, lineOf(broken, file, "javascript:")]]);
    expect(result.outputs.some((o) => o.contents.toString().includes("javascript:"))).toBe(false);
  });

  it("the PDF sets the table's cells; the email's text part is unaffected (bodies do not reach it)", async () => {
    for (const locale of LOCALES) {
      const pdf = join(out, `${locale}/${SEED}/briefing.pdf`);
      const words = rejoinHyphenatedText(execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }));
      const want = EXPECTED[locale];
      for (const cell of [...want.head, ...want.rows.flat()])
        for (const word of cell.split(/\s+/)) expect(words).toContain(word);
      // The caption is set above the table's header row.
      const flat = words.replace(/\s+/g, " ");
      const caption = want.caption.replace(/\s+/g, " ");
      const at = flat.indexOf(caption);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(flat.slice(at + caption.length, at + caption.length + 60)).toContain(want.head[0]!.split(/\s+/)[0]!);
      const qdf = join(out, `${locale}-qdf.pdf`);
      execFileSync("qpdf", ["--qdf", "--object-streams=disable", pdf, qdf]);
      const raw = execFileSync("cat", [qdf]).toString("latin1");
      for (const tag of ["/S /Table", "/S /THead", "/S /TH", "/S /TD"]) expect(raw).toContain(tag);
    }
    // A newsletter shows each story's standfirst (or its lede), never the body and its tables.
    const email = (await buildNewsletterIssues({ root })).outputs.find((o) => o.format === "text" && o.locale === "kk");
    expect(email?.contents.toString()).toContain("Демократиялық партия");
    expect(email?.contents.toString()).not.toMatch(/Ұсталғандар|\|/);
  });
});

describe("photos with a caption and a credit", () => {
  it.each(LOCALES)("%s: <figure> with <img alt> and <figcaption>caption <span class=credit>", (locale) => {
    for (const template of ["briefing", "press-release"]) {
      const doc = page(locale, template);
      const figures = all("figure.photo", doc);
      expect(figures).toHaveLength(2);
      const [square, van] = figures as [Element, Element];
      const alt = (f: Element) => getAttributeValue(one("img", f)!, "alt");
      // The alt text describes; the caption tells. They stay apart.
      expect(alt(square)).toBe(
        {
          en: "Police officers in a line across a snowy square, a protester held by two of them",
          kk: "Қарлы алаңда сап түзеп тұрған полицейлер, екеуі бір наразылық білдірушіні ұстап тұр",
          ru: `Полицейские стоят цепью на${NBSP}заснеженной площади, двое держат протестующего`,
        }[locale],
      );
      expect(text(one("figcaption", square)).replace(/\n/g, " ")).toBe(CAPTIONS[locale].square);
      expect(text(one("figcaption > span.credit", square))).toBe(
        { en: "Photo: AFP", kk: "Фото: AFP", ru: "Фото: AFP" }[locale],
      );
      // The credit starts a line of its own: a caption without a full stop does not run into it.
      expect(one("figcaption > br + span.credit", square)).not.toBeNull();
      expect(text(one("figcaption", van))).toBe(CAPTIONS[locale].van);
      expect(text(one("figcaption > span.credit", van))).toBe(CAPTIONS[locale].van);
      expect(alt(van)).not.toContain(CAPTIONS[locale].van);
    }
  });

  it("the PDF text has each caption and credit, the caption tagged as Caption", () => {
    const captions = (qdf: string) => qdf.split("endobj").filter((o) => o.includes("/S /Caption")).length;
    const bare = build({ root: REPO, templates: ["briefing"], formats: ["pdf"] });
    for (const locale of LOCALES) {
      const pdf = join(out, `${locale}/${SEED}/briefing.pdf`);
      const words = rejoinHyphenatedText(
        execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }),
      ).replace(/\s+/g, " ");
      // pdftotext's text, spaces collapsed: the no-break spaces read as spaces.
      expect(words).toContain(CAPTIONS[locale].square.replace(/\u00a0/g, " "));
      expect(words).toContain(CAPTIONS[locale].van);
      const lines = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }).split("\n");
      expect(lines).toContain({ en: "Photo: AFP", kk: "Фото: AFP", ru: "Фото: AFP" }[locale]);
      const qdf = join(out, `${locale}-photo-qdf.pdf`);
      execFileSync("qpdf", ["--qdf", "--object-streams=disable", pdf, qdf]);
      const raw = execFileSync("cat", [qdf]).toString("latin1");
      const plainPdf = join(out, `${locale}-bare.pdf`);
      writeFileSync(plainPdf, bare.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`)!.contents);
      execFileSync("qpdf", ["--qdf", "--object-streams=disable", plainPdf, `${plainPdf}.qdf`]);
      const plain = execFileSync("cat", [`${plainPdf}.qdf`]).toString("latin1");
      // Three more Caption structure elements than the bundled page: the two photos' and the table's.
      expect(captions(raw)).toBe(captions(plain) + 3);
    }
  });

  it("a credit naming no one is an error at its line; an unknown glossary id is too", () => {
    const broken = projectCopy();
    writeFileSync(join(broken, SEED_DIR, "square.png"), png(40, 30));
    edit(
      broken,
      `${SEED_DIR}/article.yaml`,
      "links:\n",
      "images:\n  - id: a\n    file: square.png\n    credit: {}\n  - id: b\n    file: square.png\n    credit: { person: zhanbolat-mamay }\n\nlinks:\n",
    );
    for (const locale of LOCALES)
      edit(broken, `${SEED_DIR}/${locale}.md`, /^links:\n/m, "images:\n  a: x\n  b: { alt: y }\nlinks:\n");
    const diagnostics = build({ root: broken }).diagnostics;
    expect(diagnostics.find((d) => d.code === "data/missing-field")).toMatchObject({
      file: `${SEED_DIR}/article.yaml`,
      pointer: "/images/0/credit",
      line: lineOf(broken, `${SEED_DIR}/article.yaml`, "credit: {}"),
    });
    expect(diagnostics.find((d) => d.code === "data/unknown-id")).toMatchObject({
      pointer: "/images/1/credit/person",
      line: lineOf(broken, `${SEED_DIR}/article.yaml`, "person: zhanbolat-mamay"),
      column: 23,
      hint: "Did you mean `zhanbolat-mamai`?",
    });
  });
  it("a locale's image texts are checked: alt required, no unknown field, alt text or a mapping", () => {
    const broken = projectCopy();
    writeFileSync(join(broken, SEED_DIR, "square.png"), png(40, 30));
    edit(broken, `${SEED_DIR}/article.yaml`, "links:\n", "images:\n  - id: a\n    file: square.png\n\nlinks:\n");
    const texts = { en: "{ alt: x, captoin: y }", kk: "{ caption: Алаң }", ru: "5" };
    for (const locale of LOCALES)
      edit(broken, `${SEED_DIR}/${locale}.md`, /^links:\n/m, `images:\n  a: ${texts[locale]}\nlinks:\n`);
    const diagnostics = build({ root: broken }).diagnostics.filter((d) => d.pointer?.startsWith("/images/a"));
    const md = (locale: Locale) => `${SEED_DIR}/${locale}.md`;
    expect(diagnostics.map((d) => [d.file, d.line, d.pointer, d.locale, d.code, d.message])).toEqual([
      [
        md("en"),
        lineOf(broken, md("en"), "captoin"),
        "/images/a/captoin",
        "en",
        "data/unknown-field",
        "Unknown field `images.a.captoin`",
      ],
      [
        md("kk"),
        lineOf(broken, md("kk"), "a: { caption"),
        "/images/a/alt",
        "kk",
        "data/missing-field",
        "`images.a.alt` is required",
      ],
      [
        md("ru"),
        lineOf(broken, md("ru"), "a: 5"),
        "/images/a",
        "ru",
        "data/schema",
        "`images.a` must be the alt text, or a mapping `{ alt, caption?, credit? }`",
      ],
    ]);
  });
});

describe("the pages with a table and photos", () => {
  it("pass the Nu HTML checker", () => {
    const files = LOCALES.flatMap((l) => ["briefing", "press-release"].map((t) => join(out, l, SEED, `${t}.html`)));
    expect(nuCheckerErrors(files)).toBe("");
  });

  it("axe finds no violations", async () => {
    const { context, close } = await launchChromium();
    try {
      const tab = context.pages()[0] ?? (await context.newPage());
      for (const locale of LOCALES) {
        for (const template of ["briefing", "press-release"]) {
          await tab.goto(pathToFileURL(join(out, locale, SEED, `${template}.html`)).href);
          expect(await tab.locator("table caption").count()).toBe(1);
          const { violations } = await new AxeBuilder({ page: tab }).analyze();
          expect(
            violations.map((v) => `${locale} ${template} ${v.id}: ${v.nodes.map((n) => n.target).join()}`),
          ).toEqual([]);
        }
      }
    } finally {
      await close();
    }
  }, 120_000);
});
