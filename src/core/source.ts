/** A text file read from the project, with its path. */
export interface SourceText {
  /** Absolute path on disk. */
  readonly path: string;
  /** Path relative to the project root, forward slashes: what diagnostics show. */
  readonly file: string;
  readonly text: string;
  /** Where the bytes stopped being UTF-8 (`text` has U+FFFD there): `byte` offset and `value` in the file, `offset` in `text`. */
  readonly invalidUtf8?: { readonly byte: number; readonly value: number; readonly offset: number };
}

export interface Place {
  readonly line: number;
  readonly column: number;
}

/** Line:column (1-based) of an offset into a text. */
export function placeOf(text: string, offset: number): Place {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Where a text (a source file) writes a character: the first place it is typed, else the first
 * numeric character reference that writes it in Markdown (`&#x202E;`, `&#8238;`); -1 if neither.
 * A diagnostic about a character found in a page points there, not at the template.
 */
export function writtenAt(text: string, char: string): number {
  const typed = text.indexOf(char);
  if (typed >= 0 || !text.includes("&#")) return typed;
  const cp = char.codePointAt(0) ?? 0;
  return new RegExp(`&#(?:[xX]0*${cp.toString(16)}|0*${cp});`, "i").exec(text)?.index ?? -1;
}

/** The first source that writes `char` (`writtenAt`), and where. */
export function sourceOfCharacter(
  sources: readonly SourceText[],
  char: string,
): { readonly file: string; readonly line: number; readonly column: number } | undefined {
  for (const source of sources) {
    const at = writtenAt(source.text, char);
    if (at >= 0) return { file: source.file, ...placeOf(source.text, at) };
  }
  return undefined;
}
