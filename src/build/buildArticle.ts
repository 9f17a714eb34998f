import { contentLocale, type Locale } from "../locale/index.js";
import { pointerOf } from "../core/diagnostic.js";
import type { EmbargoState } from "../emit/buildCache.js";
import type { Output } from "../emit/output.js";
import { embargoLiftedRecently, underEmbargo } from "../model/embargo.js";
import { createTranslator } from "../i18n/translator.js";
import { imagePath } from "../core/paths.js";
import type { Article } from "../validate/content.js";
import { pngForPdf } from "../validate/images.js";
import { buildPages, type PageUnit } from "./buildPage.js";
import type { BuildContext } from "./context.js";
import { pageInputsHash } from "./inputs.js";

/** An article × locale pair that was not built, and why in one word. */
export interface Skipped {
  readonly article: string;
  readonly locale: Locale;
  readonly reason: "missing" | "errors";
}

/** What one article gave: its files in every locale built, and the locales it was not built in. */
export interface ArticleResult {
  readonly outputs: readonly Output[];
  readonly skipped: readonly Skipped[];
  /** An embargoed article's embargo, and whether it was in force at the build's clock. */
  readonly embargo?: EmbargoState;
}

/**
 * Every page of one article in every locale it can be built in. A locale with no text, or with
 * errors (its own or the article's), is skipped; a locale whose pages report an error while
 * rendering is skipped whole, so nothing half-built is published. Images are written once.
 */
export function buildArticle(ctx: BuildContext, article: Article): ArticleResult {
  const { config, diagnostics } = ctx;
  const outputs: Output[] = [];
  const skipped: Skipped[] = [];
  if (config.failFast && diagnostics.errorCount > 0) {
    return {
      outputs,
      skipped: config.selectedLocales.map((locale) => ({ article: article.id, locale, reason: "errors" })),
    };
  }
  let images: Map<string, Buffer> | undefined;
  const pdfImages = () => (images ??= imagesForPdf(article));
  // Over every locale of the project, not only the selected ones: the language links of a page
  // are the same whatever --locale is.
  // A derived locale (kk-Latn) is ready when the locale it is made from is.
  const ready = config.locales.filter(
    (l) =>
      article.texts[contentLocale(l)] &&
      !diagnostics.blocks(article.id, contentLocale(l)) &&
      !diagnostics.blocks(article.id, l),
  );
  const embargo = embargoOf(ctx, article);
  const issuerDates = ctx.content.outlets[article.facts.outlet]?.englishDates;
  const englishDates = issuerDates ? { englishDates: issuerDates } : {};
  for (const locale of config.selectedLocales) {
    // A derived locale's page is modelled from its source's text, in its source's grammar.
    const from = contentLocale(locale);
    const text = article.texts[from];
    if (!text || !ready.includes(locale)) {
      // No text because its file was refused (control characters, bad UTF-8 …) is an error, not a missing translation.
      const missing = !text && !diagnostics.blocks(article.id, locale);
      skipped.push({ article: article.id, locale, reason: missing ? "missing" : "errors" });
      continue;
    }
    const local = diagnostics.fork();
    const unit: PageUnit = {
      ctx,
      article,
      text,
      locale,
      tr: createTranslator(ctx.catalog, from, local, {
        article: article.id,
        ...englishDates,
        ...(from !== locale ? { strings: locale } : {}),
      }),
      diagnostics: local,
      builtLocales: ready,
      inputs: pageInputsHash(ctx, { article, locale, builtLocales: ready }),
      pdfImages,
    };
    const pages = buildPages(unit);
    diagnostics.absorb(local);
    if (local.errorCount > 0) {
      skipped.push({ article: article.id, locale, reason: "errors" });
      continue;
    }
    outputs.push(...pages, ...imageOutputs(ctx, article, outputs));
  }
  return { outputs, skipped, ...(embargo ? { embargo } : {}) };
}

/**
 * The article's embargo state; while it is in force, a warning says it is left out of public
 * lists, and for a week after it passes another says the article is now published.
 */
function embargoOf(ctx: BuildContext, article: Article): EmbargoState | undefined {
  const until = article.facts.embargo;
  if (until === undefined) return undefined;
  const active = underEmbargo(until, ctx.config.now);
  if (active) {
    const path = ["embargo"];
    ctx.diagnostics.warn({
      code: "embargo/active",
      message: `Under embargo until ${until}: its pages say so and are left out of the index page and the newsletters`,
      hint: "Nothing to fix before the embargo passes; build again after it (or with --now) to publish it.",
      file: article.factsFile,
      pointer: pointerOf(path),
      ...article.factsYaml.locate(path),
      article: article.id,
    });
  }
  const lifted = embargoLiftedRecently(until, ctx.config.now);
  if (lifted) {
    const path = ["embargo"];
    ctx.diagnostics.warn({
      code: "embargo/lifted",
      message: `The embargo passed at ${until}, less than a week ago: this build publishes the article`,
      hint: "If that is too early, the embargo's date is wrong: correct it. Once the week is over this warning stops.",
      file: article.factsFile,
      pointer: pointerOf(path),
      ...article.factsYaml.locate(path),
      article: article.id,
    });
  }
  return { until, active, ...(lifted ? { lifted } : {}) };
}

/** Images as pdfkit takes them (transparency flattened), by image id. */
function imagesForPdf(article: Article): Map<string, Buffer> {
  return new Map(
    article.facts.images.flatMap((img) => {
      const checked = article.images.get(img.id);
      if (!checked) return [];
      const data = checked.kind === "png" ? pngForPdf(checked.data) : checked.data;
      return [[img.id, data] as const];
    }),
  );
}

/** The article's images for the HTML pages, once whatever the number of locales. */
function imageOutputs(ctx: BuildContext, article: Article, already: readonly Output[]): Output[] {
  const made: Output[] = [];
  if (!ctx.config.formats.includes("html")) return made;
  for (const image of article.facts.images) {
    const checked = article.images.get(image.id);
    const path = imagePath(article.id, image.file);
    if (!checked || already.some((o) => o.path === path) || made.some((o) => o.path === path)) continue;
    made.push({ path, format: "image", article: article.id, contents: checked.data });
  }
  return made;
}
