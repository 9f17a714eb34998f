import type { ArticleFacts } from "../validate/schema.js";

/**
 * The kinds of document tilpress makes and what each needs: one table for the page templates
 * and one for the kinds of article (`kind:` in article.yaml). A project may add templates of
 * its own (`--template`); they are not listed here and get the defaults below.
 */

/** What an article page template needs besides the article's view. */
export interface PageTemplateKind {
  /** The catalog key of the kind its masthead shows (`documentKind`). */
  readonly kindKey: string;
  /** The partial in templates/partials/ that heads it: outlet, kind and language links. */
  readonly masthead: string;
}

/** The page templates tilpress ships, in the order they are built. */
export const PAGE_TEMPLATES = {
  briefing: { kindKey: "document.briefing", masthead: "masthead" },
  "press-release": { kindKey: "document.pressRelease", masthead: "masthead" },
} as const satisfies Readonly<Record<string, PageTemplateKind>>;

export type PageTemplate = keyof typeof PAGE_TEMPLATES;

export type ArticleKind = ArticleFacts["kind"];

/** What an article of one kind is published as. */
export interface ArticleKindEntry {
  /** The page templates it is built in (of those configured, in the configured order). */
  readonly templates: readonly PageTemplate[];
  /** The page the newsletter links a story of this kind to. */
  readonly newsletterPage: PageTemplate;
}

const EVERY_PAGE = Object.keys(PAGE_TEMPLATES) as readonly PageTemplate[];

export const ARTICLE_KINDS: Readonly<Record<ArticleKind, ArticleKindEntry>> = {
  news: { templates: EVERY_PAGE, newsletterPage: "briefing" },
  statement: { templates: EVERY_PAGE, newsletterPage: "briefing" },
  feature: { templates: EVERY_PAGE, newsletterPage: "briefing" },
};

/** The page templates built for every article when none are asked for, in this order. */
export const DEFAULT_TEMPLATES: readonly PageTemplate[] = EVERY_PAGE;

function isPageTemplate(template: string): template is PageTemplate {
  return Object.hasOwn(PAGE_TEMPLATES, template);
}

/** The catalog key of a template's kind; a project's own template `x` uses `document.x`. */
export function documentKindKey(template: string): string {
  return isPageTemplate(template) ? PAGE_TEMPLATES[template].kindKey : `document.${template}`;
}

/**
 * The configured templates an article of this kind is built in, in the configured order. A
 * project's own templates are built for every kind.
 */
export function templatesForArticle(kind: ArticleKind, configured: readonly string[]): string[] {
  const own = ARTICLE_KINDS[kind].templates;
  return configured.filter((t) => !isPageTemplate(t) || own.includes(t));
}

/** The page template the newsletter links a story of this kind to. */
export function newsletterPage(kind: ArticleKind): PageTemplate {
  return ARTICLE_KINDS[kind].newsletterPage;
}
