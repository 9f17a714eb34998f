import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { sha256 } from "./core/hash.js";
import type { Locale } from "./locale/index.js";
import type { ResolvedConfig } from "./config.js";
import type { Catalog } from "./i18n/catalog.js";
import type { TemplateSet } from "./render/templates.js";
import type { Article, Content } from "./validate/content.js";
import { VERSION } from "./version.js";

const require = createRequire(import.meta.url);
const versions = new Map<string, string>();

/** A dependency's version, from its package.json (found next to its entry point: not every package exports it). */
function version(name: string): string {
  let v = versions.get(name);
  if (v) return v;
  let start: string;
  try {
    start = dirname(require.resolve(`${name}/package.json`));
  } catch {
    start = dirname(require.resolve(name));
  }
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, "package.json");
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, "utf8")) as { name?: string; version?: string };
    if (pkg.name === name && pkg.version) {
      versions.set(name, (v = pkg.version));
      return v;
    }
  }
  throw new Error(`cannot find the version of ${name}`);
}

/**
 * Everything one article's page in one locale depends on, hashed: the tool and its layout
 * dependencies, the options that change bytes, the article's facts and this locale's text, the
 * glossary entries and outlet it names, the locale's catalog, every template, partial and the
 * stylesheet, its images, and which locales it links to. Equal hashes, equal bytes.
 */
export function pageInputsHash(
  config: ResolvedConfig,
  content: Content,
  article: Article,
  locale: Locale,
  builtLocales: readonly Locale[],
  catalog: Catalog,
  templates: TemplateSet,
): string {
  const facts = article.facts;
  const text = article.texts[locale];
  const ids = {
    places: [facts.dateline, ...facts.figures.flatMap((f) => f.places)],
    people: [
      ...facts.people,
      ...facts.credits.flatMap((c) => (c.person ? [c.person] : [])),
      ...(text?.quotes.map((q) => q.speaker) ?? []),
    ],
    organizations: [
      ...facts.organizations,
      ...facts.credits.flatMap((c) => (c.organization ? [c.organization] : [])),
      ...(text?.quotes.map((q) => q.speaker) ?? []),
    ],
  };
  const glossary = Object.entries(ids).map(([section, list]) =>
    [...new Set(list)]
      .sort()
      .map((id) => [section, id, content.glossary[section as keyof typeof ids][id]?.[locale] ?? null]),
  );
  const parts = [
    `tilpress ${VERSION}`,
    `pdfkit ${version("pdfkit")}`,
    `fonts ${version("dejavu-fonts-ttf")}`,
    JSON.stringify({
      formats: config.formats,
      pageSize: config.pageSize,
      pdfa: config.pdfa,
      epoch: config.sourceDateEpoch ?? null,
      built: builtLocales,
    }),
    article.factsYaml.source.text,
    text?.yaml.source.text ?? "",
    JSON.stringify(glossary),
    JSON.stringify([
      content.outlets[facts.outlet]?.[locale] ?? null,
      content.outlets[facts.outlet]?.url ?? null,
      content.outlets[facts.outlet]?.contact ?? null,
    ]),
    ...Object.entries(catalog.sources)
      .filter(([key]) => key.startsWith(`${locale}/`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, y]) => y.source.text),
    ...Object.keys(templates.sources)
      .sort()
      .map((file) => templates.sources[file]!.text),
    templates.stylesheet,
    ...[...article.images.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, image]) => `${id}:${sha256(image.data)}`),
  ];
  return sha256(parts.join("\u0000"));
}

/**
 * Everything every article's result depends on besides its own folder: the tool and layout
 * dependencies, the options, the glossary, the outlets, the catalogs, the templates and the
 * project config. Part of every cache key.
 */
export function sharedInputsKey(config: ResolvedConfig): string {
  const parts = [
    `tilpress ${VERSION}`,
    `pdfkit ${version("pdfkit")}`,
    `fonts ${version("dejavu-fonts-ttf")}`,
    JSON.stringify({
      locales: config.locales,
      templates: config.templates,
      formats: config.formats,
      pageSize: config.pageSize,
      pdfa: config.pdfa,
      epoch: config.sourceDateEpoch ?? null,
      strict: config.strict,
      checkOnly: config.checkOnly,
      policy: config.policy,
      identicalAllowed: config.identicalAllowed,
    }),
  ];
  const files = (dir: string, prefix: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) files(path, `${prefix}${name}/`);
      else parts.push(`${prefix}${name}`, sha256(readFileSync(path)));
    }
  };
  for (const file of ["glossary.yaml", "outlets.yaml"]) {
    const path = join(config.dataDir, file);
    parts.push(file, existsSync(path) ? sha256(readFileSync(path)) : "-");
  }
  files(config.localesDir, "locales/");
  files(config.templatesDir, "templates/");
  const projectConfig = join(config.root, "tilpress.config.json");
  parts.push(existsSync(projectConfig) ? sha256(readFileSync(projectConfig)) : "-");
  return sha256(parts.join("\u0000"));
}
