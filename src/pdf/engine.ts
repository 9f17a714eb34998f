import { arrayBytes, BoundedCache, stringBytes } from "../core/boundedCache.js";
import { createFontStack, type FontFace, type FontStack, type FontStackOptions } from "../fonts/fontStack.js";
import type { ToolCache } from "../emit/toolCache.js";
import type { ComputedStyle } from "./computeStyle.js";
import type { Stylesheet } from "./css.js";
import type { MeasuredRun } from "./layout.js";
import type { DescriptorInfo } from "./pdfFonts.js";

/**
 * What the PDF engine keeps between documents: the fonts and every cache that depends on them
 * or on the stylesheet. The caller creates one and passes it down with each document; a new
 * engine starts cold and shares nothing with another, and dropping it frees all of it.
 *
 * Left at module level on purpose: caches of one document's objects live with that document
 * (pdfFonts.ts's `DocumentFonts`, paint.ts's structure elements); constant tables (element and
 * property sets, the user agent stylesheet, glyph-code and hex strings) and memos of pure
 * factories keyed by locale (Intl formatters in src/i18n/format.ts, markdown-it instances in
 * src/render/helpers/context.ts, a word's hyphenation points per language in
 * src/typography/hyphenate.ts, bounded) are the same whatever the data, so no caller needs to
 * reset them.
 */
export interface PdfEngine {
  /**
   * The faces, shaped words, glyph coverage and parsed TrueType tables (src/fonts/fontStack.ts).
   * The simple shaping path's tables (src/fonts/simpleShaping.ts: glyph and advance per code point
   * below U+2200, the glyphs each script's lookups touch, and at most 65,536 kerned pairs per
   * face and script) hang off each face's fontkit font in a WeakMap, so they go with the stack.
   */
  readonly fonts: FontStack;
  /** Where parsed stylesheets are kept between runs (src/pdf/stylesheetStore.ts), as the fonts' shaped words. */
  readonly toolCache: ToolCache | undefined;
  /**
   * Key: a page's stylesheet text (its `<style>` elements). Value: the parsed stylesheet, whose
   * identity keys `cascades`. Bound: 16 stylesheets, then it starts afresh (the preview parses
   * a new one after each edit of `templates/style.css`).
   */
  readonly stylesheets: Map<string, Stylesheet>;
  /**
   * Key: the page's own stylesheet, then the rules an element matches (their order numbers) and
   * its inline style. Value: the winning declarations, shared by every element that matches the
   * same rules. Bound: the rule combinations of the templates (a few dozen each).
   */
  readonly cascades: WeakMap<Stylesheet, Map<string, ReadonlyMap<string, string>>>;
  /**
   * Key: the parent's style, then the element's declarations (from `cascades`), then the root
   * font size. Value: the element's style, an object shared by every element with the same
   * three. Bound: follows `cascades` (one style per combination and parent style).
   */
  readonly computedStyles: WeakMap<ComputedStyle, WeakMap<ReadonlyMap<string, string>, Map<number, ComputedStyle>>>;
  /**
   * The same paragraphs come back in every template of a page and in similar articles. Key: a
   * run's style, then its text. Value: its words and spaces, each with its face and width, and
   * the characters no face has. Bound: MEASURED_RUNS_BYTES for every style together, the runs
   * not used lately dropped first.
   */
  readonly measuredRuns: BoundedCache<ComputedStyle, string, MeasuredRun>;
  /**
   * Key: a face. Value: its FontDescriptor values (some fontkit getters decode a table per
   * read). Bound: the eight faces.
   */
  readonly fontDescriptors: Map<FontFace, DescriptorInfo>;
  /**
   * Key: an image's bytes (the Buffer an article's images are read into once, shared by its
   * pages in every language). Value: pdfkit's parsed image, never embedded itself (paint.ts).
   * Bound: the images whose Buffers are still alive (a weak map: an article's go with it).
   */
  readonly images: WeakMap<Buffer, object>;
}

/**
 * Budget of the engine's measured runs, in bytes (estimated: src/core/boundedCache.ts). A run is
 * a paragraph or a line of a table. What recurs is the pages' furniture (headings, labels, the
 * about block, footers) and an article's text laid out again; body text does not recur across
 * articles, so a larger budget only holds lines that never come back. bench/memory.js, 120
 * articles: 41 % of look-ups answered with 4 MB, 34 % with 2 MB.
 *
 * Text operators (a line's TJ string) are not kept: 8 % of look-ups found one in 40 generated
 * articles (bench/memory.js), and estimating and keeping them cost what the hits saved
 * (alternating runs of 8 and 40 articles, 2026-12-04, docs/performance.md).
 */
export const MEASURED_RUNS_BYTES = 2 * 1024 * 1024;

export function createPdfEngine(options: FontStackOptions = {}): PdfEngine {
  return {
    fonts: createFontStack(options),
    toolCache: options.toolCache,
    stylesheets: new Map(),
    cascades: new WeakMap(),
    computedStyles: new WeakMap(),
    measuredRuns: new BoundedCache({ maxBytes: MEASURED_RUNS_BYTES, sizeOf: measuredRunBytes }),
    fontDescriptors: new Map(),
    images: new WeakMap(),
  };
}

/** The heap bytes of a cached run and its key (the run's text): each segment an object with its text. */
export function measuredRunBytes(text: string, run: MeasuredRun): number {
  let bytes = stringBytes(text) + 48 + arrayBytes(run.segments.length) + arrayBytes(run.missing.length);
  for (const s of run.segments)
    bytes += 64 + stringBytes(s.text) + (s.softBreaks ? arrayBytes(s.softBreaks.length) : 0);
  for (const m of run.missing) bytes += stringBytes(m);
  return bytes;
}
