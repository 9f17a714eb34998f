import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { mayHaveLinks, scanLinks } from "../src/core/markdown.js";
import { REPO } from "./helpers.js";

/**
 * scanLinks (src/core/markdown.ts) skips the parse of a body with no `](`, `<` or `]:`. The
 * oracle here is markdown-it itself, configured as the scanner is (CommonMark, no HTML, tables),
 * asked for every link and image: the skip must never hide one.
 */
const oracle = new MarkdownIt("commonmark", { html: false }).enable("table");
oracle.validateLink = () => true;

function linksByParsing(source: string): string[] {
  const hrefs: string[] = [];
  for (const block of oracle.parse(source, {}))
    for (const token of block.children ?? [])
      if (token.type === "link_open" || token.type === "image")
        hrefs.push(token.attrGet(token.type === "image" ? "src" : "href") ?? "");
  return hrefs;
}

describe("scanLinks", () => {
  it("finds every kind of CommonMark link and image", () => {
    const forms: [string, string[]][] = [
      ["See [the report](https://gov.kz/r.pdf).", ["https://gov.kz/r.pdf"]],
      ["![Карта](map.png)", ["map.png"]],
      ["Write to <press@gov.kz> or <https://gov.kz>.", ["mailto:press@gov.kz", "https://gov.kz"]],
      ["The [ministry][m] said.\n\n[m]: https://gov.kz/m", ["https://gov.kz/m"]],
      ["Its [site] and [site][].\n\n> [site]:\n> https://gov.kz", ["https://gov.kz", "https://gov.kz"]],
      ["| a | b |\n|---|---|\n| [x](javascript:alert(1)) | y |", ["javascript:alert(1)"]],
    ];
    for (const [source, hrefs] of forms) {
      expect(mayHaveLinks(source), source).toBe(true);
      expect(
        scanLinks(source).map((l) => l.href),
        source,
      ).toEqual(hrefs);
      expect(linksByParsing(source), source).toEqual(hrefs);
    }
  });

  it("skips no body that has a link: generated strings of Markdown's link characters, and the bundled bodies", () => {
    // Link characters, and a label with and without the colon that makes it a definition.
    const pieces = [
      "[",
      "]",
      "(",
      ")",
      "<",
      ">",
      ":",
      "!",
      "\\",
      "\n",
      " ",
      "a",
      "https://x.kz",
      "@",
      "`",
      "|",
      "[a]",
      "[a]: ",
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const sources: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      let text = "";
      const length = 1 + Math.floor(random() * 14);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
      sources.push(text);
    }
    const articles = join(REPO, "data", "articles");
    for (const article of readdirSync(articles))
      for (const file of readdirSync(join(articles, article)))
        if (file.endsWith(".md")) sources.push(readFileSync(join(articles, article, file), "utf8"));
    let skipped = 0;
    let withLinks = 0;
    for (const source of sources) {
      const expected = linksByParsing(source);
      if (expected.length > 0) withLinks++;
      if (!mayHaveLinks(source)) {
        skipped++;
        expect(expected, JSON.stringify(source)).toEqual([]);
      }
      expect(
        scanLinks(source).map((l) => l.href),
        JSON.stringify(source),
      ).toEqual(expected);
    }
    // Both kinds were met: bodies skipped, and bodies whose links were found.
    expect(skipped).toBeGreaterThan(1000);
    expect(withLinks).toBeGreaterThan(100);
  });
});
