import { kazakhNumeralSuffix } from "./kazakh.js";
import type { Locale, LocaleProfile } from "./profile.js";

export type { Locale, LocaleProfile, LocaleTypesetting, NumeralCase, QuotePair } from "./profile.js";

/** The locales tilpress ships strings, fonts and typography rules for. */
const BUILT_IN: readonly LocaleProfile[] = [
  {
    id: "en",
    tag: "en",
    name: "English",
    direction: "ltr",
    quotes: { primary: ["“", "”"], nested: ["‘", "’"] },
    role: "source",
    grouping: "auto",
    typography: { dash: "closed", oneLetterWords: "", shortWords: [], numeralSuffixes: false, monthBeforeDay: true },
  },
  {
    id: "kk",
    tag: "kk",
    name: "Қазақша",
    direction: "ltr",
    quotes: { primary: ["«", "»"], nested: ["„", "“"] },
    role: "translation",
    grouping: "min2",
    typography: { dash: "spaced", oneLetterWords: "", shortWords: [], numeralSuffixes: true, monthBeforeDay: false },
    numeralSuffix: kazakhNumeralSuffix,
  },
  {
    // Kazakh in Latin script (2021 alphabet), transliterated from kk: kk's typography and grammar.
    id: "kk-Latn",
    tag: "kk-Latn",
    name: "Qazaqşa",
    direction: "ltr",
    quotes: { primary: ["«", "»"], nested: ["„", "“"] },
    role: "translation",
    grouping: "min2",
    typography: { dash: "spaced", oneLetterWords: "", shortWords: [], numeralSuffixes: true, monthBeforeDay: false },
    numeralSuffix: kazakhNumeralSuffix,
    derivedFrom: "kk",
  },
  {
    id: "ru",
    tag: "ru",
    name: "Русский",
    direction: "ltr",
    quotes: { primary: ["«", "»"], nested: ["„", "“"] },
    role: "translation",
    grouping: "min2",
    typography: {
      dash: "spaced",
      oneLetterWords: "авиксуяо",
      // The two-letter prepositions, conjunctions and particles that lead a phrase (typograf's
      // `common/nbsp/afterShortWord`, limited to function words: «ещё», «ООН» are not among them).
      shortWords: ["во", "на", "не", "ни", "по", "из", "от", "до", "за", "об", "со", "ко", "но", "да"],
      numeralSuffixes: true,
      monthBeforeDay: false,
    },
  },
];

const PROFILES: ReadonlyMap<Locale, LocaleProfile> = new Map(BUILT_IN.map((p) => [p.id, p]));

/** Every known profile's id, in this order. */
export const SUPPORTED_LOCALES: readonly Locale[] = BUILT_IN.map((p) => p.id);

/**
 * The locales a project builds when its config names none: every profile with texts of its own.
 * A derived locale (kk-Latn) is opt-in: publishing a machine transliteration is an editorial choice.
 */
export const DEFAULT_LOCALES: readonly Locale[] = BUILT_IN.filter((p) => p.derivedFrom === undefined).map((p) => p.id);

/** The locale whose content a locale's pages are made from: its own, or the one it is derived from. */
export function contentLocale(id: Locale): Locale {
  return PROFILES.get(id)?.derivedFrom ?? id;
}

/** The locale the catalog and the content are written in first; every other locale is checked against it. */
export const SOURCE_LOCALE: Locale = BUILT_IN.find((p) => p.role === "source")!.id;

export function isLocaleId(value: string): boolean {
  return PROFILES.has(value);
}

/** Intl's options for a locale's numbers (`useGrouping: "min2"` in kk and ru); defaults for a locale without a profile. */
export function numberOptions(id: Locale): Intl.NumberFormatOptions {
  return { useGrouping: PROFILES.get(id)?.grouping ?? "auto" };
}

/** The profile of a known locale; ids are checked when the config is resolved, so an unknown one is a bug. */
export function localeProfile(id: Locale): LocaleProfile {
  const profile = PROFILES.get(id);
  if (!profile) throw new Error(`No locale profile for "${id}"`);
  return profile;
}
