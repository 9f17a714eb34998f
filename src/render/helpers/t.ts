import type { HelperOptions } from "handlebars";
import { translatorOf } from "./context.js";

/** `{{t "briefing.keyFigures"}}`: a catalog string of the page's locale (escaped by Handlebars). */
export function t(key: unknown, options: HelperOptions): string {
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(options.hash as Record<string, unknown>)) {
    if (typeof v === "string" || typeof v === "number") vars[k] = v;
  }
  return translatorOf(options).t(String(key), vars);
}
