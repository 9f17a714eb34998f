import { describe, expect, it } from "vitest";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { createMarkdown } from "../src/render/markdown.js";
import { loadCatalog } from "../src/i18n/catalog.js";
import { ProjectFiles } from "../src/core/projectFiles.js";
import { createTranslator } from "../src/i18n/translator.js";
import { build } from "../src/index.js";
import { loadProject } from "../src/load/loadProject.js";
import { localeProfile, SUPPORTED_LOCALES } from "../src/locale/index.js";
import { modelArticle } from "../src/model/articleModel.js";
import type { ArticleView } from "../src/model/view.js";
import { ellipsis, nbspBeforeDash, smartQuotes, typeset } from "../src/typography/rules.js";
import { typesetView } from "../src/typography/typesetView.js";
import { validateProject } from "../src/validate/validateProject.js";
import { edit, projectCopy, REPO, SEED } from "./helpers.js";

const NBSP = "\u00a0";
const [en, kk, ru] = ["en", "kk", "ru"].map(localeProfile) as [
  ReturnType<typeof localeProfile>,
  ReturnType<typeof localeProfile>,
  ReturnType<typeof localeProfile>,
];

describe("typography rules", () => {
  it("smartQuotes: the locale's primary pair, and its nested pair inside it", () => {
    expect(smartQuotes('He said "no" and left.', en.quotes)).toBe("He said “no” and left.");
    expect(smartQuotes('"The "Nur Otan" party"', en.quotes)).toBe("“The ‘Nur Otan’ party”");
    expect(smartQuotes('Ол "жоқ" деді.', kk.quotes)).toBe("Ол «жоқ» деді.");
    expect(smartQuotes('"Ол "Нұр Отан" партиясы"', kk.quotes)).toBe("«Ол „Нұр Отан“ партиясы»");
    expect(smartQuotes('Партия "Нур Отан" (и "Ак жол")', ru.quotes)).toBe("Партия «Нур Отан» (и «Ак жол»)");
    expect(smartQuotes('"Партия "Нур Отан" победила"', ru.quotes)).toBe("«Партия „Нур Отан“ победила»");
  });

  it("smartQuotes leaves apostrophes as written", () => {
    expect(smartQuotes("O'Brien's", en.quotes)).toBe("O'Brien's");
  });

  it("ellipsis: three dots become one character", () => {
    expect(ellipsis("Wait...")).toBe("Wait…");
    expect(ellipsis("Күте тұрыңыз...")).toBe("Күте тұрыңыз…");
    expect(ellipsis("Подождите... нет")).toBe("Подождите… нет");
  });

  it("nbspBeforeDash: a spaced dash never starts a line", () => {
    expect(nbspBeforeDash("Almaty — the largest city")).toBe(`Almaty${NBSP}— the largest city`);
    expect(nbspBeforeDash("Алматы – ең үлкен қала")).toBe(`Алматы${NBSP}– ең үлкен қала`);
    expect(nbspBeforeDash("Алматы — крупнейший город")).toBe(`Алматы${NBSP}— крупнейший город`);
    expect(nbspBeforeDash("Qasym-Zhomart, 2019–2020")).toBe("Qasym-Zhomart, 2019–2020");
  });

  it("typeset applies them all, and twice is once", () => {
    const cases = [
      [en, 'The "rally" - no... — yes', `The “rally” - no…${NBSP}— yes`],
      [kk, 'Митинг "Оян, Қазақстан"... — иә', `Митинг «Оян, Қазақстан»…${NBSP}— иә`],
      [ru, 'Митинг "Оян, Казахстан"... — да', `Митинг «Оян, Казахстан»…${NBSP}— да`],
    ] as const;
    for (const [profile, text, expected] of cases) {
      expect(typeset(text, profile)).toBe(expected);
      expect(typeset(expected, profile)).toBe(expected);
    }
  });

  it("the Markdown typographer takes the same quotation marks and dash rule", () => {
    expect(createMarkdown("kk").renderInline('Ол "жоқ" деді — иә...')).toBe(`Ол «жоқ» деді${NBSP}— иә…`);
    // markdown-it nests by single quotes, where plain strings nest straight double quotes.
    expect(createMarkdown("ru").renderInline(`"Партия 'Нур Отан'"`)).toBe("«Партия „Нур Отан“»");
    expect(createMarkdown("en").renderInline(`"The 'Nur Otan' party"`)).toBe("“The ‘Nur Otan’ party”");
  });
});

/** The bundled article's untypeset view in each locale. */
function bundledViews(): ArticleView[] {
  const diagnostics = new DiagnosticList();
  const locales = SUPPORTED_LOCALES;
  const content = validateProject(loadProject(new ProjectFiles(REPO), locales, diagnostics), { locales }, diagnostics);
  const catalog = loadCatalog(`${REPO}/locales`, new ProjectFiles(REPO), locales, diagnostics);
  const article = content.articles.find((a) => a.id === SEED)!;
  return locales.map((locale) =>
    modelArticle(
      { content, article, text: article.texts[locale]!, tr: createTranslator(catalog, locale, diagnostics) },
      { template: "briefing", documentKindKey: "document.briefing", builtLocales: locales, now: Date.now() },
    ),
  );
}

/** Fields that are not text a reader reads as prose: ids, links, dates for machines, Markdown. */
// A media duration also carries `clock` at run time, outside MediaView's type (its `text` is the same).
const NOT_TEXT = new Set([
  "id",
  "locale",
  "language",
  "dir",
  "template",
  "iso",
  "src",
  "href",
  "url",
  "email",
  "phone",
  "clock",
]);
const NOT_TEXT_TOP = new Set(["lede", "body", "indexHref"]);

/** Every string field of a view that typesetView must set, each passed through `f`. */
function mapText(value: unknown, f: (s: string) => string, key = "", top = true): unknown {
  if (typeof value === "string") return NOT_TEXT.has(key) || (top && NOT_TEXT_TOP.has(key)) ? value : f(value);
  if (Array.isArray(value)) return value.map((v) => mapText(v, f, key, false));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mapText(v, f, k, top && typeof v !== "object")]),
    );
  return value;
}

describe("typesetView", () => {
  const views = bundledViews();

  it("sets every text field of a view, and nothing else", () => {
    for (const view of views) {
      const marked = mapText(view, (s) => `${s} "q"`) as ArticleView;
      const set = typesetView(marked, localeProfile(view.locale));
      const [open, close] = localeProfile(view.locale).quotes.primary;
      const seen: string[] = [];
      mapText(set, (s) => (seen.push(s), s));
      for (const s of seen) expect(s.endsWith(` ${open}q${close}`), s).toBe(true);
      expect(seen.length).toBeGreaterThan(40);
      // Markdown and links are the view's own.
      expect(set.body).toBe(view.body);
      expect(set.lede).toBe(view.lede);
      expect(set.alternates.map((a) => a.href)).toEqual(view.alternates.map((a) => a.href));
    }
  });

  it("is idempotent on the bundled article's views: text typeset twice is text typeset once", () => {
    for (const view of views) {
      const once = typesetView(view, localeProfile(view.locale));
      expect(typesetView(once, localeProfile(view.locale))).toEqual(once);
    }
  });

  it("sets catalog strings: a straight quote in one comes out as the locale's", () => {
    const root = projectCopy();
    edit(root, "locales/kk/common.json", '"briefing": "Брифинг"', '"briefing": "\\"Брифинг\\""');
    edit(root, "locales/ru/common.json", '"briefing": "Брифинг"', '"briefing": "\\"Брифинг\\""');
    const result = build({ root, formats: ["html"], templates: ["briefing"] });
    for (const locale of ["kk", "ru"]) {
      const html = result.outputs.find((o) => o.locale === locale && o.article === SEED)!.contents.toString();
      expect(html).toContain("«Брифинг»");
      expect(html).not.toContain("&quot;Брифинг");
    }
  });
});
