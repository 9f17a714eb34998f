import { createHash } from "node:crypto";
import type PDFDocument from "pdfkit";
import { cmapGlyph, type FontFace, type FontStack } from "../fonts/fontStack.js";
import { postHeader } from "../fonts/postTable.js";
import { isEmojiModifier, shapePieces, type ShapedWord } from "../fonts/shape.js";
import { readTrueTypeTables, subsetTrueType } from "../fonts/subsetTrueType.js";
import { deflateForPdf } from "./deflate.js";
import { readFaceDescriptor, type FaceDescriptor } from "../fonts/faceFile.js";
import type { PdfEngine } from "./engine.js";

type Doc = InstanceType<typeof PDFDocument>;

/** pdfkit's indirect object, as far as we use it. */
interface PdfRef {
  data: Record<string, unknown>;
  end(chunk?: Buffer | string): void;
}

interface PageWithFonts {
  readonly fonts: Record<string, PdfRef>;
}

/** One face as embedded in one document: the glyphs it used and their text. CID = the face's glyph id. */
class EmbeddedFace {
  readonly ref: PdfRef;
  /** Glyph id → the text it extracts as (first use wins). */
  readonly unicode = new Map<number, string>();

  constructor(
    readonly id: string,
    readonly face: FontFace,
    doc: Doc,
  ) {
    this.ref = (doc as unknown as { ref(data?: object): PdfRef }).ref({});
  }
}

/**
 * A piece of text set in a face, as a TJ operand in thousandths of the font size: the same for
 * every document and size (CIDs are the face's glyph ids; each document's CIDToGIDMap maps
 * them into its subset). Built for each line drawn: kept, few were asked for again (engine.ts).
 */
interface SetText {
  readonly tj: string;
  /** The shaped words and spaces the operator draws (shared with the font stack's cache, not copied). */
  readonly words: readonly ShapedWord[];
}

/** Text in one face, size and colour: what `showText` draws. A layout `TextOp` is one. */
export interface StyledText {
  readonly text: string;
  readonly face: FontFace;
  readonly size: number;
  readonly color: string;
}

/** null when a glyph is raised or lowered (a positioned mark): drawn by `showMarkedUp` instead. */
function buildSetText(fonts: FontStack, face: FontFace, text: string): SetText | null {
  const perMille = 1000 / face.unitsPerEm;
  const words = shapePieces(fonts, face, text);
  let tj = "[";
  let codes = "";
  for (const word of words) {
    const offsets = word.offsets; // nearly always absent: no pair allocated per glyph
    for (let i = 0; i < word.glyphs.length; i++) {
      const dx = offsets ? offsets[i]![0] : 0;
      if (offsets?.[i]![1]) return null;
      // A TJ number moves the pen back by n/1000 of the size: shift the glyph by its x offset,
      // then make the net advance the shaped one (kerning included).
      if (dx) {
        tj += `${codes ? `(${codes}) ` : ""}${num(-dx * perMille)} `;
        codes = "";
      }
      codes += codeOf(word.glyphs[i]!);
      const adjust = word.xAdvances[i]! - word.glyphAdvances[i]! - dx;
      if (adjust) {
        tj += `(${codes}) ${num(-adjust * perMille)} `;
        codes = "";
      }
    }
  }
  if (codes) tj += `(${codes})`;
  return { tj: `${tj}] TJ`, words };
}

/**
 * Give each glyph of the words its text in the document's ToUnicode map, where it has none yet
 * (the first use wins). False when a glyph already stands for other characters: the line is
 * then drawn glyph by glyph, that glyph with its own text (`showMarkedUp`).
 */
function claimGlyphTexts(font: EmbeddedFace, face: FontFace, words: readonly ShapedWord[]): boolean {
  // Claims made before a conflict are those showMarkedUp makes too, in the same order.
  for (const word of words)
    for (let i = 0; i < word.glyphs.length; i++)
      if (claimGlyphText(font, face, word.glyphs[i]!, word.unicode[i]!)) return false;
  return true;
}

/** Claim a glyph's ToUnicode entry if it has none (`entryText`), and say whether `chars` differs from it. */
function claimGlyphText(font: EmbeddedFace, face: FontFace, gid: number, chars: string): boolean {
  let known = font.unicode.get(gid);
  if (known === undefined) font.unicode.set(gid, (known = entryText(face, gid, chars)));
  return known !== chars;
}

/**
 * The text a glyph's ToUnicode entry takes. A glyph that is its first character's own (cmap)
 * glyph leaves out a skin tone or a flag's tags that went with it (`isEmojiModifier`: Noto Emoji
 * sets 👍🏽 with 👍's glyph), so a reader that ignores ActualText (pdf.js) reads 👍🏽 as 👍 and
 * never a later 👍 as 👍🏽. A glyph of the whole sequence (Noto Emoji's flag of Scotland, a
 * face's own toned 👍🏽) stands for all of it.
 */
function entryText(face: FontFace, gid: number, chars: string): string {
  const first = chars.codePointAt(0);
  if (first === undefined || cmapGlyph(face, first) !== gid) return chars;
  const own = [...chars].filter((c) => !isEmojiModifier(c)).join("");
  return own || chars;
}

/**
 * The fonts of one PDF, and the text operators that draw with them. Replaces pdfkit's text path:
 * words are shaped once per engine (src/fonts/shape.ts) and turned into a text operator per line
 * drawn, and each face's subset is built from raw glyph bytes when the document ends.
 */
export class DocumentFonts {
  private readonly faces = new Map<FontFace, EmbeddedFace>();
  private readonly colors = new Map<string, string>();
  private currentColor: string | undefined;
  private currentFont: string | undefined;

  constructor(
    private readonly doc: Doc,
    private readonly engine: PdfEngine,
  ) {}

  /** Draw text with its baseline at (x, y) in pdfkit's top-down page coordinates. */
  showText(styled: StyledText, x: number, y: number): void {
    const { face, size, color, text } = styled;
    const font = this.embed(face);
    const page = (this.doc as unknown as { page: PageWithFonts }).page;
    if (page.fonts[font.id] === undefined) page.fonts[font.id] = font.ref;
    const set = buildSetText(this.engine.fonts, face, text);
    // The text matrix flips y back (pdfkit's page is top-down), so glyphs stand upright.
    // Colour and font persist in the graphics state: set only when they change.
    let start = "";
    if (this.currentColor !== color) {
      start += `${this.fillColor(color)}\n`;
      this.currentColor = color;
    }
    start += "BT\n";
    const fontOp = `/${font.id} ${num(size)} Tf`;
    if (this.currentFont !== fontOp) {
      start += `${fontOp}\n`;
      this.currentFont = fontOp;
    }
    start += `1 0 0 -1 ${num(x)} ${num(y)} Tm\n`;
    if (set && claimGlyphTexts(font, face, set.words)) this.write(`${start}${set.tj}\nET`);
    else this.write(`${start}${this.showMarkedUp(font, face, size, text)}ET`);
  }

  /**
   * Forget the colour and font last set: call after anything else draws (a fill changes the
   * colour), around save/restore, and on a new page (a new content stream starts afresh).
   */
  resetGraphicsState(): void {
    this.currentColor = undefined;
    this.currentFont = undefined;
  }

  /** Write every face's subset, widths and ToUnicode map. Call once, before `doc.end()`. */
  finish(options: { readonly cidSet: boolean }): void {
    for (const font of this.faces.values()) this.writeFace(font, options.cidSet);
  }

  /**
   * Text glyph by glyph: raised or lowered glyphs each on its own text rise, and a glyph that
   * stands for other characters here than its ToUnicode entry says (👍🏽 and 👍 are one glyph of
   * Noto Emoji; a typed ﬁ and the ligature of "fi" are one glyph) in a span whose ActualText
   * gives its characters. Not cached.
   */
  private showMarkedUp(font: EmbeddedFace, face: FontFace, size: number, text: string): string {
    const perMille = 1000 / face.unitsPerEm;
    let out = "";
    for (const word of shapePieces(this.engine.fonts, face, text)) {
      for (let i = 0; i < word.glyphs.length; i++) {
        const gid = word.glyphs[i]!;
        const chars = word.unicode[i]!;
        const differs = claimGlyphText(font, face, gid, chars);
        const [dx, dy] = word.offsets?.[i] ?? [0, 0];
        const adjust = word.xAdvances[i]! - word.glyphAdvances[i]! - dx;
        const rise = num((dy * size) / face.unitsPerEm);
        const show = `${rise} Ts [${num(-dx * perMille)} (${codeOf(gid)}) ${num(-adjust * perMille)}] TJ\n`;
        out += differs ? `/Span <</ActualText <FEFF${utf16Hex(chars)}>>> BDC\n${show}EMC\n` : show;
      }
    }
    return `${out}0 Ts\n`;
  }

  private write(content: string): void {
    this.doc.addContent(content);
  }

  private embed(face: FontFace): EmbeddedFace {
    let font = this.faces.get(face);
    if (!font) {
      font = new EmbeddedFace(`T${this.faces.size + 1}`, face, this.doc);
      this.faces.set(face, font);
    }
    return font;
  }

  private fillColor(color: string): string {
    let op = this.colors.get(color);
    if (op === undefined) {
      const [r, g, b] = rgbOf(color);
      op = `${num(r / 255)} ${num(g / 255)} ${num(b / 255)} rg`;
      this.colors.set(color, op);
    }
    return op;
  }

  private writeFace(font: EmbeddedFace, cidSet: boolean): void {
    const ref = (data: object): PdfRef => (this.doc as unknown as { ref(data: object): PdfRef }).ref(data);
    const fonts = this.engine.fonts;
    const tables = readTrueTypeTables(fonts, font.face.data);
    const gids = [...font.unicode.keys()].sort((a, b) => a - b);
    const { file, cidToGid } = subsetTrueType(fonts, tables, gids);
    const perMille = 1000 / font.face.unitsPerEm;
    // Subset tag: six capitals derived from the glyph set, so the same glyphs name the same subset.
    const digest = createHash("sha256").update(Uint32Array.from(gids)).digest();
    const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join("");
    const info = descriptorInfo(this.engine, font.face);
    const name = `${tag}+${info.postscriptName}`;
    const fontFile = ref({ Filter: "FlateDecode", Length1: file.length });
    fontFile.end(deflateForPdf(file));
    const descriptor: Record<string, unknown> = {
      Type: "FontDescriptor",
      FontName: name,
      ...info.fields,
      FontFile2: fontFile,
    };
    if (cidSet) {
      const set = Buffer.alloc(Math.ceil(((gids.at(-1) ?? 0) + 1) / 8));
      for (const gid of [0, ...gids]) set[gid >> 3]! |= 0x80 >> (gid % 8);
      const cidSetRef = ref({});
      cidSetRef.end(set);
      descriptor["CIDSet"] = cidSetRef;
    }
    const cidToGidMap = ref({ Filter: "FlateDecode" });
    cidToGidMap.end(deflateForPdf(cidToGid));
    const descriptorRef = ref(descriptor);
    descriptorRef.end();
    const descendant = ref({
      Type: "Font",
      Subtype: "CIDFontType2",
      BaseFont: name,
      CIDSystemInfo: { Registry: new String("Adobe"), Ordering: new String("Identity"), Supplement: 0 },
      FontDescriptor: descriptorRef,
      DW: Math.round(tables.advances[0]! * perMille),
      W: widthsArray(gids, (gid) => Math.round(tables.advances[gid]! * perMille * 1000) / 1000),
      CIDToGIDMap: cidToGidMap,
    });
    descendant.end();
    const toUnicode = ref({});
    toUnicode.end(toUnicodeCmap(gids.map((gid) => [gid, font.unicode.get(gid)!] as const)));
    font.ref.data = {
      Type: "Font",
      Subtype: "Type0",
      BaseFont: name,
      Encoding: "Identity-H",
      DescendantFonts: [descendant],
      ToUnicode: toUnicode,
    };
    font.ref.end();
  }
}

export interface DescriptorInfo {
  readonly postscriptName: string;
  readonly fields: Readonly<Record<string, number | number[]>>;
}

/** A face's FontDescriptor values, read once per engine: some fontkit getters decode a table on every read. */
/**
 * A font's PostScript name as a PDF name: a project font's name table is untrusted, and PDF
 * delimiters or non-ASCII in it would break (or add keys to) the font dictionaries. Only
 * letters, digits, `-` and `_` are kept (PostScript names are printable ASCII anyway).
 */
export function pdfFontName(postscriptName: string | null | undefined): string {
  const name = (postscriptName ?? "").replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 100);
  return /[A-Za-z0-9]/.test(name) ? name : "Font";
}

function descriptorInfo(engine: PdfEngine, face: FontFace): DescriptorInfo {
  let info = engine.fontDescriptors.get(face);
  if (info) return info;
  // A shipped face's values are read from its bytes (src/fonts/faceFile.ts): painting then needs no fontkit.
  const values = (face.glyphOf && readFaceDescriptor(face.data)) || fontkitDescriptor(face);
  const perMille = 1000 / face.unitsPerEm;
  const familyClass = values.familyClass >> 8;
  let flags = 1 << 2; // symbolic: glyphs are addressed by CID, not a standard encoding
  const post = postHeader(face);
  if (post.isFixedPitch) flags |= 1 << 0;
  if (familyClass >= 1 && familyClass <= 7) flags |= 1 << 1;
  if (values.italic) flags |= 1 << 6;
  const [minX, minY, maxX, maxY] = values.bbox;
  info = {
    postscriptName: pdfFontName(values.postscriptName),
    fields: {
      Flags: flags,
      FontBBox: [minX * perMille, minY * perMille, maxX * perMille, maxY * perMille],
      ItalicAngle: post.italicAngle,
      Ascent: face.ascent * perMille,
      Descent: face.descent * perMille,
      CapHeight: (values.capHeight || face.ascent) * perMille,
      XHeight: (values.xHeight || 0) * perMille,
      StemV: 0,
    },
  };
  engine.fontDescriptors.set(face, info);
  return info;
}

/** The descriptor's values as fontkit reads them (a project's face; a shipped one faceFile.ts does not read). */
export function fontkitDescriptor(face: FontFace): FaceDescriptor {
  const fk = face.font;
  const os2 = (fk as unknown as { "OS/2"?: { sFamilyClass?: number } })["OS/2"];
  const bbox = fk.bbox;
  return {
    postscriptName: fk.postscriptName ?? "",
    bbox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY],
    italic: (fk as unknown as { head: { macStyle: { italic: boolean } } }).head.macStyle.italic,
    familyClass: os2?.sFamilyClass ?? 0,
    capHeight: fk.capHeight,
    xHeight: fk.xHeight,
  };
}

/** The CIDFont W array: runs of consecutive CIDs as `first [w1 w2 ...]`. */
function widthsArray(gids: readonly number[], width: (gid: number) => number): (number | number[])[] {
  const out: (number | number[])[] = [];
  let run: number[] = [];
  let next = -1;
  for (const gid of gids) {
    if (gid !== next) {
      run = [];
      out.push(gid, run);
    }
    run.push(width(gid));
    next = gid + 1;
  }
  return out;
}

function toUnicodeCmap(entries: readonly (readonly [number, string])[]): string {
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    // utf16Hex over the whole text, code unit by code unit: Array.from(text, …).join("") took
    // 40 ms of a 40-article build (--cpu-prof), most of it in the arrays it made.
    const pairs = chunk.map(([gid, text]) => `<${hexOf(gid)}> <${utf16Hex(text || "\u0000")}>`);
    blocks.push(`${chunk.length} beginbfchar\n${pairs.join("\n")}\nendbfchar`);
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo <<
  /Registry (Adobe)
  /Ordering (UCS)
  /Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000><ffff>
endcodespacerange
${blocks.join("\n")}
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;
}

/** Each UTF-16 code unit of `text` as four hex digits (a surrogate pair as two). */
function utf16Hex(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += hexOf(text.charCodeAt(i));
  return out;
}

// Memos of pure functions of a number, the same for every engine: module-level.
const CODES: string[] = [];
/**
 * A glyph id as the two bytes of an Identity-H code inside a literal string (half the size of
 * hex): backslash, parentheses and CR escaped (a bare CR would be read back as LF).
 */
function codeOf(gid: number): string {
  return (CODES[gid] ??= escapeByte(gid >> 8) + escapeByte(gid & 0xff));
}

function escapeByte(b: number): string {
  if (b === 0x5c) return "\\\\";
  if (b === 0x28) return "\\(";
  if (b === 0x29) return "\\)";
  if (b === 0x0d) return "\\r";
  return String.fromCharCode(b);
}

const HEX4: string[] = [];
function hexOf(n: number): string {
  return (HEX4[n] ??= n.toString(16).padStart(4, "0"));
}

/** A number as PDF writes it: at most three decimals, no exponent, no "-0". */
export function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return r === 0 ? "0" : String(r);
}

function rgbOf(color: string): [number, number, number] {
  let hex = color.trim().replace(/^#/, "");
  if (hex.length === 3) hex = hex.replace(/./g, "$&$&");
  const v = Number.parseInt(hex, 16);
  return Number.isNaN(v) || hex.length !== 6 ? [0, 0, 0] : [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
