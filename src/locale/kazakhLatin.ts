/**
 * Kazakh in Latin script (`kk-Latn`), transliterated from Kazakh Cyrillic by the alphabet of
 * January 2021 and the contextual rules in `kazakhLatin.data.ts` (sources: docs/kazakh-latin.md).
 *
 * Hand-written: no maintained library implements the 2021 alphabet (ICU/CLDR ship only the
 * BGN/PCGN and ALA-LC romanizations of Kazakh), and its rules are a few dozen lines of data.
 *
 * Only Cyrillic letters change; digits, punctuation, «» quotes, spaces and Latin text stay as
 * they are. Case follows the source letter by letter (ҚазАқпарат → QazAqparat); a letter that
 * becomes two (ю → iu) is ALL CAPS when its neighbour in the word is a capital too (ЮНЕСКО → İUNESKO).
 */

import { Parser } from "htmlparser2";
import {
  CONTEXT_RULES,
  LETTERS,
  NAME_ENDINGS,
  SOFTENED_VOWELS,
  VOWELS,
  type ContextRule,
  type LatinForm,
} from "./kazakhLatin.data.js";

export interface KazakhLatinOptions {
  /**
   * Names spelled by their bearer or by the glossary, Cyrillic → Latin ("Назарбаев" →
   * "Nazarbayev"). A name matches whole words, also with Kazakh endings after it
   * (`NAME_ENDINGS`: Назарбаевтың → Nazarbayevtyñ, the ending transliterated). Matching ignores
   * case; an ALL-CAPS occurrence gets the spelling in capitals.
   */
  readonly overrides?: Readonly<Record<string, string>>;
}

/** A transliterator compiled once for a set of overrides. */
export interface KazakhLatin {
  /** Plain text (not markup) in Kazakh Cyrillic → Kazakh Latin. */
  text(text: string): string;
  /**
   * An HTML string with only its text changed: tags, attributes, comments, entities and the
   * contents of script and style elements are copied byte for byte.
   */
  html(html: string): string;
  /**
   * A whole page (or email) in Kazakh: its text nodes and its human-readable attributes (alt,
   * title, aria-label, and the content of a description or title `<meta>`), except inside an
   * element whose `lang` is not `kk-Latn` (a language switcher's "Русский" and «Қазақша», a
   * quote in English). Tags, other attributes, comments, entities, script and style are copied as they are.
   */
  page(html: string): string;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
// A soft hyphen (U+00AD, from hyphenation) is inside a word, not between two.
const SOFT_HYPHEN = "\u00AD";
const WORD = /[\p{L}\p{M}\u00AD]+/gu;
const LETTER = /[\p{L}\p{M}]/u;
const isUpper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

/** A multi-letter form in the case of its source: lower, Title ("İu") or ALL CAPS ("İU"). */
function cased(latin: LatinForm, upper: boolean, allCaps: boolean): string {
  if (!upper) return latin.lower;
  if (allCaps || latin.upper.length <= 1) return latin.upper;
  const first = [...latin.upper][0]!;
  return first + latin.lower.slice([...latin.lower][0]!.length);
}

/** Whether the source letter at `i` of `word` is written in an all-capitals context. */
function capsAt(word: string, i: number, length: number): boolean {
  let next = i + length;
  while (word[next] === SOFT_HYPHEN) next++;
  let previous = i - 1;
  while (word[previous] === SOFT_HYPHEN) previous--;
  const neighbour = word[next] ?? word[previous];
  return neighbour !== undefined && isUpper(neighbour);
}

/** The letters a context rule can begin with: at any other letter no rule is tried. */
const RULE_STARTS = new Set(CONTEXT_RULES.map((r) => r.letters[0]!));

/** Letters whose Latin form depends on the word around them: a rule's first letter, the soft sign, a soft hyphen. */
const NEEDS_CONTEXT = new RegExp(`[${[...RULE_STARTS].join("")}ь${SOFT_HYPHEN}]`);

/** `word` in lower case, one code unit for one, so that its indices are the word's. */
function lowerSameLength(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length === word.length) return lower;
  return Array.from(word, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join("");
}

/** One word (a run of letters) of Kazakh Cyrillic → Latin. Non-Cyrillic letters are kept. */
function transliterateWord(source: string): string {
  if (!CYRILLIC.test(source)) return source;
  // Composed letters (й, not и + U+0306), and a lower case of the same length, index by index.
  const word = source.normalize("NFC");
  const lower = lowerSameLength(word);
  if (lower === word && !NEEDS_CONTEXT.test(word)) {
    // Most words: lower case, and no letter whose form depends on its neighbours.
    let latin = "";
    for (const c of word) latin += LETTERS[c]?.lower ?? c;
    return latin;
  }
  // out[i] is what source index i became; the soft sign may rewrite an earlier vowel's entry.
  const out: string[] = [];
  let i = 0;
  while (i < word.length) {
    const ch = word[i]!;
    const lc = lower[i]!;
    // Rules are tried only at the few letters they begin with (сц, щ, ё, ю, я): trying each
    // rule at every letter was most of this function's time in a cold build's profile.
    const rule = RULE_STARTS.has(lc) ? ruleAt(lower, i) : undefined;
    if (rule) {
      out[i] = cased(rule.output, isUpper(ch), capsAt(word, i, rule.letters.length));
      i += rule.letters.length;
      continue;
    }
    if (lc === "ь") softenBefore(word, lower, i, out);
    const latin = LETTERS[lc];
    out[i] = latin ? (ch === lc ? latin.lower : cased(latin, isUpper(ch), capsAt(word, i, 1))) : ch;
    i++;
  }
  return out.join("");
}

/** The first context rule that holds at index `i` of a lower-cased word. */
function ruleAt(lower: string, i: number): ContextRule | undefined {
  const bare = lower.replaceAll(SOFT_HYPHEN, "");
  return CONTEXT_RULES.find(
    (r) =>
      lower.startsWith(r.letters, i) &&
      (r.after === undefined || r.after.test(lower.slice(0, i).replaceAll(SOFT_HYPHEN, ""))) &&
      (r.wordStartsWith === undefined || r.wordStartsWith.some((stem) => bare.startsWith(stem))),
  );
}

/** ь closing a syllable of а, о or у makes that vowel ä, ö, ü; before a vowel it only separates. */
function softenBefore(word: string, lower: string, sign: number, out: string[]): void {
  let next = sign + 1;
  while (lower[next] === SOFT_HYPHEN) next++;
  const following = lower[next];
  if (following !== undefined && VOWELS.includes(following)) return;
  for (let j = sign - 1; j >= 0; j--) {
    const lc = lower[j]!;
    if (!VOWELS.includes(lc)) continue;
    const soft = SOFTENED_VOWELS[lc];
    if (soft && out[j] !== undefined) out[j] = cased(soft, isUpper(word[j]!), capsAt(word, j, 1));
    return;
  }
}

/** Latin letters of every form the data can produce, for font coverage checks. */
export function kazakhLatinLetters(): string {
  const forms = [...Object.values(LETTERS), ...Object.values(SOFTENED_VOWELS), ...CONTEXT_RULES.map((r) => r.output)];
  const letters = new Set(forms.flatMap((f) => [...f.lower, ...f.upper]));
  return [...letters].sort().join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A name or ending as a pattern: any spaces, any hyphen, and hyphenation's soft hyphens between letters. */
function namePattern(name: string): string {
  const parts = [...name.trim().replace(/\s+/g, " ")].map((c) =>
    c === " " ? "\\s+" : /[-\u2010\u2011]/.test(c) ? "[-\u2010\u2011]" : escapeRegExp(c),
  );
  return parts.join(`${SOFT_HYPHEN}?`);
}

/** Overrides as one regular expression, longest name first so "Нұр Отан" wins over "Нұр". */
function overridePattern(overrides: Readonly<Record<string, string>>): RegExp | undefined {
  const names = Object.keys(overrides).filter((name) => name.trim() !== "");
  if (names.length === 0) return undefined;
  names.sort((a, b) => b.length - a.length);
  const alternatives = names.map(namePattern).join("|");
  const endings = [...NAME_ENDINGS]
    .sort((a, b) => b.length - a.length)
    .map(namePattern)
    .join("|");
  // Whole words: no letter before the name, nothing after it but up to three endings.
  const letter = `[\\p{L}\\p{M}${SOFT_HYPHEN}]`;
  return new RegExp(`(?<!${letter})(${alternatives})((?:${SOFT_HYPHEN}?(?:${endings})){0,3})(?!${letter})`, "giu");
}

/** Builds a transliterator; overrides are compiled once. */
export function createKazakhLatin(options: KazakhLatinOptions = {}): KazakhLatin {
  const overrides = options.overrides ?? {};
  const key = (name: string): string =>
    name
      .toLowerCase()
      .replace(/\s+/g, " ")
      .replace(/[\u2010\u2011]/g, "-")
      .replaceAll(SOFT_HYPHEN, "")
      .trim();
  const byLowerName = new Map(Object.entries(overrides).map(([name, latin]) => [key(name), latin]));
  const pattern = overridePattern(overrides);

  const plain = (text: string): string => text.replace(WORD, transliterateWord);

  /** Text with overrides applied; `escape` makes an override's spelling safe where it lands. */
  const convert = (text: string, escape: (s: string) => string): string => {
    if (!pattern || !CYRILLIC.test(text)) return plain(text);
    let result = "";
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      const [whole, name = "", ending = ""] = match;
      const spelling = byLowerName.get(key(name));
      if (spelling === undefined) continue;
      const allCaps = [...name].filter((c) => LETTER.test(c)).every(isUpper) && name.length > 1;
      const spelled = keepSeparators(name, allCaps ? spelling.toUpperCase() : spelling);
      result += plain(text.slice(last, match.index)) + escape(spelled);
      result += plain(ending);
      last = match.index + whole.length;
    }
    return result + plain(text.slice(last));
  };

  return {
    text: (text) => convert(text, (s) => s),
    html: (html) => transliterateHtmlText(html, (text) => convert(text, escapeHtmlText)),
    page: (html) => transliteratePage(html, (text) => convert(text, escapeHtmlAttribute)),
  };
}

// Between the words of a name: spaces, or a hyphen (typography may have made it no-break).
const SEPARATOR = /(\s+|[-\u2010\u2011])/;

/** A spelling with the source's own separators: a no-break space or hyphen stays one. */
function keepSeparators(source: string, spelling: string): string {
  const theirs = source.split(SEPARATOR);
  const ours = spelling.split(SEPARATOR);
  if (theirs.length !== ours.length) return spelling;
  return ours.map((part, i) => (i % 2 === 1 ? theirs[i]! : part)).join("");
}

function escapeHtmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeHtmlAttribute(text: string): string {
  return escapeHtmlText(text).replace(/"/g, "&quot;");
}

/** Attributes read by people (or read aloud), on any element. */
const READABLE_ATTRIBUTES = new Set(["alt", "title", "aria-label"]);
/** A `<meta>` whose `content` is text: the description and the title (also og:/twitter: ones). */
const READABLE_META = /(^|:)(description|title)$/i;

/**
 * Whether a `lang` value says Kazakh in Latin script. `lang="kk"` marks Kazakh in Cyrillic (the
 * language switcher's «Қазақша»): it stays, like any other language.
 */
const isKazakhLatin = (lang: string): boolean => lang.toLowerCase() === "kk-latn";

/**
 * Copies `html`, passing text nodes and readable attribute values through `change`, except
 * inside an element in another language. Each range is the source's own (entities encoded).
 */
function transliteratePage(html: string, change: (text: string) => string): string {
  const edits: { start: number; end: number }[] = [];
  // Per open element: whether its content is Kazakh (inherited unless its own lang says).
  const kazakh: boolean[] = [];
  let raw = 0;
  let pending: { name: string; value: string; start: number; end: number }[] = [];
  const parser = new Parser(
    {
      onopentagname(name) {
        pending = [];
        if (name === "script" || name === "style") raw++;
      },
      onattribute(name, value, quote) {
        // endIndex is just past the attribute (name="value"): the value ends before the closing quote.
        const end = parser.endIndex - (quote ? 1 : 0);
        pending.push({ name: name.toLowerCase(), value, start: end - value.length, end });
      },
      onopentag(name, attribs) {
        const lang = attribs["lang"];
        const inKazakh = lang === undefined ? (kazakh.at(-1) ?? true) : isKazakhLatin(lang);
        kazakh.push(inKazakh);
        if (!inKazakh) return;
        const meta = name === "meta" && READABLE_META.test(attribs["name"] ?? attribs["property"] ?? "");
        for (const a of pending) if (READABLE_ATTRIBUTES.has(a.name) || (meta && a.name === "content")) edits.push(a);
      },
      onclosetag(name) {
        kazakh.pop();
        if ((name === "script" || name === "style") && raw > 0) raw--;
      },
      ontext() {
        if (raw > 0 || kazakh.at(-1) === false) return;
        edits.push({ start: parser.startIndex, end: parser.endIndex + 1 });
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  const pieces: string[] = [];
  let copied = 0;
  for (const { start, end } of edits) {
    pieces.push(html.slice(copied, start), change(html.slice(start, end)));
    copied = end;
  }
  pieces.push(html.slice(copied));
  return pieces.join("");
}

/** Copies `html`, passing only the source ranges of text nodes (outside script/style) through `change`. */
function transliterateHtmlText(html: string, change: (text: string) => string): string {
  const pieces: string[] = [];
  let copied = 0;
  let raw = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (name === "script" || name === "style") raw++;
      },
      onclosetag(name) {
        if ((name === "script" || name === "style") && raw > 0) raw--;
      },
      ontext() {
        if (raw > 0) return;
        // startIndex/endIndex are the text's range in the source, entities still encoded.
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        pieces.push(html.slice(copied, start), change(html.slice(start, end)));
        copied = end;
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  pieces.push(html.slice(copied));
  return pieces.join("");
}

/** Kazakh Cyrillic plain text → Kazakh Latin (2021). For many calls with overrides, use `createKazakhLatin`. */
export function transliterateKazakhLatin(text: string, options: KazakhLatinOptions = {}): string {
  return createKazakhLatin(options).text(text);
}

/** The text of an HTML string → Kazakh Latin, markup untouched (see `KazakhLatin.html`). */
export function transliterateKazakhLatinHtml(html: string, options: KazakhLatinOptions = {}): string {
  return createKazakhLatin(options).html(html);
}
