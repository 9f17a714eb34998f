import { memoizeFew } from "../core/boundedCache.js";
import { plainCharacters } from "../typography/plainCharacters.js";
import { commonMark } from "../core/markdown.js";
import { outputUrl, pagePath } from "../core/paths.js";
import { instantOf } from "../i18n/format.js";
import type { LocaleProfile, LocaleProfiles } from "../locale/index.js";
import { typeset } from "../typography/rules.js";
import type { Article, Content } from "../validate/content.js";
import type { ArticleKind } from "./kinds.js";
import type { ArticleView } from "./view.js";

/**
 * What a page tells the sites that show a link to it (Open Graph, Twitter Cards) and search
 * engines (JSON-LD, schema.org): made from the typeset view once per page, as plain text.
 * docs/sharing.md says what each tag holds and why.
 */
export interface SharingView {
  /** `<meta property=… content=…>`, in this order. */
  readonly openGraph: readonly { readonly property: string; readonly content: string }[];
  /** `<meta name=… content=…>`. */
  readonly twitter: readonly { readonly name: string; readonly content: string }[];
  /** The JSON-LD object, printed by the `jsonLd` helper (escaped for a `<script>` element). */
  readonly structuredData: NewsArticleData;
}

/** A schema.org Person or Organization. */
export interface AgentData {
  readonly "@type": "Person" | "Organization";
  readonly name: string;
  readonly url?: string;
}

export interface ImageData {
  readonly "@type": "ImageObject";
  readonly url: string;
  readonly width: number;
  readonly height: number;
}

/** The event a media advisory announces (schema.org Event). */
export interface EventData {
  readonly "@type": "Event";
  readonly name: string;
  readonly startDate: string;
  readonly endDate?: string;
  readonly location?: { readonly "@type": "Place"; readonly name: string };
  readonly organizer: AgentData;
}

/** schema.org NewsArticle, with the properties Google's Article documentation reads. */
export interface NewsArticleData {
  readonly "@context": "https://schema.org";
  readonly "@type": "NewsArticle";
  readonly headline: string;
  readonly description?: string;
  readonly datePublished: string;
  readonly dateModified: string;
  readonly inLanguage: string;
  readonly url?: string;
  readonly image?: readonly ImageData[];
  readonly dateline?: string;
  readonly author: readonly AgentData[];
  readonly publisher: AgentData;
  /** The issuer of a press release, statement or media advisory. */
  readonly sourceOrganization?: AgentData;
  /** A media advisory's event. */
  readonly about?: EventData;
}

/** What a page's sharing data is made from besides its view. */
export interface SharingSources {
  readonly article: Article;
  readonly content: Content;
  /** Where dist/ is published (ends in "/"); without it the tags that need an absolute URL are left out. */
  readonly baseUrl: string | undefined;
  /** The build's locale profiles: the page's, and its alternates' tags. */
  readonly profiles: LocaleProfiles;
}

/**
 * The longest description: Twitter's limit for `twitter:description` (200 characters); one
 * description serves every tag, so a card and a search result say the same.
 */
export const DESCRIPTION_MAX = 200;

/** The kinds an issuer publishes in its own name: the issuer is their `sourceOrganization`. */
const ISSUED_KINDS: ReadonlySet<ArticleKind> = new Set(["press-release", "statement", "media-advisory"]);

/** Every page's sharing tags and structured data, from its typeset view. */
export function sharingView(view: ArticleView, sources: SharingSources): SharingView {
  const { baseUrl } = sources;
  const pageUrl =
    baseUrl === undefined
      ? undefined
      : outputUrl(
          baseUrl,
          pagePath({ locale: view.locale, article: view.id, template: view.template, format: "html" }),
        );
  const page: PageFacts = {
    view,
    profile: sources.profiles.get(view.locale),
    profiles: sources.profiles,
    ...(pageUrl ? { url: pageUrl } : {}),
    title: plainText(view.headline),
    description: describe(view, sources.profiles.get(view.locale)),
    modified: latest([
      view.published.iso,
      ...(view.updated ? [view.updated.iso] : []),
      ...view.corrections.map((c) => c.iso),
    ]),
    issuer: {
      "@type": "Organization",
      name: plainText(view.outlet.name),
      ...(view.outlet.url ? { url: view.outlet.url } : {}),
    },
  };
  const image = pageUrl ? view.images[0] : undefined;
  return {
    openGraph: openGraphTags(page),
    twitter: [
      ["twitter:card", image ? "summary_large_image" : "summary"],
      ["twitter:title", page.title],
      ...(page.description ? [["twitter:description", page.description]] : []),
    ].map(([name, value]) => ({ name: name!, content: value! })),
    structuredData: newsArticle(page, sources),
  };
}

/** What every part of a page's sharing data starts from. */
interface PageFacts {
  readonly view: ArticleView;
  readonly profile: LocaleProfile;
  /** The page's absolute URL; none without `baseUrl`. */
  readonly url?: string;
  readonly title: string;
  readonly description: string;
  /** The latest of the publication, the update and the corrections, as written. */
  readonly modified: string;
  /** The article's outlet, who publishes (and issues) it. */
  readonly issuer: AgentData;
  readonly profiles: LocaleProfiles;
}

/** An image's absolute URL: its `src` is relative to the page. */
const absolute = (src: string, pageUrl: string) => new URL(src, pageUrl).href;

function openGraphTags(page: PageFacts): SharingView["openGraph"] {
  const { view, url } = page;
  const locale = openGraphLocale(page.profile.tag);
  const alternates = view.alternates
    .filter((a) => !a.current)
    .map((a) => openGraphLocale(page.profiles.get(a.locale).tag))
    .filter((l): l is string => l !== undefined && l !== locale);
  const image = url ? view.images[0] : undefined;
  return [
    ["og:type", "article"],
    ["og:title", page.title],
    ...(page.description ? [["og:description", page.description]] : []),
    ...(url ? [["og:url", url]] : []),
    ["og:site_name", page.issuer.name],
    ...(locale ? [["og:locale", locale]] : []),
    ...[...new Set(alternates)].map((l) => ["og:locale:alternate", l]),
    ...(image && url
      ? [
          ["og:image", absolute(image.src, url)],
          ...(image.alt ? [["og:image:alt", plainText(image.alt)]] : []),
          ["og:image:width", String(image.width)],
          ["og:image:height", String(image.height)],
        ]
      : []),
    ["article:published_time", view.published.iso],
    ["article:modified_time", page.modified],
  ].map(([property, value]) => ({ property: property!, content: value! }));
}

function newsArticle(page: PageFacts, sources: SharingSources): NewsArticleData {
  const { view, url, issuer } = page;
  const { facts } = sources.article;
  const event = facts.event;
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: page.title,
    ...(page.description ? { description: page.description } : {}),
    datePublished: view.published.iso,
    dateModified: page.modified,
    inLanguage: page.profile.tag,
    ...(url ? { url } : {}),
    ...(url && view.images.length
      ? {
          image: view.images.map((i) => ({
            "@type": "ImageObject" as const,
            url: absolute(i.src, url),
            width: i.width,
            height: i.height,
          })),
        }
      : {}),
    ...(view.dateline ? { dateline: plainText(view.dateline) } : {}),
    author: authors(page, sources),
    publisher: issuer,
    ...(ISSUED_KINDS.has(facts.kind) ? { sourceOrganization: issuer } : {}),
    ...(event && view.event
      ? {
          about: {
            "@type": "Event" as const,
            // The content model gives an event no name of its own: the advisory's headline announces it.
            name: page.title,
            startDate: event.start,
            ...(event.end ? { endDate: event.end } : {}),
            ...(view.event.where ? { location: { "@type": "Place" as const, name: plainText(view.event.where) } } : {}),
            organizer: issuer,
          },
        }
      : {}),
  };
}

/**
 * Who wrote the text: the reporting and writing credits; without them a statement's speaker;
 * otherwise the issuer. Each once, a Person or an Organization as the glossary has them.
 */
function authors(page: PageFacts, sources: SharingSources): AgentData[] {
  const { facts } = sources.article;
  const { glossary } = sources.content;
  const locale = page.view.locale;
  // A derived locale (kk-Latn) names people as its source does, written in its script later.
  const source = page.profile.derivedFrom ?? locale;
  const name = (entry: "people" | "organizations", id: string) =>
    plainText(typeset(glossary[entry][id]?.[locale]?.name ?? glossary[entry][id]?.[source]?.name ?? id, page.profile));
  const agent = (ref: { person?: string | undefined; organization?: string | undefined }): AgentData =>
    ref.person
      ? { "@type": "Person", name: name("people", ref.person) }
      : { "@type": "Organization", name: name("organizations", ref.organization ?? "") };
  const bylines = facts.credits.filter((c) => c.role === "reporting" || c.role === "writing").map(agent);
  const speaker = facts.speaker
    ? agent(glossary.people[facts.speaker] ? { person: facts.speaker } : { organization: facts.speaker })
    : undefined;
  const found = bylines.length ? bylines : speaker ? [speaker] : [page.issuer];
  return [...new Map(found.map((a) => [`${a["@type"]}\u0000${a.name}`, a])).values()];
}

/** Text as a card or a search result shows it (`plainCharacters`), on one line: line ends and runs of spaces become one space. */
export function plainText(text: string): string {
  return plainCharacters(text)
    .replace(/[ \t\n\r\f\v]+/g, " ")
    .trim();
}

/** Markdown parsed only to read its text: no raw HTML, the same inline syntax as the page's. */
const markdownText = commonMark({ html: false });

/**
 * The page's description: its standfirst, else the lede's first sentence (Intl.Segmenter's
 * sentence boundaries in the page's language), cut at a word to `DESCRIPTION_MAX` characters.
 */
function describe(view: ArticleView, profile: LocaleProfile): string {
  const source = view.standfirst ?? firstSentence(typeset(markdownToText(view.lede), profile), profile.tag);
  return shorten(plainText(source), DESCRIPTION_MAX);
}

/** The words of a Markdown paragraph without its markup (link text kept, link targets dropped). */
export function markdownToText(markdown: string): string {
  const children = markdownText.parseInline(markdown, {})[0]?.children ?? [];
  return children
    .map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : t.type.endsWith("break") ? " " : ""))
    .join("");
}

function firstSentence(text: string, tag: string): string {
  const [first] = new Intl.Segmenter(tag, { granularity: "sentence" }).segment(text);
  return first?.segment ?? text;
}

/** At most `max` characters, cut at a space with an ellipsis, never inside a word. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join("");
  const space = head.lastIndexOf(" ");
  const cut = (space > 0 ? head.slice(0, space) : head.slice(0, -1)).replace(/[\s,;:—–-]+$/u, "");
  return `${cut}…`;
}

/** The latest of ISO dates or date-times, as written. */
function latest(dates: readonly string[]): string {
  return dates.reduce((a, b) => (instantOf(b) > instantOf(a) ? b : a));
}

/**
 * Open Graph's `language_TERRITORY` for a BCP 47 tag: the region Intl's likely subtags give
 * it (`kk` → kk-Cyrl-KZ → kk_KZ, `ru` → ru_RU, `en` → en_US). A language without a likely
 * country (a region such as 001, "world") has no Open Graph locale: the tag is left out.
 * Every page names its own locale and each alternate's: worked out once per tag (13 ms of a
 * 40-article build's CPU profile when made for every page).
 */
export const openGraphLocale = memoizeFew((tag: string): string | undefined => {
  const locale = new Intl.Locale(tag).maximize();
  return locale.region && /^[A-Z]{2}$/.test(locale.region) ? `${locale.language}_${locale.region}` : undefined;
});
