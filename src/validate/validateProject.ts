import type { DiagnosticList } from "../core/diagnostic.js";
import { contentLocale, DEFAULT_SOURCE_LOCALE, SUPPORTED_LOCALES, type Locale } from "../locale/index.js";
import { pointerOf } from "../core/diagnostic.js";
import { placeOf } from "../core/source.js";
import { ledeOf, STRAY_CAPTION } from "../core/markdown.js";
import type { ParsedArticle, ParsedProject, ParsedSharedData } from "../load/loadProject.js";
import { checkSchema } from "./checkSchema.js";
import type { Article, ArticleText, Content } from "./content.js";
import type { FigureUnits } from "../quantity/units.js";
import { articleRules, UNREAD_GLOSSARY, UNREAD_OUTLETS, type RuleContext } from "./rules.js";
import { ArticleFacts, Glossary, LocaleFrontMatter, Outlets } from "./schema.js";

export interface ValidateOptions {
  readonly locales: readonly Locale[];
  /** The locale translations are checked against (`source` in tilpress.config.json); default en. */
  readonly source?: Locale;
  /** The units of the catalogs, for the figures' `unit:` (`figure/unknown-unit`). */
  readonly units?: FigureUnits;
  /**
   * An article already validated in this thread (`ArticleLoans`), its diagnostics added to
   * `diagnostics` where its own validation would have added them; undefined to validate it.
   */
  readonly validated?: (
    parsed: ParsedArticle,
    diagnostics: DiagnosticList,
  ) => { readonly article: Article | undefined } | undefined;
}

/** The glossary and outlets, schema-checked: what every article's rules read. */
export type SharedContent = Pick<Content, "glossary" | "outlets">;

/** The glossary and outlets, parsed and schema-checked (`BuildSetUp.sharedData` keeps them). */
export interface SharedData {
  readonly parsed: ParsedSharedData;
  readonly content: SharedContent;
}

/** Schema-check the glossary and outlets (an unreadable one is empty: its error is already reported). */
export function validateSharedData(parsed: ParsedSharedData, diagnostics: DiagnosticList): SharedContent {
  const glossary = (parsed.glossary && checkSchema(parsed.glossary, Glossary, diagnostics)) ?? UNREAD_GLOSSARY;
  checkDerivedNames(glossary, parsed.glossary, diagnostics);
  const outlets = (parsed.outlets && checkSchema(parsed.outlets, Outlets, diagnostics)) ?? UNREAD_OUTLETS;
  return { glossary, outlets };
}

/**
 * Schema-check every parsed file, then run the cross-reference rules on each article. `shared`:
 * the glossary and outlets already checked (`BuildSetUp.sharedData`).
 */
export function validateProject(
  parsed: ParsedProject,
  options: ValidateOptions,
  diagnostics: DiagnosticList,
  shared: SharedContent = validateSharedData(parsed, diagnostics),
): Content {
  const { glossary, outlets } = shared;
  const articles: Article[] = [];
  for (const p of parsed.articles) {
    const known = options.validated?.(p, diagnostics);
    if (known) {
      if (known.article) articles.push(known.article);
      continue;
    }
    const article = validateArticle(p, options, diagnostics);
    if (!article) continue;
    const ctx: RuleContext = {
      article,
      glossary,
      outlets,
      glossaryYaml: parsed.glossary,
      outletsYaml: parsed.outlets,
      locales: options.locales,
      source: options.source ?? DEFAULT_SOURCE_LOCALE,
      diagnostics,
      files: parsed.files,
      units: options.units,
    };
    for (const rule of articleRules) rule(ctx);
    articles.push(article);
  }
  return { glossary, outlets, articles };
}

/** `data/articles/<id>` from an article's folder, whatever the platform's separator. */
const articleFolder = (dir: string) => dir.split(/[\\/]/).slice(-3).join("/");

function validateArticle(p: ParsedArticle, options: ValidateOptions, diagnostics: DiagnosticList): Article | undefined {
  if (!p.facts) return undefined;
  const facts = checkSchema(p.facts, ArticleFacts, diagnostics, { article: p.id });
  if (!facts) return undefined;
  if (facts.id !== p.id) {
    diagnostics.error({
      code: "data/id-mismatch",
      message: `The article id \`${facts.id}\` differs from its folder name \`${p.id}\``,
      hint: "The folder name is the id used in output paths; make them equal.",
      file: p.factsFile,
      pointer: "/id",
      ...p.facts.locate(["id"]),
      article: p.id,
    });
  }
  const texts: Record<Locale, ArticleText> = {};
  for (const locale of options.locales.filter((l) => contentLocale(l) === l)) {
    const file = p.texts[locale];
    if (!file) {
      if (p.brokenLocales.includes(locale)) continue;
      diagnostics.push({
        severity: "warning",
        code: "data/missing-locale-file",
        message: `No ${locale} text for this article: ${locale} outputs are not built`,
        hint: `Add ${articleFolder(p.dir)}/${locale}.md; tilpress never fills a locale from another language.`,
        file: `${p.factsFile.replace(/article\.yaml$/, "")}${locale}.md`,
        article: p.id,
        locale,
      });
      continue;
    }
    const front = checkSchema(file.frontMatter, LocaleFrontMatter, diagnostics, { locale, article: p.id });
    if (!front) continue;
    const body = file.body;
    if (body.trim() === "") {
      diagnostics.error({
        code: "data/empty-body",
        message: "The article body is empty",
        hint: "Write the text below the closing ---; its first paragraph is the lede.",
        file: file.source.file,
        ...placeOf(file.source.text, file.bodyOffset),
        locale,
        article: p.id,
      });
      continue;
    }
    const { startsWith, line } = ledeOf(body);
    if (startsWith !== undefined && line !== undefined) {
      const stray = startsWith === STRAY_CAPTION;
      diagnostics.error({
        code: "data/no-lede",
        message: stray
          ? "The body starts with a table caption (`Table: …` or `: …`) that no table follows: " +
            "it would be set under the headline as the lede, caption mark and all"
          : `The body starts with ${startsWith}, not a paragraph: its first paragraph is the lede, set under the headline`,
        hint: stray
          ? "Start the body with the lede, without a caption mark; put a caption right before or after its table " +
            "(a pipe table needs its delimiter row, `|---|---|`)."
          : "Start the body with a paragraph, the lede (after the dateline in a press release); put the rest after it.",
        file: file.source.file,
        line: placeOf(file.source.text, file.bodyOffset).line + line - 1,
        column: 1,
        locale,
        article: p.id,
      });
      continue;
    }
    texts[locale] = {
      ...front,
      locale,
      file: file.source.file,
      body,
      bodyLine: placeOf(file.source.text, file.bodyOffset).line,
      yaml: file.frontMatter,
    };
  }
  return { id: p.id, dir: p.dir, images: new Map(), facts, factsFile: p.factsFile, factsYaml: p.facts, texts };
}

/**
 * A glossary name in a derived locale (`kk-Latn: { name: Nazarbayev }`) is the spelling of the
 * source locale's name (`kk`) in that script: without a source name it would replace nothing.
 */
function checkDerivedNames(
  glossary: Content["glossary"],
  yaml: ParsedProject["glossary"],
  diagnostics: DiagnosticList,
): void {
  const derived = SUPPORTED_LOCALES.filter((l) => contentLocale(l) !== l);
  for (const section of ["people", "places", "organizations"] as const) {
    for (const [id, entry] of Object.entries(glossary[section])) {
      for (const locale of derived) {
        const from = contentLocale(locale);
        if (!entry[locale] || entry[from]) continue;
        const path = [section, id, locale];
        diagnostics.error({
          code: "glossary/derived-without-source",
          message: `\`${section}.${id}\` spells its ${locale} name but has no ${from} name to spell`,
          hint: `Add \`${from}: { name: … }\` to the entry, or remove its \`${locale}:\` block.`,
          file: yaml?.source.file ?? "data/glossary.yaml",
          ...yaml?.locate(path),
          pointer: pointerOf(path),
        });
      }
    }
  }
}
