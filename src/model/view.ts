import type { FeedLink } from "../core/paths.js";
import type { EmbargoView } from "./embargo.js";
import type { EventView } from "./event.js";
import type { Locale } from "../locale/index.js";
import type { SharingView } from "./sharing.js";

/**
 * What templates see: plain data, already localized and typeset. Templates only arrange it;
 * no template computes a plural, formats a date or looks up a name.
 */
export interface TimeView {
  readonly iso: string;
  readonly text: string;
}

export interface NamedView {
  readonly id: string;
  readonly name: string;
  readonly role?: string;
  /** The role has its own dash (a title of two posts): a list prints it after a comma, not a dash. */
  readonly roleAfterComma?: true;
}

export interface FigureView {
  readonly id: string;
  /** "more than 100 people", "более 100 человек". */
  readonly value: string;
  /** The label without the value (a chart's row uses it). */
  readonly label: string;
  /** The label's words before and after the value, when the label places it (`{value}`). */
  readonly before: string;
  readonly after: string;
  readonly placed: boolean;
  /** "January–November 2025", when the label does not place it (`{period}`); "" when none. */
  readonly period: string;
}

/** One line of chart text and its baseline (or, for a value, its top: drawn with `dy`). */
export interface ChartLineView {
  readonly text: string;
  readonly y: number;
}

export interface ChartBarView {
  /** The figure's size, which the bar's length is drawn from. */
  readonly magnitude: number;
  readonly label: string;
  readonly value: string;
  readonly y: number;
  /** The bar's left edge: `barX` for a value of zero or more, left of it for a negative one. */
  readonly x: number;
  readonly width: number;
  readonly labelY: number;
  readonly valueX: number;
  /** The value is drawn before the bar (a negative one), its lines ending at `valueX`. */
  readonly valueBefore: boolean;
  /** The label as lines that fit the chart's width, above the bar. */
  readonly labelLines: readonly ChartLineView[];
  /** The value as lines that fit between the bar's end and the chart's right edge. */
  readonly valueLines: readonly ChartLineView[];
}

/** A piece of a chart's zero line, beside one bar. */
export interface ChartBaselineView {
  readonly x: number;
  readonly y1: number;
  readonly y2: number;
}

export interface ChartView {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly width: number;
  readonly height: number;
  /** Where zero is: the bars' left edge, or the zero line when a value is negative. */
  readonly barX: number;
  readonly barHeight: number;
  readonly bars: readonly ChartBarView[];
  readonly baseline: readonly ChartBaselineView[];
}

export interface QuoteView {
  readonly text: string;
  /** The language the words were spoken in, when it is not the page's: the quote's `lang`. */
  readonly language?: string;
  readonly speaker: string;
  readonly role?: string;
  readonly context?: string;
}

export interface MediaView {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly duration: TimeView & { readonly spoken: string };
  readonly url?: string;
}

export interface ImageView {
  readonly id: string;
  /** Relative to the page: the image is written once per article under assets/. */
  readonly src: string;
  /** Describes the picture for someone who cannot see it. */
  readonly alt: string;
  readonly width: number;
  readonly height: number;
  /** Tells what the picture shows: who, where, when. */
  readonly caption?: string;
  /** The credit line, "Photo: Reuters" ("Фото: …"). */
  readonly credit?: string;
}

export interface LinkView {
  readonly url: string;
  readonly label: string;
}

export interface AlternateView {
  readonly locale: Locale;
  readonly name: string;
  readonly href: string;
  readonly current: boolean;
}

/** A link's text and its href (`mailto:…`, `tel:+7…`). */
export interface HrefView {
  readonly text: string;
  readonly href: string;
}

/** One media contact in one locale: a person's or an office's name, role, channels, hours. */
export interface ContactView {
  readonly name: string;
  readonly role?: string;
  /** "Mon–Fri 9:00–18:00 (UTC+5)", as the locale writes it. */
  readonly hours?: string;
  readonly email?: HrefView;
  /** Grouped for reading ("+7 727 123 45 67"); the href is `tel:` in E.164. */
  readonly phone?: HrefView;
  readonly url?: string;
}

export interface OutletView {
  readonly name: string;
  /** "About Halyk Bank", «О Народном банке», «Halyk Bank туралы». */
  readonly aboutHeading: string;
  readonly about: string;
  readonly url?: string;
  /** The article's media contacts, or else the outlet's. */
  readonly contacts: readonly ContactView[];
}

/**
 * A date in a catalog phrase: `before` <time datetime=iso>`text`</time> `after`, so that each
 * language places it ("Updated 30 October 2024", «Исправление от 30 октября 2024 г.:»).
 */
export interface DatedNoteView extends TimeView {
  readonly before: string;
  readonly after: string;
}

/** One article in one locale, ready for any template. */
export type { EmbargoView } from "./embargo.js";
export type { AccreditationView, EventView } from "./event.js";

export interface ArticleView {
  readonly locale: Locale;
  readonly dir: "ltr";
  readonly id: string;
  readonly template: string;
  /** The document kind the masthead shows ("Briefing", "Press release", "Statement", "Media advisory"). */
  readonly documentKind: string;
  /** "For immediate release", "For planning purposes only": the page's line above the headline, unless under embargo. */
  readonly releaseLine?: string;
  readonly headline: string;
  readonly standfirst?: string;
  /** "ALMATY, Kazakhstan", uppercased city as wire copy does. */
  readonly dateline: string;
  readonly published: TimeView;
  /** "Updated 30 October 2024", when article.yaml has `updated:`. */
  readonly updated?: DatedNoteView;
  /** Correction notes, newest first. */
  readonly corrections: readonly (DatedNoteView & { readonly note: string })[];
  /** Only while the article is under embargo at the build's clock. */
  readonly embargo?: EmbargoView;
  /** Markdown of the first paragraph, and of the rest. */
  readonly lede: string;
  readonly body: string;
  readonly figures: readonly FigureView[];
  readonly charts: readonly ChartView[];
  readonly quotes: readonly QuoteView[];
  readonly timeline: readonly (TimeView & { readonly label: string })[];
  readonly people: readonly NamedView[];
  readonly organizations: readonly NamedView[];
  readonly media: readonly MediaView[];
  readonly links: readonly LinkView[];
  readonly images: readonly ImageView[];
  readonly credits: readonly string[];
  /** Who makes a statement and signs it: name and role in this language. */
  readonly speaker?: NamedView;
  /** The event a media advisory announces. */
  readonly event?: EventView;
  /** Markdown of the locale's "Notes to editors", when it has them. */
  readonly notes?: string;
  readonly outlet: OutletView;
  readonly alternates: readonly AlternateView[];
  /** The page's own URL under `baseUrl` (`<link rel="canonical">`); none without a base URL. */
  readonly canonical?: string;
  /** The `hreflang="x-default"` alternate: the page in the source locale, else the first locale it is built in. */
  readonly xDefault: string;
  /** Link to this locale's press room (`<locale>/index.html`). */
  readonly indexHref: string;
  /** The locale's RSS, Atom and JSON feeds (absolute URLs), when the site has a baseUrl; else none. */
  readonly feeds: readonly FeedLink[];
  /**
   * Open Graph, Twitter Card and JSON-LD of the page (`src/model/sharing.ts`), as plain text:
   * made from the typeset view, so a view gets it after typesetting (an email's has none).
   */
  readonly sharing?: SharingView;
  /**
   * The page's PDF: its link and its size ("PDF, 212 KB"). Set only on the HTML written after
   * the PDF is made (the PDF is laid out from the page without it: it cannot hold its own size).
   */
  readonly pdf?: PdfLinkView;
}

/** A link to a page's PDF with the file's size in the page's language. */
export interface PdfLinkView {
  readonly href: string;
  /** "PDF, 212 KB", «PDF, 212 КБ». */
  readonly label: string;
}
