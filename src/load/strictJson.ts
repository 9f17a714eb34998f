/**
 * Where a text that the YAML reader accepted is not JSON, and why: a `#` comment, a trailing
 * comma, an unquoted key, `0x2`. The project's JSON files (tilpress.config.json, the catalogs)
 * are parsed as YAML for their positions, but every other tool that opens them (an editor with
 * the schema, a translation platform, a CI linter) reads JSON, so tilpress reports what they
 * would refuse. A BOM is not a problem.
 */
export function notJson(text: string): { readonly reason: string; readonly offset: number } | undefined {
  const json = text.replace(/^\uFEFF/, "");
  try {
    JSON.parse(json);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const bom = text.length - json.length;
    return {
      // V8's words without its position and excerpt: "Expected double-quoted property name",
      // "Unexpected non-whitespace character after JSON".
      reason: message
        .replace(/(?: in JSON)? at position \d+.*$/s, "")
        .replace(/, ".*"(?:\.\.\.)? is not valid JSON$/s, ""),
      offset: bom + (position === undefined ? Math.max(0, json.search(/\S/)) : Number(position)),
    };
  }
}

/** What JSON is not, for a message's end. */
export const JSON_NOT_YAML = "no comments or trailing commas, keys and strings in double quotes, numbers in decimal";
