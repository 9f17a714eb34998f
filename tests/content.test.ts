import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectAll as cssSelectAll, selectOne as cssSelectOne } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { getAttributeValue, textContent } from "domutils";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { parseHtml, REPO } from "./helpers.js";

/**
 * The bundled real material (data/articles/astana-economy-2025-12-24: Astana's economy in
 * January–November 2025, from Qazinform, Zakon.kz and its Kazakh edition): built from the
 * bundled project and read back from the HTML and the PDF text in en, kk and ru. The expected
 * strings are written out by hand: what an Almaty editor would print.
 */
const ASTANA = "astana-economy-2025-12-24";
// Where the data or the catalog writes a no-break space; text() reads every one as a space.
const NBSP = " ";
const result = build({ root: REPO, articles: [ASTANA] });
const contents = (path: string) => {
  const output = result.outputs.find((o) => o.path === path);
  if (!output) throw new Error(`no output ${path}`);
  return output.contents;
};
const page = (path: string) => parseHtml(contents(path));
const selectOne = (selector: string, root: AnyNode) => cssSelectOne<AnyNode, Element>(selector, root);
const selectAll = (selector: string, root: AnyNode) => cssSelectAll<AnyNode, Element>(selector, root);
/**
 * Text as a reader sees it: runs of white space as one space, and no-break spaces as spaces (the
 * typography rules that place them are tested in tests/typography.test.ts).
 */
const text = (node: Element | null) =>
  node
    ? textContent(node)
        .replace(/[ \t\r\n\u00a0\u202f]+/g, " ")
        .replace(/\u2011/g, "-")
        .replace(/\u00ad/g, "") // soft hyphens, which Kazakh bodies carry for browsers
        .trim()
    : "";
/** The PDF's text as pdftotext reads it, white space (no-break spaces too) as single spaces. */
const pdfText = (path: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "tilpress-content-")), "page.pdf");
  writeFileSync(file, contents(path));
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/[\s\u00a0]+/g, " ");
};

describe("Astana's economy, January–November 2025 (real material, kind news)", () => {
  it("builds with no error and no warning under the default policy", () => {
    expect(result.errorCount).toBe(0);
    expect(result.warningCount).toBe(0);
  });

  it("en: en-GB dates (the issuer's style), money with scale, signed percents and the period", () => {
    const doc = page(`en/${ASTANA}/briefing.html`);
    expect(text(selectOne(".dateline time", doc))).toBe("24 December 2025");
    // A no-break space joins a number to its scale word (the scale is part of the amount).
    expect(selectAll("section.figures li", doc).map(text)).toEqual([
      "Astana’s short-term economic indicator, January–November 2025: 118.6%",
      `Manufacturing output, January–November 2025: ₸2.8${NBSP}trillion`,
      `Manufacturing output in US dollars: about $6${NBSP}billion`,
      "Growth in manufacturing output: +7.2%",
      `Trade, January–November 2025: more than ₸10.8${NBSP}trillion`,
      `Trade in US dollars: about $22.5${NBSP}billion`,
      "Growth in trade: +8.4%",
      `Taxes paid in the city: ₸4.3${NBSP}trillion`,
      `Gross regional product, 2024: more than ₸15${NBSP}trillion ($32${NBSP}billion)`,
      `Gross regional product expected for 2025: $34–35${NBSP}billion`,
      `Expected 2025 gross regional product in tenge: at least ₸17${NBSP}trillion`,
    ]);
    expect(text(selectOne(".boilerplate h2", doc))).toBe("About Qazinform News Agency");
  });

  it("kk: Kazakh word order, «теңгеден астам», the Kazakh period and Kazakh letters", () => {
    const doc = page(`kk/${ASTANA}/briefing.html`);
    expect(text(selectOne(".dateline time", doc))).toBe("2025 ж. 24 желтоқсан");
    const figures = selectAll("section.figures li", doc).map(text);
    // The labels put the period in its Kazakh form, before the noun it dates («…қарашадағы сауда көлемі»).
    expect(figures).toContain(`2025 жылғы қаңтар–қарашадағы сауда көлемі: 10,8${NBSP}трлн теңгеден астам`);
    expect(figures).toContain(`Астананың 2025 жылғы қаңтар–қарашадағы қысқа мерзімді экономикалық индикаторы: 118,6%`);
    expect(figures).toContain(`Өңдеу өнеркәсібі өнімінің өсімі: +7,2%`);
    expect(figures).toContain(
      `2024 жылғы өңірлік жалпы өнім: 15${NBSP}трлн теңгеден астам (32${NBSP}млрд АҚШ доллары)`,
    );
    expect(figures).toContain(`2025 жылы күтілетін өңірлік жалпы өнім: 34–35${NBSP}млрд АҚШ доллары`);
    expect(figures).toContain(`2025 жылы күтілетін өңірлік жалпы өнім теңгемен: кемінде 17${NBSP}трлн теңге`);
    const all = text(selectOne("main", doc));
    for (const letter of "әғқңөұүі") expect(all, letter).toContain(letter);
    expect(text(selectOne(".boilerplate h2", doc))).toBe("Kazinform халықаралық ақпарат агенттігі туралы");
  });

  it("ru: genitive after «более», «долл. США», the period «январь–ноябрь 2025 г.» and the prepositional about heading", () => {
    const doc = page(`ru/${ASTANA}/briefing.html`);
    expect(text(selectOne(".dateline time", doc))).toBe("24 декабря 2025 г.");
    const figures = selectAll("section.figures li", doc).map(text);
    expect(figures).toContain(
      `Объем торговли за январь–ноябрь 2025${NBSP}г.${NBSP}— более 10,8${NBSP}трлн${NBSP}тенге`,
    );
    expect(figures).toContain(`Объем торговли в долларах США${NBSP}— около 22,5${NBSP}млрд${NBSP}долл.${NBSP}США`);
    expect(figures).toContain(
      `Ожидаемый валовой региональный продукт за 2025${NBSP}г.${NBSP}— 34–35${NBSP}млрд${NBSP}долл.${NBSP}США`,
    );
    expect(text(selectOne(".boilerplate h2", doc))).toBe("О Международном информационном агентстве Kazinform");
  });

  it.each([
    ["en", "Astana’s economy, January–November 2025, as reported by the president", ["Indicator", "₸ trillion"]],
    ["kk", "Астана экономикасы, 2025 жылғы қаңтар–қараша, Президент келтірген деректер", ["Көрсеткіш", "трлн теңге"]],
    ["ru", "Экономика Астаны в январе–ноябре 2025 г., по данным Президента", ["Показатель", "трлн тенге"]],
  ] as const)(
    "%s: the body's table has its caption, header cells and right-aligned numbers",
    (locale, caption, heads) => {
      const doc = page(`${locale}/${ASTANA}/briefing.html`);
      const table = selectOne("section.story table", doc);
      expect(text(selectOne("caption", table!))).toBe(caption);
      const th = selectAll("thead th", table!);
      expect(th.map(text).slice(0, 2)).toEqual(heads);
      expect(th.map((h) => getAttributeValue(h, "scope"))).toEqual(["col", "col", "col", "col"]);
      const firstRow = selectAll("tbody tr:first-child td", table!);
      expect(getAttributeValue(firstRow[1]!, "style")).toBe("text-align:right");
      expect(selectAll("tbody tr", table!)).toHaveLength(3);
    },
  );

  it.each([
    [
      "en",
      [
        "more than ₸15 trillion ($32 billion)",
        "Astana’s economy, January–November 2025, as reported by the president",
        "24 December 2025",
      ],
    ],
    [
      "kk",
      [
        "10,8 трлн теңгеден астам",
        "15 трлн теңгеден астам (32 млрд АҚШ доллары)",
        "Астана экономикасы, 2025 жылғы қаңтар–қараша",
        "Kazinform халықаралық ақпарат агенттігі туралы",
      ],
    ],
    [
      "ru",
      [
        "более 10,8 трлн тенге",
        "около 22,5 млрд долл. США",
        "Экономика Астаны в январе–ноябре 2025 г.",
        "О Международном информационном агентстве Kazinform",
      ],
    ],
  ] as const)(
    "%s: the briefing PDF reads back the same figures, table caption and about heading",
    (locale, strings) => {
      const pdf = pdfText(`${locale}/${ASTANA}/briefing.pdf`);
      for (const s of strings) expect(pdf).toContain(s);
    },
  );
});
