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

export function scanLinks(source: string): readonly ScannedLink[] {
  if (!mayHaveLinks(source)) return NO_LINKS;
  const known = recentScans.get(source);
  if (known) return known;
  // One parser for every scan: building a MarkdownIt costs more than parsing an article.
  // Tables as the body renders them, so that a link in a cell is found on its row's line.
  const md = (linkScanner ??= commonMark({ html: false }).enable("table"));
  md.validateLink = () => true;
  const links: ScannedLink[] = [];
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
  recentScans.set(source, links);
  if (recentScans.size > RECENT_SCANS) recentScans.delete(recentScans.keys().next().value!);
  return links;
}

const NO_LINKS: readonly ScannedLink[] = Object.freeze([]);

/**
 * Whether CommonMark could find a link or image in `source`: an inline one needs `](`, an
 * autolink `<`, a reference one a definition `[label]:` (its `]:`); the scanner has no
 * linkify and no HTML. Most press bodies have none, and parsing them only to find none was
 * 21.6 ms of a cold build of 8 generated articles (`scanLinks` in its CPU profile,
 * bench/profile-functions.js).
 */
export function mayHaveLinks(source: string): boolean {
  return source.includes("](") || source.includes("<") || source.includes("]:");
}

export interface ScannedLink {
  readonly href: string;
  readonly line: number;
}

/**
 * The last texts scanned and their links: an article's rules scan each of its bodies twice (its
 * links, then their count against the source's), one article after another. 40 generated
 * articles: scanLinks 26.7 -> 15.9 ms (--cpu-prof, --jobs 1).
 */
const recentScans = new Map<string, readonly ScannedLink[]>();
const RECENT_SCANS = 8;

/**
 * Where a Markdown text nests deeper than CommonMark's parser follows (`maxNesting`, 20
 * levels: ten list levels, twenty quotes): the parser leaves out what is deeper, silently. The
 * 1-based line of the first block at the limit, or undefined. Most texts cannot come near it
 * (`mayNestDeep`) and are not parsed for it.
 */
export function tooDeepLine(source: string): number | undefined {
  if (!mayNestDeep(source)) return undefined;
  const md = (depthScanner ??= commonMark({ html: false }).enable("table"));
  const limit = (md.options as { maxNesting?: number }).maxNesting ?? 20;
  for (const token of md.parse(source, {})) if (token.level >= limit - 1 && token.map) return token.map[0] + 1;
  return undefined;
}

let depthScanner: MarkdownIt | undefined;

/**
 * A line's leading run of what opens containers: spaces, tabs, quote marks, list markers. Each
 * level of nesting costs its line at least one character there (a quote its `>`, a list level
 * two columns of marker or indent), a tab counting for four columns.
 */
const CONTAINER_PREFIX = /^[ \t>*+\-\d.)]{12,}/gm;
/** Fewer characters than this before a line's text cannot reach the limit (with a margin). */
const DEEP_PREFIX = 16;

function mayNestDeep(source: string): boolean {
  for (const [prefix] of source.matchAll(CONTAINER_PREFIX)) {
    let columns = 0;
    for (const char of prefix) columns += char === "\t" ? 4 : 1;
    if (columns >= DEEP_PREFIX) return true;
  }
  return false;
}
