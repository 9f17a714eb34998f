import PDFDocument from "pdfkit";
import { fontFaces } from "../fonts/fontStack.js";
import { isSafeUrl } from "../core/links.js";
import type { BlockBox } from "./boxes.js";
import type { LayoutPlan, Placed, TextOp } from "./layout.js";
import { ensureTextUnicode, faceFor, widthOf } from "./measure.js";
import { drawSvg } from "./svg.js";

export interface PdfMeta {
  readonly lang: string;
  readonly title: string;
  readonly author: string;
  readonly subject?: string;
  readonly keywords?: string;
  /** Fixed, so the same input gives the same bytes. */
  readonly creationDate: Date;
  /** Running header: left and right text. */
  readonly header: readonly [string, string];
  /** "Page 2 of 5" in the document's language. */
  readonly pageLabel: (page: number, pages: number) => string;
  readonly pdfa?: boolean;
}

type Doc = InstanceType<typeof PDFDocument>;

/**
 * pdfkit writes through Node's Readable stream, which schedules process.nextTick work holding
 * each document; in a synchronous batch every document then stays in memory until the batch
 * ends. Collecting the chunks directly keeps memory flat whatever the batch size.
 */
class CollectedDocument extends PDFDocument {
  override push(chunk: unknown): boolean {
    const self = this as unknown as { collected?: Buffer[] };
    if (chunk !== null && chunk !== undefined) (self.collected ??= []).push(chunk as Buffer);
    return true;
  }

  bytes(): Buffer {
    return Buffer.concat((this as unknown as { collected?: Buffer[] }).collected ?? []);
  }
}
type StructElement = ReturnType<Doc["struct"]>;

/** Paint a layout plan with pdfkit into PDF bytes: tagged, with metadata, fonts embedded and subset. */
export function paintPdf(plan: LayoutPlan, meta: PdfMeta): Buffer {
  const { geometry } = plan;
  const doc = new CollectedDocument({
    size: [geometry.width, geometry.height],
    margin: 0,
    autoFirstPage: false,
    // No default Helvetica: pdfkit would parse its AFM metrics for every document.
    font: "",
    tagged: true,
    lang: meta.lang,
    displayTitle: true,
    pdfVersion: "1.7",
    ...(meta.pdfa ? { subset: "PDF/A-2b" } : {}),
    info: {
      Title: meta.title,
      Author: meta.author,
      ...(meta.subject ? { Subject: meta.subject } : {}),
      ...(meta.keywords ? { Keywords: meta.keywords } : {}),
      Creator: "tilpress",
      Producer: "tilpress (PDFKit)",
      CreationDate: meta.creationDate,
      ModDate: meta.creationDate,
    },
  } as ConstructorParameters<typeof PDFDocument>[0]);
  // Fonts are parsed once per process; each document only registers the shared fontkit objects.
  for (const face of fontFaces()) doc.registerFont(face.name, face.font as unknown as string);

  const root = doc.struct("Document");
  doc.addStructure(root);
  const structs = new Map<BlockBox, StructElement>();
  const structFor = (path: readonly BlockBox[]): StructElement => {
    let parent = root;
    for (const box of path) {
      if (box.structTag === "Document") continue;
      let s = structs.get(box);
      if (!s) {
        const options: Record<string, string> = {};
        if (box.lang && box.lang !== meta.lang) options["lang"] = box.lang;
        if (box.alt) options["alt"] = box.alt;
        s = doc.struct(box.structTag, options);
        parent.add(s);
        structs.set(box, s);
      }
      parent = s;
    }
    return parent;
  };

  const total = plan.pages.length;
  plan.pages.forEach((page, index) => {
    doc.addPage({ size: [geometry.width, geometry.height], margin: 0 });
    runningHeadAndFoot(doc, plan, meta, index + 1, total);
    for (const item of page) paintItem(doc, item, structFor);
  });
  root.end();
  doc.end();
  return doc.bytes();
}

function paintItem(doc: Doc, item: Placed, structFor: (path: readonly BlockBox[]) => StructElement): void {
  for (const d of item.decor) doc.rect(d.x, item.y, d.width, item.height).fill(d.color);
  if (item.type === "rule") {
    doc.rect(item.x, item.y, item.width, item.thickness).fill(item.color);
  } else if (item.type === "line") {
    const label = item.ops.filter((o) => o.label);
    const text = item.ops.filter((o) => !o.label);
    const leaf = structFor(item.path);
    if (label.length && item.block.tag === "li") {
      const lbl = doc.struct("Lbl");
      leaf.add(lbl);
      lbl.add(doc.markStructureContent("Lbl"));
      for (const op of label) drawText(doc, op, item.y);
      doc.endMarkedContent();
      const body = doc.struct("LBody");
      leaf.add(body);
      body.add(doc.markStructureContent("LBody"));
      for (const op of text) drawText(doc, op, item.y);
      doc.endMarkedContent();
    } else {
      const tag = item.block.tag === "li" ? "LBody" : item.block.structTag;
      const target = item.block.tag === "li" ? (() => { const b = doc.struct("LBody"); leaf.add(b); return b; })() : leaf;
      target.add(doc.markStructureContent(tag));
      for (const op of item.ops) drawText(doc, op, item.y);
      doc.endMarkedContent();
    }
    for (const op of text) {
      if (op.href && isSafeUrl(op.href)) doc.link(op.x, item.y, op.width, item.height, op.href);
    }
  } else if (item.type === "image") {
    const leaf = structFor(item.path);
    let figure = leaf;
    if (item.path.at(-1)?.structTag !== "Figure") leaf.add((figure = doc.struct("Figure", { alt: item.image.alt })));
    figure.add(doc.markStructureContent("Figure"));
    doc.image(item.image.data, item.x, item.y, { width: item.width, height: item.height });
    doc.endMarkedContent();
  } else if (item.type === "row") {
    for (const cell of item.cells) for (const entry of cell) paintItem(doc, { ...entry, y: item.y + entry.y } as Placed, structFor);
  } else if (item.type === "svg") {
    const figure = structFor(item.path);
    figure.add(doc.markStructureContent("Figure"));
    const top = item.y;
    doc.save();
    doc.translate(item.x, top).scale(item.scale);
    drawSvg(item.svg.el, {
      save: () => doc.save(),
      restore: () => doc.restore(),
      translate: (x, y) => doc.translate(x, y),
      scale: (s) => doc.scale(s),
      rect: (x, y, w, h, fill) => doc.rect(x, y, w, h).fill(fill),
      line: (x1, y1, x2, y2, stroke, width) => doc.moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).stroke(stroke),
      path: (d, fill, stroke, width) => {
        const p = doc.path(d);
        if (fill && stroke) p.lineWidth(width).fillAndStroke(fill, stroke);
        else if (fill) p.fill(fill);
        else if (stroke) p.lineWidth(width).stroke(stroke);
      },
      text: (text, x, y, faceName, size, fill) => {
        useFont(doc, faceName, text).fontSize(size).fillColor(fill).text(text, x, y, { lineBreak: false, baseline: "alphabetic" });
      },
    });
    doc.restore();
    doc.endMarkedContent();
  }
}

// pdfkit shapes each word once per document and font; sharing its per-face cache across
// documents makes a word shaped once per process (runs are never mutated after creation).
const sharedLayouts = new Map<string, Record<string, unknown>>();

function useFont(doc: Doc, name: string, text: string): Doc {
  const face = fontFaces().find((f) => f.name === name);
  if (face) ensureTextUnicode(face, text);
  doc.font(name);
  const font = (doc as unknown as { _font: { layoutCache?: Record<string, unknown> } })._font;
  let cache = sharedLayouts.get(name);
  if (!cache) sharedLayouts.set(name, (cache = font.layoutCache ?? (Object.create(null) as Record<string, unknown>)));
  if (font.layoutCache !== cache) font.layoutCache = cache;
  return doc;
}

function drawText(doc: Doc, op: TextOp, top: number): void {
  // A span in another language is marked with its own /Lang inside the paragraph's content.
  const span = op.lang !== undefined && op.lang !== documentLang(doc);
  if (span) doc.markContent("Span", { lang: op.lang } as Parameters<Doc["markContent"]>[1]);
  drawRun(doc, op, top);
  if (span) doc.endMarkedContent();
}

function documentLang(doc: Doc): string | undefined {
  return (doc as unknown as { options: { lang?: string } }).options.lang;
}

function drawRun(doc: Doc, op: TextOp, top: number): void {
  useFont(doc, op.face.name, op.text).fontSize(op.size).fillColor(op.color).text(op.text, op.x, top + op.baseline, { lineBreak: false, baseline: "alphabetic", textWidth: op.width, wordCount: 1 } as PDFKit.Mixins.TextOptions);
}

/** Outlet and date on top, "Page X of Y" below: pagination artifacts, not document content. */
function runningHeadAndFoot(doc: Doc, plan: LayoutPlan, meta: PdfMeta, page: number, pages: number): void {
  const g = plan.geometry;
  const face = faceFor({ fontFamily: "sans", fontWeight: "normal", fontStyle: "normal" });
  const size = 7.5;
  doc.markContent("Artifact", { type: "Pagination" });
  const headY = g.top / 2;
  useFont(doc, face.name, meta.header.join("")).fontSize(size).fillColor("#52606d");
  doc.text(meta.header[0], g.left, headY, { lineBreak: false, baseline: "alphabetic" });
  const right = meta.header[1];
  doc.text(right, g.width - g.right - widthOf(face, right, size), headY, { lineBreak: false, baseline: "alphabetic" });
  doc.rect(g.left, headY + 4, g.width - g.left - g.right, 0.5).fill("#d5dbe1");
  const label = meta.pageLabel(page, pages);
  useFont(doc, face.name, label).fontSize(size).fillColor("#52606d");
  doc.text(label, (g.width - widthOf(face, label, size)) / 2, g.height - g.bottom / 2, { lineBreak: false, baseline: "alphabetic" });
  doc.endMarkedContent();
}
