import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { textContent } from "domutils";
import { describe, expect, it } from "vitest";
import type { Translator } from "../src/i18n/translator.js";
import { build } from "../src/index.js";
import { formatPeriod, formatQuantity, placeLabel, quantityMagnitude, type Quantity } from "../src/quantity/index.js";
import { reviewTranslations } from "../src/cli/review.js";
import { bundledTranslators, edit, lineOf, parseHtml, projectCopy, SEED, SEED_DIR } from "./helpers.js";
import { QUALIFIER_NAMES, type QualifierName } from "./qualifierExpected.js";

/** Expected strings are written with `_` for the no-break space (U+00A0). */
const nb = (s: string) => s.replace(/_/g, "\u00a0");
/** Intl's own spacing around dates (ICU may use thin or no-break spaces): compared as plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u2009\u202f]/g, " ");

const { diagnostics, tr } = bundledTranslators();
const all = (q: Quantity, values: readonly number[], t: Translator) =>
  values.map((value) => formatQuantity(t, { ...q, value }));
const PROBES = [0, 1, 2, 5, 21, 22, 1.5, 0.5, 1000, 12345.67, -5] as const;

describe("counts with units", () => {
  it("plural forms at the probe values", () => {
    expect(all({ unit: "people" }, PROBES, tr.en)).toEqual(
      [
        "0 people",
        "1 person",
        "2 people",
        "5 people",
        "21 people",
        "22 people",
        "1.5 people",
        "0.5 people",
        "1,000 people",
        "12,345.67 people",
        "\u22125 people",
      ].map(nb),
    );
    expect(all({ unit: "days" }, PROBES, tr.ru)).toEqual(
      [
        "0 дней",
        "1 день",
        "2 дня",
        "5 дней",
        "21 день",
        "22 дня",
        "1,5 дня",
        "0,5 дня",
        "1000 дней",
        "12_345,67 дня",
        "\u22125 дней",
      ].map(nb),
    );
    expect(all({ unit: "detention-days" }, [1, 21, 1.5], tr.kk)).toEqual(["1 тәулік", "21 тәулік", "1,5 тәулік"]);
  });

  it("Russian qualifiers take the genitive, singular after 1 and 21, plural after 2, 5, 22", () => {
    const more = all({ unit: "days", qualifier: "more-than" }, [0, 1, 2, 3, 5, 21, 22, 1.5, 0.5], tr.ru);
    expect(more).toEqual([
      "более 0 дней",
      "более 1 дня",
      "более 2 дней",
      "более 3 дней",
      "более 5 дней",
      "более 21 дня",
      "более 22 дней",
      "более 1,5 дня",
      "более 0,5 дня",
    ]);
    expect(formatQuantity(tr.ru, { unit: "people", qualifier: "about", value: 21 })).toBe("около 21 человека");
    expect(formatQuantity(tr.ru, { unit: "people", qualifier: "more-than", value: 2 })).toBe("более 2 человек");
    expect(formatQuantity(tr.ru, { unit: "days", qualifier: "up-to", value: 1 })).toBe("до 1 дня");
    expect(formatQuantity(tr.ru, { unit: "detention-days", qualifier: "at-least", value: 1 })).toBe("не менее 1 суток");
    expect(formatQuantity(tr.ru, { unit: "people", qualifier: "fewer-than", value: 1000 })).toBe("менее 1000 человек");
  });

  it("Kazakh: the ablative on the numeral (as read aloud) for more/fewer, the dative on the unit for up to", () => {
    expect(
      all({ unit: "people", qualifier: "more-than" }, [0, 1, 2, 5, 21, 22, 1.5, 0.5, 1000, 12345.67], tr.kk),
    ).toEqual(
      [
        "0-ден астам адам",
        "1-ден астам адам",
        "2-ден астам адам",
        "5-тен астам адам",
        "21-ден астам адам",
        "22-ден астам адам",
        "1,5-тен астам адам",
        "0,5-тен астам адам",
        "1000-нан астам адам",
        "12_345,67-ден астам адам",
      ].map(nb),
    );
    expect(formatQuantity(tr.kk, { unit: "detention-days", qualifier: "up-to", value: 5 })).toBe("5 тәулікке дейін");
    expect(formatQuantity(tr.kk, { unit: "people", qualifier: "about", value: 100 })).toBe("шамамен 100 адам");
    expect(formatQuantity(tr.kk, { unit: "people", qualifier: "fewer-than", value: 10 })).toBe("10-нан аз адам");
  });

  it("Kazakh: a measure (km, hours, days) takes the ablative on the whole phrase, the suffix on the unit", () => {
    expect(formatQuantity(tr.kk, { unit: "kilometres", qualifier: "more-than", value: 5 })).toBe("5 км-ден астам");
    expect(formatQuantity(tr.kk, { unit: "hours", qualifier: "more-than", value: 3 })).toBe("3 сағаттан астам");
    expect(formatQuantity(tr.kk, { unit: "detention-days", qualifier: "fewer-than", value: 15 })).toBe(
      "15 тәуліктен аз",
    );
    expect(formatQuantity(tr.kk, { unit: "days", qualifier: "more-than", value: 10 })).toBe("10 күннен астам");
  });

  it("Kazakh: a rate's base «100 000 адамға шаққанда» frames the qualified number", () => {
    const rate = { unit: "per-100k-people", value: 12.2 } as const;
    expect(formatQuantity(tr.kk, rate)).toBe(nb("100_000 адамға шаққанда 12,2"));
    expect(formatQuantity(tr.kk, { ...rate, qualifier: "about" })).toBe(nb("100_000 адамға шаққанда шамамен 12,2"));
    // The case on the digits, as the number is read: «он екі бүтін оннан екі» → екі → -ден, -ге.
    expect(formatQuantity(tr.kk, { ...rate, qualifier: "more-than" })).toBe(
      nb("100_000 адамға шаққанда 12,2-ден астам"),
    );
    expect(formatQuantity(tr.kk, { ...rate, qualifier: "up-to" })).toBe(nb("100_000 адамға шаққанда 12,2-ге дейін"));
    expect(formatQuantity(tr.kk, { ...rate, value: { from: 4, to: 5 }, range: "from-to" })).toBe(
      nb("100_000 адамға шаққанда 4-тен 5-ке дейін"),
    );
    expect(formatQuantity(tr.ru, { ...rate, qualifier: "about" })).toBe(nb("около 12,2 на 100_000 человек"));
  });

  it("a rate per 100,000 says the same in every language: the label names what is counted", () => {
    const rate = { unit: "per-100k-people" } as const;
    expect(all(rate, [1, 2, 5, 12.2], tr.en)).toEqual([
      "1 per 100,000 people",
      "2 per 100,000 people",
      "5 per 100,000 people",
      "12.2 per 100,000 people",
    ]);
    // Not «1 случай», «12,2 случая»: English and Kazakh name no cases.
    expect(all(rate, [1, 2, 5, 12.2], tr.ru)).toEqual(
      ["1 на 100_000 человек", "2 на 100_000 человек", "5 на 100_000 человек", "12,2 на 100_000 человек"].map(nb),
    );
    // Not «12,2 адам»: English and Russian name no people counted.
    expect(all(rate, [1, 12.2], tr.kk)).toEqual(["100_000 адамға шаққанда 1", "100_000 адамға шаққанда 12,2"].map(nb));
    expect(formatQuantity(tr.ru, { ...rate, value: 21, qualifier: "more-than" })).toBe(
      nb("более 21 на 100_000 человек"),
    );
  });

  it("ranges, and at a stated precision", () => {
    const range = { unit: "detention-days", value: { from: 5, to: 15 } };
    expect(formatQuantity(tr.en, range)).toBe("5–15 days");
    expect(formatQuantity(tr.ru, range)).toBe("5–15 суток");
    expect(formatQuantity(tr.kk, range)).toBe("5–15 тәулік");
    expect(formatQuantity(tr.ru, { unit: "days", value: { from: 1, to: 21 } })).toBe("1–21 день");
    expect(formatQuantity(tr.en, { unit: "days", value: 1, precision: 1 })).toBe("1.0 days");
    expect(formatQuantity(tr.ru, { unit: "days", value: 1, precision: 1 })).toBe("1,0 дня");
    expect(formatQuantity(tr.ru, { unit: "days", value: 2.5, precision: 2 })).toBe("2,50 дня");
  });

  it("a from→to change is not a range", () => {
    const hours = { unit: "hours", change: { from: 4, to: 2 } };
    expect(formatQuantity(tr.en, hours)).toBe("from 4 to 2 hours");
    expect(formatQuantity(tr.ru, hours)).toBe("с 4 до 2 часов");
    expect(formatQuantity(tr.kk, hours)).toBe("4-тен 2 сағатқа дейін");
    expect(formatQuantity(tr.ru, { unit: "days", change: { from: 5, to: 21 } })).toBe("с 5 до 21 дня");
    expect(formatQuantity(tr.kk, { unit: "people", change: { from: 10, to: 1 } })).toBe("10-нан 1 адамға дейін");
  });
});

describe("money", () => {
  const tenge = { type: "money", currency: "KZT", scale: "trillion", value: 1.2 } as const;
  const withDollars = { ...tenge, equivalent: { currency: "USD", value: 2.5, scale: "billion" } } as const;

  it("a scale and an equivalent in a second currency", () => {
    expect(formatQuantity(tr.en, withDollars)).toBe(nb("₸1.2_trillion ($2.5_billion)"));
    expect(formatQuantity(tr.ru, withDollars)).toBe(nb("1,2_трлн_тенге (2,5_млрд_долл._США)"));
    expect(formatQuantity(tr.kk, withDollars)).toBe(nb("1,2_трлн теңге (2,5_млрд АҚШ доллары)"));
  });

  it("qualifiers before the symbol, never between symbol and number; kk after the phrase", () => {
    const more = { ...tenge, value: 10.8, qualifier: "more-than" } as const;
    expect(formatQuantity(tr.en, more)).toBe(nb("more than ₸10.8_trillion"));
    expect(formatQuantity(tr.ru, more)).toBe(nb("более 10,8_трлн_тенге"));
    expect(formatQuantity(tr.kk, more)).toBe(nb("10,8_трлн теңгеден астам"));
    const upTo = { type: "money", currency: "USD", scale: "million", value: 291.49, qualifier: "up-to" } as const;
    expect(formatQuantity(tr.en, upTo)).toBe(nb("up to $291.49_million"));
    expect(formatQuantity(tr.ru, upTo)).toBe(nb("до 291,49_млн_долл._США"));
    expect(formatQuantity(tr.kk, upTo)).toBe(nb("291,49_млн АҚШ долларына дейін"));
  });

  it("without a scale, negative, a range and a change", () => {
    const plainTenge = { type: "money", currency: "KZT" } as const;
    expect(all(plainTenge, [0, 1, 1000, 12345.67, -5], tr.en)).toEqual(
      ["₸0", "₸1", "₸1,000", "₸12,345.67", "\u2212₸5"].map(nb),
    );
    // Russian writes the tenge as a word, as Kazakhstan's Russian-language press does; a currency
    // the catalog has no word for takes CLDR's symbol where CLDR puts it.
    expect(all(plainTenge, [1, 1000, 12345.67, -5], tr.ru)).toEqual(
      ["1_тенге", "1000_тенге", "12_345,67_тенге", "\u22125_тенге"].map(nb),
    );
    expect(all({ type: "money", currency: "GBP" }, [1, -5], tr.ru)).toEqual(["1_£", "\u22125_£"].map(nb));
    expect(all(plainTenge, [1, 12345.67], tr.kk)).toEqual(["1 теңге", nb("12_345,67 теңге")]);
    const range = { ...tenge, value: { from: 1.2, to: 2.5 } } as const;
    expect(formatQuantity(tr.en, range)).toBe(nb("₸1.2–2.5_trillion"));
    expect(formatQuantity(tr.ru, range)).toBe(nb("1,2–2,5_трлн_тенге"));
    const change = { type: "money", currency: "KZT", scale: "trillion", change: { from: 1.2, to: 2.5 } } as const;
    expect(formatQuantity(tr.en, change)).toBe(nb("from ₸1.2_trillion to ₸2.5_trillion"));
    // Russian and Kazakh write the scale and currency once, after the second number.
    expect(formatQuantity(tr.ru, change)).toBe(nb("с 1,2 до 2,5_трлн_тенге"));
    expect(formatQuantity(tr.kk, change)).toBe(nb("1,2-ден 2,5_трлн теңгеге дейін"));
    const dollars = {
      type: "money",
      currency: "USD",
      scale: "million",
      value: { from: 5, to: 7 },
      range: "from-to",
    } as const;
    expect(formatQuantity(tr.en, dollars)).toBe(nb("from $5_million to $7_million"));
    expect(formatQuantity(tr.ru, dollars)).toBe(nb("от 5 до 7_млн_долл._США"));
    expect(formatQuantity(tr.kk, dollars)).toBe(nb("5-тен 7_млн АҚШ долларына дейін"));
  });
});

describe("counts in a scale", () => {
  // Real material: the Bureau of National Statistics writes «численность населения достигла
  // 20,4 млн человек» and «более 60 млн чеков»; `value: 20400000` printed «20 400 000».
  const people = { unit: "people", scale: "million" } as const;
  const counts = [1, 2, 5, 21, 1.5, 20.4] as const;

  it("bare, at 1, 2, 5, 21, 1.5: en plural, ru the genitive plural after «млн», kk the singular", () => {
    expect(all(people, counts, tr.en)).toEqual(
      [
        "1_million people",
        "2_million people",
        "5_million people",
        "21_million people",
        "1.5_million people",
        "20.4_million people",
      ].map(nb),
    );
    expect(all(people, counts, tr.ru)).toEqual(
      ["1_млн человек", "2_млн человек", "5_млн человек", "21_млн человек", "1,5_млн человек", "20,4_млн человек"].map(
        nb,
      ),
    );
    expect(all(people, counts, tr.kk)).toEqual(
      ["1_млн адам", "2_млн адам", "5_млн адам", "21_млн адам", "1,5_млн адам", "20,4_млн адам"].map(nb),
    );
    // Every scale, and other units: «млрд дней», «тыс. чеков».
    expect(formatQuantity(tr.ru, { unit: "days", scale: "billion", value: 2 })).toBe(nb("2_млрд дней"));
    expect(formatQuantity(tr.ru, { unit: "receipts", scale: "thousand", value: 21 })).toBe(nb("21_тыс. чеков"));
    expect(formatQuantity(tr.en, { unit: "receipts", scale: "trillion", value: 1 })).toBe(nb("1_trillion receipts"));
    expect(formatQuantity(tr.kk, { unit: "receipts", scale: "thousand", value: 60 })).toBe(nb("60_мың чек"));
  });

  it("each qualifier: ru the case on the scale word, the noun stays «человек»; kk the suffix on «млн»", () => {
    const receipts = { unit: "receipts", scale: "million", value: 60 } as const;
    const q = (qualifier: QualifierName, t: Translator, base: Quantity = receipts) =>
      formatQuantity(t, { ...base, qualifier });
    expect(QUALIFIER_NAMES.map((name) => q(name, tr.en))).toEqual(
      [
        "more than 60_million receipts",
        "about 60_million receipts",
        "at least 60_million receipts",
        "up to 60_million receipts",
        "at most 60_million receipts",
        "fewer than 60_million receipts",
      ].map(nb),
    );
    expect(QUALIFIER_NAMES.map((name) => q(name, tr.ru))).toEqual(
      [
        "более 60_млн чеков",
        "около 60_млн чеков",
        "не менее 60_млн чеков",
        "до 60_млн чеков",
        "не более 60_млн чеков",
        "менее 60_млн чеков",
      ].map(nb),
    );
    // A thing counted: more/fewer on the numeral, «млн» read «миллион» → -нан; the rest on the phrase.
    expect(QUALIFIER_NAMES.map((name) => q(name, tr.kk))).toEqual(
      [
        "60_млн-нан астам чек",
        "шамамен 60_млн чек",
        "кемінде 60_млн чек",
        "60_млн чекке дейін",
        "ең көбі 60_млн чек",
        "60_млн-нан аз чек",
      ].map(nb),
    );
    // ru: singular «1 млн», yet «около 1 млн человек», not «человека».
    const one = { unit: "people", scale: "million", value: 1 } as const;
    expect(q("about", tr.ru, one)).toBe(nb("около 1_млн человек"));
    expect(q("more-than", tr.ru, { ...one, value: 21 })).toBe(nb("более 21_млн человек"));
    // kk: the suffix chosen by the scale word as read aloud: миллиард → -тан, мың → -нан written solid.
    expect(q("more-than", tr.kk, { ...one, scale: "billion" })).toBe(nb("1_млрд-тан астам адам"));
    expect(q("more-than", tr.kk, { ...one, scale: "thousand", value: 60 })).toBe(nb("60_мыңнан астам адам"));
    expect(q("fewer-than", tr.kk, { ...one, scale: "trillion" })).toBe(nb("1_трлн-нан аз адам"));
    // A measure takes the case on the whole phrase, as without a scale.
    expect(q("more-than", tr.kk, { unit: "hours", scale: "million", value: 1 })).toBe(nb("1_млн сағаттан астам"));
    expect(q("about", tr.en, { ...one, value: 1 })).toBe(nb("about 1_million people"));
  });

  it("a range, in words and with a dash: ru and kk write the scale once, en repeats it as for money", () => {
    const range = { ...people, value: { from: 5, to: 10 } } as const;
    expect(formatQuantity(tr.en, range)).toBe(nb("5–10_million people"));
    expect(formatQuantity(tr.ru, range)).toBe(nb("5–10_млн человек"));
    expect(formatQuantity(tr.kk, range)).toBe(nb("5–10_млн адам"));
    const words = { ...range, range: "from-to" } as const;
    expect(formatQuantity(tr.en, words)).toBe(nb("from 5_million to 10_million people"));
    expect(formatQuantity(tr.ru, words)).toBe(nb("от 5 до 10_млн человек"));
    expect(formatQuantity(tr.kk, words)).toBe(nb("5-тен 10_млн адамға дейін"));
  });

  it("a change from one value to another, and a change by one (trend)", () => {
    const change = { ...people, change: { from: 18.5, to: 20.4 } } as const;
    expect(formatQuantity(tr.en, change)).toBe(nb("from 18.5_million to 20.4_million people"));
    expect(formatQuantity(tr.ru, change)).toBe(nb("с 18,5 до 20,4_млн человек"));
    expect(formatQuantity(tr.kk, change)).toBe(nb("18,5-тен 20,4_млн адамға дейін"));
    const by = { ...people, trend: true } as const;
    // ru «на 2 млн человек»: the accusative is the scale word's; «человек» after 1, 2 and 21 alike.
    expect(all(by, [1, 2, 21, 1.5], tr.ru)).toEqual(
      ["рост на 1_млн человек", "рост на 2_млн человек", "рост на 21_млн человек", "рост на 1,5_млн человек"].map(nb),
    );
    expect(formatQuantity(tr.ru, { ...by, value: -2 })).toBe(nb("снижение на 2_млн человек"));
    expect(all(by, [2, -1.5], tr.kk)).toEqual(["2_млн адамға өсті", "1,5_млн адамға төмендеді"].map(nb));
    expect(all(by, [1, -2], tr.en)).toEqual(["rose by 1_million people", "fell by 2_million people"].map(nb));
    expect(formatQuantity(tr.en, { ...people, value: 1.2, signed: true })).toBe(nb("+1.2_million people"));
  });

  it("a bar's length is the value times its scale, as money's", () => {
    expect(quantityMagnitude({ ...people, value: 20.4 })).toBe(20_400_000);
    expect(quantityMagnitude({ unit: "people", scale: "thousand", value: 900 })).toBe(900_000);
  });
});

describe("percent, percentage points, signed values and trends", () => {
  it("percent with the locale's spacing, qualified, signed, as a range", () => {
    const pct = { type: "percent" } as const;
    expect(all(pct, [0, 1, 12.2, 0.5, -3], tr.en)).toEqual(["0%", "1%", "12.2%", "0.5%", "\u22123%"]);
    expect(all(pct, [12.2, 118.6], tr.ru)).toEqual(["12,2_%", "118,6_%"].map(nb));
    // Kazakh writes the percent sign solid, as Intl does ("12,2%"); Russian after a no-break space.
    expect(all(pct, [12.2], tr.kk)).toEqual(["12,2%"]);
    expect(formatQuantity(tr.kk, { ...pct, value: 12.2, qualifier: "more-than" })).toBe("12,2%-дан астам");
    expect(formatQuantity(tr.ru, { ...pct, value: 12.2, qualifier: "more-than" })).toBe(nb("более 12,2_%"));
    expect(formatQuantity(tr.en, { ...pct, value: 7.2, signed: true })).toBe("+7.2%");
    expect(formatQuantity(tr.ru, { ...pct, value: 7.2, signed: true })).toBe(nb("+7,2_%"));
    expect(formatQuantity(tr.ru, { ...pct, value: -7.2, signed: true })).toBe(nb("\u22127,2_%"));
    expect(formatQuantity(tr.en, { ...pct, value: 12.2, precision: 2 })).toBe("12.20%");
    expect(formatQuantity(tr.en, { ...pct, value: { from: 5, to: 10 } })).toBe("5–10%");
    expect(formatQuantity(tr.ru, { ...pct, value: { from: 5, to: 10 } })).toBe(nb("5–10_%"));
    // The percent sign once, after the second number («с 4,5 до 3,2 %»); English repeats it.
    expect(formatQuantity(tr.kk, { ...pct, change: { from: 4.5, to: 3.2 } })).toBe("4,5-тен 3,2%-ға дейін");
    expect(formatQuantity(tr.ru, { ...pct, change: { from: 4.5, to: 3.2 } })).toBe(nb("с 4,5 до 3,2_%"));
    expect(formatQuantity(tr.en, { ...pct, change: { from: 4.5, to: 3.2 } })).toBe("from 4.5% to 3.2%");
    const points = { type: "points", change: { from: 1, to: 2.5 } } as const;
    expect(formatQuantity(tr.ru, points)).toBe(nb("с 1 до 2,5_п._п."));
    expect(formatQuantity(tr.kk, points)).toBe("1-ден 2,5 пайыздық тармаққа дейін");
  });

  it("percentage points and rose/fell-by words", () => {
    const pp = { type: "points" } as const;
    expect(all(pp, [1, 1.5, 0.5, 2], tr.en)).toEqual([
      "1 percentage point",
      "1.5 percentage points",
      "0.5 percentage points",
      "2 percentage points",
    ]);
    expect(all(pp, [1.5], tr.ru)).toEqual([nb("1,5_п._п.")]);
    expect(all(pp, [1.5], tr.kk)).toEqual(["1,5 пайыздық тармақ"]);
    const rise = { type: "percent", value: 7.2, trend: true } as const;
    expect(formatQuantity(tr.en, rise)).toBe("rose by 7.2%");
    expect(formatQuantity(tr.ru, rise)).toBe(nb("рост на 7,2_%"));
    expect(formatQuantity(tr.kk, rise)).toBe("7,2%-ға өсті");
    const fall = { type: "points", value: -1.3, trend: true } as const;
    expect(formatQuantity(tr.en, fall)).toBe("fell by 1.3 percentage points");
    expect(formatQuantity(tr.ru, fall)).toBe(nb("снижение на 1,3_п._п."));
    expect(formatQuantity(tr.kk, fall)).toBe("1,3 пайыздық тармаққа төмендеді");
    expect(formatQuantity(tr.ru, { ...rise, value: 0 })).toBe("без изменений");
  });

  it("a change by a count: ru «на» with the accusative (animate «человека»), kk the dative", () => {
    const people = { unit: "people", trend: true } as const;
    const by = [1, 2, 5, 21, 22, 1.5] as const;
    expect(all(people, by, tr.ru)).toEqual([
      "рост на 1 человека",
      "рост на 2 человека",
      "рост на 5 человек",
      "рост на 21 человека",
      "рост на 22 человека",
      "рост на 1,5 человека",
    ]);
    expect(formatQuantity(tr.ru, { ...people, value: -21 })).toBe("снижение на 21 человека");
    expect(formatQuantity(tr.ru, { ...people, value: -11 })).toBe("снижение на 11 человек");
    // Inanimate: the accusative is the nominative.
    expect(all({ unit: "days", trend: true }, [1, 2, 5, 21], tr.ru)).toEqual([
      "рост на 1 день",
      "рост на 2 дня",
      "рост на 5 дней",
      "рост на 21 день",
    ]);
    expect(all({ unit: "detention-days", trend: true }, [1, 21], tr.ru)).toEqual([
      "рост на 1 сутки",
      "рост на 21 сутки",
    ]);
    expect(all({ type: "percent", trend: true }, [1, 5], tr.ru)).toEqual(["рост на 1_%", "рост на 5_%"].map(nb));
    const tenge = { type: "money", currency: "KZT", scale: "billion", trend: true } as const;
    expect(formatQuantity(tr.ru, { ...tenge, value: 21 })).toBe(nb("рост на 21_млрд_тенге"));
    // Kazakh: the dative on the whole phrase, «… өсті».
    expect(all(people, [1, 2, 5, 21], tr.kk)).toEqual([
      "1 адамға өсті",
      "2 адамға өсті",
      "5 адамға өсті",
      "21 адамға өсті",
    ]);
    expect(formatQuantity(tr.kk, { ...people, value: -21 })).toBe("21 адамға төмендеді");
    expect(formatQuantity(tr.kk, { ...tenge, value: 21 })).toBe(nb("21_млрд теңгеге өсті"));
    expect(all(people, [1, 21], tr.en)).toEqual(["rose by 1 person", "rose by 21 people"]);
  });
});

describe("reference periods", () => {
  const cases: [string, string, string, string][] = [
    ["2025", "2025", "2025_г.", "2025 жыл"],
    ["2025-Q3", "Q3 2025", "III_квартал 2025_г.", "2025 жылғы III_тоқсан"],
    ["2025-03", "March 2025", "март 2025_г.", "2025 жылғы наурыз"],
    ["2025-01/2025-11", "January–November 2025", "январь–ноябрь 2025_г.", "2025 жылғы қаңтар–қараша"],
    [
      "2024-11/2025-02",
      "November 2024 – February 2025",
      "ноябрь 2024_г. – февраль 2025_г.",
      "2024 жылғы қараша – 2025 жылғы ақпан",
    ],
  ];
  it.each(cases)("%s", (period, en, ru, kk) => {
    expect(formatPeriod(tr.en, period)).toBe(nb(en));
    expect(formatPeriod(tr.ru, period)).toBe(nb(ru));
    expect(formatPeriod(tr.kk, period)).toBe(nb(kk));
  });
  it("a day and a range of days: en and ru as Intl writes dates elsewhere on the page, kk as its other periods", () => {
    expect(plain(formatPeriod(tr.en, "2025-03-15"))).toBe("March 15, 2025");
    expect(plain(formatPeriod(tr.ru, "2025-03-15"))).toBe("15 марта 2025 г.");
    expect(plain(formatPeriod(tr.ru, "2025-01-15/2025-03-31"))).toBe("15 января – 31 марта 2025 г.");
    expect(plain(formatPeriod(tr.en, "2025-01-15/2025-03-31"))).toBe("January 15 – March 31, 2025");
    // Kazakh writes them as its other periods, not as the dateline's «2025 ж. 15 наурыз».
    expect(formatPeriod(tr.kk, "2025-03-15")).toBe("2025 жылғы 15 наурыз");
    expect(formatPeriod(tr.kk, "2025-01-15/2025-03-31")).toBe("2025 жылғы 15 қаңтар – 31 наурыз");
  });
});

describe("label placement", () => {
  it("{value} anywhere, {period} anywhere; without them the value leads and the period follows", () => {
    expect(placeLabel("Лимит {value} на {period}", "2025 год")).toEqual({
      before: "Лимит ",
      after: " на 2025 год",
      placed: true,
      text: "Лимит на 2025 год",
      period: "",
    });
    expect(placeLabel("detained", "2025")).toEqual({
      before: "",
      after: "detained",
      placed: false,
      text: "detained",
      period: "2025",
    });
  });
  it("the bundled catalog resolves every form used above", () => {
    expect(diagnostics.items).toEqual([]);
  });
});

const FIGURES = `
  - id: lending
    type: money
    value: 10.8
    qualifier: more-than
    currency: KZT
    scale: trillion
    equivalent: { currency: USD, value: 22.6, scale: billion }
    period: "2025-01/2025-11"
  - id: growth
    type: percent
    value: 12.2
    signed: true
  - id: rate-cut
    type: points
    value: -1.5
    trend: true
  - id: wait-time
    unit: hours
    change: { from: 4, to: 2 }
`;
const LABELS = {
  en: `  lending: "in loans {period}"\n  growth: "Industrial output: {value} year on year"\n  rate-cut: base rate\n  wait-time: waiting time\n`,
  ru: `  lending: кредитов выдано\n  growth: "Промышленное производство: {value} за год"\n  rate-cut: базовая ставка\n  wait-time: время ожидания\n`,
  kk: `  lending: "{period} {value} несие берілді"\n  growth: "Өнеркәсіп өндірісі: жылдық {value}"\n  rate-cut: базалық мөлшерлеме\n  wait-time: күту уақыты\n`,
};

describe("typed figures in a built article", () => {
  const root = projectCopy();
  edit(root, `${SEED_DIR}/article.yaml`, "\ncharts:", `${FIGURES}\ncharts:`);
  for (const locale of ["en", "kk", "ru"] as const)
    edit(root, `${SEED_DIR}/${locale}.md`, "\ncharts:", `\n${LABELS[locale]}charts:`);
  const result = build({ root });
  const html = (locale: string) =>
    result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)?.contents ?? Buffer.from("");
  const lines = (locale: string) =>
    selectAll<AnyNode, Element>("section.figures li", parseHtml(html(locale))).map((li) =>
      textContent(li).replace(/\s+/g, " ").trim(),
    );

  it("builds without a diagnostic", () => {
    // The English labels changed, so the translations are (rightly) stale; nothing else.
    expect(result.diagnostics.filter((d) => d.code !== "translation/stale")).toEqual([]);
  });

  it("each line reads in the locale's order, from the HTML", () => {
    expect(lines("en")).toEqual(
      expect.arrayContaining([
        "more than ₸10.8 trillion ($22.6 billion) in loans January–November 2025",
        "Industrial output: +12.2% year on year",
        "fell by 1.5 percentage points base rate",
        "from 4 to 2 hours waiting time",
      ]),
    );
    expect(lines("ru")).toEqual(
      expect.arrayContaining([
        "более 10,8 трлн тенге (22,6 млрд долл. США) кредитов выдано (январь–ноябрь 2025 г.)",
        "Промышленное производство: +12,2 % за год",
        "снижение на 1,5 п. п. базовая ставка",
        "с 4 до 2 часов время ожидания",
      ]),
    );
    expect(lines("kk")).toEqual(
      expect.arrayContaining([
        "2025 жылғы қаңтар–қараша 10,8 трлн теңгеден астам (22,6 млрд АҚШ доллары) несие берілді",
        "Өнеркәсіп өндірісі: жылдық +12,2%",
        "1,5 пайыздық тармаққа төмендеді базалық мөлшерлеме",
        // A no-break hyphen (U+2011) between the digits and the suffix.
        "4\u2011тен 2 сағатқа дейін күту уақыты",
      ]),
    );
  });

  it("the PDF has the same words", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-quantity-"));
    for (const [locale, expected] of [
      ["en", ["₸10.8 trillion ($22.6 billion)", "+12.2%", "from 4 to 2 hours"]],
      ["ru", ["10,8 трлн тенге (22,6 млрд долл. США)", "январь–ноябрь 2025 г.", "с 4 до 2 часов"]],
      ["kk", ["10,8 трлн теңгеден астам", "2025 жылғы қаңтар–қараша", "4\u2011тен 2 сағатқа дейін"]],
    ] as const) {
      const pdf = result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`);
      const file = join(dir, `${locale}.pdf`);
      writeFileSync(file, pdf?.contents ?? "");
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      for (const s of expected) expect(text).toContain(s);
    }
  });
});

describe("counts in a scale in a built article: lines, chart, body parity, PDF", () => {
  // Real material: the Bureau of National Statistics' population and «более 60 млн чеков».
  const root = projectCopy();
  const facts = `${SEED_DIR}/article.yaml`;
  edit(
    root,
    facts,
    /^figures:\n/m,
    "figures:\n" +
      "  - id: population\n    value: 20.4\n    scale: million\n    unit: people\n    places: [kazakhstan]\n" +
      "  - id: population-aqtobe\n    value: 950\n    scale: thousand\n    unit: people\n    places: [aqtobe]\n" +
      "  - id: receipts-checked\n    value: 60\n    qualifier: more-than\n    scale: million\n    unit: receipts\n" +
      "  - id: population-growth\n    value: 0.3\n    scale: million\n    unit: people\n    trend: true\n" +
      "  - id: population-change\n    change: { from: 18.5, to: 20.4 }\n    scale: million\n    unit: people\n",
  );
  edit(
    root,
    facts,
    "\ntimeline:",
    "  - id: population-by-place\n    kind: bar\n    figures: [population, population-aqtobe]\n\ntimeline:",
  );
  const labels = {
    en: {
      figures: ["population", "in Aqtobe", "receipts checked", "in a year", "since 2010"],
      chart: ["Population", "Bar chart: 20.4 million people in Kazakhstan, 950 thousand in Aqtobe."],
      body: "The population reached 20.4 million people; more than 60 million receipts were checked.",
    },
    ru: {
      figures: ["население", "в Актобе", "чеков проверено", "за год", "с 2010 г."],
      chart: ["Население", "Диаграмма: 20,4 млн человек в Казахстане, 950 тыс. в Актобе."],
      body: "Численность населения достигла 20,4 млн человек; проверено более 60 млн чеков.",
    },
    kk: {
      figures: ["халық саны", "Ақтөбеде", "чек тексерілді", "бір жылда", "2010 жылдан бері"],
      chart: ["Халық саны", "Диаграмма: Қазақстанда 20,4 миллион адам, Ақтөбеде 950 мың."],
      body: "Халық саны 20,4 млн адамға жетті; 60 млн-нан астам чек тексерілді.",
    },
  } as const;
  const ids = ["population", "population-aqtobe", "receipts-checked", "population-growth", "population-change"];
  for (const [locale, l] of Object.entries(labels)) {
    const file = `${SEED_DIR}/${locale}.md`;
    edit(root, file, /^figures:\n/m, `figures:\n${ids.map((id, i) => `  ${id}: ${l.figures[i]}\n`).join("")}`);
    edit(
      root,
      file,
      /^charts:\n/m,
      `charts:\n  population-by-place:\n    title: ${l.chart[0]}\n    description: ${JSON.stringify(l.chart[1])}\n`,
    );
    edit(root, file, /\n---\n/, `\n---\n${l.body}\n\n`);
  }
  reviewTranslations(root, undefined, ["en", "kk", "ru"]);
  const result = build({ root, templates: ["briefing"], locales: ["en", "kk", "ru", "kk-Latn"] });
  const page = (locale: string) =>
    parseHtml(result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)?.contents ?? Buffer.from(""));
  const lines = (locale: string) =>
    selectAll<AnyNode, Element>("section.figures li", page(locale)).map((li) =>
      textContent(li).replace(/\s+/g, " ").trim(),
    );

  it("builds without a diagnostic: «20,4 млн» / «20,4 миллион» in a text match the source's 20.4 million", () => {
    expect(result.diagnostics).toEqual([]);
  });

  it("each figure reads as editors write it, from the HTML", () => {
    expect(lines("en")).toEqual(
      expect.arrayContaining([
        "20.4 million people population",
        "950 thousand people in Aqtobe",
        "more than 60 million receipts receipts checked",
        "rose by 0.3 million people in a year",
        "from 18.5 million to 20.4 million people since 2010",
      ]),
    );
    expect(lines("ru")).toEqual(
      expect.arrayContaining([
        "950 тыс. человек в Актобе",
        "более 60 млн чеков чеков проверено",
        "рост на 0,3 млн человек за год",
        "с 18,5 до 20,4 млн человек с 2010 г.",
      ]),
    );
    expect(lines("ru").find((l) => l.startsWith("20,4 млн человек население"))).toBeDefined();
    expect(lines("kk")).toEqual(
      expect.arrayContaining([
        "20,4 млн адам халық саны",
        "950 мың адам Ақтөбеде",
        "60 млн\u2011нан астам чек чек тексерілді",
        "0,3 млн адамға өсті бір жылда",
        "18,5\u2011тен 20,4 млн адамға дейін 2010 жылдан бері",
      ]),
    );
    // kk-Latn is transliterated from kk (ч → ş, the 2021 rules): the suffix stays on «mln».
    expect(lines("kk-Latn")).toEqual(
      expect.arrayContaining(["60 mln\u2011nan astam şek şek tekserıldı", "950 myñ adam Aqtöbede"]),
    );
  });

  it("the chart's bars are value × scale: 950 thousand is 0.047 of 20.4 million", () => {
    const chart = selectAll<AnyNode, Element>("figure.chart", page("en")).find((f) =>
      textContent(f).includes("Population"),
    );
    const widths = selectAll<AnyNode, Element>("rect", chart ?? []).map((r) => Number(r.attribs["width"]));
    expect(widths).toHaveLength(2);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.95 / 20.4, 2);
    expect(textContent(chart ?? [])).toContain("20.4\u00a0million people");
  });

  it("the PDF has the same words", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilpress-countscale-"));
    for (const [locale, expected] of [
      ["en", ["20.4 million people", "more than 60 million receipts", "from 18.5 million to 20.4 million people"]],
      ["ru", ["20,4 млн человек", "более 60 млн чеков", "рост на 0,3 млн человек"]],
      ["kk", ["20,4 млн адам", "60 млн\u2011нан астам чек", "0,3 млн адамға өсті"]],
    ] as const) {
      const pdf = result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`);
      const file = join(dir, `${locale}.pdf`);
      writeFileSync(file, pdf?.contents ?? "");
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      for (const s of expected) expect(text, locale).toContain(s);
    }
  });
});

describe("a figure that is not zero is never written as zero", () => {
  // Intl's default keeps 3 decimal places, so 0.0004 was "0%"; a stated precision of 1 made 0.04 "0.0".
  const root = projectCopy();
  edit(
    root,
    `${SEED_DIR}/article.yaml`,
    /^figures:\n/m,
    "figures:\n" +
      "  - id: tiny-share\n    type: percent\n    value: 0.0004\n" +
      "  - id: tiny-fall\n    type: percent\n    value: -0.00045678\n" +
      "  - id: tiny-points\n    type: points\n    value: 0.04\n    precision: 1\n",
  );
  const labels = {
    en: ["share of the vote", "change in turnout", "change in the base rate"],
    kk: ["дауыстардың үлесі", "қатысудың өзгерісі", "базалық мөлшерлеменің өзгерісі"],
    ru: ["доля голосов", "изменение явки", "изменение базовой ставки"],
  } as const;
  for (const [locale, [share, fall, points]] of Object.entries(labels))
    edit(
      root,
      `${SEED_DIR}/${locale}.md`,
      /^figures:\n/m,
      `figures:\n  tiny-share: ${share}\n  tiny-fall: ${fall}\n  tiny-points: ${points}\n`,
    );
  reviewTranslations(root, undefined, ["en", "kk", "ru"]);
  const result = build({ root, templates: ["briefing"] });
  /** Written out by hand: each locale's percent style, the minus sign U+2212, `_` a no-break space. */
  const expected = {
    en: [
      "0.0004% share of the vote",
      "\u22120.000457% change in turnout",
      nb("0.04_percentage points change in the base rate"),
    ],
    kk: [
      "0,0004% дауыстардың үлесі",
      "\u22120,000457% қатысудың өзгерісі",
      nb("0,04_пайыздық тармақ базалық мөлшерлеменің өзгерісі"),
    ],
    ru: [nb("0,0004_% доля голосов"), nb("\u22120,000457_% изменение явки"), nb("0,04_п._п. изменение базовой ставки")],
  } as const;

  it("−0 (`value: -0` in YAML) is written 0, alone and as a range's end", () => {
    expect(formatQuantity(tr.en, { type: "percent", value: -0 })).toBe("0%");
    expect(formatQuantity(tr.ru, { type: "percent", value: -0 })).toBe(nb("0_%"));
    expect(formatQuantity(tr.kk, { unit: "people", value: -0 })).toBe("0 адам");
    expect(formatQuantity(tr.ru, { unit: "people", value: { from: -0, to: 3 } })).toBe("0–3 человека");
  });

  it("a range whose lower end would round to zero writes both ends with the digits it needs", () => {
    const range = { type: "percent", value: { from: 0.0002, to: 0.0004 } } as const;
    expect(formatQuantity(tr.en, range)).toBe("0.0002–0.0004%");
    expect(formatQuantity(tr.kk, range)).toBe("0,0002–0,0004%");
    expect(formatQuantity(tr.ru, range)).toBe(nb("0,0002–0,0004_%"));
  });

  it.each(["en", "kk", "ru"] as const)("%s: the page and its PDF write 0.0004 percent, not 0", (locale) => {
    expect(result.diagnostics).toEqual([]);
    const html = result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)!.contents;
    const items = selectAll<AnyNode, Element>("section.figures li", parseHtml(html)).map((li) =>
      textContent(li)
        .replace(/[ \n]+/g, " ")
        .trim(),
    );
    expect(items.slice(0, 3)).toEqual(expected[locale]);
    const file = join(mkdtempSync(join(tmpdir(), "tilpress-small-")), `${locale}.pdf`);
    writeFileSync(file, result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`)!.contents);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    for (const line of expected[locale]) expect(plain(text).replace(/\s+/g, " ")).toContain(plain(line));
  });
});

describe("a change by a number of people, and a rate per 100,000, in a built article", () => {
  const root = projectCopy();
  const figures = `
  - id: rise-one
    unit: people
    value: 1
    trend: true
  - id: rise-five
    unit: people
    value: 5
    trend: true
  - id: fall-twenty-one
    unit: people
    value: -21
    trend: true
  - id: road-deaths
    unit: per-100k-people
    value: 12.2
    qualifier: more-than
`;
  edit(root, `${SEED_DIR}/article.yaml`, "\ncharts:", `${figures}\ncharts:`);
  const labels = {
    en: '  rise-one: in the queue\n  rise-five: at the rally\n  fall-twenty-one: in custody\n  road-deaths: "road traffic deaths: {value}"\n',
    ru: '  rise-one: в очереди\n  rise-five: на митинге\n  fall-twenty-one: под стражей\n  road-deaths: "смертность в ДТП — {value}"\n',
    kk: '  rise-one: "кезектегілер саны {value}"\n  rise-five: "митингке келгендер саны {value}"\n  fall-twenty-one: "қамаудағылар саны {value}"\n  road-deaths: "жол апатынан қаза тапқандар: {value}"\n',
  };
  for (const locale of ["en", "kk", "ru"] as const)
    edit(root, `${SEED_DIR}/${locale}.md`, "\ncharts:", `\n${labels[locale]}charts:`);
  const result = build({ root, formats: ["html"], templates: ["briefing"], articles: [SEED] });
  const lines = (locale: string) =>
    selectAll<AnyNode, Element>(
      "section.figures li",
      parseHtml(result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)?.contents ?? ""),
    ).map((li) => textContent(li).replace(/\s+/g, " ").trim());

  it("ru «рост на 1 человека», «на 5 человек», «снижение на 21 человека»; kk the dative", () => {
    expect(result.diagnostics.filter((d) => d.code !== "translation/stale")).toEqual([]);
    expect(lines("ru")).toEqual(
      expect.arrayContaining([
        "рост на 1 человека в очереди",
        "рост на 5 человек на митинге",
        "снижение на 21 человека под стражей",
      ]),
    );
    expect(lines("kk")).toEqual(
      expect.arrayContaining([
        "кезектегілер саны 1 адамға өсті",
        "митингке келгендер саны 5 адамға өсті",
        "қамаудағылар саны 21 адамға төмендеді",
      ]),
    );
    expect(lines("en")).toEqual(
      expect.arrayContaining([
        "rose by 1 person in the queue",
        "rose by 5 people at the rally",
        "fell by 21 people in custody",
      ]),
    );
  });

  it("a rate per 100,000 names no «случаев» and no «адам»: the label says what is counted", () => {
    expect(lines("en")).toContain("road traffic deaths: more than 12.2 per 100,000 people");
    expect(lines("ru")).toContain("смертность в ДТП — более 12,2 на 100 000 человек");
    expect(lines("kk")).toContain("жол апатынан қаза тапқандар: 100 000 адамға шаққанда 12,2\u2011ден астам");
  });
});

describe("figure checks", () => {
  const check = (from: string, to: string) => {
    const root = projectCopy();
    edit(root, `${SEED_DIR}/article.yaml`, from, to);
    return { root, diagnostics: build({ root, locales: ["en"] }).diagnostics };
  };

  it("a range written high to low is an error that points to `change:`", () => {
    const { root, diagnostics } = check("value: { from: 5, to: 15 }", "value: { from: 15, to: 5 }");
    const d = diagnostics.find((x) => x.pointer === "/figures/7/value");
    expect(d?.severity).toBe("error");
    expect(d?.file).toBe(`${SEED_DIR}/article.yaml`);
    expect(d?.line).toBe(lineOf(root, `${SEED_DIR}/article.yaml`, "from: 15, to: 5"));
    expect(d?.message).toContain("change: { from, to }");
  });

  it("YAML's .inf and .nan, and a word, are said to be no figure (not zod's \"Invalid input\")", () => {
    const fig = "    value: 1000\n    qualifier: at-least\n    unit: people";
    for (const [value, message] of [
      [".inf", "`figures.8.value` must be a finite number (YAML's .inf and .nan are not figures)"],
      [".nan", "`figures.8.value` must be a finite number (YAML's .inf and .nan are not figures)"],
      ["many", "`figures.8.value` must be a number, or a range `{ from, to }`"],
    ] as const) {
      const { diagnostics } = check(fig, fig.replace("value: 1000", `value: ${value}`));
      expect(
        diagnostics.filter((x) => x.pointer === "/figures/8/value").map((x) => x.message),
        value,
      ).toEqual([message]);
    }
  });

  it("`range:` only on a range value, and `from-to` without a qualifier", () => {
    const fig = "    value: 1000\n    qualifier: at-least\n    unit: people";
    const single = check(fig, `${fig}\n    range: from-to`);
    const d = single.diagnostics.filter((x) => x.pointer === "/figures/8/range");
    expect(d.map((x) => x.message)).toEqual([
      "`figures.8.range` is how a range `value: { from, to }` is written; this figure has no range",
      '`figures.8.range` is `from-to`, itself a frame ("from 5 to 10", «от 5 до 10»); it takes no qualifier',
    ]);
    expect(d[0]?.line).toBe(lineOf(single.root, `${SEED_DIR}/article.yaml`, "range: from-to"));
  });

  it("a period on a day that is no date is an error at its line, not a crash", () => {
    const fig = "    value: 1000\n    qualifier: at-least\n    unit: people";
    for (const day of ["2025-03-99", "2025-02-30"]) {
      const { root, diagnostics } = check(fig, `${fig}\n    period: "${day}"`);
      const d = diagnostics.find((x) => x.pointer === "/figures/8/period");
      expect(d?.message).toContain("is not a real date");
      expect(d?.line).toBe(lineOf(root, `${SEED_DIR}/article.yaml`, `period: "${day}"`));
    }
  });

  it("a range that starts and ends on the same year, month or day is told to be written alone", () => {
    const fig = "    value: 1000\n    qualifier: at-least\n    unit: people";
    const alone =
      'starts and ends on the same year, month or day: write it alone ("2025", "2025-03", "2025-10-01"), not as a range';
    for (const [period, message] of [
      ["2025/2025", alone],
      ["2025-03/2025-03", alone],
      ["2025-10-01/2025-10-01", alone],
      ["2025-10-15/2025-10-01", "is a period that ends before it starts"],
      ["2025/2020", "is a period that ends before it starts"],
    ] as const) {
      const { root, diagnostics } = check(fig, `${fig}\n    period: "${period}"`);
      const found = diagnostics.filter((x) => x.pointer === "/figures/8/period");
      expect(found.map((d) => d.message)).toEqual([`\`figures.8.period\` ${message}`]);
      expect(found[0]?.line).toBe(lineOf(root, `${SEED_DIR}/article.yaml`, `period: "${period}"`));
    }
  });

  it("an unknown currency, a bad precision, a unit on money", () => {
    const fig = "    value: 1000\n    qualifier: at-least\n    unit: people";
    const { root, diagnostics } = check(
      fig,
      "    type: money\n    value: 1000\n    currency: TNG\n    precision: 1.5\n    unit: people",
    );
    const at = (p: string) => diagnostics.find((x) => x.pointer === `/figures/8/${p}`);
    expect(at("currency")?.message).toContain("ISO 4217");
    expect(at("currency")?.line).toBe(lineOf(root, `${SEED_DIR}/article.yaml`, "currency: TNG"));
    expect(at("precision")?.message).toContain("whole number");
  });

  it("a unit on money, and a currency twice", () => {
    const fig = "    value: 1000\n    qualifier: at-least\n    unit: people";
    const { diagnostics } = check(
      fig,
      "    type: money\n    value: 1000\n    currency: KZT\n    equivalent: { currency: KZT, value: 2 }\n    unit: people",
    );
    const at = (p: string) => diagnostics.find((x) => x.pointer === `/figures/8/${p}`);
    expect(at("unit")?.message).toContain("only for counts");
    expect(at("equivalent")?.message).toContain("second currency");
  });

  it("a scale on a count is built; on a percentage or points it is an error at its line:column", () => {
    const fig = "    value: 1000\n    qualifier: at-least\n    unit: people";
    const counted = check(fig, "    value: 20.4\n    scale: million\n    unit: people");
    expect(counted.diagnostics.filter((x) => x.pointer?.startsWith("/figures/8"))).toEqual([]);
    for (const [type, what] of [
      ["percent", "a percentage"],
      ["points", "percentage points"],
    ] as const) {
      const { root, diagnostics } = check(fig, `    type: ${type}\n    value: 12.2\n    scale: million`);
      const d = diagnostics.filter((x) => x.pointer === "/figures/8/scale");
      expect(
        d.map((x) => [x.severity, x.message]),
        type,
      ).toEqual([["error", `\`figures.8.scale\` is for counts and money ("20.4 million people"), not for ${what}`]]);
      expect(d[0]).toMatchObject({
        file: `${SEED_DIR}/article.yaml`,
        line: lineOf(root, `${SEED_DIR}/article.yaml`, "scale: million"),
        column: 12, // the value: "    scale: million"
      });
    }
    // A currency and an equivalent stay money's.
    const currency = check(fig, "    value: 20.4\n    scale: million\n    unit: people\n    currency: KZT");
    expect(currency.diagnostics.find((x) => x.pointer === "/figures/8/currency")?.message).toContain(
      "only for money, not for a count",
    );
  });
});
