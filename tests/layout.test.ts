import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { textContent } from "domutils";
import * as fontkit from "fontkit";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { reviewTranslations } from "../src/cli/review.js";
import { build } from "../src/index.js";
import { createPdfEngine } from "../src/pdf/engine.js";
import { renderPdf } from "../src/pdf/renderPdf.js";
import { edit, parseHtml, projectCopy, SEED, SEED_DIR, write } from "./helpers.js";

const LOCALES = ["en", "kk", "ru"] as const;
type Loc = (typeof LOCALES)[number];
const dir = mkdtempSync(join(tmpdir(), "tilpress-layout-"));
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });
const norm = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, " ").trim();

/** Each page's lines as pdftotext reads them, the running header and footer included. */
function pdfPageLines(pdf: Buffer, name: string): string[][] {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(run("pdfinfo", [file]))?.[1]);
  return Array.from({ length: pages }, (_, i) =>
    run("pdftotext", ["-enc", "UTF-8", "-f", String(i + 1), "-l", String(i + 1), file, "-"])
      .split("\n")
      .map(norm)
      .filter(Boolean),
  );
}

interface TextItem {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

/** Every piece of text on every page, with its position and width as pdf.js reads them. */
async function pdfItems(pdf: Buffer): Promise<{ pages: TextItem[][]; width: number }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: TextItem[][] = [];
  let width = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    width = page.view[2]!;
    const content = await page.getTextContent();
    pages.push(
      content.items.flatMap((i) =>
        "str" in i && i.str.trim()
          ? [{ str: i.str, x: i.transform[4] as number, y: i.transform[5] as number, width: i.width }]
          : [],
      ),
    );
  }
  await doc.destroy();
  return { pages, width };
}

/** The body of a locale's Markdown file starts after its front matter. */
function insertAtBodyStart(root: string, locale: Loc, paragraph: string): void {
  const file = `${SEED_DIR}/${locale}.md`;
  const text = readFileSync(join(root, file), "utf8");
  const end = text.indexOf("\n---\n", 4) + 5;
  write(root, file, `${text.slice(0, end)}\n${paragraph}\n${text.slice(end)}`);
}

const FILLER: Record<Loc, string> = {
  en: "Police vans stood in the side streets all day.",
  kk: "Полиция көліктері күні бойы көшелерде тұрды.",
  ru: "Полицейские автобусы весь день стояли в переулках.",
};

describe("a heading is never the last thing on a page", () => {
  // A paragraph of 0, 1, 2 … lines at the top of the story walks every later heading (the
  // story's, "Key quotes", the timeline, people, videos, links, About) down across page breaks.
  it("in every locale, for every position of the headings against the page breaks", { timeout: 240_000 }, () => {
    const seen = new Map<Loc, Set<string>>(LOCALES.map((l) => [l, new Set()]));
    for (let lines = 0; lines <= 16; lines++) {
      const root = projectCopy();
      for (const locale of LOCALES)
        if (lines)
          insertAtBodyStart(
            root,
            locale,
            Array(lines * 2)
              .fill(FILLER[locale])
              .join(" "),
          );
      reviewTranslations(root, undefined, ["en", "kk", "ru"]);
      const built = build({ root, templates: ["briefing"] });
      expect(built.diagnostics).toEqual([]);
      for (const locale of LOCALES) {
        const out = (format: string) =>
          built.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.${format}`)!.contents;
        const headings = selectAll<AnyNode, Element>("h1, h2, h3, h4", parseHtml(out("html"))).map((h) =>
          norm(textContent(h)),
        );
        for (const h of headings) seen.get(locale)!.add(h);
        const pages = pdfPageLines(out("pdf"), `${locale}-${lines}`);
        pages.forEach((page, n) => {
          // The last line is the footer ("Page 2 of 5"); the one before it ends the page's content.
          const last = page.at(-2) ?? "";
          const endsWithHeading = headings.some((h) => h === last || h.endsWith(` ${last}`));
          expect(endsWithHeading, `${locale}, ${lines} extra lines: page ${n + 1} ends with "${last}"`).toBe(false);
          // And what follows a heading on its page is at least two lines (unless the document ends sooner).
          page.slice(0, -1).forEach((line, i) => {
            if (headings.includes(line) && i > 2 && n < pages.length - 1)
              expect(page.length - 1 - (i + 1), `${locale}, ${lines}: after "${line}"`).toBeGreaterThanOrEqual(2);
          });
        });
      }
    }
    // The walk covered the section headings named in the issue, in each language.
    expect([...seen.get("en")!]).toEqual(expect.arrayContaining(["Key quotes", "Related video", "The story"]));
    expect([...seen.get("ru")!]).toEqual(expect.arrayContaining(["Видео по теме", "Ключевые цитаты", "Подробности"]));
    expect([...seen.get("kk")!]).toEqual(
      expect.arrayContaining(["Тақырыпқа қатысты бейнелер", "Негізгі дәйексөздер", "Толығырақ"]),
    );
  });
});
