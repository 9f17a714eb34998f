import MarkdownIt from "markdown-it";
import { localeProfile, type Locale } from "../locale/index.js";
import { markdownTypography } from "../typography/markdown.js";
import { isSafeUrl } from "./links.js";

/**
 * Markdown for article bodies: no raw HTML (it is shown as text), only safe links, and the
 * locale's typography.
 */
export function createMarkdown(locale: Locale): MarkdownIt {
  const md = new MarkdownIt("commonmark", { html: false, linkify: false });
  markdownTypography(md, localeProfile(locale));
  md.disable(["image", "html_block", "html_inline"]);
  md.validateLink = isSafeUrl;
  return md;
}

/** Links a Markdown body contains, with their 1-based line inside the body. */
let linkScanner: MarkdownIt | undefined;

export function scanLinks(source: string): { href: string; line: number }[] {
  // One parser for every scan: building a MarkdownIt costs more than parsing an article.
  const md = (linkScanner ??= new MarkdownIt("commonmark", { html: false }));
  md.validateLink = () => true;
  const links: { href: string; line: number }[] = [];
  for (const block of md.parse(source, {})) {
    if (block.type !== "inline" || !block.children) continue;
    const line = (block.map?.[0] ?? 0) + 1;
    for (const token of block.children) {
      if (token.type === "link_open" || token.type === "image") {
        links.push({ href: token.attrGet(token.type === "image" ? "src" : "href") ?? "", line });
      }
    }
  }
  return links;
}
