import type { BuildResult } from "../build/build.js";
import type { ResolvedConfig } from "../config.js";
import { compareDiagnostics, uniqueDiagnostics, type Diagnostic } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import { isSitePage, MANIFEST_PATH, pressRoomPath } from "../core/paths.js";
import type { Output, OutputFormat } from "../emit/output.js";
import { escapeHtml, placeOfDiagnostic } from "./overlay.js";
import { pageUrl } from "./routes.js";
import { isArticleKind, templatesForArticle } from "../model/kinds.js";

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;background:#fff;margin:0}
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem}
table{border-collapse:collapse;margin:0 0 1.5rem;width:100%}
th,td{border-bottom:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}
a{color:#0b4f9c}
.status-error{color:#8a0018;font-weight:bold}
.status-missing{color:#5c4400}
.reasons{margin:.25rem 0 0;padding-left:1.2rem;font-size:14px}
code{font:14px ui-monospace,Menlo,Consolas,monospace}`;

/** What a source of other outputs (the newsletter issues) gave the index, or how it failed. */
export interface SourceSection {
  /** The section's heading, like "Newsletters". */
  readonly title: string;
  readonly outputs: readonly Output[];
  readonly diagnostics: readonly Diagnostic[];
  /** Each item × locale it could not build, with the errors that keep it out. */
  readonly notBuilt: readonly {
    readonly name: string;
    readonly locale: Locale;
    readonly reasons: readonly Diagnostic[];
  }[];
  /** The source's build threw (a bug): the message, shown instead of its items. */
  readonly failure?: string;
}

/** How a link to each kind of file is labelled: the same words on every row, the format first. */
const FORMAT_LABELS: Readonly<Record<OutputFormat, string>> = {
  html: "HTML",
  pdf: "PDF",
  "email-html": "HTML",
  text: "text",
  eml: ".eml",
  json: "JSON",
  xml: "XML",
  image: "image",
};

/** One diagnostic on one line: where, what, and its code. */
const diagnosticItem = (d: Diagnostic) =>
  `<li><code>${escapeHtml(placeOfDiagnostic(d))}</code> ${escapeHtml(d.severity)} ${escapeHtml(d.message)}${d.locale ? ` (locale ${escapeHtml(d.locale)})` : ""} <code>${escapeHtml(d.code)}</code></li>`;

const reasonList = (reasons: readonly Diagnostic[]) =>
  reasons.length ? `<ul class="reasons">${reasons.map(diagnosticItem).join("")}</ul>` : "";

const blocked = (reasons: readonly Diagnostic[]) =>
  `<span class="status-error">not built: ${reasons.length} error(s)</span>${reasonList(reasons)}`;

/**
 * The preview's front page: every article × locale with its true state (built, no
 * translation, or not built with the errors that keep it out) and a link to each template ×
 * format rendered on request; a section per other source (the newsletter issues: each issue ×
 * locale built, with its files labelled HTML, text and .eml, or the errors that keep it out);
 * and every problem in the project, each once. Written in English: it is the tool's page, not
 * the project's; each headline carries its own `lang`.
 */
export function renderPreviewIndex(
  config: ResolvedConfig,
  result: BuildResult,
  sections: readonly SourceSection[] = [],
): string {
  // The same problem may come from the article build and from a source (a newsletter's story).
  const all = uniqueDiagnostics([...result.diagnostics, ...sections.flatMap((s) => s.diagnostics)]).sort(
    compareDiagnostics,
  );
  const errors = all.filter((d) => d.severity === "error");
  const articles = result.articles.map((id) => {
    // The templates the article's kind is built with (a news item: the briefing alone); every
    // template while no page of it was built to say its kind.
    const kind = result.outputs.find((o) => o.article === id && o.page)?.page?.kind;
    // No page built, none missing and nothing wrong: the kind has none of the templates asked
    // for (`--template briefing` and a press release), so there is nothing to link.
    const noPageOfKind =
      kind === undefined &&
      config.selectedLocales.every(
        (l) => !result.skipped.some((s) => s.article === id && s.locale === l) && !errorsBlocking(errors, id, l).length,
      );
    const own = isArticleKind(kind)
      ? templatesForArticle(kind, config.templates)
      : noPageOfKind
        ? []
        : config.templates;
    const rows = config.selectedLocales.map((locale) => {
      const pages = result.outputs.filter((o) => o.article === id && o.locale === locale && o.format !== "image");
      const headline = pages.find((o) => o.title)?.title;
      const skipped = result.skipped.find((s) => s.article === id && s.locale === locale);
      const reasons = errorsBlocking(errors, id, locale);
      const status = pages.length
        ? "built"
        : skipped?.reason === "missing"
          ? `<span class="status-missing">no translation</span>`
          : reasons.length
            ? blocked(reasons)
            : noPageOfKind
              ? `<span class="status-missing">no ${escapeHtml(config.templates.join(" or "))}: its kind has none</span>`
              : `<span class="status-missing">not built</span>`;
      const links = config.templates
        .map((template) => {
          if (!own.includes(template)) return `<td>—</td>`;
          // Every row has the same link texts: the accessible name says which page each one is.
          const formats = config.formats.map(
            (format) =>
              `<a href="${escapeHtml(pageUrl({ locale, article: id, template, format }))}" aria-label="${FORMAT_LABELS[format]}: ${escapeHtml(`${template}, ${config.profiles.get(locale).name}`)}">${FORMAT_LABELS[format]}</a>`,
          );
          return `<td>${formats.join(" · ")}</td>`;
        })
        .join("");
      const title = headline ? `<span lang="${locale}">${escapeHtml(headline)}</span>` : "—";
      return `<tr data-locale="${locale}"><th scope="row" lang="${locale}">${escapeHtml(config.profiles.get(locale).name)}</th><td>${title}</td><td class="status">${status}</td>${links}</tr>`;
    });
    const heads = config.templates.map((t) => `<th scope="col">${escapeHtml(t)}</th>`).join("");
    return (
      `<section aria-labelledby="article-${escapeHtml(id)}"><h2 id="article-${escapeHtml(id)}">${escapeHtml(id)}</h2>` +
      `<table><thead><tr><th scope="col">Language</th><th scope="col">Headline</th><th scope="col">Status</th>${heads}</tr></thead><tbody>${rows.join("")}</tbody></table></section>`
    );
  });
  const others = result.outputs.filter(
    // The site pages (index, press rooms) are served at their paths but not listed: this page is the preview's index.
    (o) => !o.article && !isSitePage(o.path) && o.path !== MANIFEST_PATH && o.format !== "image",
  );
  const otherList = others.length
    ? `<section aria-labelledby="other-outputs"><h2 id="other-outputs">Other outputs</h2><ul>${others.map((o) => `<li>${FORMAT_LABELS[o.format]}: <a href="/${escapeHtml(o.path)}">${escapeHtml(o.title ?? o.path)}</a></li>`).join("")}</ul></section>`
    : "";
  const pressRooms = config.selectedLocales.flatMap((locale) => {
    const room = result.outputs.find((o) => o.path === pressRoomPath(locale));
    return room
      ? [
          `<li><a href="/${escapeHtml(room.path)}" lang="${locale}">${escapeHtml(config.profiles.get(locale).name)}</a></li>`,
        ]
      : [];
  });
  // What the published site's readers see first, each locale's list of pages (without PDF sizes: the preview renders PDFs on request).
  const pressRoomList = pressRooms.length
    ? `<section aria-labelledby="press-rooms"><h2 id="press-rooms">Press rooms</h2><ul>${pressRooms.join("")}</ul></section>\n`
    : "";
  const count = (severity: string) => all.filter((d) => d.severity === severity).length;
  const diagnostics = all.length
    ? `<section aria-labelledby="diagnostics"><h2 id="diagnostics">Problems (${count("error")} error(s), ${count("warning")} warning(s))</h2><ul>${all.map(diagnosticItem).join("")}</ul></section>`
    : "";
  const articleCount = result.articles.length;
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>tilpress preview</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n` +
    `<h1>tilpress preview</h1>\n<p>${articleCount} article(s) in ${config.selectedLocales.length} language(s). Pages are rendered from <code>${escapeHtml(config.root)}</code> when you open them and reload by themselves when a file under data/, locales/ or templates/ is saved.</p>\n` +
    pressRoomList +
    articles.join("\n") +
    sections.map((section) => renderSection(config, section)).join("") +
    otherList +
    diagnostics +
    `\n</main>\n</body>\n</html>\n`
  );
}

/** The errors that keep an article out in a locale: its own, its locale's and the project-wide ones. */
function errorsBlocking(errors: readonly Diagnostic[], article: string, locale: Locale): Diagnostic[] {
  return errors.filter(
    (d) => (d.article === undefined || d.article === article) && (d.locale === undefined || d.locale === locale),
  );
}

/**
 * A source's section: one row per item × locale, built (its files, each labelled by format) or
 * not (the errors that keep it out). Items are named by their path: `<prefix>/<name>/<locale>.<ext>`.
 */
function renderSection(config: ResolvedConfig, section: SourceSection): string {
  const slug = section.title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const head = `<section aria-labelledby="source-${slug}"><h2 id="source-${slug}">${escapeHtml(section.title)}</h2>`;
  if (section.failure !== undefined)
    return `${head}<p class="status-error">Could not be built: ${escapeHtml(section.failure)}</p></section>`;
  const rows = new Map<string, { name: string; locale: Locale | undefined; files: Output[]; reasons?: Diagnostic[] }>();
  for (const output of section.outputs) {
    const unit = output.path.replace(/\.[^./]+$/, "");
    const name = unit
      .split("/")
      .slice(1, output.locale ? -1 : undefined)
      .join("/");
    const row = rows.get(unit) ?? { name, locale: output.locale, files: [] };
    row.files.push(output);
    rows.set(unit, row);
  }
  for (const skipped of section.notBuilt)
    rows.set(`\u0000${skipped.name}\u0000${skipped.locale}`, {
      name: skipped.name,
      locale: skipped.locale,
      files: [],
      reasons: uniqueDiagnostics(skipped.reasons),
    });
  const order = (l: Locale | undefined) => (l ? config.locales.indexOf(l) : -1);
  const sorted = [...rows.values()].sort((a, b) =>
    a.name === b.name ? order(a.locale) - order(b.locale) : a.name < b.name ? -1 : 1,
  );
  const errors = section.diagnostics.filter((d) => d.severity === "error");
  if (!sorted.length)
    return `${head}<p>${errors.length ? `Nothing built:` : "Nothing to build."}</p>${reasonList(uniqueDiagnostics(errors))}</section>`;
  const body = sorted.map((row) => {
    const language = row.locale ? config.profiles.get(row.locale).name : "—";
    const subject = row.files.find((f) => f.title)?.title;
    const title = subject ? `<span${row.locale ? ` lang="${row.locale}"` : ""}>${escapeHtml(subject)}</span>` : "—";
    const status = row.reasons ? blocked(row.reasons) : "built";
    const files = row.files
      .map(
        (f) =>
          `<a href="/${escapeHtml(f.path)}" aria-label="${FORMAT_LABELS[f.format]}: ${escapeHtml(`${row.name}, ${language}`)}">${FORMAT_LABELS[f.format]}</a>`,
      )
      .join(" · ");
    return `<tr${row.locale ? ` data-locale="${row.locale}"` : ""} data-name="${escapeHtml(row.name)}"><th scope="row">${escapeHtml(row.name)}</th><td${row.locale ? ` lang="${row.locale}"` : ""}>${escapeHtml(language)}</td><td>${title}</td><td class="status">${status}</td><td>${files || "—"}</td></tr>`;
  });
  return (
    `${head}<table><thead><tr><th scope="col">Name</th><th scope="col">Language</th><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Files</th></tr></thead>` +
    `<tbody>${body.join("")}</tbody></table></section>`
  );
}
