import { sha256 } from "../core/hash.js";
import type { DiagnosticList } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import { derivedView, sharingInScript } from "../model/derivedView.js";
import type { Output } from "../emit/output.js";
import { instantOf } from "../i18n/format.js";
import type { Translator } from "../i18n/translator.js";
import { pagePath, siteHref } from "../core/paths.js";
import { pdfLinkText } from "../site/fileSize.js";
import { modelArticle, viewForTemplate } from "../model/articleModel.js";
import { documentKindKey, releaseLineKey, templatesForArticle } from "../model/kinds.js";
import { sharingView } from "../model/sharing.js";
import { typesetView } from "../typography/typesetView.js";
import type { ArticleView } from "../model/view.js";
import { buildPdf } from "../pdf/buildPdf.js";
import type { Article, ArticleText } from "../validate/content.js";
import { textSourcesOf, type BuildContext } from "./context.js";

/** One article in one locale: what each of its pages shares. */
export interface PageUnit {
  readonly ctx: BuildContext;
  readonly article: Article;
  readonly text: ArticleText;
  /** The page's locale; for a derived one (kk-Latn) `text` and `tr` are its source locale's. */
  readonly locale: Locale;
  readonly tr: Translator;
  /** The locale's own list: its errors keep only this locale out. */
  readonly diagnostics: DiagnosticList;
  /** Locales this article is built in, for the language links. */
  readonly builtLocales: readonly Locale[];
  /** Hash of every input the locale's pages depend on (recorded in the manifest). */
  readonly inputs: string;
  /** The article's images as pdfkit takes them, by image id, prepared on first use. */
  readonly pdfImages: () => ReadonlyMap<string, Buffer>;
}

/** A page rendered to HTML, from which its PDF is laid out. */
export interface RenderedPage {
  readonly unit: PageUnit;
  readonly template: string;
  readonly view: ArticleView;
  readonly html: string;
}

/** The PDF of a page, laid out from its HTML; undefined when it cannot be made (the reason is a diagnostic). */
function makePdf({ unit, template, view, html }: RenderedPage): Buffer | undefined {
  const { ctx } = unit;
  const script = ctx.scripts.get(unit.locale);
  return buildPdf({
    config: ctx.config,
    html,
    view,
    translator: unit.tr,
    ...(script ? { inScript: (text: string) => script.text(text) } : {}),
    diagnostics: unit.diagnostics,
    templateFile: ctx.templates.files[template] ?? template,
    images: imagesBySrc(view, unit.pdfImages()),
    textSources: textSourcesOf(ctx, unit.text, unit.locale),
    engine: ctx.setUp.pdf,
    layoutLog: ctx.layoutLog,
  });
}

/** The page's images for the PDF, by the `src` its HTML gives them. */
function imagesBySrc(view: ArticleView, byId: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
  return new Map(
    view.images.flatMap((image) => {
      const data = byId.get(image.id);
      return data ? [[image.src, data] as const] : [];
    }),
  );
}

/**
 * Every page of one article in one locale, template by template: the article is modelled once
 * per locale, and each template gets its own document kind and language links.
 */
export function buildPages(unit: PageUnit): Output[] {
  let first: ArticleView | undefined;
  const { kind } = unit.article.facts;
  const templates = templatesForArticle(kind, unit.ctx.config.templates);
  const inLocale = { content: unit.ctx.content, article: unit.article, text: unit.text, tr: unit.tr };
  return templates.flatMap((template) => {
    const options = {
      template,
      documentKindKey: documentKindKey(template, kind),
      releaseLineKey: releaseLineKey(template, kind),
      builtLocales: unit.builtLocales,
      now: unit.ctx.config.now,
      baseUrl: unit.ctx.config.baseUrl,
      source: unit.ctx.config.profiles.source,
    };
    // Modelled once per locale; each template's view is typeset once, as a whole, in the
    // translator's locale (a derived locale's source: kk's soft hyphens survive transliteration).
    const model = first ? viewForTemplate(first, unit.tr, options) : (first = modelArticle(inLocale, options));
    const typeset = typesetView(model, unit.tr.profile);
    const script = unit.ctx.scripts.get(unit.locale);
    const view = script ? derivedView(typeset, script, options) : typeset;
    const sharing = sharingView(view, {
      article: unit.article,
      content: unit.ctx.content,
      baseUrl: unit.ctx.config.baseUrl,
      profiles: unit.ctx.config.profiles,
    });
    // Glossary names in the tags are the source locale's: a derived page writes them in its script.
    return buildPage(unit, template, { ...view, sharing: script ? sharingInScript(sharing, script) : sharing });
  });
}

/**
 * The one unit of work: one article × locale × template (its typeset view), rendered and
 * written in each format asked for. The PDF is laid out from the page's HTML without the link
 * to the PDF (a file cannot hold its own size); the HTML written is rendered again with that
 * link and the PDF's size, so both depend only on the page's inputs. A build that makes no PDF
 * (`--format html`, the preview) lays none out (a PDF layout would cost the time and report the
 * PDF's own problems, such as a missing glyph, on an HTML build): its page links to the PDF the
 * output folder holds when that PDF was made from the page's inputs now (`keptPdfs`), the PDF a
 * full build would make, and else has no PDF link. `check` writes nothing, so it renders once.
 */
export function buildPage(unit: PageUnit, template: string, view: ArticleView): Output[] {
  const { ctx, article, locale, tr, diagnostics } = unit;
  const { formats, checkOnly } = ctx.config;
  // A derived locale's page is written in its script at the end, catalog strings and Markdown included.
  const script = ctx.scripts.get(locale);
  const render = (v: ArticleView) => {
    const rendered = ctx.templates.render(template, { view: v, tr, diagnostics, article: article.id });
    return rendered === undefined || !script ? rendered : script.page(rendered);
  };
  const here = pagePath({ locale, article: article.id, template, format: "html" });
  const pdfPath = pagePath({ locale, article: article.id, template, format: "pdf" });
  const withPdfLink = (bytes: number) =>
    render({ ...view, pdf: { href: siteHref(here, pdfPath, ctx.config.baseUrl), label: pdfLinkText(tr, bytes) } });
  // An HTML-only build with the page's PDF in the folder renders once, with the link: no PDF to lay out.
  const kept = keptPdfBytes(unit, template, pdfPath);
  let html: string | undefined;
  let pdf: Buffer | undefined;
  if (kept !== undefined) html = withPdfLink(kept);
  else {
    const draft = render(view);
    if (draft === undefined) return [];
    pdf = formats.includes("pdf") ? makePdf({ unit, template, view, html: draft }) : undefined;
    html = pdf && !checkOnly && formats.includes("html") ? withPdfLink(pdf.byteLength) : draft;
  }
  if (html === undefined) return [];
  const facts = {
    published: view.published.iso,
    ...latestRevision(view),
    kind: article.facts.kind,
    ...(view.standfirst ? { standfirst: view.standfirst } : {}),
    ...(view.embargo ? { embargo: view.embargo.iso } : {}),
  };
  const made: Partial<Record<"html" | "pdf", Buffer>> = { html: Buffer.from(html), ...(pdf ? { pdf } : {}) };
  return (["html", "pdf"] as const).flatMap((format) => {
    const contents = made[format];
    if (!contents || !formats.includes(format)) return [];
    return [
      {
        template,
        article: article.id,
        locale,
        title: view.headline,
        page: facts,
        path: pagePath({ locale, article: article.id, template, format }),
        format,
        inputs: outputInputs(unit, template, format),
        contents,
      },
    ];
  });
}

/** The inputs hash an output records in the manifest: its page's inputs, template and format. */
function outputInputs(unit: PageUnit, template: string, format: "html" | "pdf"): string {
  return sha256(`${unit.inputs}\u0000${template}\u0000${format}`);
}

/**
 * The size of a PDF this build does not make but the output folder holds (`keptPdfs`), when
 * it was made from the page's inputs now; a PDF made from other inputs may differ: none then.
 */
function keptPdfBytes(unit: PageUnit, template: string, path: string): number | undefined {
  const kept = unit.ctx.config.keptPdfs[path];
  return kept && kept.inputs === outputInputs(unit, template, "pdf") ? kept.bytes : undefined;
}

/**
 * A page's `updated` fact: its latest revision (`updated:` or the newest correction), when
 * later than its publication; feeds date an item's last change by it.
 */
function latestRevision(view: ArticleView): { updated?: string } {
  const revisions = [view.updated?.iso, view.corrections[0]?.iso].filter((d): d is string => d !== undefined);
  const latest = revisions.sort((a, b) => instantOf(b) - instantOf(a))[0];
  return latest !== undefined && instantOf(latest) > instantOf(view.published.iso) ? { updated: latest } : {};
}
