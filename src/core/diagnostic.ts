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

/**
 * A result and the diagnostics made while producing it, like typst's `Warned<T>`: bad content
 * never throws, it is reported here beside whatever could still be made.
 */
export type Warned<T> = T & {
  /** Sorted by file, line, column, code. */
  readonly diagnostics: readonly Diagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
};

/** The diagnostics of a list, sorted, with its counts: the tail of every `Warned` result. */
export function warned<T extends object>(output: T, diagnostics: DiagnosticList): Warned<T> {
  return {
    ...output,
    diagnostics: diagnostics.sorted(),
    errorCount: diagnostics.errorCount,
    warningCount: diagnostics.warningCount,
  };
}

/**
 * Collects diagnostics for one run; stages push, the caller decides what to print. Items are
 * read-only once pushed; counts and the index of what errors block are kept as they arrive,
 * so asking costs nothing however long the list is.
 */
export class DiagnosticList {
  readonly #items: Diagnostic[] = [];
  #errors = 0;
  #warnings = 0;
  /** Scopes blocked by errors: "*" everything, `a\0` an article, `a\0l` an article in a locale, `\0l` a locale. */
  readonly #blocked = new Set<string>();

  /** With a policy, a code's level there wins over the severity its check gives; "off" drops it. */
  constructor(private readonly policy: Policy = {}) {}

  /** In the order they were pushed. */
  get items(): readonly Diagnostic[] {
    return this.#items;
  }

  push(input: DiagnosticInput): void {
    const level = this.policy[input.code];
    if (level === "off") return;
    this.#add(stripUndefined({ ...input, severity: level ?? input.severity ?? "error" }));
  }

  /**
   * Diagnostics made elsewhere under the same policy (a forked list, a worker, the cache): added
   * as they are, their levels already applied.
   */
  absorb(diagnostics: DiagnosticList | readonly Diagnostic[]): void {
    for (const d of diagnostics instanceof DiagnosticList ? diagnostics.items : diagnostics) this.#add(d);
  }

  /** Like `absorb`, skipping any diagnostic equal to one already here (several workers report the catalog's). */
  absorbUnique(diagnostics: readonly Diagnostic[]): void {
    const seen = new Set(this.#items.map(keyOf));
    for (const d of diagnostics) {
      const key = keyOf(d);
      if (seen.has(key)) continue;
      seen.add(key);
      this.#add(d);
    }
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
    return this.#errors;
  }

  get warningCount(): number {
    return this.#warnings;
  }

  /** Errors that block this article (or, with a locale, this article in this locale). */
  blocks(article: string, locale?: Locale): boolean {
    const b = this.#blocked;
    if (b.size === 0) return false;
    if (b.has("*") || b.has(`${article}\u0000`)) return true;
    if (locale === undefined)
      return [...b].some((scope) => scope.startsWith(`${article}\u0000`) || scope.startsWith("\u0000"));
    return b.has(`${article}\u0000${locale}`) || b.has(`\u0000${locale}`);
  }

  /** Every item in reporting order (file, line, column, code; ties in the order pushed). */
  sorted(): Diagnostic[] {
    return [...this.#items].sort(compareDiagnostics);
  }

  #add(d: Diagnostic): void {
    this.#items.push(d);
    if (d.severity === "warning") this.#warnings++;
    else {
      this.#errors++;
      this.#blocked.add(
        d.article === undefined
          ? d.locale === undefined
            ? "*"
            : `\u0000${d.locale}`
          : `${d.article}\u0000${d.locale ?? ""}`,
      );
    }
  }
}

/** Equal diagnostics have equal keys, whatever order their fields were set in. */
const keyOf = (d: Diagnostic) => JSON.stringify(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Each diagnostic once (the first of equal ones), in the order given. */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = keyOf(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
