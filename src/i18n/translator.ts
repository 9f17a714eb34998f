import type { DiagnosticList } from "../core/diagnostic.js";
import type { Locale, LocaleProfile, LocaleProfiles } from "../locale/index.js";
import { BoundedCache, stringBytes } from "../core/boundedCache.js";
import type { Catalog, LanguageStrings } from "./catalog.js";
import { dateLocale, type EnglishDates } from "./format.js";
import { pluralCategory } from "./pluralCategories.js";

export type Vars = Readonly<Record<string, string | number>>;

/** Strings of one locale. A key the catalog lacks is a diagnostic, never another language. */
export interface Translator {
  readonly locale: Locale;
  /** The locale's profile in this build (quotation marks, typesetting, its own name). */
  readonly profile: LocaleProfile;
  /** Every locale of this build, for what names the others (language links). */
  readonly profiles: LocaleProfiles;
  /** The Intl locale the page's dates are written in (`en-GB` for an issuer that sets it). */
  readonly dateLocale: string;
  t(key: string, vars?: Vars): string;
  /** The plural form for `count`, chosen by the locale's CLDR rules; `{{value}}` is the formatted number. */
  plural(key: string, count: number, vars?: Vars): string;
  has(key: string): boolean;
}

export interface TranslatorScope {
  readonly article?: string;
  /** Where the string is needed: named in the diagnostic. */
  readonly file?: string;
  /** The issuer's English date style (data/outlets.yaml `englishDates`), for an article's pages. */
  readonly englishDates?: EnglishDates;
  /**
   * The catalog language the strings are read from, when it is not `locale`: a derived locale's
   * page is modelled in its source locale (`kk`: grammar, Intl, content) with the derived
   * locale's strings (`kk-Latn`: kk's with the project's own kk-Latn strings on top).
   */
  readonly strings?: Locale;
}

export function createTranslator(
  catalog: Catalog,
  locale: Locale,
  diagnostics: DiagnosticList,
  scope: TranslatorScope = {},
): Translator {
  const lng = scope.strings ?? locale;
  const fixed = catalog.i18n.getFixedT(lng);
  const strings = catalog.strings.get(lng) ?? { plain: new Map<string, string>(), known: new Map<string, boolean>() };
  catalog.strings.set(lng, strings);
  const { plain, known } = strings;
  const has = (key: string) => {
    let found = known.get(key);
    if (found === undefined) known.set(key, (found = catalog.i18n.exists(key, { lng })));
    return found;
  };
  /** A string with variables, from the strings found with the same ones (`WITH_VARIABLES`). */
  const withVariables = (key: string, vars: Vars) =>
    WITH_VARIABLES.get(strings, `${key}\0${JSON.stringify(vars)}`, () => fixed(key, { ...vars }));
  const reported = new Set<string>();
  const missing = (key: string): string => {
    if (!reported.has(key)) {
      reported.add(key);
      const [ns, bare] = splitNs(key);
      // A file that did not parse has its error; its strings are not each missing.
      if (catalog.unread.has(`${locale}/${ns}`)) return key;
      diagnostics.error({
        code: "catalog/missing-key",
        message: `The ${locale} catalog has no string \`${bare}\``,
        hint: `Add "${bare}" to locales/${locale}/${ns}.json.`,
        file: catalog.files[`${locale}/${ns}`] ?? `locales/${locale}/${ns}.json`,
        locale,
        ...(scope.article ? { article: scope.article } : {}),
      });
    }
    return key;
  };
  return {
    locale,
    profile: catalog.profiles.get(locale),
    profiles: catalog.profiles,
    dateLocale: dateLocale(locale, scope.englishDates),
    has,
    t: (key, vars) => {
      if (vars === undefined) {
        const found = plain.get(key);
        if (found !== undefined) return found;
        if (!has(key)) return missing(key);
        const text = fixed(key, {});
        plain.set(key, text);
        return text;
      }
      return has(key) ? withVariables(key, vars) : missing(key);
    },
    plural: (key, count, vars = {}) => {
      const form = `${key}_${pluralCategory(locale, count)}`;
      return has(form) ? withVariables(key, { ...vars, count }) : missing(form);
    },
  };
}

/**
 * Strings asked for with variables, per language's strings (the catalog's), by key and
 * variables: i18next resolves and interpolates at every call, and a batch asks for the same
 * ones again (a page's file sizes, counts and dates). i18next's `fixedT` was 151 ms (4 %) of a
 * 40-generated-article build's CPU profile, 48 ms after (`node bench/profile-functions.js
 * <profile> fixedT`). Bound: TRANSLATED_BYTES for every
 * catalog together, the strings not asked for lately dropped first.
 */
export const TRANSLATED_BYTES = 1024 * 1024;
const WITH_VARIABLES = new BoundedCache<LanguageStrings, string, string>({
  maxBytes: TRANSLATED_BYTES,
  sizeOf: (key, text) => stringBytes(key) + stringBytes(text),
});

function splitNs(key: string): [string, string] {
  const i = key.indexOf(":");
  return i < 0 ? ["common", key] : [key.slice(0, i), key.slice(i + 1)];
}
