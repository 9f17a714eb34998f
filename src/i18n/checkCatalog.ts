import { linkProblem } from "../core/links.js";
import { scanLinks } from "../core/markdown.js";
import { pointerOf, type DiagnosticList } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import type { Catalog } from "./catalog.js";
import { pluralCategories } from "./pluralCategories.js";

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/**
 * Variables tilpress passes with every qualified number so a language's grammar can use them
 * where the reference language has no need: `fromNumberAblative` is the Kazakh case suffix on a
 * change's first number ("4-тен").
 */
const GRAMMAR_VARIABLES = new Set(["count", "fromNumberAblative"]);

/**
 * Variables that stand for the same value in another grammatical form (src/quantity/): a
 * Russian qualifier takes `{{genitive}}` where English has `{{value}}` (a change by it
 * `{{accusative}}`), a Kazakh one `{{ablative}}` or `{{dative}}`; a change's `{{fromNumber}}`
 * is its `{{from}}` without the unit; the embargo's `{{timeDative}}` is its `{{time}}` with the
 * kk dative suffix («09:00-ге дейін»); a quarter may be written `{{roman}}`; a period's month
 * in a case, `{{monthLocative}}` (ru «декабре», kk «желтоқсанда»), is its `{{month}}`, and a
 * day written from its parts (kk «{{dateYear}} жылғы {{dateDay}} {{dateMonthLocative}}») is Intl's
 * `{{date}}`, a range of days written from its sides' parts (kk «{{startYear}} жылғы
 * {{startDay}}–{{endDay}} {{endMonth}}») Intl's `{{range}}`. Compared as the variable they stand for.
 */
const SAME_VALUE: Readonly<Record<string, string>> = {
  genitive: "value",
  accusative: "value",
  ablative: "value",
  dative: "value",
  fromNumber: "from",
  fromGenitive: "from",
  fromAblative: "from",
  fromDative: "from",
  toGenitive: "to",
  toAblative: "to",
  toDative: "to",
  roman: "quarter",
  timeDative: "time",
  // A period's month in a case (src/quantity/period.ts), a day and a range of days written from their parts.
  monthGenitive: "month",
  monthLocative: "month",
  monthAttributive: "month",
  fromLocative: "from",
  fromAttributive: "from",
  toLocative: "to",
  toAttributive: "to",
  dateDay: "date",
  dateYear: "date",
  dateMonth: "date",
  dateMonthGenitive: "date",
  dateMonthLocative: "date",
  dateMonthAttributive: "date",
  startDay: "range",
  startYear: "range",
  startMonth: "range",
  startMonthGenitive: "range",
  startMonthLocative: "range",
  startMonthAttributive: "range",
  endDay: "range",
  endYear: "range",
  endMonth: "range",
  endMonthGenitive: "range",
  endMonthLocative: "range",
  endMonthAttributive: "range",
};

interface CatalogString {
  readonly path: string[];
  readonly value: unknown;
}

/**
 * Compare every locale's catalog with the source locale's (`source` in tilpress.config.json, default English): the same keys, every
 * plural category the locale's CLDR rules have, the same interpolation variables, and no empty
 * strings. A problem in one locale blocks that locale. A derived locale (kk-Latn) has the
 * strings of the locale it is made from: only the strings its own files give are checked.
 */
export function checkCatalog(catalog: Catalog, locales: readonly Locale[], diagnostics: DiagnosticList): void {
  const reference = catalog.profiles.source;
  for (const ns of catalog.namespaces) {
    const refStrings = strings(catalog, reference, ns);
    const refBases = groupPlurals(refStrings);
    for (const locale of locales) {
      // A file that did not parse has its error; its strings are not each missing.
      if (catalog.unread.has(`${locale}/${ns}`)) continue;
      const source = catalog.sources[`${locale}/${ns}`];
      const file = catalog.files[`${locale}/${ns}`] ?? `locales/${locale}/${ns}.json`;
      const derived = catalog.profiles.get(locale).derivedFrom !== undefined;
      const own = derived ? givenStrings(source?.data) : strings(catalog, locale, ns);
      const bases = groupPlurals(own);
      const at = (path: string[]) => ({
        file,
        locale,
        pointer: pointerOf(path),
        ...(source ? source.locate(path) : {}),
      });
      for (const s of own) {
        if (typeof s.value === "string" && s.value.trim() === "") {
          diagnostics.error({
            ...at(s.path),
            code: "catalog/empty-string",
            message: `\`${s.path.join(".")}\` is empty in ${locale}`,
            hint: "Translate it; an empty string would print nothing.",
          });
        } else if (typeof s.value !== "string") {
          diagnostics.error({
            ...at(s.path),
            code: "catalog/not-a-string",
            message: `\`${s.path.join(".")}\` must be a string`,
          });
        } else {
          // A template may print a string through the markdown helpers: its links follow the URL policy.
          for (const { href } of scanLinks(s.value)) {
            const problem = linkProblem(href);
            if (!problem) continue;
            diagnostics.error({
              ...at(s.path),
              code: "data/unsafe-link",
              message: `\`${s.path.join(".")}\` links to \`${href}\`, which is refused: ${problem}`,
              hint: "Use an absolute URL such as https://example.org/page.",
              actual: href,
            });
          }
        }
      }
      for (const [base, forms] of bases) {
        if (forms.size === 0 || derived) continue;
        const missing = pluralCategories(locale).filter((c) => !forms.has(c));
        if (missing.length) {
          const forms = missing.map((c) => `\`${base}_${c}\``).join(", ");
          const categories = pluralCategories(locale).join(", ");
          diagnostics.error({
            ...at(pathOfBase(own, base)),
            code: "catalog/missing-plural",
            message: `\`${base}\` lacks the ${locale} plural form${missing.length > 1 ? "s" : ""} ${forms}`,
            hint: `${locale} uses the CLDR categories ${categories}; without one, a count in it would print the key.`,
          });
        }
      }
      if (locale === reference) continue;
      for (const [base, forms] of refBases) {
        if (!bases.has(base)) {
          if (derived) continue;
          diagnostics.error({
            file,
            locale,
            pointer: pointerOf(base.split(".")),
            ...(source ? source.locate(base.split(".").slice(0, -1)) : {}),
            code: "catalog/missing-key",
            message: `The ${locale} catalog has no string \`${base}\`${forms.size ? " (a plural)" : ""}`,
            hint: `Add it to ${file}; tilpress never fills a locale from ${reference}.`,
          });
          continue;
        }
        const refVars = variables(refStrings, base);
        const ownVars = variables(own, base);
        const lost = [...refVars].filter((v) => !ownVars.has(v) && !GRAMMAR_VARIABLES.has(v));
        const extra = [...ownVars].filter((v) => !refVars.has(v) && !GRAMMAR_VARIABLES.has(v));
        if (lost.length || extra.length) {
          const variables = (names: Iterable<string>) => `{{${[...names].join("}}, {{")}}}`;
          diagnostics.error({
            ...at(pathOfBase(own, base)),
            code: "catalog/interpolation-mismatch",
            message: `\`${base}\` uses ${variables(ownVars)} in ${locale} but ${variables(refVars)} in ${reference}`,
            hint: lost.length
              ? `Add {{${lost.join("}}, {{")}}}: the value would be lost.`
              : `{{${extra.join("}}, {{")}}} is never given a value.`,
            expected: [...refVars].join(", "),
            actual: [...ownVars].join(", "),
          });
        }
      }
    }
  }
}

function strings(catalog: Catalog, locale: Locale, ns: string): CatalogString[] {
  return givenStrings(catalog.i18n.getResourceBundle(locale, ns));
}

/** The strings of a parsed namespace, each with its path. */
function givenStrings(bundle: unknown): CatalogString[] {
  const out: CatalogString[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    } else out.push({ path, value });
  };
  if (bundle !== undefined) walk(bundle, []);
  return out;
}

/** Base key → the plural categories it has (empty for a plain string). */
function groupPlurals(list: readonly CatalogString[]): Map<string, Set<string>> {
  const bases = new Map<string, Set<string>>();
  for (const s of list) {
    const key = s.path.join(".");
    const m = PLURAL_SUFFIX.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    let forms = bases.get(base);
    if (!forms) bases.set(base, (forms = new Set()));
    if (m?.[1]) forms.add(m[1]);
  }
  return bases;
}

function pathOfBase(list: readonly CatalogString[], base: string): string[] {
  return (
    list.find((s) => s.path.join(".") === base || s.path.join(".").replace(PLURAL_SUFFIX, "") === base)?.path ??
    base.split(".")
  );
}

function variables(list: readonly CatalogString[], base: string): Set<string> {
  const vars = new Set<string>();
  for (const s of list) {
    const key = s.path.join(".");
    if (key !== base && key.replace(PLURAL_SUFFIX, "") !== base) continue;
    for (const m of String(s.value).matchAll(/\{\{\s*([\w.-]+)\s*(?:,[^}]*)?\}\}/g))
      vars.add(SAME_VALUE[m[1]!] ?? m[1]!);
  }
  return vars;
}
