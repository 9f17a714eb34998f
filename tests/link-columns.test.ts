import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanLinks } from "../src/core/markdown.js";
import { runCli, SEED, SEED_DIR, seedCopy } from "./helpers.js";

interface Reported {
  code: string;
  file: string;
  line: number;
  column: number;
  locale: string | null;
  message: string;
}

describe("a refused link in a Markdown body is reported where it is written", () => {
  it("two bad links on one line of a paragraph: two diagnostics, each at its link's column", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/kk.md`;
    const before = readFileSync(join(root, file), "utf8");
    expect(before.endsWith("\n")).toBe(true);
    // A blank line, then a paragraph whose second line holds the links. Columns in UTF-16 code
    // units: 📣 is two (1–2), space 3, «Қараңыз:» 4–11, space 12, `[` 13, «бір» 14–16, `](`
    // 17–18, so the target starts at 19; `javascript:alert(1)` 19–37, `)` 38, space 39, «және»
    // 40–43, space 44, the autolink's `<` at 45.
    appendFileSync(join(root, file), "\nАлдымен осы.\n📣 Қараңыз: [бір](javascript:alert(1)) және <vbscript:x>.\n");
    const line = before.split("\n").length - 1 + 3;

    const r = runCli(["check", "--root", root, "--article", SEED, "--reporter", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const unsafe = (JSON.parse(r.stdout) as { diagnostics: Reported[] }).diagnostics
      .filter((d) => d.code === "data/unsafe-link")
      .map(({ file, line, column, locale, message }) => ({
        file,
        line,
        column,
        locale,
        link: /`([^`]+)`/.exec(message)?.[1],
      }));
    expect(unsafe).toEqual([
      { file, line, column: 19, locale: "kk", link: "javascript:alert(1)" },
      { file, line, column: 45, locale: "kk", link: "vbscript:x" },
    ]);
  });

  it("scanLinks places a link in quotes, lists, tables, emphasis, across lines, and by reference", () => {
    const at = (source: string) => scanLinks(source).map((l) => `${l.href} ${l.line}:${l.column}`);
    // Each column counted by hand: the target's first character, an autolink's `<`, a reference link's `[`.
    expect(at("> quote [a](x:1) and\n> more <http://y>")).toEqual(["x:1 1:13", "http://y 2:8"]);
    expect(at("- item [b](  z:3)\n  next ![i](w:4)")).toEqual(["z:3 1:14", "w:4 2:13"]);
    expect(at("| h | g |\n|---|---|\n| [c](u:5) | [d](v:6) |")).toEqual(["u:5 3:7", "v:6 3:18"]);
    expect(at("*em [a](x:1)* and **[b](y:2)**")).toEqual(["x:1 1:9", "y:2 1:25"]);
    expect(at("text [a](\n x:1) end")).toEqual(["x:1 2:2"]);
    expect(at("[![i](a:1)](b:2)")).toEqual(["b:2 1:13", "a:1 1:7"]);
    expect(at("see [ref] and [r2][ref]\n\n[ref]: q:7")).toEqual(["q:7 1:5", "q:7 1:15"]);
  });
});
