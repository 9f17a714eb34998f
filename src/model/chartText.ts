import { DEJAVU_SANS } from "./dejavuWidths.js";
import type { ChartBarView, ChartBaselineView } from "./view.js";

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
 * word wider than the line is cut at its no-break spaces, else between characters. Never
 * returns an empty list.
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
    // A word wider than the line: at its no-break spaces first ("₸3 | thousand"), as many
    // characters as fit only where a part is still too wide.
    if (word.includes("\u00a0") && word.split("\u00a0").every(fits)) {
      for (const part of word.split("\u00a0")) {
        const joined = line ? `${line}\u00a0${part}` : part;
        if (line && !fits(joined)) {
          lines.push(line);
          line = part;
        } else line = joined;
      }
      continue;
    }
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

/** A chart laid out: its size, where zero is, its bars, and the zero line beside each bar. */
export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  /** Where zero is: the bars' left edge, or the baseline when some value is negative. */
  readonly barX: number;
  readonly barHeight: number;
  readonly bars: ChartBarView[];
  /** The zero line, one segment beside each bar (none when every value is zero or more). */
  readonly baseline: ChartBaselineView[];
}

/**
 * The chart's bars laid out so nothing leaves its box: the bars leave room on their right for
 * the widest value (down to `minBar`); a value that still does not fit, and a label wider than
 * the chart, wrap onto more lines (measured with DejaVu Sans's advance widths, the face the SVG
 * names and the PDF draws). Laid out again in a derived locale's letters (src/model/derivedView.ts),
 * whose widths differ: Kazakh in Latin letters is some 15 % narrower than in Cyrillic.
 */
export function layoutChartBars(rows: readonly ChartRow[]): ChartLayout {
  if (rows.some((r) => r.magnitude < 0)) return layoutSignedBars(rows);
  const { width, gap } = CHART;
  const max = Math.max(1, ...rows.map((r) => r.magnitude));
  const widestValue = widestText(rows);
  const maxBar = Math.max(CHART.minBar, Math.min(CHART.maxBar, Math.floor(width - gap - widestValue)));
  return stackRows(rows, { barX: 0, baseline: false }, (r) => {
    const w = barLength(r.magnitude / max, maxBar);
    return { x: 0, width: w, valueX: w + gap, valueRoom: width - w - gap, valueBefore: false };
  });
}

/**
 * A chart with negative values, on one scale: a zero line, negative bars left of it with their
 * value before them (right-aligned), the others right of it with their value after them. Each
 * side leaves room for its widest value; when both do not fit beside `minBar` of bars, the
 * values wrap in what their side gets.
 */
function layoutSignedBars(rows: readonly ChartRow[]): ChartLayout {
  const { width, gap } = CHART;
  const negative = rows.filter((r) => r.magnitude < 0);
  const positive = rows.filter((r) => r.magnitude >= 0);
  let left = Math.ceil(widestText(negative) + gap);
  let right = positive.length ? Math.ceil(widestText(positive) + gap) : 0;
  const room = width - CHART.minBar;
  if (left + right > room) {
    left = Math.min(left, Math.max(Math.floor(room / 2), room - right));
    right = room - left;
  }
  // Less 3: each side's bar may be rounded up half a unit, and the shortest is 2 wide however small.
  const span = Math.max(CHART.minBar, Math.min(CHART.maxBar, width - left - right - 3));
  const most = Math.max(...negative.map((r) => -r.magnitude));
  const unit = span / (most + Math.max(0, ...positive.map((r) => r.magnitude)));
  const length = (m: number) => barLength(Math.abs(m) * unit, 1);
  const zero = left + length(most);
  return stackRows(rows, { barX: zero, baseline: true }, (r) => {
    const w = length(r.magnitude);
    return r.magnitude < 0
      ? { x: zero - w, width: w, valueX: zero - w - gap, valueRoom: zero - w - gap, valueBefore: true }
      : { x: zero, width: w, valueX: zero + w + gap, valueRoom: width - zero - w - gap, valueBefore: false };
  });
}

/**
 * A bar `share` of `full` long: at least 2 units, so that a small value is seen, but none for
 * zero, which a 2-unit bar would show as the same as a small value (red team: 0, −0 and 0.0001).
 */
function barLength(share: number, full: number): number {
  return share === 0 ? 0 : Math.max(2, Math.round(share * full));
}

function widestText(rows: readonly ChartRow[]): number {
  return Math.max(0, ...rows.map((r) => chartTextWidth(r.value, CHART.font, "bold")));
}

/** Where one bar goes across the chart, and the width its value wraps in. */
interface BarAcross {
  readonly x: number;
  readonly width: number;
  readonly valueX: number;
  readonly valueRoom: number;
  readonly valueBefore: boolean;
}

/** The rows one under another: each label's lines, then its bar with the value's lines beside it. */
function stackRows(
  rows: readonly ChartRow[],
  chart: { readonly barX: number; readonly baseline: boolean },
  across: (row: ChartRow) => BarAcross,
): ChartLayout {
  const { width, font, line, barHeight } = CHART;
  let top = 0;
  const baseline: ChartBaselineView[] = [];
  const bars = rows.map((r) => {
    const { x, width: w, valueX, valueRoom, valueBefore } = across(r);
    const labelLines = wrapChartText(r.label, { size: font, weight: "regular", width });
    const y = top + 6 + labelLines.length * line;
    const valueLines = wrapChartText(r.value, { size: font, weight: "bold", width: valueRoom });
    const bar = {
      magnitude: r.magnitude,
      label: r.label,
      value: r.value,
      labelY: top + 14,
      y,
      x,
      width: w,
      valueX,
      valueBefore,
      labelLines: labelLines.map((t, k) => ({ text: t, y: top + 14 + k * line })),
      valueLines: valueLines.map((t, k) => ({ text: t, y: y + k * line })),
    };
    if (chart.baseline) baseline.push({ x: chart.barX, y1: y - 3, y2: y + barHeight + 3 });
    top = y + Math.max(barHeight, valueLines.length * line) + CHART.after;
    return bar;
  });
  return { width, height: top, barX: chart.barX, barHeight, bars, baseline };
}
