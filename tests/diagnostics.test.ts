import { describe, expect, it } from "vitest";
import { DiagnosticList, warned, type Diagnostic } from "../src/core/diagnostic.js";
import { resolveConfig } from "../src/config.js";
import { projectCopy } from "./helpers.js";

/** What `blocks` means, as a scan of every item: the index kept on push must agree with it. */
function blocksByScan(items: readonly Diagnostic[], article: string, locale?: string): boolean {
  return items.some(
    (d) =>
      d.severity === "error" &&
      (d.article === undefined || d.article === article) &&
      (d.locale === undefined || locale === undefined || d.locale === locale),
  );
}

describe("DiagnosticList", () => {
  it("answers blocks() as a scan of its items would, for every scope of error and warning", () => {
    const articles = [undefined, "a", "ab", "b"];
    const locales = [undefined, "en", "kk"];
    // Every combination of one or two diagnostics of every scope and severity.
    const singles: Diagnostic[] = [];
    for (const article of articles)
      for (const locale of locales)
        for (const severity of ["error", "warning"] as const)
          singles.push({
            code: "test/x",
            severity,
            message: "m",
            ...(article ? { article } : {}),
            ...(locale ? { locale } : {}),
          });
    let checked = 0;
    for (const first of singles)
      for (const second of [undefined, ...singles]) {
        const list = new DiagnosticList();
        list.absorb(second ? [first, second] : [first]);
        for (const article of ["a", "ab", "b", "c"])
          for (const locale of locales) {
            expect(list.blocks(article, locale), JSON.stringify({ first, second, article, locale })).toBe(
              blocksByScan(list.items, article, locale),
            );
            checked++;
          }
      }
    expect(checked).toBe(24 * 25 * 4 * 3);
  });

  it("applies the policy on push, keeps counts, and absorbs other lists' items as they are", () => {
    const list = new DiagnosticList({ "test/off": "off", "test/demoted": "warning" });
    list.error({ code: "test/off", message: "dropped" });
    list.error({ code: "test/demoted", message: "a warning now" });
    list.warn({ code: "test/w", message: "w", file: "b.yaml", line: 2 });
    const fork = list.fork();
    fork.error({ code: "test/demoted", message: "also a warning" });
    fork.error({ code: "test/e", message: "e", file: "a.yaml", line: 9 });
    list.absorb(fork);
    expect(list.items.map((d) => [d.code, d.severity])).toEqual([
      ["test/demoted", "warning"],
      ["test/w", "warning"],
      ["test/demoted", "warning"],
      ["test/e", "error"],
    ]);
    expect([list.errorCount, list.warningCount]).toEqual([1, 3]);
    // Reporting order: file, line, column, code; ties keep the order pushed.
    expect(list.sorted().map((d) => d.message)).toEqual(["a warning now", "also a warning", "e", "w"]);
    const result = warned({ made: 1 }, list);
    expect(result).toMatchObject({ made: 1, errorCount: 1, warningCount: 3 });
    expect(result.diagnostics).toEqual(list.sorted());
  });

  it("absorbUnique keeps one of equal diagnostics (each worker reports the catalog's)", () => {
    const list = new DiagnosticList();
    const d: Diagnostic = { code: "catalog/x", severity: "error", message: "m", file: "locales/kk/ui.json", line: 3 };
    list.absorbUnique([d, { ...d }, { ...d, line: 4 }]);
    list.absorbUnique([{ ...d }]);
    expect(list.items.map((i) => i.line)).toEqual([3, 4]);
    expect(list.errorCount).toBe(2);
  });

  it("--strict is one policy: a missing translation becomes an error, over the project's rules", () => {
    const root = projectCopy();
    expect(resolveConfig({ root }).policy["data/missing-locale-file"]).toBe("warning");
    expect(resolveConfig({ root, strict: true }).policy["data/missing-locale-file"]).toBe("error");
  });
});
