import type MarkdownIt from "markdown-it";
import { isSafeUrl } from "../core/links.js";
import { commonMark, tableCaptions } from "../core/markdown.js";
import type { LocaleProfile } from "../locale/index.js";
import { markdownSoftHyphens } from "../typography/hyphenateMarkdown.js";
import { markdownTypography } from "../typography/markdown.js";

/**
 * Markdown for article bodies: no raw HTML (it is shown as text), only safe links, the
 * locale's typography, GFM pipe tables (with a caption, see `tableCaptions`; header cells with
 * `scope="col"`), and soft hyphens where browsers cannot hyphenate the language.
 */
export function createMarkdown(profile: LocaleProfile): MarkdownIt {
  const md = commonMark({ html: false, linkify: false });
  markdownTypography(md, profile);
  md.disable(["image", "html_block", "html_inline"]);
  md.enable("table");
  tableCaptions(md);
  // Every header cell heads its column: GFM tables have one header row and no row headers.
  // (markdown-it already writes the delimiter row's alignment as `style="text-align:right"`.)
  md.core.ruler.push("th_scope", (state) => {
    for (const token of state.tokens) if (token.type === "th_open") token.attrSet("scope", "col");
  });
  markdownSoftHyphens(md, profile.id);
  md.validateLink = isSafeUrl;
  return md;
}
