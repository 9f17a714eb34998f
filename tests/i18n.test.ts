import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { loadCatalog } from "../src/i18n/catalog.js";
import { ProjectFiles } from "../src/core/projectFiles.js";
import { formatDuration, formatNumber, formatPartialDate, formatPublishedDate } from "../src/i18n/format.js";
import { kazakhNumeralSuffix } from "../src/locale/kazakh.js";
import { pluralCategories } from "../src/i18n/pluralCategories.js";
import { createTranslator } from "../src/i18n/translator.js";
import { figureValue } from "../src/model/articleModel.js";
import { edit, PROFILES, projectCopy, REPO } from "./helpers.js";

function translators() {
  const diagnostics = new DiagnosticList();
  const catalog = loadCatalog(
    { localesDir: join(REPO, "locales"), files: new ProjectFiles(REPO), profiles: PROFILES },
    diagnostics,
  );
  expect(diagnostics.items).toEqual([]);
  return {
    diagnostics,
    en: createTranslator(catalog, "en", diagnostics),
    kk: createTranslator(catalog, "kk", diagnostics),
    ru: createTranslator(catalog, "ru", diagnostics),
  };
}

describe("plural forms from the bundled catalog, chosen by CLDR rules", () => {
  const { ru, kk, en, diagnostics } = translators();

  it("Russian: one, few, many at 1, 2, 5, 11, 21, 22, 25, 111", () => {
    const days = [1, 2, 5, 11, 21, 22, 25, 111].map((n) =>
      ru.plural("units:days", n, { value: formatNumber("ru", n) }),
    );
    expect(days).toEqual(["1 день", "2 дня", "5 дней", "11 дней", "21 день", "22 дня", "25 дней", "111 дней"]);
    const people = [1, 2, 5, 11, 21, 22, 25, 111].map((n) => ru.plural("units:people", n, { value: String(n) }));
    expect(people).toEqual([
      "1 человек",
      "2 человека",
      "5 человек",
      "11 человек",
      "21 человек",
      "22 человека",
      "25 человек",
      "111 человек",
    ]);
    const files = [1, 3, 1000].map((n) => ru.plural("site.outputCount", n, { value: formatNumber("ru", n) }));
    expect(files).toEqual(["1 файл", "3 файла", "1000 файлов"]);
  });

  it("Kazakh: one and other at 1 and 2 (nouns do not inflect after numerals)", () => {
    expect(pluralCategories("kk")).toEqual(["one", "other"]);
    expect([1, 2].map((n) => kk.plural("units:days", n, { value: String(n) }))).toEqual(["1 күн", "2 күн"]);
    expect([1, 2].map((n) => kk.plural("units:detention-days", n, { value: String(n) }))).toEqual([
      "1 тәулік",
      "2 тәулік",
    ]);
  });

  it("English: one and other", () => {
    expect([1, 2].map((n) => en.plural("units:people", n, { value: String(n) }))).toEqual(["1 person", "2 people"]);
  });

  it("the catalog defines every category each locale's rules have", () => {
    expect(pluralCategories("ru")).toEqual(["one", "few", "many", "other"]);
    for (const tr of [en, kk, ru]) {
      for (const key of ["units:people", "units:days", "units:detention-days", "site.outputCount"]) {
        for (const category of pluralCategories(tr.locale))
          expect(tr.has(`${key}_${category}`), `${tr.locale} ${key}_${category}`).toBe(true);
      }
    }
  });

  it("figures: qualifier, Intl number and plural unit together", () => {
    const figure = { value: 100, qualifier: "more-than", unit: "people" } as const;
    expect(figureValue(en, figure)).toBe("more than 100 people");
    expect(figureValue(ru, figure)).toBe("более 100 человек");
    expect(figureValue(kk, figure)).toBe("100-ден астам адам");
    expect(figureValue(kk, { ...figure, value: 10 })).toBe("10-нан астам адам");
    expect(figureValue(ru, { value: 1000, qualifier: "at-least", unit: "people" })).toBe("не менее 1000 человек");
    expect(figureValue(ru, { value: { from: 5, to: 15 }, unit: "detention-days" })).toBe("5–15 суток");
    expect(figureValue(ru, { value: 3, unit: "detention-days" })).toBe("3 суток");
    expect(figureValue(ru, { value: 21, unit: "days" })).toBe("21 день");
  });

  it("a missing plural form is an error naming the key and locale, not a fallback", () => {
    const before = diagnostics.items.length;
    expect(ru.plural("units:weeks", 2)).toBe("units:weeks_few");
    expect(diagnostics.items.slice(before)).toEqual([
      expect.objectContaining({ code: "catalog/missing-key", locale: "ru", file: "locales/ru/units.json" }),
    ]);
  });
});

describe("strings with variables, found once per catalog, language and variables", () => {
  it("each catalog, language and set of variables gives its own string, however often asked", () => {
    const { ru, kk } = translators();
    const root = projectCopy();
    edit(root, "locales/ru/common.json", '"{{value}} КБ"', '"{{value}} килобайт"');
    const diagnostics = new DiagnosticList();
    const edited = loadCatalog(
      { localesDir: join(root, "locales"), files: new ProjectFiles(root), profiles: PROFILES },
      diagnostics,
    );
    const ruEdited = createTranslator(edited, "ru", diagnostics);
    for (let round = 0; round < 3; round++) {
      expect(ru.t("site.kilobytes", { value: "212" })).toBe("212 КБ");
      expect(ru.t("site.kilobytes", { value: "5" })).toBe("5 КБ");
      expect(kk.t("site.kilobytes", { value: "212" })).toBe("212 КБ");
      expect(ruEdited.t("site.kilobytes", { value: "212" })).toBe("212 килобайт");
      expect(ru.plural("site.outputCount", 2, { value: "2" })).toBe("2 файла");
      expect(ru.plural("site.outputCount", 5, { value: "5" })).toBe("5 файлов");
      expect(ru.plural("site.outputCount", 5, { value: "пять" })).toBe("пять файлов");
    }
    expect(diagnostics.items).toEqual([]);
  });
});

describe("dates, numbers and durations through Intl", () => {
  it("dates in each locale's long form", () => {
    expect(formatPublishedDate("en", "2020-02-22T20:00:00+06:00")).toBe("February 22, 2020");
    expect(formatPublishedDate("kk", "2020-02-22T20:00:00+06:00")).toBe("2020 ж. 22 ақпан");
    expect(formatPublishedDate("ru", "2020-02-22T20:00:00+06:00")).toBe("22 февраля 2020 г.");
    // The calendar date where it was published, not in UTC: 01:30 in Almaty is the previous day in UTC.
    expect(formatPublishedDate("en", "2020-02-23T01:30:00+06:00")).toBe("February 23, 2020");
    expect(formatPartialDate("ru", "2019-03-19")).toBe("19 марта 2019 г.");
    expect(formatPartialDate("kk", "2019-03")).toBe("2019 ж. наурыз");
    expect(formatPartialDate("ru", "2018")).toBe("2018");
    // A year below 100 is that year, not 19xx (Date.UTC's reading; red team).
    expect(formatPartialDate("en", "0025-10-01")).toBe("October 1, 25");
    expect(formatPartialDate("ru", "0099-03-19")).toBe("19 марта 99 г.");
  });

  it("numbers grouped with a no-break space in kk and ru", () => {
    // Four digits solid, grouped from five (`useGrouping: "min2"`).
    expect(formatNumber("kk", 1000)).toBe("1000");
    expect(formatNumber("ru", 1000)).toBe("1000");
    expect(formatNumber("kk", 10000)).toBe("10\u00a0000");
    expect(formatNumber("ru", 12345.6)).toBe("12\u00a0345,6");
    expect(formatNumber("en", 1000)).toBe("1,000");
  });

  it("durations as a clock and spoken", () => {
    expect(formatDuration("ru", "PT2M24S")).toMatchObject({ clock: "2:24", iso: "PT2M24S" });
    expect(formatDuration("en", "PT1M25S").clock).toBe("1:25");
    expect(formatDuration("en", "PT1H2M3S").clock).toBe("1:02:03");
  });

  it("the Kazakh ablative suffix follows the last word of the number read aloud", () => {
    const cases: [number, string][] = [
      [1, "ден"],
      [3, "тен"],
      [6, "дан"],
      [10, "нан"],
      [20, "дан"],
      [40, "тан"],
      [50, "ден"],
      [80, "нен"],
      [100, "ден"],
      [1000, "нан"],
      [1_000_000, "нан"],
      [125, "тен"],
    ];
    for (const [n, suffix] of cases) expect(kazakhNumeralSuffix(n, "ablative"), String(n)).toBe(suffix);
  });
});
