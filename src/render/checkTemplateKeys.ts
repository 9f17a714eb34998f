import type { DiagnosticList } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import { placeOf } from "../core/source.js";
import type { Catalog } from "../i18n/catalog.js";
import { pluralCategories } from "../i18n/pluralCategories.js";

/**
 * Every catalog key a template names literally (`{{t "briefing.timeline"}}`,
 * `{{plural "site.outputCount" n}}`) exists in every locale, reported at the template's line
 * before anything renders.
 */
export interface TemplateKey {
  readonly key: string;
  readonly helper: "t" | "plural";
  readonly file: string;
  readonly offset: number;
  readonly text: string;
}

/** Catalog keys the templates name literally, with where. */
export function templateKeys(sources: Readonly<Record<string, { file: string; text: string }>>): TemplateKey[] {
  const keys: TemplateKey[] = [];
  for (const { file, text } of Object.values(sources)) {
    for (const m of text.matchAll(/\{\{~?\s*(t|plural)\s+"([^"]+)"/g)) {
      const [, helper, key] = m as unknown as [string, "t" | "plural", string];
      keys.push({ key, helper, file, text, offset: (m.index ?? 0) + m[0].length - key.length - 1 });
    }
  }
  return keys;
}

export function checkTemplateKeys(
  sources: Readonly<Record<string, { file: string; text: string }>>,
  catalog: Catalog,
  locales: readonly Locale[],
  diagnostics: DiagnosticList,
): void {
  {
    for (const { key, helper, file, text, offset } of templateKeys(sources)) {
      const ns = key.includes(":") ? (key.split(":")[0] ?? "common") : "common";
      for (const locale of locales) {
        // A catalog file that did not parse has its error; its strings are not each missing.
        if (catalog.unread.has(`${locale}/${ns}`)) continue;
        const forms = helper === "plural" ? pluralCategories(locale).map((c) => `${key}_${c}`) : [key];
        const missing = forms.filter((k) => !catalog.i18n.exists(k, { lng: locale }));
        if (missing.length === 0) continue;
        diagnostics.error({
          code: "catalog/missing-key",
          message: `The template uses \`${missing.join("`, `")}\`, which the ${locale} catalog lacks`,
          hint: `Add it to locales/${locale}/${ns}.json.`,
          file,
          ...placeOf(text, offset),
          locale,
        });
      }
    }
  }
}

/** Every `{{> partial}}` a template or partial uses exists. */
export function checkPartials(
  sources: Readonly<Record<string, { file: string; text: string }>>,
  partials: readonly string[],
  diagnostics: DiagnosticList,
): void {
  for (const { file, text } of Object.values(sources)) {
    for (const m of text.matchAll(/\{\{~?#?>\s*([\w/-]+)/g)) {
      const name = m[1]!;
      if (partials.includes(name)) continue;
      diagnostics.error({
        code: "template/missing-partial",
        message: `The partial \`${name}\` does not exist`,
        hint: `Partials are the files in templates/partials/: ${partials.join(", ") || "none"}.`,
        file,
        ...placeOf(text, (m.index ?? 0) + m[0].indexOf(name)),
      });
    }
  }
}
