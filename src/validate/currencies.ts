import type { Locale } from "../locale/index.js";
import type { NumberToken } from "./numbers.js";

/**
 * How each locale writes a currency next to a number: symbols and codes (any locale), and the
 * words, as regular-expression sources matched from a word's start (`\p{L}*` takes the case
 * endings: «долларов», «теңгеден», «долларынан»). A currency not listed is never reported.
 * This is data: a currency or a spelling is added here, not in the code below.
 */
const CURRENCY_MARKS: Readonly<
  Record<string, { readonly symbols: readonly string[]; readonly words: Readonly<Record<Locale, readonly string[]>> }>
> = {
  KZT: {
    symbols: ["₸", "KZT"],
    words: { en: ["tenge"], kk: ["теңге\\p{L}*", "тенге"], ru: ["тенге", "тг\\."] },
  },
  USD: {
    symbols: ["US$", "$", "USD"],
    words: { en: ["dollars?"], kk: ["доллар\\p{L}*"], ru: ["доллар\\p{L}*", "долл\\."] },
  },
  EUR: {
    symbols: ["€", "EUR"],
    words: { en: ["euros?"], kk: ["еуро\\p{L}*", "евро"], ru: ["евро"] },
  },
  RUB: {
    symbols: ["₽", "RUB"],
    words: { en: ["roubles?", "rubles?"], kk: ["рубль\\p{L}*", "рубл\\p{L}*"], ru: ["рубл\\p{L}*", "руб\\."] },
  },
  KGS: {
    symbols: ["KGS"],
    // Russian: every case of «сом», singular and plural («в сомах»), and not «сомнение».
    words: { en: ["soms?"], kk: ["сом\\p{L}{0,3}"], ru: ["сом(?:а|у|ом|е|ы|ов|ам|ами|ах)?"] },
  },
  CNY: {
    symbols: ["CNY"],
    words: { en: ["yuan"], kk: ["юан\\p{L}*"], ru: ["юан\\p{L}*"] },
  },
  GBP: {
    symbols: ["£", "GBP"],
    words: { en: ["pounds? sterling"], kk: ["фунт\\p{L}* стерлинг\\p{L}*"], ru: ["фунт\\p{L}* стерлинг\\p{L}*"] },
  },
};

/** Words between a number and its currency: a scale ("million", «млн»), a country ("US", «АҚШ»). */
const BETWEEN: Readonly<Record<Locale, { readonly scales: readonly string[]; readonly countries: readonly string[] }>> =
  {
    en: { scales: ["thousand", "million", "billion", "trillion", "mn", "bn", "m"], countries: ["US", "U\\.S\\."] },
    kk: {
      scales: ["мың", "млн\\.?", "миллион\\p{L}*", "млрд\\.?", "миллиард\\p{L}*", "трлн\\.?", "триллион\\p{L}*"],
      countries: ["АҚШ"],
    },
    ru: {
      scales: [
        "тыс\\.",
        "тысяч\\p{L}*",
        "млн\\.?",
        "миллион\\p{L}*",
        "млрд\\.?",
        "миллиард\\p{L}*",
        "трлн\\.?",
        "триллион\\p{L}*",
      ],
      countries: ["США"],
    },
  };

/** An alternation of sources; one that never matches when there are none (a locale this table lacks). */
const anyOf = (sources: readonly string[]) => (sources.length ? sources.join("|") : "(?!)");

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const SPACE = "[\\s\\u00a0\\u202f]";
/** Longest first, so that `US$` is read before `$`. */
const SYMBOLS = Object.entries(CURRENCY_MARKS)
  .flatMap(([code, m]) => m.symbols.map((s) => [s, code] as const))
  .sort((a, b) => b[0].length - a[0].length);
const SYMBOL_SOURCE = SYMBOLS.map(([s]) => escape(s)).join("|");

interface LocaleMarks {
  /** At a number's end: optional scale and country words, then a mark (matched in the folded text). */
  readonly after: RegExp;
  /** Right before a number: a symbol or a code, as written (case matters). */
  readonly before: RegExp;
  /** Each currency's words, to tell which one a mark is (a folded word). */
  readonly words: readonly (readonly [string, RegExp])[];
  /** Any mark anywhere (global: for `matchAll`; in the folded text). */
  readonly anywhere: RegExp;
}

/**
 * Marks are matched without case in a folded (lower-cased) copy of the text, by patterns written
 * in lower case without the `i` flag: `\p{L}` under `iu` makes V8 close the class over case, some
 * 0.7 ms each (0.2 ms without; a loop compiling one such pattern 20 times), and these patterns
 * have a score of them. The first calls in en, kk and ru, every thread's: 55 ms of self time
 * before, 16 ms after (--cpu-prof of a script calling `currencyOf` and `currenciesNamed`).
 */
function foldPattern(source: string): string {
  // Escapes and `\p{…}` stay as written: `\S` is not `\s`, `\p{Lu}` not `\p{lu}`.
  return source.replace(/\\p\{[^}]*\}|\\.|[^\\]+/gu, (part) => (part.startsWith("\\") ? part : part.toLowerCase()));
}

/**
 * `text` in lower case, one code point for one: the indices of its numbers stay valid. A
 * character whose lower case is longer (`İ`) is kept as written, as the `iu` flag would.
 */
function foldText(text: string): string {
  // The rules ask about one field's numbers in turn, each beside its source's (numberParity
  // alternates the two texts): the last two folded are kept. With one, 40 generated articles
  // folded 14.5 MB of text again (an allocation profile of a build).
  if (text === lastFolded.text) return lastFolded.folded;
  if (text === otherFolded.text) {
    [lastFolded, otherFolded] = [otherFolded, lastFolded];
    return lastFolded.folded;
  }
  otherFolded = lastFolded;
  const lower = text.toLowerCase();
  const folded =
    lower.length === text.length
      ? lower
      : Array.from(text, (ch) => {
          const one = ch.toLowerCase();
          return one.length === ch.length ? one : ch;
        }).join("");
  lastFolded = { text, folded };
  return folded;
}

let lastFolded = { text: "", folded: "" };
let otherFolded = lastFolded;

const LETTERS_TAIL = "\\p{L}*";

/**
 * Sources that end in `\p{L}*` (a stem and its endings) as one alternative with the tail once:
 * the same words, fewer classes to compile («теңге\p{L}*|доллар\p{L}*» is «(?:теңге|доллар)\p{L}*»).
 */
function shareTails(sources: readonly string[]): string[] {
  const stems = sources.filter((s) => s.endsWith(LETTERS_TAIL)).map((s) => s.slice(0, -LETTERS_TAIL.length));
  const others = sources.filter((s) => !s.endsWith(LETTERS_TAIL));
  return stems.length ? [`(?:${stems.join("|")})${LETTERS_TAIL}`, ...others] : [...others];
}

const compiled = new Map<Locale, LocaleMarks>();

function marksOf(locale: Locale): LocaleMarks {
  let marks = compiled.get(locale);
  if (!marks) {
    const folded = (sources: readonly string[]) => anyOf(shareTails(sources).map(foldPattern));
    // These only tell which currency a word the patterns below matched is, so `\p{L}` (all
    // letters already) is `.` here: each `\p{L}` is a large class to compile, and kk's and ru's
    // first look-ups took 12.7 and 7.6 ms with it, 8.9 and 5.4 without (bench/first-calls.js).
    const words = Object.entries(CURRENCY_MARKS).map(
      ([code, m]) =>
        [code, new RegExp(`^(?:${folded(m.words[locale] ?? []).replaceAll("\\p{L}", ".")})$`, "u")] as const,
    );
    const wordSource = Object.values(CURRENCY_MARKS).flatMap((m) => m.words[locale] ?? []);
    const { scales, countries } = BETWEEN[locale] ?? { scales: [], countries: [] };
    const symbols = foldPattern(SYMBOL_SOURCE);
    marks = {
      after: new RegExp(
        `${SPACE}*(?:(?:${folded(scales)})(?![\\p{L}\\p{N}])${SPACE}*)?(?:(?:${folded(countries)})${SPACE}+)?` +
          `(?:(?<symbol>${symbols})|(?<word>(?:${folded(wordSource)}))(?![\\p{L}\\p{N}]))`,
        "uy",
      ),
      before: new RegExp(`(?:^|[^\\p{L}\\p{N}])(?<symbol>${SYMBOL_SOURCE})${SPACE}?$`, "u"),
      words,
      anywhere: new RegExp(
        `(?<![\\p{L}])(?<symbol>${symbols})(?![\\p{L}])|(?<![\\p{L}\\p{N}])(?<word>${folded(wordSource)})(?![\\p{L}\\p{N}])`,
        "gu",
      ),
    };
    compiled.set(locale, marks);
  }
  return marks;
}

function codeOfSymbol(symbol: string): string | undefined {
  return SYMBOLS.find(([s]) => s.toLowerCase() === symbol.toLowerCase())?.[1];
}

/**
 * The currency (ISO 4217) `text` writes the number `n` in, if a mark is next to it: a symbol or
 * code just before ("$291.49", "US$ 5", "₸10.8"), or after it, past a scale and a country
 * ("291.49 million US dollars", «291,49 млн долл. США», «10,8 трлн теңгеден», "5 €").
 */
export function currencyOf(text: string, n: NumberToken, locale: Locale): string | undefined {
  if (n.percent) return undefined;
  const marks = marksOf(locale);
  const before = marks.before.exec(text.slice(Math.max(0, n.index - 5), n.index));
  if (before?.groups?.["symbol"]) return codeOfSymbol(before.groups["symbol"]);
  marks.after.lastIndex = n.index + n.text.length;
  const after = marks.after.exec(foldText(text));
  if (after?.groups?.["symbol"]) return codeOfSymbol(after.groups["symbol"]);
  const word = after?.groups?.["word"];
  return word === undefined ? undefined : marks.words.find(([, re]) => re.test(word))?.[0];
}

/** Every currency `text` names anywhere (a symbol, a code or a word), in order of first mention. */
export function currenciesNamed(text: string, locale: Locale): string[] {
  const marks = marksOf(locale);
  const found = new Set<string>();
  for (const m of foldText(text).matchAll(marks.anywhere)) {
    const symbol = m.groups?.["symbol"];
    const word = m.groups?.["word"];
    const code = symbol ? codeOfSymbol(symbol) : marks.words.find(([, re]) => re.test(word ?? ""))?.[0];
    if (code) found.add(code);
  }
  return [...found];
}
