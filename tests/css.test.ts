import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPdfEngine } from "../src/pdf/engine.js";
import { parseDocument } from "htmlparser2";
import { isTag, type Element } from "domhandler";
import { parseInlineStyle, parseStylesheet, type Stylesheet } from "../src/pdf/css.js";
import { revivedStylesheet, storedStylesheet } from "../src/pdf/stylesheetStore.js";
import { USER_AGENT_CSS } from "../src/pdf/userAgent.js";
import { elementStyles, renderPdf } from "../src/pdf/renderPdf.js";
import { REPO, seedCopy, SEED } from "./helpers.js";

const BIN = join(REPO, "bin/tilpress.js");

/** The PDF engine's style of the first element with this tag (and class) on a page with `css`. */
function styleOf(css: string, body: string, tag: string, className?: string) {
  const html = `<!DOCTYPE html><html lang="en"><head><style>${css}</style></head><body>${body}</body></html>`;
  const all = elementStyles(html, { engine: createPdfEngine() });
  const found = all.filter((e) => e.tag === tag);
  const el = className === undefined ? found[0] : found[Number(className)];
  if (!el) throw new Error(`no <${tag}>`);
  return el.style;
}

describe("the PDF's cascade", () => {
  it("matches :is(), :not(), :where(), attribute selectors and every combinator", () => {
    const css = `
:is(h1, h2) { color: #ff0000 }
p:not(.lede) { color: #00ff00 }
[data-kind="note"] { color: #0000ff }
a[href^="https:"] { color: #112233 }
section > p { font-style: italic }
h2 + p { font-weight: bold }
h2 ~ ul { text-align: right }
article p { text-transform: uppercase }`;
    const body = `<h1>a</h1><section><h2>b</h2><p class="lede">c</p><p>d</p><ul><li>x</li></ul></section>
<article><div><p data-kind="note">e <a href="https://example.org">f</a></p></div></article>`;
    expect(styleOf(css, body, "h1").color).toBe("#ff0000");
    expect(styleOf(css, body, "h2").color).toBe("#ff0000");
    const lede = styleOf(css, body, "p", "0");
    expect([lede.color, lede.fontStyle, lede.fontWeight]).toEqual(["#000000", "italic", "bold"]);
    const second = styleOf(css, body, "p", "1");
    expect([second.color, second.fontStyle, second.fontWeight]).toEqual(["#00ff00", "italic", "normal"]);
    expect(styleOf(css, body, "ul").textAlign).toBe("right");
    const note = styleOf(css, body, "p", "2");
    // [data-kind] (0,1,0) and p:not(.lede) (0,1,1): the second is more specific.
    expect([note.color, note.fontStyle, note.textTransform]).toEqual(["#00ff00", "normal", "uppercase"]);
    expect(styleOf(css, body, "a").color).toBe("#112233");
  });

  it("orders by specificity (:is() counts its most specific argument, :where() nothing), then source order", () => {
    const body = `<p id="x" class="c">t</p>`;
    expect(styleOf(`:is(#x, p) { color: #ff0000 } .c.c { color: #00ff00 }`, body, "p").color).toBe("#ff0000");
    expect(styleOf(`:where(#x) { color: #ff0000 } p { color: #00ff00 }`, body, "p").color).toBe("#00ff00");
    expect(styleOf(`p { color: #ff0000 } p { color: #00ff00 }`, body, "p").color).toBe("#00ff00");
  });

  it("!important wins over specificity and the style attribute; a normal style attribute over any selector", () => {
    const body = `<p id="x" style="color: #0000ff">t</p>`;
    expect(styleOf(`#x#x { color: #ff0000 }`, body, "p").color).toBe("#0000ff");
    expect(styleOf(`p { color: #ff0000 !important } #x { color: #00ff00 }`, body, "p").color).toBe("#ff0000");
    const important = `<p id="x" style="color: #0000ff !important">t</p>`;
    expect(styleOf(`#x { color: #ff0000 !important }`, important, "p").color).toBe("#0000ff");
  });

  it("the page's rules beat the user agent's whatever their specificity", () => {
    // The user agent sets `blockquote` margins; a universal rule of the page (0,0,0) still wins.
    expect(styleOf(`* { margin: 0 }`, `<blockquote>q</blockquote>`, "blockquote").margin.left).toBe(0);
  });

  it("inherits the subset's inherited properties, and inherit / initial / unset", () => {
    const css = `div { color: #ff0000; margin-left: 10pt; font-size: 20pt }
span { margin-left: inherit } em { color: initial } b { color: unset }`;
    const body = `<div><p>a <span>b</span> <em>c</em> <b>d</b></p></div>`;
    expect(styleOf(css, body, "p").color).toBe("#ff0000");
    expect(styleOf(css, body, "p").fontSize).toBe(20);
    expect(styleOf(css, body, "p").margin.left).toBe(0);
    // `inherit` on a property that is not inherited takes the parent's (the p's 0).
    expect(styleOf(css, body, "span").margin.left).toBe(0);
    expect(styleOf(css, body, "em").color).toBe("#000000");
    expect(styleOf(css, body, "b").color).toBe("#ff0000");
    const nested = styleOf(`div { margin-left: 10pt } p { margin-left: inherit }`, `<div><p>a</p></div>`, "p");
    expect(nested.margin.left).toBe(10);
  });

  it("line-height: a number is inherited as a multiple, a length (em, %) as that length", () => {
    const css = `div { font-size: 10pt; line-height: 15pt } h2 { font-size: 20pt } section { line-height: 150% }`;
    const body = `<div><h2>a</h2></div><section><h2>b</h2></section><p>c</p>`;
    const fixed = styleOf(css, body, "h2", "0");
    expect(fixed.lineHeight * fixed.fontSize).toBeCloseTo(15);
    // 150% of the section's 12pt is 18pt, which its h2 inherits.
    const percent = styleOf(css, body, "h2", "1");
    expect(percent.lineHeight * percent.fontSize).toBeCloseTo(18);
    const multiple = styleOf(`body { line-height: 1.5 } h2 { font-size: 20pt }`, `<h2>a</h2>`, "h2");
    expect(multiple.lineHeight * multiple.fontSize).toBeCloseTo(30);
  });

  it("drops a declaration it cannot honour and keeps the one it overrode (display: grid keeps h1 a block)", () => {
    const h1 = styleOf(`h1 { display: grid; color: red background: blue }`, `<h1>t</h1>`, "h1");
    expect(h1.display).toBe("block");
    expect(h1.color).toBe("#000000");
  });
});

describe("a style attribute outside the subset", () => {
  it("is a warning naming the element and the declaration, and the rest of the attribute applies", () => {
    const html = `<!DOCTYPE html><html lang="en"><head></head><body><p style="display: grid; color: #00ff00; colr: red">t</p></body></html>`;
    const meta = {
      lang: "en",
      title: "t",
      author: "a",
      keywords: "",
      creationDate: new Date(0),
      header: ["a", "b"] as const,
    };
    const result = renderPdf(html, {
      engine: createPdfEngine(),
      meta: { ...meta, pageLabel: () => "1" },
      paint: false,
    });
    expect(result.problems.map((p) => [p.code, p.message])).toEqual([
      [
        "pdf/unsupported-css",
        "`display: grid` (in `the style attribute of <p>`) is outside the PDF's subset, where `display` takes block, inline, list-item, none, table, table-row, table-cell, flex (laid out as block); left out of PDFs",
      ],
      [
        "pdf/unsupported-css",
        "CSS property `colr` (in `the style attribute of <p>`) is outside the PDF's subset; left out of PDFs",
      ],
    ]);
    expect(elementStyles(html, { engine: createPdfEngine() }).find((e) => e.tag === "p")?.style.color).toBe("#00ff00");
  });
});

describe("a project's stylesheet outside the subset (tilpress build)", () => {
  it("warns once per problem at its line and column, naming the selector or property; :is(h1, h2) is red in the PDF", () => {
    const root = seedCopy();
    const style = join(root, "templates/style.css");
    const before = readFileSync(style, "utf8").split("\n").length;
    appendFileSync(
      style,
      [
        ":is(h1, h2) { color: #ff0000 }",
        "h1 { display: grid }",
        ".standfirst { color: #123456 font-size: 2rem }",
        ".lede { A; font-weight: bold }",
        "p::first-line { color: #00ff00 }",
        "@font-face { font-family: X; src: url(x.woff2) }",
        ".dateline { font-variant: small-caps }",
        "",
      ].join("\n"),
    );
    const line = (n: number) => before - 1 + n;
    const r = spawnSync(
      process.execPath,
      [BIN, "build", "--root", root, "--reporter", "json", "--template", "briefing"],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] };
    const css = report.diagnostics
      .filter((d) => String(d["code"]).endsWith("-css"))
      .map((d) => [d["code"], d["file"], d["line"], d["column"], d["article"], d["message"]]);
    expect(css).toEqual([
      [
        "pdf/unsupported-css",
        "templates/style.css",
        line(2),
        6,
        null,
        "`display: grid` (in `h1`) is outside the PDF's subset, where `display` takes block, inline, list-item, none, table, table-row, table-cell, flex (laid out as block); left out of PDFs",
      ],
      [
        "pdf/invalid-css",
        "templates/style.css",
        line(3),
        15,
        null,
        "`color: #123456 font-size: 2rem` (in `.standfirst`) is not valid CSS; browsers drop it, and so do PDFs",
      ],
      [
        "pdf/invalid-css",
        "templates/style.css",
        line(4),
        10,
        null,
        "CSS syntax error: colon is expected (in `.lede`); browsers skip to the next `;` or `}`, and so do PDFs",
      ],
      [
        "pdf/unsupported-css",
        "templates/style.css",
        line(5),
        1,
        null,
        "Selector `p::first-line` uses the pseudo-element `::first-line`, which PDFs do not match; its rule is left out",
      ],
      ["pdf/unsupported-css", "templates/style.css", line(6), 1, null, "At-rule `@font-face` is not applied in PDFs"],
      [
        "pdf/unsupported-css",
        "templates/style.css",
        line(7),
        13,
        null,
        "CSS property `font-variant` (in `.dateline`) is outside the PDF's subset; left out of PDFs",
      ],
    ]);
    // The headline is set in red: its fill colour in the page's content stream.
    const pdf = join(root, "dist", "en", SEED, "briefing.pdf");
    const qdf = join(root, "briefing-qdf.pdf");
    execFileSync("qpdf", ["--qdf", "--object-streams=disable", pdf, qdf]);
    expect(readFileSync(qdf).toString("latin1")).toMatch(/\n1 0 0 rg\n/);
  });
});

describe("a hostile stylesheet", () => {
  it("nested thousands deep is left out whole with one located problem, not a stack overflow", () => {
    const deep = `p { color: red }\n/* { { ( */\n${"@media print {".repeat(5000)}h1{color:red}${"}".repeat(5000)}`;
    const sheet = parseStylesheet(deep);
    expect(sheet.rules).toEqual([]);
    expect(sheet.problems).toEqual([
      {
        code: "pdf/invalid-css",
        message:
          "the stylesheet nests blocks, brackets or parentheses more than 128 levels deep; PDFs leave the whole stylesheet out",
        line: 3,
        column: 14 * 128 + 14,
      },
    ]);
    const selectors = `${":is(".repeat(2000)}h1${")".repeat(2000)} { color: red }`;
    expect(parseStylesheet(selectors).problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ["pdf/invalid-css", 1, 4 * 128 + 4],
    ]);
    // Nesting a real sheet uses stays as it was.
    expect(parseStylesheet("@media print { h1 { color: red } }").rules).toHaveLength(1);
  });
});

describe("stylesheets kept in the tool cache", () => {
  const SHEET = `${readFileSync(join(REPO, "templates/style.css"), "utf8")}
@media print { .lede, h2 + p { color: #123456 } }
@media screen { p { color: #ff0000 } }
@page { margin: 15mm 20mm }
#masthead > .title, article p:first-child { font-weight: bold }
p::first-line { color: red }
@font-face { font-family: x; src: url(x.woff) }
h3 { display: grid; colour: red; margin: 1px 2px 3px 4px 5px }
h4 { color: #00f;; font-style: slanted }
`;
  /** Every page element's tag and classes, from the bundled story's English page. */
  const page = readFileSync(join(REPO, "tests/golden/en/kazakhstan-rallies-2020-02-22/briefing.html"), "utf8");

  it("a stored stylesheet is the parsed one: its rules, index, @page, problems, and what each selector matches", () => {
    for (const [css, origin] of [
      [SHEET, "author"],
      [USER_AGENT_CSS, "user-agent"],
    ] as const) {
      const parsed = parseStylesheet(css, { origin });
      expect(parsed.rules.length).toBeGreaterThan(10);
      const revived = revivedStylesheet(JSON.stringify(storedStylesheet(parsed)))!;
      const plain = (sheet: Stylesheet) => ({
        rules: sheet.rules.map(({ matches: _m, ...rule }) => rule),
        page: sheet.page,
        problems: sheet.problems,
        index: [sheet.index.byId, sheet.index.byClass, sheet.index.byTag].map((map) =>
          [...map].map(([key, rules]) => [key, rules.map((r) => r.order)]),
        ),
        other: sheet.index.other.map((r) => r.order),
      });
      expect(plain(revived)).toEqual(plain(parsed));
      if (origin === "author") {
        expect(parsed.problems.length).toBeGreaterThanOrEqual(4);
        expect(parsed.page.at(-1)).toEqual({ property: "margin", value: "15mm 20mm", important: false });
      }
      // Every rule matches the same elements of a real page after the round trip.
      const elements: Element[] = [];
      const walk = (nodes: readonly unknown[]) => {
        for (const node of nodes)
          if (isTag(node as Element)) {
            elements.push(node as Element);
            walk((node as Element).children);
          }
      };
      walk(parseDocument(page).children);
      expect(elements.length).toBeGreaterThan(100);
      const matched = (sheet: Stylesheet) => sheet.rules.map((r) => elements.filter((el) => r.matches(el)).length);
      expect(matched(revived)).toEqual(matched(parsed));
      expect(matched(parsed).some((n) => n > 0)).toBe(true);
    }
  });

  it("an entry that is not a stored stylesheet is no entry", () => {
    expect(revivedStylesheet("{")).toBeUndefined();
    expect(revivedStylesheet(JSON.stringify({ rules: [{ selector: "p" }] }))).toBeUndefined();
    const stored = storedStylesheet(parseStylesheet("p { color: red }"));
    const wrongIndex = { ...stored, index: { ...stored.index, other: [5] } };
    expect(revivedStylesheet(JSON.stringify(wrongIndex))).toBeUndefined();
  });

  it("a Markdown table cell's alignment is read as css-tree reads it, without css-tree", () => {
    for (const align of ["left", "right", "center"]) {
      const fast = parseInlineStyle(`text-align:${align}`);
      // With a trailing semicolon the attribute is css-tree's to read.
      expect(fast).toEqual(parseInlineStyle(`text-align:${align};`));
      expect(fast.declarations).toEqual([{ property: "text-align", value: align, important: false }]);
    }
    expect(parseInlineStyle("text-align:middle").problems).toHaveLength(1);
  });
});
