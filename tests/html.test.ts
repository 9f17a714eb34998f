import { mkdtempSync, writeFileSync, mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { selectAll as cssSelectAll, selectOne as cssSelectOne } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { getAttributeValue, textContent } from "domutils";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import {
  ARTICLES,
  bundledPages,
  edit,
  parseHtml,
  projectCopy,
  REPO,
  SEED,
  SEED_DIR,
  nuCheckerErrors,
  seedAsKind,
  seedCopy,
  SITE_PAGES,
} from "./helpers.js";
import { everyKind, FIXTURES } from "./kindFixtures.js";

const result = build({ root: REPO });
// The bundled article is a news item (a briefing only): the same article as a press release.
const release = build({ root: seedAsKind(seedCopy(), "press-release"), formats: ["html"] });
const page = (path: string) => {
  const output = [...result.outputs, ...release.outputs].find((o) => o.path === path);
  if (!output) throw new Error(`no output ${path}; have ${result.outputs.map((o) => o.path).join(", ")}`);
  return parseHtml(output.contents);
};
const selectOne = (selector: string, root: AnyNode) => cssSelectOne<AnyNode, Element>(selector, root);
const selectAll = (selector: string, root: AnyNode) => cssSelectAll<AnyNode, Element>(selector, root);
const text = (node: Element | null) =>
  node
    ? textContent(node)
        .replace(/[ \t\r\n]+/g, " ")
        .trim()
    : "";
const attr = (node: Element | null, name: string) => (node ? getAttributeValue(node, name) : undefined);

describe("the bundled article as HTML", () => {
  it("writes the pages of each bundled article's kind per locale, an index and a manifest", () => {
    expect(result.errorCount).toBe(0);
    expect(result.warningCount).toBe(0);
    expect(ARTICLES).toContain(SEED);
    expect(ARTICLES).toContain("astana-economy-2025-12-24");
    expect(result.outputs.map((o) => o.path).sort()).toEqual(
      [
        ...SITE_PAGES,
        "kk-Latn/index.html",
        "manifest.json",
        // The bundled project has a baseUrl: feeds, sitemap and robots.txt (tests/feeds.test.ts, sitemap.test.ts).
        "sitemap.xml",
        "robots.txt",
        ...["en", "kk", "kk-Latn", "ru"].flatMap((l) => [`${l}/feed.xml`, `${l}/atom.xml`, `${l}/feed.json`]),
        ...bundledPages().flatMap(({ article, page }) =>
          // The bundled project's tilpress.config.json adds kk-Latn (made from kk).
          ["en", "kk", "kk-Latn", "ru"].flatMap((l) => [`${l}/${article}/${page}.html`, `${l}/${article}/${page}.pdf`]),
        ),
      ].sort(),
    );
  });

  it.each(["en", "kk", "ru"] as const)("%s briefing: lang, hreflang alternates, title, time, sections", (locale) => {
    const doc = page(`${locale}/${SEED}/briefing.html`);
    expect(attr(selectOne("html", doc), "lang")).toBe(locale);
    // Absolute under the bundled project's baseUrl; x-default is the English page (the source).
    const base = "https://press.example.org/";
    const alternates = selectAll("link[hreflang]:not([type])", doc).map((l) => [attr(l, "hreflang"), attr(l, "href")]);
    expect(alternates).toEqual(
      [...["en", "kk", "kk-Latn", "ru"], "x-default"].map((l) => [
        l,
        `${base}${l === "x-default" ? "en" : l}/${SEED}/briefing.html`,
      ]),
    );
    expect(attr(selectOne('link[rel="canonical"]', doc), "href")).toBe(`${base}${locale}/${SEED}/briefing.html`);
    expect(attr(selectOne("time", doc), "datetime")).toBe("2020-02-22T20:00:00+06:00");
    expect(selectAll("h1", doc)).toHaveLength(1);
    expect(selectAll("section.figures li", doc)).toHaveLength(9);
    expect(selectAll("section.quotes blockquote", doc)).toHaveLength(2);
    expect(selectAll("section.timeline li", doc)).toHaveLength(10);
    expect(selectAll("section.people li", doc)).toHaveLength(7);
    expect(selectAll("section.media li", doc)).toHaveLength(2);
    // Every paragraph of the story: the lede plus 23.
    expect(selectAll("section.story p", doc)).toHaveLength(24);
    const svg = selectOne("figure.chart svg", doc);
    expect(attr(svg, "role")).toBe("img");
    expect(text(selectOne("svg title", doc))).not.toBe("");
    expect(text(selectOne("svg desc", doc))).not.toBe("");
    // No request to any other host: no scripts (the JSON-LD block is data, never run), no external
    // stylesheets, images or fonts.
    expect(selectAll('script:not([type="application/ld+json"]), link[rel=stylesheet], img, iframe', doc)).toEqual([]);
    for (const a of selectAll("a[href]", doc)) expect(attr(a, "href")).toMatch(/^(https?:|mailto:|\.\.\/)/);
  });

  it("Kazakh: the Kazakh date, Kazakh names and Kazakh letters throughout", () => {
    const doc = page(`kk/${SEED}/briefing.html`);
    expect(text(selectOne(".dateline time", doc))).toBe("2020\u00a0ж. 22\u00a0ақпан");
    expect(text(selectOne(".dateline strong", doc))).toBe("АЛМАТЫ");
    const all = text(selectOne("main", doc));
    for (const letter of "әғқңөұүі") expect(all, letter).toContain(letter);
    expect(all).toContain("Тоқаев");
    expect(all).toContain("Нұр-Сұлтан");
    expect(all).toContain("Ақтөбе");
    // A no-break hyphen before the suffix, a no-break space between a number and its word.
    expect(text(selectOne("section.figures li", doc))).toBe(
      "100\u2011ден астам адам 22\u00a0ақпанда Қазақстан бойынша ұсталды",
    );
    expect(text(selectOne("section.media li", doc))).toMatch(/\(2:24\)$/);
  });

  it("Russian: plural forms, grouped numbers, «ёлочки» and no-break space before dashes", () => {
    const doc = page(`ru/${SEED}/briefing.html`);
    const figures = selectAll("section.figures li strong", doc).map(text);
    expect(figures).toContain("более 100\u00a0человек");
    expect(figures).toContain("3\u00a0суток");
    // Four digits solid in Russian.
    expect(figures).toContain("не\u00a0менее 1000\u00a0человек");
    expect(text(selectOne(".dateline time", doc))).toBe("22\u00a0февраля 2020\u00a0г.");
    const story = text(selectOne("section.story", doc));
    expect(story).toContain("Токаев");
    expect(story).toContain("«");
    expect(story).not.toMatch(/["“”]/);
    expect(story).not.toMatch(/ —/);
    expect(story).toContain("\u00a0—");
  });

  it("English: curly quotes in the body, the credit line and the outlet boilerplate", () => {
    const doc = page(`en/${SEED}/briefing.html`);
    const story = text(selectOne("section.story", doc));
    expect(story).toContain("“Freedom!”");
    expect(text(selectOne(".credits", doc))).toBe("With reporting by AFP");
    expect(text(selectOne(".boilerplate p", doc))).toMatch(
      /^RFE\/RL’?'?s Kazakh Service offers informed and accurate reporting/,
    );
  });

  // Read as a reader does: no-break spaces as spaces, no soft hyphens (Kazakh bodies carry them).
  const plainSpaces = (s: string) =>
    s
      .replace(/[\u00a0\u202f]/g, " ")
      .replace(/\u2011/g, "-")
      .replace(/\u00ad/g, "");

  // The language review of issue 13: what the translations got wrong, read back from the built pages.
  it("the review's meaning fixes: Aqtobe in the west, a show of force, many passersby, restricted freedom", () => {
    // What the sentences say; the no-break spaces are typography's (tests/typography.test.ts).
    const story = (locale: string) =>
      plainSpaces(text(selectOne("section.story", page(`${locale}/${SEED}/briefing.html`))));
    const aqtobe = (locale: string, name: string) => story(locale).match(new RegExp(`[^.]*${name}[^.]*\\.`, "g")) ?? [];
    expect(aqtobe("en", "Aqtobe")).toContain(
      " A further 20 were taken into police custody in the southern city of Shymkent, and another 10 in the western city of Aqtobe.",
    );
    expect(aqtobe("kk", "Ақтөбе")).toContain(
      " Бұдан бөлек, оңтүстіктегі Шымкент қаласында 20 адам, ал батыстағы Ақтөбе қаласында тағы 10 адам полиция қамауына алынды.",
    );
    expect(aqtobe("ru", "Актобе")).toContain(
      " Еще 20 человек были доставлены в полицию в Шымкенте на юге страны, еще 10 — в Актобе на западе страны.",
    );
    for (const locale of ["en", "kk", "ru"]) expect(story(locale)).not.toMatch(/northern|солтүстіктегі Ақтөбе|северн/);
    // kk ¶1: a show of force, not force used; ¶3: many passers-by, not most of them.
    const kk = story("kk");
    expect(kk).toContain(
      "Рұқсат етілмеген шараларға жол бермеу үшін билік айбат көрсетіп, көшеге көптеп полиция шығарды.",
    );
    expect(kk).not.toContain("күш көрсетілді");
    expect(kk).toContain("Полиция ерте таңнан алаңды қоршап тастап, өткен-кеткен көптеген адамды ұстады.");
    expect(kk).not.toContain("жүргіншілердің көбін");
    // Mamai's 2017 sentence: restricted freedom, as Kazakh- and Russian-language media reported it.
    expect(story("en")).toContain("sentenced to three years of restricted freedom");
    expect(kk).toContain("үш жылға бас бостандығын шектеу жазасына кесілген");
    expect(story("ru")).toContain("приговорен к трем годам ограничения свободы");
  });

  // Language review 3 (docs/reviews/language-review-3.md), read back from the built pages.
  it("review 3: the event's place once, proper nouns capitalised in roles, four digits solid, suffixes bound", () => {
    const advisory = "referendum-media-accreditation-2026-02-18";
    const where = (locale: string) =>
      plainSpaces(text(selectAll(".event .event-row", page(`${locale}/${advisory}/media-advisory.html`))[2] ?? null));
    expect(where("en")).toBe("Where: Referendum polling stations across Kazakhstan");
    expect(where("kk")).toBe("Өтетін орны: Қазақстан бойынша референдум учаскелері");
    expect(where("ru")).toBe("Место проведения: Участки референдума по всему Казахстану");
    // A Kazakh role that begins with a proper noun keeps its capital after the name.
    const people = (locale: string, path: string) =>
      selectAll("section.people li, section.quotes figcaption", page(`${locale}/${path}`)).map((e) =>
        plainSpaces(text(e)),
      );
    expect(people("kk", `${SEED}/briefing.html`)).toContain(
      "Мұхтар Әблязов — Еуропада өз еркімен эмиграцияда жүрген «Қазақстанның демократиялық таңдауы» қозғалысының жетекшісі",
    );
    const adb = "adb-kyzylorda-zhezkazgan-road-2024-10-29/press-release.html";
    expect(people("kk", adb).join("\n")).toContain(
      "Евгений Жуков, Азия даму банкінің Орталық және Батыс Азия жөніндегі бас директоры",
    );
    // A contact's role after its name and a comma, lower case like the glossary's roles.
    const contact = (locale: string) =>
      plainSpaces(text(selectOne("body", page(`${locale}/${advisory}/media-advisory.html`))));
    expect(contact("kk")).toContain("Сыртқы істер министрлігінің баспасөз қызметі, шетелдік БАҚ-ты аккредиттеу");
    expect(contact("ru")).toContain("Пресс-служба Министерства иностранных дел, аккредитация иностранных СМИ");
    // «не менее 1000 человек» in the body as in the key figure: four digits solid.
    const story = (locale: string) => text(selectOne("section.story", page(`${locale}/${SEED}/briefing.html`)));
    expect(story("ru")).toContain("не\u00a0менее 1000\u00a0человек.");
    expect(plainSpaces(story("kk"))).toContain("кемінде 1000 адам қатысуы тиіс.");
    // A case suffix after an abbreviation does not start a line: «ҚДТ‑ның».
    expect(story("kk")).toContain("ҚДТ\u2011ның");
    expect(story("kk")).not.toMatch(/\p{Lu}{2}-\p{Ll}/u);
  });

  // Language review 4, read back from the built pages.
  it("review 4: kk «Негізгі көрсеткіштер», turnout «қатысу»; ru «Мероприятие»", () => {
    const figures = (path: string) => plainSpaces(text(selectOne("#figures-title", page(path))));
    expect(figures(`kk/${SEED}/briefing.html`)).toBe("Негізгі көрсеткіштер");
    expect(figures(`kk-Latn/${SEED}/briefing.html`)).toBe("Negızgı körsetkışter");
    expect(figures(`ru/${SEED}/briefing.html`)).toBe("Ключевые цифры");
    // Turnout is «қатысу» (the calque of «явка», «келу», is gone): header, headline, body.
    const statement = page("kk/referendum-preliminary-results-2026-03-16/press-release.html");
    expect(selectAll("article.release th", statement).map((th) => plainSpaces(text(th)))).toEqual([
      "Референдум",
      "Қатысу, %",
      "Қолдағандар, %",
    ]);
    expect(plainSpaces(text(selectOne("h1", statement)))).toContain("сайлаушылардың қатысуы — 73,12%");
    expect(plainSpaces(text(selectOne("article.release", statement)))).toContain("сайлаушылардың қатысуы 73,12% болды");
    expect(plainSpaces(text(selectOne("body", statement)))).not.toMatch(/[Кк]елу/);
    // A media advisory's "What": «Мероприятие», as its heading «Сведения о мероприятии» says (not «Событие»).
    const advisory = page("ru/referendum-media-accreditation-2026-02-18/media-advisory.html");
    expect(plainSpaces(text(selectAll(".event .event-row", advisory)[0] ?? null))).toMatch(/^Мероприятие: /);
    expect(plainSpaces(text(selectOne("body", advisory)))).not.toContain("Событие");
  });

  // Review of what the tool prints outside the bundled story (kk, ru), read back from the pages.
  it("the advisory's What row: the event in one phrase, one colon (the standfirst's own colon doubled it)", () => {
    const what = (locale: string) =>
      plainSpaces(
        text(
          selectAll(
            ".event .event-row",
            page(`${locale}/referendum-media-accreditation-2026-02-18/media-advisory.html`),
          )[0] ?? null,
        ),
      );
    expect(what("en")).toBe(
      "What: Kazakhstan’s nationwide referendum on a new Constitution on March 15, and the accreditation of foreign media to cover it.",
    );
    expect(what("kk")).toBe(
      "Іс-шара: 15 наурыздағы жаңа Конституция жобасы жөніндегі республикалық референдум және оны жариялайтын шетелдік БАҚ-ты аккредиттеу.",
    );
    expect(what("ru")).toBe(
      "Мероприятие: Республиканский референдум по проекту новой Конституции 15 марта и аккредитация иностранных СМИ для его освещения.",
    );
  });

  it("quotes: no back-translated direct speech; a quote in another language than the page's has its lang", () => {
    for (const locale of ["kk", "ru"]) {
      const doc = page(`${locale}/${SEED}/briefing.html`);
      // Imanbai's words and the prosecutor's statement are reported speech: no quotation marks open them.
      expect(text(selectOne("section.story", doc))).not.toMatch(
        /«(Назарбаевтың атына|Нас спрашивали|Кез келген|Любые действия)/,
      );
      const quotes = selectAll("section.quotes blockquote", doc);
      expect(quotes.map((q) => plainSpaces(text(q)))).toEqual(
        locale === "kk" ? ["реклама", "Қазақстандағы нақты жақсару"] : ["реклама", "реальные улучшения в Казахстане"],
      );
      // Ablyazov's word, said in Russian: marked as Russian on the Kazakh page, unmarked on the Russian one.
      expect(quotes.map((q) => attr(q, "lang"))).toEqual(locale === "kk" ? ["ru", undefined] : [undefined, undefined]);
    }
  });

  it("press release: release line, dateline before the lede, end mark, about", () => {
    const doc = page(`ru/${SEED}/press-release.html`);
    expect(text(selectOne(".release-line", doc))).toBe("Для немедленной публикации");
    expect(text(selectOne("p.lede", doc))).toMatch(
      /^АЛМАТЫ, 22\u00a0февраля 2020\u00a0г.\u00a0— Полиция задержала более 100\u00a0человек/,
    );
    expect(text(selectOne(".end-mark", doc))).toBe("###");
    expect(text(selectOne(".boilerplate h2", doc))).toBe("О\u00a0Радио Азаттык");
  });

  it("the press rooms together link every article × locale × output that exists", () => {
    const links = ["en", "kk", "kk-Latn", "ru"].flatMap((l) =>
      selectAll("main article a", page(`${l}/index.html`)).map((a) =>
        attr(a, "href")?.replace("https://press.example.org/", ""),
      ),
    );
    expect(links.sort()).toEqual(
      result.outputs
        .filter((o) => o.article)
        .map((o) => o.path)
        .sort(),
    );
  });

  it("the manifest lists every output with its bytes and sha256", async () => {
    const { createHash } = await import("node:crypto");
    const manifest = JSON.parse(result.outputs.find((o) => o.path === "manifest.json")!.contents.toString()) as {
      outputs: { path: string; bytes: number; sha256: string; locale: string | null; template: string | null }[];
    };
    expect(manifest.outputs.map((e) => e.path)).toEqual(
      result.outputs
        .filter((o) => o.path !== "manifest.json")
        .map((o) => o.path)
        .sort(),
    );
    for (const entry of manifest.outputs) {
      const output = result.outputs.find((o) => o.path === entry.path)!;
      expect(entry.bytes).toBe(output.contents.byteLength);
      expect(entry.sha256).toBe(createHash("sha256").update(output.contents).digest("hex"));
    }
  });

  it("is the same bytes when built twice", () => {
    const again = build({ root: REPO });
    expect(again.outputs.map((o) => o.contents.toString())).toEqual(result.outputs.map((o) => o.contents.toString()));
  });
});

describe("escaping happens exactly once", () => {
  it("a headline with markup characters shows exactly as written", () => {
    const root = projectCopy();
    const nasty = "O'Brien & Co </script> 10/12";
    edit(root, `${SEED_DIR}/en.md`, /^headline: .*$/m, `headline: "${nasty}"`);
    edit(
      root,
      `${SEED_DIR}/en.md`,
      "Police had been deployed",
      "<b>Police</b> & <script>alert(1)</script> had been deployed",
    );
    // English only: the edit is not translated, so the other locales would (rightly) fail parity.
    const built = build({ root, locales: ["en"] });
    expect(built.errorCount).toBe(0);
    const html = built.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)!.contents.toString();
    const doc = parseHtml(html);
    // Shown as written, typeset (a curly apostrophe), escaped once.
    const shown = "O’Brien & Co </script> 10/12";
    expect(text(selectOne("h1", doc))).toBe(shown);
    expect(text(selectOne("title", doc))).toBe(`${shown} · Briefing`);
    expect(selectAll("b", doc)).toEqual([]);
    // The one script element is the JSON-LD data block, and the headline is its data (tests/sharing.test.ts).
    const scripts = selectAll("script", doc);
    expect(scripts.map((s) => getAttributeValue(s as Element, "type"))).toEqual(["application/ld+json"]);
    expect((JSON.parse(textContent(scripts)) as { headline: string }).headline).toBe(shown);
    expect(text(selectOne("section.story", doc))).toContain(
      "<b>Police</b> & <script>alert(1)</script> had been deployed",
    );
    expect(html).not.toContain("&amp;amp;");
  });
});

describe("golden files (update with `npx vitest run -u`)", () => {
  // A page of every other kind (tests/kindFixtures.ts): press release, statement, media advisory.
  const kinds = build({ root: everyKind(), formats: ["html"] });
  it.each(
    (["en", "kk", "ru"] as const).flatMap((locale) =>
      FIXTURES.filter((f) => f.kind !== "feature").map((f) => [locale, f.kind, f] as const),
    ),
  )("%s %s", async (locale, kind, f) => {
    const html = kinds.outputs.find((o) => o.path === `${locale}/${f.id}/${f.page}.html`)!.contents.toString();
    await expect(
      html.replace(/<style>[\s\S]*?<\/style>/, "<style>/* templates/style.css */</style>"),
    ).toMatchFileSnapshot(`golden/${locale}/${kind}.html`);
  });

  // Every page of every bundled article, in every locale: golden/<locale>/<article>/<template>.html.
  const pages = result.outputs.filter((o) => o.format === "html" && o.article !== undefined);
  it("cover every bundled article", () => {
    expect([...new Set(pages.map((o) => o.article))].sort()).toEqual(ARTICLES);
  });
  it("leave no stale golden file behind (vitest does not prune file snapshots)", () => {
    const expected = [
      ...(["en", "kk", "ru"] as const).flatMap((locale) => [
        ...FIXTURES.filter((f) => f.kind !== "feature").map((f) => `${locale}/${f.kind}.html`),
        `${locale}/briefing.plan.txt`, // tests/pdf.test.ts
      ]),
      ...pages.map((o) => `${o.locale}/${o.article}/${o.template}.html`),
    ].sort();
    const goldenRoot = fileURLToPath(new URL("golden/", import.meta.url));
    const onDisk = readdirSync(goldenRoot, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(goldenRoot, join(e.parentPath, e.name)).split(sep).join("/"))
      .sort();
    expect(onDisk).toEqual(expected);
  });
  it.each(pages.map((o) => [o.path, o] as const))("%s", async (_path, output) => {
    // The stylesheet is the same on every page and reviewed in templates/style.css.
    await expect(
      output.contents.toString().replace(/<style>[\s\S]*?<\/style>/, "<style>/* templates/style.css */</style>"),
    ).toMatchFileSnapshot(`golden/${output.locale}/${output.article}/${output.template}.html`);
  });
});

describe("the Nu HTML checker (vnu-jar)", () => {
  it("reports no errors on any page", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-vnu-"));
    const files = result.outputs
      .filter((o) => o.format === "html")
      .map((o) => {
        const path = join(dir, o.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, o.contents);
        return path;
      });
    expect(nuCheckerErrors(files)).toBe("");
    // The index, the press rooms, and every page of every bundled article per locale.
    expect(files).toHaveLength(SITE_PAGES.length + 1 + 4 * bundledPages().length); // en, kk, kk-Latn (its room too), ru
  });
});
