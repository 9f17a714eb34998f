import type { LocaleProfile } from "../locale/index.js";
import type { ArticleView, DatedNoteView, EventView, NamedView } from "../model/view.js";
import { typeset } from "./rules.js";

/**
 * The typography stage: every text field of an article's view typeset once, for the locale,
 * catalog strings and Intl's output included. Ids, hrefs, URLs, e-mail and phone, ISO dates
 * and the Markdown of the lede and body (which the Markdown typographer sets) stay as they are.
 */
export function typesetView(view: ArticleView, profile: LocaleProfile): ArticleView {
  const ts = (text: string) => typeset(text, profile);
  const named = (n: NamedView): NamedView => ({ ...n, name: ts(n.name), ...(n.role ? { role: ts(n.role) } : {}) });
  const { outlet } = view;
  const note = (n: DatedNoteView): DatedNoteView => ({
    ...n,
    text: ts(n.text),
    before: ts(n.before),
    after: ts(n.after),
  });
  return {
    ...view,
    documentKind: ts(view.documentKind),
    ...(view.releaseLine ? { releaseLine: ts(view.releaseLine) } : {}),
    headline: ts(view.headline),
    ...(view.standfirst ? { standfirst: ts(view.standfirst) } : {}),
    dateline: ts(view.dateline),
    published: { ...view.published, text: ts(view.published.text) },
    ...(view.updated ? { updated: note(view.updated) } : {}),
    corrections: view.corrections.map((c) => ({ ...note(c), note: ts(c.note) })),
    ...(view.embargo ? { embargo: { ...view.embargo, text: ts(view.embargo.text) } } : {}),
    figures: view.figures.map((f) => ({
      ...f,
      value: ts(f.value),
      label: ts(f.label),
      before: ts(f.before),
      after: ts(f.after),
      period: ts(f.period),
    })),
    charts: view.charts.map((c) => ({
      ...c,
      title: ts(c.title),
      description: ts(c.description),
      bars: c.bars.map((b) => ({
        ...b,
        label: ts(b.label),
        value: ts(b.value),
        labelLines: b.labelLines.map((l) => ({ ...l, text: ts(l.text) })),
        valueLines: b.valueLines.map((l) => ({ ...l, text: ts(l.text) })),
      })),
    })),
    quotes: view.quotes.map((q) => ({
      ...q,
      text: ts(q.text),
      speaker: ts(q.speaker),
      ...(q.role ? { role: ts(q.role) } : {}),
      ...(q.context ? { context: ts(q.context) } : {}),
    })),
    timeline: view.timeline.map((e) => ({ ...e, text: ts(e.text), label: ts(e.label) })),
    people: view.people.map(named),
    organizations: view.organizations.map(named),
    media: view.media.map((m) => ({
      ...m,
      kind: ts(m.kind),
      title: ts(m.title),
      duration: {
        ...m.duration,
        text: ts(m.duration.text),
        spoken: ts(m.duration.spoken),
      },
    })),
    links: view.links.map((l) => ({ ...l, label: ts(l.label) })),
    images: view.images.map((i) => ({
      ...i,
      alt: ts(i.alt),
      ...(i.caption ? { caption: ts(i.caption) } : {}),
      ...(i.credit ? { credit: ts(i.credit) } : {}),
    })),
    credits: view.credits.map(ts),
    ...(view.speaker ? { speaker: named(view.speaker) } : {}),
    ...(view.event ? { event: typesetEvent(view.event, ts) } : {}),
    outlet: {
      ...outlet,
      name: ts(outlet.name),
      about: ts(outlet.about),
      aboutHeading: ts(outlet.aboutHeading),
      contacts: outlet.contacts.map((c) => ({
        ...c,
        name: ts(c.name),
        ...(c.role ? { role: ts(c.role) } : {}),
        ...(c.hours ? { hours: ts(c.hours) } : {}),
      })),
    },
    alternates: view.alternates.map((a) => ({ ...a, name: ts(a.name) })),
  };
}

/** An event's text fields typeset; the programme is Markdown, which the Markdown typographer sets. */
function typesetEvent(event: EventView, ts: (text: string) => string): EventView {
  const { accreditation: acc } = event;
  return {
    ...event,
    when: { ...event.when, text: ts(event.when.text) },
    where: ts(event.where),
    who: event.who.map((n) => ({ ...n, name: ts(n.name), ...(n.role ? { role: ts(n.role) } : {}) })),
    ...(acc
      ? {
          accreditation: {
            ...acc,
            ...(acc.terms ? { terms: ts(acc.terms) } : {}),
            ...(acc.deadline ? { deadline: { ...acc.deadline, text: ts(acc.deadline.text) } } : {}),
          },
        }
      : {}),
  };
}
