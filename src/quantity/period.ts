import { formatPartialDate } from "../i18n/format.js";
import type { Translator } from "../i18n/translator.js";

const ROMAN = ["I", "II", "III", "IV"] as const;
const months = new Map<string, Intl.DateTimeFormat>();
const monthsWithDay = new Map<string, Intl.DateTimeFormat>();
const days = new Map<string, Intl.DateTimeFormat>();

/**
 * The forms a label may put a figure's period in besides the nominative `{period}`
 * (docs/content-model.md, "Labels"): `{period.in}` when something happened ("in December 2025",
 * «в декабре 2025 г.», «2025 жылғы желтоқсанда»), `{period.dated}` the period of a noun that
 * follows it in Kazakh («2025 жылғы желтоқсандағы айлық инфляция»; ru «на 1 октября 2025 г.» for
 * a day), `{period.of}` the genitive («по итогам 2025 года», «2025 жылдың қорытындысы бойынша»).
 */
export const PERIOD_FORMS = ["in", "dated", "of"] as const;
export type PeriodForm = (typeof PERIOD_FORMS)[number];

/** The month's name as it stands alone in a running text: "January", «январь», «қаңтар». */
function monthName(locale: string, month: number): string {
  let f = months.get(locale);
  if (!f) months.set(locale, (f = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" })));
  const name = f.format(Date.UTC(2000, month - 1, 1));
  // CLDR capitalizes the Kazakh stand-alone month ("Қаңтар"); inside a phrase it is lower case.
  return locale === "en" ? name : name.toLocaleLowerCase(locale);
}

/** The month's name as CLDR writes it with a day: the genitive in Russian («декабря»). */
function monthNameWithDay(locale: string, month: number): string {
  let f = monthsWithDay.get(locale);
  if (!f)
    monthsWithDay.set(
      locale,
      (f = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone: "UTC" })),
    );
  const name = f.formatToParts(Date.UTC(2000, month - 1, 1)).find((p) => p.type === "month")?.value ?? "";
  return locale === "en" ? name : name.toLocaleLowerCase(locale);
}

/**
 * A month's name and its cases: `x` «декабрь», `xGenitive` «декабря», `xLocative` «декабре»;
 * kk `xAttributive` «желтоқсандағы».
 */
function monthVars(tr: Translator, prefix: string, month: number): Record<string, string> {
  const name = monthName(tr.locale, month);
  const inCase = tr.profile.monthInCase;
  return {
    [prefix]: name,
    [`${prefix}Genitive`]: inCase?.(name, "genitive") ?? monthNameWithDay(tr.locale, month),
    [`${prefix}Locative`]: inCase?.(name, "locative") ?? name,
    [`${prefix}Attributive`]: inCase?.(name, "attributive") ?? name,
  };
}

function day(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

/**
 * Intl's range of two days, for a language that writes it as the issuer does (English: en-US
 * "October 1–15, 2025", en-GB "1–15 October 2025"). CLDR spaces the dash even between two
 * numbers ("October 1 – 15"); the dash is spaced only when a side has a space, as in a month
 * range ("January–November 2025", "November 2024 – February 2025").
 */
function dayRange(tr: Translator, start: string, end: string): string {
  const dates = tr.dateLocale;
  let f = days.get(dates);
  if (!f) days.set(dates, (f = new Intl.DateTimeFormat(dates, { dateStyle: "long", timeZone: "UTC" })));
  const parts = f.formatRangeToParts(day(start), day(end));
  return parts
    .map((p, i) =>
      p.type === "literal" && parts[i - 1]?.type === "day" && parts[i + 1]?.type === "day" && p.value.trim() === "–"
        ? "–"
        : p.value,
    )
    .join("");
}

/**
 * A range of days as a catalog pattern's variables: each side's `{{startDay}}`, `{{startMonth}}`
 * (and its cases, `{{startMonthGenitive}}` …) and `{{startYear}}`, the same for `end`, and Intl's
 * whole `{{range}}` for a language that writes it in the issuer's style. A range within one year
 * names its year once, `{{endYear}}` or `{{startYear}}`: «1–15 октября 2025 г.», «2025 жылғы 1–15 қазан».
 */
function dayRangeVars(tr: Translator, start: string, end: string): Record<string, string> {
  const [startYear, startMonth] = yearMonth(start);
  const [endYear, endMonth] = yearMonth(end);
  return {
    range: dayRange(tr, start, end),
    startDay: String(Number(start.slice(8))),
    endDay: String(Number(end.slice(8))),
    startYear,
    endYear,
    ...monthVars(tr, "startMonth", startMonth),
    ...monthVars(tr, "endMonth", endMonth),
  };
}

/** "2025-03" → [2025, 3] as the year's digits and the month's number. */
function yearMonth(s: string): [string, number] {
  return [s.slice(0, 4), Number(s.slice(5, 7))];
}

/**
 * A figure's reference period: "2025" / «2025 г.» / «2025 жыл»; "2020–2025" / «2020–2025 гг.» /
 * «2020–2025 жылдар»; "Q3 2025" / «III квартал
 * 2025 г.» / «2025 жылғы III тоқсан»; "January–November 2025" / «январь–ноябрь 2025 г.» /
 * «2025 жылғы қаңтар–қараша»; «2025 жылғы 1 қазан», «2025 жылғы 1–15 қазан». Every shape is a
 * catalog pattern (`units:period.<shape>`, in a `form` of `PERIOD_FORMS`
 * `units:period.<form>.<shape>`): CLDR's range repeats the year in Russian, and CLDR's Kazakh
 * «2025 ж. 1 қазан» is the dateline's style, not a sentence's («2025 жылғы 1 қазан», as the
 * labels' forms write it, «2025 жылғы 1 қазанда»). A pattern is given the month names in their
 * cases (`monthInCase`, Intl's genitive), a day's parts (`{{dateDay}}`, `{{dateMonthLocative}}`
 * …) and a range's (`{{startDay}}`, `{{endMonthGenitive}}` …), and Intl's `{{date}}` and `{{range}}`
 * for a language that writes a day as the page's other dates do, in the issuer's English style
 * (`Translator.dateLocale`).
 */
export function formatPeriod(tr: Translator, period: string, form?: PeriodForm): string {
  const [start = "", end] = period.split("/");
  const key = (shape: string) => `units:period.${form ? `${form}.` : ""}${shape}`;
  // A span of years, "2020–2025" / «2020–2025 гг.» / «2020–2025 жылдар»: a strategy's or a
  // programme's term, which a range of months would write as «с января 2020 г. по декабрь 2025 г.».
  if (end !== undefined && start.length === 4) return tr.t(key("years"), { from: start, to: end });
  if (end !== undefined && start.length === 10) {
    // One month's days, days across months of a year, days across years: «2025 жылғы 1–15 қазан»,
    // «2025 жылғы 28 қыркүйек – 3 қазан», «2024 жылғы 30 желтоқсан – 2025 жылғы 5 қаңтар».
    const shape =
      start.slice(0, 4) !== end.slice(0, 4)
        ? "days-years"
        : start.slice(0, 7) !== end.slice(0, 7)
          ? "days-months"
          : "days";
    const vars = dayRangeVars(tr, start, end);
    // A catalog made before ranges of days had shapes (a project's own copy, with no bare
    // `period.days`): Intl's range, and a form's `days` pattern made of it, as then.
    if (!tr.has("units:period.days")) return form ? tr.t(key("days"), vars) : vars.range!;
    return tr.t(key(shape), vars);
  }
  if (end !== undefined) {
    const [fy, fm] = yearMonth(start);
    const [ty, tm] = yearMonth(end);
    const vars = { ...monthVars(tr, "from", fm), ...monthVars(tr, "to", tm) };
    return fy === ty
      ? tr.t(key("months"), { ...vars, year: fy })
      : tr.t(key("months-years"), { ...vars, fromYear: fy, toYear: ty });
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(start);
  if (quarter)
    return tr.t(key("quarter"), {
      year: quarter[1] ?? "",
      quarter: quarter[2] ?? "",
      roman: ROMAN[Number(quarter[2]) - 1] ?? "",
    });
  if (start.length === 4) return tr.t(key("year"), { year: start });
  const [year, month] = yearMonth(start);
  if (start.length === 7) return tr.t(key("month"), { ...monthVars(tr, "month", month), year });
  const date = formatPartialDate(tr.dateLocale, start);
  if (!form && !tr.has(key("day"))) return date; // a catalog made before `period.day`: Intl's date, as then
  return tr.t(key("day"), {
    date,
    dateDay: String(Number(start.slice(8))),
    dateYear: year,
    ...monthVars(tr, "dateMonth", month),
  });
}
