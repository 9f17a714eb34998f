import type { Locale } from "../locale/index.js";

/**
 * Where a currency's symbol goes around a number in a locale, from CLDR (`₸1.2` in en,
 * `1,2 ₸` in ru): the text before and after the digits of Intl's own currency format.
 */
export interface CurrencyAffixes {
  readonly prefix: string;
  readonly suffix: string;
}

const cache = new Map<string, CurrencyAffixes>();

export function currencyAffixes(locale: Locale, currency: string): CurrencyAffixes {
  const key = `${locale}:${currency}`;
  let found = cache.get(key);
  if (!found) {
    const parts = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      currencyDisplay: "narrowSymbol",
    }).formatToParts(1);
    const digits = (p: Intl.NumberFormatPart) => ["integer", "group", "decimal", "fraction"].includes(p.type);
    const first = parts.findIndex(digits);
    const last = parts.length - 1 - [...parts].reverse().findIndex(digits);
    const text = (ps: Intl.NumberFormatPart[]) => ps.map((p) => p.value).join("");
    cache.set(key, (found = { prefix: text(parts.slice(0, first)), suffix: text(parts.slice(last + 1)) }));
  }
  return found;
}

/** `−₸5`, `+₸5`: a sign goes before a prefixed symbol; the digits are written without it. */
export function splitSign(text: string): { sign: string; digits: string } {
  const m = /^([+\u2212]?)(.*)$/su.exec(text);
  return { sign: m?.[1] ?? "", digits: m?.[2] ?? text };
}
