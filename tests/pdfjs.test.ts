import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { removeElement, textContent } from "domutils";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { parseHtml, REPO, SEED, withoutSoftHyphens } from "./helpers.js";

const result = build({ root: REPO });
const words = (s: string) => s.split(/[\s\u00a0]+/).filter(Boolean);

/**
 * pdf.js leaves the soft hyphen of a word hyphenated at a line's end out of its text content (it
 * drops every format character, Unicode Cf), so the word comes back as two, one per line. They
 * are joined where the two make the expected word; `joined` counts them.
 */
function rejoinAgainst(pdf: readonly string[], expected: readonly string[]): { words: string[]; joined: number } {
  const out: string[] = [];
  let joined = 0;
  for (let i = 0; i < pdf.length; i++) {
    const want = expected[out.length];
    if (pdf[i] !== want && want !== undefined && pdf[i]! + (pdf[i + 1] ?? "") === want) {
      out.push(want);
      joined++;
      i++;
    } else out.push(pdf[i]!);
  }
  return { words: out, joined };
}

async function pdfText(
  bytes: Buffer,
): Promise<{ pages: string[]; title: unknown; tagged: boolean; structRoles: string[] }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  const structRoles: string[] = [];
  const walk = (node: { role?: string; children?: unknown[] } | null) => {
    if (!node) return;
    if (node.role) structRoles.push(node.role);
    for (const c of node.children ?? []) walk(c as { role?: string; children?: unknown[] });
  };
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\n" : "") : "")).join(""));
    walk((await page.getStructTree()) as { role?: string; children?: unknown[] } | null);
  }
  const meta = await pdf.getMetadata();
  const info = meta.info as Record<string, unknown>;
  const markInfo = await pdf.getMarkInfo();
  await pdf.destroy();
  return { pages, title: info["Title"], tagged: markInfo?.Marked === true, structRoles };
}

describe("PDFs read back with pdf.js", () => {
  it.each(["en", "kk", "ru"] as const)(
    "%s briefing: every page's words equal the HTML's, title and tags set",
    async (locale) => {
      const pdf = result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`)!.contents;
      const html = parseHtml(result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)!.contents);
      const { pages, title, tagged, structRoles } = await pdfText(pdf);
      const header = {
        en: ["RFE/RL’s Kazakh Service", "February 22, 2020"],
        kk: ["Азаттық радиосы", "2020 ж. 22 ақпан"],
        ru: ["Радио Азаттык", "22 февраля 2020 г."],
      }[locale];
      const footer = {
        en: (p: number, n: number) => `Page ${p} of ${n}`,
        kk: (p: number, n: number) => `${p}-бет / ${n}`,
        ru: (p: number, n: number) => `Страница ${p} из ${n}`,
      }[locale];
      const body = pages.flatMap((text, i) => {
        const t = text.replace(/\u00a0/g, " ");
        expect(t).toContain(footer(i + 1, pages.length));
        return words(
          t
            .replace(header[0]!, "")
            .replace(header[1]!, "")
            .replace(footer(i + 1, pages.length), ""),
        );
      });
      for (const el of selectAll<AnyNode, Element>("head, svg title, svg desc, .languages", html)) removeElement(el);
      const expected = words(withoutSoftHyphens(textContent(html))).map((w) => w.toLocaleLowerCase(locale));
      const read = rejoinAgainst(
        body.filter((w) => w !== "•").map((w) => w.toLocaleLowerCase(locale)),
        expected,
      );
      expect(read.words).toEqual(expected);
      // Body text is hyphenated in every language (templates/style.css: hyphens: auto).
      expect(read.joined).toBeGreaterThan(3);
      expect(typeof title === "string" && title.length > 20).toBe(true);
      expect(tagged).toBe(true);
      expect(structRoles).toEqual(expect.arrayContaining(["H1", "H2", "P", "L", "LI", "Figure", "BlockQuote"]));
    },
  );
});

describe("colours of PDF text", () => {
  it("each run of text is drawn in its own CSS colour, also right after a coloured bar or a chart's bars", async () => {
    const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const bytes = result.outputs.find((o) => o.path === `en/${SEED}/briefing.pdf`)!.contents;
    const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false })
      .promise;
    const page = await pdf.getPage(1);
    const ops = await page.getOperatorList();
    const hex = (args: unknown[]): string =>
      typeof args[0] === "string"
        ? args[0].toLowerCase()
        : `#${Array.from(args as ArrayLike<number>)
            .slice(0, 3)
            .map((v) => Math.round(v).toString(16).padStart(2, "0"))
            .join("")}`;
    let fill = "#000000";
    const runs: { text: string; color: string; afterFill: boolean }[] = [];
    let filled = false;
    ops.fnArray.forEach((fn, i) => {
      const args = ops.argsArray[i] as unknown[];
      if (fn === OPS.setFillRGBColor) fill = hex(args);
      else if (fn === OPS.fill || fn === OPS.eoFill || fn === OPS.constructPath) filled = true;
      else if (fn === OPS.showText) {
        const glyphs = args[0] as ({ unicode?: string } | number)[];
        runs.push({
          text: glyphs.map((g) => (typeof g === "object" && g ? (g.unicode ?? "") : "")).join(""),
          color: fill,
          afterFill: filled,
        });
        filled = false;
      }
    });
    await pdf.destroy();
    const colorOf = (needle: string) => runs.find((r) => r.text.includes(needle));
    // Body text (#1f2933), muted text (#3e4c59), the figures' labels after each blue bar, the
    // chart's labels after its bars, and the running header (#52606d).
    expect(colorOf("More Than 100\u00a0Detained")?.color).toBe("#1f2933");
    expect(colorOf("Police deployed in large numbers")?.color).toBe("#3e4c59");
    const figure = colorOf("more than 100\u00a0people");
    expect(figure?.afterFill).toBe(true);
    expect(figure?.color).toBe("#1f2933");
    expect(colorOf("detained across Kazakhstan on February\u00a022")?.color).toBe("#1f2933");
    // The chart: its labels are runs of their own, drawn after the bars.
    const label = (text: string) => runs.find((r) => r.text.trim() === text);
    expect(label("Shymkent")?.color).toBe("#1f2933");
    expect(label("about 100\u00a0people")?.color).toBe("#1f2933");
    expect(runs.slice(runs.indexOf(label("Shymkent")!)).some((r) => r.afterFill)).toBe(true);
    expect(colorOf("RFE/RL’s Kazakh Service")?.color).toBe("#52606d");
    expect(new Set(runs.map((r) => r.color))).toEqual(
      new Set(["#52606d", "#1f2933", "#3e4c59", "#1d4e89"].filter((c) => runs.some((r) => r.color === c))),
    );
  });
});

describe("the structure tree of list items", () => {
  it("a list item has one Lbl at most and one LBody, however many lines its text takes", async () => {
    const bytes = result.outputs.find((o) => o.path === `ru/${SEED}/briefing.pdf`)!.contents;
    const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false })
      .promise;
    type Node = { role?: string; children?: Node[] };
    const items: Node[] = [];
    const walk = (node: Node | null) => {
      if (!node) return;
      if (node.role === "LI") items.push(node);
      for (const c of node.children ?? []) walk(c);
    };
    // pdf.js gives each page the part of the tree with content on it.
    for (let n = 1; n <= pdf.numPages; n++) walk((await (await pdf.getPage(n)).getStructTree()) as Node | null);
    await pdf.destroy();
    expect(items.length).toBeGreaterThan(10);
    for (const li of items) {
      const roles = (li.children ?? []).map((c) => c.role);
      expect(roles.filter((r) => r === "LBody")).toHaveLength(1);
      expect(roles.filter((r) => r === "Lbl").length).toBeLessThanOrEqual(1);
    }
  });
});
