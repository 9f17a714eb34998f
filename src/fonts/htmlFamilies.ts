import type * as csstree from "css-tree";
import { cssTree } from "../pdf/cssTree.js";
import { roleOfFamilyList, type ProjectFonts } from "./projectFonts.js";

/**
 * The HTML pages' `font-family` lists with the project's fonts (docs/fonts.md, "HTML pages"):
 * apart from src/fonts/projectFonts.ts because it needs css-tree, which reading the config
 * should not load.
 */

/**
 * The stylesheet as HTML pages inline it: with project fonts, each `font-family` list starts with
 * the family of its role's font and ends with the fallback fonts' families, so a browser that
 * has them (installed, or served by the site's own @font-face) picks per character as the PDF
 * does. Emoji are left to the browser's own fallback. Without project fonts: unchanged.
 *
 * Only real `font-family` declarations are edited, found by css-tree: not strings, comments or
 * custom properties that mention it, not @font-face rules (they name one family), not a
 * CSS-wide keyword or a `var()`. A list whose generic family is neither serif nor sans-serif
 * (`monospace`, `cursive` …) gets the fallback families only. Everything else keeps its bytes.
 */
export function withProjectFamilies(css: string, fonts: ProjectFonts): string {
  if (fonts.key === "") return css;
  const fallback = [...new Set(fonts.fallback.map((f) => quoted(f.family)))].filter((f) => f !== "");
  let ast: csstree.CssNode;
  try {
    ast = cssTree().parse(css, {
      positions: true,
      parseValue: false,
      parseRulePrelude: false,
      parseAtrulePrelude: false,
    });
  } catch {
    // css-tree recurses per nesting level: a sheet nested thousands deep (which the PDF leaves out whole) stays as it is.
    return css;
  }
  const edits: { readonly start: number; readonly end: number; readonly text: string }[] = [];
  cssTree().walk(ast, {
    visit: "Declaration",
    enter(node) {
      if (node.property.toLowerCase() !== "font-family" || this.atrule?.name.toLowerCase() === "font-face") return;
      const loc = node.value.loc;
      if (!loc) return;
      const raw = css.slice(loc.start.offset, loc.end.offset);
      const list = raw.trim();
      const names = familyNames(list);
      if (!names) return;
      const generic = names.find((name) => GENERIC_FAMILIES.has(name.toLowerCase()));
      const other = generic !== undefined && !["serif", "sans-serif", "system-ui"].includes(generic.toLowerCase());
      const own = other ? "" : quoted(fonts[roleOfFamilyList(list)]?.regular?.family ?? "");
      const start = loc.start.offset + raw.length - raw.trimStart().length;
      edits.push({ start, end: start + list.length, text: [...(own ? [own] : []), list, ...fallback].join(", ") });
    },
  });
  let out = css;
  for (const edit of edits.reverse()) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** CSS's generic font families. */
const GENERIC_FAMILIES = new Set([
  "serif",
  "sans-serif",
  "system-ui",
  "monospace",
  "ui-monospace",
  "ui-serif",
  "ui-sans-serif",
  "ui-rounded",
  "cursive",
  "fantasy",
  "math",
  "emoji",
  "fangsong",
]);

/**
 * The family names of a `font-family` value (a name of several identifiers joined by a space),
 * or undefined when it is not a plain list: a CSS-wide keyword, a `var()`, anything else.
 */
function familyNames(value: string): string[] | undefined {
  let parsed: csstree.CssNode;
  try {
    parsed = cssTree().parse(value, { context: "value" });
  } catch {
    return undefined;
  }
  if (parsed.type !== "Value") return undefined;
  const names: string[] = [];
  let current: string[] = [];
  for (const node of parsed.children) {
    if (node.type === "Identifier") current.push(node.name);
    else if (node.type === "String") current.push(node.value);
    else if (node.type === "Operator" && node.value === ",") {
      names.push(current.join(" "));
      current = [];
    } else if (node.type !== "WhiteSpace") return undefined;
  }
  names.push(current.join(" "));
  if (names.some((name) => name === "")) return undefined;
  if (names.length === 1 && CSS_WIDE_KEYWORDS.has(names[0]!.toLowerCase())) return undefined;
  return names;
}

const CSS_WIDE_KEYWORDS = new Set(["inherit", "initial", "unset", "revert", "revert-layer", "default"]);

/** A family name from a font file (untrusted) as a CSS string: letters, digits, spaces, . - ' only. */
function quoted(family: string | null | undefined): string {
  const clean = (family ?? "")
    .replace(/[^\p{L}\p{N} .'-]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
  return clean === "" ? "" : `"${clean}"`;
}
