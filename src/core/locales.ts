/** The locales tilpress ships strings, fonts and typography rules for. */
export const SUPPORTED_LOCALES = ["en", "kk", "ru"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

export function isLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Names of each locale in its own language, for switchers and index pages. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: "English",
  kk: "Қазақша",
  ru: "Русский",
};

/** The locale the catalog and the content are written in first; every other locale is checked against it. */
export const SOURCE_LOCALE: Locale = "en";
