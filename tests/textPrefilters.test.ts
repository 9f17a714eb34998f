import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { tooDeepLine } from "../src/core/markdown.js";
import { badCharacters, NOT_TEXT, ONLY_TEXT } from "../src/load/text.js";
import { firstRightToLeft, MAYBE_RIGHT_TO_LEFT, RIGHT_TO_LEFT } from "../src/pdf/rightToLeft.js";

/** Every code point as a string, lone surrogates included. */
function* codePoints(): Generator<string> {
  for (let cp = 0; cp <= 0x10ffff; cp++)
    yield cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
}

describe("quick tests that pass text over before the Unicode classes", () => {
  it("no character the right-to-left class matches is outside the quick test", () => {
    const missed: string[] = [];
    for (const char of codePoints())
      if (RIGHT_TO_LEFT.test(char) && !MAYBE_RIGHT_TO_LEFT.test(char)) missed.push(char.codePointAt(0)!.toString(16));
    expect(missed).toEqual([]);
  });

  it("right-to-left text is still found, and en, kk and ru text is passed over", () => {
    expect(firstRightToLeft("Astana — Астана — Астанада «ә ғ қ ң ө ұ ү һ і» № 5 ₸")).toBeUndefined();
    expect(firstRightToLeft("Алматы שלום")).toBe("ש");
    expect(firstRightToLeft("mark\u200fhere")).toBe("\u200f");
    expect(firstRightToLeft("Adlam 𞤀")).toBe("𞤀");
    expect(firstRightToLeft("emoji 😀 only")).toBeUndefined();
  });

  it("no character the quick text test lets through is one the not-text class matches", () => {
    const wrong: string[] = [];
    for (const char of codePoints()) {
      // A character alone, and after a letter (CR is text only before LF; the quick test has no CR).
      if (ONLY_TEXT.test(char) && (NOT_TEXT.test(char) || NOT_TEXT.test(`a${char}`)))
        wrong.push(char.codePointAt(0)!.toString(16));
      NOT_TEXT.lastIndex = 0;
    }
    expect(wrong).toEqual([]);
  });

  it("characters that are not text are still found: controls, CR alone, lone surrogates, unassigned", () => {
    expect(badCharacters("Қазақстан — «Астана», 5 ₸\n\tжол").map((b) => b.code)).toEqual([]);
    expect(badCharacters("a\u0007b\rc\r\nd\ud800e\u0378").map((b) => [b.code, b.name])).toEqual([
      ["text/control-character", "U+0007"],
      ["text/control-character", "U+000D"],
      ["text/lone-surrogate", "U+D800"],
      ["text/unassigned", "U+0378"],
    ]);
  });

  it("tooDeepLine finds exactly the Markdown the pages' parser leaves text out of, however quotes and lists mix", () => {
    const md = new MarkdownIt("commonmark");
    // Each container: how its first line opens it, and how its later lines continue it.
    const containers = [
      ["> ", "> "],
      [">", ">"],
      ["- ", "  "],
      ["* ", "  "],
      ["1. ", "   "],
      ["10) ", "    "],
      ["-\t", "\t"],
    ] as const;
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let atLimit = 0;
    for (let run = 0; run < 3000; run++) {
      const chosen = Array.from({ length: 6 + random(18) }, () => containers[random(containers.length)]!);
      // All on one line, or one container more on each line (continuing the ones around it).
      const source =
        random(2) === 0
          ? `${chosen.map(([open]) => open).join("")}text`
          : chosen
              .map(
                (_, i) =>
                  `${chosen
                    .slice(0, i)
                    .map(([, more]) => more)
                    .join("")}${chosen[i]![0]}text${i}`,
              )
              .join("\n");
      // What the pages lose: a word of the source missing from the HTML the CommonMark preset makes.
      const html = md.render(source);
      const lost = [...source.matchAll(/text\d*/g)].some(
        ([word]) => !html.includes(`${word}<`) && !html.includes(`${word}\n`),
      );
      if (lost) atLimit++;
      expect(tooDeepLine(source) !== undefined, JSON.stringify(source)).toBe(lost);
    }
    expect(atLimit).toBeGreaterThan(200);
  });
});
