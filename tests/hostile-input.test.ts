import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { getAttributeValue, textContent } from "domutils";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { linkProblem } from "../src/core/links.js";
import { build, type Diagnostic } from "../src/index.js";
import { badCharacters, decodeUtf8 } from "../src/load/text.js";
import { MAX_YAML_DEPTH, readYaml } from "../src/load/yaml.js";
import { realDate, reservedSegment } from "../src/validate/schema.js";
import { edit, lineOf, parseHtml, REPO, runCli, SEED, SEED_DIR, seedCopy } from "./helpers.js";

/**
 * Hostile input (issue 14, items 1, 4, 6) fed through the CLI as a user would: a copy of the
 * bundled project with one bad thing in it, then `tilpress check` and `tilpress build` as child
 * processes. Each case asserts the exit code, the located diagnostic, that `check` left the
 * project exactly as it was, and that `build` published nothing of the bad input.
 */

const BIN = join(REPO, "bin/tilpress.js");

interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly pointer: string | null;
  readonly locale: string | null;
  readonly article: string | null;
  readonly message: string;
}

function tilpress(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, "--reporter", "json"], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });
  const diagnostics = r.stdout ? (JSON.parse(r.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics : [];
  return { code: r.status, diagnostics, stderr: r.stderr };
}

/**
 * Every file under `dir` with the hash of its bytes: a picture of a folder to compare. The
 * incremental cache (`.tilpress-cache/`, which `check` also keeps) is not content.
 */
function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !join(e.parentPath, e.name).includes(".tilpress-cache"))
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return [path.slice(dir.length + 1), createHash("sha256").update(readFileSync(path)).digest("hex")];
      })
      .sort(([a], [b]) => (a! < b! ? -1 : 1)),
  );
}

interface HostileCase {
  /** What the located diagnostic must be (a subset of its fields). */
  readonly expected: Partial<JsonDiagnostic>;
  /** Bytes no output may contain. */
  readonly payload: string | Buffer;
  /** The outputs searched for it (all by default). */
  readonly scan?: RegExp;
  /** Build the newsletters too (the emails carry the outlet's links); pages only otherwise, to keep the test short. */
  readonly newsletters?: boolean;
  /** Outputs that must not exist after the build (relative to --out). */
  readonly absent: readonly string[];
  readonly locales?: string;
}

/** `check` then `build` on a broken project; returns the build's output folder listing. */
function assertRefused(root: string, c: HostileCase): string[] {
  const locale = c.locales ? ["--locale", c.locales] : [];
  const before = snapshot(root);
  const check = tilpress(["check", "--root", root, ...locale]);
  expect(check.code, check.stderr).toBe(1);
  expect(check.diagnostics).toContainEqual(expect.objectContaining(c.expected));
  // `check` writes nothing but its cache: no dist/, not a byte of the project changed.
  expect(snapshot(root)).toEqual(before);

  const out = join(root, "out");
  const templates = c.newsletters ? [] : ["--template", "briefing,press-release"];
  const build = tilpress(["build", "--root", root, "--out", out, "--no-cache", "--jobs", "1", ...locale, ...templates]);
  expect(build.code, build.stderr).toBe(1);
  expect(build.diagnostics).toContainEqual(expect.objectContaining(c.expected));
  const files = Object.keys(snapshot(out));
  for (const absent of c.absent) expect(files).not.toContain(absent);
  const payload = Buffer.from(c.payload);
  for (const file of files.filter((f) => !c.scan || c.scan.test(f)))
    expect(readFileSync(join(out, file)).includes(payload), file).toBe(false);
  return files;
}

/** 1-based line and column of the first `needle` in a project file. */
function placeOf(root: string, file: string, needle: string): { line: number; column: number } {
  const line = lineOf(root, file, needle);
  return { line, column: readFileSync(join(root, file), "utf8").split("\n")[line - 1]!.indexOf(needle) + 1 };
}

const PAGES = (locale: string) => ["briefing.html", "briefing.pdf"].map((f) => `${locale}/${SEED}/${f}`);
const ALL_PAGES = ["en", "kk", "ru"].flatMap(PAGES);

describe("unsafe links: one URL policy for every URL from the data", () => {
  it("an outlet's `url: javascript:…` (it used to build with exit 0 into every page) is data/unsafe-link", () => {
    const root = seedCopy();
    edit(root, "data/outlets.yaml", "url: https://www.azattyq.org/", 'url: "javascript:alert(document.domain)//"');
    assertRefused(root, {
      expected: {
        code: "data/unsafe-link",
        severity: "error",
        file: "data/outlets.yaml",
        line: 3,
        column: 8,
        pointer: "/rferl-kazakh/url",
      },
      payload: "javascript:",
      absent: ALL_PAGES,
      newsletters: true,
    });
  });

  it("an outlet contact's `url: data:text/html,…` is data/unsafe-link at its line", () => {
    const root = seedCopy();
    edit(
      root,
      "data/outlets.yaml",
      "url: https://pressroom.rferl.org/",
      'url: "data:text/html,<script>alert(1)</script>"',
    );
    assertRefused(root, {
      expected: { code: "data/unsafe-link", file: "data/outlets.yaml", line: 5, pointer: "/rferl-kazakh/contact/url" },
      payload: "data:text/html",
      absent: ALL_PAGES,
    });
  });

  it("a link of the facts with a tab in its scheme (`java\\tscript:`) is refused, as a browser would read it", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/article.yaml`;
    edit(root, file, "    url: https://www.azattyq.org/", '    url: "java\\tscript:alert(1)"');
    assertRefused(root, {
      expected: { code: "data/unsafe-link", file, line: lineOf(root, file, "java\\tscript"), pointer: "/links/0/url" },
      payload: "script:alert",
      absent: ALL_PAGES,
    });
  });

  it.each([
    ["a literal block (`|`)", "|\n  Background first.\n\n  See [the page](javascript:alert(1)) and\n  more."],
    ["a folded block (`>-`)", ">-\n  Background\n  first.\n\n  See [the page](javascript:alert(1)) and\n  more."],
  ])("a link in the notes to editors, %s, is data/unsafe-link at its target inside the notes", (_, notes) => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(root, file, /^headline: /m, `notes: ${notes}\nheadline: `);
    const r = runCli(["check", "--root", root, "--no-cache", "--locale", "en", "--reporter", "json"]);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    expect(diagnostics.filter((d) => d.code === "data/unsafe-link")).toEqual([
      expect.objectContaining({ file, locale: "en", pointer: "/notes", ...placeOf(root, file, "javascript:alert(1)") }),
    ]);
  });

  it("a Markdown autolink `<javascript:…>` in a body is data/unsafe-link at its line", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(root, file, "Police had been deployed", "<javascript:alert(1)> Police had been deployed");
    assertRefused(root, {
      expected: { code: "data/unsafe-link", file, line: lineOf(root, file, "<javascript:"), article: SEED },
      payload: "javascript:",
      absent: PAGES("en"),
      locales: "en",
    });
  });

  it("`{{{ }}}` and `{{& }}` on data in a template are template/unescaped at their line and column", () => {
    const root = seedCopy();
    const file = "templates/briefing.hbs";
    edit(root, file, "<h1>{{headline}}</h1>", "<h1>{{{headline}}}</h1><p>{{& standfirst}}</p>{{{markdown body}}}");
    edit(root, `${SEED_DIR}/en.md`, /^headline: /m, "headline: <script>alert(1)</script> ");
    const line = lineOf(root, file, "{{{headline}}}");
    const check = tilpress(["check", "--root", root, "--locale", "en"]);
    expect(check.code).toBe(1);
    // The markdown helper's output is known safe: only the two data fields are reported.
    expect(check.diagnostics.filter((d) => d.code === "template/unescaped")).toEqual([
      expect.objectContaining({ file, line, column: "<h1>".length + 1, message: expect.stringContaining("headline") }),
      expect.objectContaining({ file, line, column: "<h1>{{{headline}}}</h1><p>".length + 1 }),
    ]);
    assertRefused(root, {
      expected: { code: "template/unescaped", file, line },
      payload: "<script>alert(1)",
      // The plain-text part of an email may say it: it is text there.
      scan: /\.html$/,
      absent: PAGES("en"),
      locales: "en",
    });
  });
});

describe("a safe link is encoded on output", () => {
  it("an outlet url with & and ' is escaped in the HTML attribute and the same URL in the PDF's link annotation", async () => {
    const root = seedCopy();
    const url = "https://www.azattyq.org/?a=1&b=2'x";
    edit(root, "data/outlets.yaml", "url: https://www.azattyq.org/", `url: "${url}"`);
    const out = join(root, "out");
    const r = tilpress(["build", "--root", root, "--out", out, "--locale", "en", "--template", "briefing"]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(out, `en/${SEED}/briefing.html`), "utf8");
    expect(html).toContain(`<a href="https://www.azattyq.org/?a&#x3D;1&amp;b&#x3D;2&#x27;x">`);
    const links = selectAll<AnyNode, Element>("a", parseHtml(html)).map((a) => getAttributeValue(a, "href"));
    expect(links).toContain(url);
    const pdf = await getDocument({
      data: new Uint8Array(readFileSync(join(out, `en/${SEED}/briefing.pdf`))),
      useSystemFonts: false,
      isEvalSupported: false,
    }).promise;
    const uris: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++)
      for (const a of await (await pdf.getPage(n)).getAnnotations()) if (a.url) uris.push(String(a.url));
    // pdf.js reads the annotation's URI through the WHATWG URL parser, which writes `'` as %27.
    expect(uris).toContain(new URL(url).href);
  });
});

describe("unsafe links in the catalog, and the policy that cannot be lowered", () => {
  it("a catalog string with a Markdown link to `javascript:` is data/unsafe-link at its key", () => {
    const root = seedCopy();
    const file = "locales/ru/common.json";
    edit(root, file, '"website": "Сайт"', '"website": "Сайт [редакции](javascript:alert(1))"');
    const check = tilpress(["check", "--root", root, "--locale", "ru"]);
    expect(check.code).toBe(1);
    expect(check.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "data/unsafe-link",
        file,
        line: lineOf(root, file, '"website"'),
        pointer: "/briefing/website",
        locale: "ru",
      }),
    );
  });

  it("tilpress.config.json cannot turn template/unescaped or a text/* check off: a usage error", () => {
    const root = seedCopy();
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ rules: { "template/unescaped": "off" } }));
    const r = spawnSync(process.execPath, [BIN, "check", "--root", root], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('rules."template/unescaped" is always an error');
  });
});

describe("text that is not text", () => {
  it("a cp1251 fragment in ru.md is text/invalid-utf8 at the line and column of the first bad byte", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/ru.md`;
    const path = join(root, file);
    const text = readFileSync(path, "utf8");
    const word = "полиция пытается";
    const at = text.indexOf(word);
    // The same word as Windows-1251 writes it: п о л и ц и я = EF EE EB E8 F6 E8 FF.
    const cp1251 = Buffer.from([0xef, 0xee, 0xeb, 0xe8, 0xf6, 0xe8, 0xff]);
    writeFileSync(
      path,
      Buffer.concat([Buffer.from(text.slice(0, at)), cp1251, Buffer.from(text.slice(at + "полиция".length))]),
    );
    const line = text.slice(0, at).split("\n").length;
    const column = at - text.lastIndexOf("\n", at - 1);
    assertRefused(root, {
      expected: { code: "text/invalid-utf8", file, line, column, locale: "ru", article: SEED },
      payload: "\uFFFD",
      absent: PAGES("ru"),
      locales: "ru",
    });
  });

  it("NUL and BEL in a body, and an escaped NUL in front matter, are text/control-character where they are", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(root, file, "sealing off the square", "sealing off\u0007 the\u0000 square");
    const check = tilpress(["check", "--root", root, "--locale", "en"]);
    const { line, column } = placeOf(root, file, "\u0007");
    expect(check.diagnostics.filter((d) => d.code.startsWith("text/"))).toEqual([
      expect.objectContaining({
        code: "text/control-character",
        file,
        line,
        column,
        message: "U+0007 is a control character (and 1 more)",
      }),
    ]);
    assertRefused(root, {
      expected: { code: "text/control-character", file, line, column },
      payload: "\u0007",
      absent: PAGES("en"),
      locales: "en",
    });

    const escaped = seedCopy();
    edit(escaped, file, /^headline: (.*)$/m, 'headline: "Police\\0 Try To Block Rallies"');
    assertRefused(escaped, {
      expected: { code: "text/control-character", file, line: 2, pointer: "/headline", locale: "en" },
      payload: "\u0000",
      absent: PAGES("en"),
      locales: "en",
    });
  });

  it("quotes or lists nested deeper than Markdown reads are an error at their line, not left out silently", () => {
    // CommonMark's parser stops at 20 levels and drops what is deeper: the page lost the text.
    const deepQuote = `${">".repeat(20)} DEEP-QUOTE`;
    const deepList = Array.from({ length: 12 }, (_, i) => `${"    ".repeat(i)}- level${i}`).join("\n");
    // Quotes in list items in quotes, on one line: each level costs a line only two characters.
    const deepMixed = `${"> - ".repeat(10)}DEEP-MIXED`;
    for (const [name, body] of [
      ["quote", deepQuote],
      ["list", deepList],
      ["mixed", deepMixed],
    ] as const) {
      const root = seedCopy();
      const file = `${SEED_DIR}/en.md`;
      edit(root, file, "sealing off the square", `sealing off the square\n\n${body}\n`);
      const line = lineOf(root, file, name === "quote" ? "DEEP-QUOTE" : name === "mixed" ? "DEEP-MIXED" : "level9");
      assertRefused(root, {
        expected: { code: "data/markdown-too-deep", file, locale: "en", ...(name === "list" ? {} : { line }) },
        payload: name === "quote" ? "DEEP-QUOTE" : name === "mixed" ? "DEEP-MIXED" : "level0",
        absent: PAGES("en"),
        locales: "en",
      });
    }
    // Nineteen quotes and nine list levels are still read whole (the pages show their text).
    const root = seedCopy();
    const nineLevels = Array.from({ length: 9 }, (_, i) => `${"    ".repeat(i)}- level${i}`).join("\n");
    edit(
      root,
      `${SEED_DIR}/en.md`,
      "sealing off the square",
      `sealing off the square\n\n${">".repeat(19)} NINETEEN-QUOTES\n\n${nineLevels}\n`,
    );
    const check = tilpress(["check", "--root", root, "--locale", "en"]);
    expect(check.diagnostics.filter((d) => d.code === "data/markdown-too-deep")).toEqual([]);
    const page = build({ root, locales: ["en"], templates: ["briefing"], formats: ["html"] });
    const html = page.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)!.contents.toString("utf8");
    expect(html).toContain("NINETEEN-QUOTES");
    expect(html).toContain("level8");
  });

  it("notes to editors nested too deep are data/markdown-too-deep at the line inside the notes", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    const deep = `${">".repeat(25)} DEEP-NOTE`;
    edit(root, file, /^headline: /m, `notes: |\n  Background first.\n\n  ${deep}\nheadline: `);
    assertRefused(root, {
      expected: {
        code: "data/markdown-too-deep",
        file,
        locale: "en",
        pointer: "/notes",
        ...placeOf(root, file, deep),
      },
      payload: "DEEP-NOTE",
      absent: PAGES("en"),
      locales: "en",
    });
  });

  it("line breaks and tabs escaped into a headline (\\r\\n, U+2028, \\t) are spaces in the page's <title>, its heading and the PDF", () => {
    const root = seedCopy();
    edit(
      root,
      `${SEED_DIR}/en.md`,
      /^headline: .*$/m,
      `headline: "More Than 100 Detained\\r\\nBcc: editor@example.org\\u2028As Police Try\\tTo Block Rallies"`,
    );
    const built = build({ root, locales: ["en"], templates: ["briefing"] });
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const want = "More Than 100 Detained Bcc: editor@example.org As Police Try To Block Rallies";
    const html = built.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)!.contents.toString("utf8");
    const doc = parseHtml(html);
    const title = textContent(selectAll("title", doc));
    expect(title).not.toMatch(/[\r\n\t\u2028]/);
    expect(title.replace(/\u00a0/g, " ")).toContain(want);
    expect(textContent(selectAll("h1", doc)).replace(/\u00a0/g, " ")).toBe(want);
    const pdf = built.outputs.find((o) => o.path === `en/${SEED}/briefing.pdf`)!.contents;
    const file = join(mkdtempSync(join(tmpdir(), "tilpress-m6-")), "briefing.pdf");
    writeFileSync(file, pdf);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("editor@example.org As Police");
  });

  it("a body that starts with a table, a list, a heading or a quote is data/no-lede, not Markdown printed as the lede", () => {
    for (const start of [
      "| Город | Задержано |\n|:--|--:|\n| Алматы | 100 |",
      "- first item",
      "## A heading first",
      "> A quote",
    ]) {
      const root = seedCopy();
      const file = `${SEED_DIR}/en.md`;
      edit(root, file, "More than 100 people planning", `${start}\n\nMore than 100 people planning`);
      assertRefused(root, {
        expected: {
          code: "data/no-lede",
          file,
          locale: "en",
          line: lineOf(root, file, start.split("\n")[0]!),
          column: 1,
        },
        payload: start.split("\n")[0]!,
        absent: PAGES("en"),
        locales: "en",
      });
    }
  });

  it("a body that opens with a table caption is data/no-lede at the caption, a table after it or not", () => {
    for (const [start, message] of [
      [
        "Table: Detentions per city\n\n| City | Detained |\n|:--|--:|\n| Almaty | 100 |",
        "The body starts with a captioned table, not a paragraph: its first paragraph is the lede, set under the headline",
      ],
      [
        "Table: Detentions per city\n| City | Detained |\n|:--|--:|\n| Almaty | 100 |",
        "The body starts with a captioned table, not a paragraph: its first paragraph is the lede, set under the headline",
      ],
      [
        "Table: Detentions per city",
        "The body starts with a table caption (`Table: …` or `: …`) that no table follows: " +
          "it would be set under the headline as the lede, caption mark and all",
      ],
      [
        ": Detentions per city\n\n| City | Detained |\n| Almaty | 100 |",
        "The body starts with a table caption (`Table: …` or `: …`) that no table follows: " +
          "it would be set under the headline as the lede, caption mark and all",
      ],
      // A no-break space after the colon is a space (it was no caption mark: a lede "Table: …").
      [
        "Table:\u00a0Detentions per city\n\n| City | Detained |\n|:--|--:|\n| Almaty | 100 |",
        "The body starts with a captioned table, not a paragraph: its first paragraph is the lede, set under the headline",
      ],
      [
        "Table:\u00a0Detentions per city",
        "The body starts with a table caption (`Table: …` or `: …`) that no table follows: " +
          "it would be set under the headline as the lede, caption mark and all",
      ],
    ] as const) {
      const root = seedCopy();
      const file = `${SEED_DIR}/en.md`;
      edit(root, file, "More than 100 people planning", `${start}\n\nMore than 100 people planning`);
      const r = runCli(["check", "--root", root, "--no-cache", "--locale", "en", "--reporter", "json"]);
      expect(r.code).toBe(1);
      const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
      expect(diagnostics.filter((d) => d.code === "data/no-lede")).toEqual([
        expect.objectContaining({
          file,
          locale: "en",
          line: lineOf(root, file, start.split("\n")[0]!),
          column: 1,
          message,
        }),
      ]);
    }
  });

  it("a first paragraph that only looks like a caption (`Table:` with no space) is the lede", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(
      root,
      file,
      "More than 100 people planning",
      "Table:TWO-COLUMNS were set up.\n\nMore than 100 people planning",
    );
    const built = build({ root, locales: ["en"], templates: ["briefing"], formats: ["html"] });
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const doc = parseHtml(built.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)!.contents);
    expect(textContent(selectAll("p.lede", doc))).toBe("Table:TWO-COLUMNS were set up.");
  });

  it("a caption mark with a no-break space after a table's colon is its caption, not text of the page", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    const text = readFileSync(join(root, file), "utf8");
    const lede = /^More than 100 people planning.*$/m.exec(text)![0];
    const table = "| City | Detained |\n|:--|--:|\n| Almaty | 100 |";
    edit(root, file, lede, `${lede}\n\nTable:\u00a0Detentions per city\n\n${table}`);
    const built = build({ root, locales: ["en"], templates: ["briefing"], formats: ["html"] });
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const doc = parseHtml(built.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)!.contents);
    expect(selectAll("table caption", doc).map((c) => textContent(c))).toEqual(["Detentions per city"]);
    expect(selectAll("p", doc).map((p) => textContent(p))).not.toContainEqual(expect.stringContaining("Table:"));
  });

  it("a body opening with link reference definitions has the paragraph after them as its lede", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    const text = readFileSync(join(root, file), "utf8");
    const lede = /^More than 100 people planning.*$/m.exec(text)![0];
    edit(root, file, lede, `[rights]: https://example.org/rights\n\n${lede}\n\nSee [the RIGHTS-REPORT][rights].`);
    const built = build({ root, locales: ["en"], templates: ["briefing"], formats: ["html"] });
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const doc = parseHtml(built.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)!.contents);
    expect(textContent(selectAll("p.lede", doc))).toMatch(/^More than\s100\speople/);
    // The definition stays with the body: its link is a link.
    const link = selectAll<AnyNode, Element>("a", doc).find((a) => textContent(a) === "the RIGHTS-REPORT");
    expect(link && getAttributeValue(link, "href")).toBe("https://example.org/rights");
  });

  it("a list right under the first paragraph is not printed in the lede", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    const text = readFileSync(join(root, file), "utf8");
    const lede = /^More than 100 people planning.*$/m.exec(text)![0];
    edit(root, file, lede, `${lede}\n- LIST-ITEM-ONE\n- LIST-ITEM-TWO`);
    const built = build({ root, locales: ["en"], templates: ["briefing"], formats: ["html"] });
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const doc = parseHtml(built.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)!.contents);
    expect(textContent(selectAll("p.lede", doc))).not.toContain("LIST-ITEM");
    expect(selectAll("li", doc).map((li) => textContent(li))).toEqual(
      expect.arrayContaining(["LIST-ITEM-ONE", "LIST-ITEM-TWO"]),
    );
  });

  it("YAML nested a thousand levels deep (flow and block) is data/yaml-too-deep where it passes the limit, not a stack overflow", () => {
    const file = `${SEED_DIR}/article.yaml`;
    const flow = `extra: ${"[".repeat(1000)}${"]".repeat(1000)}`;
    const keys = Array.from({ length: 1000 }, (_, i) => `${"  ".repeat(i + 1)}k${i}:${i === 999 ? " v" : ""}`);
    const block = ["extra:", ...keys].join("\n");
    for (const [name, yaml, at] of [
      // The 64th bracket opens the 65th collection (the file's mapping is the first).
      ["flow", flow, (root: string) => ({ line: lineOf(root, file, "extra:"), column: 8 + 63 })],
      // The mapping `k63` is in is the 65th (the file's holds `extra`, the next `k0`).
      ["block", block, (root: string) => placeOf(root, file, "k63:")],
    ] as const) {
      const root = seedCopy();
      writeFileSync(join(root, file), `${readFileSync(join(root, file), "utf8")}${yaml}\n`);
      const expected = at(root);
      assertRefused(root, {
        expected: { code: "data/yaml-too-deep", file, ...expected },
        payload: "k999",
        absent: ALL_PAGES,
      });
      const check = tilpress(["check", "--root", root]);
      expect(check.stderr, name).not.toMatch(/call stack/i);
      expect(
        check.diagnostics.filter((d) => d.file === file).map((d) => d.code),
        name,
      ).toEqual(["data/yaml-too-deep"]);
    }
  });

  it("a glossary or outlets file that cannot be read is one error, not an unknown-id error for every id the articles name", () => {
    for (const file of ["data/glossary.yaml", "data/outlets.yaml"]) {
      const root = seedCopy();
      writeFileSync(join(root, file), `${readFileSync(join(root, file), "utf8")}\nbroken: [unclosed\n`);
      const check = tilpress(["check", "--root", root]);
      expect(check.code, file).toBe(1);
      const errors = check.diagnostics.filter((d) => d.severity === "error");
      expect(
        errors.map((d) => [d.code, d.file]),
        file,
      ).toEqual([["data/yaml-syntax", file]]);
    }
  });

  it("readYaml: one anchor named by 300 aliases is read; aliases of aliases that would make gigabytes are refused at the first", () => {
    const read = (text: string) => {
      const diagnostics = new DiagnosticList();
      const data = readYaml({ path: "/x.yaml", file: "x.yaml", text }, diagnostics);
      return { data, diagnostics: diagnostics.items };
    };
    const reuse = `places: &pl [almaty, astana]\n${Array.from({ length: 300 }, (_, i) => `f${i}: *pl`).join("\n")}\n`;
    const reused = read(reuse);
    expect(reused.diagnostics).toEqual([]);
    expect((reused.data?.data as Record<string, string[]>)["f299"]).toEqual(["almaty", "astana"]);
    // Seven levels of nine aliases each: 4.8 million copies of "x" from 260 bytes.
    const levels = "abcdefg".split("");
    const laughs = levels
      .map(
        (name, i) =>
          `${name}: &${name} [${Array(9)
            .fill(i === 0 ? "x" : `*${levels[i - 1]}`)
            .join(", ")}]`,
      )
      .join("\n");
    const refused = read(`${laughs}\n`);
    expect(refused.data).toBeUndefined();
    expect(refused.diagnostics).toEqual([
      expect.objectContaining({
        code: "data/yaml-syntax",
        line: 2,
        column: 8,
        message: expect.stringContaining("copies of what they name"),
      }),
    ]);
  });

  it("readYaml: 64 levels of nesting are read, 65 are refused", () => {
    const nested = (levels: number) => `a: ${"[".repeat(levels - 1)}1${"]".repeat(levels - 1)}\n`;
    const read = (text: string) => {
      const diagnostics = new DiagnosticList();
      const data = readYaml({ path: "/x.yaml", file: "x.yaml", text }, diagnostics);
      return { data, codes: diagnostics.items.map((d) => d.code) };
    };
    expect(read(nested(MAX_YAML_DEPTH)).codes).toEqual([]);
    expect(read(nested(MAX_YAML_DEPTH)).data).toBeDefined();
    expect(read(nested(MAX_YAML_DEPTH + 1))).toEqual({ data: undefined, codes: ["data/yaml-too-deep"] });
  });

  it("control characters written as Markdown character references (&#7;, &#x0;) are refused where they are written", () => {
    // Markdown decodes them (NUL and invalid code points to U+FFFD): the page published a bell
    // and two U+FFFD with no diagnostic (a red-team test).
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(root, file, "sealing off the square", "sealing off &#7; the &#x0; square &#xD800;");
    const { line, column } = placeOf(root, file, "&#7;");
    const check = tilpress(["check", "--root", root, "--locale", "en"]);
    expect(check.diagnostics.filter((d) => d.code.startsWith("text/")).map((d) => [d.code, d.message])).toEqual([
      ["text/control-character", "U+0007, written `&#7;`, is a control character (and 1 more)"],
      [
        "text/lone-surrogate",
        "U+D800, written `&#xD800;`, is half of a surrogate pair (a lone surrogate), which is no character",
      ],
    ]);
    assertRefused(root, {
      expected: { code: "text/control-character", file, line, column, locale: "en" },
      payload: "\uFFFD",
      absent: PAGES("en"),
      locales: "en",
    });
  });

  it("a reference in code is printed as written (CommonMark decodes none there), and one in the text beside it is still refused", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    // A link whose text holds code (an image would be data/markdown-image).
    edit(
      root,
      file,
      "sealing off the square",
      "sealing off `&#7;` the `` &#x0; `` [a `&#x2;`](https://example.org/) square",
    );
    writeFileSync(
      join(root, file),
      `${readFileSync(join(root, file), "utf8")}\n\`\`\`\nprintf '&#7;'\n\`\`\`\n\n    indented &#x1; block\n`,
    );
    const built = runCli(["build", "--root", root, "--locale", "en", "--format", "html"]);
    expect(built.stderr).toContain("0 error(s)");
    const doc = parseHtml(readFileSync(join(root, "dist", "en", SEED, "briefing.html"), "utf8"));
    const code = selectAll("code", doc).map((c) => textContent(c));
    expect(code).toEqual(["&#7;", "&#x0;", "&#x2;", "printf '&#7;'\n", "indented &#x1; block\n"]);

    edit(root, file, "the `` &#x0; `` [", "the &#x0; [");
    const { line, column } = placeOf(root, file, "&#x0;");
    const check = tilpress(["check", "--root", root, "--locale", "en"]);
    expect(check.diagnostics.filter((d) => d.code.startsWith("text/"))).toEqual([
      expect.objectContaining({
        code: "text/control-character",
        line,
        column,
        message: expect.stringContaining("`&#x0;`"),
      }),
    ]);
  });

  it("a reference in the text is refused when the code beside it holds what the code scanner marks references with", () => {
    // spansInCode marked references with U+E000 … U+E001; code written with those characters
    // passed a reference in the text off as code, which printed U+FFFD (red team).
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(root, file, "sealing off the square", "sealing off &#7; the square `\uE0000\uE001`");
    const { line, column } = placeOf(root, file, "&#7;");
    const check = tilpress(["check", "--root", root, "--locale", "en"]);
    expect(check.diagnostics.filter((d) => d.code.startsWith("text/"))).toEqual([
      expect.objectContaining({ code: "text/control-character", line, column, locale: "en" }),
    ]);
  });

  it("an indented code block right after the lede stays a code block, its reference printed as written", () => {
    // The body after the lede lost its first line's indent: the block became a paragraph and
    // printed U+FFFD where `&#7;` was written, with no diagnostic (red team).
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(root, file, "halt the unsanctioned events.\n", "halt the unsanctioned events.\n\n    printf '&#7;'\n");
    const built = runCli(["build", "--root", root, "--locale", "en", "--format", "html"]);
    expect(built.stderr).toContain("0 error(s)");
    const html = readFileSync(join(root, "dist", "en", SEED, "briefing.html"), "utf8");
    expect(html).not.toContain("\uFFFD");
    const blocks = selectAll("pre > code", parseHtml(html)).map((c) => textContent(c));
    expect(blocks).toEqual(["printf '&#7;'\n"]);
  });

  it("a locale file refused for a control character is reported as not built for errors, not as a missing translation", () => {
    const root = seedCopy();
    edit(root, `${SEED_DIR}/kk.md`, "Полиция ерте таңнан", "Полиция\u0007 ерте таңнан");
    const r = runCli(["build", "--root", root, "--out", join(root, "out"), "--format", "html", "--locale", "kk"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("text/control-character");
    expect(r.stderr).toContain(`Not built: ${SEED} [kk]: errors`);
    expect(r.stderr).not.toContain("no translation");
  });

  it("style.css with a NUL or bytes that are not UTF-8 is an error at its place, and never reaches <style>", () => {
    const root = seedCopy();
    const file = "templates/style.css";
    const css = readFileSync(join(root, file), "utf8");
    const line = css.split("\n").findIndex((l) => l.includes("{")) + 1;
    const withNul = css.replace("{", "{\u0000");
    writeFileSync(join(root, file), withNul);
    const column = withNul.split("\n")[line - 1]!.indexOf("\u0000") + 1;
    assertRefused(root, {
      expected: { code: "text/control-character", severity: "error", file, line, column },
      payload: "\u0000",
      absent: PAGES("en"),
      locales: "en",
    });
    const latin1 = seedCopy();
    writeFileSync(
      join(latin1, file),
      Buffer.concat([Buffer.from("/* caf"), Buffer.from([0xe9]), Buffer.from(" */\n" + css)]),
    );
    assertRefused(latin1, {
      expected: { code: "text/invalid-utf8", severity: "error", file, line: 1, column: 7 },
      payload: "\ufffd",
      absent: PAGES("en"),
      locales: "en",
    });
  });

  it("columns count UTF-16 code units in every file: a Markdown body and style.css alike (an emoji counts 2)", () => {
    const root = seedCopy();
    const body = `${SEED_DIR}/en.md`;
    edit(root, body, "sealing off the square", "🙂🙂 sealing\u0007 off the square");
    writeFileSync(
      join(root, "templates/style.css"),
      readFileSync(join(root, "templates/style.css"), "utf8") + '\np { font-family: "🙂🙂"; colr: x }\n',
    );
    const r = tilpress(["check", "--root", root, "--locale", "en"]);
    const bodyLine = readFileSync(join(root, body), "utf8").split("\n")[lineOf(root, body, "sealing\u0007") - 1]!;
    const cssLine = 'p { font-family: "🙂🙂"; colr: x }';
    // Written out: the UTF-16 index of the character + 1 (code points would give 2 less).
    expect(bodyLine.indexOf("\u0007") + 1).toBe(Array.from(bodyLine.slice(0, bodyLine.indexOf("\u0007"))).length + 3);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: "text/control-character", file: body, column: bodyLine.indexOf("\u0007") + 1 }),
    );
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: "pdf/unsupported-css", file: "templates/style.css", column: 26 }),
    );
    expect(cssLine.indexOf("colr") + 1).toBe(26);
  });

  it("a lone surrogate escaped in the glossary and an unassigned code point in the catalog are refused", () => {
    const root = seedCopy();
    edit(root, "data/glossary.yaml", "{ name: Zhanbolat Mamai,", '{ name: "Zhanbolat Mamai\\uD800",');
    assertRefused(root, {
      expected: {
        code: "text/lone-surrogate",
        file: "data/glossary.yaml",
        line: lineOf(root, "data/glossary.yaml", "\\uD800"),
        pointer: "/people/zhanbolat-mamai/en/name",
      },
      payload: Buffer.from([0xed, 0xa0, 0x80]),
      absent: ALL_PAGES,
    });

    const catalog = seedCopy();
    const file = "locales/kk/common.json";
    const text = readFileSync(join(catalog, file), "utf8");
    const at = text.indexOf('"Брифинг"') + 1;
    writeFileSync(join(catalog, file), `${text.slice(0, at)}\u0378${text.slice(at)}`);
    assertRefused(catalog, {
      expected: {
        code: "text/unassigned",
        file,
        line: text.slice(0, at).split("\n").length,
        column: at - text.lastIndexOf("\n", at - 1),
        locale: "kk",
      },
      payload: "\u0378",
      absent: PAGES("kk"),
      locales: "kk",
    });
  });

  it("2019-02-29 is not a date, in a date-time and in the timeline (it used to show as March 1)", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/article.yaml`;
    edit(root, file, 'published: "2020-02-22T20:00:00+06:00"', 'published: "2019-02-29T20:00:00+06:00"');
    assertRefused(root, {
      expected: {
        code: "data/schema",
        file,
        line: 5,
        pointer: "/published",
        message: "`published` is not a real date",
      },
      payload: "2019-02-29",
      absent: ALL_PAGES,
    });
    const timeline = seedCopy();
    edit(timeline, file, 'date: "2019-03-19"', 'date: "2019-02-29"');
    const check = tilpress(["check", "--root", timeline]);
    expect(check.code).toBe(1);
    expect(check.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "data/schema",
        line: lineOf(timeline, file, "2019-02-29"),
        pointer: "/timeline/2/date",
        message: "`timeline.2.date` is not a real date",
      }),
    );
  });

  it("Arabic in the headline: pdf/right-to-left at the place it was written, no PDF; other locales build", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(root, file, /^headline: /m, "headline: مرحبا ");
    const check = tilpress(["check", "--root", root, "--locale", "en"]);
    expect(check.code).toBe(1);
    expect(check.diagnostics.filter((d) => d.code === "pdf/right-to-left")).toEqual(
      ["templates/briefing.hbs"].map((template) =>
        expect.objectContaining({
          file,
          line: 2,
          column: "headline: ".length + 1,
          locale: "en",
          article: SEED,
          message: `Right-to-left text (U+0645 "م") cannot be set in the PDF of ${template}, which lays every line out left to right`,
        }),
      ),
    );
    const out = join(root, "out");
    const build = tilpress(["build", "--root", root, "--out", out, "--no-cache", "--locale", "en,ru"]);
    expect(build.code).toBe(1);
    const files = Object.keys(snapshot(out));
    for (const page of PAGES("en")) expect(files).not.toContain(page);
    for (const page of PAGES("ru")) expect(files).toContain(page);
  });

  it("a right-to-left override written as a character reference is reported where the reference is", () => {
    // The page holds the character, the file its reference: the error pointed at the template.
    const root = seedCopy();
    const file = `${SEED_DIR}/en.md`;
    edit(root, file, "sealing off the square", "sealing off &#x202E;the square&#x202C;");
    const { line, column } = placeOf(root, file, "&#x202E;");
    const check = tilpress(["check", "--root", root, "--locale", "en"]);
    expect(check.diagnostics.filter((d) => d.code === "pdf/right-to-left")).toEqual([
      expect.objectContaining({ file, line, column, locale: "en", message: expect.stringContaining("U+202E") }),
    ]);
  });

  it("ids that are Windows device names (an article `con`, a figure `com1`, an image `nul.png`) are refused", () => {
    const root = seedCopy();
    renameSync(join(root, SEED_DIR), join(root, "data/articles/con"));
    const file = "data/articles/con/article.yaml";
    edit(root, file, `id: ${SEED}`, "id: con");
    edit(root, file, "  - id: detained-shymkent", "  - id: com1");
    edit(root, file, "links:\n", "images:\n  - id: square\n    file: photos/NUL.png\n\nlinks:\n");
    const check = tilpress(["check", "--root", root]);
    expect(check.code).toBe(1);
    const reserved = check.diagnostics.filter((d) => d.code === "data/reserved-name");
    expect(reserved.map((d) => [d.file, d.line, d.pointer])).toEqual([
      [file, lineOf(root, file, "id: con"), "/id"],
      [file, lineOf(root, file, "id: com1"), "/figures/2/id"],
      [file, lineOf(root, file, "NUL.png"), "/images/0/file"],
    ]);
    expect(reserved[0]!.message).toBe(
      "`id` `con` is refused: `con` is a device name on Windows (CON, PRN, AUX, NUL, COM1–9, LPT1–9)",
    );
    assertRefused(root, {
      expected: { code: "data/reserved-name", file, pointer: "/id" },
      payload: "/con/",
      absent: ["en/con/briefing.html", "en/con/briefing.pdf"],
    });
  });
});

describe("the policies themselves", () => {
  it("linkProblem: http(s) and mailto with an address; no other scheme, no relative URL, nothing a browser strips", () => {
    for (const ok of ["https://example.org/", "http://example.org/a?b=1&c=2", "mailto:press@example.org"])
      expect(linkProblem(ok), ok).toBeUndefined();
    for (const bad of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "java\u0000script:alert(1)",
      "data:text/html,<b>",
      "vbscript:x",
      "file:///etc/passwd",
      "/relative/page",
      "//example.org/",
      "https://",
      "mailto:",
      'https://example.org/"onmouseover="x',
      "https://example.org/<script>",
      "tel:+77271234567",
    ])
      expect(linkProblem(bad), bad).toBeDefined();
    expect(linkProblem("http://example.org/", ["https:"])).toBe("its scheme is http:; only https links are written");
  });

  it("reservedSegment: Windows device names in any case, with an extension, in any segment of a path", () => {
    for (const name of ["con", "CON", "Nul.png", "photos/aux.jpg", "com1", "LPT9.txt", "com¹", "aux .md", "prn."])
      expect(reservedSegment(name), name).toBeDefined();
    for (const name of ["con-2024", "console", "nul-hypothesis", "com10", "com0", "photos/rally.png", "lpt"])
      expect(reservedSegment(name), name).toBeUndefined();
  });

  it("realDate: the calendar's days and the clock's times only", () => {
    for (const ok of ["2020-02-29", "2019-02-28T23:59:59+06:00", "2025", "2025-12", "2000-02-29"])
      expect(realDate(ok), ok).toBe(true);
    for (const bad of [
      "2019-02-29",
      "1900-02-29",
      "2025-04-31",
      "2025-13",
      "2025-00",
      "2025-01-00",
      "2020-01-01T24:00Z",
    ])
      expect(realDate(bad), bad).toBe(false);
  });

  it("decodeUtf8: the byte offset and value of the first byte that is not UTF-8, after a real U+FFFD", () => {
    const bytes = Buffer.concat([Buffer.from("Қазақ \uFFFD ok\n"), Buffer.from([0xc0, 0xaf]), Buffer.from(" тіл")]);
    const decoded = decodeUtf8(bytes);
    expect(decoded.invalid).toEqual({ byte: Buffer.byteLength("Қазақ \uFFFD ok\n"), value: 0xc0, offset: 11 });
    expect(decodeUtf8(Buffer.from("\uFEFFҚазақ")).text).toBe("\uFEFFҚазақ");
  });

  it("badCharacters: controls but tab, newline and CRLF; lone surrogates; unassigned code points", () => {
    expect(badCharacters("a\tb\nc\r\nd — «ә» 😀")).toEqual([]);
    expect(badCharacters("a\rb\u0000\u0085\ud800\u0378").map((c) => [c.code, c.name])).toEqual([
      ["text/control-character", "U+000D"],
      ["text/control-character", "U+0000"],
      ["text/control-character", "U+0085"],
      ["text/lone-surrogate", "U+D800"],
      ["text/unassigned", "U+0378"],
    ]);
  });
});
