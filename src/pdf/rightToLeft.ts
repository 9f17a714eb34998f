import type { DiagnosticList } from "../core/diagnostic.js";
import { sourceOfCharacter, type SourceText } from "../core/source.js";
import type { Locale } from "../locale/index.js";

/**
 * The PDF engine sets every line left to right: it has no Unicode Bidirectional Algorithm, so
 * Arabic or Hebrew would come out with its letters in reverse order and unjoined. Rather than
 * publish that, a page whose text has a right-to-left script (or a character that asks for
 * right-to-left layout: RLM, RLE, RLO, RLI, ALM) gets no PDF and a `pdf/right-to-left` error at
 * the place the text was written. Browsers lay such text out themselves; the HTML is not the
 * problem, but an error keeps the locale's pages together, as a missing glyph does.
 */
export const RIGHT_TO_LEFT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}\p{Script=Mende_Kikakui}\u200f\u202b\u202e\u2067\u061c]/u;

/**
 * Every character `RIGHT_TO_LEFT` can match is in these blocks (Hebrew to Arabic Extended-A,
 * the directional marks, the Hebrew and Arabic presentation forms) or outside the BMP (a
 * surrogate): tests/textPrefilters.test.ts checks each code point. Text with none of them, all of
 * an en, kk or ru page, is passed over without the script classes, which were 23 ms of a
 * 40-article build's CPU profile.
 */
export const MAYBE_RIGHT_TO_LEFT = /[\u0590-\u08ff\u061c\u200f\u202b\u202e\u2067\ufb1d-\ufeff\ud800-\udfff]/;

/** The first right-to-left character of `text`, if it has one. */
export function firstRightToLeft(text: string): string | undefined {
  return MAYBE_RIGHT_TO_LEFT.test(text) ? RIGHT_TO_LEFT.exec(text)?.[0] : undefined;
}

/** The page a right-to-left text was found on, and where its text came from. */
export interface RightToLeftPage {
  readonly html: string;
  readonly locale: Locale;
  readonly article: string;
  readonly templateFile: string;
  readonly textSources: readonly SourceText[];
}

/** Report the page's first right-to-left character as `pdf/right-to-left`; true when there is one (no PDF then). */
export function reportRightToLeft(page: RightToLeftPage, diagnostics: DiagnosticList): boolean {
  const char = firstRightToLeft(page.html);
  if (char === undefined) return false;
  const cp = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  const where = sourceOfCharacter(page.textSources, char) ?? { file: page.templateFile };
  diagnostics.error({
    code: "pdf/right-to-left",
    message: `Right-to-left text (${cp} "${char}") cannot be set in the PDF of ${page.templateFile}, which lays every line out left to right`,
    hint: "Arabic and Hebrew are not supported in PDFs yet: transliterate the name, or leave it out of this locale.",
    ...where,
    locale: page.locale,
    article: page.article,
    actual: cp,
  });
  return true;
}
