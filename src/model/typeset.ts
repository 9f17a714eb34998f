import { localeProfile, type Locale } from "../locale/index.js";
import { nbspBeforeDash } from "../core/markdown.js";

/**
 * The locale's typography for plain strings (headlines, labels, names), matching what the
 * Markdown typographer does for bodies: straight double quotes become the locale's quotation
 * marks and a dash never starts a line. Apostrophes are left as written (names like O'Brien).
 */
export function typeset(locale: Locale, text: string): string {
  const {
    primary: [open, close],
    nested: [innerOpen, innerClose],
  } = localeProfile(locale).quotes;
  let depth = 0;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const prev = i === 0 ? " " : text[i - 1]!;
      const opening = /[\s([{«„“‘—–-]/.test(prev);
      if (opening) {
        out += depth % 2 === 0 ? open : innerOpen;
        depth++;
      } else {
        depth = Math.max(0, depth - 1);
        out += depth % 2 === 0 ? close : innerClose;
      }
    } else out += ch;
  }
  return nbspBeforeDash(out.replace(/\.\.\./g, "…"));
}
