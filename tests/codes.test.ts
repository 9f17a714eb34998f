import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES } from "../src/core/codes.js";
import { REPO } from "./helpers.js";

// One list of diagnostic codes (src/core/codes.ts), which `rules` in tilpress.config.json is
// checked against: it must name exactly the codes the source reports and docs/checks.md explains.

const NOT_CODES = /^(application|image|font|multipart)\/|^text\/(html|plain|css)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
}

const reported = new Set(
  sourceFiles(join(REPO, "src"))
    .filter((f) => !f.endsWith("core/codes.ts"))
    .flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/(?<!(?:from|module|import\() *)"([a-z]+\/[a-z0-9-]+)"/g)].map(
        (m) => m[1] ?? "",
      ),
    )
    .filter((c) => !NOT_CODES.test(c) && c !== "k/n" && !c.startsWith("pdf/a-")),
);
const documented = new Set(
  [...readFileSync(join(REPO, "docs/checks.md"), "utf8").matchAll(/^\| `([a-z]+\/[a-z0-9-]+)` \|/gm)].map(
    (m) => m[1] ?? "",
  ),
);

describe("diagnostic codes", () => {
  it("every code the source reports is in the list", () => {
    expect([...reported].filter((c) => !(DIAGNOSTIC_CODES as readonly string[]).includes(c))).toEqual([]);
  });
  it("every code in the list is reported somewhere", () => {
    expect(DIAGNOSTIC_CODES.filter((c) => !reported.has(c))).toEqual([]);
  });
  it("every code in the list has a row in docs/checks.md, and every row is a code", () => {
    expect(DIAGNOSTIC_CODES.filter((c) => !documented.has(c))).toEqual([]);
    expect([...documented].filter((c) => !(DIAGNOSTIC_CODES as readonly string[]).includes(c))).toEqual([]);
  });
});
