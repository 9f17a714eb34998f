/**
 * Typeset text for where tilpress does not set it itself, a link card, a search result, an
 * email's text part: the typeset characters kept (quotation marks, dashes, and the no-break
 * spaces that keep `21 000` and `22 февраля` together wherever the reader's program wraps the
 * text), but no invisible break hints. Soft hyphens (U+00AD, which Kazakh HTML carries and an
 * author may type), zero-width spaces, word joiners and BOMs go; the no-break hyphen (U+2011,
 * Kazakh `100‑ден`) becomes a hyphen, as many fonts of those programs have no glyph for it
 * and a reader searching for `100-ден` would not find it.
 */
export function plainCharacters(text: string): string {
  return text.replace(/[\u00ad\u200b\u2060\ufeff]/g, "").replace(/\u2011/g, "-");
}
