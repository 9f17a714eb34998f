import { ProjectFiles } from "../src/core/projectFiles.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { loadCatalog } from "../src/i18n/catalog.js";
import { createTranslator } from "../src/i18n/translator.js";
import { formatQuantity, type Quantity } from "../src/quantity/index.js";
import { QUALIFIERS } from "../src/validate/schema.js";
import { REPO } from "./helpers.js";

/**
 * Every qualifier × unit × probe count in Russian and Kazakh, against a table written by hand:
 * Russian qualifiers govern the genitive (singular after 1, 21, 101 and fractions, plural
 * otherwise); Kazakh ones take a case suffix after the number as read aloud, or a postposition
 * after the whole phrase with its unit.
 */
const diagnostics = new DiagnosticList();
const catalog = loadCatalog(join(REPO, "locales"), new ProjectFiles(REPO), ["en", "kk", "ru"], diagnostics);
const tr = { kk: createTranslator(catalog, "kk", diagnostics), ru: createTranslator(catalog, "ru", diagnostics) };

const PROBES = [0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 111, 1000, 1.5, 0.5, 10.8] as const;
// The probes as Russian and Kazakh write them: a decimal comma, four digits solid.
const WRITTEN = ["0", "1", "2", "3", "5", "11", "21", "22", "25", "101", "111", "1000", "1,5", "0,5", "10,8"];

const UNITS: Readonly<Record<string, Quantity>> = {
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

describe("Russian: the genitive after every qualifier", () => {
  const WORDS: Readonly<Record<string, string>> = {
    "more-than": "более",
    about: "около",
    "at-least": "не менее",
    "up-to": "до",
    "at-most": "не более",
    "fewer-than": "менее",
  };
  // The genitive of each unit after the probe counts, in PROBES order.
  // prettier-ignore
  const GENITIVE: Readonly<Record<string, readonly string[]>> = {
    people: ["человек", "человека", "человек", "человек", "человек", "человек", "человека", "человек", "человек", "человека", "человек", "человек", "человека", "человека", "человека"],
    days: ["дней", "дня", "дней", "дней", "дней", "дней", "дня", "дней", "дней", "дня", "дней", "дней", "дня", "дня", "дня"],
    "detention-days": ["суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток"],
    hours: ["часов", "часа", "часов", "часов", "часов", "часов", "часа", "часов", "часов", "часа", "часов", "часов", "часа", "часа", "часа"],
    percent: Array(15).fill("%"),
    points: Array(15).fill("п.\u00a0п."), // an abbreviation kept together
  };

  it("covers every qualifier", () => expect(Object.keys(WORDS).sort()).toEqual([...QUALIFIERS].sort()));

  for (const qualifier of QUALIFIERS)
    for (const [unit, quantity] of Object.entries(UNITS))
      it(`${qualifier} × ${unit}`, () => {
        const expected = WRITTEN.map((n, i) => `${WORDS[qualifier]} ${n}\u00a0${GENITIVE[unit]![i]}`);
        // The catalog's space between number and unit may be plain; typesetting makes it no-break.
        expect(rendered("ru", qualifier, quantity).map((s) => s.replace(/(\d) /, "$1\u00a0"))).toEqual(expected);
      });
});

describe("Kazakh: the case after the number as read aloud, the postposition after the phrase", () => {
  // The ablative after the probes as read aloud: нөл, бір, екі, үш, бес, (он) бір, (жиырма) бір,
  // (жиырма) екі, (жиырма) бес, (жүз) бір, (жүз он) бір, мың, (бір бүтін оннан) бес, (нөл бүтін
  // оннан) бес, (он бүтін оннан) сегіз.
  const ABLATIVE = [
    "ден",
    "ден",
    "ден",
    "тен",
    "тен",
    "ден",
    "ден",
    "ден",
    "тен",
    "ден",
    "ден",
    "нан",
    "тен",
    "тен",
    "ден",
  ];
  // Each unit: nominative, ablative and dative (the noun does not change with the number).
  const NOUN: Readonly<Record<string, readonly [string, string, string]>> = {
    people: ["адам", "адамнан", "адамға"],
    days: ["күн", "күннен", "күнге"],
    "detention-days": ["тәулік", "тәуліктен", "тәулікке"],
    hours: ["сағат", "сағаттан", "сағатқа"],
    percent: ["%", "%-дан", "%-ға"],
    points: ["пайыздық тармақ", "пайыздық тармақтан", "пайыздық тармаққа"],
  };
  const isCount = (unit: string) => unit !== "percent" && unit !== "points";
  // "12%" is written solid (Intl's Kazakh percent); every other unit after a space.
  const phrase = (n: string, noun: string) => (noun.startsWith("%") ? `${n}${noun}` : `${n} ${noun}`);

  const EXPECTED: Readonly<Record<string, (n: string, i: number, unit: string) => string>> = {
    // A count: «100-ден астам адам»; any other unit: «12%-дан астам».
    "more-than": (n, i, unit) =>
      isCount(unit) ? `${n}-${ABLATIVE[i]} астам ${NOUN[unit]![0]}` : `${phrase(n, NOUN[unit]![1])} астам`,
    "fewer-than": (n, i, unit) =>
      isCount(unit) ? `${n}-${ABLATIVE[i]} аз ${NOUN[unit]![0]}` : `${phrase(n, NOUN[unit]![1])} аз`,
    about: (n, _, unit) => `шамамен ${phrase(n, NOUN[unit]![0])}`,
    "at-least": (n, _, unit) => `кемінде ${phrase(n, NOUN[unit]![0])}`,
    "at-most": (n, _, unit) => `ең көбі ${phrase(n, NOUN[unit]![0])}`,
    // «5 тәулікке дейін»: the dative on the whole phrase.
    "up-to": (n, _, unit) => `${phrase(n, NOUN[unit]![2])} дейін`,
  };

  it("covers every qualifier", () => expect(Object.keys(EXPECTED).sort()).toEqual([...QUALIFIERS].sort()));

  for (const qualifier of QUALIFIERS)
    for (const [unit, quantity] of Object.entries(UNITS))
      it(`${qualifier} × ${unit}`, () => {
        const expected = WRITTEN.map((n, i) => EXPECTED[qualifier]!(n, i, unit));
        expect(rendered("kk", qualifier, quantity)).toEqual(expected);
      });

  it("money: the case on the currency word, after the scale («10,8 трлн теңгеден астам»)", () => {
    const money = { type: "money", currency: "KZT", scale: "trillion", value: 10.8 } as const;
    expect(formatQuantity(tr.kk, { ...money, qualifier: "more-than" })).toBe("10,8\u00a0трлн теңгеден астам");
    expect(formatQuantity(tr.kk, { ...money, qualifier: "up-to" })).toBe("10,8\u00a0трлн теңгеге дейін");
    expect(formatQuantity(tr.ru, { ...money, qualifier: "at-most" })).toBe("не более 10,8\u00a0трлн\u00a0₸");
  });
});
