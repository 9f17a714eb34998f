import { derivedScript, type DerivedScript, type Spellings } from "../locale/derivedScript.js";
import { contentLocale, type Locale } from "../locale/index.js";
import type { Glossary } from "../validate/schema.js";
import { relocateView, type ModelOptions } from "./articleModel.js";
import { layoutChartBars } from "./chartText.js";
import type { ArticleView } from "./view.js";

/**
 * Every glossary name that has a spelling of its own in a derived locale: the source locale's
 * name → the derived one (`Назарбаев` → `Nazarbayev`), the transliterator's overrides.
 */
export function glossarySpellings(glossary: Glossary, script: { locale: Locale; from: Locale }): Spellings {
  const spellings: Record<string, string> = {};
  for (const section of [glossary.people, glossary.places, glossary.organizations]) {
    for (const entry of Object.values(section)) {
      const source = entry[script.from]?.name;
      const own = entry[script.locale]?.name;
      if (source !== undefined && own !== undefined) spellings[source] = own;
    }
  }
  return spellings;
}

/**
 * Fields that are not text in the page's language: addresses, ids, dates in ISO form, the
 * language links (each names its locale in its own language), and Markdown sources (their link
 * targets must not change: they are transliterated as HTML, in the rendered page).
 */
const NOT_TEXT = new Set([
  "alternates",
  "body",
  "dir",
  "href",
  "id",
  "indexHref",
  "iso",
  "language",
  "lede",
  "locale",
  "notes",
  "programme",
  "src",
  "template",
  "url",
]);

/**
 * The source locale's typeset view of an article as the derived locale's: its locale and
 * language links, and every text field in the derived script (a quote spoken in another
 * language stays as it is), its charts laid out again for it. The page rendered from it is
 * transliterated as a whole after.
 */
export function derivedView(
  view: ArticleView,
  script: DerivedScript,
  links: Pick<ModelOptions, "template" | "baseUrl" | "builtLocales" | "source">,
): ArticleView {
  const otherLanguage = (value: object) => {
    const language = (value as { language?: unknown }).language;
    return typeof language === "string" && language.split("-")[0] !== script.from.split("-")[0];
  };
  const converted = inScript(view, script, { skipKeys: NOT_TEXT, skipObject: otherLanguage });
  // The charts' text wrapped again in the derived script's letters, which are not as wide.
  const charts = converted.charts.map((chart) => ({ ...chart, ...layoutChartBars(chart.bars) }));
  return relocateView({ ...converted, charts }, script.locale, links);
}

/** The scripts of the project's derived locales, each with the glossary's spellings in it. */
export function derivedScripts(
  locales: readonly Locale[],
  content: { readonly glossary: Glossary },
): Map<Locale, DerivedScript> {
  const scripts = new Map<Locale, DerivedScript>();
  for (const locale of locales) {
    const from = contentLocale(locale);
    if (from === locale) continue;
    const script = derivedScript(locale, glossarySpellings(content.glossary, { locale, from }));
    if (script) scripts.set(locale, script);
  }
  return scripts;
}

/** Every string of a page's sharing data in the derived script (URLs, dates and tags are ASCII and stay as they are). */
export function sharingInScript<T>(sharing: T, script: DerivedScript): T {
  return inScript(sharing, script, {});
}

/** Every string in `value` through the script, but under the keys and in the objects it is told to skip. */
function inScript<T>(
  value: T,
  script: DerivedScript,
  skip: { readonly skipKeys?: ReadonlySet<string>; readonly skipObject?: (value: object) => boolean },
): T {
  const convert = (v: unknown): unknown => {
    if (typeof v === "string") return script.text(v);
    if (Array.isArray(v)) return v.map(convert);
    if (typeof v !== "object" || v === null || skip.skipObject?.(v)) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, skip.skipKeys?.has(k) ? x : convert(x)]));
  };
  return convert(value) as T;
}
