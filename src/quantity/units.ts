import type { Catalog } from "../i18n/catalog.js";
import type { Locale } from "../locale/index.js";

/** The catalog types that are not a count's unit but share the units' plural keys. */
export const TYPES = new Set(["percent", "points"]);
/** A plural key of units.json: the unit, then its CLDR category (`people_few`). */
export const PLURAL = /^(.+)_(zero|one|two|few|many|other)$/;

/** The units a locale's `units.json` defines: its top-level plural keys, in the file's order. */
export function catalogUnits(catalog: Catalog, locale: Locale): string[] {
  const bundle: unknown = catalog.i18n.getResourceBundle(locale, "units");
  if (!bundle || typeof bundle !== "object") return [];
  const units = new Set<string>();
  for (const [key, value] of Object.entries(bundle)) {
    const m = PLURAL.exec(key);
    if (m?.[1] && typeof value === "string") units.add(m[1]);
  }
  return [...units];
}

/**
 * What a figure's `unit:` may name in each locale: the units of its catalog, without percent and
 * points (a figure's `type`), and the file that defines them (`figure/unknown-unit`).
 */
export interface FigureUnits {
  readonly names: (locale: Locale) => readonly string[];
  readonly file: (locale: Locale) => string;
  /** Whether the locale's units were read: a catalog folder missing or a file that did not parse is its own error. */
  readonly read: (locale: Locale) => boolean;
}

export function figureUnits(catalog: Catalog): FigureUnits {
  const names = new Map<Locale, readonly string[]>();
  return {
    names: (locale) => {
      let found = names.get(locale);
      if (!found) names.set(locale, (found = catalogUnits(catalog, locale).filter((u) => !TYPES.has(u))));
      return found;
    },
    file: (locale) => catalog.files[`${locale}/units`] ?? `locales/${locale}/units.json`,
    read: (locale) => !catalog.unread.has(`${locale}/units`),
  };
}
