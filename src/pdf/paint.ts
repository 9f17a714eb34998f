// Before fontkit and pdfkit load (see there).
import "../core/deferredModules.js";
import { createRequire } from "node:module";
import type PDFDocument from "pdfkit";
import { isSafeUrl } from "../core/links.js";
import type { BlockBox } from "./boxes.js";
import type { PdfEngine } from "./engine.js";
import type { LayoutPlan, PageGeometry, Placed, TextOp } from "./layout.js";
import { widthOf } from "./measure.js";
import { splitByFace } from "../fonts/fontStack.js";
import { isPng, ONE_PIXEL_PNG, openPng, pngPrototypes, type PngPrototypes } from "./pngImage.js";
import { deflateForPdf } from "./deflate.js";
import { DocumentFonts } from "./pdfFonts.js";
import { pdfProfile, type PdfStandard } from "./pdfStandard.js";
import { drawSvg } from "./svg.js";
import { xmpInfo, type XmpInfo } from "./xmp.js";

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
  /** Write the PDF to this PDF/A level. */
  readonly pdfStandard?: PdfStandard;
}

type Doc = InstanceType<typeof PDFDocument>;
type PdfKit = typeof PDFDocument;

/** pdfkit's image as `openImage` makes it: parsed once, embedded into one document. */
interface PdfkitImage {
  label: string;
}

/**
 * pdfkit parses a PNG again for each document that shows it (png-js copied the image data byte
 * by byte: 8 % of a whole build's CPU on the generated corpus then), and an article's languages
 * show the same photos. The parsed image is kept by the engine; each document gets an object of its
 * own on top of it, labelled as `openImage` would label it, which its embedding writes to.
 */
function openedImage(doc: Doc, engine: PdfEngine, data: Buffer): PdfkitImage {
  const internals = doc as unknown as PdfkitImages;
  const parsed = engine.images.get(data) as PdfkitImage | undefined;
  if (!parsed) {
    // A PNG without png-js's byte-by-byte copy (src/pdf/pngImage.ts); a JPEG as pdfkit opens it.
    const image = isPng(data)
      ? openPng(data, `I${++internals._imageCount}`, (pngClasses ??= pngClassesOf(internals)))
      : internals.openImage(data);
    engine.images.set(data, image);
    return Object.assign(Object.create(image) as PdfkitImage, { label: image.label });
  }
  return Object.assign(Object.create(parsed) as PdfkitImage, { label: `I${++internals._imageCount}` });
}

interface PdfkitImages {
  openImage(data: Buffer): PdfkitImage;
  _imageCount: number;
}

/** pdfkit's and png-js's classes, the same for every document: from a 1×1 PNG pdfkit opens once. */
let pngClasses: PngPrototypes | undefined;

function pngClassesOf(internals: PdfkitImages): PngPrototypes {
  const count = internals._imageCount;
  const opened = internals.openImage(ONE_PIXEL_PNG);
  internals._imageCount = count; // the document's own images keep their labels
  return pngPrototypes(opened);
}

/** pdfkit's PDFReference internals that `ref()` below adjusts. */
interface StreamRef {
  compress: boolean;
  buffer: Uint8Array[];
  data: Record<string, unknown>;
  finalize(): void;
}

/**
 * pdfkit writes through Node's Readable stream, which schedules process.nextTick work holding
 * each document; in a synchronous batch every document then stays in memory until the batch
 * ends. Collecting the chunks directly keeps memory flat whatever the batch size. The class is
 * made when the first PDF is painted: `check` lays pages out and paints none, so it never loads
 * pdfkit (23 ms of its cold start).
 */
let collectedDocument: ReturnType<typeof makeCollectedDocument> | undefined;

function makeCollectedDocument(PDFDocument: PdfKit) {
  return class CollectedDocument extends PDFDocument {
    /**
     * Page content is gathered as strings and handed to pdfkit once per page: pdfkit converts each
     * string it is given to bytes one character at a time, and a page has thousands of them.
     */
    private pendingContent: string[] = [];

    override addContent(data: string): this {
      this.pendingContent.push(data);
      return this;
    }

    /** pdfkit ends pages (and writes their closing marks) here, on a new page and at the end. */
    override flushPages(): void {
      if (this.pendingContent.length) {
        const page = (this as unknown as { page: { write(chunk: Uint8Array): void } }).page;
        page.write(Buffer.from(`${this.pendingContent.join("\n")}\n`, "latin1"));
        this.pendingContent = [];
      }
      super.flushPages();
    }

    /** Every stream is deflated by `deflateForPdf` (level 1, window sized to the data), not pdfkit. */
    override ref(data?: Record<string, unknown>): PDFKit.PDFKitReference {
      const ref = super.ref(data ?? {}) as unknown as StreamRef;
      if (ref.compress) {
        // pdfkit may turn compression off after making the ref (the XMP metadata stream, which
        // PDF/A requires uncompressed): the flag is read when the stream is written, not now.
        let deflate = true;
        Object.defineProperty(ref, "compress", {
          get: () => false,
          set: (value: boolean) => {
            deflate = value;
          },
        });
        const finalize = ref.finalize;
        ref.finalize = function (this: StreamRef) {
          if (deflate && this.buffer.length) {
            this.buffer = [deflateForPdf(Buffer.concat(this.buffer))];
            this.data["Filter"] = "FlateDecode";
          }
          finalize.call(this);
        };
      }
      return ref as unknown as PDFKit.PDFKitReference;
    }

    /** pdfkit's XMP repeating the Info dictionary, escaped and complete (see xmp.ts). */
    _addInfo(): void {
      const self = this as unknown as { info: XmpInfo; appendXML(xml: string): void };
      self.appendXML(xmpInfo(self.info));
    }

    /** pdfkit's writer for serialized objects, with Node's native string-to-bytes conversion. */
    _write(data: Uint8Array | string): void {
      const bytes = typeof data === "string" ? Buffer.from(`${data}\n`, "latin1") : data;
      this.push(bytes);
      (this as unknown as { _offset: number })._offset += bytes.length;
    }

    override push(chunk: unknown): boolean {
      const self = this as unknown as { collected?: Buffer[] };
      if (chunk !== null && chunk !== undefined) (self.collected ??= []).push(chunk as Buffer);
      return true;
    }

    bytes(): Buffer {
      return Buffer.concat((this as unknown as { collected?: Buffer[] }).collected ?? []);
    }
  };
}
type StructElement = ReturnType<Doc["struct"]>;

export interface PaintOptions {
  readonly engine: PdfEngine;
  readonly meta: PdfMeta;
}

/** One document being painted: pdfkit's document, its fonts and its structure tree. */
interface Painter {
  readonly doc: Doc;
  readonly fonts: DocumentFonts;
  readonly engine: PdfEngine;
  readonly meta: PdfMeta;
  /** The structure element of a block, made (with those of the blocks around it) on first use. */
  structFor(path: readonly BlockBox[]): StructElement;
  /** One LBody per list item, however many lines (and pages) its text takes. */
  listBody(item: StructElement): StructElement;
}

/** Paint a layout plan with pdfkit into PDF bytes: tagged, with metadata, fonts embedded and subset. */
export function paintPdf(plan: LayoutPlan, options: PaintOptions): Buffer {
  const { engine, meta } = options;
  const { geometry } = plan;
  const profile = pdfProfile(meta.pdfStandard);
  collectedDocument ??= makeCollectedDocument(createRequire(import.meta.url)("pdfkit") as PdfKit);
  const doc = new collectedDocument({
    size: [geometry.width, geometry.height],
    margin: 0,
    autoFirstPage: false,
    // No default Helvetica: pdfkit would parse its AFM metrics for every document.
    font: "",
    tagged: true,
    lang: meta.lang,
    displayTitle: true,
    pdfVersion: profile.pdfVersion,
    ...(profile.subset ? { subset: profile.subset } : {}),
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
  // Text is drawn by our own operators and fonts (pdfFonts.ts), not pdfkit's text path.
  const fonts = new DocumentFonts(doc, engine);

  const root = doc.struct("Document");
  doc.addStructure(root);
  const structs = new Map<BlockBox, StructElement>();
  const structFor = (path: readonly BlockBox[]): StructElement => {
    let parent = root;
    for (const box of path) {
      if (box.structTag === "Document") continue;
      let s = structs.get(box);
      if (!s) {
        const attributes: Record<string, string> = {};
        if (box.lang && box.lang !== meta.lang) attributes["lang"] = box.lang;
        if (box.alt) attributes["alt"] = box.alt;
        s = doc.struct(box.structTag, attributes);
        parent.add(s);
        structs.set(box, s);
      }
      parent = s;
    }
    return parent;
  };
  const listBodies = new Map<StructElement, StructElement>();
  const listBody = (item: StructElement): StructElement => {
    let body = listBodies.get(item);
    if (!body) {
      body = doc.struct("LBody");
      item.add(body);
      listBodies.set(item, body);
    }
    return body;
  };
  const painter: Painter = { doc, fonts, engine, meta, structFor, listBody };

  const total = plan.pages.length;
  plan.pages.forEach((page, index) => {
    doc.addPage({ size: [geometry.width, geometry.height], margin: 0 });
    fonts.resetGraphicsState();
    runningHeadAndFoot(painter, geometry, index + 1, total);
    for (const item of page) paintItem(painter, item);
  });
  fonts.finish({ cidSet: profile.cidSet });
  root.end();
  doc.end();
  return doc.bytes();
}

function paintItem(painter: Painter, item: Placed): void {
  const { doc, fonts, structFor, listBody } = painter;
  for (const d of item.decor) doc.rect(d.x, item.y, d.width, item.height).fill(d.color);
  // Anything but a plain line draws with pdfkit, which sets its own colours.
  if (item.decor.length || item.type !== "line") fonts.resetGraphicsState();
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
      for (const op of label) drawText(painter, op, item.y);
      doc.endMarkedContent();
      const body = listBody(leaf);
      body.add(doc.markStructureContent("LBody"));
      for (const op of text) drawText(painter, op, item.y);
      doc.endMarkedContent();
    } else {
      const tag = item.block.tag === "li" ? "LBody" : item.block.structTag;
      const target = item.block.tag === "li" ? listBody(leaf) : leaf;
      target.add(doc.markStructureContent(tag));
      for (const op of item.ops) drawText(painter, op, item.y);
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
    const image = openedImage(doc, painter.engine, item.image.data) as unknown as Parameters<Doc["image"]>[0];
    doc.image(image, item.x, item.y, { width: item.width, height: item.height });
    doc.endMarkedContent();
  } else if (item.type === "row" && item.artifact) {
    // A header row set again on a later page: drawn, but read once, where the table starts.
    doc.markContent("Artifact", { type: "Pagination" });
    for (const cell of item.cells)
      for (const entry of cell) {
        const y = item.y + entry.y;
        for (const d of entry.decor) doc.rect(d.x, y, d.width, entry.height).fill(d.color);
        fonts.resetGraphicsState();
        if (entry.type === "rule") doc.rect(entry.x, y, entry.width, entry.thickness).fill(entry.color);
        else if (entry.type === "line") for (const op of entry.ops) drawText(painter, op, y);
        fonts.resetGraphicsState();
      }
    doc.endMarkedContent();
  } else if (item.type === "row") {
    for (const cell of item.cells)
      for (const entry of cell) paintItem(painter, { ...entry, y: item.y + entry.y } as Placed);
  } else if (item.type === "svg") {
    const figure = structFor(item.path);
    figure.add(doc.markStructureContent("Figure"));
    const top = item.y;
    doc.save();
    doc.translate(item.x, top).scale(item.scale);
    drawSvg(item.svg.el, {
      fonts: painter.engine.fonts,
      save: () => doc.save(),
      restore: () => {
        doc.restore();
        fonts.resetGraphicsState();
      },
      translate: (x, y) => doc.translate(x, y),
      scale: (s) => doc.scale(s),
      rect: (r) => {
        doc.rect(r.x, r.y, r.width, r.height).fill(r.fill);
        fonts.resetGraphicsState();
      },
      line: (l) => doc.moveTo(l.x1, l.y1).lineTo(l.x2, l.y2).lineWidth(l.width).stroke(l.stroke),
      path: (d, fill, stroke, width) => {
        const p = doc.path(d);
        if (fill && stroke) p.lineWidth(width).fillAndStroke(fill, stroke);
        else if (fill) p.fill(fill);
        else if (stroke) p.lineWidth(width).stroke(stroke);
        fonts.resetGraphicsState();
      },
      text: (styled, x, y) => fonts.showText(styled, x, y),
    });
    doc.restore();
    fonts.resetGraphicsState();
    doc.endMarkedContent();
  }
}

function drawText({ doc, fonts }: Painter, op: TextOp, top: number): void {
  // A span in another language is marked with its own /Lang inside the paragraph's content.
  const span = op.lang !== undefined && op.lang !== documentLang(doc);
  if (span) doc.markContent("Span", { lang: op.lang } as Parameters<Doc["markContent"]>[1]);
  fonts.showText(op, op.x, top + op.baseline);
  if (span) doc.endMarkedContent();
}

function documentLang(doc: Doc): string | undefined {
  return (doc as unknown as { options: { lang?: string } }).options.lang;
}

/** Outlet and date on top, "Page X of Y" below: pagination artifacts, not document content. */
function runningHeadAndFoot(painter: Painter, g: PageGeometry, page: number, pages: number): void {
  const { doc, fonts, meta } = painter;
  const faces = painter.engine.fonts;
  const chain = faces.chainOf({ fontFamily: "sans", fontWeight: "normal", fontStyle: "normal" });
  const size = 7.5;
  const ink = "#52606d";
  // Each run in the first face of the chain that has it (an outlet's name may need a fallback).
  const runs = (text: string) =>
    splitByFace(faces, text, chain, []).map(([piece, face]) => ({
      text: piece,
      face,
      size,
      color: ink,
      width: widthOf(faces, face, piece, size),
    }));
  const widthOfRuns = (list: readonly { width: number }[]) => list.reduce((sum, r) => sum + r.width, 0);
  const show = (list: ReturnType<typeof runs>, x: number, y: number) => {
    for (const run of list) {
      fonts.showText(run, x, y);
      x += run.width;
    }
  };
  doc.markContent("Artifact", { type: "Pagination" });
  const headY = g.top / 2;
  show(runs(meta.header[0]), g.left, headY);
  const right = runs(meta.header[1]);
  show(right, g.width - g.right - widthOfRuns(right), headY);
  doc.rect(g.left, headY + 4, g.width - g.left - g.right, 0.5).fill("#d5dbe1");
  fonts.resetGraphicsState();
  const label = runs(meta.pageLabel(page, pages));
  show(label, (g.width - widthOfRuns(label)) / 2, g.height - g.bottom / 2);
  doc.endMarkedContent();
}
