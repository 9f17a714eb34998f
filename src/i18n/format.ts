import { numberOptions, type Locale } from "../locale/index.js";

/**
 * Numbers, dates, durations and lists, all through Intl so that each locale gets CLDR's
 * forms: "10 000" with a no-break space in kk and ru (four digits solid: "1000"), "2020 ж. 22 ақпан", "22 февраля 2020 г.".
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

export function formatNumber(locale: Locale, value: number): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(locale, numberOptions(locale))).format(value);
}

export function formatNumberRange(locale: Locale, from: number, to: number): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(locale, numberOptions(locale))).formatRange(from, to);
}

/** How an issuer writes English dates: "29 October 2024" (en-GB) or "October 29, 2024" (en-US). */
export const ENGLISH_DATES = ["en-GB", "en-US"] as const;
export type EnglishDates = (typeof ENGLISH_DATES)[number];

/**
 * The Intl locale a page's dates are written in: the issuer's English style for `en`
 * (en-US, "October 29, 2024", unless it sets en-GB), the locale itself otherwise.
 */
export function dateLocale(locale: Locale, englishDates?: EnglishDates): string {
  return locale === "en" && englishDates === "en-GB" ? "en-GB" : locale;
}

/**
 * A calendar date of the precision given: "2017", "2019-03", "2019-03-19". `locale` is a
 * page locale or the Intl locale of its dates (`dateLocale`, `Translator.dateLocale`).
 */
export function formatPartialDate(locale: string, date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number | undefined, number | undefined];
  const when = utcDay(y, m ?? 1, d ?? 1);
  const options: Intl.DateTimeFormatOptions =
    d !== undefined
      ? { dateStyle: "long", timeZone: "UTC" }
      : m !== undefined
        ? { year: "numeric", month: "long", timeZone: "UTC" }
        : { year: "numeric", timeZone: "UTC" };
  return cached(`d:${locale}:${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options)).format(when);
}

/** A day with its weekday, as an event is announced: "Thursday, 10 December 2026", «четверг, 10 декабря 2026 г.». */
export function formatEventDay(locale: string, date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const options: Intl.DateTimeFormatOptions = { dateStyle: "full", timeZone: "UTC" };
  return cached(`d:${locale}:full`, () => new Intl.DateTimeFormat(locale, options)).format(utcDay(y, m, d));
}

/** Midnight UTC of a calendar day. `Date.UTC` reads a year from 0 to 99 as 1900–1999 ("0025-10-01" was 1925). */
function utcDay(year: number, month: number, day: number): Date {
  const when = new Date(0);
  when.setUTCFullYear(year, month - 1, day);
  return when;
}

/**
 * The calendar date of a date (`2024-10-29`) or of a date-time as it was where it was written
 * (its own offset): `published`, `updated`, a correction's `date`.
 */
export function formatPublishedDate(locale: string, dateOrDateTime: string): string {
  return formatPartialDate(locale, dateOrDateTime.slice(0, 10));
}

/**
 * The moment of a date or a date-time, in ms: a date-only value is a calendar date with no time
 * zone, taken as its start in UTC (what the PDF's CreationDate and comparisons need).
 */
export function instantOf(dateOrDateTime: string): number {
  return dateOrDateTime.length === 10 ? Date.parse(`${dateOrDateTime}T00:00:00Z`) : Date.parse(dateOrDateTime);
}

export interface FormattedDuration {
  /** ISO 8601, for `<time datetime>`. */
  readonly iso: string;
  /** Clock style, "2:24". */
  readonly clock: string;
  /** Spoken style in the locale, "2 min 24 sec" / "2 мин 24 с". */
  readonly spoken: string;
}

export function formatDuration(locale: Locale, iso: string): FormattedDuration {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso);
  const [h, min, s] = [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0), Number(m?.[3] ?? 0)];
  const totalMin = h * 60 + min;
  const clock =
    h > 0
      ? `${h}:${String(min).padStart(2, "0")}:${String(s).padStart(2, "0")}`
      : `${totalMin}:${String(s).padStart(2, "0")}`;
  const parts: string[] = [];
  const unit = (value: number, u: "hour" | "minute" | "second") =>
    cached(
      `u:${locale}:${u}`,
      () => new Intl.NumberFormat(locale, { style: "unit", unit: u, unitDisplay: "short" }),
    ).format(value);
  if (h) parts.push(unit(h, "hour"));
  if (min) parts.push(unit(min, "minute"));
  if (s || parts.length === 0) parts.push(unit(s, "second"));
  return { iso, clock, spoken: parts.join(" ") };
}

/** "A, B and C" in the locale; `and` overrides the conjunction where CLDR has none (kk). */
export function formatList(locale: Locale, items: readonly string[], and?: string): string {
  if (and && items.length > 1) return `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;
  return cached(`l:${locale}`, () => new Intl.ListFormat(locale, { type: "conjunction" })).format(items);
}
