import type { Element } from "domhandler";
import type { FontFace } from "../fonts/fontStack.js";
import { isTag } from "domhandler";
import { colorOf } from "./computeStyle.js";
import { faceFor, widthOf } from "./measure.js";
import { textOf } from "./boxes.js";

/** What drawing an SVG needs from the document: pdfkit's vector and text calls, nothing more. */
export interface SvgCanvas {
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  scale(s: number): void;
  rect(x: number, y: number, w: number, h: number, fill: string): void;
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number): void;
  path(d: string, fill: string | undefined, stroke: string | undefined, width: number): void;
  text(text: string, x: number, y: number, face: FontFace, size: number, fill: string): void;
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
        if (fill) canvas.rect(num("x"), num("y"), num("width"), num("height"), fill);
        break;
      case "line":
        canvas.line(
          num("x1"),
          num("y1"),
          num("x2"),
          num("y2"),
          colorOf(a["stroke"]) ?? "#000000",
          num("stroke-width", 1),
        );
        break;
      case "path":
        if (a["d"]) canvas.path(a["d"], fill, colorOf(a["stroke"]), num("stroke-width", 1));
        break;
      case "text": {
        const size = (num("font-size", 16) * 0.75) / 0.75; // SVG user units are drawn 1:1, then scaled with the chart
        const face = faceFor({
          fontFamily: /sans/i.test(family) ? "sans" : "serif",
          fontWeight: a["font-weight"] === "bold" ? "bold" : "normal",
          fontStyle: "normal",
        });
        const text = textOf(node).replace(/\s+/g, " ").trim();
        const anchor = a["text-anchor"];
        const w = widthOf(face, text, size);
        const x = num("x") - (anchor === "middle" ? w / 2 : anchor === "end" ? w : 0);
        canvas.text(text, x, num("y") + num("dy"), face, size, fill ?? "#000000");
        break;
      }
      default:
        break; // title, desc: the figure's alt text, not drawn
    }
  }
}
