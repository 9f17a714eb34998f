import { ProjectFiles } from "../core/projectFiles.js";
import { join } from "node:path";
import { aroundColumn, caretIndent, frameLines } from "../core/codeFrame.js";
import type { Diagnostic } from "../core/diagnostic.js";

/** Everything the overlay prints goes through here: file names, messages, source lines. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The source lines around a diagnostic, with a caret under its column, as HTML. */
function frameHtml(root: string, d: Diagnostic): string {
  if (!d.file || !d.line) return "";
  // The file a diagnostic names may be the hostile one: read it like any project file.
  const read = new ProjectFiles(root).read(join(root, d.file));
  if (!read.ok) return "";
  const text = read.data.toString("utf8");
  const { lines, column } = aroundColumn(frameLines(text, d.line, 2, 2), d.column ?? 1);
  const width = String(lines.at(-1)?.number ?? d.line).length;
  const rows = lines.map((l) => {
    const gutter = `${l.marked ? ">" : " "} ${String(l.number).padStart(width)} | `;
    const row = `<span${l.marked ? ' class="marked"' : ""}>${escapeHtml(gutter + l.text)}</span>\n`;
    const caret = l.marked
      ? `<span class="caret">${escapeHtml(`  ${" ".repeat(width)} | ${caretIndent(l.text, column)}^`)}</span>\n`
      : "";
    return row + caret;
  });
  return `<pre class="frame"><code>${rows.join("")}</code></pre>`;
}

/** `file:line:column`, the way an editor's "go to" takes it. */
export function placeOfDiagnostic(d: Diagnostic): string {
  if (!d.file) return "(project)";
  return d.line ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
}

/** A link the overlay offers: the same page in another locale. */
export interface OverlayLink {
  readonly href: string;
  readonly label: string;
  readonly locale: string;
}

const STYLE = `#tilpress-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(0,0,0,.66);font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;color:#1b1b1b}
#tilpress-overlay .panel{max-width:60rem;margin:2rem auto;padding:1.5rem;background:#fff;border-top:6px solid #b00020;border-radius:4px}
#tilpress-overlay h2{margin:0 0 1rem;font-size:1.1rem;color:#8a0018}
#tilpress-overlay .diagnostic{margin:0 0 1.25rem}
#tilpress-overlay .where{font-weight:bold}
#tilpress-overlay .code{color:#555}
#tilpress-overlay .frame{margin:.5rem 0;padding:.75rem;background:#f4f4f4;overflow:auto;white-space:pre}
#tilpress-overlay .marked{font-weight:bold}
#tilpress-overlay .caret{color:#b00020;font-weight:bold}
#tilpress-overlay button{font:inherit;padding:.25rem .75rem;float:right}`;

/**
 * The error overlay, like a dev server's: every diagnostic that keeps this page from being
 * built, with file:line:column, code, message, hint and a code frame. It goes away when the
 * file is fixed (the page reloads) or, for a look at the last good render, with Escape.
 */
export function renderOverlay(
  root: string,
  title: string,
  diagnostics: readonly Diagnostic[],
  otherLocales: readonly OverlayLink[],
): string {
  const shown = diagnostics.slice(0, MAX_SHOWN);
  const items = shown.map((d) => {
    const meta = [d.locale && `locale ${d.locale}`, d.pointer && `at ${d.pointer}`].filter(Boolean).join(", ");
    return (
      `<section class="diagnostic" data-code="${escapeHtml(d.code)}">` +
      `<p><span class="where">${escapeHtml(placeOfDiagnostic(d))}</span> <span class="severity">${escapeHtml(d.severity)}</span> <span class="code">${escapeHtml(d.code)}</span></p>` +
      `<p class="message">${escapeHtml(d.message)}${meta ? ` (${escapeHtml(meta)})` : ""}</p>` +
      frameHtml(root, d) +
      (d.hint ? `<p class="hint">hint: ${escapeHtml(d.hint)}</p>` : "") +
      `</section>`
    );
  });
  return (
    `<style>${STYLE}</style>\n` +
    `<div id="tilpress-overlay" role="alertdialog" aria-modal="true" aria-labelledby="tilpress-overlay-title"><div class="panel">` +
    `<button type="button" data-tilpress-dismiss>Close</button>` +
    `<h2 id="tilpress-overlay-title">${escapeHtml(title)}</h2>${items.join("\n")}` +
    (diagnostics.length > shown.length
      ? `<p>… and ${diagnostics.length - shown.length} more (the index lists them all).</p>`
      : "") +
    `<p>Fix the file and save: this page reloads by itself.</p>` +
    (otherLocales.length
      ? `<p>This page in: ${otherLocales.map((l) => `<a href="${escapeHtml(l.href)}" hreflang="${escapeHtml(l.locale)}" lang="${escapeHtml(l.locale)}">${escapeHtml(l.label)}</a>`).join(" · ")} · <a href="/">all pages</a></p>`
      : `<p><a href="/">All pages</a></p>`) +
    `</div></div>\n`
  );
}

/** Past this many, the overlay says how many more: the first ones are usually the cause. */
const MAX_SHOWN = 10;

/** The overlay on top of a page (the last good render), or on an otherwise empty page. */
export function withOverlay(html: string | undefined, overlay: string, title: string): string {
  if (html === undefined) {
    return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n<main>\n<h1>${escapeHtml(title)}</h1>\n</main>\n${overlay}</body>\n</html>\n`;
  }
  const at = html.search(/<\/body>/i);
  return at < 0 ? html + overlay : html.slice(0, at) + overlay + html.slice(at);
}
