import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { sha256, sha256Joined } from "../core/hash.js";
import { contentLocale, type Locale } from "../locale/index.js";
import { PROJECT_CONFIG_FILE, projectFiles, type ResolvedConfig } from "../config.js";
import type { ProjectFiles, ReadResult } from "../core/projectFiles.js";
import { underEmbargo } from "../model/embargo.js";
import { parse as parseYaml } from "yaml";
import type { SiteEntry } from "../site/finish.js";
import type { ShardOfBuild } from "../site/manifest.js";
import { listArticles } from "../load/loadProject.js";
import { selectArticles } from "./selectArticles.js";
import type { Article } from "../validate/content.js";
import type { BuildContext } from "./context.js";
import type { FileHashes } from "../emit/fileHashes.js";
import { VERSION } from "../version.js";
import { runningProgram } from "../emit/toolCache.js";

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
 * stylesheet, its images, and which locales it links to. Equal hashes, equal bytes. A derived
 * locale's page (kk-Latn) depends on its source locale's text, names, outlet and catalog, its
 * own catalog strings and glossary names, and every spelling of the glossary (any may match).
 */
export function pageInputsHash(
  { config, content, catalog, templates }: Pick<BuildContext, "config" | "content" | "catalog" | "templates">,
  { article, locale, builtLocales }: { article: Article; locale: Locale; builtLocales: readonly Locale[] },
): string {
  const facts = article.facts;
  const from = contentLocale(locale);
  const locales = from === locale ? [locale] : [from, locale];
  const text = article.texts[from];
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
      .map((id) => [
        section,
        id,
        ...locales.map((l) => content.glossary[section as keyof typeof ids][id]?.[l] ?? null),
      ]),
  );
  const spellings =
    from === locale
      ? []
      : Object.values(content.glossary).flatMap((entries) =>
          Object.values(entries).flatMap((e) => (e[locale] ? [[e[from]?.name ?? null, e[locale].name]] : [])),
        );
  const parts = [
    `tilpress ${VERSION}`,
    `pdfkit ${version("pdfkit")}`,
    `fonts ${version("dejavu-fonts-ttf")}`,
    `emoji ${version("@expo-google-fonts/noto-emoji")}`,
    // Not the formats selected: each output adds its own format (buildPage), and a page built
    // with --format pdf must record what a full build records.
    JSON.stringify({
      pageSize: config.pageSize,
      pdfStandard: config.pdfStandard ?? null,
      epoch: config.sourceDateEpoch ?? null,
      fonts: config.fonts.key,
      built: builtLocales,
      // The page's canonical, alternate and language links are absolute under it.
      baseUrl: config.baseUrl ?? null,
    }),
    article.factsYaml.source.text,
    text?.yaml.source.text ?? "",
    JSON.stringify(glossary),
    ...(spellings.length ? [JSON.stringify(spellings)] : []),
    JSON.stringify([
      content.outlets[facts.outlet]?.[from] ?? null,
      content.outlets[facts.outlet]?.url ?? null,
      content.outlets[facts.outlet]?.contact ?? null,
      content.outlets[facts.outlet]?.contacts ?? null,
    ]),
    sharedTextsHash(catalog, templates, locales),
    ...[...article.images.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, image]) => `${id}:${imageHash(image.data)}`),
    // Which side of its embargo the page was built on (only for an embargoed article).
    ...(facts.embargo ? [`embargo ${underEmbargo(facts.embargo, config.now)}`] : []),
  ];
  return sha256Joined(parts, "\u0000");
}

/**
 * The locales' catalog files, every template and partial, and the stylesheet, hashed once per
 * catalog, template set and locales: the same for every article's page (a build loads each
 * once, so the objects name their contents). Hashed again for each page, they and the images
 * made `pageInputsHash` take 34 ms of a 40-article build, 10 ms now (--cpu-prof, --jobs 1).
 */
function sharedTextsHash(
  catalog: BuildContext["catalog"],
  templates: BuildContext["templates"],
  locales: readonly Locale[],
): string {
  let byTemplates = sharedTexts.get(catalog);
  if (!byTemplates) sharedTexts.set(catalog, (byTemplates = new WeakMap()));
  let byLocales = byTemplates.get(templates);
  if (!byLocales) byTemplates.set(templates, (byLocales = new Map()));
  const key = locales.join(" ");
  let hash = byLocales.get(key);
  if (hash === undefined) {
    hash = sha256Joined(
      [
        ...Object.entries(catalog.sources)
          .filter(([key]) => locales.some((l) => key.startsWith(`${l}/`)))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([, y]) => y.source.text),
        ...Object.keys(templates.sources)
          .sort()
          .map((file) => templates.sources[file]!.text),
        templates.stylesheet,
      ],
      "\u0000",
    );
    byLocales.set(key, hash);
  }
  return hash;
}

const sharedTexts = new WeakMap<object, WeakMap<object, Map<string, string>>>();

/** An image's bytes hashed once, not once per locale's page. */
function imageHash(data: Buffer): string {
  let hash = imageHashes.get(data);
  if (hash === undefined) imageHashes.set(data, (hash = sha256(data)));
  return hash;
}

const imageHashes = new WeakMap<Buffer, string>();

/**
 * The inputs of the incremental cache, declared once: each stage names the files, folders and
 * options it reads, and one walker hashes them. A new input added here reaches every key.
 */
const STAGE_INPUTS = {
  /** Load and validate: the shared data files. */
  data: { files: ["data/glossary.yaml", "data/outlets.yaml"] },
  /** i18n and render: the catalog and the templates (the project's own or the package's). */
  catalogAndTemplates: { folders: (c: ResolvedConfig) => [c.localesDir, c.templatesDir] },
  /** The project's policy and check settings. */
  projectConfig: { files: [PROJECT_CONFIG_FILE] },
  /** The PDF and the stylesheet: the project's font files, by name and content (src/fonts/projectFonts.ts). */
  fonts: (c: ResolvedConfig) => `fonts ${c.fonts.key}`,
  /** Options that change what a build reports or writes. */
  options: [
    "locales",
    "selectedLocales",
    "templates",
    "formats",
    "pageSize",
    "pdfStandard",
    "sourceDateEpoch",
    "strict",
    "checkOnly",
    "policy",
    "identicalAllowed",
    "limits",
    "baseUrl",
  ] satisfies readonly (keyof ResolvedConfig)[],
} as const;

/**
 * The tool and the dependencies whose versions change output bytes. Run from the bundles (the
 * CLI and its workers), the program's own hash too: a tilpress rebuilt between releases (a
 * checkout, a git install) keeps its version, and replaying the older program's outputs and
 * diagnostics would hide what the new code does. The bundles are built alike on every machine,
 * so two CI jobs of one commit still agree (`shardInputs`). The library keeps the version alone.
 */
function toolInputs(): string[] {
  const program = runningProgram();
  return [
    `tilpress ${VERSION}`,
    ...(program === undefined ? [] : [`program ${program}`]),
    `pdfkit ${version("pdfkit")}`,
    `fonts ${version("dejavu-fonts-ttf")}`,
    `emoji ${version("@expo-google-fonts/noto-emoji")}`,
  ];
}

/**
 * The one walker: every file under `dir` (sorted, recursively), by its path relative to `dir`
 * and the hash of its bytes, appended to `parts`. A missing folder adds only its marker. With
 * the cache's `hashes`, a file whose stat is as recorded is not read again.
 */
export function hashFolder(files: ProjectFiles, dir: string, parts: string[], hashes?: FileHashes): void {
  if (!files.exists(dir)) {
    parts.push("-");
    return;
  }
  // Through ProjectFiles: a pipe, a link out or in a loop, a file over its limit is never read;
  // it stands in the key as its problem's code, and the loader reports it.
  for (const entry of files.walk(dir)) {
    if (entry.problem) parts.push(entry.rel, `!${entry.problem.code}`);
    else if (hashes)
      parts.push(
        entry.rel,
        hashes.hashOf(entry.real, entry.stat, () => files.readListed(entry)),
      );
    else parts.push(entry.rel, readHash(files.readListed(entry)));
  }
}

function hashFile(files: ProjectFiles, path: string, parts: string[], name: string): void {
  if (!files.exists(path)) {
    parts.push(name, "-");
    return;
  }
  parts.push(name, readHash(files.read(path)));
}

/** A file's part of a key: its bytes' hash, or the problem that kept it from being read. */
function readHash(read: ReadResult): string {
  return read.ok ? sha256(read.data) : `!${read.problem.code}`;
}

/**
 * Everything every article's result depends on besides its own folder: the tool, the options,
 * the shared data files, the catalog, the templates and the project config (STAGE_INPUTS).
 * Part of every cache key.
 */
export function sharedInputsKey(config: ResolvedConfig, hashes?: FileHashes): string {
  const parts = [...toolInputs(), JSON.stringify(stageOptions(config)), STAGE_INPUTS.fonts(config)];
  const files = projectFiles(config);
  for (const file of [...STAGE_INPUTS.data.files, ...STAGE_INPUTS.projectConfig.files]) {
    hashFile(files, join(config.root, file), parts, file);
  }
  for (const dir of STAGE_INPUTS.catalogAndTemplates.folders(config)) {
    // Where the folder is relative to the project, not where the checkout is: two CI jobs of one
    // commit must agree (shardInputs), and a moved project keeps its cache.
    parts.push(relative(config.root, dir).split(sep).join("/"));
    hashFolder(files, dir, parts, hashes);
  }
  return sha256(parts.join("\u0000"));
}

/**
 * What `sharedInputsKey` and `sharedDataKey` hash besides the files' bytes: configs with the same
 * id read the same files, and get the same key while those files are unchanged.
 */
export function sharedInputsId(config: ResolvedConfig): string {
  return JSON.stringify([
    config.root,
    stageOptions(config),
    STAGE_INPUTS.fonts(config),
    STAGE_INPUTS.catalogAndTemplates.folders(config),
  ]);
}

/** The options of STAGE_INPUTS with their values (null for one not set). */
function stageOptions(config: ResolvedConfig): Record<string, unknown> {
  return Object.fromEntries(STAGE_INPUTS.options.map((name) => [name, config[name] ?? null]));
}

/** What `sharedDataKey` hashes besides the glossary's and outlets' bytes. */
export function sharedDataId(config: ResolvedConfig): string {
  return JSON.stringify([config.root, config.policy]);
}

/** What the glossary and outlets as checked depend on: their bytes, where the project is, the policy. */
export function sharedDataKey(config: ResolvedConfig): string {
  const parts = [config.root, JSON.stringify(config.policy)];
  const files = projectFiles(config);
  for (const file of STAGE_INPUTS.data.files) hashFile(files, join(config.root, file), parts, file);
  return sha256(parts.join("\u0000"));
}

/**
 * A shard build's manifest line: "k/n", and a hash of what every shard of the same build shares
 * (the shared inputs and the articles selected before sharding), so `merge` can refuse a shard
 * of another commit, other options or another article selection.
 */
export function shardOfBuild(config: ResolvedConfig): ShardOfBuild | undefined {
  if (!config.shard) return undefined;
  const ids = selectArticles(listArticles(config.root), config.articles, undefined);
  return {
    label: `${config.shard.index}/${config.shard.count}`,
    inputs: sha256(["shard-set", sharedInputsKey(config), ...ids].join("\u0000")),
  };
}

/** The key of one folder's result (an article's, the newsletters'): its files and the shared inputs. */
export function folderInputsKey(files: ProjectFiles, dir: string, shared: string, hashes?: FileHashes): string {
  const parts = [shared];
  hashFolder(files, dir, parts, hashes);
  return sha256(parts.join("\u0000"));
}

/**
 * What the newsletters of a build depend on besides the shared inputs (a finishing step's key):
 * their folder, the shard (only the first builds them), every selected article's key, and
 * whether an embargoed article's embargo is in force.
 */
export function newslettersInputs(
  config: ResolvedConfig,
  articles: {
    readonly shared: string;
    readonly keys: ReadonlyMap<string, string>;
    readonly embargoes: ReadonlyMap<string, boolean>;
    readonly fileHashes?: FileHashes | undefined;
  },
): string {
  // An embargoed story's state is part of it: the issue leaves the story out until it passes.
  const embargo = (id: string) => {
    const active = articles.embargoes.get(id);
    return active === undefined ? "" : active ? "+embargo" : "-embargo";
  };
  const files = projectFiles(config);
  // A story the build does not select (another shard's, one an --article filter leaves out) is
  // in the issue all the same: its folder and its embargo's side belong to the key too.
  const outside = storiesOf(config, files)
    .filter((id) => !articles.keys.has(id))
    .map((id) => {
      const folder = join(config.dataDir, "articles", id);
      const key = folderInputsKey(files, folder, articles.shared, articles.fileHashes);
      const until = embargoOf(files, join(folder, "article.yaml"));
      return `${id}:${key}${until === undefined ? "" : underEmbargo(until, config.now) ? "+embargo" : "-embargo"}`;
    });
  return [
    "newsletters",
    JSON.stringify(config.shard ?? null),
    folderInputsKey(files, join(config.dataDir, "newsletters"), articles.shared, articles.fileHashes),
    [...articles.keys].map(([id, key]) => `${key}${embargo(id)}`).join(","),
    outside.join(","),
  ].join("\u0000");
}

/** The article ids the newsletter issues name (`articles:`), read as plain YAML; a broken file names none. */
function storiesOf(config: ResolvedConfig, files: ProjectFiles): string[] {
  const dir = join(config.dataDir, "newsletters");
  const ids = new Set<string>();
  for (const name of files.names(dir).filter((n) => n.endsWith(".yaml"))) {
    const issue = plainYaml(files, join(dir, name));
    const named = issue?.["articles"];
    if (Array.isArray(named)) for (const id of named) if (typeof id === "string") ids.add(id);
  }
  return [...ids].sort();
}

/** An article's `embargo:` as written, if any. */
function embargoOf(files: ProjectFiles, path: string): string | undefined {
  const until = plainYaml(files, path)?.["embargo"];
  return typeof until === "string" ? until : undefined;
}

function plainYaml(files: ProjectFiles, path: string): Record<string, unknown> | undefined {
  const read = files.read(path);
  if (!read.ok) return undefined;
  try {
    const data: unknown = parseYaml(read.data.toString("utf8"));
    return data !== null && typeof data === "object" && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the feeds depend on besides the shared inputs (baseUrl, feedItems and the catalog are
 * among those): every entry's path, title, size and page facts, in path order.
 */
export function feedsInputs(entries: readonly SiteEntry[]): string {
  const listed = [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => [e.path, e.article, e.locale, e.format, e.template, e.title, e.bytes, e.page]);
  return `feeds\u0000${JSON.stringify(listed)}`;
}

/** What the site pages (index.html, the press rooms) depend on besides the shared inputs: the entries they list, in path order. */
export function indexInputs(entries: readonly SiteEntry[]): string {
  const listed = [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => [
      e.path,
      e.article,
      e.locale,
      e.format,
      e.template,
      e.bytes,
      e.title,
      e.page?.kind ?? null,
      e.page?.published ?? null,
      e.page?.standfirst ?? null,
      e.page?.embargo ?? null,
    ]);
  return `index\u0000${JSON.stringify(listed)}`;
}
