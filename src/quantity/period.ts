import { formatPartialDate } from "../i18n/format.js";
import type { Translator } from "../i18n/translator.js";

const ROMAN = ["I", "II", "III", "IV"] as const;
const months = new Map<string, Intl.DateTimeFormat>();
const days = new Map<string, Intl.DateTimeFormat>();

/** The month's name as it stands alone in a running text: "January", «январь», «қаңтар». */
function monthName(locale: string, month: number): string {
  let f = months.get(locale);
  if (!f) months.set(locale, (f = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" })));
  const name = f.format(Date.UTC(2000, month - 1, 1));
  // CLDR capitalizes the Kazakh stand-alone month ("Қаңтар"); inside a phrase it is lower case.
  return locale === "en" ? name : name.toLocaleLowerCase(locale);
}

function day(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

/**
 * A figure's reference period: "2025" / «2025 г.» / «2025 жыл»; "Q3 2025" / «III квартал
 * 2025 г.» / «2025 жылғы III тоқсан»; "January–November 2025" / «январь–ноябрь 2025 г.» /
 * «2025 жылғы қаңтар–қараша». Years, quarters and month ranges are catalog patterns
 * (`units:period.*`) because CLDR's range repeats the year in Russian and abbreviates it in
 * Kazakh; single days and day ranges are Intl's (the dates every other part of the page uses, in the
 * issuer's English style: `Translator.dateLocale`).
 */
export function formatPeriod(tr: Translator, period: string): string {
  const locale = tr.locale;
  const dates = tr.dateLocale;
  const [start = "", end] = period.split("/");
  if (end !== undefined && start.length === 10) {
    let f = days.get(dates);
    if (!f) days.set(dates, (f = new Intl.DateTimeFormat(dates, { dateStyle: "long", timeZone: "UTC" })));
    return f.formatRange(day(start), day(end));
  }
  if (end !== undefined) {
    const [fy = "", fm = 1] = start.split("-").map((s, i) => (i === 0 ? s : Number(s))) as [string, number];
    const [ty = "", tm = 1] = end.split("-").map((s, i) => (i === 0 ? s : Number(s))) as [string, number];
    const vars = { from: monthName(locale, fm), to: monthName(locale, tm) };
    return fy === ty
      ? tr.t("units:period.months", { ...vars, year: fy })
      : tr.t("units:period.months-years", { ...vars, fromYear: fy, toYear: ty });
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(start);
  if (quarter)
    return tr.t("units:period.quarter", {
      year: quarter[1] ?? "",
      quarter: quarter[2] ?? "",
      roman: ROMAN[Number(quarter[2]) - 1] ?? "",
    });
  if (start.length === 4) return tr.t("units:period.year", { year: start });
  if (start.length === 7)
    return tr.t("units:period.month", { month: monthName(locale, Number(start.slice(5))), year: start.slice(0, 4) });
  return formatPartialDate(dates, start);
}
