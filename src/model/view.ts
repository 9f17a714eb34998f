import type { EmbargoView } from "./embargo.js";
import type { Locale } from "../locale/index.js";

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

export interface ChartBarView {
  readonly label: string;
  readonly value: string;
  readonly y: number;
  readonly width: number;
  readonly labelY: number;
  readonly valueX: number;
}

export interface ChartView {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly width: number;
  readonly height: number;
  readonly barX: number;
  readonly barHeight: number;
  readonly bars: readonly ChartBarView[];
}

export interface QuoteView {
  readonly text: string;
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
  readonly alt: string;
  readonly width: number;
  readonly height: number;
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

export interface OutletView {
  readonly name: string;
  readonly about: string;
  readonly url?: string;
  readonly contact?: {
    readonly label: string;
    readonly url?: string;
    readonly email?: string;
    readonly phone?: string;
  };
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

export interface ArticleView {
  readonly locale: Locale;
  readonly dir: "ltr";
  readonly id: string;
  readonly template: string;
  /** The document kind shown above the headline ("Briefing", "Press release"). */
  readonly documentKind: string;
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
  readonly outlet: OutletView;
  readonly alternates: readonly AlternateView[];
  /** Relative link to the site index. */
  readonly indexHref: string;
}
