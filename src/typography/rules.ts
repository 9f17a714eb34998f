import type { LocaleProfile } from "../locale/index.js";

/**
 * The locale's typography for plain strings (headlines, labels, names, catalog strings, email
 * subjects), the same rules the Markdown typographer applies to bodies (`markdownTypography`):
 * dashes, quotation marks and apostrophes, typed ligatures, the ellipsis, then no-break spaces.
 * URLs and e-mail addresses are left as written. Each rule is idempotent, so text typeset twice
 * is text typeset once. docs/typography.md states every rule with examples.
 */
export function typeset(text: string, profile: LocaleProfile): string {
  const rules = typographyOf(profile);
  return outsideUrls(text, (part) => rules.noBreaks(ellipsis(unligated(rules.quotes(rules.dashes(part))))));
}

const NBSP = "\u00a0";
const NARROW_NBSP = "\u202f";
const NO_BREAK_HYPHEN = "\u2011";

/**
 * kk: the abbreviations a case suffix follows after a hyphen, as after digits («ҚДТ-ның»,
 * «5 км-ден», «60 млн-нан»); a word written in full takes it directly («60 мыңнан»).
 */
const SUFFIXED_ABBREVIATIONS = "\\p{Lu}{2,}|км|см|мм|кг|га|млн|млрд|трлн";
const SUFFIXED_ABBREVIATION = new RegExp(`^(?:${SUFFIXED_ABBREVIATIONS})$`, "u");

/** Whether a case suffix after the word is hyphenated (kk «млн-нан»), as after an abbreviation. */
export function takesHyphenatedSuffix(word: string): boolean {
  return SUFFIXED_ABBREVIATION.test(word);
}

/** A locale's rules, their regular expressions compiled once (every text field of every page goes through them). */
export interface LocaleTypography {
  /** `--`, `---` and a spaced hyphen between words: a dash in the locale's style; between numbers an en dash. */
  dashes(text: string): string;
  /** Straight quotes and apostrophes made typographic, quotation marks nested by depth. */
  quotes(text: string): string;
  /** No-break spaces and hyphens where a line must not break. */
  noBreaks(text: string): string;
  /** The locale's nesting of quotation marks over text that already has them, continued across pieces. */
  nest(text: string, depth: { value: number }): string;
  /**
   * Whether the quotation marks of `pieces` (one text, or a paragraph's pieces in order) open and
   * close in pairs. Russian and Kazakh merge two closing marks that fall together into one
   * (`АО «НК «КазАвтоЖол»`): such text is left as written rather than nested into unbalanced
   * marks (`АО «НК „КазАвтоЖол“`).
   */
  balanced(pieces: readonly string[]): boolean;
}

// Keyed by the profile object (one build's, with its project's settings), not the locale id:
// two builds in one process with different settings for a locale keep their own rules.
const compiled = new WeakMap<LocaleProfile, LocaleTypography>();

/** The rules of a locale, compiled on first use. */
export function typographyOf(profile: LocaleProfile): LocaleTypography {
  let rules = compiled.get(profile);
  if (!rules) compiled.set(profile, (rules = compile(profile)));
  return rules;
}

/** The no-break space a locale's number format groups digits with (U+202F in some CLDR locales), else U+00A0. */
function noBreakSpaceOf(tag: string): string {
  const group = new Intl.NumberFormat(tag).formatToParts(10000).find((p) => p.type === "group")?.value;
  return group === NARROW_NBSP ? NARROW_NBSP : NBSP;
}

/** What the locale's percent format puts between a number and `%`: nothing (en, kk «12,2%»), or a no-break space (ru «12,2 %»). */
function percentSpaceOf(tag: string): string {
  const parts = new Intl.NumberFormat(tag, { style: "percent" }).formatToParts(0.5);
  const at = parts.findIndex((p) => p.type === "percentSign");
  const before = at > 0 ? parts[at - 1] : undefined;
  return before?.type === "literal" ? before.value.replace(/[ \u00a0]/g, NBSP) : "";
}

/** Month names as Intl writes them (long and short), for "February 22" in English dates. */
function monthNames(tag: string): string[] {
  const names = new Set<string>();
  for (const month of ["long", "short"] as const) {
    const f = new Intl.DateTimeFormat(tag, { month, day: "numeric", timeZone: "UTC" });
    for (let m = 0; m < 12; m++)
      for (const p of f.formatToParts(Date.UTC(2000, m, 1))) if (p.type === "month") names.add(p.value);
  }
  return [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/\./g, "\\."));
}

function compile(profile: LocaleProfile): LocaleTypography {
  const nb = noBreakSpaceOf(profile.tag);
  const { dash, oneLetterWords, shortWords, numeralSuffixes, monthBeforeDay } = profile.typography;
  // Russian and Kazakh set a spaced em dash between words, German a spaced en dash; English
  // (house style) a closed em dash.
  const wordDash = dash === "spaced" ? " — " : dash === "spaced-en" ? " – " : "—";
  // Number ranges: 5--15, 5 - 15 → 5–15. A closed hyphen (5-15) may be a code or a phone number: kept.
  const RANGE = /(\d)(?:[ \u00a0]?-{2,3}[ \u00a0]?| - )(?=\d)/g;
  // `--` and `---` with or without spaces, and a hyphen with a space on each side.
  const WORD_DASH = /[ \u00a0]*-{2,3}[ \u00a0]*| - /g;

  const [open, close] = profile.quotes.primary;
  const [innerOpen, innerClose] = profile.quotes.nested;
  // Where the nested closing mark is also the apostrophe (English ’), only the primary pair is nested by depth.
  const apostropheNests = innerClose === "’";
  // English marks typed in ru/kk text (“…”) are quotes too; “ is also ru/kk's nested closing mark,
  // so it opens only where a quote can open (after a space or bracket, before a letter).
  const englishMarks = apostropheNests ? [] : ["“", "”"];
  const counted = new Set(apostropheNests ? [open, close] : [open, close, innerOpen, innerClose, ...englishMarks]);
  const opens = new Set(apostropheNests ? [open] : [open, innerOpen]);
  const opensHere = (ch: string, before: string | undefined, after: string | undefined) =>
    opens.has(ch) ||
    (ch === "“" &&
      !opens.has(ch) &&
      (before === undefined || OPENS_QUOTE.test(before)) &&
      !!after &&
      !/\s/.test(after));

  // A percent sign after a number, spaced as the locale's number format writes it (kk «118,6 %» →
  // «118,6%», as its figures are): one page, one spelling.
  const percentSpace = percentSpaceOf(profile.tag);
  const PERCENT = /(\d)[ \u00a0\u202f]?%/g;
  // A number, not a code that ends in digits (KC101, G20, word1): those wrap like words, or a
  // run of flight numbers could not wrap at all.
  const NUMBER_WORD = /(?<!\p{L}[\p{N}.,]*)(\d)[ ](?=[\p{L}%‰№\p{Sc}])/gu;
  // "10 000" typed with a space: one number (ru, kk group digits with a space).
  const GROUPED = /(\d)[ ](?=\d{3}(?!\d))/g;
  const NUMERO = /([№§])[ ]?(?=\d)/gu;
  const INITIALS = /(?<![\p{L}\p{N}])(\p{Lu}\.)[ ](?=\p{Lu})/gu;
  const DASH_AFTER_SPACE = / ([—–])(?=[ ]|$)/g;
  // One-letter words (Russian prepositions, conjunctions, "я") stay with the next word.
  const letters = oneLetterWords + oneLetterWords.toLocaleUpperCase(profile.tag);
  const ONE_LETTER = letters
    ? new RegExp(`(?<![\\p{L}\\p{N}\\p{M}\\u00ad-])([${letters}])[ ](?=\\S)`, "gu")
    : undefined;
  // Two-letter prepositions, conjunctions and particles (ru «на», «не», «по» …) likewise, in any case.
  const SHORT_WORD = shortWords.length
    ? new RegExp(`(?<![\\p{L}\\p{N}\\p{M}\\u00ad-])(${shortWords.join("|")})[ ](?=\\S)`, "giu")
    : undefined;
  // A suffix after digits or a percent sign: kk «100-ден», «1-бет», «12%-ға»; ru «1990-х», «5-й».
  const NUMERAL_HYPHEN = /([\d%])-(?=\p{L})/gu;
  // kk: a case suffix after an abbreviation, «ҚДТ-ның», «АҚ-қа», «5 км-ден», likewise (a language
  // whose numerals take suffixes, `numeralSuffix`). Up to seven letters: a suffix, not a compound.
  const ABBREVIATION_HYPHEN = profile.numeralSuffix
    ? new RegExp(`(?<![\\p{L}\\p{N}])(${SUFFIXED_ABBREVIATIONS})-(?=\\p{Ll}{1,7}(?![\\p{L}\\p{N}-]))`, "gu")
    : undefined;
  const months = monthBeforeDay ? monthNames(profile.tag) : [];
  const MONTH_DAY = months.length ? new RegExp(`\\b(${months.join("|")})[ ](?=\\d)`, "gu") : undefined;

  const hasMarks = new RegExp(`[${[...counted].join("")}]`);
  const nest = (text: string, depth: { value: number }): string => {
    if (!hasMarks.test(text)) return text;
    let out = "";
    const chars = [...text];
    for (const [i, ch] of chars.entries()) {
      if (!counted.has(ch)) out += ch;
      else if (opensHere(ch, chars[i - 1], chars[i + 1])) out += depth.value++ % 2 === 0 ? open : innerOpen;
      else {
        depth.value = Math.max(0, depth.value - 1);
        out += depth.value % 2 === 0 ? close : innerClose;
      }
    }
    return out;
  };

  const balanced = (pieces: readonly string[]): boolean => {
    let depth = 0;
    for (const text of pieces) {
      if (!hasMarks.test(text)) continue;
      const chars = [...text];
      for (const [i, ch] of chars.entries()) {
        if (!counted.has(ch)) continue;
        if (opensHere(ch, chars[i - 1], chars[i + 1])) depth++;
        else if (--depth < 0) return false;
      }
    }
    return depth === 0;
  };

  return {
    dashes: (text) =>
      text.includes("-")
        ? text
            .replace(RANGE, "$1–")
            .replace(WORD_DASH, (m: string, at: number, all: string) =>
              at === 0 ? wordDash.trimStart() : at + m.length === all.length ? wordDash.trimEnd() : wordDash,
            )
        : text,
    quotes: (text) => {
      const marked = apostrophes(straightQuotes(text, profile.quotes.primary), apostropheNests);
      return balanced([marked]) ? nest(marked, { value: 0 }) : marked;
    },
    nest,
    balanced,
    // Each rule runs only on text that has the character it cannot match without (a digit, a
    // space, №, a dash, a hyphen): every string of every page comes here, most with few of them.
    // The replacements after the percent sign's add no such character (they put no-break spaces
    // and hyphens in place of spaces and hyphens), so a test made before them still holds.
    noBreaks: (text) => {
      const digits = DIGIT.test(text);
      let out = digits && text.includes("%") ? text.replace(PERCENT, `$1${percentSpace}%`) : text;
      const spaces = out.includes(" ");
      if (digits && spaces) out = out.replace(NUMBER_WORD, `$1${nb}`);
      if (digits && (out.includes("№") || out.includes("§"))) out = out.replace(NUMERO, `$1${nb}`);
      if (spaces && out.includes(".")) out = out.replace(INITIALS, `$1${nb}`);
      if (spaces && (out.includes("—") || out.includes("–"))) out = out.replace(DASH_AFTER_SPACE, `${NBSP}$1`);
      if (MONTH_DAY && digits && spaces) out = out.replace(MONTH_DAY, `$1${nb}`);
      if (ONE_LETTER && spaces) out = out.replace(ONE_LETTER, `$1${NBSP}`);
      if (SHORT_WORD && spaces) out = out.replace(SHORT_WORD, `$1${NBSP}`);
      if (numeralSuffixes) {
        if (digits && spaces) out = out.replace(GROUPED, `$1${nb}`);
        if (out.includes("-") && (digits || out.includes("%")))
          out = out.replace(NUMERAL_HYPHEN, `$1${NO_BREAK_HYPHEN}`);
      }
      if (ABBREVIATION_HYPHEN && out.includes("-")) out = out.replace(ABBREVIATION_HYPHEN, `$1${NO_BREAK_HYPHEN}`);
      return out;
    },
  };
}

const OPENS_QUOTE = /[\s([{«„“‘—–-]/;
/** An ASCII digit: what `\d` matches in the no-break rules (JavaScript's `\d` is 0–9, `u` flag or not). */
const DIGIT = /[0-9]/;

/**
 * Straight double quotes become the locale's primary quotation marks: a quote opens after a
 * space, a bracket, a dash or another opening quote and closes elsewhere (nesting is `nest`'s).
 */
function straightQuotes(text: string, [open, close]: readonly [string, string]): string {
  if (!text.includes('"')) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '"') out += ch;
    else out += OPENS_QUOTE.test(i === 0 ? " " : text[i - 1]!) ? open : close;
  }
  return out;
}

/**
 * A straight apostrophe after a letter or digit becomes ’ (O’Brien, it’s, the Smiths’); where
 * the nested quotation marks are ‘ ’ (English), one before a word opens a single quotation
 * (‘Nur Otan’). Others are left as written.
 */
function apostrophes(text: string, singleQuotes: boolean): string {
  if (!text.includes("'")) return text;
  const closed = text.replace(/(?<=[\p{L}\p{N}.,!?])'/gu, "’");
  return singleQuotes ? closed.replace(/'(?=[\p{L}\p{N}])/gu, "‘") : closed;
}

/**
 * Straight double quotes become the locale's quotation marks, nested quotes its nested pair,
 * and typographic marks already there are nested the same way («а «б» в» → «а „б“ в»).
 */
export function smartQuotes(text: string, profile: LocaleProfile): string {
  return typographyOf(profile).quotes(text);
}

/** `...` becomes one character, `…`. */
export function ellipsis(text: string): string {
  return text.includes("...") ? text.replace(/\.\.\./g, "…") : text;
}

/** The Latin ligatures Unicode has as characters (U+FB00–FB06), and the letters they stand for. */
const LIGATURES: Readonly<Record<string, string>> = {
  "\ufb00": "ff",
  "\ufb01": "fi",
  "\ufb02": "fl",
  "\ufb03": "ffi",
  "\ufb04": "ffl",
  "\ufb05": "st",
  "\ufb06": "st",
};
const LIGATURE = /[\ufb00-\ufb06]/g;
const HAS_LIGATURE = /[\ufb00-\ufb06]/;

/**
 * A ligature typed as one character (`ﬁ`, as text copied from a PDF often has it) becomes its
 * letters: searches, screen readers and feeds find the word, and the fonts ligate the letters
 * themselves where they have the ligature. In a PDF a typed `ﬁ` and a ligated `fi` are one
 * glyph with one text: left as typed, it would change what the document's other `fi` read as.
 */
export function unligated(text: string): string {
  return HAS_LIGATURE.test(text) ? text.replace(LIGATURE, (ligature) => LIGATURES[ligature]!) : text;
}

const MAYBE_URL_OR_EMAIL = /@|:\/\/|mailto:|www\./i;

// A URL, or an e-mail address: typeset text around them, never inside.
const URL_OR_EMAIL = /\b(?:https?:\/\/|mailto:|www\.)[^\s<>"«»]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

/** `f` applied to the text between URLs and e-mail addresses. */
export function outsideUrls(text: string, f: (part: string) => string): string {
  // Every match has an @, a scheme's :// or mailto:, or www.: other text (most, with its full
  // stops) skips the scan, whose `[\w.+-]+@` tried every word (20 ms of a 40-article build).
  if (!MAYBE_URL_OR_EMAIL.test(text)) return f(text);
  let out = "";
  let from = 0;
  for (const m of text.matchAll(URL_OR_EMAIL)) {
    out += f(text.slice(from, m.index)) + m[0];
    from = m.index + m[0].length;
  }
  return out + (from < text.length || from === 0 ? f(text.slice(from)) : "");
}
