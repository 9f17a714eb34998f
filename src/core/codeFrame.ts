/** One line of a code frame: its 1-based number, its text, and whether the problem is on it. */
export interface FrameLine {
  readonly number: number;
  readonly text: string;
  readonly marked: boolean;
}

/**
 * The lines around `line` of a source text: `before` lines above, `after` below. The terminal
 * reporter and the preview overlay both draw their code frames from this.
 */
export function frameLines(text: string, line: number, before: number, after: number): FrameLine[] {
  const lines = text.split(/\r?\n/);
  const out: FrameLine[] = [];
  for (let n = Math.max(1, line - before); n <= Math.min(line + after, lines.length); n++) {
    out.push({ number: n, text: lines[n - 1] ?? "", marked: n === line });
  }
  return out;
}
