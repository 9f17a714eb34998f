import { plainCharacters } from "../typography/plainCharacters.js";
import { join } from "node:path";
import { NEWSLETTER_TEMPLATE, projectFiles, type ResolvedConfig } from "../config.js";
import { DiagnosticList, pointerOf, uniqueDiagnostics, type Diagnostic } from "../core/diagnostic.js";
import { UsageError } from "../core/errors.js";
import { contentLocale, type Locale } from "../locale/index.js";
import { derivedScripts } from "../model/derivedView.js";
import { newsletterPath } from "../core/paths.js";
import type { Output } from "../emit/output.js";
import type { ToolCache } from "../emit/toolCache.js";
import type { Catalog } from "../i18n/catalog.js";
import { createTranslator } from "../i18n/translator.js";
import { underEmbargo } from "../model/embargo.js";
import { loadArticle, loadProject } from "../load/loadProject.js";
import type { TemplateSet } from "../render/templates.js";
import { validateProject, type SharedData } from "../validate/validateProject.js";
import { figureUnits } from "../quantity/units.js";
import type { LoadedArticle } from "../build/articleLoans.js";
import { listNewsletters, loadNewsletter, type Newsletter } from "./loadNewsletter.js";
import { modelNewsletter, TO_PLACEHOLDER } from "./modelNewsletter.js";
import { plainText, renderNewsletter } from "./renderNewsletter.js";

/** One composed message, with what a dry run shows and what sending needs. */
export interface NewsletterMessage {
  readonly issue: string;
  readonly locale: Locale;
  /** Of the .eml in the output folder. */
  readonly path: string;
  /** The sender's address: the envelope's, and the From header's with the sender's name. */
  readonly from: string;
  /** The name the From header gives, in the message's locale (the outlet's). */
  readonly senderName: string;
  /** The list address, or none (the message's To is then the placeholder). */
  readonly listAddress: string | undefined;
  readonly subject: string;
  readonly messageId: string;
  readonly eml: Buffer;
}

export interface NewsletterOptions {
  readonly config: ResolvedConfig;
  readonly catalog: Catalog;
  readonly templates: TemplateSet;
  /** Where problems go; the stories' own problems only when no article build reports them. */
  readonly diagnostics: DiagnosticList;
  /** Only these issue ids (default: every file in data/newsletters/). */
  readonly issues?: readonly string[];
  /**
   * Whether the article build running alongside reports this article's own diagnostics (`build`
   * does for the articles it selects); if not, its errors are reported here, once.
   */
  readonly reported?: (article: string) => boolean;
  /** The glossary and outlets as the build's set-up keeps them (`BuildSetUp.sharedData`), into the list given. */
  readonly sharedData: (diagnostics: DiagnosticList) => SharedData;
  /** Each story as loaded and validated here, for an article build that follows in this thread (`ArticleLoans`). */
  readonly lend?: (id: string, loaded: LoadedArticle) => void;
  /** Where clean YAML parses are kept between runs (`readYaml`). */
  readonly toolCache?: ToolCache | undefined;
}

export interface NewsletterBuild {
  /** Per issue, per locale: .html, .txt, .eml, in that order. */
  readonly outputs: readonly Output[];
  readonly messages: readonly NewsletterMessage[];
  /** Each issue × locale left out, with the errors that keep it out (the preview lists them). */
  readonly notBuilt: readonly IssueNotBuilt[];
}

/** An issue's email in one locale that was not built, and why. */
export interface IssueNotBuilt {
  readonly issue: string;
  readonly locale: Locale;
  /** The errors that keep it out: the issue's own, or those of a story it names. */
  readonly reasons: readonly Diagnostic[];
}

/**
 * Every issue under data/newsletters/ (or those named), in every locale built: email HTML,
 * plain text and .eml, in memory. Problems go to `diagnostics`; an issue-wide error (an unknown
 * article) keeps the whole issue out, a locale's error (a missing subject) keeps that locale's
 * three files out. The stories' own problems are reported by the article build: here an
 * article that cannot be built in a locale only keeps the issue's email in that locale out.
 */
export async function buildNewsletters(options: NewsletterOptions): Promise<NewsletterBuild> {
  const { config, catalog, templates, diagnostics, issues, reported = () => false, toolCache } = options;
  const available = listNewsletters(config.root);
  for (const id of issues ?? []) {
    if (!available.includes(id))
      throw new UsageError(
        `No newsletter issue "${id}": data/newsletters/ has ${available.length ? available.join(", ") : "none"}`,
      );
  }
  const ids = issues ? available.filter((id) => issues.includes(id)) : available;
  if (ids.length === 0) return { outputs: [], messages: [], notBuilt: [] };
  const notBuilt: IssueNotBuilt[] = [];
  const errorsSince = (mark: number) => diagnostics.items.slice(mark).filter((d) => d.severity === "error");
  if (!templates.names.includes(NEWSLETTER_TEMPLATE)) {
    // A template that exists but does not compile has its own template/syntax error.
    if (templates.files[NEWSLETTER_TEMPLATE]) return { outputs: [], messages: [], notBuilt: [] };
    const mark = diagnostics.items.length;
    diagnostics.error({
      code: "template/missing",
      message: `No template \`${NEWSLETTER_TEMPLATE}.hbs\``,
      file: `templates/${NEWSLETTER_TEMPLATE}.hbs`,
      hint: `data/newsletters/ has issues to build; templates found: ${templates.names.join(", ")}`,
    });
    const reasons = errorsSince(mark);
    return {
      outputs: [],
      messages: [],
      notBuilt: ids.flatMap((issue) => config.locales.map((locale) => ({ issue, locale, reasons }))),
    };
  }

  // The stories: loaded and validated again, quietly (the article build reports their problems).
  const quiet = diagnostics.fork();
  const files = projectFiles(config);
  const data = options.sharedData(quiet);
  const shared = loadProject(files, config.locales, quiet, { load: () => false, shared: data.parsed });
  // Unread outlets (an error reported at data/outlets.yaml): no issue can name a known one.
  const outletIds = shared.outlets
    ? Object.keys((shared.outlets.data as Record<string, unknown> | null) ?? {})
    : undefined;
  const { locales } = config;
  const known = { outlets: outletIds };
  // Each issue's own errors, kept to say why an issue (or one locale of it) is not built.
  const loadErrors = new Map<string, readonly Diagnostic[]>();
  const newsletters = ids.flatMap((id) => {
    const mark = diagnostics.items.length;
    // A derived locale's email (kk-Latn) is made from its source's texts: it has no block of its own.
    const own = locales.filter((l) => contentLocale(l) === l);
    const newsletter = loadNewsletter({ files, id, locales: own, baseUrl: config.baseUrl }, known, diagnostics);
    loadErrors.set(id, errorsSince(mark));
    if (!newsletter)
      notBuilt.push(...locales.map((locale) => ({ issue: id, locale, reasons: loadErrors.get(id) ?? [] })));
    return newsletter ?? [];
  });
  const articleIds = [...new Set(newsletters.flatMap((n) => n.issue.articles))];
  const articleDir = (id: string) => join(config.dataDir, "articles", id);
  // Each story loaded and validated on its own (to lend it), its diagnostics in the order one
  // pass over all of them gives: every story's loading, then every story's validation.
  const units = figureUnits(catalog);
  const loaded = articleIds.map((id): LoadedArticle => {
    const loading = quiet.fork();
    const parsed = loadArticle({ files, dir: articleDir(id), id, locales, toolCache }, loading);
    const checking = quiet.fork();
    const options = { locales: config.locales, source: config.profiles.source, units };
    const [article] = validateProject({ ...shared, articles: [parsed] }, options, checking, data.content).articles;
    return { parsed, loading: loading.items, article, checking: checking.items };
  });
  for (const story of loaded) quiet.absorb(story.loading);
  for (const story of loaded) quiet.absorb(story.checking);
  for (const story of loaded) options.lend?.(story.parsed.id, story);
  const content = {
    ...data.content,
    articles: loaded.flatMap((story) => (story.article ? [story.article] : [])),
  };
  const scripts = derivedScripts(config.locales, content);

  // An article's errors block its stories; reported once, unless the article build does.
  const forward = (id: string) => {
    if (reported(id)) return;
    diagnostics.absorbUnique(
      quiet.items.filter((d) => d.severity === "error" && (d.article === undefined || d.article === id)),
    );
  };

  const outputs: Output[] = [];
  const messages: NewsletterMessage[] = [];
  for (const newsletter of newsletters) {
    reportEmbargoed(newsletter, { articles: content.articles, now: config.now, diagnostics });
    for (const locale of config.selectedLocales) {
      const from = contentLocale(locale);
      const script = scripts.get(locale);
      const text = newsletter.texts[from];
      const skip = (reasons: readonly Diagnostic[]) => notBuilt.push({ issue: newsletter.id, locale, reasons });
      if (!text) {
        const own = loadErrors.get(newsletter.id) ?? [];
        skip(own.filter((d) => d.locale === undefined || d.locale === from));
        continue;
      }
      const mark = diagnostics.items.length;
      if (!storiesReady(newsletter, from, { articles: content.articles, quiet, diagnostics, forward })) {
        skip(uniqueDiagnostics([...errorsSince(mark), ...storyErrors(newsletter, from, quiet)]));
        continue;
      }
      const local = diagnostics.fork();
      // One email, one date style: its sender's (every story's dates in it follow).
      const englishDates = content.outlets[newsletter.issue.outlet]?.englishDates;
      const tr = createTranslator(catalog, from, local, {
        file: newsletter.file,
        ...(englishDates ? { englishDates } : {}),
        ...(from !== locale ? { strings: locale } : {}),
      });
      const built = content.articles.filter((a) => newsletter.issue.articles.includes(a.id));
      const view = modelNewsletter({
        newsletter,
        text,
        content,
        tr,
        builtLocales: config.locales.filter((l) => built.every((a) => a.texts[contentLocale(l)])),
        now: config.now,
        locale,
      });
      const made = renderNewsletter(view, { templates, tr, diagnostics: local, issueFile: newsletter.file });
      diagnostics.absorb(local);
      if (made === undefined || local.errorCount > 0) {
        skip(local.items.filter((d) => d.severity === "error"));
        continue;
      }
      // check writes no output: the text part and the message (MIME, Message-ID) report nothing.
      if (config.checkOnly) continue;
      // A derived locale's email is written in its script at the end: subject, HTML and text part.
      const textPart = plainText(made);
      const rendered = script
        ? { html: script.page(made), text: script.text(textPart) }
        : { html: made, text: textPart };
      const [subject, sender] = script
        ? [script.text(view.subject), script.text(view.sender)]
        : [view.subject, view.sender];
      // The message's headers in plain characters, as its text part: an inbox shows a subject on
      // one line, where a no-break hyphen keeps nothing together, and a search for «100-ден»
      // typed with a hyphen would not find «100‑ден» (the pages and the manifest keep it).
      const headers = { subject: plainCharacters(subject), sender: plainCharacters(sender) };
      // Loaded here: check composes no message, and nodemailer's modules are some 8 ms of its start.
      const { composeEml } = await import("./composeEml.js");
      const { eml, messageId } = await composeEml({
        issue: newsletter.issue,
        locale,
        senderName: headers.sender,
        subject: headers.subject,
        html: rendered.html,
        text: rendered.text,
      });
      const base = { template: NEWSLETTER_TEMPLATE, locale, title: subject } as const;
      const emlPath = newsletterPath(newsletter.id, locale, "eml");
      outputs.push(
        {
          ...base,
          path: newsletterPath(newsletter.id, locale, "html"),
          format: "email-html",
          contents: Buffer.from(rendered.html),
        },
        {
          ...base,
          path: newsletterPath(newsletter.id, locale, "txt"),
          format: "text",
          contents: Buffer.from(rendered.text),
        },
        { ...base, path: emlPath, format: "eml", contents: eml },
      );
      messages.push({
        issue: newsletter.id,
        locale,
        path: emlPath,
        from: newsletter.issue.from,
        senderName: headers.sender,
        listAddress: newsletter.issue.list.address,
        subject: headers.subject,
        messageId,
        eml,
      });
    }
  }
  return { outputs, messages, notBuilt };
}

/** The errors of the issue's stories (and the project-wide ones) that concern this locale. */
function storyErrors(newsletter: Newsletter, locale: Locale, quiet: DiagnosticList): Diagnostic[] {
  return quiet.items.filter(
    (d) =>
      d.severity === "error" &&
      (d.article === undefined || newsletter.issue.articles.includes(d.article)) &&
      (d.locale === undefined || d.locale === locale),
  );
}

/**
 * Every story of the issue can be shown in this locale. A story with errors: those errors say
 * why (forwarded unless already reported). A story without this locale's text is only a warning
 * for the article, so here it is an error of its own, at the story's line in the issue.
 */
function storiesReady(
  newsletter: Newsletter,
  locale: Locale,
  {
    articles,
    quiet,
    diagnostics,
    forward,
  }: {
    articles: readonly { id: string; texts: Partial<Record<Locale, unknown>> }[];
    /** The stories' own diagnostics. */
    quiet: DiagnosticList;
    diagnostics: DiagnosticList;
    /** Reports a story's errors once, unless the article build does. */
    forward: (article: string) => void;
  },
): boolean {
  let ready = true;
  newsletter.issue.articles.forEach((id, i) => {
    if (quiet.blocks(id, locale)) {
      ready = false;
      forward(id);
      return;
    }
    if (articles.find((a) => a.id === id)?.texts[locale]) return;
    ready = false;
    const path = ["articles", i];
    diagnostics.error({
      code: "newsletter/article-not-built",
      message: `The article \`${id}\` has no ${locale} text: the ${locale} email is not built`,
      hint: `Add data/articles/${id}/${locale}.md, or leave the story out of this issue.`,
      file: newsletter.file,
      pointer: pointerOf(path),
      ...newsletter.yaml.locate(path),
      locale,
    });
  });
  return ready;
}

export { TO_PLACEHOLDER };

/** A story still under embargo is left out of the issue's emails, with a warning at its line. */
function reportEmbargoed(
  newsletter: Newsletter,
  {
    articles,
    now,
    diagnostics,
  }: {
    articles: readonly { id: string; facts: { embargo?: string | undefined } }[];
    now: number;
    diagnostics: DiagnosticList;
  },
): void {
  newsletter.issue.articles.forEach((id, i) => {
    const embargo = articles.find((a) => a.id === id)?.facts.embargo;
    if (!underEmbargo(embargo, now)) return;
    const path = ["articles", i];
    diagnostics.warn({
      code: "newsletter/story-embargoed",
      message: `The article \`${id}\` is under embargo until ${embargo}: it is left out of this issue`,
      hint: "Send the issue after the embargo, or build with --now set to a time after it.",
      file: newsletter.file,
      pointer: pointerOf(path),
      ...newsletter.yaml.locate(path),
    });
  });
}
