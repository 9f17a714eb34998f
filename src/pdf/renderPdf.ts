import { parseDocument } from "htmlparser2";
import { isTag, type Element } from "domhandler";
import { buildBoxes, type BoxProblem } from "./boxes.js";
import { parseStylesheet, type Stylesheet } from "./css.js";
import { length } from "./computeStyle.js";
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

const userAgent = parseStylesheet(USER_AGENT_CSS, -1_000_000);
const sheetCache = new Map<string, Stylesheet>();

/** Lay out an HTML page of the documented subset with its own stylesheet and paint it as a PDF. */
export function renderPdf(
  html: string,
  meta: PdfMeta,
  pageSize: PageSize = "A4",
  imageFor: (src: string) => Buffer | undefined = () => undefined,
  paint = true,
): PdfResult {
  const dom = parseDocument(html);
  const htmlEl = dom.children.find((c): c is Element => isTag(c) && c.name === "html");
  if (!htmlEl) throw new Error("renderPdf needs an <html> document");
  const css = collectStyles(htmlEl);
  let sheet = sheetCache.get(css);
  if (!sheet) {
    sheet = parseStylesheet(css);
    sheetCache.set(css, sheet);
  }
  const problems: BoxProblem[] = [];
  const root = buildBoxes(htmlEl, [userAgent, sheet], problems, imageFor);
  const geometry = pageGeometry(sheet, pageSize);
  const missingGlyphs: MissingGlyphAt[] = [];
  if (!paint) {
    scanGlyphs(root, missingGlyphs);
    return { pdf: Buffer.alloc(0), plan: { geometry, pages: [] }, problems, missingGlyphs };
  }
  const entries = flattenBlocks(root, geometry.left, geometry.width - geometry.left - geometry.right, missingGlyphs);
  const plan = paginate(entries, geometry);
  return { pdf: paintPdf(plan, meta), plan, problems, missingGlyphs };
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
