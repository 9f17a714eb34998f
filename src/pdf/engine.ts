import { BoundedCache } from "../core/boundedCache.js";
import { createFontStack, type FontFace, type FontStack } from "../fonts/fontStack.js";
import type { ComputedStyle } from "./computeStyle.js";
import type { Stylesheet } from "./css.js";
import type { MeasuredRun } from "./layout.js";
import type { DescriptorInfo, SetText } from "./pdfFonts.js";

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
  /** The faces, shaped words, glyph coverage and parsed TrueType tables (src/fonts/fontStack.ts). */
  readonly fonts: FontStack;
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
   * the characters no face has. Bound: 200 runs per style, then that style starts afresh.
   */
  readonly measuredRuns: BoundedCache<ComputedStyle, string, MeasuredRun>;
  /**
   * Key: a face, then a piece of text set in it. Value: its TJ operator, the same in every
   * document and size (null for text with raised or lowered marks, drawn uncached). Bound: 4,000
   * pieces per face, then that face starts afresh.
   */
  readonly textOperators: BoundedCache<FontFace, string, SetText | null>;
  /**
   * Key: a face. Value: its FontDescriptor values (some fontkit getters decode a table per
   * read). Bound: the eight faces.
   */
  readonly fontDescriptors: Map<FontFace, DescriptorInfo>;
}

export function createPdfEngine(): PdfEngine {
  return {
    fonts: createFontStack(),
    stylesheets: new Map(),
    cascades: new WeakMap(),
    computedStyles: new WeakMap(),
    measuredRuns: new BoundedCache(200),
    textOperators: new BoundedCache(4_000),
    fontDescriptors: new Map(),
  };
}
