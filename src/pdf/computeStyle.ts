import type { Element } from "domhandler";
import { roleOfFamilyList } from "../fonts/projectFonts.js";
import type { Declaration, Stylesheet, StyleRule } from "./css.js";
import { candidateRules, parseDeclarations } from "./css.js";
import type { PdfEngine } from "./engine.js";

/** The resolved style of one element, lengths in PDF points. Only the documented subset. */
export interface ComputedStyle {
  readonly display: "block" | "inline" | "list-item" | "none" | "table" | "table-row" | "table-cell";
  readonly fontFamily: "serif" | "sans";
  readonly fontSize: number;
  readonly fontWeight: "normal" | "bold";
  readonly fontStyle: "normal" | "italic";
  readonly color: string;
  readonly lineHeight: number;
  readonly textAlign: "left" | "center" | "right";
  readonly textTransform: "none" | "uppercase";
  readonly listStyleType: "none" | "disc" | "decimal";
  readonly margin: Box;
  readonly padding: Box;
  readonly borderTop?: Border;
  readonly borderBottom?: Border;
  readonly borderLeft?: Border;
  readonly background?: string;
  readonly breakBefore: "auto" | "page" | "avoid";
  readonly breakAfter: "auto" | "page" | "avoid";
  readonly breakInside: "auto" | "avoid";
  /** Fewest lines of a block left at the bottom of a page (CSS `orphans`, inherited, 2 by default). */
  readonly orphans: number;
  /** Fewest lines of a block carried to the top of the next page (CSS `widows`, inherited, 2 by default). */
  readonly widows: number;
  /**
   * CSS `hyphens`, inherited: `auto` breaks words at the hyphenation points of their language
   * (src/typography/hyphenate.ts), `manual` only at soft hyphens, `none` never.
   */
  readonly hyphens: "none" | "manual" | "auto";
}

export interface Box {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export interface Border {
  readonly width: number;
  readonly color: string;
}

/** Properties the PDF lays out. */
const SUPPORTED = new Set([
  "display",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "color",
  "line-height",
  "text-align",
  "text-transform",
  "list-style",
  "list-style-type",
  "margin",
  "margin-top",
  "margin-right",
  "margin-bottom",
  "margin-left",
  "padding",
  "padding-top",
  "padding-right",
  "padding-bottom",
  "padding-left",
  "border-top",
  "border-bottom",
  "border-left",
  "background",
  "background-color",
  "break-before",
  "break-after",
  "break-inside",
  "page-break-before",
  "page-break-after",
  "page-break-inside",
  "orphans",
  "widows",
  "hyphens",
]);

/** Properties that only matter on screen or that print layout does not need; ignored on purpose. */
export const SCREEN_ONLY = new Set([
  "max-width",
  "width",
  "height",
  "gap",
  "flex-wrap",
  "justify-content",
  "align-items",
  "color-scheme",
  "vertical-align",
  "border-collapse",
  "text-decoration",
  "letter-spacing",
  "overflow-wrap",
  "size",
  "cursor",
  "outline",
  "transition",
]);

export function isKnownProperty(property: string): boolean {
  return SUPPORTED.has(property) || SCREEN_ONLY.has(property);
}

const PX = 0.75; // CSS px to pt
const ZERO: Box = { top: 0, right: 0, bottom: 0, left: 0 };

export const ROOT_STYLE: ComputedStyle = {
  display: "block",
  fontFamily: "serif",
  fontSize: 12,
  fontWeight: "normal",
  fontStyle: "normal",
  color: "#000000",
  lineHeight: 1.2,
  textAlign: "left",
  textTransform: "none",
  listStyleType: "disc",
  margin: ZERO,
  padding: ZERO,
  breakBefore: "auto",
  breakAfter: "auto",
  breakInside: "auto",
  orphans: 2,
  widows: 2,
  hyphens: "manual",
};

/**
 * Winning declarations for an element: specificity, then order; `!important` and inline `style`
 * on top. Elements matching the same rules share one result (a template's pages repeat the same
 * few dozen combinations), so the returned map is shared and must not be changed.
 */
export function cascade(engine: PdfEngine, el: Element, sheets: readonly Stylesheet[]): ReadonlyMap<string, string> {
  const matched: StyleRule[] = [];
  let key = "";
  for (const sheet of sheets) {
    for (const rule of candidateRules(sheet.index, el)) {
      if (rule.matches(el)) {
        matched.push(rule);
        key += `${rule.order},`;
      }
    }
  }
  const inline = el.attribs["style"];
  if (inline) key += `|${inline}`;
  const owner = sheets.at(-1);
  let memo = owner ? engine.cascades.get(owner) : undefined;
  if (owner && !memo) engine.cascades.set(owner, (memo = new Map()));
  const known = memo?.get(key);
  if (known) return known;
  const declared = resolveCascade(matched, inline);
  memo?.set(key, declared);
  return declared;
}

function resolveCascade(rules: readonly StyleRule[], inline: string | undefined): ReadonlyMap<string, string> {
  const matched: { d: Declaration; spec: readonly [number, number, number]; order: number }[] = [];
  for (const rule of rules)
    for (const d of rule.declarations) matched.push({ d, spec: rule.specificity, order: rule.order });
  if (inline)
    for (const d of parseDeclarations(inline)) matched.push({ d, spec: [1, 0, 0], order: Number.MAX_SAFE_INTEGER });
  matched.sort(
    (a, b) =>
      Number(a.d.important) - Number(b.d.important) ||
      a.spec[0] - b.spec[0] ||
      a.spec[1] - b.spec[1] ||
      a.spec[2] - b.spec[2] ||
      a.order - b.order,
  );
  const out = new Map<string, string>();
  for (const { d } of matched) for (const [p, v] of expand(d.property, d.value)) out.set(p, v);
  return out;
}

/** Shorthands into longhands. */
function expand(property: string, value: string): [string, string][] {
  if (property === "margin" || property === "padding") {
    const v = value.split(/\s+/);
    const [t, r = t, b = t, l = r] = v as [string, string?, string?, string?];
    return [
      [`${property}-top`, t],
      [`${property}-right`, r!],
      [`${property}-bottom`, b!],
      [`${property}-left`, l!],
    ];
  }
  if (property === "list-style") return [["list-style-type", value.split(/\s+/)[0] ?? "none"]];
  if (property === "background") return [["background-color", value]];
  if (property.startsWith("page-break-")) return [[property.slice(5), value === "always" ? "page" : value]];
  return [[property, value]];
}

/**
 * The style of an element from its declarations and its parent's style. Memoized in the engine:
 * styles are shared objects, never changed, and the same declarations under the same parent
 * give the same style.
 */
export function computeStyle(
  engine: PdfEngine,
  declared: ReadonlyMap<string, string>,
  parent: ComputedStyle,
  rootFontSize: number,
): ComputedStyle {
  let byDeclared = engine.computedStyles.get(parent);
  if (!byDeclared) engine.computedStyles.set(parent, (byDeclared = new WeakMap()));
  let byRem = byDeclared.get(declared);
  if (!byRem) byDeclared.set(declared, (byRem = new Map()));
  let style = byRem.get(rootFontSize);
  if (!style) byRem.set(rootFontSize, (style = resolveStyle(declared, parent, rootFontSize)));
  return style;
}

function resolveStyle(
  declared: ReadonlyMap<string, string>,
  parent: ComputedStyle,
  rootFontSize: number,
): ComputedStyle {
  const get = (p: string) => {
    const v = declared.get(p);
    return v === undefined || v === "inherit" ? undefined : v;
  };
  const fontSize = length(get("font-size"), parent.fontSize, rootFontSize, parent.fontSize) ?? parent.fontSize;
  const len = (p: string) => length(get(p), fontSize, rootFontSize, 0) ?? 0;
  const box = (p: string): Box => ({
    top: len(`${p}-top`),
    right: len(`${p}-right`),
    bottom: len(`${p}-bottom`),
    left: len(`${p}-left`),
  });
  const lineHeightValue = get("line-height");
  const lineHeight =
    lineHeightValue === undefined
      ? parent.lineHeight
      : /^[\d.]+$/.test(lineHeightValue)
        ? Number(lineHeightValue)
        : (length(lineHeightValue, fontSize, rootFontSize, 0) ?? fontSize * 1.2) / fontSize;
  const display = get("display");
  const weight = get("font-weight");
  const family = get("font-family");
  const style: ComputedStyle = {
    display: (["block", "inline", "list-item", "none", "table", "table-row", "table-cell"].includes(display ?? "")
      ? display
      : display === "flex"
        ? "block"
        : "inline") as ComputedStyle["display"],
    fontFamily: family ? roleOfFamilyList(family) : parent.fontFamily,
    fontSize,
    fontWeight:
      weight === undefined ? parent.fontWeight : weight === "bold" || Number(weight) >= 600 ? "bold" : "normal",
    fontStyle: ((s) => (s === undefined ? parent.fontStyle : s === "italic" || s === "oblique" ? "italic" : "normal"))(
      get("font-style"),
    ),
    color: colorOf(get("color")) ?? parent.color,
    lineHeight,
    textAlign: ((a) => (a === "center" || a === "right" ? a : a === undefined ? parent.textAlign : "left"))(
      get("text-align"),
    ),
    textTransform: ((t) => (t === undefined ? parent.textTransform : t === "uppercase" ? "uppercase" : "none"))(
      get("text-transform"),
    ),
    listStyleType: ((t) => (t === undefined ? parent.listStyleType : t === "disc" || t === "decimal" ? t : "none"))(
      get("list-style-type"),
    ),
    margin: box("margin"),
    padding: box("padding"),
    breakBefore: breakValue(get("break-before")),
    breakAfter: breakValue(get("break-after")),
    breakInside: get("break-inside") === "avoid" ? "avoid" : "auto",
    orphans: lineCount(get("orphans")) ?? parent.orphans,
    widows: lineCount(get("widows")) ?? parent.widows,
    hyphens: ((h) => (h === "auto" || h === "manual" || h === "none" ? h : parent.hyphens))(get("hyphens")),
  };
  const borders: Partial<Record<"borderTop" | "borderBottom" | "borderLeft", Border>> = {};
  for (const [p, key] of [
    ["border-top", "borderTop"],
    ["border-bottom", "borderBottom"],
    ["border-left", "borderLeft"],
  ] as const) {
    const b = borderOf(get(p), fontSize, rootFontSize);
    if (b) borders[key] = b;
  }
  const background = colorOf(get("background-color"));
  return { ...style, ...borders, ...(background && background !== "#ffffff" ? { background } : {}) };
}

/** `orphans` / `widows`: a positive whole number of lines. */
function lineCount(v: string | undefined): number | undefined {
  return v !== undefined && /^[1-9]\d*$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function breakValue(v: string | undefined): "auto" | "page" | "avoid" {
  return v === "page" || v === "always" ? "page" : v === "avoid" || v === "avoid-page" ? "avoid" : "auto";
}

export function length(value: string | undefined, em: number, rem: number, percentOf: number): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(-?[\d.]+)(px|pt|em|rem|mm|cm|in|%)?$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  switch (m[2]) {
    case "pt":
      return n;
    case "em":
      return n * em;
    case "rem":
      return n * rem;
    case "mm":
      return (n * 72) / 25.4;
    case "cm":
      return (n * 72) / 2.54;
    case "in":
      return n * 72;
    case "%":
      return (n / 100) * percentOf;
    case "px":
      return n * PX;
    default:
      return n === 0 ? 0 : undefined;
  }
}

const NAMED: Record<string, string> = {
  black: "#000000",
  white: "#ffffff",
  red: "#ff0000",
  gray: "#808080",
  grey: "#808080",
  inherit: "",
  currentcolor: "",
};

export function colorOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(v)) return v;
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join("")}`;
  const rgb = /^rgb\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)\s*\)$/.exec(v);
  if (rgb)
    return `#${rgb
      .slice(1, 4)
      .map((c) => Number(c).toString(16).padStart(2, "0"))
      .join("")}`;
  return NAMED[v] || undefined;
}

function borderOf(value: string | undefined, em: number, rem: number): Border | undefined {
  if (!value || value === "none" || value === "0") return undefined;
  let width = 0.75;
  let color = "#000000";
  for (const part of value.split(/\s+/)) {
    const l = length(part, em, rem, 0);
    if (l !== undefined) width = l;
    else if (colorOf(part)) color = colorOf(part)!;
  }
  return width > 0 ? { width, color } : undefined;
}
