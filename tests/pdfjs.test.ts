import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { removeElement, textContent } from "domutils";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { parseHtml, REPO, SEED } from "./helpers.js";

const result = build({ root: REPO });
const words = (s: string) => s.split(/[\s\u00a0]+/).filter(Boolean);

async function pdfText(bytes: Buffer): Promise<{ pages: string[]; title: unknown; tagged: boolean; structRoles: string[] }> {
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
  it.each(["en", "kk", "ru"] as const)("%s briefing: every page's words equal the HTML's, title and tags set", async (locale) => {
    const pdf = result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`)!.contents;
    const html = parseHtml(result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)!.contents);
    const { pages, title, tagged, structRoles } = await pdfText(pdf);
    const header = { en: ["RFE/RL's Kazakh Service", "February 22, 2020"], kk: ["Азаттық радиосының қазақ редакциясы", "2020 ж. 22 ақпан"], ru: ["Казахская служба Радио Свобода", "22 февраля 2020 г."] }[locale];
    const footer = { en: (p: number, n: number) => `Page ${p} of ${n}`, kk: (p: number, n: number) => `${n} беттің ${p}-беті`, ru: (p: number, n: number) => `Страница ${p} из ${n}` }[locale];
    const body = pages.flatMap((text, i) => {
      const t = text.replace(/\u00a0/g, " ");
      expect(t).toContain(footer(i + 1, pages.length));
      return words(t.replace(header[0]!, "").replace(header[1]!, "").replace(footer(i + 1, pages.length), ""));
    });
    for (const el of selectAll<AnyNode, Element>("head, svg title, svg desc, .languages", html)) removeElement(el);
    expect(body.filter((w) => w !== "•").map((w) => w.toLocaleLowerCase(locale))).toEqual(words(textContent(html)).map((w) => w.toLocaleLowerCase(locale)));
    expect(typeof title === "string" && title.length > 20).toBe(true);
    expect(tagged).toBe(true);
    expect(structRoles).toEqual(expect.arrayContaining(["H1", "H2", "P", "L", "LI", "Figure", "BlockQuote"]));
  });
});
