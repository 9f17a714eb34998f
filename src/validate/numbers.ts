import type { Locale } from "../locale/index.js";

/**
 * Numbers as a locale writes them, read back into values, so that a translation can be checked
 * against its source by what it says rather than by its digits: `291,49` in Russian is
 * `291.49` in English, `1 000` is `1,000`, `3,5 %` is `3.5%`.
 *
 * What counts as a number (docs/checks.md, `translation/number-mismatch`):
 * - digits with the locale's decimal mark (from `Intl.NumberFormat`: a point in en, a comma in
 *   kk and ru) and groups of three after a space, a no-break space (U+00A0), a narrow or thin
 *   no-break space (U+202F, U+2009), or the locale's own group mark (a comma in en);
 * - a sign (`+`, `-`, `−` U+2212) right before the digits, when the sign follows no letter or
 *   digit; a percent sign after it, with or without a (no-break) space, is allowed;
 * - a range written with a dash or hyphen between digits (`2–5`, `5-15`) is two numbers;
 * - years, days of a date and ordinals count as the numbers they are (`2020 ж.`, `2019 жылы`,
 *   `22 февраля 2020 г.`, `February 22, 2020`, `22-ші`, `22nd`), as does a number with a case
 *   suffix (`100-ден`, `22-го`) or a unit glued to it (`5G`, `10km`);
 * - a currency code glued before the digits is no word (`KZT119bn`, `USD5 million`), nor is the
 *   tenge's `T` of Kazakhstan's English press before a scale word (`T15.9 trillion`, `T402bn`);
 * - not counted: digits that continue a word or an id (`COVID-19`, `Су-27`, `A320`, `G20`),
 *   digits in URLs and e-mail addresses, and runs joined by points or colons into dates, times
 *   and versions (`22.02.2020`, `20:00`, `1.2.3`), which locales write differently.
 *
 * A decimal written with the other convention's mark (`291.49` in Russian, `3,5` in English,
 * where it cannot be a group of three) is read as the decimal it was meant to be and flagged
 * `foreignDecimal`, so that parity still holds and typography is reported on its own.
 */
export interface NumberToken {
  /** The value, signed; a percent is its figure (`3,5 %` is 3.5). */
  readonly value: number;
  /**
   * What two numbers are compared by: the value, or where a double does not hold the digits
   * exactly (more than 15 significant digits: card numbers, IBANs' digits) the digits themselves,
   * so that 9999999999999999 and 10000000000000000 differ.
   */
  readonly key: number | string;
  /** The number as written, sign and percent sign included. */
  readonly text: string;
  /** UTF-16 offset of `text` in the text read. */
  readonly index: number;
  readonly percent: boolean;
  /** The decimal mark is the other convention's: `291.49` in ru or kk, `3,5` in en. */
  readonly foreignDecimal: boolean;
}

/** The marks a locale writes numbers with, as `Intl.NumberFormat` formats them. */
export interface NumberMarks {
  readonly decimal: string;
  readonly group: string;
}

const marksByTag = new Map<string, NumberMarks>();

/** The decimal and group marks of a locale, learnt from `Intl.NumberFormat#formatToParts`. */
export function numberMarks(locale: Locale): NumberMarks {
  // A locale id is a BCP 47 tag: Intl reads it as it is.
  const tag = locale;
  let marks = marksByTag.get(tag);
  if (!marks) {
    const parts = new Intl.NumberFormat(tag, { useGrouping: true }).formatToParts(12345.6);
    marks = {
      decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
      group: parts.find((p) => p.type === "group")?.value ?? ",",
    };
    marksByTag.set(tag, marks);
  }
  return marks;
}

/** Spaces every locale may group digits with. */
const SPACES = " \u00a0\u202f\u2009";
const SIGNS = "+-\u2212";

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, (c) => `\\${c}`);
}

const patterns = new Map<string, RegExp>();

/**
 * Candidates: an optional sign, digits grouped by threes (the first group one to three digits)
 * or plain, an optional decimal part with either mark, an optional percent sign.
 */
function candidatePattern(marks: NumberMarks): RegExp {
  const key = `${marks.decimal}\0${marks.group}`;
  let pattern = patterns.get(key);
  if (!pattern) {
    // The locale's group mark joins groups: a space, English's comma, German's point ("25.000").
    const group = escapeClass(SPACES + (marks.group !== marks.decimal ? marks.group : ""));
    pattern = new RegExp(
      `([${escapeClass(SIGNS)}])?` +
        `(\\d{1,3}(?:[${group}]\\d{3}(?!\\d))+|\\d+)` +
        `(?:([.,])(\\d+))?` +
        `(?:[${escapeClass(SPACES)}]?(%))?`,
      "gu",
    );
    patterns.set(key, pattern);
  }
  return pattern;
}

// An e-mail address starts where its run of characters does: tried from each character of a long
// run (30,000 `[` in a body with a link), the scan for its `@` was quadratic (red team).
const ADDRESS = /\b(?:https?:\/\/|mailto:|www\.)[^\s<>()"]*|(?<![^\s<>()"@])[^\s<>()"@]+@[^\s<>()"@]+\.[a-z]{2,}/giu;
// A Markdown link destination, `](` to the first `)`; when a space or the end comes first, the
// whole run of characters (see blankLinks).
const URL_LIKE = new RegExp(`${ADDRESS.source}|\\]\\([^)\\s]*\\)?`, "giu");

/** What each of URL_LIKE's alternatives needs: most fields have none, and the pattern costs (the e-mail's scan). */
const MAY_HOLD_LINK = /:\/\/|mailto:|www\.|@|\]\(/i;

const blank = (m: string): string => " ".repeat(m.length);

/** The text with URLs, e-mail addresses and Markdown link destinations blanked (same length). */
function blankLinks(text: string): string {
  if (!MAY_HOLD_LINK.test(text)) return text;
  return text.replace(URL_LIKE, (m) => {
    if (!m.startsWith("](")) return blank(m);
    if (m.endsWith(")")) return `]${blank(m.slice(1))}`;
    // `](` whose run of characters ends without a `)` is not a destination, nor is any `](` after
    // it in the run: the run is taken whole, once, and searched for addresses alone. Tried again
    // from each `](` of a long run (thousands of `](` in a lede), the scan was quadratic.
    return `](${m.slice(2).replace(ADDRESS, blank)}`;
  });
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}_]/u;
const LETTER = /\p{L}/u;
const HYPHENS = /[\u2010\u2011]/;
const JOINED = /[.,:]/;
const DIGIT = /\d/;

const CURRENCY_CODES = new Set(Intl.supportedValuesOf("currency"));
// A scale word right after the amount: what tells the tenge's `T15.9 trillion` from an id (`T20`).
const SCALE_AFTER = /^\s?(?:thousand|million|billion|trillion|bn|mn|mln|m|k)\b/;

/**
 * The letters before the digits at `index` are a currency written before its amount, not a word
 * the digits continue: an ISO 4217 code (`KZT119bn`, as Kazinform writes the tenge in English) or
 * `T` before a scale word (`T15.9 trillion`, Kazakhstan Today's). Reading them as ids dropped
 * the amounts from the comparison, and the translation's `15,9 трлн тенге` was reported as
 * written nowhere in the source.
 */
function currencyBefore(text: string, index: number, length: number): boolean {
  let start = index;
  while (start > 0 && LETTER.test(text[start - 1] ?? "")) start -= 1;
  if (start > 0 && LETTER_OR_DIGIT.test(text[start - 1] ?? "")) return false;
  const letters = text.slice(start, index);
  if (CURRENCY_CODES.has(letters)) return true;
  return letters === "T" && SCALE_AFTER.test(text.slice(index + length));
}

/** Every number `text` writes, as `locale` writes numbers, in order. */
export function readNumbers(text: string, locale: Locale): NumberToken[] {
  const marks = numberMarks(locale);
  const plain = blankLinks(text);
  const found: NumberToken[] = [];
  for (const m of plain.matchAll(candidatePattern(marks))) {
    let index = m.index;
    let sign = m[1];
    const before = plain[index - 1] ?? "";
    // `COVID‑19` with a hyphen that is not a sign.
    if (HYPHENS.test(before) && LETTER.test(plain[index - 2] ?? "")) continue;
    if (sign && LETTER_OR_DIGIT.test(before)) {
      // `COVID-19`, `Су-27`: the digits continue a word. `2–5`, `5-15`: a range's second number.
      if (!DIGIT.test(before)) continue;
      index += 1;
      sign = undefined;
    } else if (!sign && LETTER_OR_DIGIT.test(before) && !currencyBefore(plain, index, m[0].length)) {
      continue; // `A320`, `G20`
    }
    const start = sign ? index + 1 : index;
    const end = m.index + m[0].length;
    // Dates, times and versions: `22.02.2020`, `20:00`, `1.2.3` (and each of their parts).
    const lead = plain[start - 1] ?? "";
    if (JOINED.test(lead) && DIGIT.test(plain[start - 2] ?? "")) continue;
    const afterDigits = start + (m[2]?.length ?? 0) + (m[3] ? 1 + (m[4]?.length ?? 0) : 0);
    if (JOINED.test(plain[afterDigits] ?? "") && DIGIT.test(plain[afterDigits + 1] ?? "")) continue;
    const [integer, mark, fraction] = [m[2] ?? "", m[3], m[4]];
    const foreignDecimal = mark !== undefined && mark !== marks.decimal;
    const digits = integer.replace(/\D/g, "") + (mark ? `.${fraction ?? ""}` : "");
    const magnitude = Number(digits);
    const value = sign === "-" || sign === "\u2212" ? -magnitude : magnitude;
    found.push({
      value,
      key: exactKey(value, digits),
      text: text.slice(index, end),
      index,
      percent: m[5] !== undefined,
      foreignDecimal,
    });
  }
  return found;
}

/** `value` where a double holds `digits` ("123.450") exactly, else the digits, signed and trimmed. */
function exactKey(value: number, digits: string): number | string {
  const [integer = "", fraction = ""] = digits.split(".");
  const significant = `${integer}${fraction}`.replace(/^0+/, "").replace(/0+$/, "");
  if (significant.length <= 15) return value;
  return `${value < 0 ? "-" : ""}${integer.replace(/^0+(?=\d)/, "")}.${fraction.replace(/0+$/, "")}`;
}

/** A number as a locale writes it, for messages: `291,49` in ru, `291.49` in en. */
export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(value);
}
