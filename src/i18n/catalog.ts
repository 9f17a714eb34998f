import { join } from "node:path";
import i18next, { type i18n, type Resource, type ResourceLanguage } from "i18next";
import { DiagnosticList } from "../core/diagnostic.js";
import type { Locale, LocaleProfiles } from "../locale/index.js";
import { readSource } from "../load/loadProject.js";
import type { ProjectFiles } from "../core/projectFiles.js";
import type { ToolCache } from "../emit/toolCache.js";
import { readYaml, type YamlData } from "../load/yaml.js";
import { placeOf } from "../core/source.js";
import { JSON_NOT_YAML, notJson } from "../load/strictJson.js";

/**
 * The string catalog: `locales/<lng>/<namespace>.json`, i18next JSON v4, one instance per build.
 * A derived locale (kk-Latn) has the strings of the locale it is made from, with those its own
 * folder gives (if it has one) on top; `files` and `sources` hold only the files read.
 */
export interface Catalog {
  readonly i18n: i18n;
  /** The build's locales, their profiles and the source locale. */
  readonly profiles: LocaleProfiles;
  readonly namespaces: readonly string[];
  /** Project-relative path of each namespace file, keyed `<locale>/<namespace>`, for diagnostics. */
  readonly files: Readonly<Record<string, string>>;
  /** The parsed files with positions, keyed like `files`. */
  readonly sources: Readonly<Record<string, YamlData>>;
  /** Files that did not parse (an error said where), keyed like `files`: none of their strings is read. */
  readonly unread: ReadonlySet<string>;
  /**
   * What each language's translators have found, kept for the catalog's life (its strings do not
   * change): i18next resolves a key anew at every call (`exists`, then `t`), and a page asks
   * for a hundred.
   */
  readonly strings: Map<string, LanguageStrings>;
}

/** One language's strings as found (src/i18n/translator.ts). */
export interface LanguageStrings {
  /** Strings asked for without variables, by key. */
  readonly plain: Map<string, string>;
  /** Whether the catalog has a key. */
  readonly known: Map<string, boolean>;
}

/** Where a catalog is read from: the locales folder, through the project's reader, for these locales. */
export interface CatalogFiles {
  readonly localesDir: string;
  readonly files: ProjectFiles;
  readonly profiles: LocaleProfiles;
  /** Where clean parses are kept between runs (`readYaml`). */
  readonly toolCache?: ToolCache | undefined;
}

export function loadCatalog(
  { localesDir, files: projectFiles, profiles, toolCache }: CatalogFiles,
  diagnostics: DiagnosticList,
): Catalog {
  const locales = profiles.ids;
  const resources: Resource = {};
  const namespaces = new Set<string>();
  const files: Record<string, string> = {};
  const sources: Record<string, YamlData> = {};
  const unread = new Set<string>();
  const missing: Locale[] = [];
  // The source locale is one of them: what the others are checked against.
  for (const locale of locales) {
    const dir = join(localesDir, locale);
    const lang: ResourceLanguage = {};
    resources[locale] = lang;
    const derived = profiles.get(locale).derivedFrom !== undefined;
    if (!projectFiles.exists(dir)) {
      if (derived) continue;
      diagnostics.error({
        code: "catalog/missing-locale",
        message: `No string catalog for ${locale}, one of the project's locales`,
        hint: `Create ${locale}/common.json (every key, in ${locale}) next to the other locales' catalogs, or take ${locale} out of \`locales\` in tilpress.config.json.`,
        file: projectFiles.display(dir) + "/",
        locale,
      });
      missing.push(locale);
      continue;
    }
    for (const name of projectFiles.names(dir).filter((n) => n.endsWith(".json"))) {
      const ns = name.slice(0, -".json".length);
      const source = readSource(projectFiles, join(dir, name), { diagnostics, locale });
      if (!source) continue;
      files[`${locale}/${ns}`] = source.file;
      // One error at the file's start; its strings are then not each reported missing.
      const notAnObject = (message: string, more: { hint?: string } = {}) => {
        diagnostics.error({
          code: "catalog/not-an-object",
          message,
          ...more,
          file: source.file,
          line: 1,
          column: 1,
          locale,
        });
        unread.add(`${locale}/${ns}`);
      };
      if (/^[\s\uFEFF]*$/.test(source.text)) {
        // Nothing but spaces: one error for the file, not JSON's "unexpected end" and "not an object" both.
        notAnObject("The catalog file is empty: a catalog file holds one JSON object", {
          hint: 'Write its strings as one JSON object, `{ "key": "text" }` (`{}` when it has none yet), or delete the file.',
        });
        continue;
      }
      // JSON is YAML 1.2: parsing it as YAML gives us positions, duplicate-key and __proto__ checks.
      const read = new DiagnosticList();
      const parsed = readYaml(source, read, { locale, toolCache });
      const notJsonHere = notJson(source.text);
      if (notJsonHere && (!parsed || read.items.some((d) => d.severity === "error"))) {
        // Neither JSON nor YAML (a `//` comment): what JSON refuses, once, not YAML's words for
        // every line after it; its strings are not read, and not reported missing one by one.
        diagnostics.error({
          code: "data/yaml-syntax",
          message: `The catalog is not valid JSON (${notJsonHere.reason})`,
          hint: `Write JSON: ${JSON_NOT_YAML}.`,
          file: source.file,
          ...placeOf(source.text, notJsonHere.offset),
          locale,
        });
        unread.add(`${locale}/${ns}`);
        continue;
      }
      for (const d of read.items) diagnostics.push(d);
      if (!parsed) {
        unread.add(`${locale}/${ns}`);
        continue;
      }
      if (notJsonHere)
        diagnostics.warn({
          code: "catalog/not-json",
          message: `The catalog is not valid JSON (${notJsonHere.reason}): tilpress reads it, a translation tool or JSON linter would not`,
          hint: `Write JSON: ${JSON_NOT_YAML}.`,
          file: source.file,
          ...placeOf(source.text, notJsonHere.offset),
          locale,
        });
      if (typeof parsed.data !== "object" || parsed.data === null || Array.isArray(parsed.data)) {
        notAnObject("A catalog file holds one JSON object");
        continue;
      }
      sources[`${locale}/${ns}`] = parsed;
      lang[ns] = parsed.data as Record<string, unknown> as ResourceLanguage[string];
      namespaces.add(ns);
    }
  }
  // A locale with no catalog folder is that one error, not each of its strings reported missing.
  for (const locale of missing) for (const ns of namespaces) unread.add(`${locale}/${ns}`);
  for (const locale of locales) {
    const from = profiles.get(locale).derivedFrom;
    if (from !== undefined) resources[locale] = overlay(resources[from] ?? {}, resources[locale] ?? {});
  }
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: profiles.source,
    supportedLngs: [...locales],
    // Never fill one language from another: a missing string is a diagnostic, not English.
    fallbackLng: false,
    ns: [...namespaces],
    defaultNS: "common",
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: true,
    initAsync: false,
    showSupportNotice: false,
  } as Parameters<i18n["init"]>[0]);
  return { i18n: instance, profiles, namespaces: [...namespaces].sort(), files, sources, unread, strings: new Map() };
}

/** `base` with `given`'s strings on top, namespace by namespace, key by key (nested objects merged). */
function overlay(base: ResourceLanguage, given: ResourceLanguage): ResourceLanguage {
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isObject(a) || !isObject(b)) return b === undefined ? a : b;
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  };
  return merge(base, given) as ResourceLanguage;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
