import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AnyNode, Element } from "domhandler";
import { getAttributeValue } from "domutils";
import { selectAll as cssSelectAll } from "css-select";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { build, BuildSetUp } from "../src/index.js";
import { isSafeUrl } from "../src/core/links.js";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { readYaml } from "../src/load/yaml.js";
import { createMarkdown } from "../src/render/markdown.js";
import { parseHtml, PROFILES, projectCopy, SEED, SEED_DIR } from "./helpers.js";

/**
 * Property-based: arbitrary Unicode, YAML scalars and Markdown fed into the loaders and the
 * renderers find no crash (every failure is a diagnostic), no hang (each run is timed), and no
 * markup the template did not write. Runs are bounded so the file stays near 20 s on a quiet
 * machine; FC_RUNS raises them for a longer hunt, FC_SEED replays a failure.
 */
const elements = (html: string) => cssSelectAll<AnyNode, Element>("*", parseHtml(html));

const RUNS = Number(process.env["FC_RUNS"] ?? 1);
const SEED_OPTION = process.env["FC_SEED"] ? { seed: Number(process.env["FC_SEED"]) } : {};

/** Pieces a hostile editor (or a broken export) puts into text: markup, links, YAML and Markdown syntax, controls. */
const HOSTILE = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "<a href='javascript:alert(1)'>x</a>",
  "[click](javascript:alert(1))",
  "[mail](mailto:press@example.org)",
  "[web](https://example.org/a?b=1&c=<2>)",
  "<javascript:alert(1)>",
  "<https://example.org/>",
  "![img](https://example.org/x.png)",
  '[x](data:text/html,<script>alert(1)</script> "t")',
  "{{headline}}",
  "{{{headline}}}",
  "&lt;b&gt;",
  "&amp;",
  '"',
  "'",
  "`code`",
  "```\nfence\n```",
  "| a | b |\n|---|---|\n| 1 | 2 |",
  "\n\n",
  "\n---\n",
  "# ",
  "> ",
  "- ",
  "1. ",
  "*",
  "_",
  "\\",
  ": ",
  "- [",
  "{ a: ",
  "&anchor ",
  "*alias",
  "!!str ",
  "%YAML 1.2\n",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u0085",
  "\u202e",
  "\ud800",
  "\u0378",
  "\r\n",
  "\t",
  "Қазақстан ұлттық әңгіме өңір һәм і",
  "«Свобода!» — сказали они…",
  "مرحبا",
  "שלום",
  "😀",
  "e\u0301",
  "1 000,5",
  "https://example.org",
];

/** Characters the loaders refuse as not text (text/*): controls but tab and newline, surrogates, unassigned. */
const NOT_TEXT = /(?![\t\n]|\r\n)\p{Cc}|\p{Cs}|\p{Cn}/u;

/** Hostile but well-formed text: what must build into a page with nothing but its own markup. */
const cleanText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE.filter((h) => !NOT_TEXT.test(h))) },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }).filter((g) => !NOT_TEXT.test(g)) },
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(""));

/** Any text: any code point, lone surrogates and unassigned ones included (mostly refused, with a diagnostic). */
const anyText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", maxLength: 12 })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(""));

/** Mostly well-formed, now and then anything: most runs get as far as a page. */
const text = fc.oneof({ weight: 29, arbitrary: cleanText }, { weight: 1, arbitrary: anyText });

/** Tags and attributes markdown-it writes for a body (raw HTML off, images off, GFM tables with captions). */
const MARKDOWN_MARKUP: Record<string, readonly string[]> = {
  p: [],
  em: [],
  strong: [],
  a: ["href", "title"],
  code: ["class"],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ["start"],
  li: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  hr: [],
  br: [],
  table: [],
  caption: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ["style", "scope"],
  td: ["style"],
};

/** What a page may contain: the template's own elements and attributes (`allowed`), and Markdown's. */
function unexpectedMarkup(html: string, allowed: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const problems: string[] = [];
  for (const el of elements(html)) {
    const own = allowed.get(el.name);
    const markdown = MARKDOWN_MARKUP[el.name];
    if (!own && !markdown) problems.push(`<${el.name}>`);
    for (const attr of Object.keys(el.attribs)) {
      if (!own?.has(attr) && !markdown?.includes(attr)) problems.push(`<${el.name} ${attr}>`);
      if (/^on/i.test(attr)) problems.push(`<${el.name} ${attr}>`);
    }
    const href = getAttributeValue(el, "href") ?? getAttributeValue(el, "src");
    if (href !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(href) && !isSafeUrl(href) && !/^tel:\+\d+$/.test(href))
      problems.push(`<${el.name} href="${href}">`);
  }
  return problems;
}

/** Tag → attribute names of every element in the page. */
function markupOf(html: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const el of elements(html)) {
    const attrs = found.get(el.name) ?? new Set<string>();
    for (const attr of Object.keys(el.attribs)) attrs.add(attr);
    found.set(el.name, attrs);
  }
  return found;
}

describe("property: hostile text through the loaders and renderers", () => {
  it("readYaml: any text is data or diagnostics, never an exception", () => {
    fc.assert(
      fc.property(fc.oneof(cleanText, anyText), fc.oneof(cleanText, anyText), (key, value) => {
        const diagnostics = new DiagnosticList({});
        const source = { path: "/x.yaml", file: "x.yaml", text: `${key}: ${value}\nother: [${value}]\n` };
        const parsed = readYaml(source, diagnostics);
        if (!parsed) expect(diagnostics.errorCount).toBeGreaterThan(0);
        for (const d of diagnostics.items) expect(d.line ?? 1).toBeGreaterThan(0);
      }),
      { numRuns: 300 * RUNS, ...SEED_OPTION },
    );
  });

  it("Markdown bodies in kk: only Markdown's own elements, only safe links", () => {
    const md = createMarkdown(PROFILES.get("kk"));
    fc.assert(
      fc.property(fc.oneof(cleanText, anyText), (body) => {
        const html = md.render(body);
        expect(unexpectedMarkup(html, new Map())).toEqual([]);
      }),
      { numRuns: 300 * RUNS, ...SEED_OPTION },
    );
  });

  it("a whole build with hostile headline, standfirst, quote, glossary name and body: diagnostics or a clean page", () => {
    const root = projectCopy();
    const file = join(root, SEED_DIR, "en.md");
    const original = readFileSync(file, "utf8");
    const glossary = join(root, "data/glossary.yaml");
    const originalGlossary = readFileSync(glossary, "utf8");
    const setUp = new BuildSetUp();
    const options = { root, locales: ["en"], templates: ["briefing"], formats: ["html"] };
    const page = (r: ReturnType<typeof build>) =>
      r.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)?.contents.toString();
    // The template's own markup, from the project as it is.
    const baseline = page(build(options, setUp));
    expect(baseline).toBeDefined();
    const allowed = markupOf(baseline!);

    let pages = 0;
    fc.assert(
      fc.property(
        fc.record({
          headline: text,
          quoted: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
          standfirst: text,
          quote: text,
          name: text,
          body: text,
        }),
        ({ headline, quoted, standfirst, quote, name, body }) => {
          // Raw YAML scalars (they may not parse: a diagnostic) or JSON-quoted ones (any string).
          const scalar = (s: string) => (quoted ? JSON.stringify(s) : s);
          const front = original
            .replace(/^headline: .*$/m, () => `headline: ${scalar(headline)}`)
            .replace(/^standfirst: >-\n(?: {2}.*\n)+/m, () => `standfirst: ${scalar(standfirst)}\n`)
            .replace(/^( {4}text: )(?:>-\n(?: {6}.*\n)+|.*\n)/m, (_, lead: string) => `${lead}${scalar(quote)}\n`);
          const closing = front.indexOf("\n---\n") + "\n---\n".length;
          writeFileSync(file, `${front.slice(0, closing)}${body}\n`);
          writeFileSync(
            glossary,
            originalGlossary.replace("{ name: Zhanbolat Mamai,", () => `{ name: ${JSON.stringify(name)},`),
          );
          const started = performance.now();
          const result = build(options, setUp);
          // No hang: a page of this size builds in well under a second; 15 s allows a loaded machine.
          expect(performance.now() - started).toBeLessThan(15_000);
          const html = page(result);
          if (html !== undefined) pages++;
          if (html === undefined) {
            expect(result.errorCount, "no page and no error").toBeGreaterThan(0);
            return;
          }
          expect(unexpectedMarkup(html, allowed)).toEqual([]);
        },
      ),
      { numRuns: 25 * RUNS, ...SEED_OPTION },
    );
    // Most runs get a page to look at: the property is not only ever "it was refused".
    expect(pages).toBeGreaterThan(0);
  }, 120_000);
});
