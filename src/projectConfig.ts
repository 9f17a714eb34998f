import { join } from "node:path";
import { fontFileEntries, fontFileProblem } from "./fonts/projectFonts.js";
import { z } from "zod";
import { DIAGNOSTIC_CODES } from "./core/codes.js";
import { DiagnosticList } from "./core/diagnostic.js";
import { UsageError } from "./core/errors.js";
import { didYouMean } from "./core/suggest.js";
import { DEFAULT_LIMITS, ProjectFiles, type FileLimits } from "./core/projectFiles.js";
import { ALWAYS_ERRORS, type RuleLevel } from "./core/policy.js";
import {
  canonicalLocaleId,
  contentLocale,
  DEFAULT_LOCALES,
  DEFAULT_SOURCE_LOCALE,
  isLocaleId,
} from "./locale/index.js";
import { PDF_STANDARDS } from "./pdf/pdfStandard.js";
import { readYaml, type YamlData } from "./load/yaml.js";
import { placeOf } from "./core/source.js";
import { JSON_NOT_YAML, notJson } from "./load/strictJson.js";

/**
 * `tilpress.config.json` at a project's root: parsed with positions, checked against one schema
 * (published as schema/tilpress.config.schema.json for editors), then each rule of its own
 * below. Every problem names its line:column and, for a misspelt name, the likely one.
 */

export const PROJECT_CONFIG_FILE = "tilpress.config.json";

const RULE_LEVELS = ["error", "warning", "off"] as const satisfies readonly RuleLevel[];

const FontFile = z
  .string()
  .min(1)
  .describe("A TrueType font file (.ttf, TrueType outlines), relative to the project folder.");

const RoleFaces = z.strictObject({
  regular: FontFile,
  bold: FontFile.optional().describe(
    "Default: the regular file (nothing is made bold that the font does not draw so).",
  ),
  italic: FontFile.optional().describe("Default: the regular file."),
  boldItalic: FontFile.optional().describe("Default: bold, then italic, then regular."),
});

const FontsSchema = z.strictObject({
  serif: RoleFaces.optional().describe("Body text: where the stylesheet asks for a serif family."),
  sans: RoleFaces.optional().describe("Headings and small print: where the stylesheet asks for a sans-serif family."),
  fallback: z
    .array(FontFile)
    .optional()
    .describe("Fonts tried, in order, for a character neither the role's font nor DejaVu has (e.g. a CJK font)."),
});

/**
 * Why a baseUrl cannot be used ("must be …"), or undefined: an absolute http(s) URL with no
 * query, fragment or credentials, under which every output path resolves.
 */
export function baseUrlProblem(given: string): string | undefined {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return `must be an absolute URL like https://press.example.org/, not "${given}"`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `must be an http(s) URL, not "${given}"`;
  if (url.search || url.hash || url.username || url.password)
    return `must not carry a query, fragment or credentials: "${given}"`;
  return undefined;
}

/** A canonical BCP 47 tag of a language Intl knows; a misspelt one is told its canonical spelling. */
const LocaleId = z.string().superRefine((value, ctx) => {
  if (isLocaleId(value)) return;
  const canonical = canonicalLocaleId(value);
  ctx.addIssue({
    code: "custom",
    message:
      canonical !== undefined && canonical !== value && isLocaleId(canonical)
        ? `"${value}" is not a canonical BCP 47 locale id: write "${canonical}"`
        : `"${value}" is not a locale id: a BCP 47 tag of a language, like "de", "uz" or "pt-BR"`,
  });
});

const QuotePairSchema = z.tuple([z.string().min(1), z.string().min(1)]);

const LocaleSettingsSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe("The language's name in itself, for language switchers and the index."),
    quotes: z
      .strictObject({
        primary: QuotePairSchema.describe("Opening and closing quotation marks."),
        nested: QuotePairSchema.describe("The pair for a quotation inside a quotation."),
      })
      .optional()
      .describe("Quotation marks (default: CLDR's delimiters for the locale)."),
    dash: z
      .enum(["spaced", "spaced-en", "closed"])
      .optional()
      .describe('A dash between words: "spaced" (word — word), "spaced-en" (word – word) or "closed" (word—word).'),
    oneLetterWords: z
      .string()
      .optional()
      .describe("One-letter words kept with the word after them, in lower case (Russian: авиксуяо)."),
    shortWords: z
      .array(z.string().min(1))
      .optional()
      .describe("Short function words kept with the word after them, in lower case (Russian: на, не, по …)."),
    numeralSuffixes: z
      .boolean()
      .optional()
      .describe("Whether digits take suffixes after a hyphen (1990-х), kept together with a no-break hyphen."),
    monthBeforeDay: z
      .boolean()
      .optional()
      .describe("Whether dates put the month's name before the day (February 22); default from Intl."),
  })
  .describe("Overrides of a locale's typographic data; unset fields keep tilpress's or CLDR's (docs/languages.md).");

/**
 * The most builders `jobs` (and `--jobs`) may ask for. Each worker's heap may grow to some 216 MB
 * (parallel.ts: YOUNG_GENERATION_MB + OLD_GENERATION_MB), so 256 of them are already more memory
 * than a build machine has; a larger number is a typo (or 2^53), refused before any is started.
 */
export const MAX_JOBS = 256;

export const ProjectConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("The JSON Schema of this file, for editor completion."),
    rules: z
      .partialRecord(z.enum(DIAGNOSTIC_CODES), z.enum(RULE_LEVELS))
      .optional()
      .describe('Diagnostic code → "error", "warning" or "off" (docs/checks.md lists the codes).'),
    identicalAllowed: z
      .array(z.string())
      .optional()
      .describe("Catalog keys (e.g. release.end) whose translation may equal the English."),
    locales: z
      .array(LocaleId)
      .min(1)
      .optional()
      .describe(
        `The project's locales, canonical BCP 47 ids, each with a locales/<id>/ catalog (default: ${DEFAULT_LOCALES.join(", ")}; kk-Latn, made from kk, is opt-in).`,
      ),
    source: LocaleId.optional().describe(
      `The locale the content is written in first; translations are checked against it (default: ${DEFAULT_SOURCE_LOCALE}).`,
    ),
    localeSettings: z
      .record(z.string(), LocaleSettingsSchema)
      .optional()
      .describe("Per locale id: typographic data that replaces the built-in or CLDR-derived values."),
    baseUrl: z
      .string()
      .superRefine((value, ctx) => {
        const problem = baseUrlProblem(value);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
      })
      .meta({ format: "uri" })
      .optional()
      .describe(
        "Where the output folder is published (https://press.example.org/): pages get canonical and alternate URLs from it.",
      ),
    feedItems: z
      .int()
      .min(1)
      .optional()
      .describe("The newest items each locale's RSS, Atom and JSON feed lists (default: 20; feeds need baseUrl)."),
    out: z.string().min(1).optional().describe("The output folder, relative to the project (default: dist)."),
    pageSize: z.enum(["A4", "Letter"]).optional().describe("The PDF page size (default: A4)."),
    pdfStandard: z
      .enum(PDF_STANDARDS)
      .optional()
      .describe("Write PDFs conforming to PDF/A-1b or PDF/A-2b (default: no PDF/A)."),
    jobs: z
      .int()
      .min(1)
      .max(MAX_JOBS, `must be at most ${MAX_JOBS}`)
      .optional()
      .describe(
        `Threads that build: the main one and jobs - 1 workers (default: the number of cores; 32 articles or fewer in the main one; at most ${MAX_JOBS}).`,
      ),
    limits: z
      .strictObject(
        Object.fromEntries(
          Object.entries(DEFAULT_LIMITS).map(([key, value]) => [
            key,
            z.int().min(1).optional().describe(`Default: ${value}.`),
          ]),
        ) as Record<keyof FileLimits, z.ZodOptional<z.ZodInt>>,
      )
      .optional()
      .describe("Size limits per kind of file and the image budget; the rest keep their defaults."),
    fonts: FontsSchema.optional().describe(
      "The project's own fonts for PDFs (docs/fonts.md): TrueType files in the project, tried before DejaVu.",
    ),
  })
  .describe("tilpress project settings; command-line options override them.");

export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;

/** The JSON Schema of tilpress.config.json, as shipped in the package. */
export function projectConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ProjectConfigSchema, { target: "draft-7" }) as Record<string, unknown>;
}

/** The project's settings; no file: none. Any problem is a usage error listing each at its place. */
export function readProjectConfig(root: string): ProjectConfig {
  const path = join(root, PROJECT_CONFIG_FILE);
  const files = new ProjectFiles(root);
  if (!files.exists(path)) return {};
  // Read like any project file (no pipe, no link out, bounded), before its own limits are known.
  const read = files.read(path, "catalog");
  if (!read.ok) throw new UsageError(`${read.problem.message}. ${read.problem.hint}`);
  const parsed = parse(path, read.data.toString("utf8"));
  const problems = [...unknownSettings(parsed), ...unknownRules(parsed), ...lowered(parsed)];
  if (problems.length === 0) {
    const result = ProjectConfigSchema.safeParse(parsed.data);
    if (result.success) {
      problems.push(...localeProblems(parsed, result.data), ...fontFileProblems(parsed, root, result.data));
      if (problems.length === 0) return result.data;
    } else for (const issue of result.error.issues) problems.push(at(parsed, issue.path, describe(issue)));
  }
  throw new UsageError(problems.join("\n"));
}

type Parsed = YamlData & { readonly data: unknown };

/** JSON is YAML 1.2: the project's YAML reader gives every value its line and column. */
function parse(path: string, text: string): Parsed {
  const diagnostics = new DiagnosticList();
  const parsed = readYaml({ file: PROJECT_CONFIG_FILE, path, text }, diagnostics, { inexactNumbers: true });
  const first = diagnostics.items.find((d) => d.severity === "error");
  if (!parsed || first) {
    // Neither JSON nor YAML (a `//` comment): JSON's words, not YAML's.
    refuseNonJson(text);
    throw new UsageError(
      `${PROJECT_CONFIG_FILE}:${first?.line ?? 1}:${first?.column ?? 1}: not valid JSON (${first?.message ?? "empty"})`,
    );
  }
  if (typeof parsed.data !== "object" || parsed.data === null || Array.isArray(parsed.data))
    throw new UsageError(`${PROJECT_CONFIG_FILE}:1:1: must hold a JSON object`);
  refuseNonJson(text);
  return parsed;
}

/** The file is JSON to every other tool that reads it: what JSON refuses is refused (strictJson.ts). */
function refuseNonJson(text: string): void {
  const problem = notJson(text);
  if (!problem) return;
  const { line, column } = placeOf(text, problem.offset);
  throw new UsageError(
    `${PROJECT_CONFIG_FILE}:${line}:${column}: not valid JSON (${problem.reason}): the file is JSON, not YAML: ${JSON_NOT_YAML}`,
  );
}

function at(parsed: Parsed, path: readonly PropertyKey[], message: string, key = false): string {
  const place = key ? parsed.locateKey(path) : parsed.locate(path);
  return `${PROJECT_CONFIG_FILE}:${place.line}:${place.column}: ${message}`;
}

/** `source` and each `localeSettings` key name one of the project's locales, each listed once. */
function localeProblems(parsed: Parsed, { locales, source, localeSettings }: ProjectConfig): string[] {
  const ids = locales ?? DEFAULT_LOCALES;
  const listed = locales ? "`locales`" : `the default locales (${ids.join(", ")})`;
  const problems: string[] = [];
  (locales ?? []).forEach((id, i) => {
    if (locales?.indexOf(id) !== i) problems.push(at(parsed, ["locales", i], `locales.${i}: "${id}" is listed twice`));
  });
  if (source !== undefined && !ids.includes(source))
    problems.push(
      at(parsed, ["source"], `source: "${source}" is not one of ${listed}: add it there, or name one of them`),
    );
  else if (source !== undefined && contentLocale(source) !== source)
    problems.push(
      at(
        parsed,
        ["source"],
        `source: "${source}" is made from ${contentLocale(source)}; name the locale it is written in`,
      ),
    );
  for (const id of Object.keys(localeSettings ?? {}))
    if (!ids.includes(id))
      problems.push(at(parsed, ["localeSettings", id], `localeSettings: "${id}" is not one of ${listed}`, true));
  return problems;
}

/**
 * Each font file exists inside the project (read like any project file: no link out, bounded by
 * `limits.otherBytes`), is one font fontkit reads, and has TrueType outlines (the PDF's subsetter
 * copies `glyf` outlines: src/fonts/subsetTrueType.ts).
 */
function fontFileProblems(parsed: Parsed, root: string, { fonts, limits }: ProjectConfig): string[] {
  const own = Object.fromEntries(Object.entries(limits ?? {}).filter(([, v]) => v !== undefined));
  const files = new ProjectFiles(root, { ...DEFAULT_LIMITS, ...own });
  const problems: string[] = [];
  for (const { path, name } of fontFileEntries(fonts)) {
    const key = path.join(".");
    const problem = fontFileProblem({ files, root, name });
    if (problem) problems.push(at(parsed, path, `${key}: ${problem}`));
  }
  return problems;
}

/** A setting the file cannot have: most often a misspelling of one it can. */
function unknownSettings(parsed: Parsed): string[] {
  const known = Object.keys(ProjectConfigSchema.shape);
  return Object.keys(parsed.data as object)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const guess = didYouMean(key, known);
      return at(
        parsed,
        [key],
        `unknown setting "${key}".${guess ? ` Did you mean "${guess}"?` : ""} Known: ${known.join(", ")}`,
        true,
      );
    });
}

/** A rule name that is no diagnostic code would silently change nothing. */
function unknownRules(parsed: Parsed): string[] {
  const rules = (parsed.data as { rules?: unknown }).rules;
  if (typeof rules !== "object" || rules === null || Array.isArray(rules)) return [];
  const codes: readonly string[] = DIAGNOSTIC_CODES;
  return Object.keys(rules)
    .filter((code) => !codes.includes(code))
    .map((code) => {
      const guess = didYouMean(code, codes);
      return at(
        parsed,
        ["rules", code],
        `unknown rule "${code}".${guess ? ` Did you mean "${guess}"?` : ""} docs/checks.md lists the codes`,
        true,
      );
    });
}

/** The checks that keep unsafe or broken text out of what is published cannot be lowered. */
function lowered(parsed: Parsed): string[] {
  const rules = (parsed.data as { rules?: unknown }).rules;
  if (typeof rules !== "object" || rules === null || Array.isArray(rules)) return [];
  return Object.entries(rules)
    .filter(([code, level]) => ALWAYS_ERRORS.has(code) && level !== "error")
    .map(([code]) =>
      at(
        parsed,
        ["rules", code],
        `rules."${code}" is always an error: it keeps unsafe or broken text out of what is published`,
      ),
    );
}

function describe(issue: z.core.$ZodIssue): string {
  const name = issue.path.map(String).join(".") || "the file";
  if (issue.code === "unrecognized_keys")
    return `unknown setting ${issue.keys.map((k) => `"${[...issue.path.map(String), k].join(".")}"`).join(", ")}`;
  if (issue.code === "invalid_value" && "values" in issue)
    return `${name} must be ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  // A problem worded as the rest of a sentence ("must be an http(s) URL …") follows the name.
  if (issue.code === "custom" && issue.message.startsWith("must ")) return `${name} ${issue.message}`;
  return `${name}: ${issue.message}`;
}
