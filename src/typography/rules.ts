import type { LocaleProfile } from "../locale/index.js";

/**
 * The locale's typography for plain strings (headlines, labels, names, catalog strings),
 * matching what the Markdown typographer does for bodies (`markdownTypography`). Each rule is
 * idempotent, so text typeset twice is text typeset once.
 */
export function typeset(text: string, profile: LocaleProfile): string {
  return nbspBeforeDash(ellipsis(smartQuotes(text, profile.quotes)));
}

const OPENS_QUOTE = /[\s([{«„“‘—–-]/;

/**
 * Straight double quotes become the locale's quotation marks, nested quotes its nested pair.
 * A quote opens after a space, a bracket, a dash or another opening quote and closes
 * elsewhere. Apostrophes are left as written (names like O'Brien).
 */
export function smartQuotes(text: string, quotes: LocaleProfile["quotes"]): string {
  const {
    primary: [open, close],
    nested: [innerOpen, innerClose],
  } = quotes;
  let depth = 0;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '"') out += ch;
    else if (OPENS_QUOTE.test(i === 0 ? " " : text[i - 1]!)) {
      out += depth % 2 === 0 ? open : innerOpen;
      depth++;
    } else {
      depth = Math.max(0, depth - 1);
      out += depth % 2 === 0 ? close : innerClose;
    }
  }
  return out;
}

/** `...` becomes one character, `…`. */
export function ellipsis(text: string): string {
  return text.replace(/\.\.\./g, "…");
}

const NBSP = "\u00a0";

/** ` — ` and ` – ` get a no-break space before them, so that a line never starts with a dash. */
export function nbspBeforeDash(text: string): string {
  return text.replace(/ ([—–]) /g, `${NBSP}$1 `);
}
