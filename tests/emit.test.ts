import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EmitError, writeOutputs, type Output } from "../src/index.js";

const out = (path: string, text: string): Output => ({ path, format: "html", contents: Buffer.from(text) });

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile())
      files[join(e.parentPath, e.name).slice(dir.length + 1)] = readFileSync(join(e.parentPath, e.name), "utf8");
  }
  return files;
}

describe("writeOutputs", () => {
  it("writes new files, skips unchanged ones, removes what the previous manifest had and this build lacks", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    const manifest = (paths: string[]) =>
      out(
        "manifest.json",
        JSON.stringify({ tool: "tilpress", version: "0", outputs: paths.map((path) => ({ path })) }),
      );
    expect(
      writeOutputs(dir, [out("a/one.html", "1"), out("b/two.html", "2"), manifest(["a/one.html", "b/two.html"])]),
    ).toMatchObject({ written: 3, unchanged: 0 });
    const second = writeOutputs(dir, [out("a/one.html", "1"), manifest(["a/one.html"])]);
    expect(second).toMatchObject({ written: 1, unchanged: 1, removed: ["b/two.html"] });
    expect(Object.keys(tree(dir)).sort()).toEqual(["a/one.html", "manifest.json"]);
  });

  it("a failure part-way leaves the previous outputs exactly as they were and no temp file", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    writeOutputs(dir, [out("en/a.html", "old a"), out("en/b.html", "old b")]);
    const before = tree(dir);
    // A directory where a file must go makes the third write fail after two temp files exist.
    mkdirSync(join(dir, "en", "c.html.tmp-" + process.pid + "-2"), { recursive: true });
    writeFileSync(join(dir, "en", "c.html.tmp-" + process.pid + "-2", "x"), "");
    expect(() =>
      writeOutputs(dir, [out("en/a.html", "new a"), out("en/b.html", "new b"), out("en/c.html", "new c")]),
    ).toThrow(EmitError);
    const after = tree(dir);
    delete after[`en/c.html.tmp-${process.pid}-2/x`];
    expect(after).toEqual(before);
  });

  it("refuses a path outside the output folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-emit-"));
    expect(() => writeOutputs(dir, [out("../escape.html", "x")])).toThrow(/outside/);
  });
});
