import type { DiagnosticList } from "../core/diagnostic.js";
import type { Locale } from "../core/locales.js";
import { placeOf } from "../core/source.js";
import type { Catalog } from "../i18n/catalog.js";
import { pluralCategories } from "../i18n/pluralCategories.js";

/**
 * Every catalog key a template names literally (`{{t "briefing.timeline"}}`,
 * `{{plural "site.outputCount" n}}`) exists in every locale, reported at the template's line
 * before anything renders.
 */
export function checkTemplateKeys(
  sources: Readonly<Record<string, { file: string; text: string }>>,
  catalog: Catalog,
  locales: readonly Locale[],
  diagnostics: DiagnosticList,
): void {
  for (const { file, text } of Object.values(sources)) {
    for (const m of text.matchAll(/\{\{~?\s*(t|plural)\s+"([^"]+)"/g)) {
      const [, helper, key] = m as unknown as [string, string, string];
      for (const locale of locales) {
        const forms = helper === "plural" ? pluralCategories(locale).map((c) => `${key}_${c}`) : [key];
        const missing = forms.filter((k) => !catalog.i18n.exists(k, { lng: locale }));
        if (missing.length === 0) continue;
        diagnostics.error({
          code: "catalog/missing-key",
          message: `The template uses \`${missing.join("`, `")}\`, which the ${locale} catalog lacks`,
          hint: `Add it to locales/${locale}/${key.includes(":") ? key.split(":")[0] : "common"}.json.`,
          file,
          ...placeOf(text, (m.index ?? 0) + m[0].length - key.length - 1),
          locale,
        });
      }
    }
  }
}
