import type { DiagnosticList } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import type { ResolvedConfig } from "../config.js";
import { formatNumber, instantOf } from "../i18n/format.js";
import type { Translator } from "../i18n/translator.js";
import type { ArticleView } from "../model/view.js";
import { sourceOfCharacter, type SourceText } from "../core/source.js";
import type { BoxProblem } from "./boxes.js";
import type { PdfEngine } from "./engine.js";
import { codePointLabel } from "../fonts/fontStack.js";
import type { MissingGlyphAt } from "./layout.js";
import { renderPdf } from "./renderPdf.js";
import { reportRightToLeft } from "./rightToLeft.js";
import { scanPage } from "./scanPage.js";

/**
 * Check mode's record of what a build has laid out: `check` lays each template out once per
 * locale and scans the other pages' text (much cheaper). One per build.
 */
export class LayoutLog {
  private readonly pairs = new Set<string>();

  /** Whether `template` was already laid out in `locale` by this build; records that it now is. */
  laidOutOnce(template: string, locale: Locale): boolean {
    const key = `${template}\0${locale}`;
    if (this.pairs.has(key)) return true;
    this.pairs.add(key);
    return false;
  }
}

export interface BuildPdfOptions {
  readonly config: ResolvedConfig;
  /** The page, as the html target writes it. */
  readonly html: string;
  readonly view: ArticleView;
  /** The page's locale's catalog: "Page 2 of 5" (a derived locale's: its source's, kk for kk-Latn). */
  readonly translator: Translator;
  /**
   * A derived locale's script (kk-Latn), which the catalog's strings are written in on its pages:
   * the page label is made here, after the HTML was transliterated («1-bet / 3», not «1-бет / 3»).
   */
  readonly inScript?: (text: string) => string;
  readonly diagnostics: DiagnosticList;
  /** The template's file, named in diagnostics. */
  readonly templateFile: string;
  /** The article's checked images by `src`; none unless given. */
  readonly images?: ReadonlyMap<string, Buffer>;
  /** Files the page's text comes from, searched to point a missing glyph at where it was written. */
  readonly textSources?: readonly SourceText[];
  /** Fonts and caches, kept from one page to the next. */
  readonly engine: PdfEngine;
  /** Template × locale pairs this build already laid out (check mode scans the rest). */
  readonly layoutLog: LayoutLog;
}

/**
 * The PDF of one page: the same HTML the html target writes, laid out with pdfkit. Elements or
 * CSS outside the subset are warnings naming the template; a character no font has, or
 * right-to-left text (src/pdf/rightToLeft.ts), is an error, and then no PDF is written rather
 * than one with tofu or reversed letters.
 */
export function buildPdf(options: BuildPdfOptions): Buffer | undefined {
  const { config, html, view, translator: tr, engine, images } = options;
  const page = { html, locale: view.locale, article: view.id, templateFile: options.templateFile };
  // Measured runs hold the faces their words were set in: other fonts, other faces.
  // Measured runs hold the faces their words were set in: other fonts, other faces.
  if (engine.fonts.use(config.fonts)) engine.measuredRuns.clear();
  if (reportRightToLeft({ ...page, textSources: options.textSources ?? [] }, options.diagnostics)) return undefined;
  // Checking: lay the template out once per locale, then scan each page's text (much cheaper).
  if (options.layoutLog.laidOutOnce(options.templateFile, view.locale) && config.checkOnly) {
    report(scanPage(engine.fonts, html), options);
    return undefined;
  }
  const creationDate =
    config.sourceDateEpoch !== undefined
      ? new Date(config.sourceDateEpoch * 1000)
      : new Date(instantOf(view.published.iso));
  const result = renderPdf(html, {
    engine,
    meta: {
      lang: view.locale,
      title: view.headline,
      author: view.outlet.name,
      ...(view.standfirst ? { subject: view.standfirst } : {}),
      keywords: [...view.people.map((p) => p.name), ...view.organizations.map((o) => o.name)].join(", "),
      creationDate,
      header: [view.outlet.name, view.published.text],
      pageLabel: (page, pages) => {
        const label = tr.t("pdf.pageOf", {
          page: formatNumber(tr.locale, page),
          pages: formatNumber(tr.locale, pages),
        });
        return options.inScript ? options.inScript(label) : label;
      },
      ...(config.pdfStandard ? { pdfStandard: config.pdfStandard } : {}),
    },
    pageSize: config.pageSize,
    ...(images ? { imageFor: (src: string) => images.get(src) } : {}),
    paint: !config.checkOnly,
  });
  report(result, options);
  return result.missingGlyphs.length || config.checkOnly ? undefined : result.pdf;
}

function report(
  result: { problems: readonly BoxProblem[]; missingGlyphs: readonly MissingGlyphAt[] },
  { view, diagnostics, templateFile, textSources = [] }: BuildPdfOptions,
): void {
  for (const p of result.problems) {
    diagnostics.warn({
      code: p.code,
      message: p.message,
      file: templateFile,
      locale: view.locale,
      article: view.id,
      hint: "See docs/html-subset.md for what PDFs lay out.",
    });
  }
  const seen = new Set<string>();
  for (const m of result.missingGlyphs) {
    if (seen.has(m.char)) continue;
    seen.add(m.char);
    const cp = codePointLabel(m.char);
    // Point at where the character was written: the locale file, the glossary, the catalog…
    const where = sourceOfCharacter(textSources, m.char) ?? { file: templateFile };
    diagnostics.error({
      code: "pdf/missing-glyph",
      message: `No font of the PDF has a glyph for ${cp} "${m.char}" (in <${m.block}> of ${templateFile})`,
      hint:
        `Replace the character, or add a TrueType font that has ${cp} to "fonts.fallback" in tilpress.config.json ` +
        "(docs/fonts.md); tilpress does not print tofu.",
      ...where,
      locale: view.locale,
      article: view.id,
      actual: cp,
    });
  }
}
