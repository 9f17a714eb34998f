import { ProjectFiles } from "../src/core/projectFiles.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { loadCatalog } from "../src/i18n/catalog.js";
import { createTranslator } from "../src/i18n/translator.js";
import { formatQuantity, type Quantity } from "../src/quantity/index.js";
import { QUALIFIERS } from "../src/validate/schema.js";
import { PROFILES, REPO } from "./helpers.js";
import { expectedKk, expectedRu, PROBES, QUALIFIER_NAMES, TABLE_UNITS, type TableUnit } from "./qualifierExpected.js";

/**
 * Every qualifier × unit × probe count in Russian and Kazakh, against a table written by hand:
 * Russian qualifiers govern the genitive (singular after 1, 21, 101 and fractions, plural
 * otherwise); Kazakh ones take a case suffix after the number as read aloud, or a postposition
 * after the whole phrase with its unit.
 */
const diagnostics = new DiagnosticList();
const catalog = loadCatalog(
  { localesDir: join(REPO, "locales"), files: new ProjectFiles(REPO), profiles: PROFILES },
  diagnostics,
);
const tr = { kk: createTranslator(catalog, "kk", diagnostics), ru: createTranslator(catalog, "ru", diagnostics) };

const UNITS: Readonly<Record<TableUnit, Quantity>> = {
  people: { unit: "people" },
  days: { unit: "days" },
  "detention-days": { unit: "detention-days" },
  hours: { unit: "hours" },
  percent: { type: "percent" },
  points: { type: "points" },
};

function rendered(locale: "kk" | "ru", qualifier: Quantity["qualifier"], unit: Quantity): string[] {
  return PROBES.map((value) => formatQuantity(tr[locale], { ...unit, qualifier, value }));
}

// The catalog's spaces may be plain or no-break (typesetting makes them no-break): compared as spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("Russian: the genitive after every qualifier", () => {
  it("covers every qualifier", () => expect([...QUALIFIER_NAMES].sort()).toEqual([...QUALIFIERS].sort()));

  for (const qualifier of QUALIFIER_NAMES)
    for (const unit of TABLE_UNITS)
      it(`${qualifier} × ${unit}`, () => {
        const expected = PROBES.map((_, i) => expectedRu(qualifier, unit, i));
        expect(rendered("ru", qualifier, UNITS[unit]).map(plain)).toEqual(expected);
      });
});

describe("Kazakh: the case after the number as read aloud, the postposition after the phrase", () => {
  for (const qualifier of QUALIFIER_NAMES)
    for (const unit of TABLE_UNITS)
      it(`${qualifier} × ${unit}`, () => {
        const expected = PROBES.map((_, i) => expectedKk(qualifier, unit, i));
        expect(rendered("kk", qualifier, UNITS[unit]).map(plain)).toEqual(expected);
      });
  it("money: the case on the currency word, after the scale («10,8 трлн теңгеден астам»)", () => {
    const money = { type: "money", currency: "KZT", scale: "trillion", value: 10.8 } as const;
    expect(formatQuantity(tr.kk, { ...money, qualifier: "more-than" })).toBe("10,8\u00a0трлн теңгеден астам");
    expect(formatQuantity(tr.kk, { ...money, qualifier: "up-to" })).toBe("10,8\u00a0трлн теңгеге дейін");
    expect(formatQuantity(tr.ru, { ...money, qualifier: "at-most" })).toBe("не более 10,8\u00a0трлн\u00a0тенге");
  });
});

describe("a range in words (`range: from-to`)", () => {
  const en = createTranslator(catalog, "en", diagnostics);
  const range = (from: number, to: number) => ({ from, to });
  it("a count: the lower number bare, the unit after the upper in the frame's case", () => {
    const people = { unit: "people", range: "from-to", value: range(5, 10) } as const;
    expect(plain(formatQuantity(tr.ru, people))).toBe("от 5 до 10 человек");
    expect(plain(formatQuantity(tr.ru, { ...people, unit: "detention-days", value: range(1, 2) }))).toBe(
      "от 1 до 2 суток",
    );
    expect(plain(formatQuantity(tr.ru, { ...people, unit: "days", value: range(21, 22) }))).toBe("от 21 до 22 дней");
    expect(plain(formatQuantity(tr.kk, people))).toBe("5-тен 10 адамға дейін");
    expect(plain(formatQuantity(tr.kk, { ...people, value: range(10, 15) }))).toBe("10-нан 15 адамға дейін");
    expect(formatQuantity(en, people)).toBe("from 5 to 10 people");
  });
  it("money: ru and kk write the scale and currency once, after the second value; en on both", () => {
    const money = { type: "money", currency: "KZT", scale: "billion", range: "from-to", value: range(5, 10) } as const;
    expect(plain(formatQuantity(tr.ru, money))).toBe("от 5 до 10 млрд тенге");
    expect(plain(formatQuantity(tr.kk, money))).toBe("5-тен 10 млрд теңгеге дейін");
    expect(plain(formatQuantity(en, money))).toBe("from ₸5 billion to ₸10 billion");
  });
  it("the dash stays the default: «5–10 человек»", () => {
    expect(plain(formatQuantity(tr.ru, { unit: "people", value: range(5, 10) }))).toBe("5–10 человек");
    expect(plain(formatQuantity(tr.ru, { unit: "people", range: "dash", value: range(5, 10) }))).toBe("5–10 человек");
    expect(plain(formatQuantity(tr.kk, { unit: "people", value: range(5, 10) }))).toBe("5–10 адам");
  });
});
