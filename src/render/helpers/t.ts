import type { HelperOptions } from "handlebars";
import { typeset } from "../../typography/rules.js";
import { translatorOf } from "./context.js";

/** `{{t "briefing.keyFigures"}}`: a catalog string of the page's locale, typeset (and escaped by Handlebars). */
export function t(key: unknown, options: HelperOptions): string {
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(options.hash as Record<string, unknown>)) {
    if (typeof v === "string" || typeof v === "number") vars[k] = v;
  }
  const tr = translatorOf(options);
  return typeset(tr.t(String(key), vars), tr.profile);
}
