import { join } from "node:path";
import { build, type BuildResult } from "../build/build.js";
import { BuildSetUp } from "../build/setUp.js";
import { resolveConfig, type BuildOptions, type ResolvedConfig } from "../config.js";
import { uniqueDiagnostics, type Diagnostic } from "../core/diagnostic.js";
import type { Output } from "../emit/output.js";
import type { Locale } from "../locale/index.js";
import { pagePath } from "../core/paths.js";
import { listArticles } from "../load/loadProject.js";
import { renderPreviewIndex, type SourceSection } from "./indexPage.js";
import { escapeHtml, renderOverlay, withOverlay } from "./overlay.js";
import { pageUrl, type PreviewRoute } from "./routes.js";
import { isInside } from "./safePath.js";

/** A response body and how to send it; `html` bodies get the live-reload script. */
export interface Rendered {
  readonly status: number;
  readonly type: string;
  readonly body: Buffer;
  readonly html: boolean;
}

/**
 * Outputs that `build()` does not make by itself, all under one first path segment: the
 * newsletter issues, whose .eml is composed asynchronously, are built beside the articles by
 * the caller of `build()`. The preview serves them, lists them on its index and shows their
 * errors like a page's.
 */
export interface PreviewSource {
  /** The first segment of its outputs' paths, like `newsletter`. */
  readonly prefix: string;
  /** The heading of its section on the index (default: the prefix). */
  readonly title?: string;
  /** `setUp` is the preview's own, kept across requests. */
  build(config: ResolvedConfig, setUp: BuildSetUp): Promise<SourceResult>;
}

/** What a source built, its diagnostics, and what it could not build and why. */
export interface SourceResult {
  readonly outputs: readonly Output[];
  readonly diagnostics: readonly Diagnostic[];
  /** Each item (an issue) × locale left out, with the errors that keep it out. */
  readonly notBuilt?: SourceSection["notBuilt"];
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  svg: "image/svg+xml",
  json: "application/json; charset=utf-8",
  // Plain text and email sources are shown as text rather than downloaded.
  txt: "text/plain; charset=utf-8",
  eml: "text/plain; charset=utf-8",
};

const contentTypeOf = (path: string) =>
  CONTENT_TYPES[/\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? ""] ?? "application/octet-stream";

/**
 * Renders what the preview serves, on request and in memory, with `build()`: a page request
 * builds only that article × template × format (all locales, so the language links are
 * right), and the result is kept until a watched file changes. The last good render of each
 * page is kept across changes, so a content error shows as an overlay on top of it.
 */
export class PreviewRenderer {
  private readonly results = new Map<string, BuildResult>();
  private readonly sourceResults = new Map<PreviewSource, Promise<SourceResult>>();
  private readonly lastGood = new Map<string, string>();
  /** Kept across requests and changes: the catalog and templates are set up again only when they change. */
  readonly setUp = new BuildSetUp();

  constructor(
    private readonly options: BuildOptions,
    private readonly sources: readonly PreviewSource[] = [],
  ) {}

  /** Forget every rendered result: a watched file changed. */
  invalidate(): void {
    this.results.clear();
    this.sourceResults.clear();
  }

  async render(route: Exclude<PreviewRoute, { kind: "live-reload-script" | "live-reload" }>): Promise<Rendered> {
    let config: ResolvedConfig;
    try {
      config = resolveConfig({ ...this.options, baseUrl: null });
    } catch (error) {
      return this.failure(route.kind === "index" ? "/" : route.path, error);
    }
    try {
      switch (route.kind) {
        case "index":
          return await this.index(config);
        case "page":
          return this.page(config, route);
        case "asset":
          return this.asset(config, route);
        case "output":
          return await this.output(config, route.path);
      }
    } catch (error) {
      // A bug in a stage must not take the preview down: it is shown like a content error.
      return this.failure(route.kind === "index" ? "/" : route.path, error);
    }
  }

  private cached(key: string, options: BuildOptions): BuildResult {
    let result = this.results.get(key);
    if (!result) {
      // Served from the preview's own address: links stay relative, whatever the project's baseUrl.
      result = build({ ...this.options, baseUrl: null, ...options }, this.setUp);
      this.results.set(key, result);
    }
    return result;
  }

  /** Every article in HTML: what the index lists, and any output that is not an article page. */
  private everything(): BuildResult {
    return this.cached("everything", { formats: ["html"] });
  }

  private fromSource(source: PreviewSource, config: ResolvedConfig): Promise<SourceResult> {
    let result = this.sourceResults.get(source);
    if (!result) {
      result = source.build(config, this.setUp);
      this.sourceResults.set(source, result);
      // A failed build is not kept: the next request tries again.
      result.catch(() => {
        if (this.sourceResults.get(source) === result) this.sourceResults.delete(source);
      });
    }
    return result;
  }

  private async index(config: ResolvedConfig): Promise<Rendered> {
    // A source that fails (a bug) is shown in its section; the rest of the index still is.
    const sections = await Promise.all(
      this.sources.map(async (source): Promise<SourceSection> => {
        const title = source.title ?? source.prefix;
        try {
          const { outputs, diagnostics, notBuilt = [] } = await this.fromSource(source, config);
          return { title, outputs, diagnostics, notBuilt };
        } catch (error) {
          const failure = error instanceof Error ? error.message : String(error);
          return { title, outputs: [], diagnostics: [], notBuilt: [], failure };
        }
      }),
    );
    return html(200, renderPreviewIndex(config, this.everything(), sections));
  }

  private knownArticle(config: ResolvedConfig, article: string): boolean {
    // A symlinked article folder pointing out of the project is not served.
    const articles = join(config.dataDir, "articles");
    return listArticles(config.root).includes(article) && isInside(articles, join(articles, article));
  }

  private page(config: ResolvedConfig, route: Extract<PreviewRoute, { kind: "page" }>): Rendered {
    const { article, locale, template, format } = route;
    if (
      !config.selectedLocales.includes(locale) ||
      !config.templates.includes(template) ||
      !config.formats.includes(format) ||
      !this.knownArticle(config, article)
    ) {
      return notFound(route.path);
    }
    const result = this.cached(`page\u0000${article}\u0000${template}\u0000${format}`, {
      articles: [article],
      templates: [template],
      formats: [format],
    });
    const output = result.outputs.find((o) => o.path === route.path);
    // A PDF's overlay sits on the last good render of the same page in HTML.
    const htmlPath = pagePath({ locale, article, template, format: "html" });
    if (output) {
      if (format === "pdf") return { status: 200, type: contentTypeOf(route.path), body: output.contents, html: false };
      const page = output.contents.toString("utf8");
      this.lastGood.set(htmlPath, page);
      return html(200, page);
    }
    const blocking = blockingDiagnostics(result.diagnostics, article, locale);
    const missing = result.skipped.some((s) => s.article === article && s.locale === locale && s.reason === "missing");
    // A page its kind does not have (a news item's press release): nothing was built, and nothing is wrong.
    const skipped = result.skipped.some((s) => s.article === article && s.locale === locale);
    if (!skipped && !blocking.some((d) => d.severity === "error")) return notFound(route.path);
    const title = missing
      ? `Not built: no ${locale} text for ${article}`
      : `Not built: ${article} [${locale}] has ${blocking.filter((d) => d.severity === "error").length} error(s)`;
    const others = config.selectedLocales
      .filter((l) => l !== locale)
      .map((l) => ({
        href: pageUrl({ locale: l, article, template, format }),
        label: config.profiles.get(l).name,
        locale: l,
      }));
    const overlay = renderOverlay(config.root, title, blocking, others);
    return html(
      missing && blocking.every((d) => d.severity !== "error") ? 404 : 500,
      withOverlay(this.lastGood.get(htmlPath), overlay, title),
    );
  }

  private asset(config: ResolvedConfig, route: Extract<PreviewRoute, { kind: "asset" }>): Rendered {
    if (!this.knownArticle(config, route.article)) return notFound(route.path);
    // Only images the build accepted (inside the article folder, no symlinks, a real PNG or JPEG).
    // Every configured template: the article is built in those of its kind.
    const templates = config.templates;
    const result = this.cached(`page\u0000${route.article}\u0000${templates.join(",")}\u0000html`, {
      articles: [route.article],
      templates,
      formats: ["html"],
    });
    const output = result.outputs.find((o) => o.path === route.path && o.format === "image");
    return output
      ? { status: 200, type: contentTypeOf(route.path), body: output.contents, html: false }
      : notFound(route.path);
  }

  /** Whatever else `build()` or a source makes, looked up by path. */
  private async output(config: ResolvedConfig, path: string): Promise<Rendered> {
    const source = this.sources.find((s) => path.startsWith(`${s.prefix}/`));
    const result: SourceResult = source ? await this.fromSource(source, config) : this.everything();
    const output = result.outputs.find((o) => o.path === path);
    if (!output) {
      if (!source) return notFound(path);
      // The errors that keep this item out when the source says which; otherwise all of its errors.
      const unit = path.replace(/\.[^./]+$/, "");
      const own = result.notBuilt?.find((n) => `${source.prefix}/${n.name}/${n.locale}` === unit)?.reasons;
      const errors = own ?? result.diagnostics.filter((d) => d.severity === "error");
      if (!errors.length) return notFound(path);
      const title = `Not built: ${path} (${errors.length} error(s) in ${source.prefix})`;
      return html(
        500,
        withOverlay(
          this.lastGood.get(path),
          renderOverlay(config.root, title, uniqueDiagnostics(errors).sort(byPlace), []),
          title,
        ),
      );
    }
    const type = contentTypeOf(path);
    if (type.startsWith("text/html")) this.lastGood.set(path, output.contents.toString("utf8"));
    return type.startsWith("text/html")
      ? html(200, output.contents.toString("utf8"))
      : { status: 200, type, body: output.contents, html: false };
  }

  private failure(path: string, error: unknown): Rendered {
    const message = error instanceof Error ? error.message : String(error);
    const diagnostic: Diagnostic = { code: "preview/failed", severity: "error", message };
    const title = "The preview could not render this page";
    return html(
      500,
      withOverlay(
        this.lastGood.get(path),
        renderOverlay(this.options.root ?? process.cwd(), title, [diagnostic], []),
        title,
      ),
    );
  }
}

/** The diagnostics that concern one article in one locale: its own and the project-wide ones. */
export function blockingDiagnostics(diagnostics: readonly Diagnostic[], article: string, locale: Locale): Diagnostic[] {
  const concern = diagnostics.filter(
    (d) => (d.article === undefined || d.article === article) && (d.locale === undefined || d.locale === locale),
  );
  const errors = concern.filter((d) => d.severity === "error");
  return (errors.length ? errors : concern).sort(byPlace);
}

/** Those with a place first: a broken file's syntax error explains the missing keys after it. */
const byPlace = (a: Diagnostic, b: Diagnostic) => Number(b.line !== undefined) - Number(a.line !== undefined);

const html = (status: number, page: string): Rendered => ({
  status,
  type: CONTENT_TYPES["html"] ?? "text/html",
  body: Buffer.from(page),
  html: true,
});

function notFound(path: string): Rendered {
  const title = "Not found";
  return html(
    404,
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n</head>\n<body>\n<main>\n<h1>${title}</h1>\n<p>Nothing is rendered at <code>/${escapeHtml(path)}</code>. <a href="/">All pages</a></p>\n</main>\n</body>\n</html>\n`,
  );
}
