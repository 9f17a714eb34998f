import type { DiagnosticList } from "../core/diagnostic.js";
import { findMissingGlyphs, type FontStack } from "../fonts/fontStack.js";
import { cldrLocaleData } from "../locale/cldr.js";
import { derivedLetters } from "../locale/derivedScript.js";
import type { Locale } from "../locale/index.js";

export interface LocaleCoverageOptions {
  readonly locales: readonly Locale[];
  /** The PDF engine's font stack, set to the project's fonts: theirs, DejaVu, `fonts.fallback`, Noto Emoji. */
  readonly fonts: FontStack;
}

/**
 * Every letter each locale is written with (CLDR's exemplar characters, in lower and upper
 * case; a derived locale's, kk-Latn's, those its script makes) has a glyph in the PDF's font stack: checked once per build, before any page, so that a
 * new language whose script the fonts lack is found when it is configured, not one character
 * at a time in the pages (`pdf/missing-glyph`).
 */
export function checkLocaleCoverage(options: LocaleCoverageOptions, diagnostics: DiagnosticList): void {
  const { locales, fonts } = options;
  for (const locale of locales) {
    const letters = derivedLetters(locale) ?? cldrLocaleData(locale).letters ?? "";
    const missing = findMissingGlyphs(letters + letters.toLocaleUpperCase(locale), fonts);
    if (!missing.length) continue;
    const shown = missing.slice(0, 12).map((m) => `${m.codePoint} "${m.char}"`);
    diagnostics.warn({
      code: "pdf/locale-coverage",
      message:
        `No font of the PDF has ${missing.length} of the letters ${locale} is written with: ` +
        `${shown.join(", ")}${missing.length > shown.length ? ", …" : ""}`,
      hint:
        `Add a TrueType font that covers ${locale} to "fonts.fallback" in tilpress.config.json (docs/fonts.md); ` +
        "until then a page with one of these letters gets no PDF (pdf/missing-glyph).",
      file: "tilpress.config.json",
      locale,
      actual: missing.map((m) => m.codePoint).join(" "),
    });
  }
}
