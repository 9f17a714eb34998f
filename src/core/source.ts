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
