import { cldrLocaleData } from "./cldr.js";
import { kazakhMonthInCase, kazakhNumeralSuffix } from "./kazakh.js";
import { russianMonthInCase } from "./russian.js";
import type { Locale, LocaleProfile, LocaleTypesetting } from "./profile.js";

export type { Locale, LocaleProfile, LocaleTypesetting, MonthCase, NumeralCase, QuotePair } from "./profile.js";
export { LocaleProfiles, resolveLocales, type LocaleSettings } from "./resolve.js";

/** A profile as tilpress ships it: whether it is the source is the project's choice (`source`). */
export type BuiltInProfile = Omit<LocaleProfile, "role">;

/** The locales tilpress ships strings, fonts and typography rules for: the defaults for en, kk and ru. */
const BUILT_IN: readonly BuiltInProfile[] = [
  {
    id: "en",
    tag: "en",
    name: "English",
    direction: "ltr",
    quotes: { primary: ["“", "”"], nested: ["‘", "’"] },
    grouping: "auto",
    typography: { dash: "closed", oneLetterWords: "", shortWords: [], numeralSuffixes: false, monthBeforeDay: true },
  },
  {
    id: "kk",
    tag: "kk",
    name: "Қазақша",
    direction: "ltr",
    quotes: { primary: ["«", "»"], nested: ["„", "“"] },
    grouping: "min2",
    typography: { dash: "spaced", oneLetterWords: "", shortWords: [], numeralSuffixes: true, monthBeforeDay: false },
    numeralSuffix: kazakhNumeralSuffix,
    monthInCase: kazakhMonthInCase,
  },
  {
    // Kazakh in Latin script (2021 alphabet), transliterated from kk: kk's typography and grammar.
    id: "kk-Latn",
    tag: "kk-Latn",
    name: "Qazaqşa",
    direction: "ltr",
    quotes: { primary: ["«", "»"], nested: ["„", "“"] },
    grouping: "min2",
    typography: { dash: "spaced", oneLetterWords: "", shortWords: [], numeralSuffixes: true, monthBeforeDay: false },
    numeralSuffix: kazakhNumeralSuffix,
    monthInCase: kazakhMonthInCase,
    derivedFrom: "kk",
  },
  {
    id: "ru",
    tag: "ru",
    name: "Русский",
    direction: "ltr",
    quotes: { primary: ["«", "»"], nested: ["„", "“"] },
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
    monthInCase: russianMonthInCase,
  },
];

const BUILT_IN_PROFILES: ReadonlyMap<Locale, BuiltInProfile> = new Map(BUILT_IN.map((p) => [p.id, p]));

/** Every locale tilpress ships a profile for, in this order. */
export const SUPPORTED_LOCALES: readonly Locale[] = BUILT_IN.map((p) => p.id);

/**
 * The locales a project builds when its tilpress.config.json names none: every built-in profile
 * with texts of its own. A derived locale (kk-Latn) is opt-in: publishing a machine
 * transliteration is an editorial choice.
 */
export const DEFAULT_LOCALES: readonly Locale[] = BUILT_IN.filter((p) => p.derivedFrom === undefined).map((p) => p.id);

/**
 * The locale whose content a locale's pages are made from: its own, or the one it is derived
 * from. Only built-in profiles are derived (a project cannot configure a transliteration).
 */
export function contentLocale(id: Locale): Locale {
  return BUILT_IN_PROFILES.get(id)?.derivedFrom ?? id;
}

/** The locale the catalog and the content are written in first when the config names none (`source`). */
export const DEFAULT_SOURCE_LOCALE: Locale = "en";

/** The canonical spelling of a BCP 47 language tag (`de-de` → `de-DE`, `iw` → `he`); none: not a well-formed tag. */
export function canonicalLocaleId(value: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    return undefined; // Intl throws a RangeError for what is not a tag at all (`de_DE`)
  }
}

// Intl knows the registered languages (CLDR): `xx` or `kz` is no language. Made when first asked
// about a locale tilpress has no profile of, or a quote's language other than those: making it
// costs 11-18 ms of a cold start (docs/performance.md).
let languageNames: Intl.DisplayNames | undefined;

/**
 * Whether Intl has an English name for a language or a tag (`kk`, `en-GB`): `kz` and `rus` have
 * none. Throws a RangeError for a string that is not a well-formed tag.
 */
export function isKnownLanguage(tag: string): boolean {
  // Most quotes are in a language tilpress has a profile of (en, kk, ru): known without ICU.
  return BUILT_IN_PROFILES.has(tag) || englishNames().of(tag) !== undefined;
}

/** A language's English name, as messages name it ("the English text"); the tag itself when Intl has none. */
export function englishLanguageName(tag: string): string {
  return englishNames().of(tag) ?? tag;
}

function englishNames(): Intl.DisplayNames {
  return (languageNames ??= new Intl.DisplayNames(["en"], { type: "language", fallback: "none" }));
}

const checkedIds = new Map<string, boolean>();

/**
 * Whether a string can name a locale: a canonical BCP 47 tag (`de`, `pt-BR`, `kk-Latn`) whose
 * language Intl knows. Any such locale may be built; the project's config says which are.
 */
export function isLocaleId(value: string): boolean {
  let known = checkedIds.get(value);
  if (known === undefined) {
    known =
      BUILT_IN_PROFILES.has(value) ||
      (canonicalLocaleId(value) === value && isKnownLanguage(new Intl.Locale(value).language));
    // Asked for every key of every localized mapping: Intl's answers are the same for a string forever.
    if (checkedIds.size < 10_000) checkedIds.set(value, known);
  }
  return known;
}

/** tilpress's own profile of a locale (en, kk, ru), if it ships one. */
export function builtInProfile(id: Locale): BuiltInProfile | undefined {
  return BUILT_IN_PROFILES.get(id);
}

/**
 * When a locale groups digits: the built-in profile's choice, else CLDR's minimumGroupingDigits
 * (2: `min2`, as Polish and Spanish write "1000" but "10 000"). Not a setting: it is the language's.
 */
export function groupingOf(id: Locale): LocaleProfile["grouping"] {
  return builtInProfile(id)?.grouping ?? ((cldrLocaleData(id).minimumGroupingDigits ?? 1) >= 2 ? "min2" : "auto");
}

/** Intl's options for a locale's numbers (`useGrouping: "min2"` in kk and ru). */
export function numberOptions(id: Locale): Intl.NumberFormatOptions {
  return { useGrouping: groupingOf(id) };
}

/**
 * The profile of a locale tilpress ships none for, from CLDR and Intl: its name in its own
 * language (Intl.DisplayNames, first letter capitalized as in a language menu), direction
 * (Intl.Locale's text info), quotation marks (CLDR delimiters), digit grouping (CLDR), whether
 * dates put the month before the day (Intl.DateTimeFormat). Typesetting that neither knows —
 * the dash, words kept with the next — takes defaults a project may override: the dash is the
 * spaced en dash where the language's style guides set it (SPACED_EN_DASH), else a spaced em dash.
 */
export function derivedProfile(id: Locale): BuiltInProfile {
  const cldr = cldrLocaleData(id);
  const own = new Intl.DisplayNames([id], { type: "language", fallback: "code" }).of(id) ?? id;
  const [first = "", ...rest] = own;
  return {
    id,
    tag: id,
    name: first.toLocaleUpperCase(id) + rest.join(""),
    direction: directionOf(id),
    quotes: cldr.quotes ?? { primary: ["“", "”"], nested: ["‘", "’"] },
    grouping: groupingOf(id),
    typography: {
      dash: SPACED_EN_DASH.has(new Intl.Locale(id).language) ? "spaced-en" : "spaced",
      oneLetterWords: "",
      shortWords: [],
      numeralSuffixes: false,
      monthBeforeDay: monthBeforeDay(id),
    } satisfies LocaleTypesetting,
  };
}

/**
 * Languages whose dash between words is a spaced en dash (Duden's Gedankenstrich; the Danish,
 * Norwegian, Swedish and Finnish language councils; Czech, Slovak and Hungarian orthography):
 * CLDR has no dash, so this is kept by hand. Others get the spaced em dash.
 */
const SPACED_EN_DASH: ReadonlySet<string> = new Set(["de", "da", "nb", "nn", "no", "sv", "fi", "cs", "sk", "hu"]);

function directionOf(id: Locale): "ltr" | "rtl" {
  // `textInfo` is an accessor in Node 20's V8 and `getTextInfo()` in later ones.
  const locale = new Intl.Locale(id) as Intl.Locale & {
    textInfo?: { direction?: string };
    getTextInfo?: () => { direction?: string };
  };
  const info = locale.getTextInfo?.() ?? locale.textInfo;
  return info?.direction === "rtl" ? "rtl" : "ltr";
}

function monthBeforeDay(id: Locale): boolean {
  const parts = new Intl.DateTimeFormat(id, { month: "long", day: "numeric", timeZone: "UTC" }).formatToParts(0);
  return parts.findIndex((p) => p.type === "month") < parts.findIndex((p) => p.type === "day");
}
