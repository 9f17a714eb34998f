import { formatEventDay, formatPartialDate } from "../i18n/format.js";
import type { Translator } from "../i18n/translator.js";
import type { EventFacts, EventText } from "../validate/schema.js";
import { utcOffset } from "./embargo.js";
import type { HrefView, NamedView, TimeView } from "./view.js";

/** How journalists are accredited: the terms in the page's language, the deadline, where to apply. */
export interface AccreditationView {
  readonly terms?: string;
  /** "Wednesday, 9 December 2026, 18:00 (UTC+5)". */
  readonly deadline?: TimeView;
  readonly email?: HrefView;
  readonly url?: string;
}

/** The event a media advisory announces, in the page's language. */
export interface EventView {
  /** "Thursday, 10 December 2026, 10:00–12:00 (UTC+5)", the start's ISO as written. */
  readonly when: TimeView;
  /** The venue and the city: "Hall A, Congress Centre, 11 Mangilik Yel Avenue, Astana". */
  readonly where: string;
  /** The people and organizations the article names: who speaks, who attends. */
  readonly who: readonly NamedView[];
  /** Markdown (inline) of the programme, when the locale file gives one. */
  readonly programme?: string;
  readonly accreditation?: AccreditationView;
}

/** What an event is shown with besides its facts and this locale's words. */
export interface EventSources {
  readonly tr: Translator;
  /** The city's name in the page's language. */
  readonly place?: string;
  readonly who: readonly NamedView[];
}

/**
 * Whether a venue already names its place, in any case form: "polling stations across
 * Kazakhstan", «по всему Казахстану», «Қазақстан бойынша», «в Астане» (each word of the place's
 * name begins a word of the venue, a final vowel aside: Астан-а/-е). The place is then not
 * repeated after it ("…across Kazakhstan, Kazakhstan").
 */
export function namesPlace(venue: string, place: string, locale: string): boolean {
  const words = (text: string) =>
    text
      .toLocaleLowerCase(locale)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  // A name in quotation marks is the venue's own («"Астана" концерт залы», the Astana Concert
  // Hall), not the city it stands in.
  const said = words(venue.replace(/«[^«»]*»|„[^„“]*“|"[^"]*"|“[^“”]*”/gu, " "));
  const stems = words(place).map((w) => (w.length > 3 ? w.replace(/[аәеиоөуұүыіяэюaeiouy]$/u, "") : w));
  return stems.length > 0 && stems.every((stem) => said.some((w) => w.startsWith(stem)));
}

/**
 * The event as the page's language announces it. Times are shown as written in article.yaml,
 * the event's local time, with that offset as UTC±h (Intl takes no bare offset as a time zone).
 */
export function eventView(facts: EventFacts, text: EventText | undefined, sources: EventSources): EventView {
  const { tr } = sources;
  const day = (iso: string) => formatEventDay(tr.dateLocale, iso.slice(0, 10));
  const time = (iso: string) => iso.slice(11, 16);
  const zone = utcOffset(facts.start);
  const { end, start } = facts;
  const when =
    end === undefined
      ? tr.t("event.at", { date: day(start), time: time(start), zone })
      : end.slice(0, 10) === start.slice(0, 10)
        ? tr.t("event.sameDay", { date: day(start), from: time(start), to: time(end), zone })
        : tr.t("event.span", {
            from: tr.t("event.dayTime", { date: day(start), time: time(start) }),
            to: tr.t("event.dayTime", { date: day(end), time: time(end) }),
            zone,
          });
  const venue = text?.venue ?? "";
  const where =
    sources.place && venue
      ? namesPlace(venue, sources.place, tr.locale)
        ? venue
        : `${venue}, ${sources.place}`
      : venue || (sources.place ?? "");
  const acc = facts.accreditation;
  const accreditation: AccreditationView | undefined =
    acc || text?.accreditation
      ? {
          ...(text?.accreditation ? { terms: text.accreditation } : {}),
          ...(acc?.deadline
            ? {
                deadline: {
                  iso: acc.deadline,
                  text: tr.t("event.at", {
                    date: formatPartialDate(tr.dateLocale, acc.deadline.slice(0, 10)),
                    time: time(acc.deadline),
                    zone: utcOffset(acc.deadline),
                  }),
                },
              }
            : {}),
          ...(acc?.email ? { email: { text: acc.email, href: `mailto:${acc.email}` } } : {}),
          ...(acc?.url ? { url: acc.url } : {}),
        }
      : undefined;
  return {
    when: { iso: start, text: when },
    where,
    who: sources.who,
    ...(text?.programme ? { programme: text.programme } : {}),
    ...(accreditation ? { accreditation } : {}),
  };
}
