import { numberOptions, type Locale } from "../locale/index.js";

/** How a number is written: at a stated precision, with a sign when it is a difference. */
export interface NumberStyle {
  /** Decimal places, exactly (`12.20` at 2); without it Intl's default (up to 3, no trailing zeros). */
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

function options(locale: Locale, style: NumberStyle): Intl.NumberFormatOptions {
  return {
    ...numberOptions(locale),
    ...(style.precision !== undefined
      ? { minimumFractionDigits: style.precision, maximumFractionDigits: style.precision }
      : {}),
    signDisplay: style.signed ? "exceptZero" : "auto",
  };
}

function numberFormat(locale: Locale, style: NumberStyle): Intl.NumberFormat {
  const key = `${locale}:${style.precision ?? ""}:${style.signed ? "+" : ""}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, options(locale, style))));
  return f;
}

function pluralRules(locale: Locale, precision: number | undefined): Intl.PluralRules {
  const key = `${locale}:${precision ?? ""}`;
  let r = plurals.get(key);
  if (!r)
    plurals.set(
      key,
      (r = new Intl.PluralRules(
        locale,
        precision === undefined ? {} : { minimumFractionDigits: precision, maximumFractionDigits: precision },
      )),
    );
  return r;
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

export function writeNumber(locale: Locale, value: number, style: NumberStyle = {}): WrittenNumber {
  const f = numberFormat(locale, style);
  const parts = f.formatToParts(value);
  return {
    text: minus(parts.map((p) => p.value).join("")),
    category: pluralRules(locale, style.precision).select(value),
    spokenTail: tail(parts),
  };
}

/** "5–15": Intl's range; the plural and the spoken end are those of the upper number. */
export function writeRange(locale: Locale, from: number, to: number, style: NumberStyle = {}): WrittenNumber {
  const upper = writeNumber(locale, to, style);
  return { ...upper, text: minus(numberFormat(locale, style).formatRange(from, to)) };
}
