import Handlebars, { type HelperOptions } from "handlebars";
import { markdownHtml, translatorOf } from "./context.js";

/** `{{markdown body}}`: article Markdown as HTML. Raw HTML in it is shown as text; links are http(s)/mailto only. */
export function markdown(source: unknown, options: HelperOptions): Handlebars.SafeString {
  return new Handlebars.SafeString(markdownHtml(translatorOf(options).profile, String(source ?? ""), false));
}
