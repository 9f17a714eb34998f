import Handlebars, { type HelperOptions } from "handlebars";
import { markdownFor, translatorOf } from "./context.js";

/** `{{markdownInline lede}}`: one paragraph of Markdown without the `<p>` around it. */
export function markdownInline(source: unknown, options: HelperOptions): Handlebars.SafeString {
  return new Handlebars.SafeString(markdownFor(translatorOf(options).profile).renderInline(String(source ?? "")));
}
