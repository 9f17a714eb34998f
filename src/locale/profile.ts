/**
 * A locale id: the key of a locale profile, of catalog folders (`locales/<id>/`), of text files
 * (`<id>.md`), of glossary and outlet blocks and of output paths. Any string: a new locale is a
 * new profile, not a new type.
 */
export type Locale = string;

/** The cases a number written in digits may take a suffix in (Kazakh). */
export type NumeralCase = "ablative" | "dative" | "locative" | "genitive";

/**
 * The cases a period's month is given in (`LocaleProfile.monthInCase`): `attributive` is the
 * Kazakh locative made an attribute of the noun after it (желтоқсан → желтоқсандағы).
 */
export type MonthCase = "locative" | "genitive" | "attributive";

/** An opening and a closing quotation mark. */
export type QuotePair = readonly [open: string, close: string];

/** Everything tilpress knows about one locale beyond its catalog. */
export interface LocaleProfile {
  readonly id: Locale;
  /** BCP 47 language tag, for `lang` attributes and Intl. */
  readonly tag: string;
  /** The locale's name in its own language, for language switchers and index pages. */
  readonly name: string;
  readonly direction: "ltr" | "rtl";
  /** Quotation marks: the primary pair, and the pair for a quotation inside a quotation. */
  readonly quotes: { readonly primary: QuotePair; readonly nested: QuotePair };
  /**
   * `source`: the catalog and the content are written in it first, and every other locale is
   * checked against it (`source` in tilpress.config.json, default `en`). `translation`:
   * translated from the source.
   */
  readonly role: "source" | "translation";
  /**
   * When digits are grouped: `auto` (English: 1,000) or `min2`, only from five digits (Russian
   * and Kazakh: 1000 solid, 10 000). Intl's `useGrouping`.
   */
  readonly grouping: "auto" | "min2";
  /** The locale's typesetting choices (src/typography/rules.ts, docs/typography.md). */
  readonly typography: LocaleTypesetting;
  /**
   * The locale this one is made from by transliteration (Kazakh in Latin script from `kk`): it
   * has no texts of its own, its pages are modelled from that locale's content with its grammar
   * and written in this script at the end (docs/kazakh-latin.md). None for a written one.
   */
  readonly derivedFrom?: Locale;
  /**
   * The case suffix after a number written in digits, for a language that inflects numbers so
   * (Kazakh "100-ден", "10-ға", "5-те", "1000-ның"), from the last word of the number read
   * aloud (`WrittenNumber.spokenTail`). The catalog's `{{ablative}}` after digits is its ablative.
   */
  readonly numeralSuffix?: (spokenTail: number, grammaticalCase: NumeralCase) => string;
  /**
   * A month's name (lower case, as it stands alone: «декабрь», «желтоқсан») in a case a
   * period's form needs (`{period.in}`, `{period.dated}`, `{period.of}`: src/quantity/period.ts),
   * where Intl has no such form: Russian «декабре», Kazakh «желтоқсанда», «желтоқсандағы»,
   * «желтоқсанның». Without it, or where it returns nothing, the genitive is Intl's month with a
   * day (ru «декабря») and the other cases the name itself.
   */
  readonly monthInCase?: (month: string, grammaticalCase: MonthCase) => string | undefined;
}

/** What differs between locales in typesetting; quotation marks are `LocaleProfile.quotes`. */
export interface LocaleTypesetting {
  /**
   * A dash between words: spaced em dash (ru, kk: «Алматы — город»), spaced en dash (German,
   * the Nordic languages, Czech …: "Almaty – die Stadt") or closed (English house style: "Almaty—the city").
   */
  readonly dash: "spaced" | "spaced-en" | "closed";
  /** One-letter words kept with the word after them, in lower case (Russian: "авиксуяо"); "" for none. */
  readonly oneLetterWords: string;
  /**
   * Two-letter prepositions, conjunctions and particles kept with the word after them, in lower
   * case (Russian «на», «не», «по» …); empty for none. docs/typography.md says why.
   */
  readonly shortWords: readonly string[];
  /**
   * Whether digits take suffixes after a hyphen (kk «100-ден», ru «1990-х»), kept with a no-break
   * hyphen, and digit groups typed with a space («10 000») are one number.
   */
  readonly numeralSuffixes: boolean;
  /** Whether dates put the month's name before the day ("February 22"), kept together. */
  readonly monthBeforeDay: boolean;
}
