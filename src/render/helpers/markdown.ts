import Handlebars, { type HelperOptions } from "handlebars";
import { markdownFor, translatorOf } from "./context.js";

/** `{{markdown body}}`: article Markdown as HTML. Raw HTML in it is shown as text; links are http(s)/mailto only. */
export function markdown(source: unknown, options: HelperOptions): Handlebars.SafeString {
  return new Handlebars.SafeString(markdownFor(translatorOf(options).profile).render(String(source ?? "")));
}
