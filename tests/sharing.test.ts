import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { selectAll, selectOne } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { getAttributeValue, textContent } from "domutils";
import { beforeAll, describe, expect, it } from "vitest";
import { build, type BuildResult } from "../src/index.js";
import { scriptJson } from "../src/render/helpers/jsonLd.js";
import { openGraphLocale } from "../src/model/sharing.js";
import {
  ARTICLES,
  bundledPages,
  edit,
  launchChromium,
  parseHtml,
  png,
  projectCopy,
  REPO,
  SEED,
  SEED_DIR,
  withImage,
} from "./helpers.js";
import { everyKind } from "./kindFixtures.js";

/**
 * Issue 17 item 5: Open Graph, Twitter Card and JSON-LD on every article page, read back from
 * the HTML the build writes (htmlparser2 + css-select; Chromium for the script element).
 */
const NBSP = "\u00a0";
const BASE = "https://press.example.org/";
const LOCALES = ["en", "kk", "ru"] as const;
type Lng = (typeof LOCALES)[number];
const OG_LOCALE: Record<Lng, string> = { en: "en_US", kk: "kk_KZ", ru: "ru_RU" };

type Doc = ReturnType<typeof parseHtml>;
const one = (selector: string, doc: AnyNode) => selectOne<AnyNode, Element>(selector, doc);
const all = (selector: string, doc: AnyNode) => selectAll<AnyNode, Element>(selector, doc);
/** Every `<meta property>` value of one property, in order. */
const og = (doc: Doc, property: string) =>
  all(`meta[property="${property}"]`, doc).map((m) => getAttributeValue(m, "content") ?? "");
const tw = (doc: Doc, name: string) =>
  all(`meta[name="${name}"]`, doc).map((m) => getAttributeValue(m, "content") ?? "");

interface LdAgent {
  "@type": string;
  name: string;
  url?: string;
}
interface LdArticle {
  "@context": string;
  "@type": string;
  headline: string;
  description?: string;
  datePublished: string;
  dateModified: string;
  inLanguage: string;
  url?: string;
  image?: { "@type": string; url: string; width: number; height: number }[];
  dateline?: string;
  author: LdAgent[];
  publisher: LdAgent;
  sourceOrganization?: LdAgent;
  about?: { "@type": string; name: string; startDate: string; endDate?: string; location?: { name: string } };
}

/** The page's one JSON-LD block, parsed. */
function jsonLdOf(doc: Doc): LdArticle {
  const scripts = all("script", doc);
  expect(scripts.map((s) => getAttributeValue(s, "type"))).toEqual(["application/ld+json"]);
  return JSON.parse(textContent(scripts)) as LdArticle;
}

function pageIn(result: BuildResult, path: string): Doc {
  const output = result.outputs.find((o) => o.path === path);
  if (!output) throw new Error(`no ${path} among ${result.outputs.map((o) => o.path).join(", ")}`);
  return parseHtml(output.contents);
}

/** Every string of a JSON value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsOf);
  return [];
}

let bundled: BuildResult;
beforeAll(() => {
  // The bundled project: its tilpress.config.json publishes it at https://press.example.org/.
  bundled = build({ root: REPO, formats: ["html"] });
}, 120_000);

describe("every bundled page, in every locale", () => {
  const pages = LOCALES.flatMap((locale) => bundledPages().map((p) => ({ ...p, locale })));

  it("covers every bundled article", () => {
    expect([...new Set(pages.map((p) => p.article))].sort()).toEqual(ARTICLES);
    expect(bundled.errorCount).toBe(0);
  });

  it.each(pages.map((p) => [`${p.locale}/${p.article}/${p.page}`, p] as const))("%s", (path, { locale, article }) => {
    const doc = pageIn(bundled, `${path}.html`);
    const url = `${BASE}${path}.html`;
    const h1 = textContent(one("h1", doc)!);
    const outlet = textContent(one(".masthead .outlet strong", doc)!);
    // As article.yaml writes it.
    const yaml = readFileSync(join(REPO, "data/articles", article, "article.yaml"), "utf8");
    const published = /^published: "(.+)"$/m.exec(yaml)?.[1];

    // Open Graph: one of each, the locale's alternates the two others.
    expect(og(doc, "og:type")).toEqual(["article"]);
    // The headline as shown, but with plain hyphens for the no-break ones the page sets.
    expect(og(doc, "og:title")).toEqual([h1.replaceAll("\u2011", "-")]);
    expect(og(doc, "og:url")).toEqual([url]);
    expect(og(doc, "og:site_name")).toEqual([outlet]);
    expect(og(doc, "og:locale")).toEqual([OG_LOCALE[locale]]);
    expect(og(doc, "og:locale:alternate")).toEqual(LOCALES.filter((l) => l !== locale).map((l) => OG_LOCALE[l]));
    expect(og(doc, "og:image")).toEqual([]);
    expect(og(doc, "article:published_time")).toEqual([published]);
    // No revisions in the bundled articles: last modified when published.
    expect(og(doc, "article:modified_time")).toEqual([published]);
    const [description] = og(doc, "og:description");
    expect(description?.length).toBeGreaterThan(40);
    expect([...description!].length).toBeLessThanOrEqual(200);

    // Twitter: no image, so the small card; the same title and description.
    expect(tw(doc, "twitter:card")).toEqual(["summary"]);
    expect(tw(doc, "twitter:title")).toEqual(og(doc, "og:title"));
    expect(tw(doc, "twitter:description")).toEqual([description]);

    // JSON-LD: a NewsArticle with the fields Google's Article documentation reads.
    const ld = jsonLdOf(doc);
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: og(doc, "og:title")[0],
      description,
      datePublished: published,
      dateModified: published,
      inLanguage: locale,
      url,
      publisher: { "@type": "Organization", name: outlet },
    });
    expect(ld.author.length).toBeGreaterThan(0);
    for (const a of ld.author) expect(["Person", "Organization"]).toContain(a["@type"]);
    expect(ld.image).toBeUndefined();

    // Plain text: no soft hyphen, no-break hyphen or markup in any tag or JSON string.
    const texts = [
      ...all('meta[property^="og:"], meta[property^="article:"], meta[name^="twitter:"]', doc).map(
        (m) => getAttributeValue(m, "content") ?? "",
      ),
      ...stringsOf(ld),
    ];
    for (const text of texts) expect(text, text).not.toMatch(/[\u00ad\u2011<>]|^\s|\s$/);
  });

  it("Kazakh and Russian descriptions: the standfirst as written, cut at a word within 200 characters", () => {
    const description = (locale: Lng, article: string, page: string) =>
      og(pageIn(bundled, `${locale}/${article}/${page}.html`), "og:description")[0];
    expect(description("ru", SEED, "briefing")).toBe(
      `Многочисленные наряды полиции в${NBSP}Алматы, Нур-Султане, Шымкенте и${NBSP}Актобе задерживали сторонников ` +
        `оппозиции и${NBSP}прохожих, чтобы не${NBSP}допустить несанкционированных митингов, к${NBSP}которым призвали…`,
    );
    // Short enough to be whole.
    expect(description("kk", "referendum-media-accreditation-2026-02-18", "media-advisory")).toBe(
      `15${NBSP}наурыздағы жаңа Конституция жобасы жөніндегі республикалық референдум және оны жариялайтын ` +
        "шетелдік БАҚ-ты аккредиттеу.",
    );
    expect(description("ru", "referendum-media-accreditation-2026-02-18", "media-advisory")).toBe(
      `Республиканский референдум по${NBSP}проекту новой Конституции 15${NBSP}марта и${NBSP}аккредитация ` +
        `иностранных СМИ для его освещения.`,
    );
  });

  it("a press release and a statement name their issuer as sourceOrganization; an advisory its Event; news neither", () => {
    const release = jsonLdOf(pageIn(bundled, "ru/adb-kyzylorda-zhezkazgan-road-2024-10-29/press-release.html"));
    expect(release.sourceOrganization).toEqual(release.publisher);
    expect(release.author).toEqual([release.publisher]);
    expect(release.publisher).toEqual({
      "@type": "Organization",
      name: "Азиатский банк развития",
      url: "https://www.adb.org/",
    });
    const statement = jsonLdOf(pageIn(bundled, "kk/referendum-preliminary-results-2026-03-16/press-release.html"));
    expect(statement.sourceOrganization).toEqual(statement.publisher);

    const advisory = jsonLdOf(pageIn(bundled, "en/referendum-media-accreditation-2026-02-18/media-advisory.html"));
    expect(advisory.about).toEqual({
      "@type": "Event",
      name: advisory.headline,
      startDate: "2026-03-15T07:00:00+05:00",
      endDate: "2026-03-15T20:00:00+05:00",
      location: { "@type": "Place", name: "Referendum polling stations across Kazakhstan" },
      organizer: advisory.publisher,
    });

    const news = jsonLdOf(pageIn(bundled, `en/${SEED}/briefing.html`));
    expect(news.sourceOrganization).toBeUndefined();
    expect(news.about).toBeUndefined();
    // The reporting credit is the byline; the outlet publishes.
    expect(news.author).toEqual([{ "@type": "Organization", name: "AFP" }]);
    expect(news.publisher).toEqual({
      "@type": "Organization",
      name: "RFE/RL’s Kazakh Service",
      url: "https://www.azattyq.org/",
    });
    expect(news.dateline).toBe("ALMATY");
  });
});

describe("the other kinds (tests/kindFixtures.ts), which have no standfirst", () => {
  let kinds: BuildResult;
  beforeAll(() => {
    kinds = build({ root: everyKind(), formats: ["html"], locales: ["kk", "ru"], baseUrl: BASE });
  }, 120_000);

  it("a statement's author is its speaker, a Person; its issuer is sourceOrganization", () => {
    const ld = jsonLdOf(pageIn(kinds, "kk/statement-2026-12-02/press-release.html"));
    expect(ld.author).toEqual([{ "@type": "Person", name: "Болат Дембаев" }]);
    expect(ld.sourceOrganization).toEqual({
      "@type": "Organization",
      name: "Азаттық радиосы",
      url: "https://www.azattyq.org/",
    });
  });

  it("the description is the lede's first sentence, in Kazakh and in Russian", () => {
    const release = (locale: Lng) => pageIn(kinds, `${locale}/release-2026-12-01/press-release.html`);
    expect(og(release("kk"), "og:description")).toEqual([
      "Қазақ редакциясы өңірлік жаңалықтар туралы апта сайынғы подкаст бастайды.",
    ]);
    expect(og(release("ru"), "og:description")).toEqual([
      `Казахская служба запускает еженедельный подкаст о${NBSP}региональных новостях.`,
    ]);
    expect(jsonLdOf(release("ru")).description).toBe(
      `Казахская служба запускает еженедельный подкаст о${NBSP}региональных новостях.`,
    );
  });
});

describe("an article with a photo", () => {
  let result: BuildResult;
  beforeAll(() => {
    result = build({ root: withImage("square.png", png(320, 180)), formats: ["html"], baseUrl: BASE });
  }, 120_000);

  it("og:image is the absolute URL of the image as written, with its alt text, width and height; the large card", () => {
    const alts: Record<Lng, string> = {
      en: "Police cordon on the central square of Almaty",
      kk: "Алматының орталық алаңындағы полиция тізбегі",
      ru: `Полицейское оцепление на${NBSP}центральной площади Алматы`,
    };
    const image = `${BASE}assets/${SEED}/square.png`;
    expect(result.outputs.map((o) => o.path)).toContain(`assets/${SEED}/square.png`);
    for (const locale of LOCALES) {
      const doc = pageIn(result, `${locale}/${SEED}/briefing.html`);
      expect(og(doc, "og:image")).toEqual([image]);
      expect(og(doc, "og:image:alt")).toEqual([alts[locale]]);
      expect(og(doc, "og:image:width")).toEqual(["320"]);
      expect(og(doc, "og:image:height")).toEqual(["180"]);
      expect(tw(doc, "twitter:card")).toEqual(["summary_large_image"]);
      expect(jsonLdOf(doc).image).toEqual([{ "@type": "ImageObject", url: image, width: 320, height: 180 }]);
      // The page's own <img> points at the same file.
      expect(new URL(getAttributeValue(one("img", doc)!, "src")!, `${BASE}${locale}/${SEED}/briefing.html`).href).toBe(
        image,
      );
    }
  });

  it("without baseUrl: no og:url, og:image or JSON-LD url and image, the small card; the rest as with it", () => {
    const relative = build({ root: withImage("square.png", png(320, 180)), formats: ["html"] });
    for (const locale of LOCALES) {
      const doc = pageIn(relative, `${locale}/${SEED}/briefing.html`);
      const withBase = pageIn(result, `${locale}/${SEED}/briefing.html`);
      for (const property of ["og:url", "og:image", "og:image:alt", "og:image:width", "og:image:height"])
        expect(og(doc, property), property).toEqual([]);
      for (const property of [
        "og:type",
        "og:title",
        "og:description",
        "og:site_name",
        "og:locale",
        "article:published_time",
      ])
        expect(og(doc, property), property).toEqual(og(withBase, property));
      expect(tw(doc, "twitter:card")).toEqual(["summary"]);
      const ld = jsonLdOf(doc);
      expect(ld.url).toBeUndefined();
      expect(ld.image).toBeUndefined();
      const { url: _url, image: _image, ...rest } = jsonLdOf(withBase);
      expect(ld).toEqual(rest);
    }
  });
});

describe("text as cards show it", () => {
  it("a soft hyphen typed into a Kazakh headline stays on the page and stays out of every tag", () => {
    const root = projectCopy();
    edit(root, `${SEED_DIR}/kk.md`, "100-ден астам адамды ұстады", "100-ден астам адам\u00adды ұстады");
    const doc = pageIn(build({ root, formats: ["html"], locales: ["kk"], baseUrl: BASE }), `kk/${SEED}/briefing.html`);
    expect(textContent(one("h1", doc)!)).toContain("адам\u00adды");
    const title = "Қазақстанда полиция оппозиция митингілеріне жол бермеуге тырысып, 100-ден астам адамды ұстады";
    expect(og(doc, "og:title")).toEqual([title]);
    expect(tw(doc, "twitter:title")).toEqual([title]);
    expect(jsonLdOf(doc).headline).toBe(title);
  });

  it("without a standfirst, the lede's first sentence without its Markdown (Kazakh bodies carry soft hyphens on the page)", () => {
    const root = projectCopy();
    edit(root, `${SEED_DIR}/kk.md`, /^standfirst: >-\n(?: {2}.*\n)+/m, "");
    const doc = pageIn(build({ root, formats: ["html"], locales: ["kk"] }), `kk/${SEED}/briefing.html`);
    // The lede as the page shows it has soft hyphens for browsers.
    expect(textContent(one(".lede", doc)!)).toContain("\u00ad");
    const sentence =
      "Алматыда және Қазақстанның басқа қалаларында оппозиция митингілеріне қатыспақ болған 100-ден астам адамды полиция ұстады.";
    expect(og(doc, "og:description")).toEqual([sentence]);
    expect(jsonLdOf(doc).description).toBe(sentence);
  });

  it("dateModified and article:modified_time: the latest of the update and the corrections", () => {
    const root = projectCopy();
    edit(
      root,
      `${SEED_DIR}/article.yaml`,
      /^published: .*$/m,
      'published: "2020-02-22T20:00:00+06:00"\nupdated: "2020-02-24T11:00:00+06:00"\ncorrections:\n  - id: aqtobe\n    date: "2020-02-25"',
    );
    for (const locale of LOCALES)
      edit(root, `${SEED_DIR}/${locale}.md`, /^timeline:$/m, `corrections:\n  aqtobe: "Aqtobe ${locale}."\ntimeline:`);
    const result = build({ root, formats: ["html"] });
    expect(result.errorCount).toBe(0);
    for (const locale of LOCALES) {
      const doc = pageIn(result, `${locale}/${SEED}/briefing.html`);
      expect(og(doc, "article:published_time")).toEqual(["2020-02-22T20:00:00+06:00"]);
      expect(og(doc, "article:modified_time")).toEqual(["2020-02-25"]);
      expect(jsonLdOf(doc)).toMatchObject({ datePublished: "2020-02-22T20:00:00+06:00", dateModified: "2020-02-25" });
    }
  });
});

describe("hostile strings cannot leave the script element", () => {
  const HOSTILE = "</script><script>alert(1)</script> <!-- <script> & \u2028\u2029 end";

  it("escaped: <, >, & and U+2028/U+2029 as \\u escapes, and JSON reads the same string back", () => {
    const json = scriptJson({ headline: HOSTILE });
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain("\\u003c/script\\u003e");
    expect(json).toContain("\\u003c!--");
    expect(JSON.parse(json)).toEqual({ headline: HOSTILE });
  });

  it("a page with that JSON parses with one script element, in htmlparser2 and in Chromium", async () => {
    const html = `<!DOCTYPE html><html lang="en"><head><title>t</title><script type="application/ld+json">${scriptJson({ headline: HOSTILE })}</script></head><body><h1>after</h1></body></html>`;
    const doc = parseHtml(html);
    expect(all("script", doc)).toHaveLength(1);
    expect(JSON.parse(textContent(all("script", doc)))).toEqual({ headline: HOSTILE });
    expect(textContent(one("h1", doc)!)).toBe("after");

    const dir = mkdtempSync(join(tmpdir(), "tilpress-sharing-"));
    const file = join(dir, "page.html");
    writeFileSync(file, html);
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss()));
      await page.goto(pathToFileURL(file).href);
      // A string, run in the page: the tests are compiled without the DOM's types.
      const seen = (await page.evaluate(`({
        scripts: document.scripts.length,
        data: document.scripts[0]?.textContent ?? "",
        h1: document.querySelector("h1")?.textContent,
      })`)) as { scripts: number; data: string; h1: string };
      expect(seen.scripts).toBe(1);
      expect(JSON.parse(seen.data)).toEqual({ headline: HOSTILE });
      expect(seen.h1).toBe("after");
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a built page whose headline says so: one script element, the headline read back from JSON and the tags", () => {
    const root = projectCopy();
    // Typography makes `--` a dash, so `<!--` cannot reach a typeset field; the test above covers it.
    const headline = "</script><script>alert(1)</script> <!-- x & y";
    edit(root, `${SEED_DIR}/en.md`, /^headline: .*$/m, `headline: "${headline}"`);
    const result = build({ root, formats: ["html"], locales: ["en"], baseUrl: BASE });
    expect(result.errorCount).toBe(0);
    const html = result.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)!.contents.toString();
    const shown = "</script><script>alert(1)</script> <!—x & y";
    const doc = parseHtml(html);
    expect(textContent(one("h1", doc)!)).toBe(shown);
    expect(jsonLdOf(doc).headline).toBe(shown);
    expect(og(doc, "og:title")).toEqual([shown]);
    expect(html).toContain('"headline":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)');
  });

  it("a headline longer than Google's old 110 characters is kept whole, with no diagnostic", () => {
    const root = projectCopy();
    const headline = `${"Police detain opposition supporters across Kazakhstan ".repeat(3)}as rallies are blocked`;
    expect(headline.length).toBeGreaterThan(110);
    edit(root, `${SEED_DIR}/en.md`, /^headline: .*$/m, `headline: "${headline}"`);
    const result = build({ root, formats: ["html"], locales: ["en"] });
    expect(result.diagnostics).toEqual([]);
    expect(jsonLdOf(pageIn(result, `en/${SEED}/briefing.html`)).headline).toBe(headline);
  });
});

describe("og:locale from Intl.Locale.maximize()", () => {
  it("the likely country of each language; none for a language without one", () => {
    expect(["en", "kk", "ru"].map(openGraphLocale)).toEqual(["en_US", "kk_KZ", "ru_RU"]);
    // A locale someone adds gets its own without a table: Uzbek, Kazakh in Latin script, British English.
    expect(["uz", "kk-Latn", "en-GB"].map(openGraphLocale)).toEqual(["uz_UZ", "kk_KZ", "en_GB"]);
    // Esperanto's likely region is 001 (the world): no Open Graph locale.
    expect(openGraphLocale("eo")).toBeUndefined();
  });
});
