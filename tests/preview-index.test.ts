import { renameSync } from "node:fs";
import { join } from "node:path";
import { selectAll, selectOne } from "css-select";
import { isTag, type AnyNode } from "domhandler";
import { getAttributeValue, textContent } from "domutils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPreview, type PreviewServer } from "../src/preview/server.js";
import { ARTICLES, edit, lineOf, parseHtml, projectCopy, SEED, SEED_DIR } from "./helpers.js";

/**
 * The preview's front page under a broken project: the real server on a copy of the bundled
 * project, files broken and fixed on disk, the index read back as HTML after each reload.
 */

let root: string;
let server: PreviewServer;
let waiting: (() => void) | undefined;

beforeAll(async () => {
  root = projectCopy();
  server = await startPreview({
    build: { root, formats: ["html"] },
    port: 0,
    onChange: () => waiting?.(),
  });
});

afterAll(async () => {
  await server?.close();
});

/** Make an edit and wait until the preview has seen it. */
async function afterEdit(change: () => void): Promise<void> {
  const seen = new Promise<void>((resolve) => (waiting = resolve));
  change();
  await seen;
}

async function index() {
  const response = await fetch(server.url);
  expect(response.status).toBe(200);
  return parseHtml(await response.text());
}

const LOCALES = ["en", "kk", "ru"] as const;
/** Text as read, with no-break spaces and hyphens as plain ones. */
const text = (node: AnyNode | null) =>
  textContent(node ?? [])
    .replace(/[\u00a0\u202f]/g, " ")
    .replace(/\u2011/g, "-")
    .replace(/\s+/g, " ")
    .trim();

/** The status cell of an article's row in one locale. */
function articleStatus(doc: ReturnType<typeof parseHtml>, article: string, locale: string): AnyNode {
  const section = selectOne(`section[aria-labelledby="article-${article}"]`, doc.children);
  const cell = selectOne(`tr[data-locale="${locale}"] td.status`, section ?? []);
  if (!cell) throw new Error(`no status for ${article} [${locale}]`);
  return cell;
}

/** The newsletter issue's row in one locale: its status and its file links (label → href). */
function newsletterRow(doc: ReturnType<typeof parseHtml>, locale: string) {
  const section = selectOne('section[aria-labelledby="source-newsletters"]', doc.children);
  expect(text(selectOne("h2", section ?? []))).toBe("Newsletters");
  const row = selectOne(`tr[data-name="weekly-2020-02-23"][data-locale="${locale}"]`, section ?? []);
  if (!row) throw new Error(`no newsletter row for ${locale}`);
  const links = selectAll("td:last-child a", row).map((a) => [
    text(a),
    isTag(a) ? getAttributeValue(a, "href") : undefined,
  ]);
  return { status: selectOne("td.status", row), subject: text(selectOne("td:nth-child(3)", row)), links };
}

/** The Problems list's items with this code. */
const problems = (doc: ReturnType<typeof parseHtml>, code: string) =>
  selectAll('section[aria-labelledby="diagnostics"] li', doc.children).filter((li) => text(li).endsWith(code));

describe("preview index: the true state of every article × locale and of the newsletter", () => {
  it("all built: every row says built; the newsletter's files are labelled HTML, text and .eml", async () => {
    const doc = await index();
    for (const article of ARTICLES)
      for (const locale of LOCALES)
        expect(text(articleStatus(doc, article, locale)), `${article} ${locale}`).toBe("built");
    const subjects = {
      en: "Kazakhstan briefing: more than 100 detained at opposition rallies",
      kk: "Қазақстан брифингі: оппозиция митингілерінде 100-ден астам адам ұсталды",
      ru: "Брифинг по Казахстану: на митингах оппозиции задержано более 100 человек",
    };
    for (const locale of LOCALES) {
      const row = newsletterRow(doc, locale);
      expect(text(row.status)).toBe("built");
      expect(row.subject).toBe(subjects[locale]);
      expect(row.links).toEqual([
        ["HTML", `/newsletter/weekly-2020-02-23/${locale}.html`],
        ["text", `/newsletter/weekly-2020-02-23/${locale}.txt`],
        [".eml", `/newsletter/weekly-2020-02-23/${locale}.eml`],
      ]);
      // Each link leads to the file it names.
      for (const [, href] of row.links) expect((await fetch(new URL(href ?? "", server.url))).status).toBe(200);
    }
    // No list of bare subjects any more: each output is in its section, labelled by format.
    expect(selectAll("#other-outputs", doc.children)).toHaveLength(0);
  });

  it("links only the pages each article's kind is built with, and every one of them opens", async () => {
    // It linked every template for every article: a news item's press release was a 404.
    const doc = await index();
    const hrefs = ARTICLES.flatMap((article) => {
      const section = selectOne(`section[aria-labelledby="article-${article}"]`, doc.children);
      return selectAll("tbody a", section ?? []).map((a) => (isTag(a) ? getAttributeValue(a, "href") : undefined));
    });
    expect(hrefs.length).toBeGreaterThanOrEqual(ARTICLES.length * LOCALES.length);
    for (const href of hrefs) expect((await fetch(new URL(href ?? "", server.url))).status, href).toBe(200);
    const news = selectOne('section[aria-labelledby="article-kazakhstan-rallies-2020-02-22"]', doc.children);
    expect(selectAll("tbody a", news ?? []).map((a) => (isTag(a) ? getAttributeValue(a, "href") : ""))).not.toContain(
      expect.stringContaining("press-release"),
    );
  }, 120_000);

  it("links each locale's press room, which the preview serves in that language", async () => {
    const doc = await index();
    const links = selectAll('section[aria-labelledby="press-rooms"] a', doc.children).map((a) => [
      getAttributeValue(a as never, "lang"),
      getAttributeValue(a as never, "href"),
      text(a),
    ]);
    expect(links).toEqual([
      ["en", "/en/index.html", "English"],
      ["kk", "/kk/index.html", "Қазақша"],
      ["ru", "/ru/index.html", "Русский"],
    ]);
    for (const [locale, href] of links) {
      const response = await fetch(new URL(href ?? "", server.url));
      expect(response.status).toBe(200);
      const room = parseHtml(await response.text());
      expect(getAttributeValue(selectOne("html", room.children) as never, "lang")).toBe(locale);
      // Its pages are listed, each a link the preview serves.
      const pages = selectAll("main a[href$='.html']", room.children);
      expect(pages.length).toBeGreaterThanOrEqual(ARTICLES.length);
    }
  });

  it("a broken YAML: its article is not built in any locale, with the error; the others are built; the error is listed once; the newsletter says why it is not built", async () => {
    const facts = `${SEED_DIR}/article.yaml`;
    await afterEdit(() => edit(root, facts, "dateline: almaty", "dateline: [almaty"));
    const line = lineOf(root, facts, "dateline: [almaty");
    const doc = await index();
    for (const locale of LOCALES) {
      const status = articleStatus(doc, SEED, locale);
      expect(text(selectOne(".status-error", status))).toBe("not built: 1 error(s)");
      const reasons = selectAll(".reasons li", status).map(text);
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(new RegExp(`^${facts}:${line + 1}:1 error .* data/yaml-syntax$`));
    }
    for (const article of ARTICLES.filter((a) => a !== SEED))
      for (const locale of LOCALES) expect(text(articleStatus(doc, article, locale))).toBe("built");
    // Reported by the article build and by the newsletter (its story): listed once.
    expect(problems(doc, "data/yaml-syntax")).toHaveLength(1);
    expect(text(selectOne('section[aria-labelledby="diagnostics"] h2', doc.children))).toBe(
      "Problems (1 error(s), 0 warning(s))",
    );
    for (const locale of LOCALES) {
      const row = newsletterRow(doc, locale);
      expect(text(selectOne(".status-error", row.status ?? []))).toBe("not built: 1 error(s)");
      expect(text(selectOne(".reasons li", row.status ?? []))).toMatch(
        new RegExp(`^${facts}:${line + 1}:1 error .* data/yaml-syntax$`),
      );
      expect(row.links).toEqual([]);
    }
    await afterEdit(() => edit(root, facts, "dateline: [almaty", "dateline: almaty"));
    const fixed = await index();
    for (const locale of LOCALES) {
      expect(text(articleStatus(fixed, SEED, locale))).toBe("built");
      expect(text(newsletterRow(fixed, locale).status)).toBe("built");
    }
    expect(problems(fixed, "data/yaml-syntax")).toHaveLength(0);
  });

  it("one locale missing: that row says no translation, the others are built; the newsletter in that locale says which story at which line", async () => {
    const kk = join(root, SEED_DIR, "kk.md");
    await afterEdit(() => renameSync(kk, `${kk}.away`));
    const doc = await index();
    expect(text(articleStatus(doc, SEED, "kk"))).toBe("no translation");
    expect(text(articleStatus(doc, SEED, "en"))).toBe("built");
    expect(text(articleStatus(doc, SEED, "ru"))).toBe("built");
    const issue = "data/newsletters/weekly-2020-02-23.yaml";
    const storyLine = lineOf(root, issue, `  - ${SEED}`);
    const kkRow = newsletterRow(doc, "kk");
    expect(text(selectOne(".status-error", kkRow.status ?? []))).toBe("not built: 1 error(s)");
    expect(text(selectOne(".reasons li", kkRow.status ?? []))).toBe(
      `${issue}:${storyLine}:5 error The article \`${SEED}\` has no kk text: the kk email is not built (locale kk) newsletter/article-not-built`,
    );
    for (const locale of ["en", "ru"]) expect(text(newsletterRow(doc, locale).status)).toBe("built");
    expect(problems(doc, "newsletter/article-not-built")).toHaveLength(1);
    // The email's own page shows what keeps it out; the other locales' emails are served.
    const email = await fetch(new URL("/newsletter/weekly-2020-02-23/kk.html", server.url));
    expect(email.status).toBe(500);
    const overlay = parseHtml(await email.text());
    expect(
      selectAll("#tilpress-overlay [data-code]", overlay.children).map((d) => text(selectOne(".code", d))),
    ).toEqual(["newsletter/article-not-built"]);
    expect((await fetch(new URL("/newsletter/weekly-2020-02-23/en.html", server.url))).status).toBe(200);
    await afterEdit(() => renameSync(`${kk}.away`, kk));
    expect(text(articleStatus(await index(), SEED, "kk"))).toBe("built");
  });
});

describe("preview --template briefing", () => {
  it("links a briefing only for the kinds that have one; every link opens", async () => {
    // A press release, a statement and a media advisory have no briefing: their rows linked one
    // each (a 404), since no page of theirs was built to tell their kind.
    const own = await startPreview({
      build: { root: projectCopy(), formats: ["html"], templates: ["briefing"] },
      port: 0,
    });
    try {
      const doc = parseHtml(await (await fetch(own.url)).text());
      const linked = ARTICLES.filter((article) => {
        const section = selectOne(`section[aria-labelledby="article-${article}"]`, doc.children);
        return selectAll("tbody a", section ?? []).length > 0;
      });
      expect(linked).toEqual([
        "astana-economy-2025-12-24",
        "kazakhstan-rallies-2020-02-22",
        "saiga-comeback-2023-12-12",
      ]);
      const hrefs = selectAll("section[aria-labelledby^=article-] tbody a", doc.children).map((a) =>
        isTag(a) ? getAttributeValue(a, "href") : undefined,
      );
      for (const href of hrefs) expect((await fetch(new URL(href ?? "", own.url))).status, href).toBe(200);
      const release = "adb-kyzylorda-zhezkazgan-road-2024-10-29";
      expect(text(articleStatus(doc, release, "kk"))).toBe("no briefing: its kind has none");
    } finally {
      await own.close();
    }
  }, 120_000);
});
