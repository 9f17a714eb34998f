import MarkdownIt, { type Options } from "markdown-it";

let sharedLinkify: MarkdownIt["linkify"] | undefined;

/**
 * A CommonMark parser. markdown-it gives each instance a LinkifyIt of its own, 330 KB of
 * compiled patterns, even with `linkify` off, and a build keeps a parser per locale profile (30
 * in a long run's main thread): they all share the first one, which no parser of ours uses.
 */
export function commonMark(options: Options): MarkdownIt {
  const md = new MarkdownIt("commonmark", options);
  (md as { linkify: MarkdownIt["linkify"] }).linkify = sharedLinkify ??= md.linkify;
  return md;
}

/** Links a Markdown body contains, with their 1-based line inside the body. */
let linkScanner: MarkdownIt | undefined;

export function scanLinks(source: string): { href: string; line: number }[] {
  // One parser for every scan: building a MarkdownIt costs more than parsing an article.
  // Tables as the body renders them, so that a link in a cell is found on its row's line.
  const md = (linkScanner ??= commonMark({ html: false }).enable("table"));
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
