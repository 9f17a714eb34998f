import { contentLocale } from "../locale/index.js";
import { PRESS_ROOM_TEMPLATE } from "../site/pressRoom.js";
import { PROJECT_CONFIG_FILE } from "../projectConfig.js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT, projectFiles, type ResolvedConfig } from "../config.js";
import type { Diagnostic, DiagnosticList } from "../core/diagnostic.js";
import { loadCatalog, type Catalog } from "../i18n/catalog.js";
import { checkCatalog } from "../i18n/checkCatalog.js";
import { checkUnitForms } from "../quantity/qualifierTable.js";
import { checkPartials, checkTemplateKeys, templateKeys } from "../render/checkTemplateKeys.js";
import { checkCatalogUsage } from "../render/checkCatalogUsage.js";
import { loadTemplates, type TemplateSet } from "../render/templates.js";
import { checkStylesheet } from "../pdf/checkStylesheet.js";
import { createPdfEngine, type PdfEngine } from "../pdf/engine.js";
import { checkLocaleCoverage } from "../pdf/localeCoverage.js";
import { runningProgram, ToolCache } from "../emit/toolCache.js";
import { sha256 } from "../core/hash.js";
import { sharedDataId, sharedDataKey, sharedInputsId, sharedInputsKey } from "./inputs.js";
import { ArticleLoans } from "./articleLoans.js";
import { loadSharedData } from "../load/loadProject.js";
import { validateSharedData, type SharedData } from "../validate/validateProject.js";

/** The catalog and templates, compiled and checked. */
export interface SharedSetUp {
  readonly catalog: Catalog;
  readonly templates: TemplateSet;
}

/**
 * What a build sets up and a caller that builds again keeps (a worker between chunks, the
 * preview between requests): owned by that caller, never module state. A library call of
 * `build()` gets a fresh one.
 */
export class BuildSetUp {
  /**
   * The user's tool cache (src/emit/toolCache.ts): shaped words and compiled templates kept
   * between runs, whatever the project; undefined when `TILPRESS_TOOL_CACHE=off`.
   */
  readonly toolCache: ToolCache | undefined;
  /** Fonts, shaped words and the layout caches (src/pdf/engine.ts): warm across builds. */
  readonly pdf: PdfEngine;
  /** Stories the newsletters loaded and validated, for this thread's article build that follows. */
  readonly loans = new ArticleLoans();
  #shared: (SharedSetUp & { readonly key: string; readonly diagnostics: readonly Diagnostic[] }) | undefined;
  #data: (SharedData & { readonly key: string; readonly diagnostics: readonly Diagnostic[] }) | undefined;
  /** The shared inputs' keys while pinned (`pinInputs`), by what else they depend on. */
  #pinned: Map<string, string> | undefined;
  #longRun = false;

  /** `toolCache`: the folder to use; null for none; left out, the user's (`ToolCache.open()`, from the environment). */
  constructor({ toolCache }: { readonly toolCache?: ToolCache | null } = {}) {
    this.toolCache = toolCache === null ? undefined : (toolCache ?? ToolCache.open());
    this.pdf = createPdfEngine({ toolCache: this.toolCache });
  }

  /**
   * Write what this set-up learned for the tool cache (the words a build shaped); after each
   * build. `full`: only what has reached its bound (between the articles of a long share).
   */
  saveToolCache(options: { readonly full?: boolean } = {}): void {
    this.pdf.fonts.storedWords.save(options);
  }

  /**
   * Until `unpinInputs`, the glossary, outlets, catalog and templates are hashed once, and every
   * build reads them as they were then: a batch (the main thread's share of a long run, a
   * worker's life) builds all its articles from one reading. Each article's build hashed every
   * one of those files again to see whether its set-up still held: 233 ms of a 40-article build
   * in one thread (a CPU profile, 2026-12-03). The preview, which builds again after edits, does
   * not pin.
   */
  pinInputs(): void {
    this.#pinned ??= new Map();
  }

  unpinInputs(): void {
    this.#pinned = undefined;
  }

  #key(id: string, compute: () => string): string {
    if (!this.#pinned) return compute();
    let key = this.#pinned.get(id);
    if (key === undefined) this.#pinned.set(id, (key = compute()));
    return key;
  }

  /**
   * A long run's set-up (`STORED_WORDS_ARTICLES`): the tool cache's shaped words are neither read
   * nor added (`ShapeStore.turnOff`), nor the articles' parsed YAML (`articleToolCache`): a long
   * run's articles are new, and the next build takes them from the incremental cache unparsed;
   * 4,000 entries written for 1,000 articles would only push out the ones short builds use.
   */
  startLongRun(): void {
    this.pdf.fonts.storedWords.turnOff();
    this.#longRun = true;
  }

  /** Where the articles' parsed YAML is kept between runs: the tool cache, except in a long run. */
  get articleToolCache(): ToolCache | undefined {
    return this.#longRun ? undefined : this.toolCache;
  }

  /**
   * The glossary and outlets, read, parsed and schema-checked, their diagnostics added to
   * `diagnostics`. Kept for the next build while their bytes (and the policy) are the same: the
   * main thread builds its share one article at a time, and the glossary of a 1,000-article
   * generated corpus (117 KB) takes some 100 ms to parse.
   */
  sharedData(config: ResolvedConfig, diagnostics: DiagnosticList): SharedData {
    const key = this.#key(`data ${sharedDataId(config)}`, () => sharedDataKey(config));
    if (this.#data?.key !== key) {
      const local = diagnostics.fork();
      const parsed = loadSharedData(projectFiles(config), local, this.toolCache);
      const content = validateSharedData(parsed, local);
      this.#data = { key, parsed, content, diagnostics: local.items };
    }
    diagnostics.absorb(this.#data.diagnostics);
    return this.#data;
  }

  /**
   * The catalog and templates, loaded, compiled and checked, their diagnostics added to
   * `diagnostics`. Kept for the next build while every file and option they depend on hashes
   * the same.
   */
  shared(config: ResolvedConfig, diagnostics: DiagnosticList): SharedSetUp {
    // The catalog and template folders are among the shared inputs, by path and contents.
    const key = this.#key(`inputs ${sharedInputsId(config)}`, () => sharedInputsKey(config));
    if (this.#shared?.key !== key) {
      const local = diagnostics.fork();
      const shared = loadShared({ config, toolCache: this.toolCache, inputsKey: key }, local);
      // Every letter of every locale in the PDF's fonts: the engine's font stack is the one pages use.
      if (config.formats.includes("pdf")) {
        // As buildPdf does: the engine's measurements belong to the stack's fonts.
        if (this.pdf.fonts.use(config.fonts)) this.pdf.measuredRuns.clear();
        checkLocaleCoverage({ locales: config.locales, fonts: this.pdf.fonts }, local);
      }
      this.#shared = { key, ...shared, diagnostics: local.items };
    }
    diagnostics.absorb(this.#shared.diagnostics);
    return this.#shared;
  }
}

/**
 * A project's own templates/ replaces the package's as a whole, so one made before a template
 * was added (press-room.hbs) lacks it: say where the package's copy is to start from.
 */
function missingTemplateHint(name: string, found: readonly string[]): string {
  const own = `Templates found: ${found.join(", ")}`;
  if (!existsSync(join(PACKAGE_ROOT, "templates", `${name}.hbs`))) return own;
  return `${own}. tilpress's own is node_modules/tilpress/templates/${name}.hbs: copy it into templates/ and adapt it (the package's templates/ serves only when the project has none).`;
}

interface LoadShared {
  readonly config: ResolvedConfig;
  readonly toolCache: ToolCache | undefined;
  /** `sharedInputsKey(config)`: every file and option the catalog, the templates and their checks read. */
  readonly inputsKey: string;
}

function loadShared({ config, toolCache, inputsKey }: LoadShared, diagnostics: DiagnosticList): SharedSetUp {
  const files = projectFiles(config);
  const catalog = loadCatalog(
    { localesDir: config.localesDir, files, profiles: config.profiles, toolCache },
    diagnostics,
  );
  const templates = loadTemplates(config.templatesDir, files, diagnostics, { fonts: config.fonts, toolCache });
  const key = checksKey({ config, toolCache, inputsKey });
  const kept = key === undefined ? undefined : readChecks(toolCache, key);
  if (kept) diagnostics.absorb(kept);
  else {
    const found = diagnostics.fork();
    checkShared({ config, catalog, templates }, found);
    diagnostics.absorb(found);
    if (key !== undefined) toolCache?.write(CHECKS_KIND, key, Buffer.from(JSON.stringify(found.items)));
  }
  for (const name of [...config.templates, "index", PRESS_ROOM_TEMPLATE]) {
    if (!templates.names.includes(name) && !diagnostics.items.some((d) => d.file === templates.files[name])) {
      diagnostics.error({
        code: "template/missing",
        message: `No template \`${name}.hbs\``,
        file: `templates/${name}.hbs`,
        hint: missingTemplateHint(name, templates.names),
      });
    }
  }
  // Publishing needs to know where: canonical links, feeds and sitemaps are absolute URLs.
  if (config.checkOnly && config.baseUrl === undefined) {
    diagnostics.warn({
      code: "site/no-base-url",
      message: "No `baseUrl`: pages link to each other relatively and have no canonical URL",
      file: PROJECT_CONFIG_FILE,
      hint: 'Set "baseUrl" in tilpress.config.json to where dist/ is published (https://press.example.org/): canonical links, hreflang alternates, feeds and sitemaps need absolute URLs.',
    });
  }
  return { catalog, templates };
}

/**
 * The catalog's and the templates' checks: diagnostics only, made from what was loaded and the
 * config. Their results are kept in the tool cache (`checksKey`): some 110 ms of every
 * thread's set-up (the unit forms of every locale 63 ms, the catalog 19, the stylesheet 17),
 * in a cold build and in each worker (--cpu-prof of `build --no-cache`, 2026-12-03).
 */
function checkShared(
  { config, catalog, templates }: { config: ResolvedConfig; catalog: Catalog; templates: TemplateSet },
  diagnostics: DiagnosticList,
): void {
  checkCatalog(catalog, config.locales, diagnostics);
  // A derived locale's strings are its source's (checked there) with a few of its own on top.
  const own = config.locales.filter((l) => contentLocale(l) === l);
  checkUnitForms(catalog, own, diagnostics);
  checkTemplateKeys(templates.sources, catalog, own, diagnostics);
  checkPartials(templates.sources, templates.partials, diagnostics);
  if (config.formats.includes("pdf") && templates.stylesheetFile)
    checkStylesheet({ css: templates.stylesheet, file: templates.stylesheetFile }, diagnostics);
  const { locales, identicalAllowed } = config;
  checkCatalogUsage(catalog, { locales, used: templateKeys(templates.sources), identicalAllowed }, diagnostics);
}

const CHECKS_KIND = "setup-checks";

/**
 * What the checks' results are named by: the running program's code (its bundles' hash: the
 * checks are code, and a key on tilpress's version alone would keep a developer's stale
 * results), every input the set-up reads (their bytes, the options, the policy the diagnostics
 * were made under) and the project's folder. None outside a bundle or without a tool cache.
 */
function checksKey({ toolCache, inputsKey, config }: LoadShared): string | undefined {
  const code = runningProgram();
  return toolCache && code !== undefined ? sha256([code, inputsKey, config.root].join("\0")) : undefined;
}

/** The diagnostics a kept entry holds, or undefined when it is missing or not what `checkShared` writes. */
function readChecks(toolCache: ToolCache | undefined, key: string): Diagnostic[] | undefined {
  const text = toolCache?.read(CHECKS_KIND, key);
  if (text === undefined) return undefined;
  try {
    const items: unknown = JSON.parse(text);
    return Array.isArray(items) && items.every(isDiagnostic) ? items : undefined;
  } catch {
    return undefined;
  }
}

function isDiagnostic(value: unknown): value is Diagnostic {
  if (typeof value !== "object" || value === null) return false;
  const d = value as Record<string, unknown>;
  return (
    typeof d["code"] === "string" &&
    typeof d["message"] === "string" &&
    (d["severity"] === "error" || d["severity"] === "warning")
  );
}
