import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { removeElement, textContent } from "domutils";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { describePlan } from "../src/pdf/layout.js";
import { alignedToCharacters, shapeWithFontkit, shapeWord, unalignedText } from "../src/fonts/shape.js";
import { createPdfEngine } from "../src/pdf/engine.js";
import { renderPdf } from "../src/pdf/renderPdf.js";
import {
  edit,
  lineOf,
  parseHtml,
  projectCopy,
  rejoinHyphenated,
  REPO,
  SEED,
  SEED_DIR,
  seedAsKind,
  seedCopy,
  withoutSoftHyphens,
} from "./helpers.js";

const result = build({ root: REPO });
// The bundled article is a news item (a briefing only): the same article as a press release.
const release = build({ root: seedAsKind(seedCopy(), "press-release"), templates: ["press-release"] });
const dir = mkdtempSync(join(tmpdir(), "tilpress-pdf-"));
const LOCALES = ["en", "kk", "ru"] as const;
const TEMPLATES = ["briefing", "press-release"] as const;

function output(path: string): Buffer {
  const o = [...result.outputs, ...release.outputs].find((x) => x.path === path);
  if (!o) throw new Error(`no output ${path}`);
  return o.contents;
}

function pdfFile(locale: string, template: string): string {
  const path = join(dir, `${locale}-${template}.pdf`);
  writeFileSync(path, output(`${locale}/${SEED}/${template}.pdf`));
  return path;
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });
const words = (s: string) => s.split(/[\s\u00a0]+/).filter(Boolean);

/** What a reader sees of the page in print: no head, no chart title/desc (alt text), no screen-only nav. */
function visibleHtmlWords(html: Buffer): string[] {
  const doc = parseHtml(html);
  // `.languages` is display: none under @media print in templates/style.css.
  for (const el of selectAll<AnyNode, Element>("head, svg title, svg desc, .languages", doc)) removeElement(el);
  return words(withoutSoftHyphens(textContent(doc)));
}

function pdfPages(file: string): string[] {
  const pages = Number(/Pages:\s+(\d+)/.exec(run("pdfinfo", [file]))?.[1]);
  return Array.from({ length: pages }, (_, i) =>
    run("pdftotext", ["-enc", "UTF-8", "-f", String(i + 1), "-l", String(i + 1), file, "-"]),
  );
}

describe("a derived locale's PDF", () => {
  it("kk-Latn: the running footer is in Latin letters like the rest of the page («1-bet / 3», not «1-бет / 3»)", () => {
    const pages = pdfPages(pdfFile("kk-Latn", "briefing"));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((text, i) => {
      const page = text.replace(/\u00a0/g, " ");
      expect(page, `page ${i + 1}`).toContain(`${i + 1}-bet / ${pages.length}`);
      expect(page, `page ${i + 1}`).not.toContain("-бет /");
    });
  });
});

describe("PDF briefings and press releases", () => {
  it.each(LOCALES.flatMap((l) => TEMPLATES.map((t) => [l, t] as const)))(
    "%s %s: the same words as the HTML, running header and Page X of Y on every page",
    (locale, template) => {
      const file = pdfFile(locale, template);
      const pages = pdfPages(file);
      expect(pages.length).toBeGreaterThan(template === "briefing" ? 2 : 1);
      const label = {
        en: (p: number, n: number) => `Page ${p} of ${n}`,
        kk: (p: number, n: number) => `${p}-бет / ${n}`,
        ru: (p: number, n: number) => `Страница ${p} из ${n}`,
      }[locale];
      const headerLeft = {
        en: "RFE/RL’s Kazakh Service",
        kk: "Азаттық радиосы",
        ru: "Радио Азаттык",
      }[locale];
      const date = { en: "February 22, 2020", kk: "2020 ж. 22 ақпан", ru: "22 февраля 2020 г." }[locale];
      const body: string[] = [];
      pages.forEach((text, i) => {
        const page = text.replace(/\u00a0/g, " ");
        const footer = label(i + 1, pages.length);
        expect(page, `page ${i + 1}`).toContain(footer);
        expect(page).toContain(headerLeft);
        expect(page).toContain(date);
        // Drop the running header and footer once each; the rest is the document's own text.
        body.push(...words(page.replace(headerLeft, "").replace(date, "").replace(footer, "")));
      });
      const pdfWords = rejoinHyphenated(body.filter((w) => w !== "•")).map((w) => w.toLocaleLowerCase(locale));
      const htmlWords = visibleHtmlWords(output(`${locale}/${SEED}/${template}.html`)).map((w) =>
        w.toLocaleLowerCase(locale),
      );
      expect(pdfWords).toEqual(htmlWords);
    },
  );

  it("Kazakh letters survive the round trip as Unicode text", () => {
    const text = pdfPages(pdfFile("kk", "briefing")).join("\n");
    for (const letter of "әғқңөұүіӘҒҚҢӨҰҮІ".slice(0, 9)) expect(text, letter).toContain(letter);
    expect(text).toContain("Тоқаев");
    // The suffix after a no-break hyphen (U+2011).
    expect(text).toContain("100\u2011ден астам адам");
  });

  it.each(LOCALES)("%s: every font embedded and subset, with a Unicode map; qpdf finds no damage", (locale) => {
    const file = pdfFile(locale, "briefing");
    const rows = run("pdffonts", [file]).trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(row, row).toMatch(/\bDejaVu\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\b/);
    expect(() => run("qpdf", ["--check", file])).not.toThrow();
  });

  it("document language, title shown in the title bar, metadata, tagged structure", () => {
    const file = pdfFile("kk", "briefing");
    const info = run("pdfinfo", [file]);
    expect(info).toMatch(/Title:\s+Қазақстанда полиция оппозиция митингілеріне/);
    expect(info).toMatch(/Author:\s+Азаттық радиосы/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    expect(info).toMatch(/CreationDate:\s+Sat Feb 22 14:00:00 2020 UTC/);
    const qdf = join(dir, "kk-qdf.pdf");
    run("qpdf", ["--qdf", "--object-streams=disable", file, qdf]);
    const raw = execFileSync("cat", [qdf]).toString("latin1");
    expect(raw).toContain("/Lang (kk)");
    expect(raw).toContain("/DisplayDocTitle true");
    for (const tag of ["/H1", "/H2", "/P", "/L", "/LI", "/Lbl", "/LBody", "/BlockQuote", "/Figure", "/Caption"])
      expect(raw, tag).toContain(`/S ${tag}`);
    const figures = raw.split("endobj").filter((o) => o.includes("/S /Figure"));
    expect(figures).toHaveLength(1);
    for (const f of figures) expect(f).toMatch(/\/Alt <feff/);
    expect(raw).toContain("/Pagination");
  });

  it("SOURCE_DATE_EPOCH sets the creation date, and a rebuild is byte-identical", () => {
    process.env["SOURCE_DATE_EPOCH"] = "1600000000";
    try {
      const a = build({ root: REPO, locales: ["ru"], templates: ["briefing"], formats: ["pdf"] }).outputs.find(
        (o) => o.format === "pdf",
      )!;
      const b = build({ root: REPO, locales: ["ru"], templates: ["briefing"], formats: ["pdf"] }).outputs.find(
        (o) => o.format === "pdf",
      )!;
      expect(a.contents.equals(b.contents)).toBe(true);
      const file = join(dir, "epoch.pdf");
      writeFileSync(file, a.contents);
      expect(run("pdfinfo", [file])).toMatch(/CreationDate:\s+Sun Sep 13 12:26:40 2020 UTC/);
    } finally {
      delete process.env["SOURCE_DATE_EPOCH"];
    }
  });

  it("links are annotations to http(s) and mailto only", () => {
    const qdf = join(dir, "links-qdf.pdf");
    run("qpdf", ["--qdf", "--object-streams=disable", pdfFile("en", "briefing"), qdf]);
    const uris = [
      ...execFileSync("cat", [qdf])
        .toString("latin1")
        .matchAll(/\/URI \((.*?)\)/g),
    ].map((m) => m[1]);
    expect(uris).toEqual(expect.arrayContaining(["https://www.azattyq.org/", "https://pressroom.rferl.org/"]));
    for (const uri of uris) expect(uri).toMatch(/^(https?:|mailto:)/);
  });

  it("--pdf-standard pdf/a-2b adds the PDF/A identification and output intent", () => {
    const pdf = build({
      root: REPO,
      locales: ["kk"],
      templates: ["briefing"],
      formats: ["pdf"],
      pdfStandard: "pdf/a-2b",
    }).outputs.find((o) => o.format === "pdf")!;
    const file = join(dir, "pdfa.pdf");
    const qdf = join(dir, "pdfa-qdf.pdf");
    writeFileSync(file, pdf.contents);
    expect(() => run("qpdf", ["--check", file])).not.toThrow();
    run("qpdf", ["--qdf", "--object-streams=disable", file, qdf]);
    const raw = execFileSync("cat", [qdf]).toString("latin1");
    expect(raw).toContain("<pdfaid:part>2</pdfaid:part>");
    expect(raw).toContain("<pdfaid:conformance>B</pdfaid:conformance>");
    expect(raw).toContain("/OutputIntents");
  });

  it("Letter as an option", () => {
    const pdf = build({
      root: REPO,
      locales: ["en"],
      templates: ["briefing"],
      formats: ["pdf"],
      pageSize: "Letter",
    }).outputs.find((o) => o.format === "pdf")!;
    const file = join(dir, "letter.pdf");
    writeFileSync(file, pdf.contents);
    expect(run("pdfinfo", [file])).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
  });
});

describe("bad input in PDFs", () => {
  it("an unbreakable 20,000-character token is cut to the line and does not hang", () => {
    const root = seedCopy();
    const token = "Ж".repeat(20_000);
    edit(root, `${SEED_DIR}/ru.md`, "Крупные силы полиции", `${token} Крупные силы полиции`);
    // "Does not hang": the test's own time limit; no timed assertion (the machine may be busy).
    const built = build({ root, locales: ["ru"], templates: ["briefing"], formats: ["pdf"] });
    expect(built.errorCount).toBe(0);
    const file = join(dir, "token.pdf");
    writeFileSync(file, built.outputs.find((o) => o.format === "pdf")!.contents);
    const text = pdfPages(file).join("").replace(/\s+/g, "");
    const html = built.outputs.find((o) => o.format === "pdf")!.path.replace(/\.pdf$/, ".html");
    const before = build({ root: REPO, locales: ["ru"], templates: ["briefing"], formats: ["html"] })
      .outputs.find((o) => o.path === html)!
      .contents.toString();
    expect(text.split("Ж").length - 1).toBe(20_000 + before.split("Ж").length - 1);
    expect(text).toContain("Ж".repeat(60));
  }, 180_000);

  it("a character no font has is an error naming the code point and locale, and no PDF is written", () => {
    const root = seedCopy();
    edit(root, `${SEED_DIR}/ru.md`, "Крупные силы полиции", "Крупные 中 силы полиции");
    const built = build({ root, formats: ["pdf"] });
    const d = built.diagnostics.find((x) => x.code === "pdf/missing-glyph");
    expect(d).toMatchObject({
      locale: "ru",
      actual: "U+4E2D",
      file: `${SEED_DIR}/ru.md`,
      line: lineOf(root, `${SEED_DIR}/ru.md`, "Крупные 中"),
      column: 9,
    });
    expect(d?.message).toContain('"中"');
    expect(built.outputs.some((o) => o.locale === "ru" && o.article)).toBe(false);
    expect(built.outputs.some((o) => o.locale === "kk" && o.format === "pdf")).toBe(true);
  });

  it("a simple table: cells side by side, words in reading order, tagged Table/TR/TH/TD", () => {
    const root = seedCopy();
    const table = `<table><thead><tr><th>Город</th><th>Задержано</th></tr></thead><tbody>{{#each figures}}<tr><td>{{label}}</td><td>{{value}}</td></tr>{{/each}}</tbody></table>`;
    edit(root, "templates/briefing.hbs", "{{> figures}}", `{{> figures}}\n${table}`);
    const built = build({ root, locales: ["ru"], templates: ["briefing"] });
    expect(built.diagnostics.filter((d) => d.code.startsWith("pdf/"))).toEqual([]);
    const file = join(dir, "table.pdf");
    writeFileSync(file, built.outputs.find((o) => o.format === "pdf")!.contents);
    const html = built.outputs.find((o) => o.format === "html")!.contents.toString();
    const layout = run("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]);
    // Both cells of a row on one line of the page.
    expect(layout).toMatch(/Город\s+Задержано/);
    expect(layout).toMatch(/задержаны в Актобе\s+10 человек/);
    const plain = pdfPages(file).join("\n");
    expect(words(plain).filter((w) => /^(Город|Задержано)$/.test(w))).toHaveLength(2);
    expect(html).toContain("<th>Город</th>");
    const qdf = join(dir, "table-qdf.pdf");
    run("qpdf", ["--qdf", "--object-streams=disable", file, qdf]);
    const raw = execFileSync("cat", [qdf]).toString("latin1");
    for (const tag of ["/Table", "/THead", "/TBody", "/TR", "/TH", "/TD"]) expect(raw, tag).toContain(`/S ${tag}`);
  });

  it("a span in another language is marked with its own /Lang inside the paragraph", () => {
    const root = projectCopy();
    edit(
      root,
      "templates/briefing.hbs",
      "<h1>{{headline}}</h1>",
      '<h1>{{headline}}</h1>\n<p>Kazakh name of the city: <span lang="kk">Нұр-Сұлтан</span>.</p>',
    );
    const built = build({ root, locales: ["en"], templates: ["briefing"], formats: ["pdf"] });
    const file = join(dir, "span.pdf");
    const qdf = join(dir, "span-qdf.pdf");
    writeFileSync(file, built.outputs.find((o) => o.format === "pdf")!.contents);
    run("qpdf", ["--qdf", "--object-streams=disable", file, qdf]);
    const raw = execFileSync("cat", [qdf]).toString("latin1");
    expect(raw).toMatch(/\/Span <<\s*\/Lang \(kk\)\s*>> BDC[\s\S]{0,400}?EMC/);
    expect(raw.match(/\/Lang \(kk\)/g)).toHaveLength(1);
    expect(pdfPages(file).join(" ")).toContain("Kazakh name of the city: Нұр-Сұлтан.");
  });

  it("an element outside the subset is a warning naming the template, not a silent drop", () => {
    const root = projectCopy();
    edit(
      root,
      "templates/briefing.hbs",
      "<h1>{{headline}}</h1>",
      "<h1>{{headline}}</h1><marquee>{{headline}}</marquee>",
    );
    const built = build({ root, locales: ["en"], templates: ["briefing"] });
    expect(built.diagnostics).toContainEqual(
      expect.objectContaining({ code: "pdf/unsupported-element", file: "templates/briefing.hbs", severity: "warning" }),
    );
    expect(built.diagnostics.find((x) => x.code === "pdf/unsupported-element")?.message).toContain("<marquee>");
  });
});

describe("the PDF engine", () => {
  const html = output(`kk/${SEED}/briefing.html`).toString();
  const meta = {
    lang: "kk",
    title: "Брифинг",
    author: "Outlet",
    creationDate: new Date(0),
    header: ["Outlet", "Date"] as const,
    pageLabel: (page: number, pages: number) => `${page}/${pages}`,
  };

  it("keeps its caches to itself: a fresh engine starts empty and makes the same bytes as a warm one", () => {
    const warm = createPdfEngine();
    const first = renderPdf(html, { engine: warm, meta }).pdf;
    const again = renderPdf(html, { engine: warm, meta }).pdf;
    expect(warm.stylesheets.size).toBe(1);
    expect(warm.fonts.coverage.size).toBeGreaterThan(0);
    expect(warm.fontDescriptors.size).toBeGreaterThan(0);

    const fresh = createPdfEngine();
    expect(fresh.stylesheets.size).toBe(0);
    expect(fresh.fonts.coverage.size).toBe(0);
    expect(fresh.fontDescriptors.size).toBe(0);
    const cold = renderPdf(html, { engine: fresh, meta }).pdf;
    expect(again.equals(first)).toBe(true);
    expect(cold.equals(first)).toBe(true);

    // Each engine opens its own faces and shapes into its own cache.
    const [warmFace] = warm.fonts.faces();
    const [freshFace] = fresh.fonts.faces();
    expect(freshFace === warmFace).toBe(false); // not .not.toBe: that deep-compares two fontkit fonts
    expect(shapeWord(warm.fonts, warmFace!, "Алматы")).toBe(shapeWord(warm.fonts, warmFace!, "Алматы"));
    expect(shapeWord(fresh.fonts, freshFace!, "Алматы")).not.toBe(shapeWord(warm.fonts, warmFace!, "Алматы"));
  });

  it("extracts every word as written, whatever fontkit was asked about the ligatures before", () => {
    // fontkit keeps one Glyph per id with the code points of its first request: a glyph first
    // asked for by id says it stands for no characters. Ask for every glyph so, then set text.
    const engine = createPdfEngine();
    for (const face of engine.fonts.faces()) for (let id = 0; id < face.numGlyphs; id++) face.font.getGlyph(id);
    const [serif] = engine.fonts.faces();
    expect(shapeWithFontkit(serif!, "offers").unicode).toEqual(["o", "ff", "e", "r", "s"]);
    expect(shapeWithFontkit(serif!, "officers").unicode).toEqual(["o", "ff", "i", "c", "e", "r", "s"]);
    expect(shapeWithFontkit(serif!, "fifty").unicode).toEqual(["fi", "f", "t", "y"]);
    const text = "Buchmesse eröffnet offers officers fifty Übersetzungen Ehrengast eingeladen reflect";
    const page = `<!doctype html><html lang="de"><head><title>t</title></head><body><main><p>${text}</p><p><strong>${text}</strong></p></main></body></html>`;
    const file = join(dir, "ligatures.pdf");
    writeFileSync(file, renderPdf(page, { engine, meta: { ...meta, lang: "de" } }).pdf);
    const extracted = run("pdftotext", ["-enc", "UTF-8", file, "-"]).replace(/\s+/g, " ");
    expect(extracted).toContain(`${text} ${text}`);
  });

  it("breaks a word of thousands of ligature letters in linear work, and every letter reads back (hostile input)", () => {
    // Each line's break was found by measuring heads from the word's last break point back, and
    // the whole tail again per line: a 2,400-letter word of fi/ff/fl took 15 s, 100,000 letters
    // more than 10 minutes. Counted here: the characters given to fontkit to shape.
    const word = "officialaffairsofthefifthfloor".repeat(200).slice(0, 4000);
    const engine = createPdfEngine();
    let shaped = 0;
    for (const face of engine.fonts.faces()) {
      const layout = face.font.layout.bind(face.font);
      face.font.layout = ((text: string, ...rest: unknown[]) => {
        shaped += text.length;
        return (layout as (t: string, ...r: unknown[]) => ReturnType<typeof layout>)(text, ...rest);
      }) as typeof face.font.layout;
    }
    const page = `<!doctype html><html lang="en"><head><title>t</title><style>p { hyphens: auto; }</style></head><body><main><p>Start ${word} end.</p></main></body></html>`;
    const file = join(dir, "long-word.pdf");
    writeFileSync(file, renderPdf(page, { engine, meta: { ...meta, lang: "en" } }).pdf);
    expect(shaped).toBeLessThan(100 * word.length);
    const extracted = run("pdftotext", ["-enc", "UTF-8", file, "-"]).replace(/[\s\u00ad]+/g, "");
    expect(extracted).toContain(`Start${word}end.`);
  }, 60_000);

  it("matches glyphs to characters through the cmap: ligatures and alternates, not reordered or decomposed glyphs", () => {
    const own = (char: string) => char.charCodeAt(0) - 96; // a → 1, b → 2, c → 3
    expect(alignedToCharacters([1, 2, 3], ["a", "b", "c"], own)).toEqual(["a", "b", "c"]);
    expect(alignedToCharacters([1, 99, 3], ["a", "b", "c"], own)).toEqual(["a", "b", "c"]);
    expect(alignedToCharacters([99, 3], ["a", "b", "c"], own)).toEqual(["ab", "c"]);
    expect(alignedToCharacters([1, 99], ["a", "b", "c"], own)).toEqual(["a", "bc"]);
    expect(alignedToCharacters([2, 1], ["a", "b"], own)).toBeUndefined();
    expect(alignedToCharacters([1, 50, 51], ["a", "b"], own)).toBeUndefined();
    expect(alignedToCharacters([1, 2], ["a", "b", "c"], own)).toBeUndefined();
    // Two ligatures in a row: each takes the fewest characters the shaper sets as it alone.
    const shape = (text: string) => (text === "ab" ? [99] : [...text].map(own));
    expect(alignedToCharacters([99, 99], ["a", "b", "a", "b"], own, shape)).toEqual(["ab", "ab"]);
    expect(alignedToCharacters([99, 99], ["a", "b", "a", "b"], own)).toBeUndefined();
    // A joiner the shaper removed is dropped, not put on the next letter's glyph.
    expect(alignedToCharacters([1, 2], ["a", "\u200d", "b"], own)).toEqual(["a", "b"]);
    expect(alignedToCharacters([1, 99], ["a", "\u200d", "b", "c"], own)).toEqual(["a", "\u200dbc"]);
  });

  it("asks the cmap once a character and the shaper at most twice a glyph, however long the word (hostile input)", () => {
    // 20,000 characters with no space: 10,000 two-letter ligatures in a row, each matched by
    // asking which characters set it alone. Quadratic work here took 20 s for such a word.
    const chars = [..."ab".repeat(10_000)];
    let cmap = 0;
    let shaped = 0;
    const own = (char: string) => (cmap++, char.charCodeAt(0) - 96);
    const shape = (text: string) => (shaped++, text === "ab" ? [99] : [...text].map((c) => c.charCodeAt(0) - 96));
    const glyphs = Array.from({ length: 10_000 }, () => 99);
    const texts = alignedToCharacters(glyphs, chars, own, shape);
    expect(texts?.length).toBe(10_000);
    expect(texts?.every((t) => t === "ab")).toBe(true);
    expect(cmap).toBe(chars.length);
    expect(shaped).toBeLessThanOrEqual(2 * glyphs.length);
    cmap = 0;
    expect(unalignedText([...glyphs].reverse(), chars, own).join("")).toBe(chars.join(""));
    expect(cmap).toBe(chars.length);
    // A real face: every f of a 20,000-letter word reads back.
    const [serif] = createPdfEngine().fonts.faces();
    expect(shapeWithFontkit(serif!, "f".repeat(20_000)).unicode.join("")).toBe("f".repeat(20_000));
  });

  it("as a last resort keeps each letter's glyph to its letter and puts what is left on another glyph", () => {
    const own = (char: string) => char.charCodeAt(0) - 96;
    // Reordered: each glyph is a letter's own.
    expect(unalignedText([2, 1], ["a", "b"], own)).toEqual(["b", "a"]);
    // Decomposed: b drawn as two glyphs of its own; the first takes it.
    expect(unalignedText([1, 50, 51], ["a", "b"], own)).toEqual(["a", "b", ""]);
    // A character no glyph shows (a joiner) is dropped rather than put on a letter's glyph.
    expect(unalignedText([2, 1], ["a", "\u200d", "b"], own)).toEqual(["b", "a"]);
    expect(unalignedText([99, 98], ["a", "b", "c"], own)).toEqual(["abc", ""]);
  });
});

describe("layout golden files (update with `npx vitest run -u`)", () => {
  it.each(LOCALES)("%s briefing: lines per page", async (locale) => {
    const html = output(`${locale}/${SEED}/briefing.html`).toString();
    const plan = renderPdf(html, {
      engine: createPdfEngine(),
      meta: { lang: locale, title: "", author: "", creationDate: new Date(0), header: ["", ""], pageLabel: () => "" },
    }).plan;
    await expect(describePlan(plan)).toMatchFileSnapshot(`golden/${locale}/briefing.plan.txt`);
  });
});
