import { existsSync, statSync } from "node:fs";
import { baseUrlProblem, PROJECT_CONFIG_FILE, readProjectConfig } from "./projectConfig.js";
import { resolveProjectFonts, type ProjectFonts } from "./fonts/projectFonts.js";
import { join, resolve } from "node:path";
import { UsageError } from "./core/errors.js";
import { PACKAGE_ROOT } from "./core/packageRoot.js";
import { didYouMean } from "./core/suggest.js";
import {
  contentLocale,
  DEFAULT_LOCALES,
  resolveLocales,
  SUPPORTED_LOCALES,
  type Locale,
  type LocaleProfiles,
} from "./locale/index.js";
import { DEFAULT_POLICY, STRICT_POLICY, type Policy } from "./core/policy.js";
import type { Diagnostic } from "./core/diagnostic.js";
import type { KeptPdf, Output } from "./emit/output.js";
import type { ArticleFolders } from "./load/loadProject.js";
import { DEFAULT_TEMPLATES } from "./model/kinds.js";
import { isPdfStandard, PDF_STANDARDS, type PdfStandard } from "./pdf/pdfStandard.js";
import { DEFAULT_LIMITS, ProjectFiles, type FileLimits } from "./core/projectFiles.js";

/** The template of the newsletter issues (data/newsletters/), not of article pages. */
export const NEWSLETTER_TEMPLATE = "newsletter";

/** What a caller may ask for; everything is optional. */
export interface BuildOptions {
  /** Project folder holding data/, locales/ and templates/ (default: the current folder). */
  readonly root?: string;
  readonly locales?: readonly string[];
  readonly templates?: readonly string[];
  /** Article ids or glob patterns (`story-2020-*`) to build (default: all). */
  readonly articles?: readonly string[];
  /** "k/n": build only the k-th of n deterministic shards of the articles (CI matrix jobs). */
  readonly shard?: string;
  /** Warnings become errors. */
  readonly strict?: boolean;
  /** Output formats (default: html and pdf). */
  readonly formats?: readonly string[];
  /** PDF page size (default A4). */
  readonly pageSize?: string;
  /** `pdf/a-1b` or `pdf/a-2b`: PDFs conforming to that PDF/A level (checked by Apache PDFBox Preflight). */
  readonly pdfStandard?: string;
  /** Run every check, lay PDFs out (glyphs, subset) but do not paint them: what `tilpress check` does. */
  readonly checkOnly?: boolean;
  /** The build's clock for embargoes (ISO 8601 with an offset); default SOURCE_DATE_EPOCH or now. */
  readonly now?: string;
  /** Stop at the first article with an error. */
  readonly failFast?: boolean;
  /**
   * Where the output folder is published (an absolute http(s) URL); default: the project's
   * `baseUrl`. `null`: none, whatever the project says (the preview serves pages from its own address).
   */
  readonly baseUrl?: string | null;
  /** Incremental cache folder (the CLI uses <root>/.tilpress-cache); none: render everything. */
  readonly cacheDir?: string;
  /** Render everything even where the cache has it (the cache is refreshed). */
  readonly force?: boolean;
  /** Called after each article, rendered or replayed: for progress reports. */
  readonly onProgress?: (progress: BuildProgress) => void;
  /** Called once if another live build holds the cache folder and this one waits for it. */
  readonly onWait?: (holder: { readonly pid: number }) => void;
  /** Leave out index.html and manifest.json (a worker's share of a parallel build) and do not prune the cache. */
  readonly partial?: boolean;
  /** Return cache hits as `deferred` (hash and size, bytes left in the cache) instead of in `outputs`. */
  readonly deferCached?: boolean;
  /**
   * data/articles/ as the parallel build listed it when it started (`readArticleFolders`),
   * given to each of its chunks instead of listing the folder again for each.
   */
  readonly articleFolders?: ArticleFolders;
  /**
   * The newsletter issues, built beforehand (composing an .eml is asynchronous, `build()` is
   * not): their outputs and diagnostics join the build's, and the manifest lists them.
   */
  readonly newsletterBuild?: { readonly outputs: readonly Output[]; readonly diagnostics: readonly Diagnostic[] };
  /**
   * The PDFs already in the output folder, by path (their manifest entries, each file there at
   * that size; `OutputWriter.keptPdfs`). A build that makes HTML but no PDF (`--format html`)
   * gives a page the link to its PDF, with the size, when the PDF's recorded `inputs` are the
   * page's inputs now: the PDF a full build would make is that one.
   */
  readonly keptPdfs?: Readonly<Record<string, KeptPdf>>;
}

export interface BuildProgress {
  readonly done: number;
  readonly total: number;
  readonly article: string;
  readonly cached: boolean;
}

/** Options resolved once, frozen, and passed to every stage. */
export interface ResolvedConfig {
  readonly root: string;
  readonly dataDir: string;
  readonly localesDir: string;
  readonly templatesDir: string;
  /**
   * The project's locales (tilpress.config.json's `locales`, else en, kk and ru; a locale asked
   * for with --locale joins them; a derived locale's source must be among them): every one is
   * loaded and checked, a page links to each it is built in, the index lists them. A selection
   * never changes a page's bytes.
   */
  readonly locales: readonly Locale[];
  /**
   * Each locale's profile (built-in, or derived from CLDR and Intl, with the project's
   * `localeSettings` on top) and the source locale: this build's, passed along, never module state.
   */
  readonly profiles: LocaleProfiles;
  /** The locales whose outputs this build makes (`--locale`; default: all of `locales`). */
  readonly selectedLocales: readonly Locale[];
  /** Article page templates (never `newsletter`). */
  readonly templates: readonly string[];
  /** Whether the newsletter issues are built: no `--template` given, or `newsletter` among them. */
  readonly newsletters: boolean;
  readonly articles: readonly string[] | undefined;
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  readonly strict: boolean;
  readonly formats: readonly ("html" | "pdf")[];
  readonly pageSize: "A4" | "Letter";
  readonly pdfStandard: PdfStandard | undefined;
  readonly checkOnly: boolean;
  readonly failFast: boolean;
  readonly cacheDir: string | undefined;
  readonly force: boolean;
  /** DEFAULT_POLICY with the project's `rules` on top, and STRICT_POLICY on top of those under `--strict`. */
  readonly policy: Policy;
  readonly identicalAllowed: readonly string[];
  /** What a build reads at most: DEFAULT_LIMITS with the project's `limits` on top. */
  readonly limits: FileLimits;
  /** The project's fonts (`fonts` in tilpress.config.json), checked; tried before DejaVu in PDFs. */
  readonly fonts: ProjectFonts;
  /** CreationDate of every PDF, from SOURCE_DATE_EPOCH; otherwise each article's publication time. */
  readonly sourceDateEpoch: number | undefined;
  /**
   * The build's clock (ms since the epoch), for embargoes: `--now`, else SOURCE_DATE_EPOCH,
   * else the time the config was resolved. Not a cache input: an embargoed article's cache
   * entry records which side of its embargo it was built on instead.
   */
  readonly now: number;
  /**
   * Where the output folder is published, ending in "/" (`https://press.example.org/`), from
   * `baseUrl` in tilpress.config.json; none: pages link to each other relatively.
   */
  readonly baseUrl: string | undefined;
  /** The newest items each locale's feeds list (`feedItems` in tilpress.config.json; default 20). */
  readonly feedItems: number;
  /** `BuildOptions.keptPdfs`, when the build makes HTML and no PDF; else empty. */
  readonly keptPdfs: Readonly<Record<string, KeptPdf>>;
}

/** How many items a feed lists when the project does not say. */
export const DEFAULT_FEED_ITEMS = 20;

/** A project folder has data/: anything else is a usage error, found before anything is written. */
export function assertProjectRoot(root: string): void {
  if (!isDirectory(join(root, "data")))
    throw new UsageError(
      `${root} has no data/ folder: it is not a tilpress project${existsSync(root) ? "" : " (the folder does not exist)"}. ` +
        "Give the project folder with --root, or make one with tilpress init.",
    );
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export { PACKAGE_ROOT };

export function resolveConfig(options: BuildOptions = {}): ResolvedConfig {
  const root = resolve(options.root ?? process.cwd());
  assertProjectRoot(root);
  // The project's own defaults (tilpress.config.json); options given by the caller win.
  const project = readProjectConfig(root);
  const projectLocales = project.locales ?? DEFAULT_LOCALES;
  // --locale takes one of the project's locales or one tilpress ships (it joins them); a new
  // language is configured, not named on the command line.
  const known = [...new Set([...projectLocales, ...SUPPORTED_LOCALES])];
  const localeOf = (l: string): Locale => {
    if (!known.includes(l)) {
      const guess = didYouMean(l, known);
      throw new UsageError(
        `Unknown locale "${l}": the project builds ${projectLocales.join(", ")}${guess ? `. Did you mean ${guess}?` : ""}` +
          ` (a new one is a line in ${PROJECT_CONFIG_FILE}'s \`locales\` and a catalog: docs/languages.md)`,
      );
    }
    return l;
  };
  const selectedLocales = options.locales?.length ? options.locales.map(localeOf) : projectLocales;
  const locales = [...new Set([...projectLocales, ...selectedLocales])];
  // A derived locale's pages are made from its source's content, which the project must have.
  for (const l of locales) {
    const from = contentLocale(l);
    if (!locales.includes(from))
      throw new UsageError(
        `The locale "${l}" is made from "${from}": add "${from}" to locales in tilpress.config.json`,
      );
  }
  // A data repository may keep only data/: the package's templates and catalog serve then.
  const own = (name: string) => (existsSync(join(root, name)) ? join(root, name) : join(PACKAGE_ROOT, name));
  const formats = (options.formats?.length ? options.formats : ["html", "pdf"]).map((f) => {
    if (f !== "html" && f !== "pdf") throw new UsageError(`Unknown format "${f}": tilpress writes html and pdf`);
    return f;
  });
  const pageSize = options.pageSize ?? project.pageSize ?? "A4";
  const pdfStandard = (options.pdfStandard ?? project.pdfStandard)?.toLowerCase();
  if (pageSize !== "A4" && pageSize !== "Letter")
    throw new UsageError(`Unknown page size "${pageSize}": use A4 or Letter`);
  if (pdfStandard !== undefined && !isPdfStandard(pdfStandard)) {
    const given = options.pdfStandard ?? project.pdfStandard;
    throw new UsageError(`Unknown PDF standard "${given}": tilpress knows ${PDF_STANDARDS.join(" and ")}`);
  }
  const epoch = process.env["SOURCE_DATE_EPOCH"];
  if (epoch !== undefined && !/^\d+$/.test(epoch))
    throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds, not "${epoch}"`);
  let shard: { index: number; count: number } | undefined;
  if (options.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(options.shard);
    const [index, count] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    if (!m || count < 1 || index < 1 || index > count)
      throw new UsageError(`--shard must be k/n with 1 ≤ k ≤ n, like 2/4; not "${options.shard}"`);
    shard = { index, count };
  }
  const templatesDir = own("templates");
  for (const t of options.templates ?? []) checkTemplateName(t, templatesDir);
  return Object.freeze({
    root,
    dataDir: join(root, "data"),
    localesDir: own("locales"),
    templatesDir,
    locales: Object.freeze([...new Set(locales)]),
    selectedLocales: Object.freeze([...new Set(selectedLocales)]),
    profiles: resolveLocales({
      locales,
      ...(project.source !== undefined ? { source: project.source } : {}),
      ...(project.localeSettings ? { settings: project.localeSettings } : {}),
    }),
    templates: Object.freeze(
      [...(options.templates?.length ? options.templates : DEFAULT_TEMPLATES)].filter((t) => t !== NEWSLETTER_TEMPLATE),
    ),
    newsletters: !options.templates?.length || options.templates.includes(NEWSLETTER_TEMPLATE),
    articles: options.articles ? Object.freeze([...options.articles]) : undefined,
    shard,
    strict: options.strict ?? false,
    formats: Object.freeze([...new Set(formats)]),
    pageSize,
    pdfStandard,
    checkOnly: options.checkOnly ?? false,
    failFast: options.failFast ?? false,
    cacheDir: options.cacheDir === undefined ? undefined : resolve(root, options.cacheDir),
    force: options.force ?? false,
    policy: Object.freeze({ ...DEFAULT_POLICY, ...project.rules, ...(options.strict ? STRICT_POLICY : {}) }),
    identicalAllowed: Object.freeze([...(project.identicalAllowed ?? [])]),
    limits: Object.freeze({
      ...DEFAULT_LIMITS,
      ...Object.fromEntries(Object.entries(project.limits ?? {}).filter(([, v]) => v !== undefined)),
    }) as FileLimits,
    fonts: resolveProjectFonts(root, project.fonts),
    sourceDateEpoch: epoch === undefined ? undefined : Number(epoch),
    now: clockOf(options.now, epoch),
    baseUrl: options.baseUrl === null ? undefined : baseUrlOf(options.baseUrl ?? project.baseUrl),
    feedItems: project.feedItems ?? DEFAULT_FEED_ITEMS,
    keptPdfs:
      options.keptPdfs && !formats.includes("pdf") && !options.checkOnly ? Object.freeze({ ...options.keptPdfs }) : {},
  });
}

/** An absolute http(s) URL with no query or fragment, ending in "/" so that output paths resolve under it. */
export function baseUrlOf(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const problem = baseUrlProblem(given);
  if (problem !== undefined) throw new UsageError(`baseUrl ${problem}`);
  const url = new URL(given);
  return url.pathname.endsWith("/") ? url.href : `${url.href}/`;
}

/**
 * A template asked for with --template: one tilpress ships (a page template or the newsletter)
 * or a page template of the project's own (templates/<name>.hbs). Anything else is a usage
 * error, found before anything is written.
 */
function checkTemplateName(name: string, templatesDir: string): void {
  const known = [...DEFAULT_TEMPLATES, NEWSLETTER_TEMPLATE];
  if (known.includes(name) || isOwnPageTemplate(name, templatesDir)) return;
  const guess = didYouMean(name, known);
  throw new UsageError(
    `Unknown template "${name}": tilpress builds ${known.join(", ")}` +
      ` or a page template of the project's own in templates/<name>.hbs.${guess ? ` Did you mean ${guess}?` : ""}`,
  );
}

/** A page template of the project's own: templates/<name>.hbs, not one of the site's pages. */
export function isOwnPageTemplate(name: string, templatesDir: string): boolean {
  return (
    name !== "index" &&
    name !== "press-room" &&
    /^[a-z0-9][a-z0-9-]*$/.test(name) &&
    existsSync(join(templatesDir, `${name}.hbs`))
  );
}

/** `--now` (an ISO 8601 date-time with an offset), else SOURCE_DATE_EPOCH, else the machine's clock. */
function clockOf(now: string | undefined, epoch: string | undefined): number {
  if (now === undefined) return epoch === undefined ? Date.now() : Number(epoch) * 1000;
  const valid = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(now);
  const ms = Date.parse(now);
  if (!valid || Number.isNaN(ms)) {
    throw new UsageError(`--now must be a date-time with an offset, like 2025-03-03T09:00:00+06:00; not "${now}"`);
  }
  return ms;
}

export { PROJECT_CONFIG_FILE, type ProjectConfig } from "./projectConfig.js";

/** The reader of a build's project files: its limits, confined to the project (and the package's own files). */
export function projectFiles(config: Pick<ResolvedConfig, "root" | "limits">): ProjectFiles {
  return new ProjectFiles(config.root, config.limits, [PACKAGE_ROOT]);
}
