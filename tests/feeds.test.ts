import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectAll } from "css-select";
import type { Element } from "domhandler";
import { beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../src/index.js";
import { ARTICLE_KINDS, type ArticleKind } from "../src/model/kinds.js";
import {
  ARTICLES,
  edit,
  parseHtml,
  projectCopy,
  runCli,
  SEED,
  SEED_DIR,
  seedAsKind,
  seedCopy,
  write,
} from "./helpers.js";

const BASE = "https://press.example.org/";
// kk-Latn is made from kk: its feeds are written in its script like its pages.
const LOCALES = ["en", "kk", "kk-Latn", "ru"] as const;

/** Each locale's feed title, as the catalog words it. */
const TITLES: Readonly<Record<string, string>> = {
  en: "Press room, in English",
  kk: "Баспасөз орталығы: қазақ тіліндегі материалдар",
  "kk-Latn": "Baspasöz ortalyğy: qazaq tılındegı materialdar",
  ru: "Пресс-центр: материалы на русском языке",
};

/**
 * Debian's Python with its feedparser (python3-feedparser; .ci/run installs it): an independent
 * reader of RSS and Atom. It prints, per file, what it understood: whether the feed was
 * well-formed (`bozo`), its type, title and every entry with its dates (seconds since the epoch)
 * and its title and summary as a reader shows them (HTML content read as text).
 */
const PYTHON = "/usr/bin/python3";
const READ_FEEDS = `
import calendar, html, json, sys, feedparser
def seconds(t):
    return calendar.timegm(t) if t else None
def text(e, key):
    # What a reader shows: HTML content (RSS and Atom titles and summaries are) read as text.
    detail = e.get(key + "_detail")
    return html.unescape(e.get(key)) if detail and detail.type == "text/html" else e.get(key)
out = {}
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    out[path] = {
        "bozo": bool(d.bozo),
        "problem": str(d.get("bozo_exception", "")),
        "version": d.version,
        "title": d.feed.get("title"),
        "updated": seconds(d.feed.get("updated_parsed")),
        "entries": [
            {
                "id": e.get("id"),
                "title": text(e, "title"),
                "link": e.get("link"),
                "summary": text(e, "summary"),
                "published": seconds(e.get("published_parsed")),
                "updated": seconds(e.get("updated_parsed")),
                "enclosures": [dict(href=x.get("href"), length=x.get("length"), type=x.get("type")) for x in e.get("enclosures", [])],
            }
            for e in d.entries
        ],
    }
print(json.dumps(out))
`;

interface ParsedFeed {
  readonly bozo: boolean;
  readonly problem: string;
  readonly version: string;
  readonly title: string | null;
  readonly updated: number | null;
  readonly entries: readonly {
    readonly id: string | null;
    readonly title: string | null;
    readonly link: string | null;
    readonly summary: string | null;
    readonly published: number | null;
    readonly updated: number | null;
    readonly enclosures: readonly { href: string; length: string; type: string }[];
  }[];
}

function readFeeds(files: readonly string[]): Record<string, ParsedFeed> {
  return JSON.parse(execFileSync(PYTHON, ["-c", READ_FEEDS, ...files], { encoding: "utf8" })) as Record<
    string,
    ParsedFeed
  >;
}

/** A copy of the bundled project published at BASE (`extra` joins its tilpress.config.json). */
function published(root: string, extra: Record<string, unknown> = {}): string {
  write(root, "tilpress.config.json", JSON.stringify({ baseUrl: BASE, locales: LOCALES, ...extra }));
  return root;
}

function build(root: string, ...args: string[]): string {
  const out = mkdtempSync(join(tmpdir(), "tilpress-feeds-"));
  const r = runCli(["build", "--root", root, "--out", out, "--quiet", ...args]);
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return out;
}

const pathOf = (url: string | null) => {
  expect(url?.startsWith(BASE), String(url)).toBe(true);
  return url!.slice(BASE.length);
};

describe("feeds", () => {
  let root: string;
  let out: string;
  let manifest: Manifest;
  beforeAll(() => {
    root = published(projectCopy());
    out = build(root);
    manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
  }, 240_000);

  it("every locale's RSS and Atom feed is read by feedparser: its title, one item per article, newest first, the PDF enclosed", () => {
    const files = LOCALES.flatMap((l) => [join(out, l, "feed.xml"), join(out, l, "atom.xml")]);
    const feeds = readFeeds(files);
    for (const locale of LOCALES) {
      for (const [file, version] of [
        ["feed.xml", "rss20"],
        ["atom.xml", "atom10"],
      ] as const) {
        const feed = feeds[join(out, locale, file)]!;
        const where = `${locale}/${file}`;
        expect(feed.bozo, `${where}: ${feed.problem}`).toBe(false);
        expect(feed.version, where).toBe(version);
        expect(feed.title, where).toBe(TITLES[locale]);
        // One item per bundled article (none is under embargo), each its kind's own page.
        expect(feed.entries.map((e) => pathOf(e.link).split("/")[1]).sort(), where).toEqual([...ARTICLES]);
        const published = feed.entries.map((e) => e.published!);
        expect(published, where).toEqual([...published].sort((a, b) => b - a));
        // Dated by the newest item, not by the clock.
        expect(feed.updated, where).toBe(Math.max(...feed.entries.map((e) => e.updated!)));
        for (const entry of feed.entries) {
          const page = pathOf(entry.link);
          const line = manifest.outputs.find((o) => o.path === page);
          expect(line, page).toBeDefined();
          expect(existsSync(join(out, page)), page).toBe(true);
          expect(page.startsWith(`${locale}/`), page).toBe(true);
          const kind = line!.page!.kind as ArticleKind;
          expect(line!.template, page).toBe(ARTICLE_KINDS[kind].newsletterPage);
          // The headline and standfirst read back as the page's text (escaped in the feed, never
          // markup), in plain characters: a reader's fonts may lack the no-break hyphen (below).
          const plain = (text: string | null | undefined) => text?.replaceAll("\u2011", "-").replaceAll("\u00ad", "");
          expect(entry.title, page).toBe(plain(line!.title));
          expect(entry.summary, page).toBe(plain(line!.page!.standfirst));
          expect(entry.id, page).toBe(`${BASE}${page}`);
          expect(entry.published, page).toBe(Date.parse(normalized(line!.page!.published)) / 1000);
          const pdf = page.replace(/\.html$/, ".pdf");
          expect(entry.enclosures, page).toEqual([
            { href: `${BASE}${pdf}`, length: String(statSync(join(out, pdf)).size), type: "application/pdf" },
          ]);
        }
      }
    }
  });

  it("a feed's titles and summaries are in plain characters: Kazakh «100‑ден» is 100-ден there", () => {
    const titles = (locale: string) => {
      const xml = readFileSync(join(out, locale, "feed.xml"), "utf8");
      expect(xml, locale).not.toMatch(/[\u2011\u00ad]/);
      return readFeeds([join(out, locale, "feed.xml")])[join(out, locale, "feed.xml")]!.entries.map((e) => e.title);
    };
    expect(titles("kk")).toContain(
      "Қазақстанда полиция оппозиция митингілеріне жол бермеуге тырысып, 100-ден астам адамды ұстады",
    );
    for (const locale of LOCALES) {
      titles(locale);
      expect(readFileSync(join(out, locale, "atom.xml"), "utf8"), locale).not.toMatch(/[\u2011\u00ad]/);
      expect(readFileSync(join(out, locale, "feed.json"), "utf8"), locale).not.toMatch(/\\u2011|\u2011/);
    }
  });

  it("every locale's JSON Feed has what JSON Feed 1.1 requires, and the same items", () => {
    const rss = readFeeds(LOCALES.map((l) => join(out, l, "feed.xml")));
    for (const locale of LOCALES) {
      const feed = JSON.parse(readFileSync(join(out, locale, "feed.json"), "utf8")) as Record<string, unknown>;
      // Required at the top: version (the 1.1 URL), title, items.
      expect(feed["version"]).toBe("https://jsonfeed.org/version/1.1");
      expect(feed["title"]).toBe(TITLES[locale]);
      expect(feed["language"]).toBe(locale);
      expect(feed["feed_url"]).toBe(`${BASE}${locale}/feed.json`);
      expect(feed).not.toHaveProperty("author"); // 1.1 has `authors`
      const items = feed["items"] as Record<string, unknown>[];
      expect(Array.isArray(items)).toBe(true);
      // Required of each item: a string id, and content_html or content_text.
      for (const item of items) {
        expect(typeof item["id"]).toBe("string");
        expect(typeof (item["content_text"] ?? item["content_html"])).toBe("string");
        const [attachment, ...more] = item["attachments"] as Record<string, unknown>[];
        expect(more).toEqual([]);
        const pdf = pathOf(attachment!["url"] as string);
        expect(attachment).toMatchObject({
          mime_type: "application/pdf",
          size_in_bytes: statSync(join(out, pdf)).size,
        });
      }
      expect(items.map((i) => i["id"])).toEqual(rss[join(out, locale, "feed.xml")]!.entries.map((e) => e.id));
      expect(items.map((i) => i["title"])).toEqual(rss[join(out, locale, "feed.xml")]!.entries.map((e) => e.title));
    }
  });

  it("every page and the index advertise the feeds of their locale", () => {
    for (const line of manifest.outputs.filter((o) => o.format === "html" && o.article)) {
      const doc = parseHtml(readFileSync(join(out, line.path)));
      const links = selectAll(
        'head link[rel="alternate"][type]:not([type="application/pdf"])',
        doc.children,
      ) as Element[];
      expect(
        links.map((l) => [l.attribs["type"], l.attribs["href"], l.attribs["title"]]),
        line.path,
      ).toEqual([
        ["application/rss+xml", `${BASE}${line.locale}/feed.xml`, `${TITLES[line.locale!]} (RSS)`],
        ["application/atom+xml", `${BASE}${line.locale}/atom.xml`, `${TITLES[line.locale!]} (Atom)`],
        ["application/feed+json", `${BASE}${line.locale}/feed.json`, `${TITLES[line.locale!]} (JSON Feed)`],
      ]);
      for (const l of links) expect(existsSync(join(out, pathOf(l.attribs["href"]!)))).toBe(true);
    }
    const index = parseHtml(readFileSync(join(out, "index.html")));
    const links = selectAll('head link[rel="alternate"][type="application/rss+xml"]', index.children) as Element[];
    expect(links.map((l) => [l.attribs["hreflang"], l.attribs["href"]])).toEqual(
      LOCALES.map((l) => [l, `${BASE}${l}/feed.xml`]),
    );
  });

  it("a rebuild writes the same feeds; feedItems keeps the newest items, with the same ids", () => {
    const again = build(root);
    for (const locale of LOCALES)
      for (const file of ["feed.xml", "atom.xml", "feed.json"])
        expect(readFileSync(join(again, locale, file)).equals(readFileSync(join(out, locale, file))), file).toBe(true);
    // Two items, from the same entries: the two newest of the full feed, ids unchanged.
    const two = build(published(root, { feedItems: 2 }));
    const files = (dir: string) => LOCALES.flatMap((l) => [join(dir, l, "feed.xml"), join(dir, l, "atom.xml")]);
    const before = readFeeds(files(out));
    const after = readFeeds(files(two));
    for (const [i, file] of files(two).entries()) {
      const ids = after[file]!.entries.map((e) => e.id);
      expect(ids, file).toHaveLength(2);
      expect(ids, file).toEqual(before[files(out)[i]!]!.entries.slice(0, 2).map((e) => e.id));
    }
  }, 240_000);
});

describe("feeds and the sitemap around an embargo and without baseUrl", () => {
  const EMBARGO = "2030-03-03T09:00:00+06:00";
  const BEFORE = "2030-03-03T08:59:00+06:00";
  const AFTER = "2030-03-03T03:00:00Z";

  it("an embargoed article is in no feed and not in the sitemap until --now passes the embargo", () => {
    // The seed as a press release under embargo, next to an article that is not.
    const root = published(seedAsKind(projectCopy(), "press-release"));
    for (const article of ARTICLES.filter((a) => a !== SEED && !a.startsWith("saiga")))
      rmSync(join(root, "data/articles", article), { recursive: true });
    edit(root, `${SEED_DIR}/article.yaml`, /^(published: .*)$/m, `$1\nembargo: "${EMBARGO}"`);
    const files = (dir: string) => LOCALES.flatMap((l) => [join(dir, l, "feed.xml"), join(dir, l, "atom.xml")]);
    const articlesIn = (dir: string) => {
      const feeds = readFeeds(files(dir));
      const json = LOCALES.map((l) => readFileSync(join(dir, l, "feed.json"), "utf8"));
      return {
        feeds: files(dir).map((f) => feeds[f]!.entries.map((e) => pathOf(e.link).split("/")[1])),
        json: json.map((j) => j.includes(SEED)),
        sitemap: readFileSync(join(dir, "sitemap.xml"), "utf8").includes(SEED),
      };
    };
    const before = articlesIn(build(root, "--now", BEFORE));
    expect(before.feeds).toEqual(files("").map(() => ["saiga-comeback-2023-12-12"]));
    expect(before.json).toEqual(LOCALES.map(() => false));
    expect(before.sitemap).toBe(false);
    const after = articlesIn(build(root, "--now", AFTER));
    // Published 2020, the seed comes after the 2023 feature.
    expect(after.feeds).toEqual(files("").map(() => ["saiga-comeback-2023-12-12", SEED]));
    expect(after.json).toEqual(LOCALES.map(() => true));
    expect(after.sitemap).toBe(true);
  }, 240_000);

  it("an item's updated date is its latest revision: the newest of `updated:` and the corrections", () => {
    const root = published(seedCopy());
    edit(
      root,
      `${SEED_DIR}/article.yaml`,
      /^published: .*$/m,
      [
        'published: "2020-02-22T20:00:00+06:00"',
        'updated: "2020-02-24T11:00:00+06:00"',
        "corrections:",
        "  - id: internet",
        '    date: "2020-02-25"',
      ].join("\n"),
    );
    const notes = {
      en: "An earlier version wrongly said that mobile internet was cut off; it was limited.",
      kk: "Алдыңғы нұсқада мобильді интернет өшірілді деп қате айтылған; ол шектелген еді.",
      ru: "В предыдущей версии ошибочно говорилось, что мобильный интернет отключили; его ограничили.",
    };
    for (const l of ["en", "kk", "ru"] as const)
      edit(root, `${SEED_DIR}/${l}.md`, /^timeline:$/m, `corrections:\n  internet: "${notes[l]}"\ntimeline:`);
    const out = build(root, "--format", "html");
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
    expect(manifest.outputs.find((o) => o.path === `ru/${SEED}/briefing.html`)?.page).toMatchObject({
      published: "2020-02-22T20:00:00+06:00",
      updated: "2020-02-25",
    });
    const feeds = readFeeds(LOCALES.flatMap((l) => [join(out, l, "atom.xml"), join(out, l, "feed.xml")]));
    for (const l of LOCALES) {
      const [atom] = feeds[join(out, l, "atom.xml")]!.entries;
      expect(atom).toMatchObject({
        published: Date.parse("2020-02-22T14:00:00Z") / 1000,
        updated: Date.parse("2020-02-25T00:00:00Z") / 1000,
      });
      // RSS has one date: the publication.
      expect(feeds[join(out, l, "feed.xml")]!.entries[0]?.published).toBe(Date.parse("2020-02-22T14:00:00Z") / 1000);
      const json = JSON.parse(readFileSync(join(out, l, "feed.json"), "utf8")) as { items: Record<string, unknown>[] };
      expect(json.items[0]).toMatchObject({
        date_published: "2020-02-22T14:00:00.000Z",
        date_modified: "2020-02-25T00:00:00.000Z",
      });
      // Only HTML was built: an item without a PDF has no enclosure.
      expect(atom?.enclosures).toEqual([]);
    }
    expect(readFileSync(join(out, "sitemap.xml"), "utf8")).toContain(
      `<loc>${BASE}kk/${SEED}/briefing.html</loc>\n    <lastmod>2020-02-25</lastmod>`,
    );
  }, 120_000);

  it("a headline with markup, entities and a CDATA end is text in every feed, never markup", () => {
    const root = published(seedCopy());
    const headline = "More Than 100 <script>alert()</script> & AT&amp;T ]]> Detained";
    edit(root, `${SEED_DIR}/en.md`, /^headline: .*$/m, `headline: '${headline}'`);
    const out = build(root, "--format", "html");
    const title = (JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest).outputs.find(
      (o) => o.path === `en/${SEED}/briefing.html`,
    )!.title!;
    expect(title).toContain("<script>alert()</script>");
    const feeds = readFeeds([join(out, "en/feed.xml"), join(out, "en/atom.xml")]);
    for (const feed of Object.values(feeds)) {
      expect(feed.bozo, feed.problem).toBe(false);
      expect(feed.entries[0]?.title).toBe(title);
    }
    const json = JSON.parse(readFileSync(join(out, "en/feed.json"), "utf8")) as { items: { title: string }[] };
    expect(json.items[0]?.title).toBe(title);
    for (const file of ["en/feed.xml", "en/atom.xml"])
      expect(readFileSync(join(out, file), "utf8"), file).not.toContain("<script>");
  }, 120_000);

  it("without baseUrl there are no feeds, sitemap or robots.txt, and pages link to none", () => {
    const out = build(seedCopy(), "--format", "html");
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
    const made = manifest.outputs.map((o) => o.path);
    expect(made.filter((p) => /(^|\/)(feed\.xml|atom\.xml|feed\.json|sitemap\.xml|robots\.txt)$/.test(p))).toEqual([]);
    for (const file of ["sitemap.xml", "robots.txt", "en/feed.xml", "kk/atom.xml", "ru/feed.json"])
      expect(existsSync(join(out, file)), file).toBe(false);
    const page = parseHtml(readFileSync(join(out, `kk/${SEED}/briefing.html`)));
    expect(selectAll('link[rel="alternate"][type]', page.children)).toHaveLength(0);
  }, 120_000);
});

/** An ISO date or date-time as Date.parse reads it in UTC (a date alone is midnight UTC). */
function normalized(written: string): string {
  return written.length === 10 ? `${written}T00:00:00Z` : written;
}
