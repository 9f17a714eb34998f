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

/** Where each line of the last text asked about starts: one place per number of a body is asked for. */
let lines: { readonly text: string; readonly starts: readonly number[] } | undefined;

/**
 * Line:column (1-based) of an offset into a text. The line starts are kept for the last text:
 * a check places every number of a body that differs from the source's, and counting the lines
 * before each from the start made a 1.7 MB body take 20 s (red team).
 */
export function placeOf(text: string, offset: number): Place {
  if (lines?.text !== text) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    lines = { text, starts };
  }
  const { starts } = lines;
  const end = Math.max(0, Math.min(offset, text.length));
  // The last line start at or before `end`.
  let [low, high] = [0, starts.length - 1];
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= end) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: end - (starts[low] ?? 0) + 1 };
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
