// Handlebars declares its AST as the global namespace `hbs`: referenced so that the declarations
// (lib/render/largestPart.d.ts) load it too, for a TypeScript project of the library's.
/// <reference types="handlebars" preserve="true" />

/** Where the biggest share of a rendered template comes from, and how many bytes it makes. */
export interface TemplatePart {
  readonly line: number;
  readonly column: number;
  readonly bytes: number;
}

/** The template's source, a fresh parse of it (Handlebars strips whitespace in place), and a render of a program. */
export interface PartSearch {
  readonly parse: () => hbs.AST.Program;
  readonly render: (program: hbs.AST.Program) => string;
}

/**
 * The top-level statement of a template whose output is the largest: each is left out in turn
 * and the output measured again (a `{{#each}}` block counts with everything it repeats). Run
 * only when an output is already too large, so the renders it costs do not matter. Static text
 * is placed at its longest line. Undefined when the template does not render.
 */
export function largestPart({ parse, render }: PartSearch): TemplatePart | undefined {
  const size = (program: hbs.AST.Program) => {
    try {
      return Buffer.byteLength(render(program));
    } catch {
      return undefined;
    }
  };
  const program = parse();
  const full = size(program);
  if (full === undefined) return undefined;
  let best: { node: hbs.AST.Statement; bytes: number } | undefined;
  program.body.forEach((node, i) => {
    const without = parse();
    without.body.splice(i, 1);
    const rest = size(without);
    if (rest === undefined) return;
    if (!best || full - rest > best.bytes) best = { node, bytes: full - rest };
  });
  if (!best) return undefined;
  const { node, bytes } = best;
  if (node.type !== "ContentStatement") return { line: node.loc.start.line, column: node.loc.start.column + 1, bytes };
  // Static text: the longest of its lines, where the bulk is.
  // At run time `original` is the text as written (the typings say otherwise); `value` may be trimmed.
  const content = node as hbs.AST.ContentStatement & { original: unknown };
  const lines = String(typeof content.original === "string" ? content.original : content.value).split("\n");
  const longest = lines.reduce((at, line, i) => (line.length > (lines[at]?.length ?? 0) ? i : at), 0);
  return {
    line: node.loc.start.line + longest,
    column: longest === 0 ? node.loc.start.column + 1 : 1,
    bytes,
  };
}
