import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { deflateSync } from "node:zlib";
import { ONE_PIXEL_PNG, openPng, pngPrototypes, readPng } from "../src/pdf/pngImage.js";
import { PNG_SIGNATURE, pngChunk } from "./helpers.js";

/** A PNG of one colour type and depth, its data split over `idatChunks` chunks, with optional chunks before it. */
function makePng(options: {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  bits?: 8 | 16;
  idatChunks?: number;
  interlace?: boolean;
  extra?: [string, Buffer][];
}): Buffer {
  const { width, height, colorType, bits = 8, idatChunks = 1, interlace = false, extra = [] } = options;
  const chunk = pngChunk;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bits;
  ihdr[9] = colorType;
  ihdr[12] = interlace ? 1 : 0;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width * channels * (bits / 8); x++) rows.push((x * 37 + y * 11) % (colorType === 3 ? 4 : 256));
  }
  const data = deflateSync(Buffer.from(rows));
  const step = Math.ceil(data.length / idatChunks);
  const idat: Buffer[] = [];
  for (let at = 0; at < data.length; at += step) idat.push(chunk("IDAT", data.subarray(at, at + step)));
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    ...extra.map(([type, body]) => chunk(type, body)),
    ...idat,
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const palette = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 250, 250, 250]);
const CASES: [string, Buffer][] = [
  ["RGB, one chunk", makePng({ width: 30, height: 20, colorType: 2 })],
  ["RGBA over seven chunks", makePng({ width: 64, height: 40, colorType: 6, idatChunks: 7 })],
  ["grey with alpha, 16-bit", makePng({ width: 9, height: 5, colorType: 4, bits: 16 })],
  [
    "grey with a transparent level",
    makePng({ width: 12, height: 3, colorType: 0, extra: [["tRNS", Buffer.from([0, 7])]] }),
  ],
  [
    "RGB with a transparent colour and a text chunk",
    makePng({
      width: 5,
      height: 5,
      colorType: 2,
      extra: [
        ["tEXt", Buffer.from("Title\0Площадь Республики", "latin1")],
        ["tRNS", Buffer.from([0, 1, 0, 2, 0, 3])],
      ],
    }),
  ],
  [
    "palette with transparency",
    makePng({
      width: 16,
      height: 8,
      colorType: 3,
      extra: [
        ["PLTE", palette],
        ["tRNS", Buffer.from([0, 128])],
      ],
    }),
  ],
  // Adam7 of one pixel is that pixel in the first pass: the rows written are the interlaced data.
  ["interlaced RGB", makePng({ width: 1, height: 1, colorType: 2, interlace: true })],
];

/** What png-js itself makes of a PNG: pdfkit's own opening of it. */
function pdfkitOpened(data: Buffer): Record<string, unknown> & { image: Record<string, unknown> } {
  const doc = new PDFDocument({ autoFirstPage: false });
  return (
    doc as unknown as { openImage(d: Buffer): Record<string, unknown> & { image: Record<string, unknown> } }
  ).openImage(data);
}

/** A one-page PDF showing `image` (pdfkit's own when it is the file's bytes), with a fixed date. */
async function pdfWith(image: (doc: PDFKit.PDFDocument) => unknown): Promise<Buffer> {
  const doc = new PDFDocument({ info: { CreationDate: new Date(Date.UTC(2024, 9, 29)) }, compress: false });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.image(image(doc) as Buffer, 50, 50, { width: 100 });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describe("PNG images opened without png-js's byte-by-byte copy", () => {
  it.each(CASES)("%s: every field png-js sets has its value", (_name, data) => {
    const theirs = pdfkitOpened(data).image;
    const ours = readPng(data);
    for (const key of Object.keys(theirs))
      expect([key, (ours as unknown as Record<string, unknown>)[key]]).toEqual([key, theirs[key]]);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    // The image data is every IDAT chunk's body, in order: inflating it gives the rows written.
    expect(Buffer.from(ours.imgData).equals(Buffer.from(theirs["imgData"] as Uint8Array))).toBe(true);
  });

  it.each(CASES)("%s: the PDF pdfkit writes is byte for byte the same", async (_name, data) => {
    const prototypes = pngPrototypes(pdfkitOpened(ONE_PIXEL_PNG));
    const theirs = await pdfWith(() => data);
    const ours = await pdfWith(() => openPng(data, "I1", prototypes));
    expect(ours.length).toBeGreaterThan(data.length / 2);
    expect(ours.equals(theirs)).toBe(true);
  });

  it("reads a text chunk of 600 KB, where png-js overflows the stack, and pdfkit embeds the image", async () => {
    const data = makePng({
      width: 4,
      height: 4,
      colorType: 2,
      extra: [["tEXt", Buffer.concat([Buffer.from("Comment\0"), Buffer.alloc(600_000, "Ä", "latin1")])]],
    });
    expect(() => pdfkitOpened(data)).toThrow(RangeError);
    const read = readPng(data);
    expect(Object.keys(read.text)).toEqual(["Comment"]);
    expect(read.text["Comment"]).toBe("Ä".repeat(600_000));
    const prototypes = pngPrototypes(pdfkitOpened(ONE_PIXEL_PNG));
    const pdf = await pdfWith(() => openPng(data, "I1", prototypes));
    expect(pdf.includes("/Subtype /Image")).toBe(true);
  });

  it("refuses a file that ends before its IEND chunk", () => {
    const data = CASES[0]![1];
    expect(() => readPng(data.subarray(0, data.length - 12))).toThrow(/Incomplete or corrupt PNG/);
  });
});
