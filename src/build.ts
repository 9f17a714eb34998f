import { compareDiagnostics, DiagnosticList, type Diagnostic } from "./core/diagnostic.js";
import { localeProfile, type Locale } from "./locale/index.js";
import { resolveConfig, type BuildOptions, type ResolvedConfig } from "./config.js";
import { buildManifest } from "./emit/manifest.js";
import type { Output } from "./emit/output.js";
import { loadCatalog, type Catalog } from "./i18n/catalog.js";
import { checkCatalog } from "./i18n/checkCatalog.js";
import { createTranslator } from "./i18n/translator.js";
import { listArticles, loadProject } from "./load/loadProject.js";
import { BuildCache, loadStoredOutput, type StoredArticle, type StoredOutput } from "./emit/buildCache.js";
import { sharedInputsKey } from "./inputsHash.js";
import { join } from "node:path";
import { imageOutputPath, modelArticle, viewForTemplate } from "./model/articleModel.js";
import type { ArticleView } from "./model/view.js";
import { typesetView } from "./typography/typesetView.js";
import { checkPartials, checkTemplateKeys, templateKeys } from "./render/checkTemplateKeys.js";
import { checkCatalogUsage } from "./render/checkCatalogUsage.js";
import { loadTemplates, type TemplateSet } from "./render/templates.js";
import { renderIndexPage } from "./render/indexPage.js";
import { validateProject } from "./validate/validateProject.js";
import { pngForPdf } from "./validate/images.js";
import { VERSION } from "./version.js";
import { pageInputsHash } from "./inputsHash.js";
import { selectArticles } from "./selectArticles.js";
import { sha256 } from "./core/hash.js";
import { buildPdf } from "./pdf/buildPdf.js";
import type { NewsletterMessage } from "./newsletter/buildNewsletters.js";

export interface BuildResult {
  readonly config: ResolvedConfig;
  /** Ids of the articles read, built or not. */
  readonly articles: readonly string[];
  /** Of those, the ones replayed from the incremental cache. */
  readonly cached: readonly string[];
  /** Cache entries this build used or wrote (a parallel build prunes the rest). */
  readonly cacheKeys: readonly string[];
  /** Every file of the build, in memory, manifest.json last. Nothing is written. */
  readonly outputs: readonly Output[];
  /** With `deferCached`: outputs replayed from the cache, their bytes still in it. */
  readonly deferred: readonly StoredOutput[];
  /** Sorted by file, line, column. */
  readonly diagnostics: readonly Diagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** Article × locale pairs that were not built, and why in one word. */
  readonly skipped: readonly {
    readonly article: string;
    readonly locale: Locale;
    readonly reason: "missing" | "errors";
  }[];
}

/** The document kind shown on each template, from the catalog. */
const DOCUMENT_KIND: Readonly<Record<string, string>> = {
  briefing: "document.briefing",
  "press-release": "document.pressRelease",
};

/**
 * Load, validate, model and render every article × locale × template, in memory.
 * Bad content never throws: it is in `diagnostics`, and the article (or the article in that
 * locale) it concerns is left out of `outputs`; everything else is built.
 */
export function build(options: BuildOptions = {}): BuildResult {
  const config = resolveConfig(options);
  // Under --strict a missing translation is an error; otherwise the policy decides.
  const diagnostics = new DiagnosticList(
    config.strict ? { ...config.policy, "data/missing-locale-file": "error" } : config.policy,
  );

  const ids = selectArticles(listArticles(config.root), config.articles, config.shard);
  // Incremental: an article whose inputs all hash as before is replayed from the cache.
  const cache = config.cacheDir ? new BuildCache(config.cacheDir) : undefined;
  const sharedKey = cache ? sharedInputsKey(config) : "";
  const keys = new Map(
    cache ? ids.map((id) => [id, BuildCache.articleKey(join(config.dataDir, "articles", id), sharedKey)] as const) : [],
  );
  const hits = new Map<string, StoredArticle>();
  if (cache && !config.force) {
    for (const [id, key] of keys) {
      const hit = cache.peek(key);
      if (hit) hits.set(id, hit);
    }
  }
  const parsed = loadProject(config.root, config.locales, diagnostics, (id) => ids.includes(id) && !hits.has(id));
  const selected = parsed;
  const content = validateProject(selected, { locales: config.locales }, diagnostics);
  const { catalog, templates } = loadShared(config, diagnostics);

  const byArticle = new Map<
    string,
    { outputs: Output[]; skipped: { article: string; locale: Locale; reason: "missing" | "errors" }[] }
  >();
  const laidOut = new Set<string>();

  let done = 0;
  for (const id of hits.keys()) options.onProgress?.({ done: ++done, total: ids.length, article: id, cached: true });
  const renderArticle = (article: (typeof content.articles)[number]): void => {
    const outputs: Output[] = [];
    const skipped: { article: string; locale: Locale; reason: "missing" | "errors" }[] = [];
    byArticle.set(article.id, { outputs, skipped });
    if (config.failFast && diagnostics.errorCount > 0) {
      for (const locale of config.locales) skipped.push({ article: article.id, locale, reason: "errors" });
      return;
    }
    // Images as pdfkit takes them (transparency flattened), prepared once per article.
    let images: Map<string, Buffer> | undefined;
    const pdfImages = () =>
      (images ??= new Map(
        article.facts.images.flatMap((img) => {
          const checked = article.images.get(img.id);
          return checked
            ? [
                [
                  `../../${imageOutputPath(article.id, img.file)}`,
                  checked.kind === "png" ? pngForPdf(checked.data) : checked.data,
                ] as const,
              ]
            : [];
        }),
      ));
    const ready = config.locales.filter((l) => article.texts[l] && !diagnostics.blocks(article.id, l));
    for (const locale of config.locales) {
      const text = article.texts[locale];
      if (!text || !ready.includes(locale)) {
        skipped.push({ article: article.id, locale, reason: text ? "errors" : "missing" });
        continue;
      }
      const local = diagnostics.fork();
      const pageInputs = pageInputsHash(config, content, article, locale, ready, catalog, templates);
      const tr = createTranslator(catalog, locale, local, { article: article.id });
      const pages: Output[] = [];
      // One model per locale; each template gets its own kind and links.
      let shared: ArticleView | undefined;
      for (const template of config.templates) {
        const options = {
          template,
          documentKindKey: DOCUMENT_KIND[template] ?? `document.${template}`,
          builtLocales: ready,
        };
        const view = typesetView(
          shared ? viewForTemplate(shared, tr, options) : (shared = modelArticle(content, article, text, tr, options)),
          localeProfile(locale),
        );
        const html = templates.render(template, view, tr, local, article.id);
        if (html === undefined) continue;
        const title = view.headline;
        const base = { template, article: article.id, locale, title };
        const inputs = (format: string) => sha256(`${pageInputs}\u0000${template}\u0000${format}`);
        if (config.formats.includes("html"))
          pages.push({
            ...base,
            path: `${locale}/${article.id}/${template}.html`,
            format: "html",
            inputs: inputs("html"),
            contents: Buffer.from(html),
          });
        if (config.formats.includes("pdf")) {
          const pdf = buildPdf(
            config,
            html,
            view,
            tr,
            local,
            templates.files[template] ?? template,
            pdfImages(),
            laidOut,
            [
              text.yaml.source,
              ...[parsed.glossary, parsed.outlets].flatMap((y) => (y ? [y.source] : [])),
              ...Object.entries(catalog.sources)
                .filter(([k]) => k.startsWith(`${locale}/`))
                .map(([, y]) => y.source),
            ],
          );
          if (pdf)
            pages.push({
              ...base,
              path: `${locale}/${article.id}/${template}.pdf`,
              format: "pdf",
              inputs: inputs("pdf"),
              contents: pdf,
            });
        }
      }
      diagnostics.items.push(...local.items);
      if (local.errorCount > 0) {
        skipped.push({ article: article.id, locale, reason: "errors" });
        continue;
      }
      outputs.push(...pages);
      for (const image of article.facts.images) {
        const checked = article.images.get(image.id);
        const path = imageOutputPath(article.id, image.file);
        if (checked && config.formats.includes("html") && !outputs.some((o) => o.path === path)) {
          outputs.push({ path, format: "image", article: article.id, contents: checked.data });
        }
      }
    }
  };
  for (const article of content.articles) {
    renderArticle(article);
    options.onProgress?.({ done: ++done, total: ids.length, article: article.id, cached: false });
  }

  // Every article in id order, rendered or replayed; rendered ones go into the cache.
  const outputs: Output[] = [];
  const deferred: StoredOutput[] = [];
  const skipped: { article: string; locale: Locale; reason: "missing" | "errors" }[] = [];
  for (const id of ids) {
    const hit = hits.get(id);
    if (hit) {
      diagnostics.items.push(...hit.diagnostics);
      if (options.deferCached) deferred.push(...hit.outputs);
      else outputs.push(...hit.outputs.map(loadStoredOutput));
      skipped.push(...hit.skipped);
      continue;
    }
    const done = byArticle.get(id) ?? { outputs: [], skipped: [] };
    outputs.push(...done.outputs);
    skipped.push(...done.skipped);
    const key = keys.get(id);
    if (cache && key && !config.failFast)
      cache.write(key, {
        diagnostics: diagnostics.items.filter((d) => d.article === id),
        skipped: done.skipped,
        outputs: done.outputs,
      });
  }
  if (cache && !config.articles && !config.shard && !options.partial) cache.prune();
  if (!options.partial && options.newsletterBuild) {
    outputs.push(...options.newsletterBuild.outputs);
    diagnostics.items.push(...options.newsletterBuild.diagnostics);
  }
  if (!options.partial) outputs.push(...finishOutputs(config, outputs, catalog, templates, diagnostics));

  const sorted = [...diagnostics.items].sort(compareDiagnostics);
  return {
    config,
    articles: ids,
    cached: [...hits.keys()],
    cacheKeys: [...keys.values()],
    outputs,
    deferred,
    diagnostics: sorted,
    errorCount: diagnostics.errorCount,
    warningCount: diagnostics.warningCount,
    skipped,
  };
}

/** index.html (not for a shard: `tilpress merge` makes it) and manifest.json, for a build's outputs. */
export function finishOutputs(
  config: ResolvedConfig,
  outputs: readonly Output[],
  catalog: Catalog,
  templates: TemplateSet,
  diagnostics: DiagnosticList,
): Output[] {
  const extra: Output[] = [];
  const index = config.shard ? undefined : renderIndexPage(outputs, config.locales, catalog, templates, diagnostics);
  if (index) extra.push(index);
  const manifest = buildManifest(
    [...outputs, ...extra],
    VERSION,
    config.shard ? `${config.shard.index}/${config.shard.count}` : undefined,
  );
  extra.push({
    path: "manifest.json",
    format: "json",
    contents: Buffer.from(JSON.stringify(manifest, null, 2) + "\n"),
  });
  return extra;
}

/**
 * The newsletter issues of a build (`tilpress build` includes them): built in the first shard
 * only, so that merged shards hold them once, and only when `--template` asks for them. The
 * catalog and template diagnostics are left to the article build, which reports them too, and
 * so are the errors of the articles it selected (`selected`).
 */
export async function buildNewsletterOutputs(
  config: ResolvedConfig,
  selected: readonly string[],
): Promise<{ outputs: Output[]; diagnostics: Diagnostic[] }> {
  if (!config.newsletters || (config.shard && config.shard.index !== 1)) return { outputs: [], diagnostics: [] };
  const diagnostics = new DiagnosticList(
    config.strict ? { ...config.policy, "data/missing-locale-file": "error" } : config.policy,
  );
  const { catalog, templates } = loadShared(config, diagnostics.fork());
  // Imported when needed: the email libraries (juice, html-to-text, nodemailer) stay out of build workers.
  const { buildNewsletters } = await import("./newsletter/buildNewsletters.js");
  const built = await buildNewsletters(config, catalog, templates, diagnostics, {
    reported: (id) => selected.includes(id),
  });
  return { outputs: [...built.outputs], diagnostics: diagnostics.items };
}

export interface NewsletterResult {
  readonly config: ResolvedConfig;
  /** Per issue and locale: `newsletter/<issue>/<locale>.html`, `.txt`, `.eml`. Nothing is written. */
  readonly outputs: readonly Output[];
  /** The composed messages, for a dry run's list or `sendNewsletter`. */
  readonly messages: readonly NewsletterMessage[];
  /** Sorted; the catalog's and templates' included, and the stories' errors. */
  readonly diagnostics: readonly Diagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
}

/** The newsletter issues alone, in memory: what `tilpress newsletter` writes. Never throws for bad content. */
export async function buildNewsletterIssues(
  options: BuildOptions & { readonly issues?: readonly string[] } = {},
): Promise<NewsletterResult> {
  const config = resolveConfig(options);
  const diagnostics = new DiagnosticList(
    config.strict ? { ...config.policy, "data/missing-locale-file": "error" } : config.policy,
  );
  const { catalog, templates } = loadShared(config, diagnostics);
  const { buildNewsletters } = await import("./newsletter/buildNewsletters.js");
  const built = await buildNewsletters(
    config,
    catalog,
    templates,
    diagnostics,
    options.issues ? { issues: options.issues } : {},
  );
  return {
    config,
    outputs: built.outputs,
    messages: built.messages,
    diagnostics: [...diagnostics.items].sort(compareDiagnostics),
    errorCount: diagnostics.errorCount,
    warningCount: diagnostics.warningCount,
  };
}

interface Shared {
  readonly key: string;
  readonly catalog: Catalog;
  readonly templates: TemplateSet;
  readonly diagnostics: readonly Diagnostic[];
}

let lastShared: Shared | undefined;

/**
 * The catalog and templates, loaded, compiled and checked, with their diagnostics. The result
 * is kept for the next build in this process when every file and option it depends on hashes
 * the same: a worker building chunk after chunk sets them up once.
 */
export function loadShared(
  config: ResolvedConfig,
  diagnostics: DiagnosticList,
): { catalog: Catalog; templates: TemplateSet } {
  const key = `${config.localesDir}\u0000${config.templatesDir}\u0000${sharedInputsKey(config)}`;
  if (lastShared?.key === key) {
    diagnostics.items.push(...lastShared.diagnostics);
    return lastShared;
  }
  const local = diagnostics.fork();
  const catalog = loadCatalog(config.localesDir, config.root, config.locales, local);
  checkCatalog(catalog, config.locales, local);
  const templates = loadTemplates(config.templatesDir, config.root, local);
  checkTemplateKeys(templates.sources, catalog, config.locales, local);
  checkPartials(templates.sources, templates.partials, local);
  checkCatalogUsage(catalog, config.locales, templateKeys(templates.sources), config.identicalAllowed, local);
  for (const name of [...config.templates, "index"]) {
    if (!templates.names.includes(name) && !local.items.some((d) => d.file === templates.files[name])) {
      local.error({
        code: "template/missing",
        message: `No template \`${name}.hbs\``,
        file: `templates/${name}.hbs`,
        hint: `Templates found: ${templates.names.join(", ")}`,
      });
    }
  }
  diagnostics.items.push(...local.items);
  lastShared = { key, catalog, templates, diagnostics: local.items };
  return lastShared;
}
