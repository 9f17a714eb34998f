import type MarkdownIt from "markdown-it";
import { insertSoftHyphens, needsSoftHyphens } from "./hyphenate.js";

/**
 * Soft hyphens in the text of Markdown bodies in a language browsers cannot hyphenate (Kazakh):
 * paragraphs, list items, quotes and table cells, not headings or a table's caption (a title,
 * not hyphenated in HTML as in the PDF) nor code. Search and copy in browsers ignore soft hyphens.
 */
export function markdownSoftHyphens(md: MarkdownIt, lang: string): void {
  if (!needsSoftHyphens(lang)) return;
  md.core.ruler.push("soft_hyphens", (state) => {
    let inHeading = false;
    for (const block of state.tokens) {
      if (block.type === "heading_open" || block.type === "table_caption_open") inHeading = true;
      else if (block.type === "heading_close" || block.type === "table_caption_close") inHeading = false;
      if (inHeading || block.type !== "inline" || !block.children) continue;
      for (const token of block.children) {
        if (token.type === "text") token.content = insertSoftHyphens(token.content, lang);
      }
    }
  });
}
