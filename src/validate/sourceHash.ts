import { sha256 } from "../core/hash.js";

/**
 * The hash a translation records of the source-locale file it was made from: the first 12 hex
 * digits of SHA-256 over the file with line endings and trailing spaces normalized, and the
 * `source:` line itself left out (so reviewing the English does not make it stale).
 */
export function sourceHash(text: string): string {
  const normalized = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((line) => !/^source:\s/.test(line))
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
  return sha256(normalized).slice(0, 12);
}

/**
 * Set (or add) `source: <hash>` at the top of a Markdown file's front matter, touching nothing
 * else: a byte order mark and the file's line endings are kept.
 */
export function withSourceHash(text: string, hash: string): string | undefined {
  const lines = text.split("\n");
  if (lines[0]?.replace(/^\uFEFF/, "").trimEnd() !== "---") return undefined; // no front matter
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  const existing = lines.findIndex((l, i) => i > 0 && i < end && /^source:\s/.test(l));
  // Quoted: a hash of digits only (or like 1e5…) would otherwise be read as a number.
  // Split at "\n", a CRLF file's lines end in "\r": the line written keeps the ending of the
  // one it replaces, or of the opening `---`, so the file's line endings stay as they were.
  const cr = (line: string | undefined) => (line?.endsWith("\r") ? "\r" : "");
  if (existing > 0) lines[existing] = `source: "${hash}"${cr(lines[existing])}`;
  else lines.splice(1, 0, `source: "${hash}"${cr(lines[0])}`);
  return lines.join("\n");
}
