import type * as csstree from "css-tree";
import { compile } from "css-select";
import { cssTree } from "./cssTree.js";
import type { AnyNode, Element } from "domhandler";
import { declarationProblem } from "./cssValues.js";

/** One declaration of a style rule, in source order. */
export interface Declaration {
  readonly property: string;
  readonly value: string;
  readonly important: boolean;
}

/** Where a rule comes from: the browser's defaults lose to the page's stylesheet, except `!important` ones. */
export type Origin = "user-agent" | "author";

/** [ids, classes+attributes+pseudo-classes, types], compared lexicographically. */
export type Specificity = readonly [number, number, number];

export interface StyleRule {
  readonly selector: string;
  readonly matches: (el: Element) => boolean;
  readonly specificity: Specificity;
  readonly origin: Origin;
  /** Position in the cascade within its origin: the stylesheet in order. */
  readonly order: number;
  readonly declarations: readonly Declaration[];
}

/**
 * A rule, declaration or piece of CSS the PDF does not apply. `pdf/invalid-css`: browsers drop
 * it too (a syntax error, a value the property's grammar refuses); `pdf/unsupported-css`:
 * valid CSS outside the subset of docs/html-subset.md. Line and column are 1-based in the text parsed.
 */
export interface CssProblem {
  readonly code: "pdf/invalid-css" | "pdf/unsupported-css";
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface Stylesheet {
  readonly rules: readonly StyleRule[];
  readonly page: readonly Declaration[];
  /** Rules that can only match an element with this id, class or tag, and the rest. */
  readonly index: RuleIndex;
  /** What was left out, in source order. */
  readonly problems: readonly CssProblem[];
}

export interface RuleIndex {
  readonly byId: ReadonlyMap<string, readonly StyleRule[]>;
  readonly byClass: ReadonlyMap<string, readonly StyleRule[]>;
  readonly byTag: ReadonlyMap<string, readonly StyleRule[]>;
  readonly other: readonly StyleRule[];
}

/** Rules that may match an element: only those whose rightmost part names its id, a class or its tag. */
export function candidateRules(index: RuleIndex, el: Element): StyleRule[] {
  const out: StyleRule[] = [...index.other, ...(index.byTag.get(el.name) ?? [])];
  const id = el.attribs["id"];
  if (id) out.push(...(index.byId.get(id) ?? []));
  const classes = el.attribs["class"];
  if (classes) for (const c of new Set(classes.split(/\s+/))) out.push(...(index.byClass.get(c) ?? []));
  return out;
}

/**
 * Pseudo-classes the PDF matches (css-select), all structural: a PDF has no hover, focus or
 * visited links. `:link`/`:any-link` are `a[href]`, as for an unvisited link in a browser.
 */
const PSEUDO_CLASSES = new Set([
  "is",
  "where",
  "not",
  "has",
  "root",
  "empty",
  "first-child",
  "last-child",
  "only-child",
  "nth-child",
  "nth-last-child",
  "first-of-type",
  "last-of-type",
  "only-of-type",
  "nth-of-type",
  "nth-last-of-type",
  "link",
  "any-link",
]);

export interface ParseStylesheetOptions {
  /** The user agent's defaults or the page's stylesheet; "author" unless given. */
  readonly origin?: Origin;
}

/**
 * The stylesheet as browsers read it (css-tree: the CSS Syntax spec's tokenizer and error
 * recovery, and the property grammars of the CSS specs to tell a value browsers drop), then
 * the PDF's subset of it: style rules, `@media print` (applied: a PDF is print), `@media
 * screen` (skipped) and `@page`. Everything else is a problem with its line and column.
 * Selectors are compiled once with css-select, so matching per element is a function call.
 */
export function parseStylesheet(css: string, options: ParseStylesheetOptions = {}): Stylesheet {
  // css-tree recurses per nesting level: a hostile sheet of thousands of nested blocks would
  // overflow the stack. No real stylesheet nests this deep; such a sheet is left out whole.
  const tooDeep = nestingBeyond(css, MAX_CSS_NESTING);
  if (tooDeep)
    return {
      rules: [],
      page: [],
      index: indexRules([]),
      problems: [
        {
          code: "pdf/invalid-css",
          message: `the stylesheet nests blocks, brackets or parentheses more than ${MAX_CSS_NESTING} levels deep; PDFs leave the whole stylesheet out`,
          ...tooDeep,
        },
      ],
    };
  return parseStylesheetWithin(css, options);
}

const MAX_CSS_NESTING = 128;

/** Where `css` first nests `{`, `[` or `(` deeper than `limit` (strings and comments skipped), if it does. */
function nestingBeyond(css: string, limit: number): { line: number; column: number } | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < css.length; i++) {
    const ch = css[i];
    if (ch === "\n") {
      line++;
      lineStart = i + 1;
    } else if (ch === "/" && css[i + 1] === "*") {
      const end = css.indexOf("*/", i + 2);
      const skipped = css.slice(i, end < 0 ? css.length : end + 2);
      for (let j = 0; j < skipped.length; j++)
        if (skipped[j] === "\n") {
          line++;
          lineStart = i + j + 1;
        }
      i += skipped.length - 1;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < css.length && css[j] !== ch && css[j] !== "\n") j += css[j] === "\\" ? 2 : 1;
      i = j;
    } else if (ch === "{" || ch === "(" || ch === "[") {
      if (++depth > limit) return { line, column: i - lineStart + 1 };
    } else if (ch === "}" || ch === ")" || ch === "]") depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function parseStylesheetWithin(css: string, options: ParseStylesheetOptions): Stylesheet {
  const origin = options.origin ?? "author";
  const rules: StyleRule[] = [];
  const page: Declaration[] = [];
  const problems: CssProblem[] = [];
  const syntaxErrors: { offset: number; problem: CssProblem }[] = [];
  // Declarations reported whole: the syntax errors inside them are not reported again.
  const reported: [number, number][] = [];
  const at: Report = (code, message, loc) => {
    problems.push({ code, message, line: loc?.start.line ?? 1, column: loc?.start.column ?? 1 });
    if (loc) reported.push([loc.start.offset, loc.end.offset]);
  };
  let order = 0;

  const ast = cssTree().parse(css, {
    positions: true,
    parseValue: true,
    parseCustomProperty: false,
    onParseError: (error) =>
      syntaxErrors.push({
        offset: error.offset,
        problem: {
          code: "pdf/invalid-css",
          message: `CSS syntax error: ${error.message.toLowerCase()}; browsers skip to the next \`;\` or \`}\`, and so do PDFs`,
          line: error.line,
          column: error.column,
        },
      }),
  });

  const readBlock = (block: csstree.CssNode | null, include: boolean) => {
    if (!block || !("children" in block) || !block.children) return;
    block.children.forEach((node) => {
      if (node.type === "Atrule") {
        const name = node.name.toLowerCase();
        if (name === "media") {
          readBlock(node.block, include && mediaApplies(node, at));
        } else if (name === "page") {
          if (include) page.push(...declarationsOf(node.block, at, "@page"));
        } else if (name !== "charset") {
          // @charset only names the file's encoding, which is UTF-8 here anyway.
          at("pdf/unsupported-css", `At-rule \`@${node.name}\` is not applied in PDFs`, node.loc);
        }
        return;
      }
      if (node.type !== "Rule") return;
      if (node.prelude.type !== "SelectorList") {
        // A selector the parser could not read: reported as a syntax error already.
        return;
      }
      if (!include) return;
      const selectors: { text: string; node: csstree.Selector; matches: (el: Element) => boolean }[] = [];
      node.prelude.children.forEach((selector) => {
        if (selector.type !== "Selector") return;
        const text = cssTree().generate(selector);
        const unsupported = unsupportedPart(selector);
        const matches = unsupported ? undefined : compileSelector(text);
        if (matches) selectors.push({ text, node: selector, matches });
        else
          at(
            "pdf/unsupported-css",
            `Selector \`${text}\` ${unsupported ? `uses ${unsupported}, which PDFs do not match` : "cannot be matched in PDFs"}; its rule is left out`,
            selector.loc,
          );
      });
      // A rule no selector of which applies is reported once, by its selectors.
      if (selectors.length === 0) return;
      const declarations = declarationsOf(node.block, at, cssTree().generate(node.prelude));
      for (const { text, node: selector, matches } of selectors)
        rules.push({
          selector: text,
          matches,
          specificity: specificityOf(selector),
          origin,
          order: order++,
          declarations,
        });
    });
  };
  readBlock(ast, true);
  // A syntax error inside a rule names it: the innermost rule whose block holds the error.
  const ruleAt = (offset: number): string | undefined => {
    let found: { selector: string; size: number } | undefined;
    cssTree().walk(ast, {
      visit: "Rule",
      enter: (rule) => {
        const loc = rule.block.loc;
        if (!loc || offset < loc.start.offset || offset > loc.end.offset) return;
        const size = loc.end.offset - loc.start.offset;
        if (!found || size < found.size) found = { selector: cssTree().generate(rule.prelude), size };
      },
    });
    return found?.selector;
  };
  for (const { offset, problem } of syntaxErrors) {
    if (reported.some(([start, end]) => offset >= start && offset <= end)) continue;
    const rule = ruleAt(offset);
    problems.push(rule ? { ...problem, message: problem.message.replace(/;/, ` (in \`${rule}\`);`) } : problem);
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { rules, page, index: indexRules(rules), problems };
}

/**
 * The only style attribute the bundled templates' pages carry: a Markdown table cell's
 * alignment, as markdown-it writes it. Read without css-tree, so that a build whose
 * stylesheets come from the tool cache never loads it; tests/css.test.ts holds the result to
 * css-tree's for each value.
 */
const MARKDOWN_ALIGN = /^text-align:(left|right|center)$/;

/** The declarations of a `style` attribute, with the problems of those left out (`where` names the attribute). */
export function parseInlineStyle(
  style: string,
  where = "a style attribute",
): { declarations: Declaration[]; problems: CssProblem[] } {
  const aligned = MARKDOWN_ALIGN.exec(style);
  if (aligned)
    return { declarations: [{ property: "text-align", value: aligned[1]!, important: false }], problems: [] };
  const problems: CssProblem[] = [];
  const at: Report = (code, message, loc) =>
    problems.push({ code, message, line: loc?.start.line ?? 1, column: loc?.start.column ?? 1 });
  const ast = cssTree().parse(style, { context: "declarationList", positions: true, parseValue: true });
  return { declarations: declarationsOf(ast, at, where), problems };
}

type Report = (code: CssProblem["code"], message: string, loc: csstree.CssLocation | undefined) => void;

/** A block's declarations the PDF applies; the others reported, naming the property and where it is. */
function declarationsOf(block: csstree.CssNode | null, at: Report, where: string): Declaration[] {
  const out: Declaration[] = [];
  if (!block || !("children" in block) || !block.children) return out;
  block.children.forEach((node) => {
    if (node.type !== "Declaration") return;
    const property = node.property.toLowerCase();
    const value = node.value.type === "Raw" ? node.value.value.trim() : cssTree().generate(node.value);
    if (property.startsWith("--")) {
      at("pdf/unsupported-css", `Custom property \`${property}\` (in \`${where}\`) is not applied in PDFs`, node.loc);
      return;
    }
    const match = node.value.type === "Raw" ? undefined : cssTree().lexer.matchProperty(property, node.value);
    const knownToBrowsers = match === undefined || !/unknown property/i.test(match.error?.message ?? "");
    if (node.value.type === "Raw" || (match?.error && knownToBrowsers)) {
      at(
        "pdf/invalid-css",
        `\`${property}: ${value}\` (in \`${where}\`) is not valid CSS; browsers drop it, and so do PDFs`,
        node.loc,
      );
      return;
    }
    const problem = declarationProblem(property, value);
    if (problem === "ignored") return;
    if (problem) {
      at("pdf/unsupported-css", `${problem.replace("{where}", where)}; left out of PDFs`, node.loc);
      return;
    }
    out.push({ property, value, important: Boolean(node.important) });
  });
  return out;
}

/** Whether `@media …` applies to a PDF: print or all, without media features (which PDFs do not evaluate). */
function mediaApplies(node: csstree.Atrule, at: Report): boolean {
  if (!node.prelude) return true;
  const text = cssTree().generate(node.prelude).toLowerCase();
  return text.split(",").some((raw) => {
    const query = raw.trim();
    const m = /^(not\s+|only\s+)?([a-z-]+)?(\s+and\s+)?(.*)$/.exec(query);
    const negated = m?.[1]?.trim() === "not";
    const type = m?.[2] ?? "all";
    const features = (m?.[4] ?? "").trim();
    if (features || query.startsWith("(")) {
      if (type === "screen" && !negated) return false;
      at("pdf/unsupported-css", `Media query \`${query}\` is not evaluated for PDFs; its rules are left out`, node.loc);
      return false;
    }
    const print = type === "print" || type === "all";
    return negated ? !print : print;
  });
}

/** The first part of a selector outside the subset, described; undefined when it has none. */
function unsupportedPart(selector: csstree.CssNode): string | undefined {
  let found: string | undefined;
  cssTree().walk(selector, (node) => {
    if (found) return;
    if (node.type === "PseudoElementSelector") found = `the pseudo-element \`::${node.name}\``;
    else if (node.type === "PseudoClassSelector" && !PSEUDO_CLASSES.has(node.name.toLowerCase()))
      found = `the pseudo-class \`:${node.name}\``;
    else if (node.type === "NestingSelector") found = "nesting (`&`)";
    else if (node.type === "Combinator" && node.name === "||") found = "the column combinator";
  });
  return found;
}

export function compileSelector(selector: string): ((el: Element) => boolean) | undefined {
  try {
    const test = compile<AnyNode, Element>(selector);
    return (el) => test(el);
  } catch {
    return undefined;
  }
}

/** Selectors Level 4: `:is()`, `:not()`, `:has()` count their most specific argument, `:where()` nothing. */
export function specificityOf(selector: csstree.CssNode): [number, number, number] {
  const s: [number, number, number] = [0, 0, 0];
  if (selector.type !== "Selector") return s;
  selector.children.forEach((node) => {
    switch (node.type) {
      case "IdSelector":
        s[0]++;
        break;
      case "ClassSelector":
      case "AttributeSelector":
        s[1]++;
        break;
      case "TypeSelector":
        if (node.name !== "*" && !node.name.endsWith("|*")) s[2]++;
        break;
      case "PseudoElementSelector":
        s[2]++;
        break;
      case "PseudoClassSelector": {
        const name = node.name.toLowerCase();
        if (name === "where") break;
        const list = node.children?.first;
        if ((name === "is" || name === "not" || name === "has") && list?.type === "SelectorList") {
          let max: [number, number, number] = [0, 0, 0];
          list.children.forEach((arg) => {
            const a = specificityOf(arg);
            if (compareSpecificity(a, max) > 0) max = a;
          });
          s[0] += max[0];
          s[1] += max[1];
          s[2] += max[2];
        } else s[1]++;
        break;
      }
      default:
        break;
    }
  });
  return s;
}

export function compareSpecificity(a: Specificity, b: Specificity): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function indexRules(rules: readonly StyleRule[]): RuleIndex {
  const byId = new Map<string, StyleRule[]>();
  const byClass = new Map<string, StyleRule[]>();
  const byTag = new Map<string, StyleRule[]>();
  const other: StyleRule[] = [];
  const add = (map: Map<string, StyleRule[]>, key: string, rule: StyleRule) => {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(rule);
  };
  for (const rule of rules) {
    // The rightmost compound selector: after the last combinator, outside any :is()/:not().
    const parts = (cssTree().parse(rule.selector, { context: "selector" }) as csstree.Selector).children.toArray();
    const last = parts.slice(parts.findLastIndex((n) => n.type === "Combinator") + 1);
    const id = last.find((n): n is csstree.IdSelector => n.type === "IdSelector");
    const cls = last.find((n): n is csstree.ClassSelector => n.type === "ClassSelector");
    const tag = last.find((n): n is csstree.TypeSelector => n.type === "TypeSelector" && !n.name.includes("*"));
    if (id) add(byId, id.name, rule);
    else if (cls) add(byClass, cls.name, rule);
    else if (tag) add(byTag, tag.name.toLowerCase(), rule);
    else other.push(rule);
  }
  return { byId, byClass, byTag, other };
}
