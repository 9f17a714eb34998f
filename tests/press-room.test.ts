import { cpSync, existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { pathToFileURL } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { selectAll, selectOne } from "css-select";
import type { Element } from "domhandler";
import { getAttributeValue, textContent } from "domutils";
import { beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../src/index.js";
import {
  edit,
  filesUnder,
  ISSUE_FILE,
  launchChromium,
  nuCheckerErrors,
  parseHtml,
  projectCopy,
  REPO,
  runCli,
} from "./helpers.js";

/**
 * The press room: each locale's `<locale>/index.html` and the root language picker, built by the
 * CLI from a copy of the bundled project (its baseUrl, https://press.example.org/) with the
 * saiga feature under embargo at the build's clock; read back from the folder.
 */
const BASE = "https://press.example.org/";
const EMBARGO = "2030-03-03T09:00:00+06:00";
const BEFORE = "2030-03-03T08:59:00+06:00";
const SAIGA = "saiga-comeback-2023-12-12";
// The bundled config builds kk-Latn (made from kk): its room is written in its script.
const LOCALES = ["en", "kk", "kk-Latn", "ru"] as const;

let root: string;
let dist: string;

function project(): string {
  const dir = projectCopy();
  cpSync(join(REPO, "tilpress.config.json"), join(dir, "tilpress.config.json"));
  // As bundled: the newsletter issue links under the config's baseUrl, not one of its own.
  edit(dir, ISSUE_FILE, /^baseUrl:.*\n/m, "");
  edit(dir, `data/articles/${SAIGA}/article.yaml`, /^(published: .*)$/m, `$1\nembargo: "${EMBARGO}"`);
  return dir;
}

function build(args: readonly string[]): string {
  const out = join(mkdtempSync(join(tmpdir(), "tilpress-room-")), "dist");
  const r = runCli(["build", "--root", root, "--out", out, "--now", BEFORE, "--quiet", "--no-cache", ...args]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

beforeAll(() => {
  root = project();
  dist = build([]);
}, 300_000);

const doc = (path: string) => parseHtml(readFileSync(join(dist, path)));
const all = (selector: string, path: string) => selectAll(selector, doc(path).children) as Element[];
const text = (el: Element) => textContent(el).replace(/\s+/g, " ").trim();
const attr = (el: Element, name: string) => getAttributeValue(el, name) ?? "";

/** The file a link of `from` names in dist/: an URL under the base URL, or a relative link; undefined for another site. */
function target(from: string, href: string): string | undefined {
  if (href.startsWith(BASE)) return href.slice(BASE.length);
  if (/^[a-z]+:/i.test(href)) return undefined;
  return posix.normalize(posix.join(posix.dirname(from), href));
}

describe("each locale's press room", () => {
  // Written out by hand: the kinds table's order, newest first inside a section; the saiga
  // feature is under embargo, so there is no Features section.
  const expected = {
    en: {
      headings: ["News", "Press releases", "Statements", "Media advisories"],
      unit: "KB",
      title: "Press room",
    },
    kk: {
      // «БАҚ‑қа»: the case suffix after an abbreviation joined by a no-break hyphen, as on the pages.
      headings: ["Жаңалықтар", "Баспасөз релиздері", "Мәлімдемелер", "БАҚ\u2011қа арналған анонстар"],
      unit: "КБ",
      title: "Баспасөз орталығы",
    },
    "kk-Latn": {
      headings: ["Jañalyqtar", "Baspasöz relizderı", "Mälımdemeler", "BAQ\u2011qa arnalğan anonstar"],
      unit: "KB",
      title: "Baspasöz ortalyğy",
    },
    ru: {
      headings: ["Новости", "Пресс-релизы", "Заявления", "Анонсы для СМИ"],
      unit: "КБ",
      title: "Пресс-центр",
    },
  } as const;
  const order = [
    ["astana-economy-2025-12-24", "kazakhstan-rallies-2020-02-22"],
    ["adb-kyzylorda-zhezkazgan-road-2024-10-29"],
    ["referendum-preliminary-results-2026-03-16"],
    ["referendum-media-accreditation-2026-02-18"],
  ];

  for (const locale of LOCALES) {
    describe(locale, () => {
      const path = `${locale}/index.html`;

      it("is in its language, a section per kind, newest first, without the embargoed page", () => {
        const page = doc(path);
        expect(attr(selectOne("html", page.children) as Element, "lang")).toBe(locale);
        expect(text(selectOne("h1", page.children) as Element)).toBe(expected[locale].title);
        const sections = all("section.room-kind", path);
        expect(sections.map((s) => text(selectOne("h2", s.children) as Element))).toEqual(expected[locale].headings);
        const articles = sections.map((s) =>
          (selectAll("article h3 a", s.children) as Element[]).map((a) => attr(a, "href").split("/").at(-2)),
        );
        expect(articles).toEqual(order);
        expect(readFileSync(join(dist, path), "utf8")).not.toContain(SAIGA);
        // The page itself is built (under embargo, saying so); it is only not listed.
        expect(existsSync(join(dist, locale, SAIGA, "briefing.html"))).toBe(true);
      });

      it("gives each item its date, headline and standfirst from the page, and the PDF's real size", () => {
        const manifest = JSON.parse(readFileSync(join(dist, "manifest.json"), "utf8")) as Manifest;
        for (const item of all("article.room-item", path)) {
          const link = selectOne("h3 a", item.children) as Element;
          const page = target(path, attr(link, "href"))!;
          const entry = manifest.outputs.find((e) => e.path === page)!;
          expect(text(link)).toBe(entry.title?.replace(/\s+/g, " "));
          const time = selectOne("time", item.children) as Element;
          expect(attr(time, "datetime")).toBe(entry.page?.published);
          const standfirst = selectOne("p:not(.dateline)", item.children) as Element;
          expect(text(standfirst)).toBe(entry.page?.standfirst?.replace(/\s+/g, " "));
          const pdf = selectOne('a[type="application/pdf"]', item.children) as Element;
          const bytes = statSync(join(dist, target(path, attr(pdf, "href"))!)).size;
          expect(text(pdf)).toBe(`PDF, ${Math.ceil(bytes / 1024)} ${expected[locale].unit}`);
        }
      });

      it("links the other locales' press rooms, named in their own language", () => {
        const links = all("nav.languages a", path);
        expect(links.map((a) => [attr(a, "hreflang"), attr(a, "lang"), attr(a, "href")])).toEqual(
          LOCALES.filter((l) => l !== locale).map((l) => [l, l, `${BASE}${l}/index.html`]),
        );
        expect(attr(all('link[rel="canonical"]', path)[0]!, "href")).toBe(`${BASE}${path}`);
        expect(attr(all('link[hreflang="x-default"]', path)[0]!, "href")).toBe(`${BASE}index.html`);
      });
    });
  }

  it("dates are localized: «2026 ж. 16 наурыз», «16 марта 2026 г.», March 16, 2026", () => {
    const dateOf = (locale: string) =>
      text(all("time", `${locale}/index.html`).find((t) => attr(t, "datetime") === "2026-03-16")!);
    expect(dateOf("en")).toBe("March 16, 2026");
    expect(dateOf("kk")).toBe("2026 ж. 16 наурыз");
    expect(dateOf("kk-Latn")).toBe("2026 j. 16 nauryz");
    expect(dateOf("ru")).toBe("16 марта 2026 г.");
  });

  it("sets dates and file sizes as the pages do: «2026 ж. 16 наурыз» and «36 КБ» do not break", () => {
    // Raw text: the no-break spaces (U+00A0) the pages' typesetting puts there.
    const raw = (el: Element) => textContent(el);
    const dateOf = (locale: string) =>
      raw(all("time", `${locale}/index.html`).find((t) => attr(t, "datetime") === "2026-03-16")!);
    expect(dateOf("kk")).toBe("2026\u00a0ж. 16\u00a0наурыз");
    expect(dateOf("ru")).toBe("16\u00a0марта 2026\u00a0г.");
    for (const locale of ["kk", "ru"]) {
      const sizes = all('article.room-item a[type="application/pdf"]', `${locale}/index.html`).map(raw);
      expect(sizes.length).toBeGreaterThan(0);
      for (const size of sizes) expect(size).toMatch(/^PDF, \d+\u00a0КБ$/);
    }
  });

  it("lists the embargoed page once its embargo has passed, under Features", () => {
    const after = parseHtml(readFileSync(join(build(["--now", "2030-03-04T00:00:00+06:00"]), "ru/index.html")));
    const headings = (selectAll("section.room-kind h2", after.children) as Element[]).map(text);
    expect(headings).toEqual(["Новости", "Статьи", "Пресс-релизы", "Заявления", "Анонсы для СМИ"]);
  }, 300_000);
});

describe("the root index", () => {
  it("is a language picker: a plain link to each press room, named in its language, with lang and hreflang", () => {
    const links = all("main a", "index.html");
    expect(links.map((a) => [text(a), attr(a, "lang"), attr(a, "hreflang"), attr(a, "href")])).toEqual([
      ["English", "en", "en", `${BASE}en/index.html`],
      ["Қазақша", "kk", "kk", `${BASE}kk/index.html`],
      ["Qazaqşa", "kk-Latn", "kk-Latn", `${BASE}kk-Latn/index.html`],
      ["Русский", "ru", "ru", `${BASE}ru/index.html`],
    ]);
    expect(all("script", "index.html")).toEqual([]);
    expect(all("h1 span", "index.html").map((s) => [attr(s, "lang"), text(s)])).toEqual([
      ["en", "Press room"],
      ["kk", "Баспасөз орталығы"],
      ["kk-Latn", "Baspasöz ortalyğy"],
      ["ru", "Пресс-центр"],
    ]);
  });
});

describe("every link of the press rooms, the index and the pages they list", () => {
  it("names a file of the build", () => {
    const seen = new Set<string>();
    const queue = ["index.html", ...LOCALES.map((l) => `${l}/index.html`)];
    const broken: string[] = [];
    while (queue.length) {
      const from = queue.shift()!;
      if (seen.has(from)) continue;
      seen.add(from);
      if (/\/(feed\.xml|atom\.xml|feed\.json)$/.test(from)) {
        // A feed: its own links, its items' pages and their PDF enclosures (absolute URLs).
        const feed = readFileSync(join(dist, from), "utf8");
        const urls = [
          ...feed.matchAll(
            /(?:href|url)="([^"]+)"|<link>([^<]+)<\/link>|"(?:url|home_page_url|feed_url)": ?"([^"]+)"/g,
          ),
        ];
        for (const m of urls) {
          const url = m[1] ?? m[2] ?? m[3]!;
          const path = url.startsWith(BASE) ? url.slice(BASE.length) : undefined;
          if (path === undefined) continue;
          if (!existsSync(join(dist, path))) broken.push(`${from} → ${url}`);
          else queue.push(path);
        }
        continue;
      }
      if (!from.endsWith(".html")) continue;
      const page = doc(from);
      // An article page: its head's links and its masthead's (the body's links go to the world);
      // an email as a page: its stories' pages and PDFs, and itself (absolute under the base URL).
      const anchors = from.split("/").length === 3 && !from.startsWith("newsletter/") ? ".masthead a[href]" : "a[href]";
      const links = [
        ...(selectAll(anchors, page.children) as Element[]),
        ...(selectAll("link[href]", page.children) as Element[]),
      ];
      for (const link of links) {
        const path = target(from, attr(link, "href"));
        if (path === undefined) continue;
        if (!existsSync(join(dist, path))) broken.push(`${from} → ${attr(link, "href")}`);
        else queue.push(path);
      }
    }
    expect(broken).toEqual([]);
    // Every listed page and its PDF (five articles: the sixth is under embargo), the emails and
    // every locale's three feeds were reached.
    const reached = filesUnder(dist).filter((f) => seen.has(f));
    expect(reached.filter((f) => f.endsWith(".pdf")).length).toBe(LOCALES.length * 5);
    expect(reached.filter((f) => /^(en|kk|kk-Latn|ru)\/[^/]+\/[^/]+\.html$/.test(f)).length).toBe(LOCALES.length * 5);
    expect(reached.filter((f) => f.startsWith("newsletter/")).length).toBe(LOCALES.length * 3);
    expect(reached.filter((f) => /\/(feed\.xml|atom\.xml|feed\.json)$/.test(f)).length).toBe(LOCALES.length * 3);
  });
});

describe("an article page", () => {
  const page = `kk/astana-economy-2025-12-24/briefing.html`;
  it("has its canonical URL, hreflang alternates for each locale and x-default (the English page)", () => {
    expect(all('link[rel="canonical"]', page).map((l) => attr(l, "href"))).toEqual([`${BASE}${page}`]);
    expect(all("link[hreflang]", page).map((l) => [attr(l, "hreflang"), attr(l, "href")])).toEqual([
      ["en", `${BASE}en/astana-economy-2025-12-24/briefing.html`],
      ["kk", `${BASE}kk/astana-economy-2025-12-24/briefing.html`],
      ["kk-Latn", `${BASE}kk-Latn/astana-economy-2025-12-24/briefing.html`],
      ["ru", `${BASE}ru/astana-economy-2025-12-24/briefing.html`],
      ["x-default", `${BASE}en/astana-economy-2025-12-24/briefing.html`],
    ]);
  });

  it("links its PDF in the head and visibly, with the PDF's size; the PDF does not contain it", () => {
    const pdf = `${BASE}kk/astana-economy-2025-12-24/briefing.pdf`;
    const bytes = statSync(join(dist, "kk/astana-economy-2025-12-24/briefing.pdf")).size;
    const label = `PDF, ${Math.ceil(bytes / 1024)}\u00a0КБ`;
    expect(all('link[type="application/pdf"]', page).map((l) => [attr(l, "href"), attr(l, "title")])).toEqual([
      [pdf, label],
    ]);
    expect(all('.masthead a[type="application/pdf"]', page).map((a) => [attr(a, "href"), textContent(a)])).toEqual([
      [pdf, label],
    ]);
    expect(all(".masthead a", page).find((a) => text(a) === "Барлық материалдар")?.attribs["href"]).toBe(
      `${BASE}kk/index.html`,
    );
  });
});

describe("one press room whatever the way of building", () => {
  it("shards merged, a parallel build, a filtered build and a rebuild from the cache give the same site pages", () => {
    const sitePages = ["index.html", ...LOCALES.map((l) => `${l}/index.html`)];
    const shards = [1, 2].map((k) => build(["--shard", `${k}/2`]));
    const merged = join(mkdtempSync(join(tmpdir(), "tilpress-room-merged-")), "dist");
    const r = runCli(["merge", "--root", root, "--out", merged, ...shards]);
    expect(r.code, r.stderr).toBe(0);
    const parallel = build(["--jobs", "2"]);
    for (const page of sitePages) {
      const whole = readFileSync(join(dist, page));
      expect(readFileSync(join(merged, page)).equals(whole), `merged ${page}`).toBe(true);
      expect(readFileSync(join(parallel, page)).equals(whole), `--jobs 2 ${page}`).toBe(true);
    }
    // A filtered build (one locale) keeps the others' pages and gives the same press rooms.
    const again = runCli(["build", "--root", root, "--out", parallel, "--now", BEFORE, "--quiet", "--locale", "kk"]);
    expect(again.code, again.stderr).toBe(0);
    for (const page of sitePages)
      expect(readFileSync(join(parallel, page)).equals(readFileSync(join(dist, page)))).toBe(true);
    // Again, from the cache the last build filled: nothing rendered or written, the same bytes.
    const cached = runCli(["build", "--root", root, "--out", parallel, "--now", BEFORE, "--locale", "kk"]);
    expect(cached.code, cached.stderr).toBe(0);
    expect(cached.stderr).toMatch(/\(0 written/);
    for (const page of sitePages)
      expect(readFileSync(join(parallel, page)).equals(readFileSync(join(dist, page)))).toBe(true);
  }, 600_000);
});

describe("validators", () => {
  const files = () => ["index.html", ...LOCALES.map((l) => `${l}/index.html`)].map((p) => join(dist, p));
  it("the Nu HTML checker finds no error in the press rooms and the index", () => {
    expect(nuCheckerErrors(files())).toBe("");
  });

  it("axe finds no violations in Chromium", async () => {
    const { context, close } = await launchChromium();
    try {
      const tab = context.pages()[0] ?? (await context.newPage());
      for (const file of files()) {
        await tab.goto(pathToFileURL(file).href);
        const { violations } = await new AxeBuilder({ page: tab }).analyze();
        expect(violations.map((v) => `${file} ${v.id}: ${v.nodes.map((n) => n.target).join()}`)).toEqual([]);
      }
    } finally {
      await close();
    }
  }, 120_000);
});

describe("without a baseUrl", () => {
  it("links are relative and check warns site/no-base-url", () => {
    const bare = projectCopy();
    const out = join(mkdtempSync(join(tmpdir(), "tilpress-room-bare-")), "dist");
    const r = runCli(["build", "--root", bare, "--out", out, "--quiet", "--no-cache", "--article", "astana-*"]);
    expect(r.code, r.stderr).toBe(0);
    const room = parseHtml(readFileSync(join(out, "en/index.html")));
    const hrefs = (selectAll("a", room.children) as Element[]).map((a) => attr(a, "href"));
    expect(hrefs).toContain("../en/astana-economy-2025-12-24/briefing.html");
    expect(selectAll('link[rel="canonical"]', room.children)).toEqual([]);
    const check = runCli(["check", "--root", bare, "--article", "astana-*"]);
    expect(check.stderr).toMatch(/tilpress\.config\.json.*warning.*site\/no-base-url/);
  }, 300_000);
});
