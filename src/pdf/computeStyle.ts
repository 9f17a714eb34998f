import type { Element } from "domhandler";
import { roleOfFamilyList } from "../fonts/projectFonts.js";
import type { Declaration, Specificity, Stylesheet, StyleRule } from "./css.js";
import { candidateRules, compareSpecificity, parseInlineStyle } from "./css.js";
import { colorOf, GLOBAL_KEYWORDS, length } from "./cssValues.js";
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
  /**
   * `line-height` given as a length (or `em`, `%`), in points: CSS inherits that length, not a
   * multiple, so a child with another font size keeps it (`lineHeight` is then this over its size).
   */
  readonly lineHeightFixed?: number;
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
        key += `${rule.origin === "author" ? "" : "u"}${rule.order},`;
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

/**
 * CSS Cascade 4, for the two origins here: normal user-agent declarations, then normal author
 * ones (the stylesheet, then the `style` attribute), then `!important` author ones (the
 * attribute's last), then `!important` user-agent ones; within a tier, specificity, then order.
 */
function resolveCascade(rules: readonly StyleRule[], inline: string | undefined): ReadonlyMap<string, string> {
  const matched: { d: Declaration; tier: number; spec: Specificity; order: number }[] = [];
  const tierOf = (d: Declaration, rule: Pick<StyleRule, "origin">) =>
    d.important ? (rule.origin === "author" ? 2 : 3) : rule.origin === "author" ? 1 : 0;
  for (const rule of rules)
    for (const d of rule.declarations)
      matched.push({ d, tier: tierOf(d, rule), spec: rule.specificity, order: rule.order });
  // The style attribute wins over every selector of its tier.
  const attribute: Specificity = [Number.MAX_SAFE_INTEGER, 0, 0];
  if (inline)
    for (const d of parseInlineStyle(inline).declarations)
      matched.push({ d, tier: tierOf(d, { origin: "author" }), spec: attribute, order: 0 });
  matched.sort((a, b) => a.tier - b.tier || compareSpecificity(a.spec, b.spec) || a.order - b.order);
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
    return v === undefined || GLOBAL_KEYWORDS.has(v.toLowerCase()) ? undefined : v;
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
  const lineHeightFixed =
    lineHeightValue === undefined
      ? parent.lineHeightFixed
      : /^[\d.]+$/.test(lineHeightValue) || lineHeightValue === "normal"
        ? undefined
        : length(lineHeightValue, fontSize, rootFontSize, fontSize);
  const lineHeight =
    lineHeightFixed !== undefined
      ? lineHeightFixed / fontSize
      : lineHeightValue === undefined
        ? parent.lineHeight
        : /^[\d.]+$/.test(lineHeightValue)
          ? Number(lineHeightValue)
          : 1.2;
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
    ...(lineHeightFixed !== undefined ? { lineHeightFixed } : {}),
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
    const b = borderOf(get(p), { em: fontSize, rem: rootFontSize, color: style.color });
    if (b) borders[key] = b;
  }
  const background = colorOf(get("background-color"));
  return withKeywords(
    { ...style, ...borders, ...(background && background !== "#ffffff" ? { background } : {}) },
    declared,
    parent,
  );
}

/** Inherited properties and the field of the style each sets. */
const INHERITED: Readonly<Record<string, keyof ComputedStyle>> = {
  "font-family": "fontFamily",
  "font-size": "fontSize",
  "font-weight": "fontWeight",
  "font-style": "fontStyle",
  color: "color",
  "line-height": "lineHeight",
  "text-align": "textAlign",
  "text-transform": "textTransform",
  "list-style-type": "listStyleType",
  orphans: "orphans",
  widows: "widows",
  hyphens: "hyphens",
};

/**
 * `inherit`, `initial` and `unset` (CSS Cascade 4). Without a value an inherited property
 * takes the parent's and another its initial value, which is what `unset` asks and, for each
 * kind, one of the other two; here the other one: `initial` on an inherited property, `inherit`
 * on one that is not.
 */
function withKeywords(
  style: ComputedStyle,
  declared: ReadonlyMap<string, string>,
  parent: ComputedStyle,
): ComputedStyle {
  let out: Record<string, unknown> | undefined;
  const set = (field: string, value: unknown) => ((out ??= { ...style })[field] = value);
  for (const [property, raw] of declared) {
    const keyword = raw.toLowerCase();
    const field = INHERITED[property];
    if (field && keyword === "initial") set(field, ROOT_STYLE[field]);
    if (property === "line-height" && keyword === "initial") set("lineHeightFixed", undefined);
    if (field || keyword !== "inherit") continue;
    const side = /^(margin|padding)-(top|right|bottom|left)$/.exec(property);
    if (side) {
      const box = side[1] as "margin" | "padding";
      set(box, { ...((out?.[box] as Box | undefined) ?? style[box]), [side[2]!]: parent[box][side[2] as keyof Box] });
    } else if (property === "display") set("display", parent.display);
    else if (property === "background-color") set("background", parent.background);
    else if (/^border-(top|bottom|left)$/.test(property)) {
      const key =
        property === "border-top" ? "borderTop" : property === "border-bottom" ? "borderBottom" : "borderLeft";
      set(key, parent[key]);
    } else if (/^break-(before|after|inside)$/.test(property)) {
      const key =
        property === "break-before" ? "breakBefore" : property === "break-after" ? "breakAfter" : "breakInside";
      set(key, parent[key]);
    }
  }
  if (!out) return style;
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out as unknown as ComputedStyle;
}

/** `orphans` / `widows`: a positive whole number of lines. */
function lineCount(v: string | undefined): number | undefined {
  return v !== undefined && /^[1-9]\d*$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function breakValue(v: string | undefined): "auto" | "page" | "avoid" {
  return v === "page" || v === "always" ? "page" : v === "avoid" || v === "avoid-page" ? "avoid" : "auto";
}

/**
 * `border-*: <width> <style> <colour>`: drawn only with `solid` (no style is `none`, as in
 * browsers); the width `medium` (3px) and the colour the element's text colour unless given.
 */
function borderOf(value: string | undefined, context: { em: number; rem: number; color: string }): Border | undefined {
  if (!value) return undefined;
  const parts = value.toLowerCase().split(/\s+/);
  if (!parts.includes("solid")) return undefined;
  let width = 2.25;
  let color = context.color;
  for (const part of parts) {
    const l = length(part, context.em, context.rem, 0);
    if (l !== undefined) width = l;
    else color = colorOf(part) ?? color;
  }
  return width > 0 ? { width, color } : undefined;
}
