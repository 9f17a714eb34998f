import { findMissingGlyphs, type FontStack } from "../fonts/fontStack.js";
import type { BoxProblem } from "./boxes.js";
import { isSubsetElement } from "./boxes.js";
import type { MissingGlyphAt } from "./layout.js";

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/**
 * What `check` needs of a page once its template has been laid out for the same locale:
 * elements outside the subset (Markdown bodies can add some) and characters no font has,
 * found on the page's text without building boxes. A character is missing only when no face
 * has it, so the style of the text does not matter.
 */
export function scanPage(fonts: FontStack, html: string): { problems: BoxProblem[]; missingGlyphs: MissingGlyphAt[] } {
  const body = html.replace(/<head[\s\S]*?<\/head>/i, "");
  const problems: BoxProblem[] = [];
  for (const name of new Set([...body.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()))) {
    if (!isSubsetElement(name))
      problems.push({
        code: "pdf/unsupported-element",
        message: `<${name}> is outside the PDF's HTML subset; its text is set as plain text`,
      });
  }
  const text = body
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
      e[0] === "#"
        ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : (ENTITIES[e.toLowerCase()] ?? m),
    );
  return {
    problems,
    missingGlyphs: findMissingGlyphs(text, fonts).map((g) => ({ char: g.char, block: "text" })),
  };
}
