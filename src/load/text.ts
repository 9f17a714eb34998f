import type { DiagnosticList } from "../core/diagnostic.js";
import { pointerOf } from "../core/diagnostic.js";
import { placeOf, type Place, type SourceText } from "../core/source.js";
import type { Locale } from "../locale/index.js";

/**
 * Text that is not text: bytes that are not UTF-8, and characters no editor meant to publish —
 * control characters other than tab and newline (a carriage return only before a newline, as
 * CRLF files have it), lone surrogates, and code points Unicode has not assigned. The Unicode
 * data is the JavaScript engine's (V8's ICU, Unicode 15.1 in Node 20) through the regular
 * expression properties `\p{Cc}`, `\p{Cs}` and `\p{Cn}`: no table of our own to keep up to date.
 */

/** What `decodeUtf8` found: the text (U+FFFD for each bad sequence), and where the first bad byte is. */
export interface DecodedText {
  readonly text: string;
  readonly invalid?: InvalidUtf8;
}

/** The first byte sequence that is not UTF-8: its byte offset and value, and its offset in the decoded text. */
export type InvalidUtf8 = NonNullable<SourceText["invalidUtf8"]>;

const STRICT = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const LENIENT = new TextDecoder("utf-8", { ignoreBOM: true });

/** Decode a file's bytes as UTF-8, keeping a byte order mark as `readFileSync(path, "utf8")` does. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { text: STRICT.decode(bytes) };
  } catch {
    const text = LENIENT.decode(bytes);
    // The first U+FFFD that the file did not spell as EF BF BD is where decoding failed; the
    // bytes before it are valid UTF-8, so its byte offset is the length of that prefix.
    for (let offset = text.indexOf("\uFFFD"); offset >= 0; offset = text.indexOf("\uFFFD", offset + 1)) {
      const byte = Buffer.byteLength(text.slice(0, offset));
      if (bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd) continue;
      return { text, invalid: { byte, value: bytes[byte] ?? 0, offset } };
    }
    return { text };
  }
}

type TextCode = "text/control-character" | "text/lone-surrogate" | "text/unassigned";

/** A character that has no place in published text: controls (but tab, newline, CR before LF), lone surrogates, unassigned. */
export const NOT_TEXT = /(?![\t\n]|\r\n)\p{Cc}|\p{Cs}|\p{Cn}/gu;

/** One character that is not text, where it is in a string, and what it is. */
export interface BadCharacter {
  readonly code: TextCode;
  readonly index: number;
  /** `U+0007`. */
  readonly name: string;
  /** How many characters it takes in the text (a reference: `&#7;` takes 4). */
  readonly length?: number;
}

/**
 * Text made only of characters `NOT_TEXT` never matches (tab, LF, printable ASCII and Latin-1,
 * Latin Extended, IPA and the combining diacritics, Cyrillic, general punctuation, currency
 * signs, letterlike symbols to the technical block; not CR, which is text only before LF):
 * tests/textPrefilters.test.ts checks each code point. `\p{Cn}` is a large class, and scanning every
 * string with it was 18 ms of a 40-article build's CPU profile.
 */
export const ONLY_TEXT =
  /^[\t\n\x20-\x7e\u00a0-\u036f\u0400-\u052f\u2000-\u2064\u2066-\u2071\u20a0-\u20c0\u2100-\u218b\u2190-\u23ff]*$/;

/** Every character of `text` that is not text, in order. */
export function badCharacters(text: string): BadCharacter[] {
  if (ONLY_TEXT.test(text)) return [];
  return [...text.matchAll(NOT_TEXT)].map((m) => {
    const cp = m[0].codePointAt(0) ?? 0;
    const code: TextCode = /\p{Cc}/u.test(m[0])
      ? "text/control-character"
      : /\p{Cs}/u.test(m[0])
        ? "text/lone-surrogate"
        : "text/unassigned";
    return { code, index: m.index, name: `U+${cp.toString(16).toUpperCase().padStart(4, "0")}` };
  });
}

/**
 * Numeric character references in Markdown (`&#7;`, `&#x0;`) that write a character `NOT_TEXT`
 * refuses: Markdown decodes them (the invalid ones to U+FFFD), so a file with no such character
 * of its own published one. Each is reported where its reference is written.
 */
export function badReferences(text: string): BadCharacter[] {
  if (!text.includes("&#")) return [];
  const found: BadCharacter[] = [];
  for (const m of text.matchAll(/&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,9}));/g)) {
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    const name = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}, written \`${m[0]}\`,`;
    const at = { index: m.index, length: m[0].length, name };
    if (cp > 0x10ffff) found.push({ code: "text/unassigned", ...at });
    else if (cp >= 0xd800 && cp <= 0xdfff) found.push({ code: "text/lone-surrogate", ...at });
    else {
      const bad = badCharacters(String.fromCodePoint(cp))[0];
      if (bad || cp === 0) found.push({ code: bad?.code ?? "text/control-character", ...at });
    }
  }
  return found;
}

/**
 * Report each kind of character reference `badReferences` finds in a file, at its line and
 * column; false if any. `literal` says which of them are printed as written (in a Markdown
 * body's code: `spansInCode`), and those are left alone.
 */
export function checkReferences(
  source: SourceText,
  diagnostics: DiagnosticList,
  scope: TextScope = {},
  literal: (found: readonly BadCharacter[]) => ReadonlySet<number> = () => new Set(),
): boolean {
  const all = badReferences(source.text);
  const kept = all.length ? literal(all) : undefined;
  const found = kept?.size ? all.filter((_, i) => !kept.has(i)) : all;
  report(found, { diagnostics, place: (i) => placeOf(source.text, i), base: { file: source.file, ...scope } });
  return found.length === 0;
}

const WHAT: Record<TextCode, string> = {
  "text/control-character": "a control character",
  "text/lone-surrogate": "half of a surrogate pair (a lone surrogate), which is no character",
  "text/unassigned": "a code point Unicode has not assigned",
};

const HINT: Record<TextCode, string> = {
  "text/control-character":
    "Delete it; it often comes from pasting out of a PDF or a terminal. Only tab and newline belong in text.",
  "text/lone-surrogate": 'Write the character itself, or its whole pair ("\\uD83D\\uDE00"), not half of it.',
  "text/unassigned": "Delete it, or check the text was not damaged on the way (a wrong encoding, a cut emoji).",
};

/** Where a file's problems are scoped: its locale and article, when it has them. */
export interface TextScope {
  readonly locale?: Locale;
  readonly article?: string;
}

/**
 * Check a whole file as read: invalid UTF-8 (`text/invalid-utf8` at the first bad byte), then
 * characters that are not text, the first of each kind reported at its line and column (with
 * how many more there are). False when the file has an error and must not be used.
 */
export function checkSourceText(source: SourceText, diagnostics: DiagnosticList, scope: TextScope = {}): boolean {
  const base = { file: source.file, ...scope };
  if (source.invalidUtf8) {
    const { byte, value, offset } = source.invalidUtf8;
    diagnostics.error({
      ...base,
      code: "text/invalid-utf8",
      message: `The file is not UTF-8: byte 0x${value.toString(16).toUpperCase().padStart(2, "0")} at byte offset ${byte} starts no character`,
      hint: "Save the file as UTF-8 (it may be Windows-1251 or Latin-1); a fragment pasted from another file is the usual cause.",
      ...placeOf(source.text, offset),
    });
    return false;
  }
  const found = badCharacters(source.text);
  report(found, { diagnostics, place: (i) => placeOf(source.text, i), base });
  return found.length === 0;
}

/**
 * Check every string (and key) a YAML or JSON file's data holds: escapes such as `"\0"`,
 * `"\x07"` or `"\uD800"` make characters the file does not spell. Each is reported at its field.
 */
export function checkDataStrings(
  data: unknown,
  where: { file: string; locate: (path: readonly PropertyKey[]) => Place; scope: TextScope },
  diagnostics: DiagnosticList,
): boolean {
  let ok = true;
  const visit = (value: unknown, path: PropertyKey[]) => {
    if (typeof value === "string") {
      const found = badCharacters(value);
      if (found.length === 0) return;
      ok = false;
      const at = { ...where.locate(path), pointer: pointerOf(path) };
      report(found, { diagnostics, place: () => at, base: { file: where.file, ...where.scope } });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        visit(key, [...path, key]);
        visit(item, [...path, key]);
      }
    }
  };
  visit(data, []);
  return ok;
}

interface ReportTo {
  readonly diagnostics: DiagnosticList;
  readonly place: (index: number) => Place & { pointer?: string };
  readonly base: { file: string } & TextScope;
}

function report(found: readonly BadCharacter[], { diagnostics, place, base }: ReportTo): void {
  for (const code of new Set(found.map((f) => f.code))) {
    const same = found.filter((f) => f.code === code);
    const first = same[0]!;
    const more = same.length > 1 ? ` (and ${same.length - 1} more)` : "";
    diagnostics.error({
      ...base,
      ...place(first.index),
      code,
      message: `${first.name} is ${WHAT[code]}${more}`,
      hint: HINT[code],
      actual: first.name,
    });
  }
}
