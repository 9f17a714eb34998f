import { join } from "node:path";
import { pointerOf, type DiagnosticList } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import { listArticles, readSource } from "../load/loadProject.js";
import { ProjectFiles } from "../core/projectFiles.js";
import { readYaml, type YamlData } from "../load/yaml.js";
import { checkSchema } from "../validate/checkSchema.js";
import { closest } from "../validate/rules.js";
import { NewsletterIssue, NewsletterText } from "../validate/schema.js";

/** A newsletter issue as validated, with its file and positions for later diagnostics. */
export interface Newsletter {
  readonly issue: NewsletterIssue;
  readonly id: string;
  readonly file: string;
  readonly yaml: YamlData;
  /** The texts of each locale that has a complete block. */
  readonly texts: Readonly<Record<Locale, NewsletterText>>;
  /** Where the pages its emails link to are published: the issue's own `baseUrl`, else the project's. */
  readonly baseUrl: string;
}

/** Which issue to read: data/newsletters/<id>.yaml in the project, checked for these locales. */
export interface NewsletterFile {
  readonly files: ProjectFiles;
  readonly id: string;
  readonly locales: readonly Locale[];
  /** The project's `baseUrl` (ResolvedConfig.baseUrl): the issue's default. */
  readonly baseUrl: string | undefined;
}

/** The issue ids under data/newsletters/ (file names without `.yaml`), sorted. */
export function listNewsletters(root: string): string[] {
  const dir = join(root, "data", "newsletters");
  return new ProjectFiles(root)
    .names(dir)
    .filter((n) => n.endsWith(".yaml"))
    .map((n) => n.slice(0, -".yaml".length))
    .sort();
}

/**
 * Read and check one issue: its schema, its id against the file name, the outlet and article ids
 * it names, and a complete text block for each locale built. Problems become diagnostics; an
 * error scoped to a locale (a missing subject in `kk`) only keeps that locale's email out.
 */
export function loadNewsletter(
  file: NewsletterFile,
  /** The outlets' ids; undefined when data/outlets.yaml could not be read (reported there, not again here). */
  known: { readonly outlets: readonly string[] | undefined },
  diagnostics: DiagnosticList,
): Newsletter | undefined {
  const { files, id, locales, baseUrl: projectBaseUrl } = file;
  const root = files.root;
  const source = readSource(files, join(root, "data", "newsletters", `${id}.yaml`), { diagnostics });
  const yaml = source && readYaml(source, diagnostics);
  if (!source || !yaml) return undefined;
  const at = (path: PropertyKey[], locale?: Locale) => ({
    file: source.file,
    pointer: pointerOf(path),
    ...yaml.locate(path),
    ...(locale ? { locale } : {}),
  });
  const issue = checkSchema(yaml, NewsletterIssue, diagnostics);
  if (!issue) return undefined;
  let ok = true;
  if (issue.id !== id) {
    ok = false;
    diagnostics.error({
      ...at(["id"]),
      code: "data/id-mismatch",
      message: `The issue id \`${issue.id}\` differs from its file name \`${id}.yaml\``,
      hint: "The file name is the id used in output paths; make them equal.",
    });
  }
  if (known.outlets === undefined) ok = false;
  else if (!known.outlets.includes(issue.outlet)) {
    ok = false;
    const near = closest(issue.outlet, known.outlets);
    diagnostics.error({
      ...at(["outlet"]),
      code: "data/unknown-id",
      message: `Unknown outlet id \`${issue.outlet}\``,
      hint: near ? `Did you mean \`${near}\`?` : "Add it to data/outlets.yaml first.",
    });
  }
  const articles = listArticles(root);
  issue.articles.forEach((article, i) => {
    if (issue.articles.indexOf(article) !== i) {
      ok = false;
      diagnostics.error({
        ...at(["articles", i]),
        code: "newsletter/duplicate-article",
        message: `The article \`${article}\` is listed twice`,
        hint: "Each story appears once in an issue.",
      });
    } else if (!articles.includes(article)) {
      ok = false;
      const near = closest(article, articles);
      diagnostics.error({
        ...at(["articles", i]),
        code: "data/unknown-id",
        message: `Unknown article id \`${article}\``,
        hint: near ? `Did you mean \`${near}\`?` : "Article ids are the folder names under data/articles/.",
      });
    }
  });
  // An email is read away from the site: a relative link in it leads nowhere, so it needs an
  // absolute https base (http is refused for an issue's own in the schema, and here for the project's).
  const baseUrl = issue.baseUrl ?? projectBaseUrl;
  if (baseUrl === undefined || !baseUrl.startsWith("https:")) {
    ok = false;
    diagnostics.error({
      ...at([]),
      pointer: "/baseUrl",
      code: "newsletter/base-url",
      message:
        baseUrl === undefined
          ? "The issue has no `baseUrl` and neither has the project: its emails cannot link to the pages"
          : `The issue has no \`baseUrl\` and the project's (${baseUrl}) is not https: its emails cannot link to it`,
      hint: 'Set "baseUrl" in tilpress.config.json to where dist/ is published (https://press.example.org/); an issue that links elsewhere sets its own `baseUrl:`.',
    });
  }
  if (!ok || baseUrl === undefined) return undefined;
  const texts: Record<Locale, NewsletterText> = {};
  for (const locale of locales) {
    if (issue[locale] !== undefined) {
      // Fields under `kk:` belong to the Kazakh email: their diagnostics say so, and block only it.
      const text = checkSchema(yaml, NewsletterText, diagnostics, { at: [locale], locale });
      if (text) texts[locale] = text;
    } else {
      diagnostics.error({
        ...at([], locale),
        pointer: `/${locale}`,
        code: "newsletter/missing-locale",
        message: `The issue has no ${locale} texts: the ${locale} email is not built`,
        hint: `Add a \`${locale}:\` block with subject, preheader and intro; tilpress never fills a locale from another language.`,
      });
    }
  }
  return { issue, id, file: source.file, yaml, texts, baseUrl };
}
