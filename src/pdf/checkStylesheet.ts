import type { DiagnosticList } from "../core/diagnostic.js";
import { parseStylesheet } from "./css.js";

/**
 * The project's stylesheet as the PDF target reads it, checked once per build: every rule,
 * selector, at-rule or declaration it leaves out is a warning at its line and column, naming
 * the selector or property (docs/html-subset.md lists what it applies).
 */
export function checkStylesheet(stylesheet: { css: string; file: string }, diagnostics: DiagnosticList): void {
  for (const p of parseStylesheet(stylesheet.css).problems) {
    diagnostics.warn({
      code: p.code,
      message: p.message,
      file: stylesheet.file,
      line: p.line,
      column: p.column,
      hint:
        p.code === "pdf/invalid-css"
          ? "Fix the CSS: browsers drop it as well, so the HTML page does not show it either."
          : "See docs/html-subset.md for the CSS PDFs lay out.",
    });
  }
}
