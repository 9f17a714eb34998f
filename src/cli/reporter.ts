import { ProjectFiles } from "../core/projectFiles.js";
import { isAbsolute, join, relative, sep } from "node:path";
import { aroundColumn, caretIndent, frameLines, sourceLines } from "../core/codeFrame.js";
import type { Diagnostic } from "../core/diagnostic.js";

export type ReporterName = "text" | "json" | "github";

export interface ReportOptions {
  readonly root: string;
  readonly color?: boolean;
  /**
   * GitHub Actions: the checkout (`GITHUB_WORKSPACE`). Annotations name files relative to it, so a
   * project in a subfolder of the repository still marks the right file.
   */
  readonly workspace?: string;
}

/** Render diagnostics for a terminal (compiler style with a code frame), for tools (JSON), or for GitHub Actions. */
export function formatReport(
  diagnostics: readonly Diagnostic[],
  reporter: ReporterName,
  options: ReportOptions,
): string {
  switch (reporter) {
    case "json":
      return JSON.stringify({ diagnostics: diagnostics.map(jsonDiagnostic) }, null, 2) + "\n";
    case "github":
      return diagnostics.map((d) => githubAnnotation(d, options)).join("");
    case "text": {
      // Each file is read and cut into lines once per report: a body with tens of thousands of
      // diagnostics was read, decoded and split again for each (a minute; red team).
      const files = new ProjectFiles(options.root);
      const lines = new Map<string, readonly string[] | undefined>();
      const linesOf = (path: string) => {
        if (!lines.has(path)) {
          // The file a diagnostic names may be the hostile one: read it like any project file.
          const read = files.read(path);
          lines.set(path, read.ok ? sourceLines(read.data.toString("utf8")) : undefined);
        }
        return lines.get(path);
      };
      return diagnostics.map((d) => textDiagnostic(d, options, linesOf)).join("");
    }
  }
}

function jsonDiagnostic(d: Diagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    file: d.file ?? null,
    line: d.line ?? null,
    column: d.column ?? null,
    pointer: d.pointer ?? null,
    locale: d.locale ?? null,
    article: d.article ?? null,
    message: d.message,
    hint: d.hint ?? null,
  };
}

/** A workflow command (docs.github.com, "Workflow commands for GitHub Actions"), read from stdout. */
function githubAnnotation(d: Diagnostic, options: ReportOptions): string {
  const file = d.file && options.workspace ? workspacePath(d.file, options.root, options.workspace) : d.file;
  const props = [
    file && `file=${escapeProperty(file)}`,
    d.line && `line=${d.line}`,
    d.column && `col=${d.column}`,
    `title=${escapeProperty(d.code)}`,
  ]
    .filter(Boolean)
    .join(",");
  const message = d.hint ? `${d.message}\n${d.hint}` : d.message;
  return `::${d.severity} ${props}::${escapeData(message)}\n`;
}

function workspacePath(file: string, root: string, workspace: string): string {
  const path = relative(workspace, isAbsolute(file) ? file : join(root, file));
  return path.startsWith("..") ? file : path.split(sep).join("/");
}

const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

function textDiagnostic(
  d: Diagnostic,
  options: ReportOptions,
  linesOf: (path: string) => readonly string[] | undefined,
): string {
  const paint = (code: string, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ""}` : "(project)";
  const severity = d.severity === "error" ? paint("31;1", "error") : paint("33;1", "warning");
  const extra = [d.locale && `locale ${d.locale}`, d.pointer && `at ${d.pointer}`].filter(Boolean).join(", ");
  let out = `${paint("1", where)}  ${severity}  ${d.message}${extra ? ` (${extra})` : ""}  ${paint("2", d.code)}\n`;
  const frame =
    d.file && d.line ? codeFrame(linesOf(join(options.root, d.file)), { line: d.line, column: d.column ?? 1 }) : "";
  if (frame) out += frame;
  if (d.hint) out += `  ${paint("36", "hint")}: ${d.hint}\n`;
  return out + "\n";
}

/** Two lines of context above the line, the line, and a caret under the column. */
export function codeFrame(
  lines: readonly string[] | undefined,
  { line, column }: { line: number; column: number },
): string {
  if (!lines) return "";
  const width = String(line).length;
  let out = "";
  const frame = aroundColumn(frameLines(lines, line, 2, 0), column);
  for (const l of frame.lines) {
    out += `  ${l.marked ? ">" : " "} ${String(l.number).padStart(width)} | ${l.text}\n`;
    if (l.marked) out += `    ${" ".repeat(width)} | ${caretIndent(l.text, frame.column)}^\n`;
  }
  return out;
}
