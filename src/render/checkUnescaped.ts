/// <reference types="handlebars" preserve="true" />
import type { DiagnosticList } from "../core/diagnostic.js";

/**
 * Helpers whose output is markup tilpress made safe itself (SafeStrings: Markdown rendered with
 * raw HTML off and the URL policy, the project's stylesheet with `</style` broken, JSON-LD with
 * `<`, `>` and `&` escaped), so a template may print them unescaped. Every other value is data
 * and must go through `{{ }}`.
 */
export const SAFE_MARKUP_HELPERS: ReadonlySet<string> = new Set(["markdown", "markdownInline", "stylesheet", "jsonLd"]);

/**
 * `{{{ value }}}` and `{{& value }}` print a value without escaping: on data, a `<script>` in a
 * headline or an outlet's name would be published live. Each one is a `template/unescaped` error
 * at its line and column, unless it calls a helper of `SAFE_MARKUP_HELPERS`.
 */
export function checkUnescaped(program: hbs.AST.Program, file: string, diagnostics: DiagnosticList): void {
  for (const node of statements(program)) {
    if (node.type !== "MustacheStatement") continue;
    const mustache = node as hbs.AST.MustacheStatement;
    if (mustache.escaped) continue;
    const name = mustache.path.type === "PathExpression" ? (mustache.path as hbs.AST.PathExpression).original : "";
    if (SAFE_MARKUP_HELPERS.has(name)) continue;
    diagnostics.error({
      code: "template/unescaped",
      message: `\`${name || "this value"}\` is printed without escaping ({{{ }}} or {{& }}): data would become markup`,
      hint: `Use {{ }}, which escapes; only the helpers ${[...SAFE_MARKUP_HELPERS].join(", ")} may print markup.`,
      file,
      line: mustache.loc.start.line,
      column: mustache.loc.start.column + 1,
    });
  }
}

/** Every statement of a template, inside blocks and their `{{else}}` too. */
function* statements(program: hbs.AST.Program | undefined): Generator<hbs.AST.Statement> {
  for (const node of program?.body ?? []) {
    yield node;
    if (node.type === "BlockStatement" || node.type === "PartialBlockStatement" || node.type === "DecoratorBlock") {
      const block = node as hbs.AST.BlockStatement;
      yield* statements(block.program);
      yield* statements(block.inverse);
    }
  }
}
