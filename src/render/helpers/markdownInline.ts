import Handlebars, { type HelperOptions } from "handlebars";
import { markdownHtml, translatorOf } from "./context.js";

/** `{{markdownInline lede}}`: one paragraph of Markdown without the `<p>` around it. */
export function markdownInline(source: unknown, options: HelperOptions): Handlebars.SafeString {
  return new Handlebars.SafeString(markdownHtml(translatorOf(options).profile, String(source ?? ""), true));
}
