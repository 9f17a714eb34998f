import type MarkdownIt from "markdown-it";
import type { LocaleProfile } from "../locale/index.js";
import { nbspBeforeDash } from "./rules.js";

/**
 * The locale's typography in markdown-it, the same rules as `typeset` for plain strings:
 * markdown-it's own typographer with the profile's quotation marks (and its replacements,
 * `...` among them), then a no-break space before a dash.
 */
export function markdownTypography(md: MarkdownIt, profile: LocaleProfile): void {
  const { primary, nested } = profile.quotes;
  md.set({ typographer: true, quotes: [...primary, ...nested] });
  md.enable(["replacements", "smartquotes"]);
  md.core.ruler.push("nbsp_before_dash", (state) => {
    for (const block of state.tokens) {
      if (block.type !== "inline" || !block.children) continue;
      for (const token of block.children) {
        if (token.type === "text") token.content = nbspBeforeDash(token.content);
      }
    }
  });
}
