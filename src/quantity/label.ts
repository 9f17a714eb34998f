/** A figure's line: the label's words around the value, wherever the label puts it. */
export interface PlacedLabel {
  /** The label's text before `{value}` (empty when the value leads). */
  readonly before: string;
  /** The label's text after `{value}`. */
  readonly after: string;
  /** Whether the label placed the value itself. */
  readonly placed: boolean;
  /** The label without the value, for a chart's row ("detained in Aqtobe"). */
  readonly text: string;
  /** The period, when the label did not place it with `{period}` ("" when none or placed). */
  readonly period: string;
}

/**
 * `{value}` in a label places the value ("Лимит {value} на 2025 год"); `{period}` places the
 * figure's period. Without `{value}` the value leads, as it always has; without `{period}` the
 * period follows the line in parentheses.
 */
export function placeLabel(label: string, period: string): PlacedLabel {
  const periodPlaced = label.includes("{period}");
  const withPeriod = label.split("{period}").join(period);
  const at = withPeriod.indexOf("{value}");
  const rest = periodPlaced ? "" : period;
  if (at < 0) return { before: "", after: withPeriod, placed: false, text: withPeriod, period: rest };
  const before = withPeriod.slice(0, at);
  const after = withPeriod
    .slice(at + "{value}".length)
    .split("{value}")
    .join("");
  return { before, after, placed: true, text: `${before} ${after}`.replace(/\s+/g, " ").trim(), period: rest };
}
