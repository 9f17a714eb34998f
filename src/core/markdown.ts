import MarkdownIt, { type Options, type StateInline, type Token } from "markdown-it";
import { isSafeUrl } from "./links.js";

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

/** Links a Markdown body contains, with their 1-based line and column inside the body. */
let linkScanner: MarkdownIt | undefined;

export function scanLinks(source: string): readonly ScannedLink[] {
  if (!mayHaveLinks(source)) return NO_LINKS;
  const known = recentScans.get(source);
  if (known) return known;
  // One parser for every scan: building a MarkdownIt costs more than parsing an article.
  // Tables as the body renders them, so that a link in a cell is found on its row's line.
  const md = (linkScanner ??= withLinkStarts(commonMark({ html: false }).enable("table")));
  md.validateLink = () => true;
  const links: ScannedLink[] = [];
  const lines = source.split("\n");
  let line = 1;
  let cell = 0; // where the next table cell's text is looked for on its row
  for (const block of md.parse(source, {})) {
    // A table cell's text has no position of its own: it is on the line of its row.
    if (block.map) [line, cell] = [block.map[0] + 1, 0];
    if (block.type !== "inline" || !block.children) continue;
    const place = contentPlaces(lines, line, block.content, block.map ? undefined : cell);
    if (!block.map) cell = place.end;
    for (const token of block.children) {
      if (token.type !== "link_open" && token.type !== "image") continue;
      const at = place.of((token.meta as { linkStart?: number } | null)?.linkStart ?? 0);
      const image = token.type === "image";
      links.push({ href: token.attrGet(image ? "src" : "href") ?? "", ...at, image });
    }
  }
  recentScans.set(source, links);
  if (recentScans.size > RECENT_SCANS) recentScans.delete(recentScans.keys().next().value!);
  return links;
}

/**
 * Where each link of an inline block starts in the block's text: its target as written (after
 * `](`), an autolink's `<`, a reference link's `[`; kept in its token's `meta.linkStart`.
 * markdown-it keeps no positions of inline tokens, so a rule ahead of its link rules notes each
 * place a link may start, by the index its first token will have; before the post-processing
 * rules move tokens (emphasis, joined text), the tokens at those indices are tagged.
 */
const linkStarts = new WeakMap<readonly Token[], Map<number, number>>();

function withLinkStarts(md: MarkdownIt): MarkdownIt {
  md.inline.ruler.before("link", "link_start", (state, silent) => {
    const c = state.src.charCodeAt(state.pos);
    if (silent || (c !== 0x5b /* [ */ && c !== 0x21 /* ! */ && c !== 0x3c) /* < */) return false;
    let at = state.pos;
    const label = c === 0x21 ? at + 1 : at;
    if (state.src.charCodeAt(label) === 0x5b) {
      const end = state.md.helpers.parseLinkLabel(state, label, c !== 0x21);
      if (end >= 0 && state.src.charCodeAt(end + 1) === 0x28 /* ( */) {
        at = end + 2;
        while (at < state.posMax && /[ \t\n]/.test(state.src.charAt(at))) at++;
      }
    }
    let starts = linkStarts.get(state.tokens);
    if (!starts) linkStarts.set(state.tokens, (starts = new Map()));
    // A link's first push flushes the pending text into a token of its own first.
    starts.set(state.tokens.length + (state.pending ? 1 : 0), at);
    return false;
  });
  md.inline.ruler2.before("balance_pairs", "link_start", (state) => {
    for (const [i, at] of linkStarts.get(state.tokens) ?? []) {
      const token = state.tokens[i];
      if (token?.type === "link_open" || token?.type === "image")
        token.meta = { ...(token.meta as object | null), linkStart: at };
    }
    linkStarts.delete(state.tokens);
    return false;
  });
  return md;
}

/**
 * Offsets in an inline block's text as places in the source (1-based line and column, in
 * UTF-16 code units as `placeOf` counts them). The text's k-th line is what is left of the
 * source's line `first + k` once a quote's `>`, a list's indent or a row's other cells are
 * taken away, so each line is found in its source line; a cell (`from`) from there on.
 */
function contentPlaces(
  lines: readonly string[],
  first: number,
  content: string,
  from: number | undefined,
): { of: (offset: number) => { line: number; column: number }; end: number } {
  const starts: number[] = [];
  let end = 0;
  content.split("\n").forEach((text, k) => {
    const written = lines[first - 1 + k] ?? "";
    const at = from === undefined ? written.lastIndexOf(text) : written.indexOf(text, from);
    starts.push(at < 0 ? 0 : at);
    end = (at < 0 ? 0 : at) + text.length;
  });
  return {
    of: (offset) => {
      let k = 0;
      let lineStart = 0;
      for (let i = content.indexOf("\n"); i >= 0 && i < offset; i = content.indexOf("\n", i + 1)) {
        k++;
        lineStart = i + 1;
      }
      return { line: first + k, column: (starts[k] ?? 0) + offset - lineStart + 1 };
    },
    end,
  };
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
  /** Where its target as written starts (an autolink's `<`, a reference link's `[`). */
  readonly column: number;
  /** Written as an image (`![alt](src)`), which no page shows: the renderer reads it as «!» and a link. */
  readonly image: boolean;
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
 * 1-based line of the first block that would be left out, or undefined. A parser allowed a few
 * levels more finds it: a block it opens at level 20 or deeper is one the pages' parser drops
 * (19 quotes, or 9 list levels, are still read). Most texts cannot come near the limit
 * (`mayNestDeep`) and are not parsed for it.
 */
export function tooDeepLine(source: string): number | undefined {
  if (!mayNestDeep(source)) return undefined;
  const md = (depthScanner ??= commonMark({ html: false, maxNesting: MAX_NESTING + 4 } as Options).enable("table"));
  for (const token of md.parse(source, {}))
    if (token.type !== "inline" && token.level >= MAX_NESTING && token.map) return token.map[0] + 1;
  return undefined;
}

let depthScanner: MarkdownIt | undefined;
/** markdown-it's `maxNesting` in its CommonMark preset, which the pages are rendered with. */
const MAX_NESTING = 20;

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

/** What a body's first block is, when it is not a paragraph: for the message that names it. */
const BLOCK_NAMES: Readonly<Record<string, string>> = {
  table_open: "a table",
  bullet_list_open: "a list",
  ordered_list_open: "a list",
  heading_open: "a heading",
  blockquote_open: "a quote",
  code_block: "a code block",
  fence: "a code block",
  hr: "a horizontal rule",
};

let blockScanner: MarkdownIt | undefined;
/**
 * A table's caption mark, `Table: ` or `: `, at the start of its paragraph (src/render/markdown.ts).
 * A no-break space after the colon, as a word processor may put there, is a space too (red team:
 * `Table:` and a no-break space was no caption, and was printed as the lede, mark and all).
 */
export const CAPTION_MARK = /^(?:Table)?:[ \t\u00a0\u202f]+(?=\S)/;

/**
 * A table's caption: a paragraph `Table: Exports by year` (or `: …`, as pandoc writes them;
 * `CAPTION_MARK`) directly before or after a table becomes its `<caption>` (the mark taken off),
 * set like any other text. The pages' parser (src/render/markdown.ts) and `strayCaptionLines`
 * both attach captions with it.
 */
export function tableCaptions(md: MarkdownIt): void {
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

/** A line that may start a caption paragraph (inside a quote or a list too): most bodies have none. */
const MAY_HOLD_CAPTION = /^[ \t>*+\-\d.)]*(?:Table)?:[ \t\u00a0\u202f]/m;
let captionScanner: MarkdownIt | undefined;

/**
 * 1-based lines of the paragraphs that start with a caption mark but are no table's caption (no
 * table right before or after them, or the table took another): the pages print them as written,
 * `Table: ` and all.
 */
export function strayCaptionLines(body: string): number[] {
  if (!MAY_HOLD_CAPTION.test(body)) return [];
  // Blocks only, with the pages' tables and captions: what is left is printed as a paragraph.
  let md = captionScanner;
  if (!md) tableCaptions((md = captionScanner = commonMark({ html: false }).enable("table").disable("inline")));
  const tokens = md.parse(body, {});
  const lines: number[] = [];
  tokens.forEach((token, i) => {
    if (token.type === "paragraph_open" && token.map && CAPTION_MARK.test(tokens[i + 1]?.content ?? ""))
      lines.push(token.map[0] + 1);
  });
  return lines;
}

/**
 * What a body starts with when its first paragraph is a caption (`Table: …`, `: …`) that no
 * table follows: it was printed as the lede, caption mark and all (red team). A press officer
 * writes the mark for a table, so it is a table that did not come out, or a lede mistyped.
 */
export const STRAY_CAPTION = "a table caption with no table after it";

/**
 * A body's lede, its first paragraph as written (its reference links written inline:
 * `withReferencesInline`), and the rest of the body; or, when the body
 * starts with something else (a table, a list, a heading, a quote, a table's caption), no lede
 * and what it starts with. Cut at the first blank line, a body starting with a table printed
 * the table's Markdown as the lede; a list right under the first paragraph (no blank line) was
 * printed in it.
 */
export function ledeOf(body: string): { lede: string; rest: string; startsWith?: string; line?: number } {
  // Blocks only (their inline text is not parsed), and only up to the first blank line after
  // the text starts, where the first block ends (its caption aside): ledeOf runs for every page.
  const md = (blockScanner ??= commonMark({ html: false }).enable("table").disable("inline"));
  const blank = /\n[ \t]*\r?\n/g;
  blank.lastIndex = body.search(/\S/) + 1;
  const head = blank.exec(body);
  const firstBlock = head && !CAPTION_MARK.test(body.trimStart()) ? body.slice(0, head.index) : body;
  let tokens = md.parse(firstBlock, {});
  // Link reference definitions (`[a]: https://…`) make no token: the lede is the paragraph
  // after them (red team: a body opening with one had an empty lede, and no error).
  if (tokens.length === 0 && firstBlock !== body) tokens = md.parse(body, {});
  const first = tokens[0];
  if (!first?.map) return { lede: "", rest: body };
  const lines = body.split("\n");
  const caption = first.type === "paragraph_open" && CAPTION_MARK.test(tokens[1]?.content ?? "");
  if (first.type !== "paragraph_open" || caption)
    return {
      lede: "",
      rest: body,
      startsWith: !caption
        ? (BLOCK_NAMES[first.type] ?? "something other than a paragraph")
        : tokens[3]?.type === "table_open"
          ? "a captioned table"
          : STRAY_CAPTION,
      line: first.map[0] + 1,
    };
  const [start, end] = first.map;
  const rest = [...lines.slice(0, start), ...lines.slice(end)].join("\n");
  return {
    lede: withReferencesInline(lines.slice(start, end).join("\n").trim(), body),
    // What is before the lede (blank lines, reference definitions the body's links use) stays.
    // Blank lines are taken off its start, not the indent of its first line: four spaces there
    // make a code block, which a paragraph would print with its references decoded (red team).
    rest: rest.trim() ? rest.replace(/^(?:[ \t]*\r?\n)+/, "") : "",
  };
}

/**
 * The lede with its reference links (`[the ministry][mfa]`, `[mfa][]`, `[mfa]`) written as
 * inline links to what the body defines (`[mfa]: https://…`, anywhere in the body): the lede is
 * rendered, typeset and reduced to text on its own, without the body's definitions, and printed
 * such a link as written (red team). They resolve as CommonMark resolves them in the whole body
 * (labels matched case-insensitively, the first definition wins, an undefined one stays text)
 * and with the pages' link policy: a definition whose URL is refused (`isSafeUrl`) defines
 * nothing, as on the page, and its links stay text (scanLinks reports them in the body).
 * A body without a definition (`]:`, most of them) or a lede without `[` is not parsed.
 */
function withReferencesInline(lede: string, body: string): string {
  if (!lede.includes("[") || !body.includes("]:")) return lede;
  const md = (referenceScanner ??= withReferenceSpans(commonMark({ html: false }).enable("table")));
  const env: ReferenceEnv = { spans: new Map() };
  md.parse(body, env); // blocks only: the definitions, into env.references
  if (!env.references) return lede;
  const tokens: Token[] = [];
  md.inline.parse(lede, md, env, tokens);
  const links = tokens.flatMap((token) => {
    const span = (token.meta as { referenceSpan?: ReferenceSpan } | null)?.referenceSpan;
    return token.type === "link_open" && span ? [{ token, span }] : [];
  });
  // In the order of the text: a link that markdown-it finds inside another's text comes after it.
  links.sort((a, b) => a.span.from - b.span.from);
  let out = "";
  let from = 0;
  for (const { token, span } of links) {
    const title = token.attrGet("title");
    // Escaped so that they read back as they are: `&` would start an entity, `>` end the target.
    const target = `<${(token.attrGet("href") ?? "").replace(/[<>\\&]/g, "\\$&")}>`;
    out += `${lede.slice(from, span.from)}(${target}${title ? ` "${title.replace(/[\\"&]/g, "\\$&")}"` : ""})`;
    from = span.to;
  }
  return out + lede.slice(from);
}

let referenceScanner: MarkdownIt | undefined;

/** Where a reference link's reference is in the lede: `[mfa]`, `[]`, or nothing (`[mfa]` alone). */
interface ReferenceSpan {
  readonly from: number;
  readonly to: number;
}

interface ReferenceEnv {
  references?: Record<string, unknown>;
  /** By the index its `link_open` token will have, until the tokens are tagged. */
  readonly spans: Map<number, ReferenceSpan>;
}

/**
 * A parser of blocks (no inline rule runs in `parse`) whose inline parser tags each reference
 * link's `link_open` with its `referenceSpan`, in the pages' link policy (no images: a `!` is
 * text before a link there). markdown-it keeps no positions of inline tokens: a rule ahead of
 * its link rule runs that rule silently at each `[` to find where the link ends; a link that
 * ends with `]` is a reference one (an inline one ends with `)`).
 */
function withReferenceSpans(md: MarkdownIt): MarkdownIt {
  md.disable(["inline", "image"]);
  md.validateLink = isSafeUrl;
  const only = commonMark({});
  only.inline.ruler.enableOnly(["link"]);
  const [link] = only.inline.ruler.getRules("");
  if (!link) throw new Error("markdown-it has no link rule");
  md.inline.ruler.before("link", "reference_span", (state: StateInline, silent: boolean) => {
    if (silent || state.src.charCodeAt(state.pos) !== 0x5b /* [ */) return false;
    const [pos, posMax] = [state.pos, state.posMax];
    const labelEnd = state.md.helpers.parseLinkLabel(state, pos, true);
    if (labelEnd >= 0 && link(state, true) && state.src.charCodeAt(state.pos - 1) === 0x5d /* ] */) {
      // A link's first push flushes the pending text into a token of its own first.
      const index = state.tokens.length + (state.pending ? 1 : 0);
      (state.env as ReferenceEnv).spans.set(index, { from: labelEnd + 1, to: state.pos });
    }
    [state.pos, state.posMax] = [pos, posMax];
    return false;
  });
  md.inline.ruler2.before("balance_pairs", "reference_span", (state) => {
    for (const [i, referenceSpan] of (state.env as ReferenceEnv).spans) {
      const token = state.tokens[i];
      if (token?.type === "link_open") token.meta = { ...(token.meta as object | null), referenceSpan };
    }
    (state.env as ReferenceEnv).spans.clear();
    return false;
  });
  return md;
}

let codeScanner: MarkdownIt | undefined;

/**
 * Which of these spans of a Markdown body (`[from, to)`, each a character reference) lie in
 * code (a code span, an indented or fenced block), where CommonMark prints a reference as
 * written and never decodes it. markdown-it keeps no positions of inline tokens: each span is
 * replaced by a marker of its own and the markers found in code tokens are the answer. Meant for
 * references that write a control character, which have no Markdown meaning to lose.
 */
export function spansInCode(body: string, spans: readonly (readonly [number, number])[]): Set<number> {
  // Marked with two characters the body does not hold: a body may write the markers itself (in
  // code, where they were found for a reference in its text, red team).
  const [open, close] = unusedPrivateUse(body);
  if (open === undefined || close === undefined) return new Set();
  const marker = (k: number) => `${open}${k.toString(36)}${close}`;
  let marked = "";
  let last = 0;
  spans.forEach(([from, to], k) => {
    marked += body.slice(last, from) + marker(k);
    last = to;
  });
  marked += body.slice(last);
  const md = (codeScanner ??= pagesInlines(commonMark({ html: false }).enable("table")));
  let code = "";
  for (const token of md.parse(marked, {})) {
    if (token.type === "code_block" || token.type === "fence") code += token.content;
    for (const child of token.children ?? []) if (child.type === "code_inline") code += child.content;
  }
  const inCode = new Set<number>();
  if (code.includes(open)) spans.forEach((_, k) => code.includes(marker(k)) && inCode.add(k));
  return inCode;
}

/**
 * Inline syntax as the pages read it (src/render/markdown.ts): no images (`![` is a `!` before a
 * link) and only the links the URL policy allows; what is code there is code here.
 */
function pagesInlines(md: MarkdownIt): MarkdownIt {
  md.disable("image");
  md.validateLink = isSafeUrl;
  return md;
}

/** Two characters of the Private Use Area that `text` does not hold (none if it holds all but one). */
function unusedPrivateUse(text: string): string[] {
  const held = new Set(text.match(/[\uE000-\uF8FF]/g));
  const unused: string[] = [];
  for (let cp = 0xe000; cp <= 0xf8ff && unused.length < 2; cp++)
    if (!held.has(String.fromCharCode(cp))) unused.push(String.fromCharCode(cp));
  return unused;
}

/** HTML a body's author wrote (`<b>`, `<img src=…>`, `<br>`, a `<div>` block), where it is written. */
export interface ScannedHtml {
  readonly tag: string;
  readonly line: number;
  readonly column: number;
}

let htmlScanner: MarkdownIt | undefined;
const htmlStarts = new WeakMap<readonly Token[], Map<number, number>>();

/**
 * The HTML tags and comments in a Markdown body, 1-based line and column inside the body. The
 * pages' parser reads no HTML (`html: false`), so each is printed as text, angle brackets and
 * all: a habit of editors who paste from a web page or a CMS. A parser with HTML on finds them
 * as CommonMark does (not `<5 %`, not an autolink); an inline one's place is noted by a rule ahead
 * of markdown-it's, as `withLinkStarts` does for links.
 */
export function scanHtml(source: string): readonly ScannedHtml[] {
  if (!/<[A-Za-z/!?]/.test(source)) return [];
  let md = htmlScanner;
  if (!md) {
    md = htmlScanner = commonMark({ html: true }).enable("table");
    md.inline.ruler.before("html_inline", "html_start", (state, silent) => {
      if (silent || state.src.charCodeAt(state.pos) !== 0x3c /* < */) return false;
      let starts = htmlStarts.get(state.tokens);
      if (!starts) htmlStarts.set(state.tokens, (starts = new Map()));
      starts.set(state.tokens.length + (state.pending ? 1 : 0), state.pos);
      return false;
    });
  }
  const found: ScannedHtml[] = [];
  const lines = source.split("\n");
  let line = 1;
  let cell = 0;
  for (const block of md.parse(source, {})) {
    if (block.map) [line, cell] = [block.map[0] + 1, 0];
    if (block.type === "html_block") {
      const written = lines[line - 1] ?? "";
      found.push({ tag: tagOf(block.content), line, column: Math.max(0, written.indexOf("<")) + 1 });
      continue;
    }
    if (block.type !== "inline" || !block.children) continue;
    const place = contentPlaces(lines, line, block.content, block.map ? undefined : cell);
    if (!block.map) cell = place.end;
    const starts = htmlStarts.get(block.children);
    block.children.forEach((token, i) => {
      if (token.type === "html_inline") found.push({ tag: tagOf(token.content), ...place.of(starts?.get(i) ?? 0) });
    });
    htmlStarts.delete(block.children);
  }
  return found;
}

/** The first tag of a piece of HTML as written, cut short: `<img src="x.jpg">`, `<!-- … -->`. */
function tagOf(html: string): string {
  const first = /<[^>]*>?/.exec(html.trim())?.[0] ?? html.trim();
  return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}
