import type { BuildResult } from "../build/build.js";
import type { ResolvedConfig } from "../config.js";
import type { Diagnostic } from "../core/diagnostic.js";
import { localeProfile } from "../locale/index.js";
import { INDEX_PATH, MANIFEST_PATH } from "../core/paths.js";
import type { Output } from "../emit/output.js";
import { escapeHtml, placeOfDiagnostic } from "./overlay.js";
import { pageUrl } from "./routes.js";

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;background:#fff;margin:0}
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem}
table{border-collapse:collapse;margin:0 0 1.5rem;width:100%}
th,td{border-bottom:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}
a{color:#0b4f9c}
.status-error{color:#8a0018;font-weight:bold}
.status-missing{color:#5c4400}
code{font:14px ui-monospace,Menlo,Consolas,monospace}`;

/**
 * The preview's front page: every article × locale × template × format, each a link to the
 * page rendered on request, with what keeps a page from being built, and every other output
 * the build makes (newsletters, once the build has them). Written in English: it is the
 * tool's page, not the project's; each headline carries its own `lang`.
 */
export function renderPreviewIndex(
  config: ResolvedConfig,
  result: BuildResult,
  extra: readonly { readonly outputs: readonly Output[]; readonly diagnostics: readonly Diagnostic[] }[] = [],
): string {
  const articles = result.articles.map((id) => {
    const rows = config.selectedLocales.map((locale) => {
      const headline = result.outputs.find((o) => o.article === id && o.locale === locale && o.title)?.title;
      const skipped = result.skipped.find((s) => s.article === id && s.locale === locale);
      const status = skipped
        ? `<span class="status-${skipped.reason === "missing" ? "missing" : "error"}">${skipped.reason === "missing" ? "no translation" : "errors"}</span>`
        : "built";
      const links = config.templates
        .map((template) => {
          // Every row has the same link texts: the accessible name says which page each one is.
          const formats = config.formats.map(
            (format) =>
              `<a href="${escapeHtml(pageUrl({ locale, article: id, template, format }))}" aria-label="${format.toUpperCase()}: ${escapeHtml(`${template}, ${localeProfile(locale).name}`)}">${format.toUpperCase()}</a>`,
          );
          return `<td>${formats.join(" · ")}</td>`;
        })
        .join("");
      const title = headline ? `<span lang="${locale}">${escapeHtml(headline)}</span>` : "—";
      return `<tr><th scope="row" lang="${locale}">${escapeHtml(localeProfile(locale).name)}</th><td>${title}</td><td>${status}</td>${links}</tr>`;
    });
    const heads = config.templates.map((t) => `<th scope="col">${escapeHtml(t)}</th>`).join("");
    return (
      `<section aria-labelledby="article-${escapeHtml(id)}"><h2 id="article-${escapeHtml(id)}">${escapeHtml(id)}</h2>` +
      `<table><thead><tr><th scope="col">Language</th><th scope="col">Headline</th><th scope="col">Status</th>${heads}</tr></thead><tbody>${rows.join("")}</tbody></table></section>`
    );
  });
  const others = [...result.outputs, ...extra.flatMap((e) => e.outputs)].filter(
    (o) => !o.article && o.path !== INDEX_PATH && o.path !== MANIFEST_PATH && o.format !== "image",
  );
  const otherList = others.length
    ? `<section aria-labelledby="other-outputs"><h2 id="other-outputs">Other outputs</h2><ul>${others.map((o) => `<li><a href="/${escapeHtml(o.path)}">${escapeHtml(o.title ?? o.path)}</a></li>`).join("")}</ul></section>`
    : "";
  const all = [...result.diagnostics, ...extra.flatMap((e) => e.diagnostics)];
  const count = (severity: string) => all.filter((d) => d.severity === severity).length;
  const diagnostics = all.length
    ? `<section aria-labelledby="diagnostics"><h2 id="diagnostics">Problems (${count("error")} error(s), ${count("warning")} warning(s))</h2><ul>${all
        .map(
          (d) =>
            `<li><code>${escapeHtml(placeOfDiagnostic(d))}</code> ${escapeHtml(d.severity)} ${escapeHtml(d.message)}${d.locale ? ` (locale ${d.locale})` : ""} <code>${escapeHtml(d.code)}</code></li>`,
        )
        .join("")}</ul></section>`
    : "";
  const articleCount = result.articles.length;
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>tilpress preview</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n` +
    `<h1>tilpress preview</h1>\n<p>${articleCount} article(s) in ${config.selectedLocales.length} language(s). Pages are rendered from <code>${escapeHtml(config.root)}</code> when you open them and reload by themselves when a file under data/, locales/ or templates/ is saved.</p>\n` +
    articles.join("\n") +
    otherList +
    diagnostics +
    `\n</main>\n</body>\n</html>\n`
  );
}
