import MarkdownIt from "markdown-it";
import { isSafeUrl } from "../core/links.js";
import { localeProfile, type Locale } from "../locale/index.js";
import { markdownTypography } from "../typography/markdown.js";

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
