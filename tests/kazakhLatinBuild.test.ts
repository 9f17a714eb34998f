import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { selectAll, selectOne } from "css-select";
import type { Document, Element } from "domhandler";
import { getAttributeValue, removeElement, textContent } from "domutils";
import { simpleParser, type ParsedMail } from "mailparser";
import { edit, filesUnder, lineOf, parseHtml, runCli, SEED, SEED_DIR, seedCopy, write } from "./helpers.js";
import { isSitePage } from "../src/core/paths.js";
import { STORY_IN_KAZAKH_LATIN } from "./kazakhLatinReference.js";

const PAGE = `kk-Latn/${SEED}/briefing`;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const KK_LATN_PROJECT = '{\n  "locales": ["en", "kk", "kk-Latn", "ru"]\n}\n';

/** Text as a reader sees it: soft hyphens dropped, the no-break hyphen and spaces as plain ones. */
const plain = (text: string): string =>
  text.replaceAll("\u00ad", "").replaceAll("\u2011", "-").replace(/\s+/gu, " ").trim();

interface Report {
  readonly diagnostics: readonly { code: string; severity: string; locale?: string; line?: number; column?: number }[];
}

function json(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

/** A copy of the bundled project with the seed article, building kk-Latn, a person's own spelling and one kk-Latn string. */
function kkLatnProject(): string {
  const root = seedCopy();
  write(root, "tilpress.config.json", KK_LATN_PROJECT);
  edit(
    root,
    "data/glossary.yaml",
    "    kk: { name: Жанболат Мамай,",
    "    kk-Latn: { name: Zhanbolat Mamay }\n    kk: { name: Жанболат Мамай,",
  );
  mkdirSync(join(root, "locales/kk-Latn"));
  write(root, "locales/kk-Latn/common.json", '{ "document": { "briefing": "Aqparattyq brifing" } }\n');
  return root;
}

/** Removes every element in another language or script (the switcher's "Русский" and «Қазақша», a quote in Russian). */
function withoutOtherLanguages(doc: Document): Document {
  for (const e of selectAll("[lang]", doc.children) as Element[]) {
    if (getAttributeValue(e, "lang") !== "kk-Latn") removeElement(e);
  }
  return doc;
}

describe("kk-Latn in the build: the bundled story, transliterated from kk", () => {
  let root: string;
  let out: string;
  let report: Report;
  let html: string;
  let doc: Document;

  beforeAll(() => {
    root = kkLatnProject();
    out = join(root, "dist");
    const r = runCli(["build", "--root", root, "--out", out, "--no-cache", "--reporter", "json"]);
    expect(r.code, r.stderr).toBe(0);
    report = json(r.stdout);
    html = readFileSync(join(out, `${PAGE}.html`), "utf8");
    doc = parseHtml(html);
  }, 120_000);

  it("writes the page under kk-Latn/<article id>/ with lang=kk-Latn", () => {
    expect(existsSync(join(out, `${PAGE}.pdf`))).toBe(true);
    expect(getAttributeValue(selectOne("html", doc.children)!, "lang")).toBe("kk-Latn");
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("its headline, standfirst and first paragraph are the hand-checked reference", () => {
    expect(plain(textContent(selectOne("h1", doc.children)!))).toBe(STORY_IN_KAZAKH_LATIN.headline);
    expect(plain(textContent(selectOne(".standfirst", doc.children)!))).toBe(STORY_IN_KAZAKH_LATIN.standfirst);
    expect(plain(textContent(selectOne(".lede", doc.children)!))).toBe(STORY_IN_KAZAKH_LATIN.firstParagraph);
  });

  it("keeps the soft hyphens of Kazakh hyphenation in the Latin text", () => {
    expect(textContent(selectOne("article", doc.children)!)).toMatch(/\p{Script=Latin}\u00ad\p{Script=Latin}/u);
  });

  it("leaves no Cyrillic letter outside elements in another language: text, alt, title, aria-label, meta", () => {
    const kazakh = withoutOtherLanguages(parseHtml(html));
    expect(textContent(kazakh).match(new RegExp(`.{0,20}${CYRILLIC.source}.{0,20}`, "u"))).toBeNull();
    for (const e of selectAll("*", kazakh.children) as Element[]) {
      for (const name of ["alt", "title", "aria-label", "content"]) {
        expect(getAttributeValue(e, name) ?? "", `${e.name} ${name}`).not.toMatch(CYRILLIC);
      }
    }
    expect(selectAll("meta[name=description]", kazakh.children)).toHaveLength(1);
  });

  it("lists Qazaqşa in the language switchers and the index; the other languages keep their own names", () => {
    const switcher = (selectAll("nav a, nav strong", doc.children) as Element[]).map(
      (e) => `${getAttributeValue(e, "lang")}:${textContent(e)}`,
    );
    expect(switcher).toEqual(expect.arrayContaining(["kk-Latn:Qazaqşa", "ru:Русский", "kk:Қазақша", "en:English"]));
    const kkPage = parseHtml(readFileSync(join(out, `kk/${SEED}/briefing.html`), "utf8"));
    const link = (selectAll("a[hreflang=kk-Latn]", kkPage.children) as Element[])[0]!;
    expect(textContent(link)).toBe("Qazaqşa");
    expect(getAttributeValue(link, "href")).toBe(`../../kk-Latn/${SEED}/briefing.html`);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("Qazaqşa");
  });

  it("uses a glossary name's own kk-Latn spelling, with its Kazakh endings", () => {
    const text = plain(textContent(doc));
    expect(text).toContain("Zhanbolat Mamayğa");
    expect(text).not.toContain("Janbolat Mamai");
  });

  it("uses a catalog string given in locales/kk-Latn, and kk's string (transliterated) for the others", () => {
    expect(plain(textContent(selectOne(".kind", doc.children) ?? doc))).toContain("Aqparattyq brifing");
    const kk = parseHtml(readFileSync(join(out, `kk/${SEED}/briefing.html`), "utf8"));
    expect(plain(textContent(kk))).toContain("Брифинг");
    expect(plain(textContent(kk))).not.toContain("Aqparattyq");
  });

  it("lays the PDF out from that page: Latin text, fonts embedded, no missing glyph, a long word hyphenated", () => {
    const pdf = join(out, `${PAGE}.pdf`);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
    expect(plain(text.replace(/\u00ad\n/g, ""))).toContain(STORY_IN_KAZAKH_LATIN.headline);
    expect(text).not.toMatch(/Қазақстан|Алматы/u);
    // A word broken at the end of a line where Kazakh hyphenation allowed it ("etılme-" / "gen").
    expect(text).toMatch(/\p{Script=Latin}\u00ad\n/u);
    const fonts = execFileSync("pdffonts", [pdf], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const row of fonts) expect(row.split(/\s+/).at(-5), row).toBe("yes");
    expect(report.diagnostics.filter((d) => d.code === "pdf/missing-glyph")).toEqual([]);
  });

  it("writes the newsletter in kk-Latn: subject, HTML and text part", async () => {
    const eml = readFileSync(join(out, "newsletter/weekly-2020-02-23/kk-Latn.eml"));
    const mail: ParsedMail = await simpleParser(eml);
    expect(mail.subject).toBe("Qazaqstan brifingı: oppozisia mitingılerınde 100-den astam adam ūstaldy");
    expect(mail.headers.get("content-language")).toBe("kk-Latn");
    expect(mail.text ?? "").not.toMatch(CYRILLIC);
    expect(plain(mail.text ?? "")).toContain(STORY_IN_KAZAKH_LATIN.headline);
    expect(mail.text ?? "").toContain(`/kk-Latn/${SEED}/briefing.html`);
    const email = parseHtml(mail.html || "");
    expect(getAttributeValue(selectOne("html", email.children)!, "lang")).toBe("kk-Latn");
    expect(textContent(withoutOtherLanguages(email))).not.toMatch(CYRILLIC);
  });

  it("a build filtered with --locale kk-Latn writes the same bytes for those files", () => {
    const filtered = join(root, "filtered");
    const r = runCli(["build", "--root", root, "--out", filtered, "--no-cache", "--locale", "kk-Latn"]);
    expect(r.code, r.stderr).toBe(0);
    const mine = filesUnder(filtered).filter((f) => f.includes("kk-Latn"));
    expect(mine).toEqual(filesUnder(out).filter((f) => f.includes("kk-Latn")));
    expect(mine.length).toBe(6); // its press room too
    for (const f of mine) expect(readFileSync(join(filtered, f)).equals(readFileSync(join(out, f))), f).toBe(true);
  }, 120_000);
});

describe("kk-Latn in check", () => {
  it("is never stale on its own: an edited en.md makes kk and ru stale, not kk-Latn", () => {
    const root = seedCopy();
    write(root, "tilpress.config.json", KK_LATN_PROJECT);
    edit(root, `${SEED_DIR}/en.md`, "More than 100 people", "Over 100 people");
    edit(root, `${SEED_DIR}/kk.md`, "100-ден астам адамды полиция ұстады", "100-ден астам адамды полиция қамады");
    const r = runCli(["check", "--root", root, "--reporter", "json", "--format", "html"]);
    const stale = json(r.stdout).diagnostics.filter((d) => d.code === "translation/stale");
    expect(stale.map((d) => d.locale)).toEqual(["kk", "ru"]);
    expect(json(r.stdout).diagnostics.filter((d) => d.locale === "kk-Latn")).toEqual([]);
  });

  it("a kk-Latn glossary name for an entry without a kk name is an error at its line and column", () => {
    const root = seedCopy();
    write(root, "tilpress.config.json", KK_LATN_PROJECT);
    edit(
      root,
      "data/glossary.yaml",
      "people:\n",
      "people:\n  yerlan-qaliev:\n    en: { name: Yerlan Qaliev }\n    kk-Latn: { name: Erlan Qaliev }\n",
    );
    const r = runCli(["check", "--root", root, "--reporter", "json", "--format", "html"]);
    expect(r.code).toBe(1);
    const found = json(r.stdout).diagnostics.filter((d) => d.code === "glossary/derived-without-source");
    expect(found).toEqual([
      expect.objectContaining({
        severity: "error",
        // At the block: `    kk-Latn: { name: Erlan Qaliev }`.
        line: lineOf(root, "data/glossary.yaml", "kk-Latn: { name: Erlan Qaliev }"),
        column: "    kk-Latn: ".length + 1,
      }),
    ]);
  });

  it("kk-Latn without kk among the project's locales is a usage error, before anything is written", () => {
    const root = seedCopy();
    write(root, "tilpress.config.json", '{\n  "locales": ["en", "kk-Latn"]\n}\n');
    const r = runCli(["build", "--root", root, "--out", join(root, "dist")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The locale "kk-Latn" is made from "kk": add "kk" to locales in tilpress.config.json');
    expect(existsSync(join(root, "dist"))).toBe(false);
  });

  it("a project without a locales setting builds en, kk and ru only (kk-Latn is opt-in)", () => {
    const root = seedCopy();
    const out = join(root, "dist");
    const r = runCli([
      "build",
      "--root",
      root,
      "--out",
      out,
      "--no-cache",
      "--format",
      "html",
      "--template",
      "briefing",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(filesUnder(out).filter((f) => f.endsWith(".html") && !isSitePage(f))).toEqual([
      `en/${SEED}/briefing.html`,
      `kk/${SEED}/briefing.html`,
      `ru/${SEED}/briefing.html`,
    ]);
  });
});
