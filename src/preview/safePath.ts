import { realpathSync } from "node:fs";
import { sep } from "node:path";

/** A request path split into decoded segments, or why it is refused. */
export type RequestPath =
  | { readonly ok: true; readonly segments: readonly string[] }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

/**
 * The path of a request target (`/kk/story/briefing.html?x`), as segments, refusing anything
 * that could name a file outside what the server means to serve. We read the raw target,
 * never a URL-normalized one: `new URL` would quietly resolve `/a/../b`, hiding the attempt.
 * Refused: absolute-form targets, backslashes, NUL and control characters, encoded slashes
 * and backslashes (`%2f`, `%5c`), `.` and `..` segments in any spelling (`%2e%2e`), empty
 * segments (`//`), dotfiles, and malformed percent-encoding.
 */
export function parseRequestPath(target: string | undefined): RequestPath {
  if (!target || !target.startsWith("/"))
    return { ok: false, status: 400, reason: "The request target must be a path" };
  const raw = target.split(/[?#]/, 1)[0] ?? "";
  if (raw.includes("\\")) return { ok: false, status: 403, reason: "Backslash in path" };
  if (/%(2f|5c|00)/i.test(raw)) return { ok: false, status: 403, reason: "Encoded slash, backslash or NUL in path" };
  if (raw === "/") return { ok: true, segments: [] };
  const segments: string[] = [];
  const parts = raw.slice(1).split("/");
  for (const [i, part] of parts.entries()) {
    // A trailing slash (`/kk/`) is allowed; an empty segment elsewhere (`//`) is not.
    if (part === "" && i === parts.length - 1) break;
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return { ok: false, status: 400, reason: "Malformed percent-encoding" };
    }
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (/[\u0000-\u001f\u007f/\\]/.test(segment))
      return { ok: false, status: 403, reason: "Control character or separator in path" };
    if (segment === "" || segment === "." || segment === "..")
      return { ok: false, status: 403, reason: "Relative segment in path" };
    if (segment.startsWith(".")) return { ok: false, status: 404, reason: "Hidden files are not served" };
    segments.push(segment);
  }
  return { ok: true, segments };
}

/**
 * Whether `path` is inside `root` once every symlink on the way is resolved: a symlinked
 * article folder pointing elsewhere on disk is outside. A path that does not exist is not inside.
 */
export function isInside(root: string, path: string): boolean {
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(path);
    return real === realRoot || real.startsWith(realRoot + sep);
  } catch {
    return false;
  }
}
