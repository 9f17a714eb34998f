import type { Locale } from "../locale/index.js";
import type { Policy } from "./policy.js";

export type Severity = "error" | "warning";

/**
 * One problem found in the user's content, templates or catalog. Library code never throws
 * for bad content: it pushes a Diagnostic and carries on where it safely can.
 */
export interface Diagnostic {
  /** Stable identifier, `stage/rule`, documented in docs/checks.md. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
  /** Path relative to the project root, with forward slashes. */
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
  /** RFC 6901 JSON pointer of the field inside the file's data. */
  readonly pointer?: string;
  readonly locale?: Locale;
  /** The article the problem blocks, when it is scoped to one. */
  readonly article?: string;
  readonly expected?: string;
  readonly actual?: string;
}

export type DiagnosticInput = Omit<Diagnostic, "severity"> & { severity?: Severity };

/** Collects diagnostics for one run; stages push, the caller decides what to print. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];

  /** With a policy, a code's level there wins over the severity its check gives; "off" drops it. */
  constructor(private readonly policy: Policy = {}) {}

  push(input: DiagnosticInput): void {
    const level = this.policy[input.code];
    if (level === "off") return;
    const d: Diagnostic = { ...input, severity: level ?? input.severity ?? "error" };
    this.items.push(stripUndefined(d));
  }

  /** A list for a sub-task (one page) that follows the same policy. */
  fork(): DiagnosticList {
    return new DiagnosticList(this.policy);
  }

  error(input: Omit<DiagnosticInput, "severity">): void {
    this.push({ ...input, severity: "error" });
  }

  warn(input: Omit<DiagnosticInput, "severity">): void {
    this.push({ ...input, severity: "warning" });
  }

  get errorCount(): number {
    return this.items.filter((d) => d.severity === "error").length;
  }

  get warningCount(): number {
    return this.items.filter((d) => d.severity === "warning").length;
  }

  /** Errors that block this article (or, with a locale, this article in this locale). */
  blocks(article: string, locale?: Locale): boolean {
    return this.items.some(
      (d) =>
        d.severity === "error" &&
        (d.article === undefined || d.article === article) &&
        (d.locale === undefined || locale === undefined || d.locale === locale),
    );
  }
}

function stripUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Stable order for reporting: file, line, column, code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file ?? "").localeCompare(b.file ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.code.localeCompare(b.code)
  );
}

export function pointerOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "";
  return "/" + path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}
