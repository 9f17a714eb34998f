/**
 * The kinds of document tilpress makes and what each needs: one table for the page templates
 * and one for the kinds of article (`kind:` in article.yaml). A project may add templates of
 * its own (`--template`); they are not listed here and get the defaults below.
 */

/** What an article page template needs besides the article's view. */
export interface PageTemplateKind {
  /** The catalog key of the kind its masthead shows (`documentKind`), unless the article's kind names its own. */
  readonly kindKey: string;
  /** The partial in templates/partials/ that heads it: outlet, kind and language links. */
  readonly masthead: string;
}

/** The page templates tilpress ships, in the order they are built. */
export const PAGE_TEMPLATES = {
  briefing: { kindKey: "document.briefing", masthead: "masthead" },
  "press-release": { kindKey: "document.pressRelease", masthead: "masthead" },
  "media-advisory": { kindKey: "document.mediaAdvisory", masthead: "masthead" },
} as const satisfies Readonly<Record<string, PageTemplateKind>>;

export type PageTemplate = keyof typeof PAGE_TEMPLATES;

/** How an article of one kind heads one of its pages. */
export interface KindPage {
  /** The catalog key of the name its masthead shows ("Statement" on the release layout). */
  readonly kindKey: string;
  /** The catalog key of the line above the headline ("For immediate release"); none when absent. An embargo replaces it. */
  readonly releaseLine?: string;
  /** The catalog key of a link's text that opens this page ("Read the press release": the newsletter's button). */
  readonly readKey: string;
}

/** What an article of one kind is published as. */
export interface ArticleKindEntry {
  /** The catalog key of the heading its section has in a press room ("Press releases"). */
  readonly heading: string;
  /** The page templates it is built in (of those configured, in the configured order), and how each is headed. */
  readonly pages: Readonly<Partial<Record<PageTemplate, KindPage>>>;
  /** The page the newsletter links a story of this kind to. */
  readonly newsletterPage: PageTemplate;
  /** Whether article.yaml gives an `event:` (date, time, place, accreditation): required, or refused. */
  readonly event: "required" | "refused";
  /** Whether article.yaml may name a `speaker:` who signs the text (a statement's), or not. */
  readonly speaker: "allowed" | "refused";
}

/**
 * The one table of article kinds (docs/content-model.md, "Kinds"). News and features are
 * briefings; a press release and a statement share the release layout (a statement is not
 * "for immediate release": it is the issuer's position, published as soon as it is made, and
 * may be signed by the person or body that makes it, `speaker:`); a
 * media advisory invites the press to an event and is for planning, not for publication.
 */
export const ARTICLE_KINDS = {
  news: {
    heading: "site.kinds.news",
    pages: { briefing: { kindKey: "document.briefing", readKey: "read.briefing" } },
    newsletterPage: "briefing",
    event: "refused",
    speaker: "refused",
  },
  feature: {
    heading: "site.kinds.features",
    // A feature is printed on the briefing layout but is not a briefing (an event): "Feature",
    // «Статья», «Мақала».
    pages: { briefing: { kindKey: "document.feature", readKey: "read.feature" } },
    newsletterPage: "briefing",
    event: "refused",
    speaker: "refused",
  },
  "press-release": {
    heading: "site.kinds.pressReleases",
    pages: {
      "press-release": { kindKey: "document.pressRelease", releaseLine: "release.line", readKey: "read.pressRelease" },
    },
    newsletterPage: "press-release",
    event: "refused",
    speaker: "refused",
  },
  statement: {
    heading: "site.kinds.statements",
    pages: { "press-release": { kindKey: "document.statement", readKey: "read.statement" } },
    newsletterPage: "press-release",
    event: "refused",
    speaker: "allowed",
  },
  "media-advisory": {
    heading: "site.kinds.mediaAdvisories",
    pages: {
      "media-advisory": {
        kindKey: "document.mediaAdvisory",
        releaseLine: "advisory.planning",
        readKey: "read.mediaAdvisory",
      },
    },
    newsletterPage: "media-advisory",
    event: "required",
    speaker: "refused",
  },
} as const satisfies Readonly<Record<string, ArticleKindEntry>>;

export type ArticleKind = keyof typeof ARTICLE_KINDS;

/** Whether a string (a manifest entry's `kind`) is one of the article kinds. */
export function isArticleKind(kind: unknown): kind is ArticleKind {
  return typeof kind === "string" && Object.hasOwn(ARTICLE_KINDS, kind);
}

/** Every kind `kind:` accepts, in the table's order (the schema's enum). */
export const ARTICLE_KIND_IDS = Object.keys(ARTICLE_KINDS) as [ArticleKind, ...ArticleKind[]];

const EVERY_PAGE = Object.keys(PAGE_TEMPLATES) as readonly PageTemplate[];

/** The page templates built when none are asked for, in this order; each article gets those of its kind. */
export const DEFAULT_TEMPLATES: readonly PageTemplate[] = EVERY_PAGE;

function isPageTemplate(template: string): template is PageTemplate {
  return Object.hasOwn(PAGE_TEMPLATES, template);
}

function kindPage(template: string, kind: ArticleKind | undefined): KindPage | undefined {
  if (kind === undefined || !isPageTemplate(template)) return undefined;
  const pages: Partial<Record<PageTemplate, KindPage>> = ARTICLE_KINDS[kind].pages;
  return pages[template];
}

/**
 * The catalog key of the name a page's masthead shows: the article kind's own (a statement's
 * release page is a "Statement"), else the template's; a project's own template `x` uses `document.x`.
 */
export function documentKindKey(template: string, kind?: ArticleKind): string {
  const own = kindPage(template, kind);
  if (own) return own.kindKey;
  return isPageTemplate(template) ? PAGE_TEMPLATES[template].kindKey : `document.${template}`;
}

/** The catalog key of the line above a page's headline, if the article's kind gives that page one. */
export function releaseLineKey(template: string, kind: ArticleKind): string | undefined {
  return kindPage(template, kind)?.releaseLine;
}

/**
 * The configured templates an article of this kind is built in, in the configured order. A
 * project's own templates are built for every kind.
 */
export function templatesForArticle(kind: ArticleKind, configured: readonly string[]): string[] {
  return configured.filter((t) => !isPageTemplate(t) || kindPage(t, kind) !== undefined);
}

/**
 * The catalog key of a link's text that opens a page ("Read the statement"): the article kind's
 * own, else the template's kind (`read.briefing` …); a project's own template `x` uses `read.x`.
 */
export function readKey(template: string, kind?: ArticleKind): string {
  const own = kindPage(template, kind);
  if (own) return own.readKey;
  const key = isPageTemplate(template) ? PAGE_TEMPLATES[template].kindKey : `document.${template}`;
  return key.replace(/^document\./, "read.");
}

/** The page template the newsletter links a story of this kind to. */
export function newsletterPage(kind: ArticleKind): PageTemplate {
  return ARTICLE_KINDS[kind].newsletterPage;
}

/** The catalog key of a press room's heading for this kind's section. */
export function headingKey(kind: ArticleKind): string {
  return ARTICLE_KINDS[kind].heading;
}

/** Whether an article of this kind gives an `event:`. */
export function eventRule(kind: ArticleKind): ArticleKindEntry["event"] {
  return ARTICLE_KINDS[kind].event;
}

/** Whether an article of this kind may name a `speaker:`. */
export function speakerRule(kind: ArticleKind): ArticleKindEntry["speaker"] {
  return ARTICLE_KINDS[kind].speaker;
}
