import { formatPartialDate } from "../i18n/format.js";
import type { Translator } from "../i18n/translator.js";
import type { NumeralCase } from "../locale/index.js";

/** An embargo still in force at the build's clock: the page says so, and no public list shows it. */
export interface EmbargoView {
  /** As written in article.yaml (ISO 8601 with its offset). */
  readonly iso: string;
  /** The localized line, "Embargoed until 09:00 (UTC+6), March 3, 2025". */
  readonly text: string;
}

/** Whether an embargo (ISO 8601 with an offset) is still in force at `now` (ms). */
export function underEmbargo(embargo: string | undefined, now: number): embargo is string {
  return embargo !== undefined && now < Date.parse(embargo);
}

/** How long after an embargo passes a build still says so (`embargo/lifted`): a week. */
export const EMBARGO_LIFTED_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Whether an embargo passed at most a week before `now`: the article has just become public,
 * which a mistyped day or month would do too early.
 */
export function embargoLiftedRecently(embargo: string | undefined, now: number): embargo is string {
  if (embargo === undefined) return false;
  const until = Date.parse(embargo);
  return now >= until && now - until < EMBARGO_LIFTED_WINDOW_MS;
}

/**
 * The embargo line in the page's locale: the date and time as written where the release was
 * issued (its own offset, which Intl cannot take as a time zone) and that offset as UTC±h.
 * `{{timeDative}}` is the time in the dative where the locale's numerals take suffixes (kk
 * «сағат 09:00-ге дейін»), else the time.
 */
export function embargoView(embargo: string, tr: Translator): EmbargoView {
  const date = formatPartialDate(tr.dateLocale, embargo.slice(0, 10));
  const time = embargo.slice(11, 16);
  const timeDative = withSuffix(tr, time, "dative");
  return { iso: embargo, text: tr.t("embargo.until", { date, time, timeDative, zone: utcOffset(embargo) }) };
}

/**
 * A time "HH:MM" with the case suffix its reading ends in: the minutes, as editors read and
 * decline it ("09:00" «тоғыз нөл нөл» → «09:00-ге», "09:30" «… отыз» → «09:30-ға»).
 */
function withSuffix(tr: Translator, time: string, grammaticalCase: NumeralCase): string {
  const suffix = tr.profile.numeralSuffix;
  return suffix ? `${time}-${suffix(Number(time.slice(3, 5)), grammaticalCase)}` : time;
}

/** "+06:00" → "UTC+6", "+05:30" → "UTC+5:30", "Z" → "UTC". */
export function utcOffset(iso: string): string {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  if (!m || (m[2] === "00" && m[3] === "00")) return "UTC";
  const hours = String(Number(m[2]));
  return `UTC${m[1] === "-" ? "−" : "+"}${hours}${m[3] === "00" ? "" : `:${m[3]}`}`;
}
