/**
 * What tilpress reads from a shipped TrueType face's bytes itself: its metrics (head, hhea,
 * maxp), its cmap and its FontDescriptor's values (head, OS/2, name; `readFaceDescriptor`).
 * With simple shaping's tables kept in the tool cache (shapeCache.ts), a
 * run whose words need no contextual shaping then never loads fontkit, some 25 ms of every
 * cold start compiling and evaluating it (`node bench/module-load.js --per-package check
 * --no-cache --quiet`); fontkit is opened for a face when something asks for more (`FontFace.font`).
 *
 * Read as fontkit reads them: the same cmap subtable chosen, the same look-up for format 12, the
 * one every shipped face's preferred subtable has (tests/faceFile.test.ts compares every code
 * point of every shipped face). A file with another layout, or whose preferred subtable has
 * another format, gives undefined: fontkit reads it.
 */
import { readTableDirectory, type TableRecord } from "./tableDirectory.js";
export interface FaceFile {
  readonly unitsPerEm: number;
  /** hhea's ascender and descender, as fontkit's `ascent` and `descent`. */
  readonly ascent: number;
  readonly descent: number;
  readonly numGlyphs: number;
  /** The glyph id the cmap gives a code point, 0 for none (fontkit's `_cmapProcessor.lookup`). */
  glyphOf(codePoint: number): number;
}

export function readFaceFile(data: Buffer): FaceFile | undefined {
  const tables = tableDirectory(data);
  if (!tables) return undefined;
  const head = tables.get("head");
  const hhea = tables.get("hhea");
  const maxp = tables.get("maxp");
  const cmap = tables.get("cmap");
  if (!head || head.length < 54 || !hhea || hhea.length < 36 || !maxp || maxp.length < 6 || !cmap) return undefined;
  const glyphOf = cmapLookup(data.subarray(cmap.offset, cmap.offset + cmap.length));
  if (!glyphOf) return undefined;
  return {
    unitsPerEm: data.readUInt16BE(head.offset + 18),
    ascent: data.readInt16BE(hhea.offset + 4),
    descent: data.readInt16BE(hhea.offset + 6),
    numGlyphs: data.readUInt16BE(maxp.offset + 4),
    glyphOf,
  };
}

/** fontkit's order of preference among Unicode subtables (platform, encoding): 32-bit ones first. */
const UNICODE_SUBTABLES: readonly (readonly [number, number])[] = [
  [3, 10],
  [0, 6],
  [0, 4],
  [3, 1],
  [0, 3],
  [0, 2],
  [0, 1],
  [0, 0],
];

function cmapLookup(cmap: Buffer): ((codePoint: number) => number) | undefined {
  if (cmap.length < 4) return undefined;
  const count = cmap.readUInt16BE(2);
  if (4 + count * 8 > cmap.length) return undefined;
  for (const [platform, encoding] of UNICODE_SUBTABLES)
    for (let i = 0; i < count; i++) {
      const at = 4 + i * 8;
      if (cmap.readUInt16BE(at) !== platform || cmap.readUInt16BE(at + 2) !== encoding) continue;
      const offset = cmap.readUInt32BE(at + 4);
      if (offset + 2 > cmap.length) return undefined;
      // Format 12, what every shipped face gives first (3, 10); any other: fontkit's.
      return cmap.readUInt16BE(offset) === 12 ? format12(cmap.subarray(offset)) : undefined;
    }
  return undefined; // no Unicode subtable: fontkit re-encodes
}

/** Groups of 32-bit code ranges, each mapped to consecutive glyphs. */
function format12(table: Buffer): ((codePoint: number) => number) | undefined {
  if (table.length < 16) return undefined;
  const groups = table.readUInt32BE(12);
  if (16 + groups * 12 > table.length) return undefined;
  return (codePoint) => {
    let min = 0;
    let max = groups - 1;
    while (min <= max) {
      const mid = (min + max) >> 1;
      const at = 16 + mid * 12;
      if (codePoint < table.readUInt32BE(at)) max = mid - 1;
      else if (codePoint > table.readUInt32BE(at + 4)) min = mid + 1;
      else return table.readUInt32BE(at + 8) + (codePoint - table.readUInt32BE(at));
    }
    return 0;
  };
}

/** The FontDescriptor's values fontkit would give for a face (src/pdf/pdfFonts.ts). */
export interface FaceDescriptor {
  readonly postscriptName: string;
  /** head's xMin, yMin, xMax, yMax. */
  readonly bbox: readonly [number, number, number, number];
  /** head's macStyle italic bit. */
  readonly italic: boolean;
  /** OS/2's sFamilyClass (0 without the table). */
  readonly familyClass: number;
  /** OS/2's sCapHeight and sxHeight (version 2 and later), else undefined as fontkit has them. */
  readonly capHeight: number | undefined;
  readonly xHeight: number | undefined;
}

/**
 * A shipped face's descriptor values, read from head, OS/2 and name; undefined where fontkit's
 * reading could differ (a PostScript name in a record other than Macintosh Roman or Windows
 * English, or not plain ASCII): pdfFonts.ts then asks fontkit.
 */
export function readFaceDescriptor(data: Buffer): FaceDescriptor | undefined {
  const tables = tableDirectory(data);
  const head = tables?.get("head");
  const name = tables?.get("name");
  if (!tables || !head || head.length < 54 || !name) return undefined;
  const postscriptName = postscriptNameOf(data.subarray(name.offset, name.offset + name.length));
  if (postscriptName === undefined) return undefined;
  const os2 = tables.get("OS/2");
  const os2Version = os2 && os2.length >= 2 ? data.readUInt16BE(os2.offset) : undefined;
  const v2 = os2 !== undefined && os2Version !== undefined && os2Version >= 2 && os2.length >= 90;
  return {
    postscriptName,
    bbox: [
      data.readInt16BE(head.offset + 36),
      data.readInt16BE(head.offset + 38),
      data.readInt16BE(head.offset + 40),
      data.readInt16BE(head.offset + 42),
    ],
    italic: (data.readUInt16BE(head.offset + 44) & 0x02) !== 0,
    familyClass: os2 && os2.length >= 32 ? data.readInt16BE(os2.offset + 30) : 0,
    capHeight: v2 ? data.readInt16BE(os2.offset + 88) : undefined,
    xHeight: v2 ? data.readInt16BE(os2.offset + 86) : undefined,
  };
}

/** A TrueType file's tables by tag; undefined for another layout (CFF, a collection, WOFF) or a record past the end. */
function tableDirectory(data: Buffer): Map<string, TableRecord> | undefined {
  if (data.length < 12) return undefined;
  const version = data.readUInt32BE(0);
  if (version !== 0x00010000 && version !== 0x74727565) return undefined; // TrueType outlines only
  const { tables, problem } = readTableDirectory(data);
  return problem === undefined ? tables : undefined;
}

/** The last PostScript name (name ID 6) record in Macintosh Roman (1, 0, 0) or Windows English (3, 1, 0x409). */
function postscriptNameOf(table: Buffer): string | undefined {
  if (table.length < 6) return undefined;
  const count = table.readUInt16BE(2);
  const strings = table.readUInt16BE(4);
  let found: string | undefined;
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 12;
    if (at + 12 > table.length) return undefined;
    if (table.readUInt16BE(at + 6) !== 6) continue;
    const [platform, encoding, language] = [
      table.readUInt16BE(at),
      table.readUInt16BE(at + 2),
      table.readUInt16BE(at + 4),
    ];
    const start = strings + table.readUInt16BE(at + 10);
    const length = table.readUInt16BE(at + 8);
    if (start + length > table.length) return undefined;
    if (platform === 1 && encoding === 0 && language === 0) found = table.toString("latin1", start, start + length);
    else if (platform === 3 && encoding === 1 && language === 0x409 && length % 2 === 0) {
      found = "";
      for (let k = 0; k < length; k += 2) found += String.fromCharCode(table.readUInt16BE(start + k));
    } else return undefined;
    if (!/^[\x21-\x7e]*$/.test(found)) return undefined;
  }
  return found;
}
