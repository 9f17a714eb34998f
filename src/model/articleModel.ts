import { dashesInRole, roleAfterName } from "../typography/roles.js";
import { layoutChartBars } from "./chartText.js";
import type { Locale } from "../locale/index.js";
import { feedLinks, imagePath, outputUrl, pagePath, pressRoomPath, relativeHref, siteHref } from "../core/paths.js";
import { ledeOf } from "../core/markdown.js";
import { formatDuration, formatList, formatPartialDate, formatPublishedDate, instantOf } from "../i18n/format.js";
import type { Translator } from "../i18n/translator.js";
import { aboutHeading, contactView, effectiveContacts } from "./contacts.js";
import { embargoView, underEmbargo } from "./embargo.js";
import { eventView } from "./event.js";
import { formatPeriod, formatQuantity, placeLabel, quantityMagnitude, type Quantity } from "../quantity/index.js";
import type { Article, ArticleText, Content } from "../validate/content.js";
import type { ArticleFacts, GlossaryEntry } from "../validate/schema.js";
import type { ArticleView, ChartView, DatedNoteView, FigureView, NamedView } from "./view.js";

export interface ModelOptions {
  readonly template: string;
  /** Document kind key in the catalog, e.g. `document.briefing`. */
  readonly documentKindKey: string;
  /** The catalog key of the line above the headline ("For immediate release"), if the page has one. */
  readonly releaseLineKey?: string | undefined;
  /** Locales this article is built in, for the language switcher. */
  readonly builtLocales: readonly Locale[];
  /** The build's clock (ms), for the embargo line. */
  readonly now: number;
  /** Where dist/ is published (ends in "/"): links absolute under it and the head links to the locale's feeds; none: relative links. */
  readonly baseUrl: string | undefined;
  /** The project's source locale: a page's x-default alternate is in it when the article is built in it. */
  readonly source: Locale;
}

/** One article in one locale: its text, its translator, and the content its ids name. */
export interface ArticleInLocale {
  readonly content: Content;
  readonly article: Article;
  readonly text: ArticleText;
  readonly tr: Translator;
}

/**
 * Turn one article in one locale into the plain, localized data a template arranges;
 * `typesetView` sets its type next.
 */
export function modelArticle(input: ArticleInLocale, options: ModelOptions): ArticleView {
  const { content, article, text, tr } = input;
  const { locale } = tr;
  const facts = article.facts;
  const here = pagePath({ locale, article: article.id, template: options.template, format: "html" });
  const name = (entry: GlossaryEntry | undefined, id: string): NamedView => {
    const l = entry?.[locale];
    const role = l?.role ? roleAfterName(l.role, locale, l.roleBeginsWithProperNoun ?? false) : undefined;
    const afterComma = role !== undefined && dashesInRole(role) > 0;
    return { id, name: l?.name ?? id, ...(role ? { role } : {}), ...(afterComma ? { roleAfterComma: true } : {}) };
  };
  const person = (id: string) => name(content.glossary.people[id], id);
  const org = (id: string) => name(content.glossary.organizations[id], id);
  const place = (id: string) => name(content.glossary.places[id], id).name;
  const list = (items: string[]) => formatList(locale, items, tr.has("list.and") ? tr.t("list.and") : undefined);

  const figures: FigureView[] = facts.figures.map((f) => {
    const period = f.period;
    const placed = placeLabel(text.figures[f.id] ?? f.id, (form) => (period ? formatPeriod(tr, period, form) : ""));
    return {
      id: f.id,
      value: figureValue(tr, f),
      label: placed.text,
      before: placed.before,
      after: placed.after,
      placed: placed.placed,
      period: placed.period,
    };
  });
  const { head, rest } = splitLede(text.body);
  const outletData = content.outlets[facts.outlet];
  const outletText = outletData?.[locale];

  const credits = (["reporting", "writing", "photos", "video"] as const).flatMap((role) => {
    const names = facts.credits
      .filter((c) => c.role === role)
      .map((c) => (c.organization ? org(c.organization).name : person(c.person ?? "").name));
    // "Автор:" for one name, "Авторы:" for more: the plural form by the number of names.
    return names.length ? [tr.plural(`credits.${role}`, names.length, { names: list(names) })] : [];
  });

  const embargoed = underEmbargo(facts.embargo, options.now);
  return {
    locale,
    dir: "ltr",
    id: article.id,
    template: options.template,
    documentKind: tr.t(options.documentKindKey),
    ...releaseLine(tr, options.releaseLineKey, embargoed),
    headline: text.headline,
    ...(text.standfirst ? { standfirst: text.standfirst } : {}),
    dateline: place(facts.dateline).toLocaleUpperCase(locale),
    published: { iso: facts.published, text: formatPublishedDate(tr.dateLocale, facts.published) },
    ...(facts.updated ? { updated: datedNote(tr, "revision.updated", facts.updated) } : {}),
    corrections: [...facts.corrections]
      .sort((a, b) => instantOf(b.date) - instantOf(a.date))
      .map((c) => ({ ...datedNote(tr, "revision.correction", c.date), note: text.corrections[c.id] ?? c.id })),
    ...(embargoed && facts.embargo ? { embargo: embargoView(facts.embargo, tr) } : {}),
    lede: head,
    body: rest,
    figures,
    charts: facts.charts.map((c) => modelChart(c, { facts, figures, text, places: (ids) => list(ids.map(place)) })),
    quotes: text.quotes.map((q) => {
      const speaker = content.glossary.people[q.speaker] ? person(q.speaker) : org(q.speaker);
      return {
        text: q.text,
        // `en-GB` on an English page is the page's language: no `lang` to mark.
        ...(q.language && q.language.split("-")[0] !== locale ? { language: q.language } : {}),
        speaker: speaker.name,
        ...(speaker.role ? { role: speaker.role } : {}),
        ...(q.context ? { context: q.context } : {}),
      };
    }),
    timeline: [...facts.timeline]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((e) => ({
        iso: e.date,
        text: formatPartialDate(tr.dateLocale, e.date),
        label: text.timeline[e.id] ?? e.id,
      })),
    people: facts.people.map(person),
    organizations: facts.organizations.map(org),
    media: facts.media.map((m) => ({
      id: m.id,
      kind: tr.t(`media.${m.kind}`),
      title: text.media[m.id] ?? m.id,
      duration: { ...formatDuration(locale, m.duration), text: formatDuration(locale, m.duration).clock },
      ...(m.url ? { url: m.url } : {}),
    })),
    links: facts.links.map((l) => ({ url: l.url, label: text.links[l.id] ?? l.url })),
    images: facts.images.flatMap((img) => {
      const checked = article.images.get(img.id);
      if (!checked) return [];
      const texts = text.images[img.id] ?? { alt: "" };
      const creditName =
        texts.credit ??
        (img.credit?.person ? person(img.credit.person).name : undefined) ??
        (img.credit?.organization ? org(img.credit.organization).name : undefined);
      return [
        {
          id: img.id,
          src: relativeHref(here, imagePath(article.id, img.file)),
          alt: texts.alt,
          width: checked.width,
          height: checked.height,
          ...(texts.caption ? { caption: texts.caption } : {}),
          ...(creditName ? { credit: tr.t("photo.credit", { credit: creditName }) } : {}),
        },
      ];
    }),
    credits,
    ...(facts.speaker
      ? { speaker: content.glossary.people[facts.speaker] ? person(facts.speaker) : org(facts.speaker) }
      : {}),
    ...(facts.event
      ? {
          event: eventView(facts.event, text.event, {
            tr,
            ...(facts.event.place ? { place: place(facts.event.place) } : {}),
            who: [...facts.people.map(person), ...facts.organizations.map(org)],
          }),
        }
      : {}),
    ...(text.notes ? { notes: text.notes } : {}),
    outlet: {
      name: outletText?.name ?? facts.outlet,
      aboutHeading: aboutHeading(tr, outletText?.name ?? facts.outlet, outletText?.prepositional),
      about: outletText?.about ?? "",
      ...(outletData?.url ? { url: outletData.url } : {}),
      contacts: effectiveContacts(facts.contacts, outletData).map((c) =>
        contactView(c, tr, {
          glossary: content.glossary,
          fallbackName: outletText?.contact ?? tr.t("briefing.contact"),
        }),
      ),
    },
    alternates: options.builtLocales.map((l) => ({
      locale: l,
      name: tr.profiles.get(l).name,
      href: alternateHref(locale, l, article.id, options),
      current: l === locale,
    })),
    ...pageLinks(locale, article.id, options),
    indexHref: siteHref(here, pressRoomPath(locale), options.baseUrl),
    feeds: options.baseUrl ? feedLinks(options.baseUrl, locale, tr.t("feed.title")) : [],
  };
}

/** The page's canonical URL (with a base URL) and its x-default alternate, for one template. */
function pageLinks(
  locale: Locale,
  article: string,
  options: Pick<ModelOptions, "template" | "baseUrl" | "builtLocales" | "source">,
): Pick<ArticleView, "canonical" | "xDefault"> {
  const here = pagePath({ locale, article, template: options.template, format: "html" });
  // x-default: the page in the language it was written in, the one every translation follows.
  const { builtLocales, source } = options;
  const fallback = builtLocales.includes(source) ? source : (builtLocales[0] ?? locale);
  return {
    ...(options.baseUrl !== undefined ? { canonical: outputUrl(options.baseUrl, here) } : {}),
    xDefault: alternateHref(locale, fallback, article, options),
  };
}

/** The same article's view for another template: only its kind, release line and language links differ. */
export function viewForTemplate(view: ArticleView, tr: Translator, options: ModelOptions): ArticleView {
  const { releaseLine: _previous, ...rest } = view;
  return {
    ...rest,
    ...releaseLine(tr, options.releaseLineKey, view.embargo !== undefined),
    template: options.template,
    documentKind: tr.t(options.documentKindKey),
    alternates: view.alternates.map((a) => ({
      ...a,
      href: alternateHref(view.locale, a.locale, view.id, options),
    })),
    ...pageLinks(view.locale, view.id, options),
  };
}

/**
 * The same view on another locale's page (a derived locale's, made from this one's): its locale
 * and every link that names the page's place (language links, canonical, x-default, press room, feeds).
 */
export function relocateView(
  view: ArticleView,
  locale: Locale,
  options: Pick<ModelOptions, "template" | "baseUrl" | "builtLocales" | "source">,
): ArticleView {
  const here = pagePath({ locale, article: view.id, template: view.template, format: "html" });
  return {
    ...view,
    locale,
    alternates: view.alternates.map((a) => ({
      ...a,
      href: alternateHref(locale, a.locale, view.id, options),
      current: a.locale === locale,
    })),
    ...pageLinks(locale, view.id, options),
    indexHref: siteHref(here, pressRoomPath(locale), options.baseUrl),
    // `<base>/<locale>/feed.xml` → the same file in this locale's folder.
    feeds: view.feeds.map((f) => ({ ...f, href: new URL(`../${locale}/${f.href.split("/").at(-1)}`, f.href).href })),
  };
}

/** The line above the headline; an embargo in force replaces it (the masthead carries the embargo line). */
function releaseLine(tr: Translator, key: string | undefined, embargoed: boolean): { releaseLine?: string } {
  return key !== undefined && !embargoed ? { releaseLine: tr.t(key) } : {};
}

/** The link from this article's HTML page in one locale to the same page in another (absolute under a base URL). */
function alternateHref(
  from: Locale,
  to: Locale,
  article: string,
  { template, baseUrl }: Pick<ModelOptions, "template" | "baseUrl">,
): string {
  const page = (locale: Locale) => pagePath({ locale, article, template, format: "html" });
  return siteHref(page(from), page(to), baseUrl);
}

/**
 * "more than 100 people", "₸1.2 trillion ($2.5 billion)", «с 4 до 2 часов»: the figure's typed
 * quantity written in the translator's locale (src/quantity/).
 */
export function figureValue(tr: Translator, figure: Quantity): string {
  return formatQuantity(tr, figure);
}

/** What a chart's bars are drawn from: the article's figures, its labels, and the places' names. */
interface ChartSources {
  readonly facts: ArticleFacts;
  readonly figures: readonly FigureView[];
  readonly text: ArticleText;
  readonly places: (ids: string[]) => string;
}

/**
 * The chart's bars and text (src/model/chartText.ts lays them out so nothing leaves its box),
 * from the article's figures and the places' names.
 */
function modelChart(chart: ArticleFacts["charts"][number], sources: ChartSources): ChartView {
  const { facts, figures, text, places } = sources;
  const rows = chart.figures.flatMap((id) => {
    const fact = facts.figures.find((f) => f.id === id);
    const view = figures.find((f) => f.id === id);
    if (!fact || !view) return [];
    const magnitude = quantityMagnitude(fact);
    return [{ magnitude, label: fact.places.length ? places(fact.places) : view.label, value: view.value }];
  });
  const labels = text.charts[chart.id];
  return {
    id: chart.id,
    title: labels?.title ?? chart.id,
    description: labels?.description ?? "",
    ...layoutChartBars(rows),
  };
}

/**
 * A catalog phrase around a date (`{{date}}`), split where the date goes so that the template
 * can mark the date up: "Updated 30 October 2024", «Жаңартылды: 2024 ж. 30 қазан».
 */
function datedNote(tr: Translator, key: string, iso: string): DatedNoteView {
  const mark = "\u0000";
  const phrase = tr.t(key, { date: mark });
  const at = phrase.indexOf(mark);
  const [before, after] = at < 0 ? [`${phrase} `, ""] : [phrase.slice(0, at), phrase.slice(at + mark.length)];
  return { iso, text: formatPublishedDate(tr.dateLocale, iso), before, after };
}

/** The lede is the body's first paragraph (src/core/markdown.ts); the press release sets it after the dateline. */
function splitLede(body: string): { head: string; rest: string } {
  const { lede, rest } = ledeOf(body);
  return { head: lede, rest };
}
