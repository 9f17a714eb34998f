import type { HelperOptions } from "handlebars";
import { formatNumber } from "../../i18n/format.js";
import { typeset } from "../../typography/rules.js";
import { translatorOf } from "./context.js";

/** `{{plural "site.outputCount" n}}`: the CLDR plural form of the page's locale, number formatted by Intl, typeset. */
export function plural(key: unknown, count: unknown, options: HelperOptions): string {
  const tr = translatorOf(options);
  const n = Number(count);
  return typeset(tr.plural(String(key), n, { value: formatNumber(tr.locale, n) }), tr.profile);
}
