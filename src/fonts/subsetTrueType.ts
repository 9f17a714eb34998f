import type { FontStack } from "./fontStack.js";

/**
 * A TrueType subset for embedding as a CIDFontType2, built from the raw
 * tables: glyph outlines are copied as bytes, not decoded and re-encoded. fontkit's subsetter
 * decoded and re-encoded every table for every document, about a third of a PDF's cost.
 *
 * The subset holds the tables a PDF viewer reads for an embedded TrueType font: glyf, head,
 * hhea, hmtx, loca, maxp. Parsed tables and stripped outlines are kept in the font stack.
 */

interface TableRecord {
  readonly offset: number;
  readonly length: number;
}

/** A font file's tables, read once per font stack. */
export interface TrueTypeTables {
  readonly data: Buffer;
  readonly tables: ReadonlyMap<string, TableRecord>;
  readonly numGlyphs: number;
  /** Glyph data offsets relative to glyf, numGlyphs + 1 of them. */
  readonly loca: Uint32Array;
  readonly advances: Uint16Array;
  readonly leftBearings: Int16Array;
}

export function readTrueTypeTables(fonts: FontStack, data: Buffer): TrueTypeTables {
  const cached = fonts.trueTypeTables.get(data);
  if (cached) return cached;
  const numTables = data.readUInt16BE(4);
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    tables.set(data.toString("latin1", at, at + 4), {
      offset: data.readUInt32BE(at + 8),
      length: data.readUInt32BE(at + 12),
    });
  }
  const table = (tag: string): TableRecord => {
    const t = tables.get(tag);
    if (!t) throw new Error(`font has no ${tag} table`);
    return t;
  };
  const head = table("head");
  const maxp = table("maxp");
  const hhea = table("hhea");
  const hmtx = table("hmtx");
  const locaTable = table("loca");
  const numGlyphs = data.readUInt16BE(maxp.offset + 4);
  const longLoca = data.readInt16BE(head.offset + 50) === 1;
  const loca = new Uint32Array(numGlyphs + 1);
  for (let g = 0; g <= numGlyphs; g++) {
    loca[g] = longLoca ? data.readUInt32BE(locaTable.offset + g * 4) : data.readUInt16BE(locaTable.offset + g * 2) * 2;
  }
  const numberOfHMetrics = data.readUInt16BE(hhea.offset + 34);
  const advances = new Uint16Array(numGlyphs);
  const leftBearings = new Int16Array(numGlyphs);
  for (let g = 0; g < numGlyphs; g++) {
    if (g < numberOfHMetrics) {
      advances[g] = data.readUInt16BE(hmtx.offset + g * 4);
      leftBearings[g] = data.readInt16BE(hmtx.offset + g * 4 + 2);
    } else {
      advances[g] = advances[numberOfHMetrics - 1] ?? 0;
      leftBearings[g] = data.readInt16BE(hmtx.offset + numberOfHMetrics * 4 + (g - numberOfHMetrics) * 2);
    }
  }
  table("glyf");
  const parsed: TrueTypeTables = { data, tables, numGlyphs, loca, advances, leftBearings };
  fonts.trueTypeTables.set(data, parsed);
  return parsed;
}

// Composite glyph flags (OpenType glyf table).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;
const WE_HAVE_INSTRUCTIONS = 0x0100;

function glyphBytes(font: TrueTypeTables, gid: number): Buffer {
  const glyf = font.tables.get("glyf")!.offset;
  return font.data.subarray(glyf + font.loca[gid]!, glyf + font.loca[gid + 1]!);
}

/** Offsets (within the glyph) of each component's glyph index, for a composite glyph. */
function componentOffsets(bytes: Buffer): number[] {
  if (bytes.length < 10 || bytes.readInt16BE(0) >= 0) return [];
  return compositeEnd(bytes).flagsAt.map((at) => at + 2);
}

export interface Outline {
  readonly bytes: Buffer;
  /** Checksum of the outline padded to 4 bytes: the glyf table's checksum is their sum. */
  readonly checksum: number;
}

/**
 * A glyph's outline without its hinting instructions, cached. PDF viewers rasterize unhinted
 * (or auto-hint), and DejaVu's instructions are a third of its glyph data.
 */
function strippedOutline(fonts: FontStack, font: TrueTypeTables, gid: number): Outline {
  let perFont = fonts.strippedOutlines.get(font);
  if (!perFont) fonts.strippedOutlines.set(font, (perFont = new Map()));
  let out = perFont.get(gid);
  if (out) return out;
  const bytes = glyphBytes(font, gid);
  let stripped: Buffer;
  if (bytes.length < 10) stripped = bytes;
  else {
    const contours = bytes.readInt16BE(0);
    if (contours >= 0) {
      const lengthAt = 10 + contours * 2;
      const instructions = bytes.readUInt16BE(lengthAt);
      stripped = Buffer.concat([
        bytes.subarray(0, lengthAt),
        Buffer.alloc(2),
        bytes.subarray(lengthAt + 2 + instructions),
      ]);
    } else {
      const { end, flagsAt } = compositeEnd(bytes);
      stripped = Buffer.from(bytes.subarray(0, end));
      for (const at of flagsAt) stripped.writeUInt16BE(stripped.readUInt16BE(at) & ~WE_HAVE_INSTRUCTIONS, at);
    }
  }
  out = { bytes: stripped, checksum: checksum(stripped) };
  perFont.set(gid, out);
  return out;
}

/** Where a composite glyph's component records end, and where each record's flags are. */
function compositeEnd(bytes: Buffer): { end: number; flagsAt: number[] } {
  const flagsAt: number[] = [];
  let at = 10;
  for (;;) {
    const flags = bytes.readUInt16BE(at);
    flagsAt.push(at);
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
    if (!(flags & MORE_COMPONENTS)) return { end: at, flagsAt };
  }
}

/**
 * A compact subset of `glyphs` (original ids) with the components of composites. A PDF keeps
 * addressing glyphs by their original ids (so text set once serves every document): `cidToGid`
 * is the CIDToGIDMap stream from those ids to the subset's own, two bytes per id.
 */
export function subsetTrueType(
  fonts: FontStack,
  font: TrueTypeTables,
  glyphs: Iterable<number>,
): { file: Buffer; cidToGid: Buffer } {
  const order: number[] = [];
  const newId = new Map<number, number>();
  const include = (gid: number): number => {
    let id = newId.get(gid);
    if (id === undefined) {
      id = order.length;
      order.push(gid);
      newId.set(gid, id);
    }
    return id;
  };
  include(0);
  for (const g of glyphs) if (g < font.numGlyphs) include(g);
  // Components may themselves be composites: the loop runs over glyphs added while it runs.
  const outlines: Outline[] = [];
  for (let i = 0; i < order.length; i++) {
    const outline = strippedOutline(fonts, font, order[i]!);
    const components = componentOffsets(outline.bytes);
    if (components.length === 0) {
      outlines.push(outline);
      continue;
    }
    const copy = Buffer.from(outline.bytes);
    for (const at of components) copy.writeUInt16BE(include(copy.readUInt16BE(at)), at);
    outlines.push({ bytes: copy, checksum: checksum(copy) });
  }

  const n = order.length;
  let glyfLength = 0;
  let glyfChecksum = 0;
  for (const outline of outlines) {
    glyfLength += pad4(outline.bytes.length);
    glyfChecksum = (glyfChecksum + outline.checksum) >>> 0;
  }
  const glyf = Buffer.alloc(glyfLength);
  const loca = Buffer.alloc((n + 1) * 4);
  const hmtx = Buffer.alloc(n * 4);
  const locaView = new DataView(loca.buffer, loca.byteOffset, loca.length);
  const hmtxView = new DataView(hmtx.buffer, hmtx.byteOffset, hmtx.length);
  let at = 0;
  outlines.forEach((outline, id) => {
    locaView.setUint32(id * 4, at);
    outline.bytes.copy(glyf, at);
    at += pad4(outline.bytes.length);
    hmtxView.setUint16(id * 4, font.advances[order[id]!]!);
    hmtxView.setInt16(id * 4 + 2, font.leftBearings[order[id]!]!);
  });
  locaView.setUint32(n * 4, at);

  const raw = (tag: string): Buffer => {
    const t = font.tables.get(tag)!;
    return font.data.subarray(t.offset, t.offset + t.length);
  };
  const head = Buffer.from(raw("head"));
  head.writeUInt32BE(0, 8); // checkSumAdjustment: set below, over the whole file
  head.writeInt16BE(1, 50); // long loca offsets
  const hhea = Buffer.from(raw("hhea"));
  hhea.writeUInt16BE(n, 34);
  const maxp = Buffer.from(raw("maxp"));
  maxp.writeUInt16BE(n, 4);

  // Tables in tag order; no hinting programs (cvt, fpgm, prep): the outlines carry no instructions.
  const tables: [string, Buffer, number][] = [
    ["glyf", glyf, glyfChecksum],
    ["head", head, checksum(head)],
    ["hhea", hhea, checksum(hhea)],
    ["hmtx", hmtx, checksum(hmtx)],
    ["loca", loca, checksum(loca)],
    ["maxp", maxp, checksum(maxp)],
  ];
  const { file, directoryChecksum } = assembleFont(tables);
  // The whole file's checksum is the directory's plus every (zero-padded) table's.
  const total = tables.reduce((sum, [, , c]) => (sum + c) >>> 0, directoryChecksum);
  file.writeUInt32BE((0xb1b0afba - total) >>> 0, 12 + tables.length * 16 + pad4(glyf.length) + 8);

  const maxCid = Math.max(...newId.keys());
  const cidToGid = Buffer.alloc((maxCid + 1) * 2);
  for (const [gid, id] of newId) cidToGid.writeUInt16BE(id, gid * 2);
  return { file, cidToGid };
}

function assembleFont(tables: readonly (readonly [string, Buffer, number])[]): {
  file: Buffer;
  directoryChecksum: number;
} {
  const count = tables.length;
  const log2 = Math.floor(Math.log2(count));
  const searchRange = 2 ** log2 * 16;
  const headerLength = 12 + count * 16;
  const total = headerLength + tables.reduce((s, [, b]) => s + pad4(b.length), 0);
  const file = Buffer.alloc(total);
  file.writeUInt32BE(0x00010000, 0);
  file.writeUInt16BE(count, 4);
  file.writeUInt16BE(searchRange, 6);
  file.writeUInt16BE(log2, 8);
  file.writeUInt16BE(count * 16 - searchRange, 10);
  let offset = headerLength;
  tables.forEach(([tag, body, sum], i) => {
    const rec = 12 + i * 16;
    file.write(tag, rec, 4, "latin1");
    file.writeUInt32BE(sum, rec + 4);
    file.writeUInt32BE(offset, rec + 8);
    file.writeUInt32BE(body.length, rec + 12);
    body.copy(file, offset);
    offset += pad4(body.length);
  });
  return { file, directoryChecksum: checksum(file.subarray(0, headerLength)) };
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function checksum(bytes: Buffer): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let sum = 0;
  const whole = bytes.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  if (whole < bytes.length) {
    let tail = 0;
    for (let i = whole; i < whole + 4; i++) tail = (tail << 8) | (i < bytes.length ? bytes[i]! : 0);
    sum = (sum + (tail >>> 0)) >>> 0;
  }
  return sum;
}
