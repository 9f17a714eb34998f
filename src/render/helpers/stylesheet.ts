import Handlebars, { type HelperOptions } from "handlebars";
import { stylesheetOf } from "./context.js";

/** `{{stylesheet}}`: the project's templates/style.css, inlined so a page needs no other request. */
export function stylesheet(options: HelperOptions): Handlebars.SafeString {
  return new Handlebars.SafeString(stylesheetOf(options).replace(/<\/style/gi, "<\\/style"));
}
