/**
 * A locale id: the key of a locale profile, of catalog folders (`locales/<id>/`), of text files
 * (`<id>.md`), of glossary and outlet blocks and of output paths. Any string: a new locale is a
 * new profile, not a new type.
 */
export type Locale = string;

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
   * checked against it. `translation`: translated from the source.
   */
  readonly role: "source" | "translation";
  /** The locale this one is made from by transliteration (Kazakh in Latin script from `kk`); none yet. */
  readonly derivedFrom?: undefined;
  /**
   * The grammatical suffix the catalog's `{{ablative}}` takes after a number written in
   * digits, for a language that inflects numbers so ("100-ден" in Kazakh).
   */
  readonly ablative?: (value: number) => string;
}
