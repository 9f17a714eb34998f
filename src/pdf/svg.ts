import type { Element } from "domhandler";
import { dejavuFace, type FontStack } from "../fonts/fontStack.js";
import { isTag } from "domhandler";
import { colorOf } from "./cssValues.js";
import { widthOf } from "./measure.js";
import { textOf } from "./boxes.js";
import type { StyledText } from "./pdfFonts.js";

/** What drawing an SVG needs from the document: pdfkit's vector and text calls, nothing more. */
export interface SvgCanvas {
  /** The faces text is set in and measured with (for `text-anchor`). */
  readonly fonts: FontStack;
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  scale(s: number): void;
  rect(rect: { x: number; y: number; width: number; height: number; fill: string }): void;
  line(line: { x1: number; y1: number; x2: number; y2: number; stroke: string; width: number }): void;
  path(d: string, fill: string | undefined, stroke: string | undefined, width: number): void;
  /** Text with its baseline starting at (x, y). */
  text(text: StyledText, x: number, y: number): void;
}

/** Draw the subset of SVG our charts use: rect, line, path, text (with dy), g. */
export function drawSvg(
  svg: Element,
  canvas: SvgCanvas,
  inherited: { family: string; fill: string } = { family: "", fill: "#000000" },
): void {
  const family = svg.attribs["font-family"] ?? inherited.family;
  for (const node of svg.children) {
    if (!isTag(node)) continue;
    const a = node.attribs;
    const num = (k: string, d = 0) => (a[k] === undefined ? d : Number(a[k]));
    const fill = a["fill"] === "none" ? undefined : (colorOf(a["fill"]) ?? inherited.fill);
    switch (node.name) {
      case "g":
        drawSvg(node, canvas, { family, fill: fill ?? inherited.fill });
        break;
      case "rect":
        if (fill) canvas.rect({ x: num("x"), y: num("y"), width: num("width"), height: num("height"), fill });
        break;
      case "line":
        canvas.line({
          x1: num("x1"),
          y1: num("y1"),
          x2: num("x2"),
          y2: num("y2"),
          stroke: colorOf(a["stroke"]) ?? "#000000",
          width: num("stroke-width", 1),
        });
        break;
      case "path":
        if (a["d"]) canvas.path(a["d"], fill, colorOf(a["stroke"]), num("stroke-width", 1));
        break;
      case "text": {
        const size = (num("font-size", 16) * 0.75) / 0.75; // SVG user units are drawn 1:1, then scaled with the chart
        // Always DejaVu: chart text was measured with DejaVu Sans's widths (src/model/chartText.ts).
        const face = dejavuFace(canvas.fonts, {
          fontFamily: /sans/i.test(family) ? "sans" : "serif",
          fontWeight: a["font-weight"] === "bold" ? "bold" : "normal",
          fontStyle: "normal",
        });
        const text = textOf(node).replace(/\s+/g, " ").trim();
        const anchor = a["text-anchor"];
        const w = widthOf(canvas.fonts, face, text, size);
        const x = num("x") - (anchor === "middle" ? w / 2 : anchor === "end" ? w : 0);
        canvas.text({ text, face, size, color: fill ?? "#000000" }, x, num("y") + num("dy"));
        break;
      }
      default:
        break; // title, desc: the figure's alt text, not drawn
    }
  }
}
