import { createKazakhLatin, kazakhLatinLetters } from "./kazakhLatin.js";
import { contentLocale, type Locale } from "./index.js";

/**
 * How a derived locale's text is written from its source locale's: plain text for the fields
 * that leave the page (a PDF's title, the manifest, an email's subject) and whole pages, whose
 * other-language elements (`lang="ru"`) are left as they are.
 */
export interface DerivedScript {
  /** The derived locale (`kk-Latn`). */
  readonly locale: Locale;
  /** The locale it is made from (`kk`). */
  readonly from: Locale;
  text(text: string): string;
  page(html: string): string;
}

/** Names in the source locale → their spelling in the derived one (a person's own spelling). */
export type Spellings = Readonly<Record<string, string>>;

/** The transliterator of each derived locale tilpress ships, compiled with a set of spellings. */
const SCRIPTS: Readonly<Record<Locale, (spellings: Spellings) => Pick<DerivedScript, "text" | "page">>> = {
  "kk-Latn": (spellings) => createKazakhLatin({ overrides: spellings }),
};

/** A derived locale's script, compiled once (the spellings become one pattern); undefined for any other locale. */
export function derivedScript(locale: Locale, spellings: Spellings): DerivedScript | undefined {
  const from = contentLocale(locale);
  const make = SCRIPTS[locale];
  if (from === locale || make === undefined) return undefined;
  const { text, page } = make(spellings);
  return { locale, from, text, page };
}

/** The letters each derived locale tilpress ships is written with (every form its script makes). */
const LETTERS: Readonly<Record<Locale, () => string>> = { "kk-Latn": kazakhLatinLetters };

/**
 * The letters a derived locale's pages are written in, for font coverage; undefined for any
 * other locale (CLDR's kk-Latn would fall back to kk's Cyrillic, which these pages do not use).
 */
export function derivedLetters(locale: Locale): string | undefined {
  return contentLocale(locale) === locale ? undefined : LETTERS[locale]?.();
}
