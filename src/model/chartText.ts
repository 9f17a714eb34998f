import { DEJAVU_SANS } from "./dejavuWidths.js";

/**
 * Chart text laid out without a font: DejaVu Sans's advance widths (the face the chart's SVG names
 * and the PDF draws it in; src/model/dejavuWidths.ts), summed per character and rounded up, so a
 * measured width is never narrower than the text as drawn (kerning only narrows it). A character
 * outside the table counts as the face's widest glyph.
 */
export type ChartWeight = "regular" | "bold";

const tables = new Map<ChartWeight, Map<number, number>>();

function widthsOf(weight: ChartWeight): Map<number, number> {
  let table = tables.get(weight);
  if (!table) {
    table = new Map();
    for (const [from, widths] of DEJAVU_SANS[weight].ranges) widths.forEach((w, i) => table!.set(from + i, w));
    tables.set(weight, table);
  }
  return table;
}

/** The advance width of `text` at `size` (SVG user units), an upper bound for DejaVu Sans. */
export function chartTextWidth(text: string, size: number, weight: ChartWeight): number {
  const table = widthsOf(weight);
  let thousandths = 0;
  for (const char of text) thousandths += table.get(char.codePointAt(0)!) || DEJAVU_SANS[weight].widest;
  return (thousandths * size) / 1000;
}

/** How chart text is set: its size, weight and the width its lines must fit in. */
export interface ChartTextBox {
  readonly size: number;
  readonly weight: ChartWeight;
  readonly width: number;
}

/**
 * `text` broken into lines no wider than `box.width`: at spaces (a no-break space holds), and a
 * word wider than the line is cut between characters. Never returns an empty list.
 */
export function wrapChartText(text: string, box: ChartTextBox): string[] {
  const { size, weight, width } = box;
  const fits = (s: string) => chartTextWidth(s, size, weight) <= width;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ").filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (fits(joined)) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    line = "";
    // A word wider than the line: as many characters as fit, then the rest on the next lines.
    for (const char of word) {
      if (line && !fits(line + char)) {
        lines.push(line);
        line = "";
      }
      line += char;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
