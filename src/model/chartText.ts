import { DEJAVU_SANS } from "./dejavuWidths.js";
import type { ChartBarView } from "./view.js";

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

/** Chart geometry, in SVG user units (px): text is 13 units on 16-unit lines. */
const CHART = { width: 560, maxBar: 380, minBar: 160, gap: 8, barHeight: 16, font: 13, line: 16, after: 8 } as const;

/** A chart's row before layout: the figure's size (the bar's length) and the text drawn for it. */
export interface ChartRow {
  readonly magnitude: number;
  readonly label: string;
  readonly value: string;
}

/**
 * The chart's bars laid out so nothing leaves its box: the bars leave room on their right for
 * the widest value (down to `minBar`); a value that still does not fit, and a label wider than
 * the chart, wrap onto more lines (measured with DejaVu Sans's advance widths, the face the SVG
 * names and the PDF draws). Laid out again in a derived locale's letters (src/model/derivedView.ts),
 * whose widths differ: Kazakh in Latin letters is some 15 % narrower than in Cyrillic.
 */
export function layoutChartBars(rows: readonly ChartRow[]): {
  width: number;
  height: number;
  barHeight: number;
  bars: ChartBarView[];
} {
  const { width, gap, font, line, barHeight } = CHART;
  const max = Math.max(1, ...rows.map((r) => r.magnitude));
  const widestValue = Math.max(0, ...rows.map((r) => chartTextWidth(r.value, font, "bold")));
  const maxBar = Math.max(CHART.minBar, Math.min(CHART.maxBar, Math.floor(width - gap - widestValue)));
  let top = 0;
  const bars = rows.map((r) => {
    const w = Math.max(2, Math.round((r.magnitude / max) * maxBar));
    const valueX = w + gap;
    const labelLines = wrapChartText(r.label, { size: font, weight: "regular", width });
    const y = top + 6 + labelLines.length * line;
    const valueLines = wrapChartText(r.value, { size: font, weight: "bold", width: width - valueX });
    const bar = {
      magnitude: r.magnitude,
      label: r.label,
      value: r.value,
      labelY: top + 14,
      y,
      width: w,
      valueX,
      labelLines: labelLines.map((t, k) => ({ text: t, y: top + 14 + k * line })),
      valueLines: valueLines.map((t, k) => ({ text: t, y: y + k * line })),
    };
    top = y + Math.max(barHeight, valueLines.length * line) + CHART.after;
    return bar;
  });
  return { width, height: top, barHeight, bars };
}
