import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { isSafeUrl } from "../core/links.js";
import { CAPTION_MARK, commonMark } from "../core/markdown.js";
import type { LocaleProfile } from "../locale/index.js";
import { markdownSoftHyphens } from "../typography/hyphenateMarkdown.js";
import { markdownTypography } from "../typography/markdown.js";

/**
 * Markdown for article bodies: no raw HTML (it is shown as text), only safe links, the
 * locale's typography, GFM pipe tables (with a caption, see `tableCaptions`), and soft hyphens
 * where browsers cannot hyphenate the language.
 */
export function createMarkdown(profile: LocaleProfile): MarkdownIt {
  const md = commonMark({ html: false, linkify: false });
  markdownTypography(md, profile);
  md.disable(["image", "html_block", "html_inline"]);
  md.enable("table");
  tableCaptions(md);
  markdownSoftHyphens(md, profile.id);
  md.validateLink = isSafeUrl;
  return md;
}

/**
 * A table's caption and header cells: a paragraph `Table: Exports by year` (or `: …`, as pandoc
 * writes them; `CAPTION_MARK`) directly before or after a table becomes its `<caption>`, set
 * like any other text; header cells get `scope="col"`. markdown-it already writes the delimiter
 * row's alignment as `style="text-align:right"`.
 */
function tableCaptions(md: MarkdownIt): void {
  // After the blocks are found, before their inline text is parsed (and typeset).
  md.core.ruler.after("block", "table_caption", (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]?.type !== "table_open") continue;
      const level = tokens[i]?.level ?? 0;
      const before = captionAt(tokens, i - 3, level);
      const after = before === undefined ? captionAt(tokens, findClose(tokens, i) + 1, level) : undefined;
      const at = before ?? after;
      if (at === undefined) continue;
      const [open, inline, close] = tokens.splice(at, 3) as [Token, Token, Token];
      const tableOpen = before === undefined ? i : i - 3;
      open.type = "table_caption_open";
      open.tag = close.tag = "caption";
      close.type = "table_caption_close";
      open.block = close.block = true;
      inline.content = inline.content.replace(CAPTION_MARK, "");
      open.level = close.level = level + 1;
      inline.level = open.level + 1;
      tokens.splice(tableOpen + 1, 0, open, inline, close);
      i = tableOpen + 3;
    }
  });
  // Every header cell heads its column: GFM tables have one header row and no row headers.
  md.core.ruler.push("th_scope", (state) => {
    for (const token of state.tokens) if (token.type === "th_open") token.attrSet("scope", "col");
  });
}

/** The index of a caption paragraph's `paragraph_open` at `at`, if the three tokens there are one. */
function captionAt(tokens: readonly Token[], at: number, level: number): number | undefined {
  const [open, inline, close] = [tokens[at], tokens[at + 1], tokens[at + 2]];
  if (open?.type !== "paragraph_open" || inline?.type !== "inline" || close?.type !== "paragraph_close") return;
  return open.level === level && CAPTION_MARK.test(inline.content) ? at : undefined;
}

function findClose(tokens: readonly Token[], open: number): number {
  for (let i = open; i < tokens.length; i++) if (tokens[i]?.type === "table_close") return i;
  return tokens.length;
}
