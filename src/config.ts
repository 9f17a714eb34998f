import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./core/errors.js";
import { isLocale, SUPPORTED_LOCALES, type Locale } from "./core/locales.js";

/** The page templates built for every article, in this order. */
export const DEFAULT_TEMPLATES = ["briefing", "press-release"] as const;

/** What a caller may ask for; everything is optional. */
export interface BuildOptions {
  /** Project folder holding data/, locales/ and templates/ (default: the current folder). */
  readonly root?: string;
  readonly locales?: readonly string[];
  readonly templates?: readonly string[];
  /** Article ids to build (default: all). */
  readonly articles?: readonly string[];
  /** Warnings become errors. */
  readonly strict?: boolean;
}

/** Options resolved once, frozen, and passed to every stage. */
export interface ResolvedConfig {
  readonly root: string;
  readonly dataDir: string;
  readonly localesDir: string;
  readonly templatesDir: string;
  readonly locales: readonly Locale[];
  readonly templates: readonly string[];
  readonly articles: readonly string[] | undefined;
  readonly strict: boolean;
}

/** The folder of the installed tilpress package: its default templates and catalog live there. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function resolveConfig(options: BuildOptions = {}): ResolvedConfig {
  const root = resolve(options.root ?? process.cwd());
  const locales = (options.locales?.length ? options.locales : SUPPORTED_LOCALES).map((l) => {
    if (!isLocale(l)) throw new UsageError(`Unknown locale "${l}": tilpress builds ${SUPPORTED_LOCALES.join(", ")}`);
    return l;
  });
  // A data repository may keep only data/: the package's templates and catalog serve then.
  const own = (name: string) => (existsSync(join(root, name)) ? join(root, name) : join(PACKAGE_ROOT, name));
  return Object.freeze({
    root,
    dataDir: join(root, "data"),
    localesDir: own("locales"),
    templatesDir: own("templates"),
    locales: Object.freeze([...new Set(locales)]),
    templates: Object.freeze([...(options.templates?.length ? options.templates : DEFAULT_TEMPLATES)]),
    articles: options.articles ? Object.freeze([...options.articles]) : undefined,
    strict: options.strict ?? false,
  });
}
