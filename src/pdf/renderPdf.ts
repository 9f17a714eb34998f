import { parseDocument } from "htmlparser2";
import { isTag, type Element } from "domhandler";
import { buildBoxes, type BoxProblem } from "./boxes.js";
import type { Stylesheet } from "./css.js";
import { cachedStylesheet } from "./stylesheetStore.js";
import { cascade, computeStyle, ROOT_STYLE, type ComputedStyle } from "./computeStyle.js";
import { length } from "./cssValues.js";
import type { PdfEngine } from "./engine.js";
import {
  flattenBlocks,
  paginate,
  scanGlyphs,
  type LayoutPlan,
  type MissingGlyphAt,
  type PageGeometry,
} from "./layout.js";
import { paintPdf, type PdfMeta } from "./paint.js";
import { USER_AGENT_CSS } from "./userAgent.js";

export type PageSize = "A4" | "Letter";

const SIZES: Readonly<Record<PageSize, [number, number]>> = { A4: [595.28, 841.89], Letter: [612, 792] };

export interface PdfResult {
  readonly pdf: Buffer;
  readonly plan: LayoutPlan;
  readonly problems: readonly BoxProblem[];
  readonly missingGlyphs: readonly MissingGlyphAt[];
}

// Made from a constant and never changed: the same for every engine, read when first needed.
let userAgentSheet: Stylesheet | undefined;
const userAgentOf = (engine: PdfEngine) =>
  (userAgentSheet ??= cachedStylesheet(USER_AGENT_CSS, "user-agent", engine.toolCache));
/** Stylesheets an engine keeps before it starts afresh. */
const STYLESHEETS_KEPT = 16;

export interface RenderPdfOptions {
  /** Fonts and caches, kept from one document to the next. */
  readonly engine: PdfEngine;
  readonly meta: PdfMeta;
  /** A4 unless given. */
  readonly pageSize?: PageSize;
  /** The bytes of an `<img>`'s `src`; none unless given. */
  readonly imageFor?: (src: string) => Buffer | undefined;
  /**
   * false: lay nothing out and paint nothing, only report the problems and the characters no
   * face has (what `check` needs); the result's `pdf` is empty. true unless given.
   */
  readonly paint?: boolean;
}

/** Lay out an HTML page of the documented subset with its own stylesheet and paint it as a PDF. */
export function renderPdf(html: string, options: RenderPdfOptions): PdfResult {
  const { engine, meta, pageSize = "A4", imageFor = () => undefined, paint = true } = options;
  const dom = parseDocument(html);
  const htmlEl = dom.children.find((c): c is Element => isTag(c) && c.name === "html");
  if (!htmlEl) throw new Error("renderPdf needs an <html> document");
  const sheet = stylesheetOf(engine, collectStyles(htmlEl));
  const problems: BoxProblem[] = [];
  const root = buildBoxes(htmlEl, { engine, sheets: [userAgentOf(engine), sheet], problems, imageFor });
  const geometry = pageGeometry(sheet, pageSize);
  const missingGlyphs: MissingGlyphAt[] = [];
  if (!paint) {
    scanGlyphs(engine.fonts, root, missingGlyphs);
    return { pdf: Buffer.alloc(0), plan: { geometry, pages: [] }, problems, missingGlyphs };
  }
  const width = geometry.width - geometry.left - geometry.right;
  // The document's language (the root box is <body>): which hyphenation rules its words follow.
  const lang = htmlEl.attribs["lang"] ?? meta.lang;
  const entries = flattenBlocks(root, { engine, x: geometry.left, width, missing: missingGlyphs, lang });
  const plan = paginate(entries, geometry);
  return { pdf: paintPdf(plan, { engine, meta }), plan, problems, missingGlyphs };
}

function stylesheetOf(engine: PdfEngine, css: string): Stylesheet {
  let sheet = engine.stylesheets.get(css);
  if (!sheet) {
    if (engine.stylesheets.size >= STYLESHEETS_KEPT) engine.stylesheets.clear();
    sheet = cachedStylesheet(css, "author", engine.toolCache);
    engine.stylesheets.set(css, sheet);
  }
  return sheet;
}

function collectStyles(el: Element): string {
  let css = "";
  const walk = (node: Element) => {
    for (const c of node.children) {
      if (!isTag(c)) continue;
      if (c.name === "style") css += c.children.map((t) => ("data" in t ? String(t.data) : "")).join("");
      else if (c.name === "head") walk(c);
    }
  };
  walk(el);
  return css;
}

/** Page size from the option; margins from the stylesheet's `@page`, else 2 cm. */
function pageGeometry(sheet: Stylesheet, size: PageSize): PageGeometry {
  const [width, height] = SIZES[size];
  const margin = sheet.page
    .filter((d) => d.property === "margin")
    .at(-1)
    ?.value.split(/\s+/) ?? ["20mm"];
  const [t, r = t, b = t, l = r] = margin.map((v) => length(v, 12, 12, width) ?? 56.69) as [
    number,
    number?,
    number?,
    number?,
  ];
  return { width, height, top: t, right: r!, bottom: b!, left: l! };
}

/** One element of a page and the style the PDF gives it. */
export interface ElementStyle {
  readonly tag: string;
  readonly style: ComputedStyle;
}

/**
 * The style the PDF engine computes for every element of an HTML page, in document order,
 * outside inline SVG (drawn from its attributes): the same cascade and inheritance as
 * `renderPdf`, including elements under `display: none` (never laid out). What the Chromium
 * comparison test (tests/css-chromium.test.ts) holds against `getComputedStyle`.
 */
export function elementStyles(html: string, options: { readonly engine: PdfEngine }): ElementStyle[] {
  const { engine } = options;
  const dom = parseDocument(html);
  const htmlEl = dom.children.find((c): c is Element => isTag(c) && c.name === "html");
  if (!htmlEl) throw new Error("elementStyles needs an <html> document");
  const sheets = [userAgentOf(engine), stylesheetOf(engine, collectStyles(htmlEl))];
  const rootStyle = computeStyle(engine, cascade(engine, htmlEl, sheets), ROOT_STYLE, ROOT_STYLE.fontSize);
  const out: ElementStyle[] = [{ tag: htmlEl.name, style: rootStyle }];
  const walk = (el: Element, parent: ComputedStyle) => {
    for (const child of el.children) {
      if (!isTag(child)) continue;
      const style = computeStyle(engine, cascade(engine, child, sheets), parent, rootStyle.fontSize);
      out.push({ tag: child.name, style });
      if (child.name !== "svg") walk(child, style);
    }
  };
  walk(htmlEl, rootStyle);
  return out;
}
