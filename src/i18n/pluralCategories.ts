import type { Locale } from "../locale/index.js";

const rulesCache = new Map<string, Intl.PluralRules>();

function rules(locale: Locale): Intl.PluralRules {
  let r = rulesCache.get(locale);
  if (!r) rulesCache.set(locale, (r = new Intl.PluralRules(locale)));
  return r;
}

/** The CLDR plural categories a locale uses (ru: one, few, many, other; kk, en: one, other). */
export function pluralCategories(locale: Locale): Intl.LDMLPluralRule[] {
  const order: Intl.LDMLPluralRule[] = ["zero", "one", "two", "few", "many", "other"];
  const have = rules(locale).resolvedOptions().pluralCategories;
  return order.filter((c) => have.includes(c));
}

export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  return rules(locale).select(count);
}
