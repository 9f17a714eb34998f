import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { selectAll, selectOne } from "css-select";
import type { Element } from "domhandler";
import { textContent } from "domutils";
import { describe, expect, it } from "vitest";
import { reviewTranslations } from "../src/cli/review.js";
import { namesPlace } from "../src/model/event.js";
import { resolveConfig } from "../src/config.js";
import {
  ARTICLE_KINDS,
  DEFAULT_TEMPLATES,
  documentKindKey,
  newsletterPage,
  PAGE_TEMPLATES,
  releaseLineKey,
  templatesForArticle,
} from "../src/model/kinds.js";
import {
  edit,
  filesUnder,
  lineOf,
  nuCheckerErrors,
  parseHtml,
  projectCopy,
  REPO,
  runCli,
  SEED,
  seedCopy,
} from "./helpers.js";
import { ADVISORY_FACTS, addArticle, everyKind, FIXTURES, LOCALES, type Fixture, type Lng } from "./kindFixtures.js";

const tilpress = (args: string[], cwd = REPO) => runCli(args, cwd);

/** Text with no-break spaces read as spaces: the wording is what is checked. */
const plain = (s: string) =>
  s
    .replace(/[\u00a0\u202f]/g, " ")
    .replace(/\u00ad/g, "") // soft hyphens: Kazakh text carries them for browsers
    .trim();
const textOf = (html: string, selector: string) => {
  const el = selectOne(selector, parseHtml(html).children) as Element | null;
  return el ? plain(textContent(el)) : undefined;
};
const textsOf = (html: string, selector: string) =>
  (selectAll(selector, parseHtml(html).children) as Element[]).map((el) => plain(textContent(el)));

const pdfText = (file: string) =>
  plain(execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " "));

/** Masthead kind and release line per kind's page, in each locale, written out by hand. */
const HEADS: Record<string, { page: string; kind: Record<Lng, string>; line?: Record<Lng, string> }> = {
  "release-2026-12-01": {
    page: "press-release",
    kind: { en: "Press release", kk: "Баспасөз релизі", ru: "Пресс-релиз" },
    line: { en: "For immediate release", kk: "Дереу жариялауға арналған", ru: "Для немедленной публикации" },
  },
  "statement-2026-12-02": {
    page: "press-release",
    kind: { en: "Statement", kk: "Мәлімдеме", ru: "Заявление" },
  },
  "feature-2026-12-03": { page: "briefing", kind: { en: "Feature", kk: "Мақала", ru: "Статья" } },
  [SEED]: { page: "briefing", kind: { en: "Briefing", kk: "Брифинг", ru: "Брифинг" } },
  "advisory-2026-12-04": {
    page: "media-advisory",
    kind: { en: "Media advisory", kk: "БАҚ\u2011қа арналған анонс", ru: "Анонс для СМИ" },
    line: { en: "For planning purposes", kk: "Жоспарлауға арналған ақпарат", ru: "Информация для планирования" },
  },
};

/** The event block's rows (What, When, Where, Who, Programme), written out by hand. */
const EVENT_ROWS: Record<Lng, string[]> = {
  en: [
    "What: Presentation of the annual report, followed by questions from journalists.",
    "When: Thursday, December 10, 2026, 10:00–12:00 (UTC+5)",
    "Where: Hall A, Congress Centre, 11 Mangilik Yel Avenue, Nur-Sultan",
    "Who: Qasym-Zhomart Toqaev, president of Kazakhstan",
    "Programme: Opening remarks, then the report and questions.",
  ],
  kk: [
    "Іс-шара: Жылдық есептің таныстырылымы, одан кейін журналистердің сұрақтары.",
    "Өтетін уақыты: 2026 ж. 10 желтоқсан, бейсенбі, сағат 10:00–12:00 (UTC+5)",
    "Өтетін орны: Конгресс-орталық, А залы, Мәңгілік Ел даңғылы, 11, Нұр-Сұлтан",
    "Қатысушылар: Қасым-Жомарт Тоқаев, Қазақстан Президенті",
    "Бағдарлама: Кіріспе сөз, содан кейін есеп және сұрақтар.",
  ],
  ru: [
    "Мероприятие: Презентация годового отчёта и ответы на вопросы журналистов.",
    "Дата и время: четверг, 10 декабря 2026 г., 10:00–12:00 (UTC+5)",
    "Место проведения: Конгресс-центр, зал А, проспект Мангилик Ел, 11, Нур-Султан",
    "Участники: Касым-Жомарт Токаев, президент Казахстана",
    "Программа: Вступительное слово, затем отчёт и вопросы.",
  ],
};

/** The accreditation row: terms, then the deadline line. */
const ACCREDITATION: Record<Lng, [string, string]> = {
  en: ["Accreditation: Journalists register with their name and outlet.", "Deadline: December 9, 2026, 18:00 (UTC+5)"],
  kk: [
    "Аккредиттеу: Журналистер аты-жөні мен басылымын көрсетіп тіркеледі.",
    "Өтінім қабылдаудың соңғы мерзімі: 2026 ж. 9 желтоқсан, сағат 18:00 (UTC+5)",
  ],
  ru: [
    "Аккредитация: Журналисты регистрируются, указав имя и название СМИ.",
    "Срок подачи заявок: 9 декабря 2026 г., 18:00 (UTC+5)",
  ],
};

describe("document kinds: the table", () => {
  it("ships a briefing, a release layout and a media advisory, built in this order by default", () => {
    expect(DEFAULT_TEMPLATES).toEqual(["briefing", "press-release", "media-advisory"]);
    expect(resolveConfig({ root: REPO }).templates).toEqual(["briefing", "press-release", "media-advisory"]);
  });

  it("gives each kind its pages: news and features a briefing, releases and statements the release, advisories their own", () => {
    const built = (kind: keyof typeof ARTICLE_KINDS) => templatesForArticle(kind, DEFAULT_TEMPLATES);
    expect(built("news")).toEqual(["briefing"]);
    expect(built("feature")).toEqual(["briefing"]);
    expect(built("press-release")).toEqual(["press-release"]);
    expect(built("statement")).toEqual(["press-release"]);
    expect(built("media-advisory")).toEqual(["media-advisory"]);
    // Asking for a template of another kind builds nothing for it; a project's own is built for every kind.
    expect(templatesForArticle("news", ["press-release"])).toEqual([]);
    expect(templatesForArticle("news", ["fact-sheet", "briefing"])).toEqual(["fact-sheet", "briefing"]);
    expect(templatesForArticle("statement", ["fact-sheet", "press-release"])).toEqual(["fact-sheet", "press-release"]);
  });

  it("names the masthead by the kind on its own page, by the template elsewhere; a project's template `x` is document.x", () => {
    expect(documentKindKey("press-release", "statement")).toBe("document.statement");
    expect(documentKindKey("press-release", "press-release")).toBe("document.pressRelease");
    expect(documentKindKey("media-advisory", "media-advisory")).toBe("document.mediaAdvisory");
    expect(documentKindKey("briefing", "news")).toBe("document.briefing");
    expect(documentKindKey("fact-sheet", "news")).toBe("document.fact-sheet");
    expect(documentKindKey("constructor")).toBe("document.constructor");
    expect(releaseLineKey("press-release", "press-release")).toBe("release.line");
    expect(releaseLineKey("press-release", "statement")).toBeUndefined();
    expect(releaseLineKey("briefing", "news")).toBeUndefined();
  });

  it("links each kind's newsletter story to the page it is built in", () => {
    for (const kind of Object.keys(ARTICLE_KINDS) as (keyof typeof ARTICLE_KINDS)[]) {
      expect(templatesForArticle(kind, DEFAULT_TEMPLATES)).toContain(newsletterPage(kind));
    }
  });

  it("has every masthead partial and every kind's name and release line in every catalog", () => {
    const keys = new Set<string>();
    for (const [template, { kindKey, masthead }] of Object.entries(PAGE_TEMPLATES)) {
      const source = readFileSync(join(REPO, "templates", `${template}.hbs`), "utf8");
      expect(source).toContain(`{{> ${masthead}}}`);
      expect(readFileSync(join(REPO, "templates/partials", `${masthead}.hbs`), "utf8")).toContain("{{documentKind}}");
      keys.add(kindKey);
    }
    for (const entry of Object.values(ARTICLE_KINDS))
      for (const page of Object.values(entry.pages) as { kindKey: string; releaseLine?: string }[]) {
        keys.add(page.kindKey);
        if (page.releaseLine) keys.add(page.releaseLine);
      }
    for (const locale of LOCALES) {
      const common = JSON.parse(readFileSync(join(REPO, "locales", locale, "common.json"), "utf8")) as Record<
        string,
        Record<string, string>
      >;
      for (const key of keys) {
        const [group, name] = key.split(".");
        expect(common[group!]?.[name!], `${locale}: ${key}`).toEqual(expect.any(String));
      }
    }
  });
});

describe("document kinds: what a build makes", () => {
  const root = everyKind();
  const run = tilpress(["build", "--jobs", "1"], root);
  const dist = join(root, "dist");
  const html = (locale: string, article: string, page: string) =>
    readFileSync(join(dist, locale, article, `${page}.html`), "utf8");

  it("builds exactly each kind's pages in every locale, with no error and no warning", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/0 error\(s\), 0 warning\(s\)/);
    const pages = filesUnder(dist).filter((f) => /^(en|kk|ru)\/[^/]+\/.*\.(html|pdf)$/.test(f));
    expect(pages).toEqual(
      Object.entries(HEADS)
        .flatMap(([article, { page }]) =>
          LOCALES.flatMap((l) => [`${l}/${article}/${page}.html`, `${l}/${article}/${page}.pdf`]),
        )
        .sort(),
    );
  });

  it("heads each page with the kind's name and its release line, in en, kk and ru", () => {
    for (const [article, { page, kind, line }] of Object.entries(HEADS)) {
      for (const l of LOCALES) {
        const doc = html(l, article, page);
        expect(textOf(doc, ".masthead .kind"), `${l} ${article}`).toBe(kind[l]);
        expect(textOf(doc, ".release-line"), `${l} ${article}`).toBe(line?.[l]);
      }
    }
  });

  it("signs a statement with its speaker's name and role; a press release is not signed", () => {
    const signature: Record<Lng, string> = {
      en: "Bolat Dembaev, deputy prosecutor-general of Kazakhstan",
      kk: "Болат Дембаев, Қазақстан Бас прокурорының орынбасары",
      ru: "Болат Дембаев, заместитель генерального прокурора Казахстана",
    };
    for (const l of LOCALES) {
      expect(textOf(html(l, "statement-2026-12-02", "press-release"), ".signature")).toBe(signature[l]);
      expect(textOf(html(l, "release-2026-12-01", "press-release"), ".signature")).toBeUndefined();
      const pdf = pdfText(join(dist, l, "statement-2026-12-02", "press-release.pdf"));
      expect(pdf).toContain(signature[l]);
    }
  });

  it("ends the release layout with the end mark; a briefing has none", () => {
    for (const l of LOCALES) {
      expect(textOf(html(l, "statement-2026-12-02", "press-release"), ".end-mark")).toBe("###");
      expect(textOf(html(l, "release-2026-12-01", "press-release"), ".end-mark")).toBe("###");
      expect(textOf(html(l, SEED, "briefing"), ".end-mark")).toBeUndefined();
    }
  });

  it("sets out the media advisory's event: what, when, where, who, programme, accreditation", () => {
    for (const l of LOCALES) {
      const doc = html(l, "advisory-2026-12-04", "media-advisory");
      const rows = textsOf(doc, ".event .event-row");
      expect(rows.slice(0, 5), l).toEqual(EVENT_ROWS[l]);
      const [terms, deadline] = ACCREDITATION[l];
      expect(rows[5], l).toContain(terms);
      expect(rows[5], l).toContain(deadline);
      const times = (selectAll(".event time", parseHtml(doc).children) as Element[]).map((t) => t.attribs["datetime"]);
      expect(times).toEqual(["2026-12-10T10:00:00+05:00", "2026-12-09T18:00:00+05:00"]);
      const links = (selectAll(".event a", parseHtml(doc).children) as Element[]).map((a) => a.attribs["href"]);
      expect(links).toEqual(["mailto:press@example.org", "https://example.org/accreditation"]);
      // The standfirst is the "What" row, not repeated under the headline.
      expect(textOf(doc, ".headline .standfirst")).toBeUndefined();
      // As on the press release, the dash after the dateline never starts a line.
      expect(doc.toString()).toMatch(/<\/strong>\u00a0— /);
    }
  });

  it("reads the same in the advisory's and the statement's PDF", () => {
    for (const l of LOCALES) {
      const advisory = pdfText(join(dist, l, "advisory-2026-12-04", "media-advisory.pdf"));
      expect(advisory).toContain(HEADS["advisory-2026-12-04"]!.kind[l]);
      // The stylesheet sets the release line in capitals.
      expect(advisory).toContain(HEADS["advisory-2026-12-04"]!.line![l].toLocaleUpperCase(l));
      for (const row of EVENT_ROWS[l]) expect(advisory, l).toContain(row);
      for (const part of ACCREDITATION[l]) expect(advisory, l).toContain(part);
      const statement = pdfText(join(dist, l, "statement-2026-12-02", "press-release.pdf"));
      expect(statement).toContain(HEADS["statement-2026-12-02"]!.kind[l]);
      expect(statement).not.toContain(HEADS["release-2026-12-01"]!.line![l].toLocaleUpperCase(l));
    }
  });

  it("writes media advisory pages the Nu checker finds valid", () => {
    expect(nuCheckerErrors(LOCALES.map((l) => join(dist, l, "advisory-2026-12-04", "media-advisory.html")))).toBe("");
  });

  it("builds nothing for a news item when only the press release is asked for, and that is no error", () => {
    const only = projectCopy();
    const r = tilpress(["build", "--template", "press-release", "--format", "html"], only);
    expect(r.code, r.stderr).toBe(0);
    expect(filesUnder(join(only, "dist")).filter((f) => f.includes(SEED))).toEqual([]);
  });
});

describe("document kinds: the facts a release or an advisory names are on its page", () => {
  // A statistics release (after the Bureau of National Statistics' population release of
  // 3 November 2025, https://www.zakon.kz/obshestvo/6496484-nazvana-tochnaya-chislennost-kazakhstantsev.html)
  // and a media advisory, each with a source link: the release layout showed neither its
  // figures nor its links, and the advisory no links, so what a press officer wrote vanished.
  const root = seedCopy();
  const source = "links:\n  - id: source\n    url: https://stat.gov.kz/\n";
  const sourceLabel: Record<Lng, string> = {
    en: "Bureau of National Statistics",
    kk: "Ұлттық статистика бюросы",
    ru: "Бюро национальной статистики",
  };
  const withLinks = (texts: Record<Lng, string>): Record<Lng, string> => ({
    en: `links: { source: ${sourceLabel.en} }\n${texts.en}`,
    kk: `links: { source: ${sourceLabel.kk} }\n${texts.kk}`,
    ru: `links: { source: ${sourceLabel.ru} }\n${texts.ru}`,
  });
  const advisory = FIXTURES.find((f) => f.kind === "media-advisory")!;
  addArticle(root, {
    id: "population-2026-12-01",
    kind: "press-release",
    page: "press-release",
    facts: `figures:\n  - id: growth\n    unit: people\n    value: 161832\n${source}`,
    texts: withLinks({
      en: 'headline: Kazakhstan\'s population grows\nfigures:\n  growth: "Population growth since the start of the year: {value}"\n---\nThe population of Kazakhstan grew by 161,832 since the start of the year.\n',
      kk: 'headline: Қазақстан халқы өсті\nfigures:\n  growth: "Жыл басынан бергі халық өсімі: {value}"\n---\nЖыл басынан бері халық саны 161 832 адамға артқан.\n',
      ru: 'headline: Население Казахстана выросло\nfigures:\n  growth: "Прирост населения с начала года: {value}"\n---\nОбщий прирост населения с начала года составил 161 832 человека.\n',
    }),
  });
  addArticle(root, { ...advisory, facts: `${advisory.facts ?? ""}${source}`, texts: withLinks(advisory.texts) });
  reviewTranslations(root, undefined, [...LOCALES]);
  const run = tilpress(["build", "--jobs", "1"], root);
  const dist = join(root, "dist");
  const figure: Record<Lng, string> = {
    en: "Population growth since the start of the year: 161,832 people",
    kk: "Жыл басынан бергі халық өсімі: 161 832 адам",
    ru: "Прирост населения с начала года: 161 832 человека",
  };

  it("builds with no error and no warning", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/0 error\(s\), 0 warning\(s\)/);
  });

  it("sets a press release's figures after its text, and its links after the end mark, in HTML and PDF", () => {
    for (const l of LOCALES) {
      const doc = readFileSync(join(dist, l, "population-2026-12-01", "press-release.html"), "utf8");
      expect(textsOf(doc, ".figures li"), l).toEqual([figure[l]]);
      const links = selectAll(".links a", parseHtml(doc).children) as Element[];
      expect(
        links.map((a) => [a.attribs["href"], plain(textContent(a))]),
        l,
      ).toEqual([["https://stat.gov.kz/", sourceLabel[l]]]);
      // The story first, then the figures; the links with the notes and the about block, after ###.
      const text = plain(textContent(parseHtml(doc).children));
      expect(text.indexOf(figure[l])).toBeGreaterThan(text.indexOf("161"));
      expect(text.indexOf(sourceLabel[l], text.indexOf("###"))).toBeGreaterThan(text.indexOf("###"));
      const pdf = pdfText(join(dist, l, "population-2026-12-01", "press-release.pdf"));
      expect(pdf, l).toContain(figure[l]);
      expect(pdf, l).toContain(sourceLabel[l]);
    }
  });

  it("lists a media advisory's links, in HTML and PDF", () => {
    for (const l of LOCALES) {
      const doc = readFileSync(join(dist, l, advisory.id, "media-advisory.html"), "utf8");
      expect(textsOf(doc, ".links a"), l).toEqual([sourceLabel[l]]);
      expect(pdfText(join(dist, l, advisory.id, "media-advisory.pdf")), l).toContain(sourceLabel[l]);
    }
  });
});

describe("check: kinds and events that cannot be right", () => {
  const root = seedCopy();
  const advisory = FIXTURES.find((f) => f.kind === "media-advisory")!;
  const release = FIXTURES.find((f) => f.kind === "press-release")!;
  const statement = FIXTURES.find((f) => f.kind === "statement")!;
  const variant = (f: Fixture, id: string, change: (facts: string) => string, texts = f.texts) =>
    addArticle(root, { ...f, id, facts: change(f.facts ?? ""), texts });
  // An unknown kind; an event on a press release; an advisory without its event, or with a
  // locale file that has no venue; an event that ends before it starts, in an unknown city,
  // with a javascript: accreditation link.
  variant(release, "bad-kind-2026-12-01", (facts) => facts);
  edit(root, "data/articles/bad-kind-2026-12-01/article.yaml", "kind: press-release", "kind: press-relase");
  variant(release, "release-event-2026-12-01", () => ADVISORY_FACTS);
  variant(release, "release-speaker-2026-12-01", () => "speaker: bolat-dembaev\n");
  variant(statement, "statement-speaker-2026-12-02", () => "speaker: bolat-dembayev\n");
  variant(advisory, "no-event-2026-12-04", () => "people:\n  - qasym-zhomart-toqaev\n", {
    ...advisory.texts,
    en: advisory.texts.en.replace(/^event:\n(?: {2}.*\n)+/m, ""),
  });
  variant(advisory, "no-venue-2026-12-04", (facts) => facts, {
    ...advisory.texts,
    kk: advisory.texts.kk.replace(/^event:\n(?: {2}.*\n)+/m, ""),
  });
  variant(advisory, "bad-event-2026-12-04", (facts) =>
    facts
      .replace('end: "2026-12-10T12:00:00+05:00"', 'end: "2026-12-10T09:00:00+05:00"')
      .replace("place: nur-sultan", "place: nur-sultn")
      .replace("url: https://example.org/accreditation", "url: javascript:alert(1)"),
  );
  const run = tilpress(["check", "--reporter", "json"], root);
  const diagnostics = (
    JSON.parse(run.stdout) as {
      diagnostics: {
        code: string;
        file: string;
        line: number | null;
        column: number | null;
        article: string;
        locale: string | null;
        message: string;
      }[];
    }
  ).diagnostics.filter((d) => d.article !== SEED);
  const of = (article: string) =>
    diagnostics
      .filter((d) => d.article === article && !d.code.startsWith("translation/untracked"))
      .map((d) => [d.code, d.file, d.line, d.column]);
  const at = (article: string, file: string, needle: string) => {
    const path = `data/articles/${article}/${file}`;
    const line = lineOf(root, path, needle);
    return { path, line, column: readFileSync(join(root, path), "utf8").split("\n")[line - 1]!.indexOf(needle) + 1 };
  };

  it("exits 1", () => expect(run.code, run.stderr).toBe(1));

  it("an unknown kind: a schema error at `kind:` listing the kinds", () => {
    const { path, line, column } = at("bad-kind-2026-12-01", "article.yaml", "press-relase");
    expect(of("bad-kind-2026-12-01")).toEqual([["data/schema", path, line, column]]);
    const d = diagnostics.find((x) => x.article === "bad-kind-2026-12-01")!;
    for (const kind of Object.keys(ARTICLE_KINDS)) expect(d.message).toContain(`"${kind}"`);
  });

  it("an event on a kind that shows none, and a media advisory without one or without a venue", () => {
    // At the mapping's value, as every pointer is located.
    let w = at("release-event-2026-12-01", "article.yaml", "start:");
    expect(of("release-event-2026-12-01")).toEqual([["kind/unexpected-event", w.path, w.line, w.column]]);
    w = at("no-event-2026-12-04", "article.yaml", "media-advisory");
    // The kk and ru files describe an event the facts do not have (en lost its block).
    const kk = at("no-event-2026-12-04", "kk.md", "venue:");
    const ru = at("no-event-2026-12-04", "ru.md", "venue:");
    expect(of("no-event-2026-12-04")).toEqual([
      ["kind/missing-event", w.path, w.line, w.column],
      ["kind/unexpected-event", kk.path, kk.line, kk.column],
      ["kind/unexpected-event", ru.path, ru.line, ru.column],
    ]);
    expect(of("no-venue-2026-12-04")).toEqual([
      ["translation/missing-label", "data/articles/no-venue-2026-12-04/kk.md", 1, 1],
    ]);
  });

  it("a speaker on a kind that is not signed, and a speaker the glossary does not know", () => {
    let w = at("release-speaker-2026-12-01", "article.yaml", "bolat-dembaev");
    expect(of("release-speaker-2026-12-01")).toEqual([["kind/unexpected-speaker", w.path, w.line, w.column]]);
    w = at("statement-speaker-2026-12-02", "article.yaml", "bolat-dembayev");
    expect(of("statement-speaker-2026-12-02")).toEqual([["data/unknown-id", w.path, w.line, w.column]]);
    expect(diagnostics.find((d) => d.article === "statement-speaker-2026-12-02")?.message).toBe(
      "Unknown person or organization id `bolat-dembayev`",
    );
  });

  it("an event that ends before it starts, in an unknown city, with a link that is not http(s)", () => {
    const end = at("bad-event-2026-12-04", "article.yaml", '"2026-12-10T09:00');
    const link = at("bad-event-2026-12-04", "article.yaml", "javascript:");
    // The URL policy is part of the schema, so the unsafe link is found with the schema error.
    expect(of("bad-event-2026-12-04")).toEqual([
      ["data/schema", end.path, end.line, end.column],
      ["data/unsafe-link", link.path, link.line, link.column],
    ]);
    // Schema errors keep the cross-reference rules unchecked; with a sound end and a safe link,
    // the unknown city is found.
    const fixed = "data/articles/bad-event-2026-12-04/article.yaml";
    edit(root, fixed, 'end: "2026-12-10T09:00:00+05:00"', 'end: "2026-12-10T12:00:00+05:00"');
    edit(root, fixed, "url: javascript:alert(1)", "url: https://example.org/accreditation");
    const again = tilpress(["check", "--reporter", "json", "--article", "bad-event-2026-12-04"], root);
    const found = (
      JSON.parse(again.stdout) as { diagnostics: { code: string; line: number; column: number }[] }
    ).diagnostics
      // The project has no baseUrl: check's publishing warning is not about this article.
      .filter((d) => d.code !== "translation/untracked" && d.code !== "site/no-base-url")
      .map((d) => [d.code, d.line, d.column]);
    const place = at("bad-event-2026-12-04", "article.yaml", "nur-sultn");
    expect(found).toEqual([["data/unknown-id", place.line, place.column]]);
  });
});

describe("tilpress init", () => {
  /** The page each kind is built in, written out here (src/model/kinds.ts says the same). */
  const PAGE: Record<string, string> = {
    news: "briefing",
    feature: "briefing",
    "press-release": "press-release",
    statement: "press-release",
    "media-advisory": "media-advisory",
  };

  it("scaffolds one real example of each kind, which build with no error or warning into their pages", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tilpress-init-kinds-")), "newsroom");
    expect(tilpress(["init", dir], REPO).code).toBe(0);
    const articles = readdirSync(join(dir, "data/articles")).sort();
    const kindOf = (id: string) =>
      /^kind: (\S+)$/m.exec(readFileSync(join(dir, "data/articles", id, "article.yaml"), "utf8"))![1]!;
    // One of each kind, each one of the bundled articles, copied as it is.
    expect(articles.map(kindOf).sort()).toEqual(Object.keys(PAGE).sort());
    for (const id of articles)
      for (const file of ["article.yaml", "en.md", "kk.md", "ru.md"])
        expect(readFileSync(join(dir, "data/articles", id, file), "utf8"), `${id}/${file}`).toBe(
          readFileSync(join(REPO, "data/articles", id, file), "utf8"),
        );
    // The scaffold's README lists them, each with its kind.
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    for (const id of articles) expect(readme).toContain(`| \`${id}\` | ${kindOf(id)} |`);
    const run = tilpress(["build", "--jobs", "1"], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/; 0 error\(s\), 0 warning\(s\) in /);
    const expected = articles.flatMap((id) =>
      LOCALES.flatMap((l) => ["html", "pdf"].map((f) => `${l}/${id}/${PAGE[kindOf(id)]}.${f}`)),
    );
    expect(filesUnder(join(dir, "dist")).filter((f) => /^(en|kk|ru)\/[^/]+\//.test(f))).toEqual(expected.sort());

    // The feature, read back: its masthead kind and headline in each language.
    const feature = articles.find((id) => kindOf(id) === "feature")!;
    const page = (l: Lng, f: string) => join(dir, "dist", l, feature, `briefing.${f}`);
    const headlines: Record<Lng, string> = {
      en: "From 21,000 to Almost Two Million: How the Saiga Came Back to Kazakhstan’s Steppe",
      kk: "21 000-нан екі миллионға жуық: киік Қазақстан даласына қалай оралды",
      ru: "От 21 000 почти до двух миллионов: как сайгак вернулся в казахстанскую степь",
    };
    const kindName: Record<Lng, string> = { en: "Feature", kk: "Мақала", ru: "Статья" };
    for (const l of LOCALES) {
      const html = readFileSync(page(l, "html"), "utf8");
      expect(textOf(html, "h1")?.replace(/\u2011/g, "-"), l).toBe(headlines[l]);
      const pdf = pdfText(page(l, "pdf")).replace(/\u2011/g, "-");
      expect(pdf, l).toContain(headlines[l]);
      expect(pdf, l).toContain(kindName[l]);
    }
    rmSync(dirname(dir), { recursive: true, force: true });
  });
});

describe("an event's place after its venue", () => {
  it("is left out when the venue names it, in any case, and kept when only a quoted name says it", () => {
    expect(namesPlace("Қазақстан бойынша референдум учаскелері", "Қазақстан", "kk")).toBe(true);
    expect(namesPlace("в Астане, Дворец мира и согласия", "Астана", "ru")).toBe(true);
    // The hall is named «Астана»: the city still follows it (real material: an akim's report).
    expect(namesPlace("«Астана» концерт залы (бұрынғы Конгресс-холл)", "Астана", "kk")).toBe(false);
    expect(namesPlace("концертный зал «Астана»", "Астана", "ru")).toBe(false);
    expect(namesPlace('the "Astana" concert hall', "Astana", "en")).toBe(false);
  });
});
