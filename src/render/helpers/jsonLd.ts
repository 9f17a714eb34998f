import Handlebars from "handlebars";

/**
 * `{{jsonLd value}}`: a value as JSON inside `<script type="application/ld+json">`. A script
 * element ends at the first `</script` whatever JSON thinks, and `<!--` changes how the HTML
 * parser reads the rest: `<`, `>` and `&` are written as \u escapes, which JSON reads back as the
 * same characters, so no string can close or disturb the element; U+2028 and U+2029 too, which
 * older JavaScript parsers take for line ends.
 */
export function jsonLd(value: unknown): Handlebars.SafeString {
  return new Handlebars.SafeString(scriptJson(value));
}

/** JSON.stringify, with every character that could end or disturb a script element escaped. */
export function scriptJson(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
