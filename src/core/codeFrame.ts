/** One line of a code frame: its 1-based number, its text, and whether the problem is on it. */
export interface FrameLine {
  readonly number: number;
  readonly text: string;
  readonly marked: boolean;
}

/** A source text's lines, as a code frame numbers them. */
export function sourceLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/**
 * The lines around `line` of a source text (or its `sourceLines`): `before` lines above, `after` below. The terminal
 * reporter and the preview overlay both draw their code frames from this.
 */
export function frameLines(text: string | readonly string[], line: number, before: number, after: number): FrameLine[] {
  const lines = typeof text === "string" ? sourceLines(text) : text;
  const out: FrameLine[] = [];
  for (let n = Math.max(1, line - before); n <= Math.min(line + after, lines.length); n++) {
    out.push({ number: n, text: lines[n - 1] ?? "", marked: n === line });
  }
  return out;
}

/**
 * The frame's lines cut to `width` characters around `column`, each cut marked with "…", and the
 * column of the caret in them: a generated or minified line (a thousand brackets, a whole
 * article on one line) would otherwise fill the terminal. Lines that fit are left alone.
 */
export function aroundColumn(
  lines: readonly FrameLine[],
  column: number,
  width = 120,
): { lines: FrameLine[]; column: number } {
  if (lines.every((l) => l.text.length <= width)) return { lines: [...lines], column };
  // From the start of the lines while the caret is in the first three quarters, else centred on it.
  const start = column - 1 < (width * 3) / 4 ? 0 : column - 1 - Math.floor(width / 2);
  let caret = column;
  const clip = (line: FrameLine): string => {
    const text = line.text;
    if (text.length <= width && start === 0) return text;
    let from = Math.min(start, text.length);
    // Never half a surrogate pair.
    if (/[\udc00-\udfff]/.test(text[from] ?? "")) from++;
    let to = Math.min(text.length, start + width);
    if (/[\ud800-\udbff]/.test(text[to - 1] ?? "")) to--;
    if (line.marked) caret = column - from + (from > 0 ? 1 : 0);
    return `${from > 0 ? "…" : ""}${text.slice(from, to)}${to < text.length ? "…" : ""}`;
  };
  const out = lines.map((l) => ({ ...l, text: clip(l) }));
  return { lines: out, column: caret };
}

/**
 * What goes before the caret under `column` (1-based, UTF-16 code units) of `text`: a tab where
 * the text has one (a terminal moves both to the same stop), nothing for a combining mark, two
 * spaces for an emoji (terminals draw it two columns wide), a space for any other character.
 */
export function caretIndent(text: string, column: number): string {
  let indent = "";
  for (const char of text.slice(0, Math.max(0, column - 1)))
    indent += char === "\t" ? "\t" : /\p{M}/u.test(char) ? "" : /\p{Extended_Pictographic}/u.test(char) ? "  " : " ";
  return indent;
}
