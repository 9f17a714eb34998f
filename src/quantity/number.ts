import { numberOptions, type Locale } from "../locale/index.js";

/** How a number is written: at a stated precision, with a sign when it is a difference. */
export interface NumberStyle {
  /**
   * Decimal places, exactly (`12.20` at 2); without it Intl's default (up to 3, no trailing zeros).
   * Either way a value they would round to zero keeps 3 significant digits instead (`digits`).
   */
  readonly precision?: number | undefined;
  /** "+7.2": a plus on a positive number (a difference); a negative number always has its minus. */
  readonly signed?: boolean | undefined;
}

/** A number as written in a locale, with what grammar needs to know about it. */
export interface WrittenNumber {
  /** "12,2", "1000", "10 000" (no-break space), "−5" (U+2212 MINUS SIGN). */
  readonly text: string;
  /** The CLDR plural category of the number as written (1.0 at precision 1 is `other` in en). */
  readonly category: Intl.LDMLPluralRule;
  /**
   * The last number read aloud, for a suffix on digits (kk "12,2-ден": "он екі бүтін оннан
   * екі" ends in екі, so the fraction's digits; "100-ден": the whole number).
   */
  readonly spokenTail: number;
}

const formats = new Map<string, Intl.NumberFormat>();
const plurals = new Map<string, Intl.PluralRules>();

/**
 * How many digits a number keeps: `precision` decimal places, else Intl's default (up to 3);
 * `small` is for a non-zero value those would round to zero ("0%" for 0.0004), which keeps
 * 3 significant digits instead ("0.0004%"): a figure that is not zero is never written as zero.
 */
function digits(precision: number | undefined, small: boolean): Intl.NumberFormatOptions {
  if (small) return { maximumSignificantDigits: 3 };
  return precision === undefined ? {} : { minimumFractionDigits: precision, maximumFractionDigits: precision };
}

function numberFormat(locale: Locale, style: NumberStyle, small = false): Intl.NumberFormat {
  const key = `${locale}:${style.precision ?? ""}:${style.signed ? "+" : ""}:${small ? "s" : ""}`;
  let f = formats.get(key);
  if (!f)
    formats.set(
      key,
      (f = new Intl.NumberFormat(locale, {
        ...numberOptions(locale),
        ...digits(style.precision, small),
        signDisplay: style.signed ? "exceptZero" : "auto",
      })),
    );
  return f;
}

function pluralRules(locale: Locale, precision: number | undefined, small: boolean): Intl.PluralRules {
  const key = `${locale}:${precision ?? ""}:${small ? "s" : ""}`;
  let r = plurals.get(key);
  if (!r) plurals.set(key, (r = new Intl.PluralRules(locale, digits(precision, small))));
  return r;
}

/** Whether a value that is not zero was written with no digit but 0 ("0", "0.0", "−0"). */
function roundedToZero(value: number, parts: readonly Intl.NumberFormatPart[]): boolean {
  return value !== 0 && !parts.some((p) => (p.type === "integer" || p.type === "fraction") && /[1-9]/.test(p.value));
}

/** CLDR writes a hyphen-minus; typeset text uses the minus sign U+2212 in every locale. */
function minus(text: string): string {
  return text.replace(/-/g, "\u2212");
}

function tail(parts: Intl.NumberFormatPart[]): number {
  const fraction = parts.find((p) => p.type === "fraction");
  if (fraction) return Number(fraction.value);
  return Number(
    parts
      .filter((p) => p.type === "integer")
      .map((p) => p.value)
      .join(""),
  );
}

/** Whether `value` needs the digits of a small number (see `digits`) to be written as it is. */
function isSmall(locale: Locale, value: number, style: NumberStyle): boolean {
  return roundedToZero(value, numberFormat(locale, style).formatToParts(value));
}

export function writeNumber(locale: Locale, written: number, style: NumberStyle = {}): WrittenNumber {
  const value = unsignedZero(written);
  const small = isSmall(locale, value, style);
  const parts = numberFormat(locale, style, small).formatToParts(value);
  return {
    text: minus(parts.map((p) => p.value).join("")),
    category: pluralRules(locale, style.precision, small).select(value),
    spokenTail: tail(parts),
  };
}

/** "5–15": Intl's range; the plural and the spoken end are those of the upper number. */
export function writeRange(locale: Locale, low: number, high: number, style: NumberStyle = {}): WrittenNumber {
  const [from, to] = [unsignedZero(low), unsignedZero(high)];
  const upper = writeNumber(locale, to, style);
  // Both ends written alike: with a small number's digits if either needs them ("0.0002–0.0004").
  const small = isSmall(locale, from, style) || isSmall(locale, to, style);
  return { ...upper, text: minus(numberFormat(locale, style, small).formatRange(from, to)) };
}

/** −0 (`value: -0` in YAML) is zero: Intl would write "−0". */
function unsignedZero(value: number): number {
  return value === 0 ? 0 : value;
}
