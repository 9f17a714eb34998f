import { readFileSync } from "node:fs";
import { join } from "node:path";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { textContent } from "domutils";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { reviewTranslations } from "../src/cli/review.js";
import { build, type BuildResult } from "../src/index.js";
import { parseHtml, projectCopy, REPO, SEED, SEED_DIR, withoutSoftHyphens, write } from "./helpers.js";

const LOCALES = ["en", "kk", "ru"] as const;
type Loc = (typeof LOCALES)[number];
const norm = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, " ").trim();

/** One line of a page as pdf.js reads it: the structure tag of its marked content, baseline, size, text. */
interface Line {
  readonly tag: string;
  readonly y: number;
  readonly x: number;
  readonly size: number;
  readonly text: string;
}

/**
 * Each page's lines, top to bottom. The PDF marks each line of a block as its own marked-content
 * sequence tagged with the block's structure type (P, H2, LBody, Caption…); the running header
 * and footer are artifacts and are left out.
 */
async function pageLines(pdf: Buffer): Promise<Line[][]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: Line[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent({ includeMarkedContent: true });
    const lines: Line[] = [];
    let tag: string | undefined;
    let current: { y: number; x: number; size: number; text: string } | undefined;
    for (const item of content.items) {
      if ("type" in item) {
        if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
          // pdf.js gives the tag at run time; its types leave it out.
          const own = (item as { tag?: string }).tag;
          tag = item.type === "beginMarkedContentProps" && own ? own : "Artifact";
          current = undefined;
        } else if (item.type === "endMarkedContent") {
          if (current && tag && tag !== "Artifact" && tag !== "Lbl" && norm(current.text))
            lines.push({ tag, ...current, text: norm(current.text) });
          current = undefined;
        }
        continue;
      }
      const [size, , , , x, y] = item.transform as number[];
      if (!current) current = { y: y!, x: x!, size: Math.abs(size!), text: "" };
      current.text += item.str;
    }
    // Marked content of one line may come in pieces (a list item's label, then its body): merge by baseline.
    const merged: Line[] = [];
    for (const line of lines) {
      const last = merged.at(-1);
      if (last && Math.abs(last.y - line.y) < 0.5 && last.tag === line.tag)
        merged[merged.length - 1] = { ...last, text: `${last.text} ${line.text}` };
      else merged.push(line);
    }
    pages.push(merged.sort((a, b) => b.y - a.y));
  }
  await doc.destroy();
  return pages;
}

/** A4 at 72 pt per inch, less the print stylesheet's right margin (`@page { margin: 18mm 16mm 20mm }`). */
const RIGHT_EDGE = 595.28 - (16 / 25.4) * 72;

/** Text that reaches past the page's right margin, as "page n: text": a bound phrase that did not fit. */
async function overflowing(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const found: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) {
      if (!("str" in item) || !item.str.trim()) continue;
      const x = (item.transform as number[])[4]!;
      if (x + item.width > RIGHT_EDGE + 0.5) found.push(`page ${n}: ${item.str}`);
    }
  }
  await doc.destroy();
  return found;
}

const HEADING = /^H[1-4]$/;
/** What the stylesheet keeps on one page (break-inside: avoid), by structure tag: list items, table cells, captions. */
const UNBROKEN = new Set(["LBody", "TD", "TH", "Caption"]);
/** The line-height of body text (templates/style.css: 1.55); a bigger step between baselines is a new block. */
const sameBlock = (a: Line, b: Line) => a.tag === b.tag && a.y - b.y < a.size * 1.56 + 0.5;

/** Lines that end a page (or start the next) and belong to one block: the run of lines before (after) the break. */
function run(lines: readonly Line[], fromEnd: boolean): Line[] {
  const out: Line[] = [];
  const ordered = fromEnd ? [...lines].reverse() : lines;
  for (const line of ordered) {
    const prev = out.at(-1);
    if (prev && !(fromEnd ? sameBlock(line, prev) : sameBlock(prev, line))) break;
    out.push(line);
  }
  return fromEnd ? out.reverse() : out;
}

/**
 * What page make-up must never do, found by reading the PDF back: a heading as the last line of
 * a page; a paragraph split so that one of its lines stands alone at a page's foot (orphan) or
 * head (widow); a quote, a list item or a table row split at all. A block is split across a page
 * break when the last line before it and the first line after it are consecutive text of one
 * block of the HTML page (a word hyphenated there joins without its hyphen: pdf.js drops it).
 */
function makeupFaults(pages: readonly Line[][], blocks: readonly string[]): string[] {
  const faults: string[] = [];
  const continues = (a: string, b: string) =>
    blocks.some((block) => block.includes(`${a} ${b}`) || block.includes(`${a}${b}`));
  // Body paragraphs start at the column's left edge; a quote's paragraphs are indented.
  const left = Math.min(
    ...pages
      .flat()
      .filter((l) => l.tag === "P")
      .map((l) => l.x),
  );
  const unbroken = (l: Line) => UNBROKEN.has(l.tag) || (l.tag === "P" && l.x > left + 2);
  pages.forEach((page, n) => {
    const next = pages[n + 1];
    if (!next || page.length === 0) return;
    const last = page.at(-1)!;
    if (HEADING.test(last.tag)) faults.push(`page ${n + 1} ends with the heading "${last.text}"`);
    const before = run(page, true);
    const after = run(next, false);
    const first = after[0];
    if (!first || first.tag !== last.tag || !continues(last.text, first.text)) return;
    if (unbroken(last))
      faults.push(`a quote, list item or row is split between pages ${n + 1} and ${n + 2}: "${last.text}"`);
    if (before.length < 2) faults.push(`page ${n + 1} ends with one line of a block: "${last.text}"`);
    if (after.length < 2 && next.length > 1)
      faults.push(`page ${n + 2} starts with one line of a block: "${first.text}"`);
  });
  return faults;
}

/** The text of every block whose lines the PDF sets, as the HTML has it (soft hyphens are invisible). */
function htmlBlocks(html: Buffer): string[] {
  return selectAll<AnyNode, Element>("p, li, figcaption, caption, td, th, h1, h2, h3, h4", parseHtml(html)).map((el) =>
    norm(withoutSoftHyphens(textContent(el))),
  );
}

/** How many page breaks fall inside a block (both sides checked by `makeupFaults`). */
function splitBlocks(pages: readonly Line[][], blocks: readonly string[]): number {
  let splits = 0;
  pages.forEach((page, n) => {
    const next = pages[n + 1];
    const [last, first] = [page.at(-1), next?.[0]];
    if (
      last &&
      first &&
      blocks.some((b) => b.includes(`${last.text} ${first.text}`) || b.includes(`${last.text}${first.text}`))
    )
      splits++;
  });
  return splits;
}

const pdfOf = (built: BuildResult, locale: Loc) =>
  built.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`)!.contents;
const htmlOf = (built: BuildResult, locale: Loc) =>
  built.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)!.contents;

describe("page make-up of the bundled briefing, read back from the PDF", () => {
  const built = build({ root: REPO, templates: ["briefing"] });
  it.each(LOCALES)("%s: no heading ends a page, no paragraph leaves or carries a single line", async (locale) => {
    const pages = await pageLines(pdfOf(built, locale));
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.flat().some((l) => l.tag === "H2")).toBe(true);
    expect(makeupFaults(pages, htmlBlocks(htmlOf(built, locale)))).toEqual([]);
  });
  // Russian binds one- and two-letter words to the next (docs/typography.md): the bound phrase
  // still breaks inside its last word, so no line runs past the column.
  it.each(LOCALES)("%s: no line runs past the right margin", async (locale) => {
    expect(await overflowing(pdfOf(built, locale))).toEqual([]);
  });
});

/** Sentences with no numbers (a translation's numbers must match its source's), written by hand. */
const SENTENCES: Record<Loc, readonly string[]> = {
  en: [
    "Police vans stood in the side streets all day, and officers checked the documents of passersby near the square.",
    "Several activists said they had been warned by telephone not to leave their homes.",
    "Journalists covering the protest reported that mobile internet was slow or unavailable in the city centre.",
    "The authorities said the measures were needed to keep public order during the unsanctioned gathering.",
    "Human rights groups called on the government to release everyone detained for peaceful assembly.",
  ],
  kk: [
    "Полиция көліктері күні бойы көшелерде тұрды, ал полицейлер алаң маңындағы жүргіншілердің құжаттарын тексерді.",
    "Бірнеше белсенді оларға үйден шықпау туралы телефон арқылы ескерту жасалғанын айтты.",
    "Наразылықты жазған журналистер қала орталығында ұялы интернет баяу істегенін немесе мүлде болмағанын хабарлады.",
    "Билік бұл шаралар рұқсат етілмеген жиын кезінде қоғамдық тәртіпті сақтау үшін қажет болғанын мәлімдеді.",
    "Құқық қорғау ұйымдары үкіметті бейбіт жиынға қатысқаны үшін ұсталғандардың бәрін босатуға шақырды.",
  ],
  ru: [
    "Полицейские автобусы весь день стояли в переулках, а полицейские проверяли документы у прохожих возле площади.",
    "Несколько активистов рассказали, что их по телефону предупредили не выходить из дома.",
    "Журналисты, освещавшие протест, сообщили, что мобильный интернет в центре города работал медленно или не работал вовсе.",
    "Власти заявили, что эти меры были необходимы для поддержания общественного порядка во время несанкционированного собрания.",
    "Правозащитные организации призвали правительство освободить всех, кого задержали за участие в мирном собрании.",
  ],
};
const SECTION: Record<Loc, string> = { en: "Background", kk: "Оқиғаның алғышарты", ru: "Предыстория" };

/** A paragraph's mark: "Aa:", "Ab:" … */
const mark = (n: number) => `${String.fromCharCode(65 + Math.floor(n / 26))}${String.fromCharCode(97 + (n % 26))}:`;

/**
 * A long article: the bundled story with many sections after its body, each a heading, then
 * paragraphs of one to seven sentences, a list or a quote; `shift` sentences first move every
 * page break.
 */
function longArticle(shift: number): string {
  const root = projectCopy();
  for (const locale of LOCALES) {
    const s = SENTENCES[locale];
    // Each paragraph starts with its own mark (letters: numbers would have to match the source's),
    // so the sentences it repeats from others never make two blocks look like one.
    let made = 0;
    const paragraph = (n: number, from: number) =>
      [mark(made++), ...Array.from({ length: n }, (_, i) => s[(from + i) % s.length]!)].join(" ");
    const sections = Array.from({ length: 14 }, (_, k) =>
      [
        `## ${SECTION[locale]} ${"I".repeat((k % 3) + 1)}`,
        paragraph(1 + (k % 7), k),
        k % 3 === 0 ? s.map((t) => `- ${mark(made++)} ${t}`).join("\n") : paragraph(2 + ((k * 3) % 5), k + 1),
        k % 4 === 1 ? `> ${paragraph(2, k + 2)}` : paragraph(1 + ((k * 5) % 4), k + 2),
      ].join("\n\n"),
    ).join("\n\n");
    const file = `${SEED_DIR}/${locale}.md`;
    const text = readFileSync(join(root, file), "utf8");
    const end = text.indexOf("\n---\n", 4) + 5;
    const lead = shift ? `${paragraph(shift, 0)}\n\n` : "";
    write(root, file, `${text.slice(0, end)}\n${lead}${text.slice(end).trimEnd()}\n\n${sections}\n`);
  }
  reviewTranslations(root, undefined, [...LOCALES]);
  return root;
}

describe("page make-up of a long generated article, read back from the PDF", () => {
  it(
    "headings stay with what follows, no widows or orphans, whatever falls at the page breaks",
    { timeout: 240_000 },
    async () => {
      let splits = 0;
      for (const shift of [0, 1, 2, 3]) {
        const built = build({ root: longArticle(shift), templates: ["briefing"], formats: ["html", "pdf"] });
        expect(built.diagnostics).toEqual([]);
        for (const locale of LOCALES) {
          const pages = await pageLines(pdfOf(built, locale));
          expect(pages.length).toBeGreaterThan(6);
          const blocks = htmlBlocks(htmlOf(built, locale));
          expect(makeupFaults(pages, blocks), `${locale}, shifted by ${shift}`).toEqual([]);
          splits += splitBlocks(pages, blocks);
        }
      }
      // Paragraphs do break across pages (two lines or more each side): the check above saw them.
      expect(splits).toBeGreaterThan(5);
    },
  );
});
