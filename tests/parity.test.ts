import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, type Diagnostic } from "../src/index.js";
import { numberMarks, readNumbers } from "../src/validate/numbers.js";
import { edit, lineOf, projectCopy, SEED_DIR } from "./helpers.js";

const values = (text: string, locale: string) => readNumbers(text, locale).map((n) => n.value);
const EN = `${SEED_DIR}/en.md`;
const KK = `${SEED_DIR}/kk.md`;
const RU = `${SEED_DIR}/ru.md`;

/** 1-based column of `needle` on line `line` of a project file. */
function columnOf(root: string, file: string, line: number, needle: string): number {
  const text = readFileSync(join(root, file), "utf8").split("\n")[line - 1]!;
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not on line ${line} of ${file}`);
  return i + 1;
}

const withCode = (diagnostics: readonly Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code);

describe("reading numbers as each locale writes them", () => {
  it("learns the marks from Intl: a point in English, a comma and a no-break space in Kazakh and Russian", () => {
    expect(numberMarks("en")).toEqual({ decimal: ".", group: "," });
    expect(numberMarks("kk")).toEqual({ decimal: ",", group: "\u00a0" });
    expect(numberMarks("ru")).toEqual({ decimal: ",", group: "\u00a0" });
  });

  it("decimals: 291,49 in Russian and Kazakh is 291.49 in English; 1,000 in Russian is one", () => {
    expect(values("кредит до 291,49 млн долларов США", "ru")).toEqual([291.49]);
    expect(values("291,49 млн АҚШ долларына дейін", "kk")).toEqual([291.49]);
    expect(values("a loan of up to US$291.49 million", "en")).toEqual([291.49]);
    expect(values("не 1,000, а 1,5", "ru")).toEqual([1, 1.5]);
  });

  it("groups: a space, a no-break space, a narrow no-break space, and the comma in English", () => {
    expect(values("1 000 человек", "ru")).toEqual([1000]);
    expect(values("1\u00a0000 адам, 12\u202f345,67 теңге", "kk")).toEqual([1000, 12345.67]);
    expect(values("1000 people, 1,000 people, 12,345.67 tenge", "en")).toEqual([1000, 1000, 12345.67]);
    expect(values("10,8 трлн теңгеден астам", "kk")).toEqual([10.8]);
  });

  it("percent with or without a space, and signs", () => {
    const ru = readNumbers("рост на 3,5 % и 118,6\u00a0%, падение −2,1 %", "ru");
    expect(ru.map((n) => [n.value, n.percent])).toEqual([
      [3.5, true],
      [118.6, true],
      [-2.1, true],
    ]);
    expect(values("up 3.5%, +7.2 %, -4 and (−1)", "en")).toEqual([3.5, 7.2, -4, -1]);
    expect(readNumbers("12,2 %", "kk")[0]).toMatchObject({ text: "12,2 %", index: 0, percent: true });
  });

  it("a range with a dash is two numbers; a hyphen inside a word is not a sign", () => {
    expect(values("5–15 тәулік, 2-5 күн", "kk")).toEqual([5, 15, 2, 5]);
    expect(values("COVID-19, COVID\u201119, Су-27, A320, G20", "ru")).toEqual([]);
    expect(values("коронавирус COVID-19: 22 человека", "ru")).toEqual([22]);
  });

  it("a currency code or the tenge's T glued before an amount is no word: the amount counts", () => {
    // Kazinform writes KZT119bn; Kazakhstan Today T15.9 trillion. An id keeps its digits out (T20).
    expect(values("KZT119bn, of which KZT110bn and USD5 million", "en")).toEqual([119, 110, 5]);
    expect(values("T15.9 trillion, including T402 billion and T7bn", "en")).toEqual([15.9, 402, 7]);
    expect(values("the T20 final, A320, G20, ABC12", "en")).toEqual([]);
  });

  it("years, days and ordinals count as written; dates with points, times and versions do not", () => {
    expect(values("2020 ж. 22 ақпанда, 2019 жылғы 19 наурызда, 100-ден астам, 1-ші", "kk")).toEqual([
      2020, 22, 2019, 19, 100, 1,
    ]);
    expect(values("22 февраля 2020 г., к 22-му числу", "ru")).toEqual([22, 2020, 22]);
    expect(values("February 22, 2020, the 22nd", "en")).toEqual([22, 2020, 22]);
    expect(values("22.02.2020 в 20:00, версия 1.2.3", "ru")).toEqual([]);
  });

  it("numbers in URLs and e-mail addresses are not text", () => {
    expect(values("[сайт](https://example.kz/a/30443.html) и press2025@example.kz, 3 раза", "ru")).toEqual([3]);
  });

  it("a decimal with the other convention's mark is read as meant and flagged", () => {
    expect(readNumbers("291.49 млн", "ru")[0]).toMatchObject({ value: 291.49, foreignDecimal: true });
    expect(readNumbers("3,5 per cent", "en")[0]).toMatchObject({ value: 3.5, foreignDecimal: true });
    expect(readNumbers("1,000 people", "en")[0]).toMatchObject({ value: 1000, foreignDecimal: false });
    expect(readNumbers("291,49 млн", "ru")[0]).toMatchObject({ value: 291.49, foreignDecimal: false });
  });
});

describe("translation/number-mismatch across every text field", () => {
  it("correct typography in each locale passes: 291,49 = 291.49, 1 000 = 1000, 3,5 % = 3.5%", () => {
    const root = projectCopy();
    const add = (file: string, anchor: RegExp, paragraph: string) => edit(root, file, anchor, `$&\n${paragraph}\n`);
    add(
      EN,
      /^Police had been deployed.*\n/m,
      "The bank lends US$291.49 million at 3.5% to 1000 firms, −2.1% in 2024–2025.",
    );
    add(
      KK,
      /^Полиция ерте таңнан.*\n/m,
      "Банк 1 000 кәсіпорынға 3,5 % мөлшерлемемен 291,49 млн АҚШ долларын береді, 2024–2025 жылдары −2,1 %.",
    );
    add(
      RU,
      /^Крупные силы полиции.*\n/m,
      "Банк выдаст 1\u00a0000 предприятиям 291,49 млн долларов США под 3,5\u00a0%, в 2024–2025 годах −2,1 %.",
    );
    const { diagnostics } = build({ root });
    expect(withCode(diagnostics, "translation/number-mismatch")).toEqual([]);
    expect(withCode(diagnostics, "typography/decimal-mark")).toEqual([]);
  });

  it("numbers a double cannot tell apart are compared by their digits: 9999999999999999 is not 10000000000000000", () => {
    const root = projectCopy();
    appendFileSync(join(root, EN), "\nThe card 9999999999999999 was used twice.\n");
    appendFileSync(join(root, KK), "\n9999999999999999 картасы екі рет қолданылды.\n");
    appendFileSync(join(root, RU), "\nКарта 10000000000000000 использовалась дважды.\n");
    const found = withCode(build({ root, locales: ["en", "kk", "ru"] }).diagnostics, "translation/number-mismatch");
    expect(found.map((d) => [d.locale, d.actual, d.expected])).toEqual([
      ["ru", "10000000000000000", "9999999999999999"],
    ]);
  });

  it("a number changed in a label, a quote, the standfirst and the body: each at its place", () => {
    const root = projectCopy();
    edit(root, RU, /20(?=\u00a0— в Шымкенте)/, "25"); // charts.detentions-by-city.description
    edit(root, EN, "text: real improvement in Kazakhstan", "text: real improvement in Kazakhstan in 2019"); // quotes.1.text
    edit(root, KK, "text: Қазақстандағы нақты жақсару", "text: 2019 жылы Қазақстандағы нақты жақсару");
    edit(root, RU, "text: реальные улучшения в Казахстане", "text: реальные улучшения в Казахстане в 2018 году");
    edit(root, RU, "в Алматы, Нур-Султане, Шымкенте и Актобе", "в 4 городах: Алматы, Нур-Султане, Шымкенте и Актобе");
    edit(root, RU, "Еще 20 человек были", "Еще 200 человек были");
    const found = withCode(build({ root }).diagnostics, "translation/number-mismatch");
    expect(found.every((d) => d.severity === "error" && d.locale === "ru" && d.file === RU)).toBe(true);

    const chart = found.find((d) => d.pointer === "/charts/detentions-by-city/description")!;
    const chartLine = lineOf(root, RU, "    description: >-");
    expect(chart).toMatchObject({ line: chartLine, column: columnOf(root, RU, chartLine, ">-"), expected: "20" });
    expect(chart.message).toBe(
      `The ru \`charts.detentions-by-city.description\` writes 25 where the en \`charts.detentions-by-city.description\` writes 20 (${EN}:${lineOf(root, EN, "    description: >-")}:${columnOf(root, EN, lineOf(root, EN, "    description: >-"), ">-")})`,
    );

    const quote = found.find((d) => d.pointer === "/quotes/1/text")!;
    const quoteLine = lineOf(root, RU, "в 2018 году");
    expect(quote).toMatchObject({
      line: quoteLine,
      column: columnOf(root, RU, quoteLine, "реальные"),
      expected: "2019",
      actual: "2018",
    });

    const standfirst = found.find((d) => d.pointer === "/standfirst")!;
    expect(standfirst).toMatchObject({ line: lineOf(root, RU, "standfirst: >-"), actual: "4" });
    expect(standfirst.message).toBe("The ru `standfirst` writes 4, which the en `standfirst` does not");

    const bodyLine = lineOf(root, RU, "Еще 200 человек");
    const body = found.find((d) => d.line === bodyLine)!;
    expect(body).toMatchObject({ column: columnOf(root, RU, bodyLine, "200"), expected: "20", actual: "200" });
    expect(body.message).toMatch(/^The ru body writes 200 where the en body writes 20 \(.*en\.md:\d+:\d+\)$/);
    expect(found).toHaveLength(4);
  });

  it("a number left out of the body is reported with where the source writes it", () => {
    const root = projectCopy();
    edit(root, KK, "2017 жылы Мамай", "Бұдан бұрын Мамай");
    const found = withCode(build({ root }).diagnostics, "translation/number-mismatch");
    const enLine = lineOf(root, EN, "In 2017, Mamai");
    expect(found.map((d) => [d.locale, d.line, d.message])).toEqual([
      [
        "kk",
        lineOf(root, KK, "Алматыда және Қазақстанның басқа"),
        `The kk body lacks 2017, which the en body writes (${EN}:${enLine}:${columnOf(root, EN, enLine, "2017")})`,
      ],
    ]);
  });

  it("a table's cells are text: a changed cell is reported at its line and column", () => {
    const root = projectCopy();
    const table = (head: string, rows: string) => `$&\n| ${head} |\n|---|---:|\n${rows}\n`;
    edit(root, EN, /^Police had been deployed.*\n/m, table("City | Detained", "| Shymkent | 20 |\n| Aqtobe | 10 |"));
    edit(root, KK, /^Полиция ерте таңнан.*\n/m, table("Қала | Ұсталды", "| Шымкент | 20 |\n| Ақтөбе | 10 |"));
    edit(root, RU, /^Крупные силы полиции.*\n/m, table("Город | Задержано", "| Шымкент | 20 |\n| Актобе | 12 |"));
    const found = withCode(build({ root }).diagnostics, "translation/number-mismatch");
    const line = lineOf(root, RU, "| Актобе | 12 |");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ locale: "ru", line, column: columnOf(root, RU, line, "12"), actual: "12" });
  });

  it("291.49 written in Russian: a typography warning, not a mismatch", () => {
    const root = projectCopy();
    edit(root, EN, /^Police had been deployed.*\n/m, "$&\nThe loan is US$291.49 million.\n");
    edit(root, RU, /^Крупные силы полиции.*\n/m, "$&\nКредит составит 291.49 млн долларов США.\n");
    edit(root, KK, /^Полиция ерте таңнан.*\n/m, "$&\nНесие 291,49 млн АҚШ долларын құрайды.\n");
    const { diagnostics } = build({ root });
    expect(withCode(diagnostics, "translation/number-mismatch")).toEqual([]);
    const line = lineOf(root, RU, "291.49");
    expect(withCode(diagnostics, "typography/decimal-mark")).toEqual([
      expect.objectContaining({
        severity: "warning",
        locale: "ru",
        file: RU,
        line,
        column: columnOf(root, RU, line, "291.49"),
        message: "The ru body writes 291.49 with a decimal point; ru writes 291,49",
        expected: "291,49",
      }),
    ]);
  });

  it("a Kazakh title quoted in an English link label keeps its decimal comma: no warning; unquoted, a warning", () => {
    const root = projectCopy();
    const kkTitle = "Қазақстан халқының саны 20,4 миллион адамға жетті";
    edit(
      root,
      EN,
      "  kazakh-service: RFE/RL's Kazakh Service\n",
      `$&  census: "Bureau of National Statistics, «${kkTitle}»"\n`,
    );
    edit(root, KK, /^links:\n/m, `$&  census: "Ұлттық статистика бюросы, «${kkTitle}»"\n`);
    edit(root, RU, /^links:\n/m, `$&  census: "Бюро национальной статистики, «${kkTitle}»"\n`);
    const facts = `${SEED_DIR}/article.yaml`;
    edit(root, facts, /^links:\n/m, "$&  - id: census\n    url: https://stat.gov.kz/\n");
    const quoted = build({ root }).diagnostics;
    expect(quoted.filter((d) => d.severity === "error")).toEqual([]);
    expect(withCode(quoted, "translation/number-mismatch")).toEqual([]);
    expect(withCode(quoted, "typography/decimal-mark")).toEqual([]);

    // The same number outside the quotes is English written with a comma: the warning stands.
    edit(root, EN, `, «${kkTitle}»`, ", population 20,4 million");
    const line = lineOf(root, EN, "population 20,4 million");
    expect(withCode(build({ root }).diagnostics, "typography/decimal-mark")).toEqual([
      expect.objectContaining({ locale: "en", file: EN, line, expected: "20.4" }),
    ]);
  });

  it("unmatchedNumbers allows a number that legitimately differs in one field; an unneeded one is reported", () => {
    // The bundled kk body says «Сол күні кейінірек» ("later that day") where en repeats "February 22".
    const without = projectCopy();
    edit(without, KK, "unmatchedNumbers:\n  body: [22]\n", "");
    const lacking = withCode(build({ root: without }).diagnostics, "translation/number-mismatch");
    expect(lacking.map((d) => [d.locale, d.expected, d.message.split(" (")[0]])).toEqual([
      ["kk", "22", "The kk body lacks 22, which the en body writes"],
    ]);

    const root = projectCopy();
    edit(root, KK, "  body: [22]\n", "  body: [22]\n  headline: [100]\n");
    const { diagnostics } = build({ root });
    expect(withCode(diagnostics, "translation/number-mismatch")).toEqual([]);
    expect(withCode(diagnostics, "translation/unused-allowance")).toEqual([
      expect.objectContaining({
        severity: "warning",
        locale: "kk",
        pointer: "/unmatchedNumbers/headline",
        line: lineOf(root, KK, "  headline: [100]"),
        message: "`unmatchedNumbers` allows 100 in `headline`, which writes the same numbers as en without it",
      }),
    ]);
  });
});

describe("a long run of characters without a space in a text with a link", () => {
  it("is read, and an e-mail address in it is still not a number", () => {
    // 60,000 `[` in a body with a link: the e-mail part of the link pattern was tried from each
    // of them and scanned to the run's end for an `@` (3.5 s here, 20 ms now).
    const run = "[".repeat(60_000);
    expect(values(`see https://stat.gov.kz/ ${run} 5 of them, write to (stat2025@stat.gov.kz) 7`, "en")).toEqual([
      5, 7,
    ]);
    expect(values(`${run}x2025@stat.gov.kz and https://stat.gov.kz/ 9`, "en")).toEqual([9]);
  });

  it("of `](` without a `)` is read, addresses in it are not numbers, and a `)` closing it makes it one link destination", () => {
    // 150,000 `](` with no `)`: the destination pattern was tried from each `](` and scanned to
    // the run's end (about 5.7 s for 40,000 and a minute for this: the suite's timeout), now once.
    const run = "](".repeat(150_000);
    expect(values(`see [the data${run}https://stat.gov.kz/2025 ${run}x2025@stat.gov.kz, 5 people`, "en")).toEqual([5]);
    expect(values(`[table${run}4 people, [table](t-7.csv) 8`, "en")).toEqual([4, 8]);
    expect(values(`[table${run}9) and 6`, "en")).toEqual([6]);
  });
});

describe("translation/link-count", () => {
  it("a translation's body with a link fewer than the source's is an error at its body; adding the link clears it", () => {
    const root = projectCopy();
    const add = (file: string, paragraph: string) => appendFileSync(join(root, file), `\n${paragraph}\n`);
    add(EN, "Read [the party's statement](https://example.org/statement).");
    add(RU, "Читайте [заявление партии](https://example.org/statement).");
    const first = withCode(build({ root }).diagnostics, "translation/link-count");
    expect(first.map((d) => [d.locale, d.file])).toEqual([["kk", KK]]);
    const [, kk, en] = /^(\d+) links in the kk body, (\d+) in en$/.exec(first[0]!.message) ?? [];
    expect(Number(en)).toBe(Number(kk) + 1);
    add(KK, "Партияның [мәлімдемесін](https://example.org/statement) оқыңыз.");
    expect(withCode(build({ root }).diagnostics, "translation/link-count")).toEqual([]);
  });
});

describe("a text with tens of thousands of numbers (a statistical annex)", () => {
  it("is compared in little memory and time, and a changed number is still found at its place", () => {
    // Aligning every number of each text with every other took 4.3 GB for 24,000 numbers, and
    // 34,000 killed the process (a red-team test): now only the part between the numbers both
    // texts begin and end with is aligned.
    const annex = (changed?: [number, number]) =>
      `\n\n${Array.from({ length: 40_000 }, (_, i) => `n ${changed?.[0] === i ? changed[1] : i}`).join(" ")}\n`;
    const root = projectCopy();
    appendFileSync(join(root, EN), annex());
    appendFileSync(join(root, KK), annex());
    appendFileSync(join(root, RU), annex([20_000, 99_999]));
    const before = process.memoryUsage().rss;
    const found = withCode(
      build({ root, checkOnly: true, locales: ["en", "kk", "ru"] }).diagnostics,
      "translation/number-mismatch",
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(1024 * 1024 * 1024);
    expect(found.map((d) => [d.locale, d.expected, d.actual])).toEqual([["ru", "20000", "99999"]]);
  }, 120_000);
});

describe("a translation's body with tens of thousands of numbers its source lacks", () => {
  it("places every one at its line and column without counting the lines before it each time", () => {
    // Each mismatch counted the lines of the body before it from the start: a 1.7 MB Kazakh
    // body (10,000 paragraphs the English lacked) took 20 s to check (a red-team test).
    const lines = 50_000;
    const root = projectCopy();
    const kk = readFileSync(join(root, KK), "utf8");
    const annex = Array.from({ length: lines }, (_, i) => `жол ${i + 100_000}`).join("\n");
    appendFileSync(join(root, KK), `\n\n${annex}\n`);
    const lastLine = kk.split("\n").length + 2 + lines - 1;
    const found = withCode(
      build({ root, checkOnly: true, locales: ["en", "kk"] }).diagnostics,
      "translation/number-mismatch",
    ).filter((d) => d.locale === "kk");
    expect(found).toHaveLength(lines);
    const last = found.find((d) => d.actual === String(lines - 1 + 100_000));
    expect([last?.file, last?.line, last?.column]).toEqual([KK, lastLine, "жол ".length + 1]);
  }, 300_000);
});
