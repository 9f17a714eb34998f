import type { z } from "zod";
import { pointerOf, type DiagnosticList } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import type { YamlData } from "../load/yaml.js";

export interface SchemaScope {
  readonly locale?: Locale;
  readonly article?: string;
  /** Validate only the value at this path of the file (one locale's block of a newsletter issue). */
  readonly at?: readonly PropertyKey[];
}

/**
 * Validate parsed YAML against a schema. Every issue becomes a diagnostic at the line of the
 * offending field; type coercions YAML did behind the user's back get a dedicated message.
 */
export function checkSchema<S extends z.ZodType>(
  yaml: YamlData,
  schema: S,
  diagnostics: DiagnosticList,
  scope: SchemaScope = {},
): z.output<S> | undefined {
  const prefix = scope.at ?? [];
  const value = prefix.reduce<unknown>(
    (v, k) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    yaml.data,
  );
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  // What is wrong inside an unknown field is noise beside "Unknown field" (a strict object never checks it).
  const unknown = result.error.issues.flatMap((i) =>
    i.code === "unrecognized_keys" ? i.keys.map((key) => [...i.path, key]) : [],
  );
  const insideUnknown = (path: readonly PropertyKey[]) =>
    unknown.some((u) => u.length <= path.length && u.every((k, n) => k === path[n]));
  for (const issue of result.error.issues) {
    if (insideUnknown(issue.path)) continue;
    const path = [...prefix, ...issue.path];
    const base = {
      file: yaml.source.file,
      pointer: pointerOf(path),
      ...yaml.locate(path),
      ...(scope.locale ? { locale: scope.locale } : {}),
      ...(scope.article ? { article: scope.article } : {}),
    };
    const field = path.length ? `\`${path.join(".")}\`` : "The file";
    if (issue.code === "invalid_type" && issue.expected === "string") {
      const written = yaml.sourceOf(path);
      const actual = describe(issue.input);
      if (written !== undefined && actual !== "missing") {
        diagnostics.error({
          ...base,
          code: "data/type-coercion",
          message: `${field} must be text, but YAML reads \`${written}\` as ${actual}`,
          hint: `Quote it to keep it exactly as written: "${written}"`,
          expected: "string",
          actual,
        });
        continue;
      }
    }
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        diagnostics.error({
          ...base,
          ...yaml.locate([...path, key]),
          pointer: pointerOf([...path, key]),
          code: "data/unknown-field",
          message: `Unknown field \`${[...path, key].join(".")}\``,
          hint: "Check the spelling; the fields allowed here are listed in docs/content-model.md.",
        });
      }
      continue;
    }
    const actual = describe(issue.input);
    // A refinement with a check of its own (an unsafe link, a reserved name) carries its code and
    // hint; a mapping's key that fails one (a glossary id `con`) is reported the same way.
    const inner = issue.code === "invalid_key" ? issue.issues.find((i) => i.code === "custom") : issue;
    const own = inner?.code === "custom" ? ownCode(inner.params) : undefined;
    const message = issue.code === "invalid_key" && inner ? inner.message : issue.message;
    diagnostics.error({
      ...base,
      ...(own?.hint ? { hint: own.hint } : {}),
      code: own?.code ?? (actual === "missing" ? "data/missing-field" : "data/schema"),
      message: actual === "missing" ? `${field} is required` : `${field} ${message.replace(/^Invalid input: /, "")}`,
      ...(issue.code === "invalid_type" ? { expected: String(issue.expected), actual } : {}),
    });
  }
  return undefined;
}

/** `params: { code, hint }` of a refinement that reports under its own code. */
function ownCode(params: Record<string, unknown> | undefined): { code: string; hint?: string } | undefined {
  const code = params?.["code"];
  if (typeof code !== "string") return undefined;
  const hint = params?.["hint"];
  return typeof hint === "string" ? { code, hint } : { code };
}

function describe(input: unknown): string {
  if (input === undefined) return "missing";
  if (input === null) return "null (an empty value)";
  if (typeof input === "number") return `the number ${input}`;
  if (typeof input === "boolean") return `the boolean ${input}`;
  if (Array.isArray(input)) return "a list";
  return typeof input === "object" ? "a mapping" : typeof input;
}
