import MarkdownIt from "markdown-it";

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
