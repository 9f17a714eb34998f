import type { ChildNode, Element } from "domhandler";
import { isTag, isText } from "domhandler";
import { parseInlineStyle, type Stylesheet } from "./css.js";
import { cascade, computeStyle, ROOT_STYLE, type ComputedStyle } from "./computeStyle.js";
import type { PdfEngine } from "./engine.js";

/** Elements the PDF target lays out (docs/html-subset.md). */
const BLOCK_ELEMENTS = new Set([
  "html",
  "body",
  "main",
  "article",
  "section",
  "header",
  "footer",
  "nav",
  "aside",
  "div",
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "ul",
  "ol",
  "li",
  "blockquote",
  "figure",
  "figcaption",
  "table",
  "caption",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
]);
const INLINE_ELEMENTS = new Set([
  "img",
  "a",
  "strong",
  "em",
  "b",
  "i",
  "small",
  "time",
  "span",
  "br",
  "abbr",
  "cite",
  "q",
]);
const SVG_ELEMENTS = new Set(["svg", "rect", "line", "text", "path", "title", "desc", "g", "tspan"]);
const IGNORED = new Set(["head", "title", "meta", "link", "style"]);

/** Whether the PDF target lays out an element (docs/html-subset.md). */
export function isSubsetElement(name: string): boolean {
  return (
    BLOCK_ELEMENTS.has(name) ||
    INLINE_ELEMENTS.has(name) ||
    SVG_ELEMENTS.has(name) ||
    IGNORED.has(name) ||
    name === "img"
  );
}

/** Structure tags of the tagged PDF, by element. */
const STRUCT_TAG: Readonly<Record<string, string>> = {
  h1: "H1",
  h2: "H2",
  h3: "H3",
  h4: "H4",
  p: "P",
  ul: "L",
  ol: "L",
  li: "LI",
  blockquote: "BlockQuote",
  figure: "Figure",
  figcaption: "Caption",
  table: "Table",
  caption: "Caption",
  thead: "THead",
  tbody: "TBody",
  tr: "TR",
  th: "TH",
  td: "TD",
  article: "Art",
  section: "Sect",
  header: "Sect",
  footer: "Sect",
  main: "Sect",
  nav: "Sect",
  aside: "Sect",
  div: "Div",
};

export interface InlineRun {
  readonly text: string;
  readonly style: ComputedStyle;
  readonly href?: string;
  /** Set on text inside an inline element with its own `lang`. */
  readonly lang?: string;
}

export interface InlineBox {
  readonly kind: "inline";
  readonly runs: readonly InlineRun[];
}

export interface SvgBox {
  readonly kind: "svg";
  readonly el: Element;
  readonly width: number;
  readonly height: number;
  /** The chart's text alternative: its title and description. */
  readonly alt: string;
}

export interface ImageBox {
  readonly kind: "image";
  readonly data: Buffer;
  /** Natural size in CSS px. */
  readonly width: number;
  readonly height: number;
  readonly alt: string;
}

export interface BlockBox {
  readonly kind: "block";
  readonly tag: string;
  /** Structure type in the tagged PDF. */
  readonly structTag: string;
  readonly lang?: string;
  readonly style: ComputedStyle;
  readonly children: (BlockBox | InlineBox | SvgBox | ImageBox)[];
  /** For list items: the marker text ("•", "3."). */
  marker?: string;
  /** For a figure: its text alternative. */
  alt?: string;
  /**
   * For a table cell: its own `style` attribute sets `text-align` (a Markdown table's delimiter
   * row, `:---`), so a number in it keeps that alignment instead of being set flush right.
   */
  readonly alignedByAuthor?: true;
}

/** Whether an element's own `style` attribute sets `text-align`. */
function alignsItself(el: Element): boolean {
  const inline = el.attribs["style"];
  return inline !== undefined && parseInlineStyle(inline).declarations.some((d) => d.property === "text-align");
}

export interface BoxProblem {
  readonly code: "pdf/unsupported-element" | "pdf/unsupported-css" | "pdf/invalid-css" | "pdf/missing-image";
  readonly message: string;
}

export interface BoxOptions {
  readonly engine: PdfEngine;
  /** The user agent's stylesheet, then the page's own (which keys the engine's cascades). */
  readonly sheets: readonly Stylesheet[];
  /** Where elements and CSS outside the subset, and images not found, are reported (each once). */
  readonly problems: BoxProblem[];
  /** The bytes of an `<img>`'s `src`, if it is one of the article's checked images. */
  readonly imageFor: (src: string) => Buffer | undefined;
}

/** Build the block tree of an HTML document: resolved style per element, inline content as runs. */
export function buildBoxes(root: Element, options: BoxOptions): BlockBox {
  const { engine, sheets, problems, imageFor } = options;
  const reported = new Set<string>();
  const problem = (key: string, p: BoxProblem) => {
    if (!reported.has(key)) {
      reported.add(key);
      problems.push(p);
    }
  };
  const htmlDeclared = cascade(engine, root, sheets);
  const rootStyle = computeStyle(engine, htmlDeclared, ROOT_STYLE, ROOT_STYLE.fontSize);
  const rem = rootStyle.fontSize;

  const styleOf = (el: Element, parent: ComputedStyle): ComputedStyle => {
    const declared = cascade(engine, el, sheets);
    // The stylesheet's own problems are reported once, where they are written (checkStylesheet.ts).
    const inline = el.attribs["style"];
    if (inline)
      for (const p of parseInlineStyle(inline, `the style attribute of <${el.name}>`).problems)
        problem(`style:${p.message}`, { code: p.code, message: p.message });
    return computeStyle(engine, declared, parent, rem);
  };

  const block = (el: Element, style: ComputedStyle): BlockBox => {
    const children: (BlockBox | InlineBox | SvgBox | ImageBox)[] = [];
    let runs: InlineRun[] = [];
    const flush = () => {
      if (runs.some((r) => r.text.trim() !== "")) children.push({ kind: "inline", runs });
      runs = [];
    };
    const inline = (node: ChildNode, s: ComputedStyle, href: string | undefined, lang?: string) => {
      if (isText(node)) {
        const text = node.data.replace(/[ \t\n\r\f]+/g, " ");
        if (text)
          runs.push({
            text: s.textTransform === "uppercase" ? text.toLocaleUpperCase(langOf(el)) : text,
            style: s,
            ...(href ? { href } : {}),
            ...(lang ? { lang } : {}),
          });
        return;
      }
      if (!isTag(node)) return;
      const childStyle = styleOf(node, s);
      if (childStyle.display === "none" || IGNORED.has(node.name)) return;
      if (node.name === "svg") {
        flush();
        children.push(svgBox(node));
        return;
      }
      if (node.name === "img") {
        flush();
        const src = node.attribs["src"] ?? "";
        const data = imageFor(src);
        if (!data) {
          problem(`img:${src}`, {
            code: "pdf/missing-image",
            message: `<img src="${src}"> is not one of the article's checked images; it is left out of the PDF`,
          });
          return;
        }
        children.push({
          kind: "image",
          data,
          width: Number(node.attribs["width"] ?? 0) || 600,
          height: Number(node.attribs["height"] ?? 0) || 400,
          alt: node.attribs["alt"] ?? "",
        });
        return;
      }
      if (childStyle.display !== "inline") {
        flush();
        children.push(block(node, childStyle));
        return;
      }
      if (!INLINE_ELEMENTS.has(node.name)) {
        problem(`el:${node.name}`, {
          code: "pdf/unsupported-element",
          message: `<${node.name}> is outside the PDF's HTML subset; its text is set as plain text`,
        });
      }
      if (node.name === "br") {
        runs.push({ text: "\n", style: childStyle });
        return;
      }
      const link = node.name === "a" ? node.attribs["href"] : href;
      for (const child of node.children) inline(child, childStyle, link, node.attribs["lang"] ?? lang);
    };
    if (!BLOCK_ELEMENTS.has(el.name)) {
      problem(`el:${el.name}`, {
        code: "pdf/unsupported-element",
        message: `<${el.name}> is outside the PDF's HTML subset; laid out as a plain block`,
      });
    }
    for (const child of el.children) inline(child, style, undefined);
    flush();
    const box: BlockBox = {
      kind: "block",
      tag: el.name,
      structTag: STRUCT_TAG[el.name] ?? (el.name === "html" || el.name === "body" ? "Document" : "Div"),
      ...(el.attribs["lang"] ? { lang: el.attribs["lang"] } : {}),
      style,
      children,
      ...((el.name === "td" || el.name === "th") && alignsItself(el) ? { alignedByAuthor: true as const } : {}),
    };
    if (el.name === "ol" || el.name === "ul") {
      let n = 0;
      for (const c of children)
        if (c.kind === "block" && c.tag === "li")
          c.marker = c.style.listStyleType === "decimal" ? `${++n}.` : c.style.listStyleType === "disc" ? "•" : "";
    }
    if (el.name === "figure") {
      const graphic = children.find((c): c is SvgBox | ImageBox => c.kind === "svg" || c.kind === "image");
      // A figure is a Figure (which needs alt text) only when it holds a graphic; a quote is a Div.
      if (graphic) box.alt = graphic.alt;
      else return { ...box, structTag: "Div" };
    }
    return box;
  };

  const svgBox = (el: Element): SvgBox => {
    const texts = (name: string) =>
      el.children
        .filter((c): c is Element => isTag(c) && c.name === name)
        .map((c) => textOf(c))
        .join(" ");
    const walk = (node: Element) => {
      for (const c of node.children) {
        if (!isTag(c)) continue;
        if (!SVG_ELEMENTS.has(c.name))
          problem(`svg:${c.name}`, {
            code: "pdf/unsupported-element",
            message: `SVG <${c.name}> is not drawn in PDFs`,
          });
        walk(c);
      }
    };
    walk(el);
    const viewBox = (el.attribs["viewBox"] ?? "").split(/[\s,]+/).map(Number);
    return {
      kind: "svg",
      el,
      width: Number(el.attribs["width"] ?? viewBox[2] ?? 300),
      height: Number(el.attribs["height"] ?? viewBox[3] ?? 150),
      alt: [texts("title"), texts("desc")].filter(Boolean).join(". "),
    };
  };

  const langOf = (el: Element): string => {
    for (let n: Element | null = el; n; n = n.parent && isTag(n.parent) ? n.parent : null)
      if (n.attribs["lang"]) return n.attribs["lang"];
    return "en";
  };

  const body = root.children.find((c): c is Element => isTag(c) && c.name === "body");
  return block(body ?? root, body ? styleOf(body, rootStyle) : rootStyle);
}

export function textOf(node: ChildNode): string {
  if (isText(node)) return node.data;
  if (isTag(node)) return node.children.map(textOf).join("");
  return "";
}
