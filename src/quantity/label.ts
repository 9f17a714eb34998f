import { PERIOD_FORMS, type PeriodForm } from "./period.js";

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

/** Where a label places the figure's value. */
export const VALUE_PLACEHOLDER = "{value}";

/** The names of a label's placeholders, `{value}` and `{period…}`: what a misspelt one is matched against. */
export const LABEL_PLACEHOLDER_NAMES = ["value", "period"] as const;

/** `{period}`, or the period in a form: `{period.in}`, `{period.of}` … (the form's name is group 1). */
export const PERIOD_PLACEHOLDER = /\{period(?:\.([^{}\s]*))?\}/g;

/**
 * The period for a label: in the nominative (`form` undefined) or in a form the label names
 * (`{period.in}`); "" when the figure has none.
 */
export type PeriodInForm = (form?: PeriodForm) => string;

/** Whether a `{period.<form>}` names a form tilpress writes. */
export function isPeriodForm(form: string): form is PeriodForm {
  return (PERIOD_FORMS as readonly string[]).includes(form);
}

/**
 * `{value}` in a label places the value ("Лимит {value} на 2025 год"); `{period}` places the
 * figure's period, `{period.in}`, `{period.dated}`, `{period.of}` in a form (src/quantity/period.ts).
 * Without `{value}` the value leads, as it always has; without a `{period…}` the period follows
 * the line in parentheses. A form tilpress does not know (`figure/period-placeholder`, reported by
 * the checks) is written as `{period}`; a placeholder written loosely or misspelt (`{ value }`,
 * `{Value}`, `{valeu}`: `figure/value-placeholder`) is left as written.
 */
export function placeLabel(label: string, period: string | PeriodInForm): PlacedLabel {
  const inForm = typeof period === "string" ? () => period : period;
  let periodPlaced = false;
  const withPeriod = label.replace(PERIOD_PLACEHOLDER, (_, form: string | undefined) => {
    periodPlaced = true;
    return inForm(form !== undefined && isPeriodForm(form) ? form : undefined);
  });
  const at = withPeriod.indexOf(VALUE_PLACEHOLDER);
  const rest = periodPlaced ? "" : inForm();
  if (at < 0) return { before: "", after: withPeriod, placed: false, text: withPeriod, period: rest };
  const before = withPeriod.slice(0, at);
  const after = withPeriod
    .slice(at + VALUE_PLACEHOLDER.length)
    .split(VALUE_PLACEHOLDER)
    .join("");
  return { before, after, placed: true, text: `${before} ${after}`.replace(/\s+/g, " ").trim(), period: rest };
}
