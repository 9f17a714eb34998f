import type { DiagnosticList } from "../core/diagnostic.js";
import { pointerOf } from "../core/diagnostic.js";
import { contentLocale, englishLanguageName, type Locale } from "../locale/index.js";
import type { Catalog } from "../i18n/catalog.js";
import { formatNumber } from "../i18n/format.js";
import { pluralCategory } from "../i18n/pluralCategories.js";
import { CODE_KEY_PREFIXES } from "../model/codeKeys.js";
import type { TemplateKey } from "./checkTemplateKeys.js";

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Counts every plural string is rendered at: the CLDR boundaries of ru and kk, and a fraction. */
export const PLURAL_PROBES: readonly number[] = [0, 1, 2, 5, 11, 21, 22, 25, 111, 1.5];

interface Entry {
  readonly ns: string;
  readonly path: string[];
  readonly value: unknown;
}

function entries(catalog: Catalog, locale: Locale): Entry[] {
  const out: Entry[] = [];
  for (const ns of catalog.namespaces) {
    const walk = (value: unknown, path: string[]) => {
      if (value && typeof value === "object" && !Array.isArray(value))
        for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      else out.push({ ns, path, value });
    };
    walk(catalog.i18n.getResourceBundle(locale, ns), []);
  }
  return out;
}

const keyOf = (e: Entry) => (e.ns === "common" ? "" : `${e.ns}:`) + e.path.join(".");

/** What the catalog is checked against: the locales built, the keys templates use, the allowed copies of the source text. */
export interface CatalogUsage {
  readonly locales: readonly Locale[];
  readonly used: readonly TemplateKey[];
  /** Keys whose translation may equal the source locale's (config `identicalAllowed`). */
  readonly identicalAllowed: readonly string[];
}

/**
 * How the catalog is used: keys no template or code asks for, plural strings rendered at the
 * probe counts, `$t()` nesting without cycles, and translations that are just the source text.
 */
export function checkCatalogUsage(catalog: Catalog, usage: CatalogUsage, diagnostics: DiagnosticList): void {
  const { locales, used, identicalAllowed } = usage;
  const at = (locale: Locale, e: Entry) => {
    const source = catalog.sources[`${locale}/${e.ns}`];
    return {
      file: catalog.files[`${locale}/${e.ns}`] ?? `locales/${locale}/${e.ns}.json`,
      locale,
      pointer: pointerOf(e.path),
      ...(source ? source.locate(e.path) : {}),
    };
  };
  const usedKeys = new Set(used.map((u) => u.key));
  const sourceLocale = catalog.profiles.source;
  const source = entries(catalog, sourceLocale);

  for (const e of source) {
    const base = keyOf(e).replace(PLURAL_SUFFIX, "");
    if (usedKeys.has(base) || CODE_KEY_PREFIXES.some((p) => base.startsWith(p))) continue;
    diagnostics.warn({
      ...at(sourceLocale, e),
      code: "catalog/unused-key",
      message: `\`${base}\` is not used by any template`,
      hint: "Remove it, or use it in a template.",
    });
  }

  for (const locale of locales) {
    // A derived locale's strings are its source locale's (checked there) with a few given on top.
    if (contentLocale(locale) !== locale) continue;
    const own = entries(catalog, locale);
    const strings = new Map(own.map((e) => [keyOf(e), e]));

    // Plurals at the probe counts: every count must find its form and render something.
    const bases = new Set(
      own.filter((e) => PLURAL_SUFFIX.test(keyOf(e))).map((e) => keyOf(e).replace(PLURAL_SUFFIX, "")),
    );
    for (const base of bases) {
      const failing = PLURAL_PROBES.filter((n) => {
        const form = strings.get(`${base}_${pluralCategory(locale, n)}`);
        return !form || typeof form.value !== "string" || form.value.trim() === "";
      });
      if (failing.length) {
        const first = own.find((e) => keyOf(e).startsWith(`${base}_`))!;
        const counts = failing.map((n) => `${formatNumber(locale, n)} (${pluralCategory(locale, n)})`).join(", ");
        diagnostics.error({
          ...at(locale, first),
          code: "catalog/plural-probe",
          message: `\`${base}\` has no ${locale} text for ${counts}`,
          hint: "Add the missing plural forms; tilpress renders every plural at 0, 1, 2, 5, 11, 21, 22, 25, 111 and 1.5.",
        });
      }
    }

    // $t(key) nesting: targets exist and no cycle.
    const nested = (value: unknown) => [...String(value).matchAll(/\$t\(([^),]+)/g)].map((m) => m[1]!.trim());
    for (const e of own) {
      for (const target of nested(e.value)) {
        if (!strings.has(target)) {
          diagnostics.error({
            ...at(locale, e),
            code: "catalog/missing-key",
            message: `\`${keyOf(e)}\` nests \`$t(${target})\`, which the ${locale} catalog lacks`,
          });
        }
      }
    }
    const state = new Map<string, "visiting" | "done">();
    const visit = (key: string, chain: string[]): void => {
      if (state.get(key) === "done") return;
      if (state.get(key) === "visiting") {
        const e = strings.get(key)!;
        const cycle = [...chain.slice(chain.indexOf(key)), key];
        diagnostics.error({
          ...at(locale, e),
          code: "catalog/nesting-cycle",
          message: `Nesting cycle: ${cycle.map((k) => `\`${k}\``).join(" → ")}`,
          hint: "A string must not include itself through $t().",
        });
        return;
      }
      state.set(key, "visiting");
      for (const target of nested(strings.get(key)?.value)) if (strings.has(target)) visit(target, [...chain, key]);
      state.set(key, "done");
    };
    for (const key of strings.keys()) visit(key, []);

    // The source text left in place of a translation.
    if (locale === sourceLocale) continue;
    for (const e of own) {
      const key = keyOf(e);
      const english = source.find((s) => keyOf(s) === key)?.value;
      if (typeof e.value !== "string" || e.value !== english || !/\p{L}/u.test(e.value.replace(/\{\{[^}]*\}\}/g, "")))
        continue;
      if (identicalAllowed.includes(key) || identicalAllowed.includes(key.replace(PLURAL_SUFFIX, ""))) continue;
      diagnostics.error({
        ...at(locale, e),
        code: "catalog/identical-to-source",
        message: `\`${key}\` in ${locale} is the ${englishLanguageName(sourceLocale)} text "${e.value}"`,
        hint: `Translate it, or list "${key}" under identicalAllowed in tilpress.config.json if it is a name or brand.`,
      });
    }
  }
}
