import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { selectAll as cssSelectAll, selectOne as cssSelectOne } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { getAttributeValue, textContent } from "domutils";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { describe, expect, it } from "vitest";
import { build, buildNewsletterIssues, type Output } from "../src/index.js";
import { runNewsletter } from "../src/cli/newsletter.js";
import {
  edit,
  lineOf,
  parseHtml,
  projectCopy,
  REPO,
  runCli,
  SEED,
  nuCheckerErrors,
  seedAsKind,
  write,
} from "./helpers.js";

const ISSUE = "weekly-2020-02-23";
const ISSUE_FILE = `data/newsletters/${ISSUE}.yaml`;
const LOCALES = ["en", "kk", "ru"] as const;
type Locale = (typeof LOCALES)[number];

// Typeset: a no-break space between a number and its word and after a Russian preposition (U+00A0), a no-break
// hyphen before a Kazakh suffix (U+2011).
const SUBJECTS: Record<Locale, string> = {
  en: "Kazakhstan briefing: more than 100\u00a0detained at opposition rallies",
  kk: "Қазақстан брифингі: оппозиция митингілерінде 100\u2011ден астам адам ұсталды",
  ru: "Брифинг по\u00a0Казахстану: на\u00a0митингах оппозиции задержано более 100\u00a0человек",
};
/** The .eml's Subject: header, in plain characters (a hyphen, not U+2011, that a search typed with "-" finds). */
const HEADER_SUBJECTS: Record<Locale, string> = {
  en: "Kazakhstan briefing: more than 100\u00a0detained at opposition rallies",
  kk: "Қазақстан брифингі: оппозиция митингілерінде 100-ден астам адам ұсталды",
  ru: "Брифинг по\u00a0Казахстану: на\u00a0митингах оппозиции задержано более 100\u00a0человек",
};

// The three locales with texts of their own (the bundled project also builds kk-Latn, made from
// kk: tests/kazakhLatinBuild.test.ts).
const result = await buildNewsletterIssues({ root: REPO, locales: [...LOCALES] });
// The article pages the emails link to, built from the same data: their headlines and paths.
const pages = build({ root: REPO, templates: ["briefing"], formats: ["html"], locales: [...LOCALES] });
const pdfs = build({ root: REPO, templates: ["briefing"], formats: ["pdf"], locales: [...LOCALES] });

const output = (path: string, from: readonly Output[] = result.outputs): Output => {
  const found = from.find((o) => o.path === path);
  if (!found) throw new Error(`no output ${path}; have ${from.map((o) => o.path).join(", ")}`);
  return found;
};
const file = (locale: Locale, ext: "html" | "txt" | "eml") => output(`newsletter/${ISSUE}/${locale}.${ext}`);
const parsed = new Map<Locale, ParsedMail>();
for (const locale of LOCALES) parsed.set(locale, await simpleParser(file(locale, "eml").contents));
const mail = (locale: Locale) => parsed.get(locale)!;

const selectOne = (selector: string, root: AnyNode) => cssSelectOne<AnyNode, Element>(selector, root);
const selectAll = (selector: string, root: AnyNode) => cssSelectAll<AnyNode, Element>(selector, root);
const text = (node: Element | null) =>
  node
    ? textContent(node)
        .replace(/[ \t\r\n]+/g, " ")
        .trim()
    : "";
const attr = (node: Element | null, name: string) => (node ? getAttributeValue(node, name) : undefined);
const headlineOf = (locale: Locale) =>
  text(selectOne("h1", parseHtml(output(`${locale}/${SEED}/briefing.html`, pages.outputs).contents)));
const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  [a ?? []].flat().flatMap((x) => x.value.map((v) => v.address));

describe("the bundled newsletter issue", () => {
  it("builds an HTML, a text and an .eml file per locale, with no diagnostics", () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.outputs.map((o) => [o.path, o.format])).toEqual(
      LOCALES.flatMap((l) => [
        [`newsletter/${ISSUE}/${l}.html`, "email-html"],
        [`newsletter/${ISSUE}/${l}.txt`, "text"],
        [`newsletter/${ISSUE}/${l}.eml`, "eml"],
      ]),
    );
    for (const o of result.outputs)
      expect(o).toMatchObject({ template: "newsletter", title: SUBJECTS[o.locale as Locale] });
  });

  it.each(LOCALES)("%s .eml: encoded subject, sender, list headers, text part then HTML part", (locale) => {
    const eml = file(locale, "eml").contents;
    const raw = eml.toString("latin1");
    // Every byte is 7-bit: the Kazakh and Russian survive any relay only because they are encoded.
    expect([...eml].every((b) => b < 0x80)).toBe(true);
    const headers = raw.slice(0, raw.indexOf("\r\n\r\n"));
    if (locale !== "en") expect(headers).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    const m = mail(locale);
    expect(m.subject).toBe(HEADER_SUBJECTS[locale]);
    expect(m.from?.value).toEqual([
      {
        name: {
          en: "RFE/RL’s Kazakh Service",
          kk: "Азаттық радиосы",
          ru: "Радио Азаттык",
        }[locale],
        address: "briefings@example.org",
      },
    ]);
    // Each encoded word of the sender's name is whole words, so that no decoder can split one.
    const fromHeader = /^From: (.*(?:\r\n[ \t].*)*)/m.exec(headers)?.[1] ?? "";
    const encoded = [...fromHeader.matchAll(/=\?UTF-8\?B\?([^?]*)\?=/g)].map((w) =>
      Buffer.from(w[1]!, "base64").toString(),
    );
    if (locale !== "en") {
      expect(encoded.join("")).toBe(m.from?.value[0]?.name);
      for (const piece of encoded.slice(0, -1)) expect(piece).toMatch(/ $/);
      for (const w of fromHeader.matchAll(/=\?[^?]+\?B\?[^?]*\?=/g)) expect(w[0].length).toBeLessThanOrEqual(75);
    }
    expect(addresses(m.to)).toEqual(["weekly@lists.example.org"]);
    expect(m.date?.toISOString()).toBe("2020-02-23T03:00:00.000Z");
    expect(m.messageId).toMatch(new RegExp(`^<[0-9a-f]{24}\\.${ISSUE}\\.${locale}@example\\.org>$`));
    expect(m.headers.get("content-language")).toBe(locale);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(headers).toMatch(
      /^List-Unsubscribe: <https:\/\/briefings\.example\.org\/unsubscribe\?list=weekly>,\s+<mailto:unsubscribe-weekly@lists\.example\.org>$/m,
    );
    expect((m.headers.get("content-type") as { value: string }).value).toBe("multipart/alternative");
    // Text first, then HTML: a client shows the last part it can read.
    const parts = [...raw.matchAll(/^Content-Type: (text\/[a-z]+)/gim)].map((x) => x[1]);
    expect(parts).toEqual(["text/plain", "text/html"]);
    // The parts are the .txt and .html files, byte for byte once decoded.
    expect(m.text).toBe(file(locale, "txt").contents.toString());
    expect(m.html).toBe(file(locale, "html").contents.toString());
    expect(m.attachments).toEqual([]);
  });

  it("Message-IDs differ per locale and are the same on every build, as are all the bytes", async () => {
    expect(new Set(LOCALES.map((l) => mail(l).messageId)).size).toBe(3);
    const again = await buildNewsletterIssues({ root: REPO, locales: [...LOCALES] });
    expect(again.outputs.map((o) => o.path)).toEqual(result.outputs.map((o) => o.path));
    for (const [i, o] of again.outputs.entries())
      expect(o.contents.equals(result.outputs[i]!.contents), o.path).toBe(true);
    expect(again.messages.map((m) => m.messageId)).toEqual(result.messages.map((m) => m.messageId));
  });

  it("a change of content is a new Message-ID and new boundaries", async () => {
    const root = projectCopy();
    edit(root, ISSUE_FILE, "Each story links to the full briefing and its PDF.", "Each story links to its briefing.");
    const changed = await buildNewsletterIssues({ root, locales: ["en"] });
    const before = file("en", "eml").contents.toString();
    const after = output(`newsletter/${ISSUE}/en.eml`, changed.outputs).contents.toString();
    const id = (s: string) => /^Message-ID: (.*)$/m.exec(s)?.[1];
    const boundary = (s: string) => /boundary="([^"]+)"/.exec(s)?.[1];
    expect(id(after)).not.toBe(id(before));
    expect(boundary(after)).not.toBe(boundary(before));
  });
});

describe("the email HTML", () => {
  it.each(LOCALES)("%s: lang and dir, the subject, every headline and a hidden preheader first", (locale) => {
    const doc = parseHtml(file(locale, "html").contents);
    const html = selectOne("html", doc);
    expect(attr(html, "lang")).toBe(locale);
    expect(attr(html, "dir")).toBe("ltr");
    expect(text(selectOne("title", doc))).toBe(SUBJECTS[locale]);
    expect(text(selectOne("h1", doc))).toBe(SUBJECTS[locale]);
    const headlines = selectAll("h2", doc).map(text);
    expect(headlines).toEqual([headlineOf(locale)]);
    const first = selectOne("body > *", doc);
    expect(attr(first, "class")).toBe("preheader");
    expect(attr(first, "style")).toMatch(/display: ?none/);
    expect(text(first)).toMatch(
      {
        en: /^Police in Almaty, Nur-Sultan, Shymkent and Aqtobe detained/,
        kk: /^22\u00a0ақпанда Алматыда, Нұр-Сұлтанда/,
        ru: /^22\u00a0февраля полиция в\u00a0Алматы/,
      }[locale],
    );
  });

  it.each(LOCALES)("%s: every link is absolute https; each story links to its real briefing page and PDF", (locale) => {
    const doc = parseHtml(file(locale, "html").contents);
    const hrefs = selectAll("a", doc).map((a) => attr(a, "href") ?? "");
    expect(hrefs.length).toBeGreaterThan(3);
    for (const href of hrefs) expect(new URL(href).protocol, href).toBe("https:");
    for (const path of [`${locale}/${SEED}/briefing.html`, `${locale}/${SEED}/briefing.pdf`]) {
      expect(hrefs).toContain(`https://press.example.org/${path}`);
    }
    // The paths are those of a real build.
    expect(pages.outputs.map((o) => o.path)).toContain(`${locale}/${SEED}/briefing.html`);
    expect(pdfs.outputs.map((o) => o.path)).toContain(`${locale}/${SEED}/briefing.pdf`);
    expect(hrefs).toContain("https://briefings.example.org/unsubscribe?list=weekly");
    expect(hrefs).toContain(`https://press.example.org/newsletter/${ISSUE}/${locale}.html`);
  });

  it.each(LOCALES)(
    "%s: CSS inlined (only @media left in <style>), table layout, no scripts, forms or web fonts, under 102 KB",
    (locale) => {
      const contents = file(locale, "html").contents;
      expect(contents.byteLength).toBeLessThan(102_000);
      const doc = parseHtml(contents);
      expect(selectAll("script, form, input, button, iframe, object, embed, link, base", doc)).toEqual([]);
      for (const style of selectAll("style", doc)) {
        const css = text(style);
        expect(css).not.toMatch(/@font-face|@import|url\(/);
        // Strip the @media blocks: nothing may be left that the inlining should have applied.
        expect(css.replace(/@media[^{]*\{(?:[^{}]*\{[^{}]*\})*\s*\}/g, "").trim()).toBe("");
      }
      expect(attr(selectOne("table.container", doc), "style")).toMatch(/max-width: 600px/);
      expect(attr(selectOne("h1", doc), "style")).toMatch(/font-size: 26px/);
      expect(attr(selectOne("a.button", doc), "style")).toMatch(/background-color: #13315c/);
      for (const table of selectAll("table", doc)) expect(attr(table, "role")).toBe("presentation");
      // Layout by CSS only: no obsolete presentational attributes.
      expect(selectAll("[bgcolor], [align], [cellpadding], [cellspacing], [border], [width]", doc)).toEqual([]);
      for (const img of selectAll("img", doc)) expect(attr(img, "alt")).toBeTruthy();
    },
  );

  it("Kazakh and Russian typography: their letters, «ёлочки», a no-break space before a dash, CLDR plurals", () => {
    const kk = parseHtml(file("kk", "html").contents);
    const ru = parseHtml(file("ru", "html").contents);
    const kkIntro = text(selectOne(".intro", kk));
    for (const letter of "әғқңөұүі") expect(text(selectOne("body", kk)), letter).toContain(letter);
    expect(kkIntro).toContain("«Қазақстанның демократиялық таңдауы»");
    expect(kkIntro).toContain("22\u00a0ақпан\u00a0— полиция");
    expect(kkIntro).not.toMatch(/ —|"/);
    expect(text(selectOne(".intro", ru))).toContain("«Демократический выбор Казахстана»");
    expect(text(selectOne(".intro", ru))).toContain("22\u00a0февраля\u00a0— день");
    expect(text(selectOne(".count", ru))).toBe("В\u00a0этом выпуске 1\u00a0материал");
    expect(text(selectOne(".count", kk))).toBe("Бұл шығарылымда 1\u00a0материал");
    // One word for the newsletter, as the press room's heading «Жаңалықтар таратылымы».
    expect(text(selectOne("body", kk))).toContain("Бұл хат сізге осы таратылымға жазылғаныңыз үшін жіберілді.");
    expect(text(selectOne("body", kk))).toContain("Таратылымнан бас тарту");
    expect(text(selectOne(".masthead time", kk))).toBe("2020\u00a0ж. 23\u00a0ақпан");
    expect(text(selectOne(".masthead time", ru))).toBe("23\u00a0февраля 2020\u00a0г.");
    expect(text(selectOne(".dateline", kk))).toBe("АЛМАТЫ · 2020\u00a0ж. 22\u00a0ақпан");
  });

  it("passes the Nu HTML checker", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-vnu-email-"));
    const files = LOCALES.map((l) => {
      const path = join(dir, `${l}.html`);
      writeFileSync(path, file(l, "html").contents);
      return path;
    });
    const report = nuCheckerErrors(files);
    rmSync(dir, { recursive: true, force: true });
    expect(report).toBe("");
  });
});

describe("a media advisory in an issue", () => {
  it("shows its When and Where under its summary, in the HTML and the text part", async () => {
    // A planning desk reads the email for the date, time and place; they were only on the page.
    const root = projectCopy();
    edit(
      root,
      ISSUE_FILE,
      "  - kazakhstan-rallies-2020-02-22\n",
      "  - kazakhstan-rallies-2020-02-22\n  - referendum-media-accreditation-2026-02-18\n",
    );
    const built = await buildNewsletterIssues({ root, locales: [...LOCALES] });
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const event = (locale: Locale) => {
      const html = built.outputs.find((o) => o.path === `newsletter/${ISSUE}/${locale}.html`)!.contents;
      const rows = selectAll("p.event", parseHtml(html)).map((p) => text(p).replace(/[\s\u00a0\u202f]+/g, " "));
      const txt = built.outputs.find((o) => o.path === `newsletter/${ISSUE}/${locale}.txt`)!.contents.toString();
      return { rows, txt: txt.replace(/[\s\u00a0\u202f]+/g, " ") };
    };
    const ru = event("ru");
    expect(ru.rows).toEqual([
      "Дата и время: воскресенье, 15 марта 2026 г., 07:00–20:00 (UTC+5)",
      "Место проведения: Участки референдума по всему Казахстану",
    ]);
    expect(ru.txt).toContain("Место проведения: Участки референдума по всему Казахстану");
    const kk = event("kk");
    expect(kk.rows).toEqual([
      "Өтетін уақыты: 2026 ж. 15 наурыз, жексенбі, сағат 07:00–20:00 (UTC+5)",
      "Өтетін орны: Қазақстан бойынша референдум учаскелері",
    ]);
    expect(kk.txt).toContain("Өтетін орны: Қазақстан бойынша референдум учаскелері");
    // The rallies story is no advisory: the advisory's two rows are the issue's only ones.
    expect(event("en").rows).toEqual([
      "When: Sunday, March 15, 2026, 07:00–20:00 (UTC+5)",
      "Where: Referendum polling stations across Kazakhstan",
    ]);
  });
});

describe("the plain-text part", () => {
  it.each(LOCALES)("%s: no markup, the subject, each headline and summary, every link listed", (locale) => {
    const txt = file(locale, "txt").contents.toString();
    expect(txt).not.toMatch(/<\/?[a-z!][^>]*>/i);
    expect(txt).not.toMatch(/&[a-z]+;|&#\d+;/i);
    expect(txt).toContain(SUBJECTS[locale].replaceAll("\u2011", "-"));
    // The page's headline in plain characters (below): no soft hyphens, no-break hyphens made hyphens.
    const headline = headlineOf(locale).replaceAll("\u00ad", "").replaceAll("\u2011", "-");
    expect(txt.replace(/[ \t\r\n]+/g, " ")).toContain(headline);
    const hrefs = selectAll("a", parseHtml(file(locale, "html").contents)).map((a) => attr(a, "href")!);
    for (const href of new Set(hrefs)) expect(txt).toContain(href);
    // Each link on its own line after its label, not buried in a paragraph.
    expect(txt).toMatch(new RegExp(`:\\n?https://press\\.example\\.org/${locale}/${SEED}/briefing\\.pdf\\n`));
    for (const line of txt.split("\n"))
      if (!line.includes("https://")) expect(line.length, line).toBeLessThanOrEqual(72);
    // The preheader is for the inbox list only.
    expect(txt).not.toContain("\u034f");
  });
  it("is in characters any font shows: the Kazakh no-break hyphen becomes a hyphen, soft hyphens go", async () => {
    // The page's typesetting keeps «100‑ден» on one line with U+2011; a text-only client sets
    // the text itself, often in a font without U+2011, and a reader searches for «100-ден».
    expect(file("kk", "html").contents.toString()).toContain("100\u2011ден");
    for (const locale of LOCALES) {
      const txt = file(locale, "txt").contents.toString();
      expect(txt, locale).not.toMatch(/[\u2011\u00ad\u200b\u2060\ufeff]/);
      expect(parsed.get(locale)?.text, locale).not.toMatch(/[\u2011\u00ad]/);
    }
    expect(file("kk", "txt").contents.toString()).toContain(
      "Қазақстан брифингі: оппозиция митингілерінде 100-ден астам адам ұсталды",
    );
    expect(parsed.get("kk")?.text).toContain("100-ден астам");
  });
});

describe("tilpress build includes the newsletters", () => {
  it("in its outputs, the manifest and the index; --template without newsletter leaves them out", async () => {
    const { buildInParallel } = await import("../src/build/parallel.js");
    const r = await buildInParallel({ root: REPO, formats: ["html"], locales: [...LOCALES] }, 1);
    expect(r.errorCount).toBe(0);
    const emails = r.outputs.filter((o) => o.template === "newsletter");
    expect(emails.map((o) => o.path)).toEqual(result.outputs.map((o) => o.path));
    for (const o of emails) expect(o.contents.equals(output(o.path).contents), o.path).toBe(true);
    const manifest = JSON.parse(output("manifest.json", r.outputs).contents.toString()) as {
      outputs: { path: string; format: string; locale: string; template: string; title: string }[];
    };
    expect(
      manifest.outputs.filter((e) => e.template === "newsletter").map((e) => [e.path, e.format, e.locale, e.title]),
    ).toEqual(
      LOCALES.flatMap((l) =>
        (["eml", "email-html", "text"] as const).map((f) => [
          `newsletter/${ISSUE}/${l}.${{ eml: "eml", "email-html": "html", text: "txt" }[f]}`,
          f,
          l,
          SUBJECTS[l],
        ]),
      ),
    );
    // Each locale's press room links its email: the subject opens it as a web page, then text and .eml.
    const room = parseHtml(output("kk/index.html", r.outputs).contents);
    const base = "https://press.example.org/";
    expect(selectAll(".room-newsletters a", room).map((a) => attr(a, "href"))).toEqual(
      ["html", "txt", "eml"].map((ext) => `${base}newsletter/${ISSUE}/kk.${ext}`),
    );
    expect(text(selectOne(".room-newsletters a", room)!)).toBe(SUBJECTS.kk);
    // «таратылым», as the emails' footers say it (above).
    expect(text(selectOne("#newsletters-title", room))).toBe("Жаңалықтар таратылымы");

    const pagesOnly = await buildInParallel(
      { root: REPO, formats: ["html"], templates: ["briefing"], locales: [...LOCALES] },
      1,
    );
    expect(pagesOnly.outputs.filter((o) => o.path.startsWith("newsletter/"))).toEqual([]);
    expect(selectAll(".room-newsletters", parseHtml(output("kk/index.html", pagesOnly.outputs).contents))).toEqual([]);
  });
});

describe("the library from lib/, imported as an installed package is (Node's own module resolution)", () => {
  it("buildNewsletterIssues() makes the same emails as in-process", async () => {
    // vitest resolves a bare "juice/client" that Node's ESM loader refuses (no extension, no exports map).
    const program =
      `import { buildNewsletterIssues } from ${JSON.stringify(`${REPO}/lib/index.js`)};` +
      `const r = await buildNewsletterIssues({ root: ${JSON.stringify(REPO)}, locales: ${JSON.stringify(LOCALES)} });` +
      `console.log(JSON.stringify(r.outputs.map((o) => [o.path, o.contents.toString("base64")])));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", program], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(JSON.parse(stdout)).toEqual(result.outputs.map((o) => [o.path, o.contents.toString("base64")]));
  });
});

describe("newsletter errors point at file, line:column, field and locale; no partial output", () => {
  it("an unknown article id: the issue's line and pointer, a suggestion, and no email at all", async () => {
    const root = projectCopy();
    edit(root, ISSUE_FILE, `  - ${SEED}`, "  - kazakhstan-rallies-2020-02-23");
    const r = await buildNewsletterIssues({ root });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "data/unknown-id",
        severity: "error",
        file: ISSUE_FILE,
        line: lineOf(root, ISSUE_FILE, "kazakhstan-rallies-2020-02-23"),
        column: 5,
        pointer: "/articles/0",
        hint: `Did you mean \`${SEED}\`?`,
      }),
    ]);
    expect(r.outputs).toEqual([]);
  });

  it("a locale without its subject: that locale's diagnostic, and only that locale's email left out", async () => {
    const root = projectCopy();
    edit(root, ISSUE_FILE, /^ {2}subject: "Қазақстан.*\n/m, "");
    const r = await buildNewsletterIssues({ root });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "data/missing-field",
        severity: "error",
        file: ISSUE_FILE,
        line: lineOf(root, ISSUE_FILE, "kk:") + 1,
        column: 3,
        pointer: "/kk/subject",
        locale: "kk",
      }),
    ]);
    expect(r.diagnostics[0]!.message).toBe("`kk.subject` is required");
    expect(r.outputs.map((o) => o.path).filter((p) => p.includes("/kk."))).toEqual([]);
    expect(r.outputs.map((o) => o.locale)).toEqual(["en", "en", "en", "ru", "ru", "ru"]);
  });

  it("an empty preheader, an http base URL, an unknown field", async () => {
    const root = projectCopy();
    edit(root, ISSUE_FILE, "baseUrl: https://press.example.org/", "baseUrl: http://press.example.org/");
    edit(root, ISSUE_FILE, /^ {2}preheader: >-\n {4}22 февраля.*\n.*\n/m, '  preheader: ""\n  footer: x\n');
    const r = await buildNewsletterIssues({ root });
    expect(r.diagnostics.map((d) => [d.code, d.pointer, d.locale ?? null, d.line])).toEqual([
      ["data/schema", "/baseUrl", null, lineOf(root, ISSUE_FILE, "baseUrl:")],
    ]);
    edit(root, ISSUE_FILE, "baseUrl: http://", "baseUrl: https://");
    const again = await buildNewsletterIssues({ root });
    expect(again.diagnostics.map((d) => [d.code, d.pointer, d.locale ?? null, d.line])).toEqual([
      ["data/schema", "/ru/preheader", "ru", lineOf(root, ISSUE_FILE, 'preheader: ""')],
      ["data/unknown-field", "/ru/footer", "ru", lineOf(root, ISSUE_FILE, "footer: x")],
    ]);
  });

  it("a story without the locale's text keeps that locale's email out, at the story's line", async () => {
    const root = projectCopy();
    rmSync(join(root, "data/articles", SEED, "ru.md"));
    const r = await buildNewsletterIssues({ root });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "newsletter/article-not-built",
        file: ISSUE_FILE,
        line: lineOf(root, ISSUE_FILE, `- ${SEED}`),
        column: 5,
        pointer: "/articles/0",
        locale: "ru",
      }),
    ]);
    expect(new Set(r.outputs.map((o) => o.locale))).toEqual(new Set(["en", "kk"]));
  });

  it("a story with errors: its error is reported (once) and no email is built", async () => {
    const root = projectCopy();
    edit(root, `data/articles/${SEED}/article.yaml`, "dateline: almaty", "dateline: almatty");
    const r = await buildNewsletterIssues({ root });
    expect(r.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ["data/unknown-id", `data/articles/${SEED}/article.yaml`],
    ]);
    expect(r.outputs).toEqual([]);
  });

  it("an email over Gmail's 102 KB clipping limit is an error, and not written", async () => {
    const root = projectCopy();
    edit(
      root,
      "templates/newsletter.hbs",
      '<p class="intro">{{intro}}</p>',
      `<p class="intro">{{intro}}</p>\n<p>${"Lorem ipsum dolor sit amet. ".repeat(3700)}</p>`,
    );
    const r = await buildNewsletterIssues({ root, locales: ["en", "kk"] });
    // The template's line that made the bulk of it: the paragraph written into the template.
    const line = lineOf(root, "templates/newsletter.hbs", "Lorem ipsum");
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.locale])).toEqual([
      ["newsletter/too-large", "templates/newsletter.hbs", line, 1, "en"],
      ["newsletter/too-large", "templates/newsletter.hbs", line, 1, "kk"],
    ]);
    expect(r.diagnostics[0]!.message).toMatch(
      new RegExp(
        `^The en email HTML of weekly-2020-02-23 \\(${ISSUE_FILE}\\) is 1\\d{5} bytes; Gmail clips messages over 102 KB\\. ` +
          `The largest part, 10\\d{4} bytes before inlining, comes from templates/newsletter\\.hbs:${line}$`,
      ),
    );
    expect(r.diagnostics[0]!.hint).toContain(ISSUE_FILE);
    expect(r.outputs).toEqual([]);
  });

  it("too large because of the issue's own text: the template line that prints it, and the issue file", async () => {
    const root = projectCopy();
    const intro = "Осы аптада Алматыда өткен митингілер туралы толық мәлімет. ".repeat(1000);
    edit(root, ISSUE_FILE, /^ {2}intro: >-\n(?: {4}.*\n)+(?=\nru:)/m, `  intro: "${intro.trim()}"\n`);
    const r = await buildNewsletterIssues({ root, locales: ["kk"] });
    const line = lineOf(root, "templates/newsletter.hbs", "{{intro}}");
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.locale])).toEqual([
      ["newsletter/too-large", "templates/newsletter.hbs", line, '<p class="intro">'.length + 1, "kk"],
    ]);
    expect(r.diagnostics[0]!.message).toContain(`(${ISSUE_FILE})`);
    expect(r.outputs).toEqual([]);
  });

  it("untrusted text never becomes markup", async () => {
    const root = projectCopy();
    edit(
      root,
      ISSUE_FILE,
      "Each story links to the full briefing and its PDF.",
      "<script>alert(1)</script> <a href='javascript:x'>A & B</a>",
    );
    const r = await buildNewsletterIssues({ root, locales: ["en"] });
    expect(r.errorCount).toBe(0);
    const doc = parseHtml(output(`newsletter/${ISSUE}/en.html`, r.outputs).contents);
    expect(selectAll("script", doc)).toEqual([]);
    for (const a of selectAll("a", doc)) expect(attr(a, "href")).toMatch(/^https:/);
    // Shown as text, typeset like any other (curly quotes), never as markup.
    expect(text(selectOne(".intro", doc))).toContain("<script>alert(1)</script> <a href=‘javascript:x’>A & B</a>");
    expect(output(`newsletter/${ISSUE}/en.txt`, r.outputs).contents.toString()).toContain("<script>alert(1)</script>");
  });
});

const run = promisify(execFile);
/** The CLI as a child process that is expected to fail: its exit code and output. */
const runFailing = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, [BIN, ...args], { env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
const BIN = join(REPO, "bin/tilpress.js");
const filesUnder = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
        .sort()
    : [];

const TLS = join(REPO, "tests/fixtures/smtp-tls");

/**
 * An SMTP server on 127.0.0.1 for one test that keeps what it receives: by default with
 * STARTTLS (a self-signed certificate the client trusts through TILPRESS_SMTP_CA) and a user.
 */
async function smtpServer(options: { starttls?: boolean; auth?: boolean } = {}) {
  const { starttls = true, auth = true } = options;
  const received: { from: string; to: string[]; raw: Buffer; secure: boolean; user: string | undefined }[] = [];
  const server = new SMTPServer({
    disabledCommands: [...(starttls ? [] : ["STARTTLS"]), ...(auth ? [] : ["AUTH"])],
    ...(starttls
      ? { key: readFileSync(join(TLS, "key.pem")), cert: readFileSync(join(TLS, "cert.pem")) }
      : { allowInsecureAuth: true }),
    authOptional: !auth,
    logger: false,
    onAuth(login, _session, callback) {
      if (login.username === "editor" && login.password === "s3cret") callback(null, { user: "editor" });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  const env: Record<string, string> = {
    TILPRESS_SMTP_HOST: "127.0.0.1",
    TILPRESS_SMTP_PORT: String(port),
    TILPRESS_SMTP_SECURE: "false",
    TILPRESS_SMTP_USER: "editor",
    TILPRESS_SMTP_PASS: "s3cret",
    TILPRESS_SMTP_CA: join(TLS, "cert.pem"),
  };
  return { received, env, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("sending safely", () => {
  const send = (root: string, env: Record<string, string>, ...more: string[]) =>
    runFailing(["newsletter", "--root", root, "--locale", "kk", "--send", "--to", "desk@example.net", ...more], {
      ...process.env,
      ...env,
      NO_COLOR: "1",
    });

  it("logs in and sends over STARTTLS", async () => {
    const root = projectCopy();
    const smtp = await smtpServer();
    try {
      const r = await send(root, smtp.env);
      expect(r.code, r.stderr).toBe(0);
      expect(smtp.received.map((m) => [m.secure, m.user])).toEqual([[true, "editor"]]);
    } finally {
      await smtp.close();
    }
  });

  it("with a user, a server without STARTTLS gets nothing: exit 1, one line naming host and port", async () => {
    const root = projectCopy();
    const smtp = await smtpServer({ starttls: false });
    try {
      const r = await send(root, smtp.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`through 127.0.0.1:${smtp.port}: the server offers no STARTTLS`);
      expect(r.stderr).toContain("(nothing was sent)");
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(smtp.received).toEqual([]);
      // --insecure sends anyway, logged in, and says so.
      const insecure = await send(root, smtp.env, "--insecure");
      expect(insecure.code, insecure.stderr).toBe(0);
      expect(insecure.stderr).toContain("warning: --insecure: the SMTP password may go over the network in clear text");
      expect(smtp.received.map((m) => [m.secure, m.user])).toEqual([[false, "editor"]]);
    } finally {
      await smtp.close();
    }
  });

  it("a server certificate the client does not trust gets nothing, and the line names TILPRESS_SMTP_CA", async () => {
    const root = projectCopy();
    const smtp = await smtpServer();
    try {
      const { TILPRESS_SMTP_CA: _trusted, ...untrusted } = smtp.env;
      const r = await runFailing(
        ["newsletter", "--root", root, "--locale", "kk", "--send", "--to", "desk@example.net"],
        {
          ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "TILPRESS_SMTP_CA")),
          ...untrusted,
          NO_COLOR: "1",
        },
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`through 127.0.0.1:${smtp.port}: the server's certificate is not trusted`);
      expect(r.stderr).toContain("give that CA's PEM file in TILPRESS_SMTP_CA");
      expect(r.stderr).toContain("(nothing was sent)");
      expect(smtp.received).toEqual([]);
      // The help and the missing-host error name it with the other settings.
      const help = await runFailing(["newsletter", "--help"], { ...process.env, NO_COLOR: "1" });
      expect(help.stdout).toContain("TILPRESS_SMTP_HOST, _PORT, _SECURE, _USER, _PASS, _CA");
    } finally {
      await smtp.close();
    }
  });

  it("TILPRESS_SMTP_SECURE=true on a port without TLS from the start is one line that says which setting", async () => {
    const root = projectCopy();
    const smtp = await smtpServer();
    try {
      const r = await send(root, { ...smtp.env, TILPRESS_SMTP_SECURE: "true" });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `through 127.0.0.1:${smtp.port}: the server does not speak TLS on this port: TILPRESS_SMTP_SECURE=true`,
      );
      expect(r.stderr).not.toContain("ssl3_get_record");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(smtp.received).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it("with a user, a server that offers no AUTH does not get the mail unauthenticated", async () => {
    const root = projectCopy();
    const smtp = await smtpServer({ auth: false });
    try {
      const r = await send(root, smtp.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`through 127\\.0\\.0\\.1:${smtp.port}: .*`));
      expect(smtp.received).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it("an unreachable server is one line with host and port, exit 1, no stack trace", async () => {
    const root = projectCopy();
    const smtp = await smtpServer();
    await smtp.close(); // the port is now closed
    const r = await send(root, smtp.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `tilpress: Could not send newsletter/${ISSUE}/kk.eml through 127.0.0.1:${smtp.port}: the connection was refused`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a --to that is not an address is a usage error before anything is built or sent", async () => {
    const root = projectCopy();
    const smtp = await smtpServer();
    try {
      const r = await runFailing(["newsletter", "--root", root, "--send", "--to", "desk@example.net,not-an-address"], {
        ...process.env,
        ...smtp.env,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--to: "not-an-address" is not an email address');
      expect(smtp.received).toEqual([]);
      expect(existsSync(join(root, "dist"))).toBe(false);
    } finally {
      await smtp.close();
    }
  });

  it("every message carries List-Id (RFC 2919) from the list address", async () => {
    const mail = await simpleParser(file("ru", "eml").contents);
    expect(mail.headers.get("list")).toMatchObject({ id: { id: "weekly.lists.example.org" } });
    expect(file("ru", "eml").contents.toString()).toMatch(
      /^List-Id: =\?UTF-8\?[^]*?<weekly\.lists\.example\.org>\r$/im,
    );
  });
});

describe("tilpress newsletter", () => {
  it("writes the issue into dist/newsletter/ beside the other outputs, keeps their manifest entries, and is a dry run", async () => {
    const root = projectCopy();
    const dist = join(root, "dist");
    mkdirSync(join(dist, "en"), { recursive: true });
    writeFileSync(join(dist, "en/page.html"), "kept");
    writeFileSync(
      join(dist, "manifest.json"),
      JSON.stringify({ tool: "tilpress", version: "0.1.0", outputs: [{ path: "en/page.html" }] }),
    );
    const smtp = await smtpServer();
    try {
      const r = await run(process.execPath, [BIN, "newsletter", "--root", root], {
        env: { ...process.env, ...smtp.env, NO_COLOR: "1" },
      });
      expect(r.stdout).toContain(`Would send ${join(root, "dist/newsletter", ISSUE, "kk.eml")}`);
      expect(r.stdout).toContain(`Subject:    ${HEADER_SUBJECTS.kk}`);
      // The From header as it reads, with the outlet's name in the message's locale.
      expect(r.stdout).toContain("From:       Азаттық радиосы <briefings@example.org>");
      expect(r.stdout).toContain("From:       RFE/RL’s Kazakh Service <briefings@example.org>");
      expect(r.stdout).toContain("Dry run: nothing was sent.");
      expect(smtp.received).toEqual([]);
    } finally {
      await smtp.close();
    }
    expect(filesUnder(dist)).toEqual([
      "en/page.html",
      "manifest.json",
      ...LOCALES.flatMap((l) => ["eml", "html", "txt"].map((e) => `newsletter/${ISSUE}/${l}.${e}`)),
    ]);
    const manifest = JSON.parse(readFileSync(join(dist, "manifest.json"), "utf8")) as {
      outputs: { path: string; format: string; locale: string | null; template: string | null }[];
    };
    expect(manifest.outputs.map((e) => [e.path, e.format])).toEqual([
      ["en/page.html", undefined],
      ...LOCALES.flatMap((l) => [
        [`newsletter/${ISSUE}/${l}.eml`, "eml"],
        [`newsletter/${ISSUE}/${l}.html`, "email-html"],
        [`newsletter/${ISSUE}/${l}.txt`, "text"],
      ]),
    ]);
    for (const l of LOCALES)
      expect(readFileSync(join(dist, "newsletter", ISSUE, `${l}.eml`)).equals(file(l, "eml").contents)).toBe(true);
  });

  it("--send delivers each locale's message, byte for byte, to the list address through the SMTP server in the environment", async () => {
    const root = projectCopy();
    const smtp = await smtpServer();
    try {
      const r = await runNewsletter({ root, strict: false, send: true }, smtp.env);
      expect(r.errorCount).toBe(0);
      expect(r.report.split("\n").filter(Boolean)).toHaveLength(3);
      expect(smtp.received).toHaveLength(3);
      for (const [i, locale] of LOCALES.entries()) {
        const got = smtp.received[i]!;
        expect(got.from).toBe("briefings@example.org");
        expect(got.to).toEqual(["weekly@lists.example.org"]);
        const m = await simpleParser(got.raw);
        expect(m.subject).toBe(HEADER_SUBJECTS[locale]);
        expect(m.text).toBe(file(locale, "txt").contents.toString());
        expect(m.html).toBe(file(locale, "html").contents.toString());
        expect(m.messageId).toBe(mail(locale).messageId);
        expect(got.raw.toString().replace(/\r?\n$/, "")).toBe(
          file(locale, "eml")
            .contents.toString()
            .replace(/\r?\n$/, ""),
        );
      }
    } finally {
      await smtp.close();
    }
  });

  it("--to replaces the list address; wrong credentials fail; errors send nothing", async () => {
    const root = projectCopy();
    const smtp = await smtpServer();
    try {
      const r = await run(
        process.execPath,
        [
          BIN,
          "newsletter",
          "--root",
          root,
          "--issue",
          ISSUE,
          "--locale",
          "kk",
          "--send",
          "--to",
          "a@example.net,b@example.net",
        ],
        { env: { ...process.env, ...smtp.env, NO_COLOR: "1" } },
      );
      expect(r.stdout).toMatch(
        /^Sent newsletter\/weekly-2020-02-23\/kk\.eml to a@example\.net, b@example\.net via 127\.0\.0\.1:\d+: 250/,
      );
      expect(smtp.received.map((m) => m.to)).toEqual([["a@example.net", "b@example.net"]]);

      await expect(
        runNewsletter({ root, strict: false, send: true }, { ...smtp.env, TILPRESS_SMTP_PASS: "wrong" }),
      ).rejects.toThrow(/Invalid username or password/);
      expect(smtp.received).toHaveLength(1);

      // A dry run writes every locale; then the Russian subject goes missing.
      expect((await runNewsletter({ root, strict: false, send: false }, smtp.env)).written.files).toBe(9);
      edit(root, ISSUE_FILE, /^ {2}subject: "Брифинг.*\n/m, "");
      const failed = await runFailing(["newsletter", "--root", root, "--send"], {
        ...process.env,
        ...smtp.env,
        NO_COLOR: "1",
      });
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(
        `${ISSUE_FILE}:${lineOf(root, ISSUE_FILE, "ru:") + 1}:3  error  \`ru.subject\` is required`,
      );
      expect(failed.stdout).toContain("Not sent: 1 error(s)");
      expect(smtp.received).toHaveLength(1);
      // The Russian files of the earlier run are gone, not left stale; the others are rewritten.
      expect(filesUnder(join(root, "dist/newsletter", ISSUE))).toEqual([
        "en.eml",
        "en.html",
        "en.txt",
        "kk.eml",
        "kk.html",
        "kk.txt",
      ]);
    } finally {
      await smtp.close();
    }
  });

  it("without a list address: the To placeholder, and --send needs --to", async () => {
    const root = projectCopy();
    edit(root, ISSUE_FILE, "  address: weekly@lists.example.org\n", "");
    const built = await buildNewsletterIssues({ root, locales: ["ru"] });
    const raw = output(`newsletter/${ISSUE}/ru.eml`, built.outputs).contents.toString();
    expect(raw).toMatch(/^To: "?undisclosed-recipients"?:;$/m);
    const dry = await runNewsletter({ root, locales: ["ru"], strict: false, send: false }, {});
    expect(dry.report).toContain("To:         undisclosed-recipients:; (no list address: give --to)");
    const smtp = await smtpServer();
    try {
      await expect(runNewsletter({ root, locales: ["ru"], strict: false, send: true }, smtp.env)).rejects.toThrow(
        /has no list address \(list\.address\) to send to: give --to/,
      );
      const sent = await runNewsletter(
        { root, locales: ["ru"], strict: false, send: true, to: ["reader@example.net"] },
        smtp.env,
      );
      expect(sent.report).toMatch(/^Sent .*ru\.eml to reader@example\.net/);
      expect(smtp.received.map((m) => m.to)).toEqual([["reader@example.net"]]);
    } finally {
      await smtp.close();
    }
  });

  it("tilpress check reports a newsletter's errors like any other, and writes nothing", async () => {
    const root = projectCopy();
    edit(root, ISSUE_FILE, "outlet: rferl-kazakh", "outlet: rferl-kazak");
    const r = await runFailing(["check", "--root", root], { ...process.env, NO_COLOR: "1" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${ISSUE_FILE}:${lineOf(root, ISSUE_FILE, "outlet:")}:9  error  Unknown outlet id \`rferl-kazak\` (at /outlet)  data/unknown-id`,
    );
    expect(r.stderr).toContain("hint: Did you mean `rferl-kazakh`?");
    expect(existsSync(join(root, "dist"))).toBe(false);
  });

  it("--send without TILPRESS_SMTP_HOST is a usage error before anything is written", async () => {
    const root = projectCopy();
    const r = await runFailing(["newsletter", "--root", root, "--send"], { ...process.env, TILPRESS_SMTP_HOST: "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--send needs TILPRESS_SMTP_HOST");
    expect(existsSync(join(root, "dist"))).toBe(false);
  });
});

describe("the story's button names the page it opens", () => {
  // Written out per kind and locale: the linked page's kind from the kinds table (src/model/kinds.ts).
  const BUTTONS: Record<string, Record<Locale, string>> = {
    news: { en: "Read the briefing", kk: "Брифингті оқу", ru: "Читать брифинг" },
    "press-release": { en: "Read the press release", kk: "Баспасөз релизін оқу", ru: "Читать пресс-релиз" },
    statement: { en: "Read the statement", kk: "Мәлімдемені оқу", ru: "Читать заявление" },
  };
  for (const [kind, buttons] of Object.entries(BUTTONS)) {
    it(`a ${kind}: ${buttons.en}`, async () => {
      const root = kind === "news" ? projectCopy() : seedAsKind(projectCopy(), kind);
      const built = await buildNewsletterIssues({ root });
      expect(built.errorCount).toBe(0);
      for (const locale of LOCALES) {
        const html = output(`newsletter/${ISSUE}/${locale}.html`, built.outputs).contents;
        const button = selectOne("a.button", parseHtml(html));
        expect(text(button), locale).toBe(buttons[locale]);
        // It opens the page of that kind, and the text part says the same.
        const page = kind === "news" ? "briefing" : "press-release";
        expect(attr(button, "href")).toContain(`/${locale}/${SEED}/${page}.html`);
        const plain = output(`newsletter/${ISSUE}/${locale}.txt`, built.outputs).contents.toString();
        expect(plain).toContain(buttons[locale]);
      }
    });
  }
});

describe("where the emails link: the issue's baseUrl, else the project's", () => {
  /** A copy whose issue names no baseUrl, with this tilpress.config.json (none: no file). */
  function project(config?: object): string {
    const root = projectCopy();
    edit(root, ISSUE_FILE, /^baseUrl:.*\n/m, "");
    if (config) write(root, "tilpress.config.json", JSON.stringify(config));
    return root;
  }

  /** `tilpress newsletter --locale kk,ru` (a dry run): exit code, report, and each email's HTML links and text part. */
  async function newsletterLinks(root: string) {
    const r = runCli(["newsletter", "--root", root, "--locale", "kk,ru"], root);
    const emails = new Map<string, { hrefs: string[]; text: string }>();
    for (const locale of ["kk", "ru"]) {
      const path = join(root, "dist/newsletter", ISSUE, `${locale}.eml`);
      if (!existsSync(path)) continue;
      const parsedMail = await simpleParser(readFileSync(path));
      const doc = parseHtml(parsedMail.html || "");
      emails.set(locale, { hrefs: selectAll("a", doc).map((a) => attr(a, "href") ?? ""), text: parsedMail.text ?? "" });
    }
    return { ...r, emails };
  }

  /** Every link of the email to the site is under `base`: the story's page and PDF, the email as a page. */
  function expectUnder(emails: Map<string, { hrefs: string[]; text: string }>, base: string) {
    expect([...emails.keys()]).toEqual(["kk", "ru"]);
    for (const [locale, { hrefs, text: plain }] of emails) {
      const site = [
        `${locale}/${SEED}/briefing.html`,
        `${locale}/${SEED}/briefing.pdf`,
        `newsletter/${ISSUE}/${locale}.html`,
      ];
      for (const path of site) {
        expect(hrefs).toContain(`${base}${path}`);
        expect(plain).toContain(`${base}${path}`);
      }
      // The rest is the unsubscribe link, which the issue sets itself.
      expect(
        hrefs.filter((h) => !h.startsWith(base)).every((h) => h.startsWith("https://briefings.example.org/")),
      ).toBe(true);
      expect(hrefs.filter((h) => h.startsWith(base)).length).toBeGreaterThanOrEqual(site.length);
    }
  }

  it("an issue without its own: every link absolute under the project's baseUrl (a path, no trailing slash)", async () => {
    const root = project({ baseUrl: "https://news.example.net/press" });
    const r = await newsletterLinks(root);
    expect(r.stderr).toContain("; 0 error(s), 0 warning(s)");
    expect(r.code, r.stderr).toBe(0);
    expectUnder(r.emails, "https://news.example.net/press/");
  });

  it("an issue with its own baseUrl keeps it, whatever the project's", async () => {
    const root = project({ baseUrl: "https://news.example.net/press/" });
    edit(root, ISSUE_FILE, /^articles:/m, "baseUrl: https://mail.example.com/site/\narticles:");
    const r = await newsletterLinks(root);
    expect(r.code, r.stderr).toBe(0);
    expectUnder(r.emails, "https://mail.example.com/site/");
    for (const { hrefs } of r.emails.values()) expect(hrefs.join(" ")).not.toContain("news.example.net");
  });

  it("neither the issue nor the project has one: an error at the issue, with the hint; no email is written", async () => {
    const root = project();
    const r = await buildNewsletterIssues({ root });
    expect(r.outputs).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "newsletter/base-url",
        severity: "error",
        file: ISSUE_FILE,
        line: lineOf(root, ISSUE_FILE, "id: weekly"),
        column: 1,
        pointer: "/baseUrl",
        message: "The issue has no `baseUrl` and neither has the project: its emails cannot link to the pages",
        hint: expect.stringContaining('Set "baseUrl" in tilpress.config.json'),
      }),
    ]);
    const cli = await newsletterLinks(root);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(
      `${ISSUE_FILE}:${lineOf(root, ISSUE_FILE, "id: weekly")}:1  error  The issue has no \`baseUrl\` and neither has the project`,
    );
    expect(cli.stderr).toContain("newsletter/base-url");
    expect(existsSync(join(root, "dist/newsletter"))).toBe(false);
    // build reports it too, and builds the pages (relative links: the project has no baseUrl).
    const built = runCli(["build", "--root", root, "--article", SEED, "--format", "html"], root);
    expect(built.code).toBe(1);
    expect(built.stderr).toContain("newsletter/base-url");
    expect(existsSync(join(root, "dist/kk", SEED, "briefing.html"))).toBe(true);
    expect(existsSync(join(root, "dist/newsletter"))).toBe(false);
  });

  it("the project's baseUrl is http: the emails are not built (an email links over https only)", async () => {
    const root = project({ baseUrl: "http://press.example.org/" });
    const r = await buildNewsletterIssues({ root });
    expect(r.outputs).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "newsletter/base-url",
        "The issue has no `baseUrl` and the project's (http://press.example.org/) is not https: its emails cannot link to it",
      ],
    ]);
  });
});
