import type { Locale, LocaleProfile } from "../locale/index.js";
import { newsletterPath, outputUrl, pagePath } from "../core/paths.js";
import { formatPublishedDate } from "../i18n/format.js";
import type { Translator } from "../i18n/translator.js";
import { modelArticle } from "../model/articleModel.js";
import { underEmbargo } from "../model/embargo.js";
import { documentKindKey, newsletterPage, readKey } from "../model/kinds.js";
import type { TimeView } from "../model/view.js";
import { markdownFor } from "../render/helpers/context.js";
import { SOFT_HYPHEN } from "../typography/hyphenate.js";
import { typeset } from "../typography/rules.js";
import { typesetView } from "../typography/typesetView.js";
import type { Content } from "../validate/content.js";
import type { NewsletterText } from "../validate/schema.js";
import type { Newsletter } from "./loadNewsletter.js";

/** When the issue names no list address: an empty group, the usual placeholder for "the list". */
export const TO_PLACEHOLDER = "undisclosed-recipients:;";

/** One story of an issue, in the email's locale. */
export interface StoryView {
  readonly id: string;
  readonly headline: string;
  readonly dateline: string;
  readonly published: TimeView;
  /** The standfirst, or else the lede as plain text. */
  readonly summary: string;
  /** Absolute https links to the page a story links to (`newsletterPage`: the briefing) and its PDF. */
  /** The button's text, by the linked page's kind ("Read the press release"). */
  readonly readLabel: string;
  readonly briefingUrl: string;
  readonly pdfUrl: string;
  /** A media advisory's When and Where, what a planning desk reads the email for. */
  readonly event?: { readonly when: TimeView; readonly where: string };
}

/** What templates/newsletter.hbs sees: plain data, localized and typeset. */
export interface NewsletterView {
  readonly locale: Locale;
  readonly dir: "ltr";
  readonly issue: string;
  readonly subject: string;
  readonly preheader: string;
  readonly intro: string;
  readonly date: TimeView;
  /** The outlet's name in this locale: shown in the footer and as the sender's name. */
  readonly sender: string;
  readonly stories: readonly StoryView[];
  /** This email as a page in the published dist/ (newsletter/<issue>/<locale>.html). */
  readonly browserUrl: string;
  readonly unsubscribeUrl: string;
}

export interface NewsletterModelInput {
  readonly newsletter: Newsletter;
  /** The issue's own texts in the translator's locale. */
  readonly text: NewsletterText;
  readonly content: Content;
  readonly tr: Translator;
  /** The locales every story is built in, for the article model's language links. */
  readonly builtLocales: readonly Locale[];
  /** The build's clock (ms): a story still under embargo is left out. */
  readonly now: number;
  /**
   * The email's locale, when it is not the translator's: a derived locale (kk-Latn), whose
   * email is modelled from its source locale's texts; its links go to its own pages.
   */
  readonly locale?: Locale;
}

/** The issue in one locale: its own texts, and each story's headline and summary from the article. */
export function modelNewsletter(input: NewsletterModelInput): NewsletterView {
  const { newsletter, text, content, tr, builtLocales, now } = input;
  const { locale } = tr;
  const email = input.locale ?? locale;
  const { issue } = newsletter;
  const { profile } = tr;
  const ts = (s: string) => typeset(s, profile);
  const stories = issue.articles.flatMap((id): StoryView[] => {
    const article = content.articles.find((a) => a.id === id);
    const articleText = article?.texts[locale];
    if (!article || !articleText || underEmbargo(article.facts.embargo, now)) return [];
    const template = newsletterPage(article.facts.kind);
    const view = typesetView(
      modelArticle(
        { content, article, text: articleText, tr },
        {
          template,
          documentKindKey: documentKindKey(template, article.facts.kind),
          builtLocales,
          now,
          baseUrl: newsletter.baseUrl,
          source: tr.profiles.source,
        },
      ),
      profile,
    );
    return [
      {
        id,
        headline: view.headline,
        dateline: view.dateline,
        published: view.published,
        summary: view.standfirst ?? plainInline(profile, view.lede),
        readLabel: ts(tr.t(readKey(template, article.facts.kind))),
        briefingUrl: outputUrl(newsletter.baseUrl, pagePath({ locale: email, article: id, template, format: "html" })),
        pdfUrl: outputUrl(newsletter.baseUrl, pagePath({ locale: email, article: id, template, format: "pdf" })),
        ...(view.event ? { event: { when: view.event.when, where: view.event.where } } : {}),
      },
    ];
  });
  const outlet = content.outlets[issue.outlet]?.[locale];
  return {
    locale: email,
    dir: "ltr",
    issue: issue.id,
    subject: ts(text.subject),
    preheader: ts(text.preheader),
    intro: ts(text.intro),
    date: { iso: issue.date, text: ts(formatPublishedDate(tr.dateLocale, issue.date)) },
    sender: ts(outlet?.name ?? issue.outlet),
    stories,
    browserUrl: outputUrl(newsletter.baseUrl, newsletterPath(issue.id, email, "html")),
    unsubscribeUrl: issue.list.unsubscribe.url,
  };
}

/**
 * A paragraph of Markdown as the plain text a reader sees (typographer applied, emphasis and
 * links reduced to their words): an email summary links only to the briefing, never to
 * whatever the lede links to.
 */
export function plainInline(profile: LocaleProfile, source: string): string {
  const tokens = markdownFor(profile).parseInline(source, {})[0]?.children ?? [];
  let out = "";
  for (const token of tokens) {
    if (token.type === "text" || token.type === "code_inline") out += token.content;
    else if (token.type === "softbreak" || token.type === "hardbreak") out += " ";
  }
  // Soft hyphens (Kazakh bodies carry them for browsers) have no place in an email's text.
  return out.replaceAll(SOFT_HYPHEN, "").trim();
}
