import MarkdownIt from "markdown-it";

/** Links a Markdown body contains, with their 1-based line inside the body. */
let linkScanner: MarkdownIt | undefined;

export function scanLinks(source: string): { href: string; line: number }[] {
  // One parser for every scan: building a MarkdownIt costs more than parsing an article.
  // Tables as the body renders them, so that a link in a cell is found on its row's line.
  const md = (linkScanner ??= new MarkdownIt("commonmark", { html: false }).enable("table"));
  md.validateLink = () => true;
  const links: { href: string; line: number }[] = [];
  let line = 1;
  for (const block of md.parse(source, {})) {
    // A table cell's text has no position of its own: it is on the line of its row.
    if (block.map) line = block.map[0] + 1;
    if (block.type !== "inline" || !block.children) continue;
    for (const token of block.children) {
      if (token.type === "link_open" || token.type === "image") {
        links.push({ href: token.attrGet(token.type === "image" ? "src" : "href") ?? "", line });
      }
    }
  }
  return links;
}
