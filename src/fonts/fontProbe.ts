// Before fontkit and pdfkit load (see there).
import "../core/deferredModules.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as fontkit from "fontkit";
import { createFontStack } from "./fontStack.js";
import { readTrueTypeTables, subsetTrueType } from "./subsetTrueType.js";
import { readTableDirectory, type TableRecord } from "./tableDirectory.js";

/**
 * Whether a project's font file (docs/fonts.md) can be used, found by reading every table the
 * PDF reads the way the PDF reads it: the bounds of the tables tilpress reads itself (the table
 * directory, head, maxp, hhea, hmtx, loca, glyf), then fontkit on the rest (cmap, name, post,
 * OS/2, GDEF, GSUB, GPOS, kern) by laying out a probe string and a sample of the font's own
 * characters, and drawing and subsetting a sample of its glyphs.
 *
 * A damaged table can make fontkit allocate without end (a GSUB table of 0xFF bytes asks for
 * 65,535 scripts of 65,535 features each) or loop, so the probe runs in a child process with a
 * heap limit and a timeout (`probeFontFile`); each step is announced before it runs, so a probe
 * that dies names the table it was reading (src/fonts/projectFonts.ts). Hand-written bounds checks cover only the tables
 * the subsetter reads as bytes; everything fontkit reads is checked by running fontkit.
 */

/** Text every project font is laid out with: Latin, Cyrillic, Kazakh, digits, punctuation. */
const PROBE_TEXT = "Hello, world! Алматы — Қазақстан 2020 ж. «әғқңөұүһі» 10,8%";
/** How many of the font's own characters are laid out, and how many glyphs drawn and subset. */
const SAMPLE = 512;

/** One step of the probe: the table(s) it reads, as a message names them. */
interface Step {
  readonly tables: string;
  readonly run: (state: ProbeState) => void;
}

interface ProbeState {
  readonly data: Buffer;
  font?: fontkit.Font;
  directory?: ReadonlyMap<string, { readonly offset: number; readonly length: number }>;
}

const fontOf = (state: ProbeState): fontkit.Font => state.font!;

class Damaged extends Error {}

/** Values read for what reading them does: fontkit decodes a table on first access. */
function read(...values: unknown[]): void {
  void values;
}

/** The table records, each inside the file. */
function readDirectory(data: Buffer): Map<string, TableRecord> {
  const { tables, problem } = readTableDirectory(data);
  if (problem !== undefined) throw new Damaged(problem);
  for (const tag of ["head", "maxp", "hhea", "hmtx", "cmap", "loca", "glyf"])
    if (!tables.has(tag)) throw new Damaged(`there is no ${tag} table`);
  return tables;
}

/** A table's bytes, which must hold at least `min` of them. */
function tableBytes(state: ProbeState, tag: string, min: number): Buffer {
  const record = state.directory!.get(tag)!;
  if (record.length < min) throw new Damaged(`the ${tag} table is ${record.length} bytes long, too short`);
  return state.data.subarray(record.offset, record.offset + record.length);
}

const STEPS: readonly Step[] = [
  {
    tables: "table directory",
    run(state) {
      state.directory = readDirectory(state.data);
      state.font = fontkit.create(state.data) as fontkit.Font;
    },
  },
  {
    tables: "head table",
    run(state) {
      const head = tableBytes(state, "head", 54);
      const unitsPerEm = head.readUInt16BE(18);
      if (unitsPerEm < 16 || unitsPerEm > 16384) throw new Damaged(`unitsPerEm is ${unitsPerEm} (16 to 16384)`);
      const locaFormat = head.readInt16BE(50);
      if (locaFormat !== 0 && locaFormat !== 1) throw new Damaged(`indexToLocFormat is ${locaFormat} (0 or 1)`);
      const font = fontOf(state);
      read(font.bbox, font.italicAngle, (font as unknown as { head: { macStyle: object } }).head.macStyle);
    },
  },
  {
    tables: "maxp table",
    run(state) {
      if (tableBytes(state, "maxp", 6).readUInt16BE(4) === 0) throw new Damaged("it has no glyphs (numGlyphs is 0)");
    },
  },
  {
    tables: "hhea table",
    run(state) {
      const numGlyphs = tableBytes(state, "maxp", 6).readUInt16BE(4);
      const metrics = tableBytes(state, "hhea", 36).readUInt16BE(34);
      if (metrics === 0 || metrics > numGlyphs)
        throw new Damaged(`numberOfHMetrics is ${metrics} (1 to numGlyphs, ${numGlyphs})`);
      read(fontOf(state).ascent, fontOf(state).descent);
    },
  },
  {
    tables: "hmtx table",
    run(state) {
      const numGlyphs = tableBytes(state, "maxp", 6).readUInt16BE(4);
      const metrics = tableBytes(state, "hhea", 36).readUInt16BE(34);
      if (tableBytes(state, "hmtx", 0).length < metrics * 4 + (numGlyphs - metrics) * 2)
        throw new Damaged(`it is too short for ${numGlyphs} glyphs (maxp) with ${metrics} metrics (hhea)`);
    },
  },
  {
    tables: "loca table",
    run(state) {
      const numGlyphs = tableBytes(state, "maxp", 6).readUInt16BE(4);
      const long = tableBytes(state, "head", 54).readInt16BE(50) === 1;
      const loca = tableBytes(state, "loca", (numGlyphs + 1) * (long ? 4 : 2));
      const glyfLength = state.directory!.get("glyf")!.length;
      let previous = 0;
      for (let g = 0; g <= numGlyphs; g++) {
        const offset = long ? loca.readUInt32BE(g * 4) : loca.readUInt16BE(g * 2) * 2;
        if (offset < previous || offset > glyfLength)
          throw new Damaged(`glyph ${g}'s offset is ${offset}, outside the glyf table or going backwards`);
        previous = offset;
      }
    },
  },
  {
    tables: "cmap table",
    run(state) {
      const font = fontOf(state);
      if (font.characterSet.length === 0) throw new Damaged("it maps no character to a glyph");
      for (const char of PROBE_TEXT) font.glyphForCodePoint(char.codePointAt(0)!);
    },
  },
  {
    tables: "glyf table",
    run(state) {
      const font = fontOf(state);
      const gids = sampleGlyphs(font);
      for (const gid of gids) read(font.getGlyph(gid).path.commands);
      // What the PDF does with them: its own reader and subsetter (src/fonts/subsetTrueType.ts).
      const stack = createFontStack();
      subsetTrueType(stack, readTrueTypeTables(stack, state.data), gids);
    },
  },
  {
    tables: "name, post and OS/2 tables",
    run(state) {
      const font = fontOf(state);
      const tables = font as unknown as { post: { isFixedPitch: boolean }; "OS/2"?: { sFamilyClass?: number } };
      read(font.familyName, font.postscriptName, font.capHeight, font.xHeight);
      read(tables.post.isFixedPitch, tables["OS/2"]?.sFamilyClass);
    },
  },
  ...(["GDEF", "GSUB", "GPOS", "kern"] as const).map((tag): Step => ({
    tables: `${tag} table`,
    // fontkit decodes a table's parts as layout reaches them: all of them now, so a damaged
    // lookup is found here, named, rather than only by the text that reaches it.
    run: (state) => decodeAll((fontOf(state) as unknown as Record<string, unknown>)[tag], new Set(), { left: 1e6 }),
  })),
  {
    tables: "GSUB and GPOS tables (laying out text)",
    run(state) {
      const font = fontOf(state);
      const chars = sampleCharacters(font);
      for (const text of [PROBE_TEXT, ...chunks(chars, 16).map((c) => c.join(""))])
        for (const word of text.split(" ")) if (word !== "") font.layout(word);
    },
  },
];

/**
 * Every part of a table fontkit decoded (restructure's lazy arrays and pointers are getters):
 * visited once each, at most `budget.left` of them.
 */
function decodeAll(value: unknown, seen: Set<object>, budget: { left: number }): void {
  if (typeof value !== "object" || value === null || seen.has(value) || ArrayBuffer.isView(value)) return;
  seen.add(value);
  if (--budget.left < 0) throw new Damaged("it holds more than a million structures");
  const lazy = value as { toArray?: unknown };
  const parts = typeof lazy.toArray === "function" ? (lazy.toArray as () => unknown[])() : value;
  for (const key in parts) decodeAll((parts as Record<string, unknown>)[key], seen, budget);
}

/** The glyphs of the probe text, then glyph ids spread evenly over the font. */
function sampleGlyphs(font: fontkit.Font): number[] {
  const gids = new Set<number>([0]);
  for (const char of PROBE_TEXT) gids.add(font.glyphForCodePoint(char.codePointAt(0)!).id);
  const step = Math.max(1, Math.floor(font.numGlyphs / SAMPLE));
  for (let gid = 0; gid < font.numGlyphs; gid += step) gids.add(gid);
  return [...gids].sort((a, b) => a - b);
}

/** Characters spread evenly over the font's cmap. */
function sampleCharacters(font: fontkit.Font): string[] {
  const set = font.characterSet;
  const step = Math.max(1, Math.floor(set.length / SAMPLE));
  const out: string[] = [];
  for (let i = 0; i < set.length; i += step) {
    const cp = set[i]!;
    // Not surrogates or controls: text never holds them.
    if (cp > 0x20 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) && (cp < 0x7f || cp >= 0xa0))
      out.push(String.fromCodePoint(cp));
  }
  return out;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Run every step on a font's bytes, announcing each step's tables before it runs. Returns what is
 * wrong, naming the table(s), or undefined. In-process and unbounded: `probeFontFile` bounds it.
 */
export function probeFont(data: Buffer, announce: (tables: string) => void = () => {}): string | undefined {
  const state: ProbeState = { data };
  for (const step of STEPS) {
    announce(step.tables);
    try {
      step.run(state);
    } catch (error) {
      const what = error instanceof Error ? error.message : String(error);
      return error instanceof Damaged
        ? `its ${step.tables} ${step.tables.includes("tables") ? "are" : "is"} damaged: ${what}`
        : `reading its ${step.tables} failed (${what})`;
    }
  }
  return undefined;
}

// Run as a script: the font's bytes on stdin, one line per step and the verdict on stdout.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Pipes are written synchronously: the last step announced is out before an abort.
  const problem = probeFont(readFileSync(0), (tables) => process.stdout.write(`step ${tables}\n`));
  process.stdout.write(problem === undefined ? "ok\n" : `problem ${problem}\n`);
}
