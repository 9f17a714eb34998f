import type { Element } from "domhandler";
import { coveredBy, splitByFace, type FaceChain, type FontFace, type FontStack } from "../fonts/fontStack.js";
import type { BlockBox, ImageBox, InlineBox, InlineRun, SvgBox } from "./boxes.js";
import type { ComputedStyle } from "./computeStyle.js";
import type { PdfEngine } from "./engine.js";
import { hyphenationPoints, SOFT_HYPHEN } from "../typography/hyphenate.js";
import { ascentOf, descentOf, faceFor, widthOf } from "./measure.js";

/** A piece of text set in one face at one position. */
export interface TextOp {
  readonly x: number;
  /** Baseline, relative to the top of the line. */
  readonly baseline: number;
  readonly text: string;
  readonly face: FontFace;
  readonly size: number;
  readonly color: string;
  readonly width: number;
  readonly href?: string;
  /** The language of an inline span, when it has its own. */
  readonly lang?: string;
  /** A list marker: tagged as the item's label. */
  readonly label?: boolean;
}

/** A vertical bar or a fill beside/behind a block, drawn over every line of the block. */
export interface Decoration {
  readonly x: number;
  readonly width: number;
  readonly color: string;
}

export type Entry =
  | {
      readonly type: "space";
      readonly height: number;
      readonly collapsible: boolean;
      readonly decor: readonly Decoration[];
    }
  | {
      readonly type: "line";
      readonly height: number;
      readonly ops: readonly TextOp[];
      readonly decor: readonly Decoration[];
      readonly block: BlockBox;
      readonly path: readonly BlockBox[];
      keepWithNext: boolean;
    }
  | {
      readonly type: "rule";
      readonly height: number;
      readonly x: number;
      readonly width: number;
      readonly thickness: number;
      readonly color: string;
      readonly decor: readonly Decoration[];
    }
  | {
      readonly type: "svg";
      readonly height: number;
      readonly x: number;
      readonly scale: number;
      readonly svg: SvgBox;
      readonly path: readonly BlockBox[];
      readonly decor: readonly Decoration[];
    }
  | {
      readonly type: "image";
      readonly height: number;
      readonly x: number;
      readonly width: number;
      readonly image: ImageBox;
      readonly path: readonly BlockBox[];
      readonly decor: readonly Decoration[];
    }
  | {
      readonly type: "row";
      readonly height: number;
      readonly cells: readonly (readonly Placed[])[];
      readonly decor: readonly Decoration[];
      /** A header row, or a body row among its table's first `orphans` or last `widows`: kept with the row after it. */
      keepWithNext: boolean;
      /** A body row's table header, set again at the top of a page the table continues on. */
      readonly header?: readonly Extract<Entry, { type: "row" }>[];
      /** A repeated header: drawn as a pagination artifact, not tagged a second time. */
      readonly artifact?: boolean;
      /**
       * Kept with the next row by `orphans` / `widows` alone (a body row): a keep given up where the
       * rows so kept are taller than a page, so that the caption and header still go with the first.
       */
      readonly keptAsLine?: true;
    }
  | { readonly type: "avoid-start" }
  | { readonly type: "avoid-end" }
  | { readonly type: "page-break" };

export type Placed = Exclude<Entry, { type: "avoid-start" | "avoid-end" | "page-break" }> & { readonly y: number };

export interface PageGeometry {
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export interface LayoutPlan {
  readonly geometry: PageGeometry;
  readonly pages: readonly (readonly Placed[])[];
}

export interface MissingGlyphAt {
  readonly char: string;
  readonly block: string;
}

export interface FlattenOptions {
  readonly engine: PdfEngine;
  /** The column the tree is laid out in: its left edge and width, in points. */
  readonly x: number;
  readonly width: number;
  /** Where characters no face has are recorded, with the block they are in. */
  readonly missing: MissingGlyphAt[];
  /** The blocks around the tree's root (a table cell's table and row), for the structure tree. */
  readonly path?: readonly BlockBox[];
  /** The language around the tree's root (the document's, for a table cell its block's). */
  readonly lang?: string;
}

/** Where a block is laid out: its containing column and what is drawn beside every line of it. */
interface Area {
  readonly x: number;
  readonly width: number;
  readonly decor: readonly Decoration[];
  readonly path: readonly BlockBox[];
  /** The language the block's text is in: its own `lang`, or the nearest ancestor's. */
  readonly lang: string | undefined;
}

/** Turn the block tree into a flat list of lines and spaces, each with its x and height. */
export function flattenBlocks(root: BlockBox, options: FlattenOptions): Entry[] {
  const { engine, missing } = options;
  const entries: Entry[] = [];
  const space = (height: number, collapsible: boolean, decor: readonly Decoration[]) => {
    if (height <= 0) return;
    const last = entries.at(-1);
    if (collapsible && last?.type === "space" && last.collapsible) {
      entries[entries.length - 1] = { ...last, height: Math.max(last.height, height) };
    } else entries.push({ type: "space", height, collapsible, decor });
  };

  const visit = (box: BlockBox, area: Area) => {
    const { x: x0, width: w0, decor, path } = area;
    const lang = box.lang ?? area.lang;
    const s = box.style;
    if (s.breakBefore === "page") entries.push({ type: "page-break" });
    space(s.margin.top, true, decor);
    const bx = x0 + s.margin.left;
    const bw = w0 - s.margin.left - s.margin.right;
    // A heading's rule, padding and lines go together, and stay with what follows.
    const heading = HEADING.test(box.tag);
    const avoid = s.breakInside === "avoid" || heading;
    if (avoid) entries.push({ type: "avoid-start" });
    if (s.borderTop) {
      entries.push({
        type: "rule",
        height: s.borderTop.width,
        x: bx,
        width: bw,
        thickness: s.borderTop.width,
        color: s.borderTop.color,
        decor,
      });
    }
    const own: Decoration[] = [...decor];
    if (s.background) own.push({ x: bx, width: bw, color: s.background });
    if (s.borderLeft) own.push({ x: bx, width: s.borderLeft.width, color: s.borderLeft.color });
    const cx = bx + (s.borderLeft?.width ?? 0) + s.padding.left;
    const cw = bw - (s.borderLeft?.width ?? 0) - s.padding.left - s.padding.right;
    space(s.padding.top, false, own);
    const here = [...path, box];
    const firstLine = entries.length;
    if (s.display === "table") {
      // The caption first, kept with the first row (the user-agent sheet: break-after: avoid).
      for (const child of box.children) {
        if (child.kind === "block" && child.tag === "caption")
          visit(child, { x: cx, width: cw, decor: own, path: here, lang });
      }
      // The rows of <thead>, kept with the first body row and set again on each page the table continues on.
      const header: RowEntry[] = [];
      const rows = tableRows(box);
      const bodyRows = rows.filter((r) => !r.via.some((v) => v.tag === "thead")).length;
      let bodyIndex = 0;
      for (const row of rows) {
        const entry = layoutRow(row.row, {
          engine,
          missing,
          x: cx,
          width: cw,
          decor: own,
          path: [...here, ...row.via],
          ...(lang ? { lang } : {}),
        });
        if (row.via.some((v) => v.tag === "thead")) {
          entry.keepWithNext = true;
          header.push(entry);
          entries.push(entry);
          continue;
        }
        // Rows as a paragraph's lines: no page break after fewer than `orphans` of them or before
        // fewer than `widows` (a table's last row alone under its repeated header, real material).
        bodyIndex++;
        entry.keepWithNext = bodyIndex < bodyRows && (bodyIndex < s.orphans || bodyRows - bodyIndex < s.widows);
        const kept = entry.keepWithNext ? { keptAsLine: true as const } : {};
        entries.push(header.length ? { ...entry, header, ...kept } : { ...entry, ...kept });
      }
    }
    let markerPending = box.marker;
    for (const child of s.display === "table" ? [] : box.children) {
      if (child.kind === "block") {
        if (markerPending && child.children[0]?.kind === "inline") {
          child.marker = markerPending;
          markerPending = undefined;
        }
        visit(child, { x: cx, width: cw, decor: own, path: here, lang });
      } else if (child.kind === "inline") {
        const lines = breakLines(child, { engine, missing, block: box, x: cx, width: cw, marker: markerPending, lang });
        markerPending = undefined;
        lines.forEach((ops, n) =>
          entries.push({
            type: "line",
            height: lineHeight(ops, s),
            ops: alignLine(ops, s, cx, cw),
            decor: own,
            block: box,
            path: here,
            // No page break after fewer than `orphans` lines or before fewer than `widows`; a heading never breaks.
            keepWithNext: heading || (n + 1 < lines.length && (n + 1 < s.orphans || lines.length - (n + 1) < s.widows)),
          }),
        );
      } else if (child.kind === "image") {
        // Natural size in CSS px (0.75 pt each), never wider than the column.
        const w = Math.min(cw, child.width * 0.75);
        entries.push({
          type: "image",
          height: (w * child.height) / child.width,
          x: cx,
          width: w,
          image: child,
          path: here,
          decor: own,
        });
      } else {
        const scale = Math.min(1, cw / child.width);
        entries.push({ type: "svg", height: child.height * scale, x: cx, scale, svg: child, path: here, decor: own });
      }
    }
    // Headings stay with what follows them; so does anything marked break-after: avoid.
    if (s.breakAfter === "avoid" || heading) {
      for (let i = entries.length - 1; i >= firstLine; i--) {
        const e = entries[i]!;
        if (e.type === "line" || e.type === "row") {
          e.keepWithNext = true;
          break;
        }
        if (e.type === "svg" || e.type === "image") break;
      }
    }
    space(s.padding.bottom, false, own);
    if (s.borderBottom) {
      entries.push({
        type: "rule",
        height: s.borderBottom.width,
        x: bx,
        width: bw,
        thickness: s.borderBottom.width,
        color: s.borderBottom.color,
        decor,
      });
    }
    if (avoid) entries.push({ type: "avoid-end" });
    space(s.margin.bottom, true, decor);
    if (s.breakAfter === "page") entries.push({ type: "page-break" });
  };
  visit(root, { x: options.x, width: options.width, decor: [], path: options.path ?? [], lang: options.lang });
  return entries;
}

/** Rows of a table, directly or through thead/tbody (kept in the structure path). */
function tableRows(table: BlockBox): { row: BlockBox; via: BlockBox[] }[] {
  const rows: { row: BlockBox; via: BlockBox[] }[] = [];
  for (const child of table.children) {
    if (child.kind !== "block") continue;
    if (child.style.display === "table-row") rows.push({ row: child, via: [] });
    else
      for (const r of child.children)
        if (r.kind === "block" && r.style.display === "table-row") rows.push({ row: r, via: [child] });
  }
  return rows;
}

/** A number in a table cell: digits with group and decimal separators, a sign, a percent or currency sign. */
const NUMERIC_CELL = /^[-+−±~≈<>]?\s*[$€£₸₽¥]?\s*\d[\d\s\u00a0\u202f.,]*\s*(?:%|‰|[$€£₸₽¥])?$/u;

/** The text of a block's inline content, for deciding how a cell aligns. */
function blockText(box: BlockBox): string {
  return box.children
    .map((c) => (c.kind === "inline" ? c.runs.map((r) => r.text).join("") : c.kind === "block" ? blockText(c) : ""))
    .join(" ")
    .trim();
}

/**
 * A cell as laid out: a number whose cell is left-aligned by the stylesheet's default is set flush
 * right, like a `text-align: right` cell, so the digits of a column line up. A cell aligned by its
 * own `style` (a Markdown column marked `:---`, a column of years) keeps it, as the HTML does.
 */
function alignedCell(cell: BlockBox): BlockBox {
  if (cell.alignedByAuthor || cell.style.textAlign !== "left" || !NUMERIC_CELL.test(blockText(cell))) return cell;
  return { ...cell, style: { ...cell.style, textAlign: "right" } };
}

/** A simple table row: equal columns, each cell laid out on its own, the row as tall as its tallest cell. */
function layoutRow(row: BlockBox, options: FlattenOptions & { readonly decor: readonly Decoration[] }): RowEntry {
  const { engine, missing, x, width, decor, path = [], lang } = options;
  const cells = row.children.filter((c): c is BlockBox => c.kind === "block").map(alignedCell);
  const columnWidth = width / Math.max(1, cells.length);
  const placed = cells.map((cell, i) => {
    let y = 0;
    const out: Placed[] = [];
    const column = {
      engine,
      missing,
      x: x + i * columnWidth,
      width: columnWidth,
      path: [...path, row],
      ...(lang ? { lang } : {}),
    };
    for (const e of flattenBlocks(cell, column)) {
      if (e.type === "avoid-start" || e.type === "avoid-end" || e.type === "page-break") continue;
      out.push({ ...e, y });
      y += e.height;
    }
    return { out, height: y };
  });
  return {
    type: "row",
    height: Math.max(0, ...placed.map((p) => p.height)),
    cells: placed.map((p) => p.out),
    decor,
    keepWithNext: false,
  };
}

interface Piece {
  readonly text: string;
  readonly run: InlineRun;
  readonly face: FontFace;
  readonly width: number;
  readonly space: boolean;
  /** Where the text had soft hyphens (taken out of it): offsets before which it may break. */
  readonly softBreaks: readonly number[];
}

interface BreakOptions {
  readonly engine: PdfEngine;
  readonly missing: MissingGlyphAt[];
  /** The block the content is in: its style sets the line height, its tag names missing glyphs. */
  readonly block: BlockBox;
  /** The column: left edge and width, in points. */
  readonly x: number;
  readonly width: number;
  /** A list item's marker, set in the margin of the first line. */
  readonly marker: string | undefined;
  /** The block's language: which hyphenation rules its words follow. */
  readonly lang: string | undefined;
}

/**
 * Greedy line breaking at spaces (linear time). A word that does not fit is hyphenated, when its
 * style's `hyphens` allows, at its last point that fits the line (first-fit, as TeX's and the
 * browsers' ragged setting); failing that it starts the next line, and a word wider than a whole
 * line is cut at characters.
 */
function breakLines(content: InlineBox, options: BreakOptions): TextOp[][] {
  const { engine, missing, block, x, width, marker, lang } = options;
  const fonts = engine.fonts;
  const pieces: Piece[] = [];
  for (const run of content.runs) {
    const measured = measureRun(engine, run);
    for (const char of measured.missing) missing.push({ char, block: block.tag });
    for (const seg of measured.segments)
      pieces.push({
        text: seg.text,
        run,
        face: seg.face,
        width: seg.width,
        space: seg.space,
        softBreaks: seg.softBreaks ?? NO_BREAKS,
      });
  }
  const lines: Piece[][] = [];
  let line: Piece[] = [];
  let used = 0;
  // Lines in a row that end in a hyphen.
  let hyphenated = 0;
  const push = (withHyphen = false) => {
    while (line.length && line.at(-1)!.space) line.pop();
    lines.push(line);
    line = [];
    used = 0;
    hyphenated = withHyphen ? hyphenated + 1 : 0;
  };
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (p.text === "\n") {
      push();
      continue;
    }
    if (p.space) {
      if (line.length) {
        line.push(p);
        used += p.width;
      }
      continue;
    }
    // A word and whatever non-space pieces are glued to it (a face change or a new run inside a
    // word, a link followed by its comma): such a word is not hyphenated.
    let wordWidth = p.width;
    let glued = false;
    let next = i + 1;
    for (; next < pieces.length && !pieces[next]!.space; next++) {
      wordWidth += pieces[next]!.width;
      glued = true;
    }
    // The paragraph's (or a line break's) last word is not hyphenated on a line with words
    // before it: its tail would be the last line alone, a piece of a word («шығар-/ды.»), which
    // Russian and Kazakh make-up rules forbid (CSS `hyphenate-limit-last`, TeX's
    // \finalhyphendemerits). It starts the next line whole instead.
    while (next < pieces.length && pieces[next]!.space && pieces[next]!.text !== "\n") next++;
    const lastWord = next >= pieces.length || pieces[next]!.text === "\n";
    let rest = p;
    let need = wordWidth;
    let points: readonly number[] | undefined;
    while (used + need > width) {
      points ??= glued ? NO_BREAKS : breakPoints(p, lang);
      const started = line.some((q) => !q.space);
      // A line already nearly full, a third hyphen in a row, or the last word, is left as it is
      // (a word wider than a whole line is still broken at its points).
      const worth =
        !started || (!lastWord && width - used > width * HYPHENATION_ZONE && hyphenated < MAX_HYPHENATED_LINES);
      const split = worth ? splitToFit(fonts, rest, points, width - used) : undefined;
      if (split) {
        line.push(split.head);
        push(true);
        rest = split.tail;
        points = split.tailPoints;
        need = rest.width;
      } else if (started) push();
      else break;
    }
    if (rest.width > width) {
      for (const chunk of cutWord(fonts, rest, width - used)) {
        if (used + chunk.width > width && line.length) push();
        line.push(chunk);
        used += chunk.width;
      }
      continue;
    }
    line.push(rest);
    used += rest.width;
  }
  if (line.length) push();

  return lines.map((ps, n) => {
    const ops: TextOp[] = [];
    let cx = x;
    if (n === 0 && marker) {
      const style = content.runs[0]?.style ?? block.style;
      const face = faceFor(fonts, style);
      const w = widthOf(fonts, face, marker, style.fontSize);
      ops.push({
        x: x - w - style.fontSize * 0.5,
        baseline: 0,
        text: marker,
        face,
        size: style.fontSize,
        color: style.color,
        width: w,
        label: true,
      });
    }
    // Pieces in the same face, size, colour, link and language are drawn as one op.
    let first = 0;
    const flush = (end: number) => {
      if (end <= first) return;
      const p = ps[first]!;
      let text = "";
      let w = 0;
      for (let k = first; k < end; k++) {
        text += ps[k]!.text;
        w += ps[k]!.width;
      }
      ops.push({
        x: cx,
        baseline: 0,
        text,
        face: p.face,
        size: p.run.style.fontSize,
        color: p.run.style.color,
        width: w,
        ...(p.run.href ? { href: p.run.href } : {}),
        ...(p.run.lang ? { lang: p.run.lang } : {}),
      });
      cx += w;
      first = end;
    };
    for (let k = 1; k < ps.length; k++) {
      const a = ps[first]!;
      const b = ps[k]!;
      if (
        a.face !== b.face ||
        a.run.style.fontSize !== b.run.style.fontSize ||
        a.run.style.color !== b.run.style.color ||
        a.run.href !== b.run.href ||
        a.run.lang !== b.run.lang
      )
        flush(k);
    }
    flush(ps.length);
    const blockFace = faceFor(fonts, block.style);
    let ascent = ascentOf(blockFace, block.style.fontSize);
    let descent = descentOf(blockFace, block.style.fontSize);
    for (const o of ops) {
      ascent = Math.max(ascent, ascentOf(o.face, o.size));
      descent = Math.max(descent, descentOf(o.face, o.size));
    }
    const height = lineHeightOf(ops, block.style);
    const baseline = (height - (ascent + descent)) / 2 + ascent;
    return ops.map((o) => ({ ...o, baseline }));
  });
}

const NO_BREAKS: readonly number[] = [];
/**
 * Ragged-right setting hyphenates only a line that would otherwise end this far (a share of the
 * line) short of the column: a nearly full line stays whole (CSS `hyphenate-limit-zone`).
 */
const HYPHENATION_ZONE = 0.06;
/** At most this many lines in a row end in a hyphen (CSS `hyphenate-limit-lines`, TeX's ladders). */
const MAX_HYPHENATED_LINES = 2;

/** Where a word may break: its soft hyphens, and with `hyphens: auto` its language's hyphenation points. */
function breakPoints(p: Piece, blockLang: string | undefined): readonly number[] {
  const { hyphens } = p.run.style;
  if (hyphens === "none") return NO_BREAKS;
  const lang = p.run.lang ?? blockLang;
  if (hyphens === "manual" || lang === undefined) return p.softBreaks;
  const auto = hyphenationPoints(p.text, lang);
  if (p.softBreaks.length === 0) return auto;
  return [...new Set([...p.softBreaks, ...auto])].sort((a, b) => a - b);
}

/**
 * A word cut at its last break point that leaves a head (with its hyphen) no wider than `room`,
 * and the points left in the tail. The hyphen is a soft hyphen: drawn as a hyphen, and the text
 * layer records U+00AD so extracted text rejoins the word (src/fonts/shape.ts).
 *
 * The heads are measured from the first point on and the scan stops at the first that does not
 * fit (a longer head is no narrower), and a tail longer than LONG_TAIL characters is not
 * measured (its width is unknown, taken as more than a line) until the splits have shortened
 * it: scanning from the last point, and measuring each whole tail, shaped the whole word again
 * per point and per line, and a 2,400-letter word of ligatures took 15 s to lay out, a
 * 100,000-letter one more than 10 minutes (a red-team test, 2026-12-04).
 */
function splitToFit(
  fonts: FontStack,
  p: Piece,
  points: readonly number[],
  room: number,
): { head: Piece; tail: Piece; tailPoints: readonly number[] } | undefined {
  const size = p.run.style.fontSize;
  let fit: { at: number; k: number; head: string; width: number } | undefined;
  for (let k = 0; k < points.length; k++) {
    const at = points[k]!;
    const head = p.text.slice(0, at) + SOFT_HYPHEN;
    const width = widthOf(fonts, p.face, head, size);
    if (width > room) break;
    fit = { at, k, head, width };
  }
  if (!fit) return undefined;
  const tail = p.text.slice(fit.at);
  return {
    head: { ...p, text: fit.head, width: fit.width, softBreaks: NO_BREAKS },
    tail: {
      ...p,
      text: tail,
      width: tail.length > LONG_TAIL ? Number.POSITIVE_INFINITY : widthOf(fonts, p.face, tail, size),
      softBreaks: NO_BREAKS,
    },
    tailPoints: points.slice(fit.k + 1).map((b) => b - fit.at),
  };
}

/** A tail longer than this is not measured while it is still being split (see `splitToFit`). */
const LONG_TAIL = 1000;

export interface MeasuredRun {
  readonly segments: readonly {
    readonly text: string;
    readonly face: FontFace;
    readonly width: number;
    readonly space: boolean;
    /** Offsets of the soft hyphens taken out of the text, when it had any. */
    readonly softBreaks?: readonly number[];
  }[];
  /** Characters no face has, in order. */
  readonly missing: readonly string[];
}

// A run's words, faces and widths depend only on its text and style (styles are shared objects).
function measureRun(engine: PdfEngine, run: InlineRun): MeasuredRun {
  return engine.measuredRuns.get(run.style, run.text, () => measureRunUncached(engine.fonts, run));
}

function measureRunUncached(fonts: FontStack, run: InlineRun): MeasuredRun {
  const segments: MeasuredRun["segments"][number][] = [];
  const lost: string[] = [];
  const chain = fonts.chainOf(run.style);
  const face = chain.primary;
  const size = run.style.fontSize;
  const text = run.text;
  // Words, spaces and line breaks found by index, a word in its one face without a list of
  // pieces: layout measured every run of every page this way, and its arrays (split parts,
  // soft-hyphen lists, one-piece splits) were a sixth of a build's allocations.
  let space: MeasuredRun["segments"][number] | undefined;
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c !== 0x20 && c !== 0x0a && c !== -1) continue;
    if (i > from) measureWord(fonts, { text: text.slice(from, i), chain, size, segments, lost });
    if (c === 0x0a) segments.push({ text: "\n", face, width: 0, space: true });
    else if (c === 0x20)
      segments.push((space ??= { text: " ", face, width: widthOf(fonts, face, " ", size), space: true }));
    from = i + 1;
  }
  return { segments, missing: lost };
}

interface WordToMeasure {
  readonly text: string;
  readonly chain: FaceChain;
  readonly size: number;
  readonly segments: MeasuredRun["segments"][number][];
  readonly lost: string[];
}

/** A word's segments: one per face that draws a part of it, with the soft hyphens taken out. */
function measureWord(fonts: FontStack, { text, chain, size, segments, lost }: WordToMeasure): void {
  // Soft hyphens are break points, not text: taken out, their places kept (most words have none).
  let word = text;
  let soft: number[] = NO_SOFT_BREAKS;
  if (word.includes(SOFT_HYPHEN)) {
    soft = [];
    for (let at = word.indexOf(SOFT_HYPHEN); at >= 0; at = word.indexOf(SOFT_HYPHEN, at)) {
      word = word.slice(0, at) + word.slice(at + 1);
      if (at > 0 && at < word.length && soft.at(-1) !== at) soft.push(at);
    }
  }
  if (word === "") return;
  const segment = (piece: string, face: FontFace, own: readonly number[]) => {
    const width = widthOf(fonts, face, piece, size);
    segments.push(
      own.length
        ? { text: piece, face, width, space: false, softBreaks: own }
        : { text: piece, face, width, space: false },
    );
  };
  if (coveredBy(fonts, chain.primary, word)) return segment(word, chain.primary, soft);
  let start = 0;
  for (const [piece, use] of splitByFace(fonts, word, chain, lost)) {
    segment(
      piece,
      use,
      soft.length === 0 ? soft : soft.filter((at) => at > start && at < start + piece.length).map((at) => at - start),
    );
    start += piece.length;
  }
}

/** Shared by every word without soft hyphens: never written to. */
const NO_SOFT_BREAKS: number[] = [];

/** Characters no face can draw, without laying anything out: what `tilpress check` needs. */
export function scanGlyphs(fonts: FontStack, box: BlockBox, missing: MissingGlyphAt[]): void {
  for (const child of box.children) {
    if (child.kind === "block") scanGlyphs(fonts, child, missing);
    else if (child.kind === "inline") {
      const lost: string[] = [];
      for (const run of child.runs) splitByFace(fonts, run.text.replace(/[ \n]/g, ""), fonts.chainOf(run.style), lost);
      for (const char of lost) missing.push({ char, block: box.tag });
    }
  }
}

/** Cut a too-long word into pieces that fit, measuring each character once. */
function cutWord(fonts: FontStack, p: Piece, firstWidth: number): Piece[] {
  const out: Piece[] = [];
  const size = p.run.style.fontSize;
  const limit = Math.max(firstWidth, size);
  let text = "";
  let w = 0;
  let room = limit;
  for (const char of p.text) {
    const cw = widthOf(fonts, p.face, char, size);
    if (w + cw > room && text) {
      out.push({ ...p, text, width: w });
      text = "";
      w = 0;
      room = Math.max(p.width > limit ? limit : room, size);
    }
    text += char;
    w += cw;
  }
  if (text) out.push({ ...p, text, width: w });
  return out;
}

function lineHeightOf(ops: readonly TextOp[], style: ComputedStyle): number {
  return Math.max(style.fontSize * style.lineHeight, ...ops.map((o) => o.size * style.lineHeight));
}

function lineHeight(ops: readonly TextOp[], style: ComputedStyle): number {
  return lineHeightOf(ops, style);
}

function alignLine(ops: readonly TextOp[], style: ComputedStyle, x: number, width: number): TextOp[] {
  if (style.textAlign === "left" || ops.length === 0) return [...ops];
  const text = ops.filter((o) => !o.label);
  const right = Math.max(...text.map((o) => o.x + o.width));
  const shift = (x + width - right) / (style.textAlign === "center" ? 2 : 1);
  return ops.map((o) => (o.label ? o : { ...o, x: o.x + shift }));
}

type RowEntry = Extract<Entry, { type: "row" }>;

const HEADING = /^h[1-4]$/;
/** How many lines of what follows a heading are kept on its page. */
const HEADING_KEEPS = 2;

/** Whether nothing may break between an entry and the next content: a kept line or header row. */
const keeps = (e: Entry): boolean => (e.type === "line" || e.type === "row") && e.keepWithNext;

/** The index of the avoid-end that closes the avoid-start at `from`. */
function groupEnd(entries: readonly Entry[], from: number): number {
  let depth = 0;
  for (let j = from; j < entries.length; j++) {
    const g = entries[j]!;
    if (g.type === "avoid-start") depth++;
    else if (g.type === "avoid-end" && --depth === 0) return j;
  }
  return entries.length - 1;
}

/** The height of the break-inside: avoid group that starts at `from`. */
function groupHeight(entries: readonly Entry[], from: number): number {
  let h = 0;
  const end = groupEnd(entries, from);
  for (let k = from; k <= end; k++) {
    const g = entries[k]!;
    if (g.type !== "avoid-start" && g.type !== "avoid-end" && g.type !== "page-break") h += g.height;
  }
  return h;
}

/**
 * The height that must go on one page from entry `from` on: the entry (or the whole
 * break-inside: avoid group it starts), and while what was added keeps with the next (a heading,
 * a header row, a paragraph's first orphans or last widows lines), the spaces and content after it.
 * A forced page break ends the chain. `loose`: a group after the first counts line by line (for a
 * heading whose next block is taller than a page: it still keeps the block's first lines).
 */
export function keptHeight(entries: readonly Entry[], from: number, loose = false): number {
  let h = 0;
  // Content entries still owed to a heading: it stays with two lines of what follows, even when
  // those are two one-line blocks (list items, say).
  let owed = 0;
  const count = (g: Entry) => {
    if (g.type === "line" && HEADING.test(g.block.tag)) owed = HEADING_KEEPS;
    else if (g.type !== "space" && g.type !== "rule") owed = Math.max(0, owed - 1);
  };
  for (let j = from; j < entries.length; j++) {
    const e = entries[j]!;
    if (e.type === "page-break") return h;
    if (e.type === "avoid-end") continue;
    let last: Entry = e;
    if (e.type === "avoid-start" && loose && j > from) continue;
    if (e.type === "avoid-start") {
      const end = groupEnd(entries, j);
      let lastContent: Entry | undefined;
      for (let k = j; k <= end; k++) {
        const g = entries[k]!;
        if (g.type === "avoid-start" || g.type === "avoid-end" || g.type === "page-break") continue;
        h += g.height;
        count(g);
        if (g.type !== "space" && g.type !== "rule") lastContent = g;
      }
      j = end;
      if (!lastContent) continue;
      last = lastContent;
    } else {
      h += e.height;
      count(e);
      if (e.type === "space" || e.type === "rule") continue;
    }
    if (!keeps(last) && owed === 0) return h;
  }
  return h;
}

/**
 * A table's body rows kept together by `orphans` / `widows` (`keptAsLine`) keep no more where,
 * with what they are kept with (the caption and header before the first rows, the header set
 * again above the last), they are taller than a page: rows of half a page each. Kept, the
 * caption and header were left alone on a page, or the header set again above nothing.
 */
function rowKeepsThatFit(entries: readonly Entry[], room: number): readonly Entry[] {
  let out: Entry[] | undefined;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.type !== "row" || !e.keptAsLine) continue;
    // The chain this row is in starts at the first entry before it that keeps with what follows.
    let start = i;
    while (start > 0 && (entries[start - 1]!.type === "space" || keeps(entries[start - 1]!))) start--;
    while (entries[start]!.type === "space") start++;
    let end = i;
    while (end + 1 < entries.length && keeps(entries[end]!)) end++;
    const header = e.header?.reduce((sum, r) => sum + r.height, 0) ?? 0;
    if (keptHeight(entries, start) + (start === i ? header : 0) > room) {
      out ??= entries.slice();
      for (let k = i; k < end; k++) {
        const r = out[k]!;
        if (r.type === "row" && r.keptAsLine) out[k] = { ...r, keepWithNext: false };
      }
    }
    i = end;
  }
  return out ?? entries;
}

/**
 * Fill pages. A page breaks only where nothing is kept together: never after a heading or a
 * table's header row, inside a break-inside: avoid group, or inside a paragraph's first
 * `orphans` / last `widows` lines. What is kept together and taller than a page breaks as needed.
 * A table's body row that starts a page has the table's header rows set above it again.
 */
export function paginate(given: readonly Entry[], geometry: PageGeometry): LayoutPlan {
  const pages: Placed[][] = [[]];
  const top = geometry.top;
  const bottom = geometry.height - geometry.bottom;
  const room = bottom - top;
  const entries = rowKeepsThatFit(given, room);
  let y = top;
  const newPage = () => {
    if (pages.at(-1)!.length === 0) return;
    pages.push([]);
    y = top;
  };
  const place = (e: Exclude<Entry, { type: "avoid-start" | "avoid-end" | "page-break" }>) => {
    pages.at(-1)!.push({ ...e, y });
    y += e.height;
  };
  /**
   * The height of the header set again above a body row that starts a page. A header taller than
   * a quarter of the page is set once, where the table starts: repeated, it would leave the rows
   * little of each page (or none, and the row would be drawn past the page's foot).
   */
  const headerHeight = (e: Entry): number => {
    const height = e.type === "row" && e.header ? e.header.reduce((sum, r) => sum + r.height, 0) : 0;
    return height <= room / 4 ? height : 0;
  };
  /**
   * Move what the page ends with that must stay with what follows (a table's caption and header
   * rows, a heading, the spaces between them) to a new page, unless it is all the page holds.
   */
  const carryKeptToNewPage = () => {
    const page = pages.at(-1)!;
    let from = page.length;
    while (from > 0) {
      const last = page[from - 1]!;
      const kept =
        (last.type === "line" || last.type === "row") && last.keepWithNext && !("artifact" in last && last.artifact);
      if (!kept && last.type !== "space") break;
      from--;
    }
    const carried = from > 0 ? page.splice(from) : [];
    newPage();
    for (const c of carried) if (c.type !== "space" || y !== top) place(c);
  };
  /** Start a new page when what must stay together from `i` on does not fit below `y` but fits on a page. */
  const breakBefore = (i: number) => {
    if (y === top) return;
    const e = entries[i]!;
    for (const loose of [false, true]) {
      // The header set again only on a new page: below `y` the table's own header may be above it.
      const kept = keptHeight(entries, i, loose);
      if (kept + headerHeight(e) <= room) {
        if (y + kept > bottom) carryKeptToNewPage();
        return;
      }
    }
    // Too tall to keep together: the entry itself (or its whole group, if that fits on a page).
    // A row taller than a page starts where it is and is split (placeRow).
    const own = e.type === "avoid-start" ? groupHeight(entries, i) : "height" in e ? e.height : 0;
    if (e.type === "row" && own + headerHeight(e) > room) return;
    if (y + own > bottom && (own <= room || e.type !== "avoid-start")) carryKeptToNewPage();
  };
  /** A row, with its table's header above it at the top of a page; split between pages where it does not fit. */
  const placeRow = (row: RowEntry) => {
    for (;;) {
      if (y === top && row.header && !row.header.includes(row) && headerHeight(row) > 0)
        for (const h of row.header) place({ ...h, artifact: true });
      if (y + row.height <= bottom) break;
      const parts = splitRow(row, bottom - y);
      if (parts) {
        place(parts[0]);
        newPage();
        row = parts[1];
      } else if (y === top || pages.at(-1)!.every((p) => p.type === "row" && p.artifact)) break;
      // Not a line of the row fits: it starts the next page, with its caption and header if they end this one.
      else carryKeptToNewPage();
    }
    place(row);
  };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.type === "page-break") {
      newPage();
      continue;
    }
    if (e.type === "avoid-end") continue;
    if (e.type === "avoid-start") {
      breakBefore(i);
      continue;
    }
    if (e.type === "space") {
      if (y === top && e.collapsible) continue;
      if (y + e.height > bottom) {
        newPage();
        continue;
      }
    } else breakBefore(i);
    if (e.type === "row") placeRow(e);
    else place(e);
  }
  // A space after the last block that did not fit opened a page nothing followed it onto: the PDF
  // would end with a blank page, its running header and footer alone.
  if (pages.length > 1 && pages.at(-1)!.length === 0) pages.pop();
  return { geometry, pages };
}

/**
 * A row cut where `space` (points) runs out: each cell's entries that end within it, then the
 * rest, moved up to start the next page. A cell's own lines are not kept together (as in
 * browsers: a row taller than a page would otherwise be clipped at the page's foot).
 * `undefined` when no cell's first line fits.
 */
export function splitRow(row: RowEntry, space: number): [RowEntry, RowEntry] | undefined {
  const heads: Placed[][] = [];
  const tails: Placed[][] = [];
  let fits = false;
  for (const cell of row.cells) {
    let at = cell.findIndex((p) => p.y + p.height > space);
    if (at < 0) at = cell.length;
    const head = cell.slice(0, at);
    if (head.some((p) => p.type !== "space")) fits = true;
    let rest = cell.slice(at);
    while (rest[0]?.type === "space") rest = rest.slice(1);
    const shift = rest[0]?.y ?? 0;
    heads.push(head);
    tails.push(rest.map((p) => ({ ...p, y: p.y - shift })));
  }
  if (!fits) return undefined;
  const height = (cells: readonly (readonly Placed[])[]) =>
    Math.max(0, ...cells.map((c) => (c.length ? c.at(-1)!.y + c.at(-1)!.height : 0)));
  return [
    { ...row, cells: heads, height: height(heads) },
    { ...row, cells: tails, height: height(tails) },
  ];
}

/** A readable dump of a plan: one line per placed line, for golden files and debugging. */
export function describePlan(plan: LayoutPlan): string {
  const out: string[] = [];
  plan.pages.forEach((page, n) => {
    out.push(`page ${n + 1}`);
    for (const p of page) {
      const y = p.y.toFixed(1).padStart(6);
      if (p.type === "line") {
        out.push(`${y} ${p.block.structTag.padEnd(10)} ${p.ops.map((o) => o.text).join("")}`);
      } else if (p.type === "svg")
        out.push(`${y} Figure     [svg ${p.svg.width}×${p.svg.height} at ${p.scale.toFixed(2)}]`);
      else if (p.type === "rule") out.push(`${y} ---`);
      else if (p.type === "image")
        out.push(`${y} Figure     [image ${p.image.width}×${p.image.height} as ${p.width.toFixed(0)} pt wide]`);
    }
  });
  return out.join("\n") + "\n";
}

export type { Element };
