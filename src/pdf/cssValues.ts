/**
 * The CSS subset of the PDF target as data: which properties it lays out, the values each
 * takes, and the screen-only properties it ignores on purpose (docs/html-subset.md). The
 * stylesheet reader (css.ts) asks `declarationProblem` about every declaration, so a value the
 * layout cannot honour is reported where it was written instead of being misread.
 */

/** Properties the PDF lays out. */
export const SUPPORTED = new Set([
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

/** Keywords every property takes (CSS Cascade 4), resolved by computeStyle.ts. */
export const GLOBAL_KEYWORDS = new Set(["inherit", "initial", "unset"]);

export function isKnownProperty(property: string): boolean {
  return SUPPORTED.has(property) || SCREEN_ONLY.has(property);
}

const PX = 0.75; // CSS px to pt

/** A CSS length in points; `em`, `rem` and `%` against the values given. Undefined when it is not one. */
export function length(value: string | undefined, em: number, rem: number, percentOf: number): number | undefined {
  if (value === undefined) return undefined;
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+))(px|pt|em|rem|mm|cm|in|%)?$/i.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  switch (m[2]?.toLowerCase()) {
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

const NAMED: Readonly<Record<string, string>> = {
  black: "#000000",
  white: "#ffffff",
  red: "#ff0000",
  gray: "#808080",
  grey: "#808080",
};

/** `#rgb`, `#rrggbb`, `rgb()` or one of a few names, as `#rrggbb`. */
export function colorOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(v)) return v;
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join("")}`;
  const rgb = /^rgb\(\s*(\d+)\s*[,\s]\s*(\d+)\s*[,\s]\s*(\d+)\s*\)$/.exec(v);
  if (rgb)
    return `#${rgb
      .slice(1, 4)
      .map((c) => Math.min(255, Number(c)).toString(16).padStart(2, "0"))
      .join("")}`;
  return NAMED[v];
}

const isLength = (v: string) => length(v, 1, 1, 1) !== undefined;
const oneOf =
  (...words: string[]) =>
  (v: string) =>
    words.includes(v.toLowerCase());
const tokens = (v: string) => v.trim().split(/\s+/);

/** Per property: whether the PDF honours a value, and the values it takes (for the message). */
const VALUES: Readonly<Record<string, readonly [(value: string) => boolean, string]>> = {
  display: [
    oneOf("block", "inline", "list-item", "none", "table", "table-row", "table-cell", "flex"),
    "block, inline, list-item, none, table, table-row, table-cell, flex (laid out as block)",
  ],
  "font-family": [() => true, "a list of families"],
  "font-size": [(v) => isLength(v) && !v.startsWith("-"), "a length or percentage"],
  "font-weight": [(v) => /^(normal|bold|[1-9]00)$/i.test(v), "normal, bold, 100–900"],
  "font-style": [oneOf("normal", "italic", "oblique"), "normal, italic, oblique"],
  color: [(v) => colorOf(v) !== undefined || v.toLowerCase() === "currentcolor", "#rgb, #rrggbb, rgb(), a few names"],
  "line-height": [(v) => v === "normal" || /^\d*\.?\d+$/.test(v) || isLength(v), "normal, a number or a length"],
  "text-align": [oneOf("left", "center", "right", "start"), "left, center, right, start"],
  "text-transform": [oneOf("none", "uppercase"), "none, uppercase"],
  "list-style": [(v) => tokens(v).length === 1 && oneOf("none", "disc", "decimal")(v), "none, disc, decimal"],
  "list-style-type": [oneOf("none", "disc", "decimal"), "none, disc, decimal"],
  margin: [(v) => tokens(v).length <= 4 && tokens(v).every((t) => isLength(t) || t === "auto"), "1–4 lengths or auto"],
  padding: [(v) => tokens(v).length <= 4 && tokens(v).every(isLength), "1–4 lengths"],
  border: [
    (v) => tokens(v).every((t) => isLength(t) || colorOf(t) !== undefined || oneOf("solid", "none")(t)),
    "a width, solid or none, a colour",
  ],
  background: [(v) => colorOf(v) !== undefined || oneOf("none", "transparent")(v), "a colour, none, transparent"],
  "break-before": [oneOf("auto", "page", "always", "avoid", "avoid-page"), "auto, page, avoid"],
  "break-after": [oneOf("auto", "page", "always", "avoid", "avoid-page"), "auto, page, avoid"],
  "break-inside": [oneOf("auto", "avoid", "avoid-page"), "auto, avoid"],
  orphans: [(v) => /^[1-9]\d*$/.test(v), "a whole number of lines"],
  widows: [(v) => /^[1-9]\d*$/.test(v), "a whole number of lines"],
  hyphens: [oneOf("none", "manual", "auto"), "none, manual, auto"],
};

/** The entry of VALUES a property is checked against: longhands of a side share their shorthand's. */
function valuesOf(property: string): readonly [(value: string) => boolean, string] | undefined {
  const name = property
    .replace(/^page-(break-)/, "$1")
    .replace(/^(margin|padding)-(top|right|bottom|left)$/, "$1")
    .replace(/^border-(top|bottom|left)$/, "border")
    .replace(/^background-color$/, "background");
  return VALUES[name];
}

/**
 * Why a declaration is left out of PDFs, naming the property (and the value when the property
 * is in the subset), with `{where}` for the caller to name its rule; "ignored" for the screen-only properties (documented, not reported);
 * undefined when the PDF applies it.
 */
export function declarationProblem(property: string, value: string): string | "ignored" | undefined {
  if (SCREEN_ONLY.has(property)) return "ignored";
  if (!SUPPORTED.has(property)) return `CSS property \`${property}\` (in \`{where}\`) is outside the PDF's subset`;
  if (GLOBAL_KEYWORDS.has(value.toLowerCase())) return undefined;
  const values = valuesOf(property);
  if (!values || values[0](value.trim())) return undefined;
  return `\`${property}: ${value}\` (in \`{where}\`) is outside the PDF's subset, where \`${property}\` takes ${values[1]}`;
}
