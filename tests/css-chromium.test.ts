import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ComputedStyle } from "../src/pdf/computeStyle.js";
import { createPdfEngine } from "../src/pdf/engine.js";
import { elementStyles } from "../src/pdf/renderPdf.js";
import { launchChromium, REPO, SEED } from "./helpers.js";
import { everyKind, FIXTURES } from "./kindFixtures.js";

/**
 * The PDF engine's cascade against Chromium's: every element of a page of each bundled template
 * (in print media, as the PDF applies `@media print`), each property of the subset, compared
 * after normalising units (px → pt) and colours (rgb() → #rrggbb).
 */
const LOCALES = ["en", "kk", "ru"] as const;
const PAGES = [{ article: SEED, page: "briefing" }, ...FIXTURES.map((f) => ({ article: f.id, page: f.page }))];

/** What Chromium reports, per element, for the subset: getComputedStyle's values as strings. */
const PROPERTIES = [
  "display",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "color",
  "line-height",
  "text-align",
  "text-transform",
  "list-style-type",
  "margin-top",
  "margin-right",
  "margin-bottom",
  "margin-left",
  "padding-top",
  "padding-right",
  "padding-bottom",
  "padding-left",
  "border-top-width",
  "border-top-color",
  "border-bottom-width",
  "border-bottom-color",
  "border-left-width",
  "border-left-color",
  "background-color",
  "break-before",
  "break-after",
  "break-inside",
  "orphans",
  "widows",
  "hyphens",
] as const;
type Property = (typeof PROPERTIES)[number];

/**
 * Differences that are by design, each with its reason. Key: `<tag> <property>` (`*` for any
 * element), value: the Chromium value and the PDF's, normalised as `compare` writes them, or
 * for a length the most they may differ by, in points.
 */
interface Allowed {
  readonly chromium?: string;
  readonly pdf?: string;
  readonly within?: number;
  readonly why: string;
}
const ALLOWED: Readonly<Record<string, Allowed>> = {
  "* display": {
    chromium: "flex",
    pdf: "block",
    why: "flex is laid out as block (docs/html-subset.md): the masthead's and language list's items stack",
  },
  "small font-size": {
    within: 0.5,
    why: "Chromium's user agent sets `small` (and so what is inside it) to `smaller`, from its font-size table; the PDF's, to 0.83em",
  },
  "small line-height": { within: 0.5 * 1.55, why: "follows from the font size, times the page's 1.55" },
  "svg font-family": {
    chromium: "sans",
    pdf: "serif",
    why: "Chromium reads the svg's font-family attribute as style; the PDF draws the chart's text from its attributes (svg.ts)",
  },
  "thead display": {
    chromium: "table-header-group",
    pdf: "block",
    why: "the PDF lays a table out as blocks of rows; thead rows are repeated on each page by the table layout",
  },
  "tbody display": { chromium: "table-row-group", pdf: "block", why: "as thead: a group of rows is a block" },
  "caption display": {
    chromium: "table-caption",
    pdf: "block",
    why: "the PDF sets the caption as a block above the rows, kept with the first one",
  },
};

let root: string;
let context: BrowserContext;
let page: Page;
let closeBrowser: (() => Promise<void>) | undefined;

beforeAll(async () => {
  root = everyKind();
  execFileSync(process.execPath, [join(REPO, "bin/tilpress.js"), "build", "--root", root, "--format", "html"], {
    stdio: "pipe",
  });
  ({ context, close: closeBrowser } = await launchChromium());
  page = context.pages()[0] ?? (await context.newPage());
  await page.emulateMedia({ media: "print" });
}, 120_000);

afterAll(async () => {
  await closeBrowser?.();
});

/** Chromium's computed values for every element outside inline SVG, in document order. */
async function chromiumStyles(
  file: string,
): Promise<{ tag: string; className: string; inSmall: boolean; values: string[] }[]> {
  await page.goto(pathToFileURL(file).href);
  // Run in the page, as text: the tests are typed without the DOM library.
  return page.evaluate(`(() => {
    const properties = ${JSON.stringify(PROPERTIES)};
    const out = [];
    for (const el of document.querySelectorAll("*")) {
      if (el.closest("svg") && el.localName !== "svg") continue;
      const style = getComputedStyle(el);
      out.push({
        tag: el.localName,
        className: el.getAttribute("class") ?? "",
        inSmall: el.closest("small") !== null,
        values: properties.map((p) => style.getPropertyValue(p)),
      });
    }
    return out;
  })()`);
}

const pt = (px: string) => (px === "" || px === "normal" ? px : Number.parseFloat(px) * 0.75);
const hex = (rgb: string): string => {
  const m = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(rgb);
  if (!m) return rgb;
  if (m[4] !== undefined && Number(m[4]) === 0) return "transparent";
  return `#${[m[1], m[2], m[3]].map((c) => Number(c).toString(16).padStart(2, "0")).join("")}`;
};

/** Chromium's value and the PDF's for one property, both normalised to the PDF's terms. */
function compare(property: Property, chromium: string, s: ComputedStyle): [string, string] {
  const num = (n: number) => String(Math.round(n * 100) / 100);
  const side = (p: string) => p.split("-").at(-1) as "top" | "right" | "bottom" | "left";
  const border = (p: string) =>
    p.startsWith("border-top") ? s.borderTop : p.startsWith("border-bottom") ? s.borderBottom : s.borderLeft;
  switch (property) {
    case "display":
      return [chromium, s.display];
    case "font-family": {
      const first = chromium.split(",")[0]!.replace(/"/g, "").trim().toLowerCase();
      return [first.includes("sans") ? "sans" : "serif", s.fontFamily];
    }
    case "font-size":
      return [num(pt(chromium) as number), num(s.fontSize)];
    case "font-weight":
      return [Number(chromium) >= 600 ? "bold" : "normal", s.fontWeight];
    case "font-style":
      return [chromium === "oblique" ? "italic" : chromium, s.fontStyle];
    case "color":
      return [hex(chromium), s.color];
    case "line-height":
      // `normal` is the font's own spacing; the PDF sets it as 1.2 (docs/html-subset.md).
      return [num(chromium === "normal" ? 1.2 * s.fontSize : (pt(chromium) as number)), num(s.lineHeight * s.fontSize)];
    case "text-align":
      return [chromium === "start" ? "left" : chromium, s.textAlign];
    case "text-transform":
      return [chromium, s.textTransform];
    case "list-style-type":
      return [chromium, s.listStyleType];
    case "margin-top":
    case "margin-right":
    case "margin-bottom":
    case "margin-left":
      return [num(pt(chromium) as number), num(s.margin[side(property)])];
    case "padding-top":
    case "padding-right":
    case "padding-bottom":
    case "padding-left":
      return [num(pt(chromium) as number), num(s.padding[side(property)])];
    case "border-top-width":
    case "border-bottom-width":
    case "border-left-width":
      return [num(pt(chromium) as number), num(border(property)?.width ?? 0)];
    case "border-top-color":
    case "border-bottom-color":
    case "border-left-color":
      // A colour only matters where there is a border.
      return border(property) ? [hex(chromium), border(property)!.color] : ["", ""];
    case "background-color": {
      const c = hex(chromium);
      return [c === "transparent" || c === "#ffffff" ? "none" : c, s.background ?? "none"];
    }
    case "break-before":
    case "break-after":
      return [
        chromium === "avoid-page" ? "avoid" : chromium,
        property === "break-before" ? s.breakBefore : s.breakAfter,
      ];
    case "break-inside":
      return [chromium === "avoid-page" ? "avoid" : chromium, s.breakInside];
    case "orphans":
      return [chromium, String(s.orphans)];
    case "widows":
      return [chromium, String(s.widows)];
    case "hyphens":
      return [chromium, s.hyphens];
  }
}

describe("the PDF's computed style is Chromium's (print media)", () => {
  for (const locale of LOCALES)
    for (const { article, page: template } of PAGES)
      it(`${locale}/${article}/${template}.html`, async () => {
        const file = join(root, "dist", locale, article, `${template}.html`);
        const ours = elementStyles(readFileSync(file, "utf8"), { engine: createPdfEngine() });
        const theirs = await chromiumStyles(file);
        // The same elements in the same order (no element the HTML parser adds or drops).
        expect(ours.map((e) => e.tag)).toEqual(theirs.map((e) => e.tag));
        const differences: string[] = [];
        theirs.forEach((el, i) => {
          const style = ours[i]!.style;
          PROPERTIES.forEach((property, p) => {
            const [chromium, pdf] = compare(property, el.values[p]!, style);
            if (chromium === pdf) return;
            // Lengths: Chromium keeps them in fractions of a pixel (1/64), a rounding apart.
            if (/^[\d.-]+$/.test(chromium) && Math.abs(Number(chromium) - Number(pdf)) <= 0.02) return;
            for (const key of [`${el.inSmall ? "small" : el.tag} ${property}`, `* ${property}`]) {
              const allowed = ALLOWED[key];
              if (!allowed) continue;
              const near = allowed.within !== undefined && Math.abs(Number(chromium) - Number(pdf)) <= allowed.within;
              if (near || (allowed.chromium === chromium && allowed.pdf === pdf)) return;
            }
            differences.push(`#${i} <${el.tag} class="${el.className}"> ${property}: Chromium ${chromium}, PDF ${pdf}`);
          });
        });
        expect(differences.join("\n")).toBe("");
        // Every page compares dozens of elements (48 on the smallest), so the comparison did run.
        expect(theirs.length).toBeGreaterThan(40);
      });
});
