import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { currenciesNamed, currencyOf } from "../src/validate/currencies.js";
import { readNumbers } from "../src/validate/numbers.js";
import { edit, lineOf, projectCopy, SEED, SEED_DIR } from "./helpers.js";

const md = (locale: string) => `${SEED_DIR}/${locale}.md`;
const currencies = (text: string, locale: string) => readNumbers(text, locale).map((n) => currencyOf(text, n, locale));

/** 1-based column of `needle` on its line of a project file. */
function columnOf(root: string, file: string, needle: string): number {
  const line = readFileSync(join(root, file), "utf8").split("\n")[lineOf(root, file, needle) - 1]!;
  return line.indexOf(needle) + 1;
}

describe("the currency a text writes a number in", () => {
  it("reads symbols and codes before, and words after a scale and a country, in en, kk and ru", () => {
    expect(currencies("a loan of $291.49 million, US$ 12, €5 and 7 EUR", "en")).toEqual(["USD", "USD", "EUR", "EUR"]);
    expect(currencies("291.49 million US dollars for 5 million people", "en")).toEqual(["USD", undefined]);
    expect(currencies("₸1.2 trillion, 10 tenge, 3.5%", "en")).toEqual(["KZT", "KZT", undefined]);
    expect(currencies("10,8 трлн теңгеден астам, 291,49 млн АҚШ долларынан, 5 еуро", "kk")).toEqual([
      "KZT",
      "USD",
      "EUR",
    ]);
    expect(currencies("291,49 млн долл. США, 12 млрд тенге, 5 млн рублей, 12 сомов, 3,5 %", "ru")).toEqual([
      "USD",
      "KZT",
      "RUB",
      "KGS",
      undefined,
    ]);
    // A word that only starts like a currency's is none.
    expect(currencies("some 20 people, 3 members, 4 сомнения", "en")).toEqual([undefined, undefined, undefined]);
    expect(currenciesNamed("loans in dollars and tenge", "en")).toEqual(["USD", "KZT"]);
    expect(currenciesNamed("займы в долларах", "ru")).toEqual(["USD"]);
  });

  it("tells each currency's words apart with their case endings, and not a word that continues past them", () => {
    expect(currenciesNamed("рубльден, юаньмен, сомға, фунт стерлингтен, еуромен, долларға және теңгеге", "kk")).toEqual(
      ["RUB", "CNY", "KGS", "GBP", "EUR", "USD", "KZT"],
    );
    expect(currenciesNamed("в юанях, фунтах стерлингов, рублях, сомах и евро", "ru")).toEqual([
      "CNY",
      "GBP",
      "RUB",
      "KGS",
      "EUR",
    ]);
    // `сом` takes at most three letters of ending in Kazakh, and «сомалиялық» is no currency.
    expect(currenciesNamed("сомалиялық 5 сомдық", "kk")).toEqual(["KGS"]);
    expect(currencies("5 сомалиялық, 7 сомдық", "kk")).toEqual([undefined, "KGS"]);
  });

  it("reads words and codes in any case, and keeps its place after a letter whose lower case is longer", () => {
    expect(currencies("12 ТЕҢГЕДЕН, 5 МЛН АҚШ ДОЛЛАРЫ, 7 Еуро", "kk")).toEqual(["KZT", "USD", "EUR"]);
    expect(currencies("5 Млрд Рублей и 12 usd", "ru")).toEqual(["RUB", "USD"]);
    expect(currenciesNamed("Loans in DOLLARS, Tenge and Kgs", "en")).toEqual(["USD", "KZT", "KGS"]);
    // `İ` lower-cases to two code units: the numbers after it are still found where they are.
    expect(currencies("İİİ 5 dollars and 7 euros", "en")).toEqual(["USD", "EUR"]);
    expect(currenciesNamed("İzmir: 5 Euros", "en")).toEqual(["EUR"]);
  });
});

describe("check: a sum in another currency", () => {
  it("is an error at the translation's number when it names another currency than the source", () => {
    const root = projectCopy();
    appendFileSync(join(root, md("en")), "\nThe party says the congress cost $291.49 million.\n");
    appendFileSync(join(root, md("kk")), "\nПартияның айтуынша, съезд 291,49 млн АҚШ долларына түскен.\n");
    appendFileSync(join(root, md("ru")), "\nПо словам партии, съезд обошёлся в 291,49 млн тенге.\n");
    const result = build({ root, checkOnly: true });
    const found = result.diagnostics.filter((d) => d.code === "translation/currency-mismatch");
    expect(found).toMatchObject([
      {
        severity: "error",
        file: md("ru"),
        line: lineOf(root, md("ru"), "291,49 млн тенге"),
        column: columnOf(root, md("ru"), "291,49 млн тенге"),
        locale: "ru",
        article: SEED,
        expected: "USD",
        actual: "KZT",
      },
    ]);
    expect(found[0]!.message).toContain(`${md("en")}:${lineOf(root, md("en"), "$291.49")}:`);
  });

  it("is an error where a money figure's label or a text writes its value in another currency", () => {
    const root = projectCopy();
    edit(
      root,
      `${SEED_DIR}/article.yaml`,
      "charts:\n",
      "  - id: congress-cost\n    type: money\n    currency: KZT\n    value: 291.49\n    scale: million\n\ncharts:\n",
    );
    edit(root, md("en"), "figures:\n", "figures:\n  congress-cost: spent on the congress\n");
    edit(root, md("kk"), "figures:\n", "figures:\n  congress-cost: съезге АҚШ долларымен жұмсалды\n");
    edit(root, md("ru"), "figures:\n", "figures:\n  congress-cost: потрачено на съезд\n");
    appendFileSync(join(root, md("ru")), "\nСъезд обошёлся в 291,49 млн долларов.\n");
    appendFileSync(join(root, md("en")), "\nThe congress cost 291.49 million tenge.\n");
    appendFileSync(join(root, md("kk")), "\nСъезд 291,49 млн теңгеге түсті.\n");
    const found = build({ root, checkOnly: true }).diagnostics.filter((d) => d.code === "figure/currency-mismatch");
    expect(found.map((d) => [d.file, d.line, d.column, d.pointer ?? null, d.expected, d.actual])).toEqual([
      [md("kk"), lineOf(root, md("kk"), "congress-cost:"), 18, "/figures/congress-cost", "KZT", "USD"],
      [md("ru"), lineOf(root, md("ru"), "291,49 млн долларов"), columnOf(root, md("ru"), "291,49"), null, "KZT", "USD"],
    ]);
  });
});
