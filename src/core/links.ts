/**
 * The URL policy: the one place that decides whether a URL read from the data (the facts, the
 * outlets and their contacts, newsletter issues, Markdown links and autolinks in bodies and
 * notes) may become a link in an output. The schema's `Url` and `HttpsUrl` (validation, with a
 * located `data/unsafe-link`), markdown-it's `validateLink` (bodies) and the PDF's link
 * annotations all ask `linkProblem` / `isSafeUrl`. Telephone links are never read from the
 * data: `tel:` hrefs are made by tilpress from a checked E.164 number (src/model/contacts.ts).
 */

/** The link schemes tilpress writes from data into an output. */
export const SAFE_SCHEMES: readonly string[] = ["http:", "https:", "mailto:"];

/** Characters that never belong in a URL as written: controls, spaces, and what would end an attribute or `<…>`. */
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const NOT_IN_A_URL = /[\u0000-\u0020\u007f-\u009f"<>\\`]/;

/**
 * Why `url` may not be written as a link (a sentence), or undefined when it may: an absolute URL
 * whose scheme is one of `schemes` (http, https and mailto by default), with no whitespace or
 * control characters (browsers strip those before reading the scheme, so `java\tscript:` is
 * `javascript:`), no quotes or angle brackets.
 */
export function linkProblem(url: string, schemes: readonly string[] = SAFE_SCHEMES): string | undefined {
  const names = schemes.map((s) => s.replace(/:$/, "")).join(", ");
  if (NOT_IN_A_URL.test(url)) return "it contains a space, a control character, a quote or an angle bracket";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `it is not an absolute URL; only ${names} links are written`;
  }
  if (!schemes.includes(parsed.protocol)) return `its scheme is ${parsed.protocol}; only ${names} links are written`;
  if (parsed.protocol === "mailto:" ? parsed.pathname === "" : parsed.hostname === "") return "it has no address";
  return undefined;
}

/** True for an absolute http(s) or mailto URL with nothing unsafe in it (`linkProblem` says why not). */
export function isSafeUrl(url: string): boolean {
  return linkProblem(url) === undefined;
}
