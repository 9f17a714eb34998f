import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { textContent } from "domutils";
import * as fontkit from "fontkit";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { reviewTranslations } from "../src/cli/review.js";
import { build } from "../src/index.js";
import { layoutChartBars } from "../src/model/chartText.js";
import { createPdfEngine } from "../src/pdf/engine.js";
import type { Placed } from "../src/pdf/layout.js";
import { renderPdf } from "../src/pdf/renderPdf.js";
import { edit, parseHtml, projectCopy, SEED, SEED_DIR, seedCopy, write } from "./helpers.js";

const LOCALES = ["en", "kk", "ru"] as const;

/** What a placed entry of a laid-out page shows: a line's text, a row's cells' lines. */
function textOf(p: Placed): string {
  return p.type === "line"
    ? p.ops.map((o) => o.text).join("")
    : p.type === "row"
      ? p.cells.flat().map(textOf).join(" ")
      : "";
}
type Loc = (typeof LOCALES)[number];
const dir = mkdtempSync(join(tmpdir(), "tilpress-layout-"));
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });
const norm = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, " ").trim();

/** Each page's lines as pdftotext reads them, the running header and footer included. */
function pdfPageLines(pdf: Buffer, name: string): string[][] {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(run("pdfinfo", [file]))?.[1]);
  return Array.from({ length: pages }, (_, i) =>
    run("pdftotext", ["-enc", "UTF-8", "-f", String(i + 1), "-l", String(i + 1), file, "-"])
      .split("\n")
      .map(norm)
      .filter(Boolean),
  );
}

interface TextItem {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

/** Every piece of text on every page, with its position and width as pdf.js reads them. */
async function pdfItems(pdf: Buffer): Promise<{ pages: TextItem[][]; width: number }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: TextItem[][] = [];
  let width = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    width = page.view[2]!;
    const content = await page.getTextContent();
    pages.push(
      content.items.flatMap((i) =>
        "str" in i && i.str.trim()
          ? [{ str: i.str, x: i.transform[4] as number, y: i.transform[5] as number, width: i.width }]
          : [],
      ),
    );
  }
  await doc.destroy();
  return { pages, width };
}

/** The roles of the structure tree's elements, page by page, in reading order. */
async function structRoles(pdf: Buffer): Promise<string[]> {
  type Node = { role?: string; children?: unknown[] } | null;
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const roles: string[] = [];
  const walk = (node: Node) => {
    if (!node) return;
    if (node.role) roles.push(node.role);
    for (const c of node.children ?? []) walk(c as Node);
  };
  for (let n = 1; n <= doc.numPages; n++) walk((await (await doc.getPage(n)).getStructTree()) as Node);
  await doc.destroy();
  return roles;
}

/** The body of a locale's Markdown file starts after its front matter. */
function insertAtBodyStart(root: string, locale: Loc, paragraph: string): void {
  const file = `${SEED_DIR}/${locale}.md`;
  const text = readFileSync(join(root, file), "utf8");
  const end = text.indexOf("\n---\n", 4) + 5;
  write(root, file, `${text.slice(0, end)}\n${paragraph}\n${text.slice(end)}`);
}

const FILLER: Record<Loc, string> = {
  en: "Police vans stood in the side streets all day.",
  kk: "Полиция көліктері күні бойы көшелерде тұрды.",
  ru: "Полицейские автобусы весь день стояли в переулках.",
};

describe("a heading is never the last thing on a page", () => {
  // A paragraph of 0, 1, 2 … lines at the top of the story walks every later heading (the
  // story's, "Key quotes", the timeline, people, videos, links, About) down across page breaks.
  it("in every locale, for every position of the headings against the page breaks", { timeout: 240_000 }, () => {
    const seen = new Map<Loc, Set<string>>(LOCALES.map((l) => [l, new Set()]));
    for (let lines = 0; lines <= 16; lines++) {
      const root = projectCopy();
      for (const locale of LOCALES)
        if (lines)
          insertAtBodyStart(
            root,
            locale,
            Array(lines * 2)
              .fill(FILLER[locale])
              .join(" "),
          );
      reviewTranslations(root, undefined, ["en", "kk", "ru"]);
      const built = build({ root, templates: ["briefing"] });
      expect(built.diagnostics).toEqual([]);
      for (const locale of LOCALES) {
        const out = (format: string) =>
          built.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.${format}`)!.contents;
        const headings = selectAll<AnyNode, Element>("h1, h2, h3, h4", parseHtml(out("html"))).map((h) =>
          norm(textContent(h)),
        );
        for (const h of headings) seen.get(locale)!.add(h);
        const pages = pdfPageLines(out("pdf"), `${locale}-${lines}`);
        pages.forEach((page, n) => {
          // The last line is the footer ("Page 2 of 5"); the one before it ends the page's content.
          const last = page.at(-2) ?? "";
          const endsWithHeading = headings.some((h) => h === last || h.endsWith(` ${last}`));
          expect(endsWithHeading, `${locale}, ${lines} extra lines: page ${n + 1} ends with "${last}"`).toBe(false);
          // And what follows a heading on its page is at least two lines (unless the document ends sooner).
          page.slice(0, -1).forEach((line, i) => {
            if (headings.includes(line) && i > 2 && n < pages.length - 1)
              expect(page.length - 1 - (i + 1), `${locale}, ${lines}: after "${line}"`).toBeGreaterThanOrEqual(2);
          });
        });
      }
    }
    // The walk covered the section headings named in the issue, in each language.
    expect([...seen.get("en")!]).toEqual(
      expect.arrayContaining(["Key quotes", "Related video and audio", "The story"]),
    );
    expect([...seen.get("ru")!]).toEqual(
      expect.arrayContaining(["Видео и аудио по теме", "Ключевые цитаты", "Подробности"]),
    );
    expect([...seen.get("kk")!]).toEqual(
      expect.arrayContaining(["Тақырыпқа қатысты бейне және аудио", "Негізгі дәйексөздер", "Толығырақ"]),
    );
  });
});

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const sans = { normal: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf" } as const;
const faces = {
  normal: fontkit.openSync(join(fontDir, sans.normal)) as fontkit.Font,
  bold: fontkit.openSync(join(fontDir, sans.bold)) as fontkit.Font,
};
/** The text's width as the SVG names it (DejaVu Sans), shaped by fontkit on its own. */
const svgTextWidth = (text: string, size: number, weight: "normal" | "bold") =>
  (faces[weight].layout(text).advanceWidth / faces[weight].unitsPerEm) * size;

/** A chart of money figures with long values and labels, in three languages. */
function longChartProject(): string {
  const root = projectCopy();
  const units: Record<Loc, Record<string, string>> = {
    en: {
      "tenge-trillion_one": "more than ₸{{value}} trillion",
      "tenge-trillion_other": "more than ₸{{value}} trillion",
      "spending-trillion_one": "₸{{value}} trillion of state budget spending in January–November 2025",
      "spending-trillion_other": "₸{{value}} trillion of state budget spending in January–November 2025",
    },
    kk: {
      "tenge-trillion_one": "{{value}} трлн теңгеден астам",
      "tenge-trillion_other": "{{value}} трлн теңгеден астам",
      "spending-trillion_one": "2025 жылғы қаңтар–қарашада мемлекеттік бюджеттен {{value}} трлн теңге жұмсалды",
      "spending-trillion_other": "2025 жылғы қаңтар–қарашада мемлекеттік бюджеттен {{value}} трлн теңге жұмсалды",
    },
    ru: {
      "tenge-trillion_one": "более {{value}} трлн тенге",
      "tenge-trillion_few": "более {{value}} трлн тенге",
      "tenge-trillion_many": "более {{value}} трлн тенге",
      "tenge-trillion_other": "более {{value}} трлн тенге",
      "spending-trillion_one": "{{value}} трлн тенге расходов государственного бюджета за январь–ноябрь 2025 года",
      "spending-trillion_few": "{{value}} трлн тенге расходов государственного бюджета за январь–ноябрь 2025 года",
      "spending-trillion_many": "{{value}} трлн тенге расходов государственного бюджета за январь–ноябрь 2025 года",
      "spending-trillion_other": "{{value}} трлн тенге расходов государственного бюджета за январь–ноябрь 2025 года",
    },
  };
  for (const locale of LOCALES) {
    const file = join(root, "locales", locale, "units.json");
    const catalog = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...catalog, ...units[locale] }, null, 2));
    edit(
      root,
      `${SEED_DIR}/${locale}.md`,
      /^figures:\n/m,
      `figures:\n  budget-revenue: ${LONG_LABEL[locale]}\n  budget-spending: ${SPENDING_LABEL[locale]}\n`,
    );
  }
  edit(
    root,
    `${SEED_DIR}/article.yaml`,
    /^figures:\n/m,
    "figures:\n  - id: budget-revenue\n    value: 10.8\n    unit: tenge-trillion\n" +
      "  - id: budget-spending\n    value: 12345.67\n    unit: spending-trillion\n",
  );
  // A chart of its own for each (their units differ from each other's and from the people detained).
  edit(
    root,
    `${SEED_DIR}/article.yaml`,
    /^charts:\n/m,
    "charts:\n  - id: revenue\n    kind: bar\n    figures: [budget-revenue]\n" +
      "  - id: spending\n    kind: bar\n    figures: [budget-spending]\n",
  );
  for (const locale of LOCALES) {
    const [revenue, spending] = BUDGET_TITLES[locale];
    edit(
      root,
      `${SEED_DIR}/${locale}.md`,
      /^charts:\n/m,
      `charts:\n  revenue:\n    title: ${revenue}\n    description: ${revenue}\n` +
        `  spending:\n    title: ${spending}\n    description: ${spending}\n`,
    );
  }
  reviewTranslations(root, undefined, ["en", "kk", "ru"]);
  return root;
}

const BUDGET_TITLES: Record<Loc, [string, string]> = {
  en: ["Budget revenue", "Budget spending"],
  kk: ["Бюджет түсімдері", "Бюджет шығыстары"],
  ru: ["Доходы бюджета", "Расходы бюджета"],
};

/** Every chart of a page: each text with the width of the chart it is drawn in. */
function chartTexts(html: string | Buffer): { viewWidth: number; text: Element }[] {
  return selectAll<AnyNode, Element>(".chart svg", parseHtml(html)).flatMap((svg) => {
    const viewWidth = Number((svg.attribs["viewBox"] ?? svg.attribs["viewbox"])!.split(" ")[2]);
    return selectAll<AnyNode, Element>("text", svg).map((text) => ({ viewWidth, text }));
  });
}

const LONG_LABEL: Record<Loc, string> = {
  en: "tax and non-tax revenue of the republican budget, including transfers from the National Fund of the Republic of Kazakhstan",
  kk: "республикалық бюджеттің салықтық және салықтық емес түсімдері, оның ішінде Қазақстан Республикасының Ұлттық қорынан берілген трансферттер",
  ru: "налоговые и неналоговые поступления республиканского бюджета, включая трансферты из Национального фонда Республики Казахстан",
};
const SPENDING_LABEL: Record<Loc, string> = {
  en: "state budget spending",
  kk: "мемлекеттік бюджет шығыстары",
  ru: "расходы государственного бюджета",
};
/** The values as a reader expects them, written out by hand. */
const VALUES: Record<Loc, [string, string]> = {
  en: ["more than ₸10.8 trillion", "₸12,345.67 trillion of state budget spending in January–November 2025"],
  kk: ["10,8 трлн теңгеден астам", "2025 жылғы қаңтар–қарашада мемлекеттік бюджеттен 12 345,67 трлн теңге жұмсалды"],
  ru: ["более 10,8 трлн тенге", "12 345,67 трлн тенге расходов государственного бюджета за январь–ноябрь 2025 года"],
};

describe("no chart or figure label leaves its box", () => {
  const root = longChartProject();
  const built = build({ root, templates: ["briefing"] });

  it.each(LOCALES)("%s: the chart's SVG text stays inside its viewBox, long values and labels wrapped", (locale) => {
    // The fixture's units are whole phrases with no case forms, so they cannot follow a qualifier:
    // the grammar check says so (a warning) for the languages that decline them, and nothing else.
    const grammar = built.diagnostics.filter((d) => d.code === "grammar/unit-forms");
    expect(built.diagnostics.filter((d) => d.code !== "grammar/unit-forms")).toEqual([]);
    expect(grammar.map((d) => `${d.severity} ${d.locale} ${d.pointer}`).sort()).toEqual([
      "warning kk /spending-trillion_one",
      "warning kk /tenge-trillion_one",
      "warning ru /spending-trillion_one",
      "warning ru /tenge-trillion_one",
    ]);
    const html = built.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)!.contents;
    const svgs = selectAll<AnyNode, Element>(".chart svg", parseHtml(html));
    expect(svgs).toHaveLength(3);
    const drawn = chartTexts(html);
    const texts = drawn.map((d) => d.text);
    for (const { viewWidth, text: t } of drawn) {
      const x = Number(t.attribs["x"]);
      const size = Number(t.attribs["font-size"]);
      const width = svgTextWidth(textContent(t), size, t.attribs["font-weight"] === "bold" ? "bold" : "normal");
      expect(x + width, `"${textContent(t)}" at x=${x}`).toBeLessThanOrEqual(viewWidth);
    }
    for (const svg of svgs) {
      const viewWidth = Number((svg.attribs["viewBox"] ?? svg.attribs["viewbox"])!.split(" ")[2]);
      for (const r of selectAll<AnyNode, Element>("rect", svg))
        expect(Number(r.attribs["x"]) + Number(r.attribs["width"])).toBeLessThanOrEqual(viewWidth);
    }
    // The lines, read in order, give back the whole value and label: wrapped, not cut short.
    const bold = norm(
      texts
        .filter((t) => t.attribs["font-weight"] === "bold")
        .map((t) => textContent(t))
        .join(" "),
    );
    const plain = norm(
      texts
        .filter((t) => t.attribs["font-weight"] !== "bold")
        .map((t) => textContent(t))
        .join(" "),
    );
    for (const value of VALUES[locale]) expect(bold).toContain(norm(value));
    expect(plain).toContain(norm(LONG_LABEL[locale]));
    // Each value starts right of its bar, and nothing after it is drawn over it.
    expect(texts.filter((t) => t.attribs["font-weight"] === "bold").length).toBeGreaterThan(5);
    expect(svgs.reduce((sum, svg) => sum + Number(svg.attribs["height"]), 0)).toBeGreaterThan(5 * 46);
  });

  it.each(LOCALES)("%s: every PDF text run lies within the page's content box", async (locale) => {
    const pdf = built.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`)!.contents;
    const { pages, width } = await pdfItems(pdf);
    const margin = (16 / 25.4) * 72; // @page margin: 18mm 16mm 20mm
    const all = pages.flat();
    for (const item of all) {
      expect(item.x, item.str).toBeGreaterThanOrEqual(margin - 0.5);
      expect(item.x + item.width, item.str).toBeLessThanOrEqual(width - margin + 0.5);
    }
    const text = norm(all.map((i) => i.str).join(" "));
    expect(text).toContain(norm(VALUES[locale][0]));
  });
});

describe("a derived locale's chart is laid out in its own letters", () => {
  // In Cyrillic this label is some 640 units wide and takes two lines of the chart's 560; in
  // Latin letters (kk-Latn) it is some 535 and fits on one. It was wrapped where the Cyrillic
  // was, and Latin letters outside Latin-1 (ū ş ğ ı ñ) counted as the face's widest glyph.
  const LABEL = "Жұмысшылар мен қызметшілердің орташа айлық жалақысы, шағын кәсіпкерлік нысандары";
  const LATIN = "Jūmysşylar men qyzmetşılerdıñ ortaşa ailyq jalaqysy, şağyn käsıpkerlık nysandary";
  const root = longChartProject();
  edit(root, `${SEED_DIR}/kk.md`, SPENDING_LABEL.kk, LABEL);
  const built = build({ root, templates: ["briefing"], locales: ["kk", "kk-Latn"] as never });
  const texts = (locale: string) =>
    chartTexts(built.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)!.contents);
  it.each(["kk", "kk-Latn"])("%s: every text of the chart stays inside its viewBox", (locale) => {
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    for (const { viewWidth, text: t } of texts(locale)) {
      const x = Number(t.attribs["x"]);
      const width = svgTextWidth(textContent(t), 13, t.attribs["font-weight"] === "bold" ? "bold" : "normal");
      expect(x + width, `"${textContent(t)}" at x=${x}`).toBeLessThanOrEqual(viewWidth);
    }
  });

  it("the label takes two lines in Cyrillic and one in Latin letters", () => {
    const lines = (locale: string) => texts(locale).map((t) => norm(textContent(t.text)));
    const kk = lines("kk");
    const first = kk.findIndex((l) => LABEL.startsWith(l));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(`${kk[first]} ${kk[first + 1]}`).toBe(LABEL);
    expect(lines("kk-Latn")).toContain(LATIN);
  });
});

/** A chart of percentage changes, two of them negative, in three languages. */
function signedChartProject(): string {
  const root = projectCopy();
  const figures = (
    [
      ["output-almaty", -40, "almaty"],
      ["output-shymkent", 3, "shymkent"],
      ["output-aqtobe", -5.5, "aqtobe"],
      ["output-nur-sultan", 12, "nur-sultan"],
    ] as const
  )
    .map(([id, value, place]) => `  - id: ${id}\n    type: percent\n    value: ${value}\n    places: [${place}]\n`)
    .join("");
  edit(root, `${SEED_DIR}/article.yaml`, /^figures:\n/m, `figures:\n${figures}`);
  edit(
    root,
    `${SEED_DIR}/article.yaml`,
    /^charts:\n/m,
    "charts:\n  - id: output-change\n    kind: bar\n    figures: [output-almaty, output-shymkent, output-aqtobe, output-nur-sultan]\n",
  );
  const text: Record<Loc, [string, string]> = {
    en: ["change in industrial output", "Industrial output by city"],
    kk: ["өнеркәсіп өндірісінің өзгерісі", "Қалалар бойынша өнеркәсіп өндірісі"],
    ru: ["изменение промышленного производства", "Промышленное производство по городам"],
  };
  for (const locale of LOCALES) {
    const [label, title] = text[locale];
    const labels = ["almaty", "shymkent", "aqtobe", "nur-sultan"].map((c) => `  output-${c}: ${label}\n`).join("");
    edit(root, `${SEED_DIR}/${locale}.md`, /^figures:\n/m, `figures:\n${labels}`);
    edit(
      root,
      `${SEED_DIR}/${locale}.md`,
      /^charts:\n/m,
      `charts:\n  output-change:\n    title: ${title}\n    description: ${title}\n`,
    );
  }
  reviewTranslations(root, undefined, ["en", "kk", "ru"]);
  return root;
}

/** The values as a reader expects them, in the chart's order, written out by hand. */
const SIGNED_VALUES: Record<Loc, string[]> = {
  en: ["\u221240%", "3%", "\u22125.5%", "12%"],
  kk: ["\u221240%", "3%", "\u22125,5%", "12%"],
  ru: ["\u221240\u00a0%", "3\u00a0%", "\u22125,5\u00a0%", "12\u00a0%"],
};

describe("a zero in a bar chart", () => {
  it("draws no bar, where a small value draws the shortest one, on either side of a zero line", () => {
    const row = (magnitude: number) => ({ magnitude, label: `${magnitude}`, value: `${magnitude}` });
    expect(layoutChartBars([0, 0.0001, 5].map(row)).bars.map((b) => b.width)).toEqual([0, 2, 380]);
    const signed = layoutChartBars([-3, -0, 0.0001, 2].map(row));
    expect(signed.bars.map((b) => b.width > 0)).toEqual([true, false, true, true]);
    expect(signed.bars[2]!.width).toBe(2);
    expect(signed.bars[1]!.x).toBe(signed.barX);
  });
});

describe("chart values wider than their room beside a bar", () => {
  it("are broken at their no-break spaces, never inside a word, and stay in the chart", () => {
    const nb = (s: string) => s.replace(/_/g, "\u00a0");
    const rows = [
      { magnitude: -987_654_321_123, label: "Долг", value: nb("−987_654_321_123_тыс._долларов_США (−3,2_трлн_тенге)") },
      { magnitude: 3_000, label: "Доход", value: nb("3_тыс._тенге (6,3_долл._США)") },
      { magnitude: 0.0001, label: "Прочее", value: nb("0,0001_тыс._тенге") },
    ];
    const { bars, width } = layoutChartBars(rows);
    expect(bars.some((b) => b.valueLines.length > 1)).toBe(true);
    for (const bar of bars) {
      const lines = bar.valueLines.map((l) => l.text);
      // Each break is where a space or a no-break space was.
      expect(lines.join(" ").replace(/\u00a0/g, " ")).toBe(bar.value.replace(/\u00a0/g, " "));
      for (const line of lines) {
        const w = svgTextWidth(line, 13, "bold");
        if (bar.valueBefore) expect(bar.valueX - w, line).toBeGreaterThanOrEqual(0);
        else expect(bar.valueX + w, line).toBeLessThanOrEqual(width);
      }
    }
  });
});

describe("a chart with negative values", () => {
  const root = signedChartProject();
  const built = build({ root, templates: ["briefing"] });
  const chart = (locale: Loc) => {
    const html = built.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)!.contents;
    const svg = selectAll<AnyNode, Element>(".chart svg", parseHtml(html))[0]!;
    return {
      viewWidth: Number((svg.attribs["viewBox"] ?? svg.attribs["viewbox"])!.split(" ")[2]),
      bars: selectAll<AnyNode, Element>("rect", svg),
      values: selectAll<AnyNode, Element>("text[font-weight=bold]", svg),
      zero: selectAll<AnyNode, Element>("line", svg),
    };
  };

  it.each(LOCALES)(
    "%s: bars left and right of a zero line, on one scale, each value beside its bar's end",
    (locale) => {
      expect(built.diagnostics).toEqual([]);
      const { viewWidth, bars, values, zero } = chart(locale);
      const magnitudes = [-40, 3, -5.5, 12];
      expect(values.map((t) => textContent(t))).toEqual(SIGNED_VALUES[locale]);
      expect(bars).toHaveLength(4);
      // One zero line, a piece beside each bar, crossing it.
      const zeroX = Number(zero[0]!.attribs["x1"]);
      expect(zero).toHaveLength(4);
      zero.forEach((line, i) => {
        expect([line.attribs["x1"], line.attribs["x2"]].map(Number)).toEqual([zeroX, zeroX]);
        expect(Number(line.attribs["y1"])).toBeLessThan(Number(bars[i]!.attribs["y"]));
      });
      const box = bars.map((r) => ({ x: Number(r.attribs["x"]), width: Number(r.attribs["width"]) }));
      // The −40 bar is the longest, and every length is |value| on one scale (to the pixel).
      const scale = box[0]!.width / 40;
      box.forEach((b, i) => expect(Math.abs(b.width - Math.abs(magnitudes[i]!) * scale)).toBeLessThanOrEqual(1));
      expect(box[0]!.width).toBeGreaterThan(10 * box[1]!.width);
      box.forEach((b, i) => {
        // A negative bar ends at zero, a positive one starts there.
        if (magnitudes[i]! < 0) expect(b.x + b.width).toBe(zeroX);
        else expect(b.x).toBe(zeroX);
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(viewWidth);
        // The value's text beside the bar's end, wholly inside the chart.
        const t = values[i]!;
        const x = Number(t.attribs["x"]);
        const width = svgTextWidth(textContent(t), 13, "bold");
        if (magnitudes[i]! < 0) {
          expect(t.attribs["text-anchor"]).toBe("end");
          expect(x).toBeLessThan(b.x);
          expect(x - width, textContent(t)).toBeGreaterThanOrEqual(0);
        } else {
          expect(t.attribs["text-anchor"]).toBeUndefined();
          expect(x).toBeGreaterThan(b.x + b.width);
          expect(x + width, textContent(t)).toBeLessThanOrEqual(viewWidth);
        }
      });
    },
  );

  it.each(LOCALES)("%s: the PDF draws the negative values left of the positive ones", async (locale) => {
    const pdf = built.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`)!.contents;
    const { pages, width } = await pdfItems(pdf);
    const margin = (16 / 25.4) * 72;
    const all = pages.flat();
    // Each value is written twice: in the list of key figures, then in the chart after it.
    const at = (value: string) => {
      const found = all.filter((i) => norm(i.str) === norm(value));
      expect(found, value).toHaveLength(2);
      return found[1]!;
    };
    const [minus40, plus3, minus5, plus12] = SIGNED_VALUES[locale].map(at);
    for (const item of [minus40!, plus3!, minus5!, plus12!]) {
      expect(item.x, item.str).toBeGreaterThanOrEqual(margin - 0.5);
      expect(item.x + item.width, item.str).toBeLessThanOrEqual(width - margin + 0.5);
    }
    // −40's text ends before −5.5's bar, which ends at zero, where 3's bar starts.
    expect(minus40!.x + minus40!.width).toBeLessThan(minus5!.x);
    expect(minus5!.x + minus5!.width).toBeLessThan(plus3!.x);
    expect(plus3!.x).toBeLessThan(plus12!.x);
  });
});

/** A Kazakh document's metadata, no running header or footer: the tables' PDFs below. */
const meta = {
  lang: "kk",
  title: "Кесте",
  author: "",
  creationDate: new Date(0),
  header: ["", ""] as [string, string],
  pageLabel: () => "",
};

describe("tables in the PDF", () => {
  const REGIONS = ["Алматы облысы", "Ақмола облысы", "Шығыс Қазақстан облысы", "Нұр-Сұлтан қаласы"];
  const rows = Array.from({ length: 70 }, (_, i) => {
    const region = `${REGIONS[i % REGIONS.length]} №${i + 1}`;
    // Every fifth row's note runs over several lines: a row is kept whole all the same.
    const note = i % 5 === 0 ? "жол жөндеу, мектеп салу және ауыл шаруашылығын қолдау бағдарламалары" : "жол жөндеу";
    return { region, note, amount: (1234.5 * (i + 1)).toLocaleString("ru-RU").replace(/\u00a0/g, "\u00a0") };
  });
  const html =
    `<!doctype html><html lang="kk"><head><style>@page { margin: 18mm 16mm 20mm; } body { font-size: 10.5pt; }` +
    ` th, td { text-align: left; padding: 2pt 4pt; }</style></head><body><h2>Өңірлер бойынша шығыстар</h2>` +
    `<table><thead><tr><th>Өңір</th><th>Бағыты</th><th style="text-align:right">Сомасы, млн теңге</th></tr></thead><tbody>` +
    rows.map((r) => `<tr><td>${r.region}</td><td>${r.note}</td><td>${r.amount}</td></tr>`).join("") +
    `</tbody></table></body></html>`;

  it("repeats the header row on each page, keeps rows whole, sets numbers flush right, tags the header once", async () => {
    const { pdf } = renderPdf(html, { engine: createPdfEngine(), meta });
    const { pages } = await pdfItems(pdf);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((items, n) => {
      // The header, in reading order, above the page's first body row.
      const head = items.find((i) => i.str === "Өңір");
      expect(head, `page ${n + 1}`).toBeDefined();
      expect(items.some((i) => i.str.includes("Сомасы, млн теңге"))).toBe(true);
      const firstRow = items.find((i) => i.str.includes("№"));
      expect(firstRow!.y).toBeLessThan(head!.y); // PDF y grows upwards
    });
    // Each row's region, note (all its lines) and amount are on one page.
    const pageOf = (text: string) => pages.findIndex((items) => items.some((i) => norm(i.str) === norm(text)));
    const pageEnding = (tail: string) => pages.findIndex((items) => items.some((i) => norm(i.str).endsWith(tail)));
    rows.forEach((r, i) => {
      // A long region name wraps in its column: the row number ends its last line.
      const page = pageEnding(`№${i + 1}`);
      expect(pages[page]!.some((x) => norm(r.region).startsWith(norm(x.str)))).toBe(true);
      expect(page, r.region).toBeGreaterThanOrEqual(0);
      expect(pageOf(r.amount), `amount of ${r.region}`).toBe(page);
      if (i % 5 === 0) {
        const rowItems = pages[page]!.filter((x) => /ауыл|мектеп|бағдарлама/.test(x.str));
        expect(rowItems.length, r.region).toBeGreaterThan(0);
      }
    });
    // Amounts are flush right: their right edges line up with the header cell set right by its style.
    const amounts = pages.flat().filter((i) => /^[\d\s\u00a0,]+$/.test(i.str) && /\d/.test(i.str));
    expect(amounts.length).toBe(rows.length);
    const header = pages[0]!.find((i) => i.str.includes("Сомасы"))!;
    const right = header.x + header.width;
    for (const a of amounts) expect(Math.abs(a.x + a.width - right), a.str).toBeLessThan(0.6);
    expect(new Set(amounts.map((a) => Math.round(a.x))).size).toBeGreaterThan(1);
    // The repeated header rows are artifacts: the structure tree has the three header cells once.
    const roles = await structRoles(pdf);
    expect(roles.filter((r) => r === "TH")).toHaveLength(3);
    expect(roles.filter((r) => r === "TR")).toHaveLength(rows.length + 1);
    expect(roles).toEqual(expect.arrayContaining(["Table", "THead", "TBody", "TD"]));
  });
});

describe("a table row taller than a page", () => {
  // Numbered words, so that what the PDF holds can be read back in order.
  const words = Array.from({ length: 1500 }, (_, i) => `сөз${i + 1}`);
  const html = (before: string) =>
    `<!doctype html><html lang="kk"><head><style>@page { margin: 20mm; } body { font-size: 10.5pt; }</style></head><body>` +
    `${before}<table><thead><tr><th>Өңір</th><th>Түсіндірме</th></tr></thead><tbody>` +
    `<tr><td>Алматы облысы</td><td>Қысқа жол</td></tr>` +
    `<tr><td>Ақмола облысы</td><td>${words.join(" ")}</td></tr>` +
    `<tr><td>Соңғы жол</td><td>Бітті</td></tr></tbody></table></body></html>`;

  it.each([
    ["at the top of the page", ""],
    ["low on a page", `<p>${"Кіріспе мәтін. ".repeat(160)}</p>`],
  ])("%s: is split between pages, every word of its cell printed once and in order", async (_, before) => {
    const { pdf } = renderPdf(html(before), { engine: createPdfEngine(), meta });
    const pages = pdfPageLines(pdf, "tall-row");
    expect(pages.length).toBeGreaterThan(2);
    const numbers = [
      ...pages
        .flat()
        .join(" ")
        .matchAll(/сөз(\d+)/g),
    ].map((m) => Number(m[1]));
    expect(numbers).toEqual(words.map((_, i) => i + 1));
    // The row's continuation has the table's header above it; the next row follows on the last page.
    const cellPages = pages.filter((lines) => lines.some((l) => /сөз\d/.test(l)));
    expect(cellPages.length).toBeGreaterThan(1);
    for (const lines of cellPages) expect(lines).toEqual(expect.arrayContaining(["Өңір", "Түсіндірме"]));
    // The row starts where it falls (below the introduction), not on a page of its own.
    expect(cellPages[0]).toContain("Ақмола облысы");
    expect(cellPages[0]!.some((l) => /сөз1\b/.test(l))).toBe(true);
    expect(pages.at(-1)!.some((l) => l.includes("Соңғы жол"))).toBe(true);
    // Nothing is drawn below the page's bottom margin (20 mm): pdf.js's y grows upwards.
    const { pages: items } = await pdfItems(pdf);
    for (const page of items) for (const item of page) expect(item.y, item.str).toBeGreaterThan((20 / 25.4) * 72 - 1);
    // pdf.js lists a page's structure tree: a row split over n pages is one row read n times (one TR per page).
    const roles = await structRoles(pdf);
    expect(roles.filter((r) => r === "TH")).toHaveLength(2);
    expect(roles.filter((r) => r === "TR")).toHaveLength(4 + cellPages.length - 1);
  });

  it("a header taller than a quarter of the page is set once; every row after it is printed, none past the foot", async () => {
    const head = Array.from({ length: 280 }, (_, k) => `бас${k + 1}`).join(" ");
    const rows = Array.from({ length: 60 }, (_, k) => `<tr><td>жол${k + 1}</td><td>қысқа</td></tr>`).join("");
    const tall =
      `<!doctype html><html lang="kk"><head><style>@page { margin: 20mm; } body { font-size: 10.5pt; }</style></head>` +
      `<body><table><thead><tr><th>${head}</th><th>Түсіндірме</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
    const { pdf } = renderPdf(tall, { engine: createPdfEngine(), meta });
    const text = pdfPageLines(pdf, "tall-header").flat().join(" ");
    const read = (word: string) => [...text.matchAll(new RegExp(`${word}(\\d+)`, "g"))].map((m) => Number(m[1]));
    expect(read("бас")).toEqual(Array.from({ length: 280 }, (_, k) => k + 1));
    expect(read("жол")).toEqual(Array.from({ length: 60 }, (_, k) => k + 1));
    const { pages: items } = await pdfItems(pdf);
    expect(items.length).toBeLessThan(6);
    for (const page of items) for (const item of page) expect(item.y, item.str).toBeGreaterThan((20 / 25.4) * 72 - 1);
  });

  it("its table's caption and header are never left at a page's foot without a line of it", () => {
    const engine = createPdfEngine();
    let checked = 0;
    for (let n = 280; n <= 420; n += 2) {
      const before = `<p>${"Кіріспе мәтін. ".repeat(n)}</p>`;
      // The tall row right under the header: nothing else the header could stay with.
      const captioned = html(before)
        .replace("<table>", "<table><caption>Өңірлер бойынша түсіндірме</caption>")
        .replace("<tr><td>Алматы облысы</td><td>Қысқа жол</td></tr>", "");
      const pages = renderPdf(captioned, { engine, meta }).plan.pages;
      const pageOf = (needle: RegExp) => pages.findIndex((page) => page.some((p) => needle.test(textOf(p))));
      const first = pageOf(/сөз1\b/);
      expect(pageOf(/Өңірлер бойынша/), `${n}`).toBe(first);
      expect(pageOf(/Өңір/), `${n}`).toBe(first);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });
});

describe("a short table at a page break", () => {
  it("never leaves one of its rows alone on a page: a split keeps at least two rows each side (orphans, widows)", () => {
    // Real material: the World Bank's poverty rate by year, four rows, whose last row was set alone
    // on the next page under the repeated header.
    const engine = createPdfEngine();
    const rows = ["2006", "2013", "2016", "2021"];
    let split = 0;
    for (let n = 240; n <= 320; n++) {
      const doc =
        `<!doctype html><html lang="kk"><head><style>@page { margin: 20mm; } body { font-size: 10.5pt; }</style></head>` +
        `<body><p>${"Кіріспе мәтін. ".repeat(n)}</p><table><caption>Кедейлік деңгейі</caption>` +
        `<thead><tr><th>Жыл</th><th>Деңгейі, %</th></tr></thead><tbody>` +
        rows.map((y, i) => `<tr><td style="text-align:left">${y}</td><td>${49 - i}</td></tr>`).join("") +
        `</tbody></table></body></html>`;
      const pages = renderPdf(doc, { engine, meta }).plan.pages;
      const counts = pages
        .map((page) => page.filter((p) => p.type === "row" && rows.some((y) => textOf(p).startsWith(y))).length)
        .filter((c) => c > 0);
      expect(
        counts.reduce((a, b) => a + b, 0),
        `${n}`,
      ).toBe(rows.length);
      if (counts.length > 1) split++;
      for (const c of counts) expect(c, `${n}: rows per page ${counts.join(" + ")}`).toBeGreaterThanOrEqual(2);
    }
    expect(split).toBeGreaterThan(0);
  });
});

describe("a GFM table in a briefing, with the real stylesheet", () => {
  it("ru: the header repeats on each page, the right-aligned column lines up", async () => {
    const root = seedCopy();
    // What markdown-it makes of `| Город | Задержано |\n|---|--:|`: the alignment as an inline style.
    const row = `<tr>\n<td>{{label}}</td>\n<td style="text-align:right">{{value}}</td>\n</tr>`;
    const table =
      `<table>\n<thead>\n<tr>\n<th>Город</th>\n<th style="text-align:right">Задержано</th>\n</tr>\n</thead>\n<tbody>\n` +
      `{{#each figures}}${row}{{/each}}`.repeat(12) +
      `</tbody>\n</table>`;
    edit(root, "templates/briefing.hbs", "{{> figures}}", `{{> figures}}\n${table}`);
    const built = build({ root, locales: ["ru"], templates: ["briefing"] });
    expect(built.diagnostics).toEqual([]);
    const pdf = built.outputs.find((o) => o.format === "pdf")!.contents;
    const { pages } = await pdfItems(pdf);
    const values = ["более 100 человек", "около 100 человек", "20 человек", "10 человек"];
    // The table's amounts, in its right-hand column (the key figures list says the same at the left).
    const isValue = (i: TextItem) => values.includes(norm(i.str)) && i.x > 300;
    // From the page the table starts on (the chart before it draws the same values).
    const start = pages.findIndex((items) => items.some((i) => norm(i.str) === "Город"));
    const tablePages = pages.slice(start);
    const withRows = tablePages.filter((items) => items.some(isValue));
    expect(withRows.length).toBeGreaterThan(1);
    const header = tablePages.flat().find((i) => norm(i.str) === "Задержано")!;
    for (const items of withRows) {
      const head = items.find((i) => norm(i.str) === "Город");
      expect(head).toBeDefined();
      expect(items.filter(isValue).every((v) => v.y < head!.y)).toBe(true);
    }
    const right = header.x + header.width;
    const cells = tablePages.flat().filter(isValue);
    expect(cells.length).toBeGreaterThanOrEqual(12 * 4);
    for (const v of cells) expect(Math.abs(v.x + v.width - right), v.str).toBeLessThan(0.6);
  });
});

describe("a Markdown table column aligned left", () => {
  it("keeps its numbers (years) at the left in the PDF, as the HTML has them, under its header", async () => {
    const root = seedCopy();
    // A column of years marked `:---` and one of values marked `---:`, as a press officer writes a
    // table of a statistic by year (real material: the World Bank's poverty rates, 2006–2021).
    const table =
      "\n\nTable: Detentions by year\n\n| Year | Detained |\n|:-----|-----:|\n| 2006 | 49 |\n| 2013 | 11 |\n| 2021 | 8 |\n";
    for (const l of LOCALES) appendFileSync(join(root, SEED_DIR, `${l}.md`), table);
    const built = build({ root, locales: ["en"], templates: ["briefing"] });
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const html = built.outputs.find((o) => o.format === "html")!.contents.toString("utf8");
    expect(html).toContain('<td style="text-align:left">2006</td>');
    const { pages } = await pdfItems(built.outputs.find((o) => o.format === "pdf")!.contents);
    const items = pages.flat();
    const year = items.find((i) => norm(i.str) === "Year")!;
    const detained = items.find((i) => norm(i.str) === "Detained")!;
    for (const y of ["2006", "2013", "2021"]) {
      const cell = items.find((i) => norm(i.str) === y && Math.abs(i.x - year.x) < 200)!;
      expect(cell, y).toBeDefined();
      expect(Math.abs(cell.x - year.x), y).toBeLessThan(0.6);
    }
    // The values, marked right, still end under their header's right edge.
    for (const v of ["49", "11", "8"]) {
      const cell = items.find((i) => norm(i.str) === v && i.x > year.x + 100)!;
      expect(Math.abs(cell.x + cell.width - (detained.x + detained.width)), v).toBeLessThan(0.6);
    }
  });
});

describe("a heading before a block taller than a page", () => {
  it("keeps the block's first two lines, wherever the heading falls", () => {
    const engine = createPdfEngine();
    const meta = {
      lang: "ru",
      title: "",
      author: "",
      creationDate: new Date(0),
      header: ["", ""] as [string, string],
      pageLabel: () => "",
    };
    const tall = Array(900).fill("Расходы республиканского бюджета выросли.").join(" ");
    let headingsAtPageEnd = 0;
    let checked = 0;
    for (let words = 0; words <= 400; words += 12) {
      const intro = Array(words).fill("слово").join(" ");
      const html =
        `<!doctype html><html lang="ru"><head><style>@page { margin: 18mm 16mm 20mm; }</style></head><body>` +
        `<p>${intro}</p>`.repeat(6) +
        `<h2>Итоги года</h2><figure style="break-inside: avoid; margin: 0"><p>${tall}</p></figure></body></html>`;
      const pages = renderPdf(html, { engine, meta }).plan.pages;
      for (const page of pages.slice(0, -1)) {
        const last = page.at(-1);
        checked++;
        if (last?.type === "line" && last.block.tag === "h2") headingsAtPageEnd++;
        if (last?.type === "rule") headingsAtPageEnd++;
      }
      // The heading and the first two lines of the block share a page.
      const at = pages.findIndex((p) => p.some((e) => e.type === "line" && e.block.tag === "h2"));
      const after = pages[at]!.filter(
        (e) => e.type === "line" && e.block.tag === "p" && e.ops.some((o) => o.text.includes("Расходы")),
      );
      expect(after.length, `${words} words`).toBeGreaterThanOrEqual(2);
    }
    expect(checked).toBeGreaterThan(30);
    expect(headingsAtPageEnd).toBe(0);
  });
});

describe("the end of a document at a page's foot", () => {
  it("adds no blank page: the space after the last block does not start one", () => {
    // Found with a short table at every position against a page break: where the last line
    // ended within the bottom margin's reach, the space after it opened a page nothing filled,
    // and the PDF ended with a blank page (its running header and footer alone).
    const engine = createPdfEngine();
    const blank: number[] = [];
    for (let n = 240; n <= 320; n++) {
      const doc =
        `<!doctype html><html lang="kk"><head><style>@page { margin: 20mm; } body { font-size: 10.5pt; }</style></head>` +
        `<body><p>${"Кіріспе мәтін. ".repeat(n)}</p><table><caption>Кедейлік деңгейі</caption>` +
        `<thead><tr><th>Жыл</th><th>Деңгейі, %</th></tr></thead><tbody><tr><td>2021</td><td>5,2</td></tr></tbody></table>` +
        `<p>Соңы.</p></body></html>`;
      const { plan, pdf } = renderPdf(doc, { engine, meta });
      const pages = Number(/\/Type\s*\/Pages[^>]*\/Count\s+(\d+)/.exec(pdf.toString("latin1"))?.[1]);
      if (plan.pages.some((page) => page.length === 0) || pages !== plan.pages.length) blank.push(n);
    }
    expect(blank).toEqual([]);
  });
});

describe("a table whose rows are taller than a page", () => {
  it("leaves no page with only its repeated header: the rows kept together (orphans, widows) do not move off it", () => {
    // Each row is cut between pages. The first row's last part, kept with the next row (orphans),
    // was carried off the page it started under the repeated header, leaving that page the
    // header alone, three times in four rows.
    const engine = createPdfEngine();
    const doc =
      `<!doctype html><html lang="kk"><head><style>@page { margin: 20mm; } body { font-size: 10.5pt; }</style></head>` +
      `<body><table><caption>Кедейлік деңгейі</caption><thead><tr><th>Өңір</th><th>Деңгейі, %</th></tr></thead><tbody>` +
      [1, 2, 3, 4].map((i) => `<tr><td>R${i} ${"сөз ".repeat(300)}</td><td>${i}</td></tr>`).join("") +
      `</tbody></table><p>Соңы.</p></body></html>`;
    const pages = renderPdf(doc, { engine, meta }).plan.pages;
    const own = pages.map((page) =>
      page.filter((p) => p.type !== "space" && !(p.type === "row" && p.artifact) && textOf(p) !== "Кедейлік деңгейі"),
    );
    expect(own.map((page, n) => [n + 1, page.length]).filter(([, count]) => count === 0)).toEqual([]);
    // Every row is there, in order.
    const starts = pages.flat().flatMap((p) => (p.type === "row" ? (/^R(\d) /.exec(textOf(p))?.[1] ?? []) : []));
    expect([...new Set(starts)]).toEqual(["1", "2", "3", "4"]);
  });
});
