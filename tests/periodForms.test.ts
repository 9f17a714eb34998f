import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { textContent } from "domutils";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { formatPeriod, type PeriodForm } from "../src/quantity/index.js";
import { reviewTranslations } from "../src/cli/review.js";
import { bundledTranslators, edit, parseHtml, projectCopy, runCli, SEED, SEED_DIR } from "./helpers.js";

// A figure's period in a label's grammar: `{period.in}`, `{period.dated}`, `{period.of}`
// (docs/content-model.md, "Labels"). Real material: the Bureau of National Statistics' monthly
// inflation for December 2025, the population on 1 October 2025, the results of 2025. Every
// expected string is written by hand.

/** The catalog's no-break space before «г.» is written `_`; Intl's own date spaces are compared as plain. */
const nb = (s: string) => s.replace(/_/g, "\u00a0");
const plain = (s: string) => s.replace(/[\u00a0\u2009\u202f]/g, " ");

const { diagnostics, tr } = bundledTranslators();
const month = (m: number) => `2025-${String(m).padStart(2, "0")}`;
const allMonths = (locale: keyof typeof tr, form?: PeriodForm) =>
  Array.from({ length: 12 }, (_, i) => formatPeriod(tr[locale], month(i + 1), form));

describe("the twelve months in each form", () => {
  it("ru: nominative, «в» with the prepositional (in, dated), the genitive (of)", () => {
    expect(allMonths("ru")).toEqual(
      [
        "январь 2025_г.",
        "февраль 2025_г.",
        "март 2025_г.",
        "апрель 2025_г.",
        "май 2025_г.",
        "июнь 2025_г.",
        "июль 2025_г.",
        "август 2025_г.",
        "сентябрь 2025_г.",
        "октябрь 2025_г.",
        "ноябрь 2025_г.",
        "декабрь 2025_г.",
      ].map(nb),
    );
    const prepositional = [
      "в январе 2025_г.",
      "в феврале 2025_г.",
      "в марте 2025_г.",
      "в апреле 2025_г.",
      "в мае 2025_г.",
      "в июне 2025_г.",
      "в июле 2025_г.",
      "в августе 2025_г.",
      "в сентябре 2025_г.",
      "в октябре 2025_г.",
      "в ноябре 2025_г.",
      "в декабре 2025_г.",
    ].map(nb);
    expect(allMonths("ru", "in")).toEqual(prepositional);
    expect(allMonths("ru", "dated")).toEqual(prepositional);
    expect(allMonths("ru", "of")).toEqual(
      [
        "января 2025_г.",
        "февраля 2025_г.",
        "марта 2025_г.",
        "апреля 2025_г.",
        "мая 2025_г.",
        "июня 2025_г.",
        "июля 2025_г.",
        "августа 2025_г.",
        "сентября 2025_г.",
        "октября 2025_г.",
        "ноября 2025_г.",
        "декабря 2025_г.",
      ].map(nb),
    );
  });

  it("kk: the locative, the locative made an attribute, the genitive, by the last syllable's vowel and sound", () => {
    expect(allMonths("kk", "in")).toEqual([
      "2025 жылғы қаңтарда",
      "2025 жылғы ақпанда",
      "2025 жылғы наурызда",
      "2025 жылғы сәуірде",
      "2025 жылғы мамырда",
      "2025 жылғы маусымда",
      "2025 жылғы шілдеде",
      "2025 жылғы тамызда",
      "2025 жылғы қыркүйекте",
      "2025 жылғы қазанда",
      "2025 жылғы қарашада",
      "2025 жылғы желтоқсанда",
    ]);
    expect(allMonths("kk", "dated")).toEqual([
      "2025 жылғы қаңтардағы",
      "2025 жылғы ақпандағы",
      "2025 жылғы наурыздағы",
      "2025 жылғы сәуірдегі",
      "2025 жылғы мамырдағы",
      "2025 жылғы маусымдағы",
      "2025 жылғы шілдедегі",
      "2025 жылғы тамыздағы",
      "2025 жылғы қыркүйектегі",
      "2025 жылғы қазандағы",
      "2025 жылғы қарашадағы",
      "2025 жылғы желтоқсандағы",
    ]);
    expect(allMonths("kk", "of")).toEqual([
      "2025 жылғы қаңтардың",
      "2025 жылғы ақпанның",
      "2025 жылғы наурыздың",
      "2025 жылғы сәуірдің",
      "2025 жылғы мамырдың",
      "2025 жылғы маусымның",
      "2025 жылғы шілденің",
      "2025 жылғы тамыздың",
      "2025 жылғы қыркүйектің",
      "2025 жылғы қазанның",
      "2025 жылғы қарашаның",
      "2025 жылғы желтоқсанның",
    ]);
  });

  it("en: a preposition, no case", () => {
    expect(formatPeriod(tr.en, "2025-12", "in")).toBe("in December 2025");
    expect(formatPeriod(tr.en, "2025-12", "dated")).toBe("in December 2025");
    expect(formatPeriod(tr.en, "2025-12", "of")).toBe("December 2025");
  });
});

describe("years, quarters, ranges and days in each form", () => {
  const cases: [period: string, form: PeriodForm, en: string, ru: string, kk: string][] = [
    ["2025", "in", "in 2025", "в 2025_г.", "2025 жылы"],
    ["2025", "dated", "in 2025", "в 2025_г.", "2025 жылғы"],
    ["2025", "of", "2025", "2025 года", "2025 жылдың"],
    // A span of years: a strategy's term (real material: the World Bank's partnership of 2020–2025).
    ["2020/2025", "in", "in 2020–2025", "в 2020–2025_гг.", "2020–2025 жылдары"],
    ["2020/2025", "dated", "in 2020–2025", "в 2020–2025_гг.", "2020–2025 жылдардағы"],
    ["2020/2025", "of", "2020–2025", "2020–2025_гг.", "2020–2025 жылдардың"],
    // A quarter's Roman numeral keeps its word, as a number does («100⍽человек»): «III⍽квартал».
    ["2025-Q3", "in", "in Q3 2025", "в III_квартале 2025_г.", "2025 жылғы III_тоқсанда"],
    ["2025-Q3", "dated", "in Q3 2025", "в III_квартале 2025_г.", "2025 жылғы III_тоқсандағы"],
    ["2025-Q3", "of", "Q3 2025", "III_квартала 2025_г.", "2025 жылғы III_тоқсанның"],
    ["2025-01/2025-11", "in", "in January–November 2025", "в январе–ноябре 2025_г.", "2025 жылғы қаңтар–қарашада"],
    ["2025-01/2025-11", "dated", "in January–November 2025", "в январе–ноябре 2025_г.", "2025 жылғы қаңтар–қарашадағы"],
    ["2025-01/2025-11", "of", "January–November 2025", "января–ноября 2025_г.", "2025 жылғы қаңтар–қарашаның"],
    // Months across years: kk names the span with «аралығы» as the ranges of days do («2024 жылғы
    // 30 желтоқсан – 2025 жылғы 5 қаңтар аралығында»); a case ending on the second month alone
    // («… – 2025 жылғы ақпанда») would read as "in February 2025" only.
    [
      "2024-11/2025-02",
      "in",
      "from November 2024 to February 2025",
      "с ноября 2024_г. по февраль 2025_г.",
      "2024 жылғы қараша – 2025 жылғы ақпан аралығында",
    ],
    [
      "2024-11/2025-02",
      "dated",
      "from November 2024 to February 2025",
      "с ноября 2024_г. по февраль 2025_г.",
      "2024 жылғы қараша – 2025 жылғы ақпан аралығындағы",
    ],
    [
      "2024-11/2025-02",
      "of",
      "November 2024 – February 2025",
      "ноября 2024_г. – февраля 2025_г.",
      "2024 жылғы қараша – 2025 жылғы ақпан аралығының",
    ],
  ];
  it.each(cases)("%s {period.%s}", (...[period, form, en, ru, kk]) => {
    expect(formatPeriod(tr.en, period, form)).toBe(nb(en));
    expect(formatPeriod(tr.ru, period, form)).toBe(nb(ru));
    expect(formatPeriod(tr.kk, period, form)).toBe(nb(kk));
  });

  it("a day: ru «на 1 октября» as a stock's date, kk «2025 жылғы 1 қазандағы»", () => {
    const day = (locale: keyof typeof tr, form: PeriodForm) => plain(formatPeriod(tr[locale], "2025-10-01", form));
    expect([day("ru", "in"), day("ru", "dated"), day("ru", "of")]).toEqual([
      "1 октября 2025 г.",
      "на 1 октября 2025 г.",
      "1 октября 2025 г.",
    ]);
    expect([day("kk", "in"), day("kk", "dated"), day("kk", "of")]).toEqual([
      "2025 жылғы 1 қазанда",
      "2025 жылғы 1 қазандағы",
      "2025 жылғы 1 қазанның",
    ]);
    expect([day("en", "in"), day("en", "dated"), day("en", "of")]).toEqual([
      "on October 1, 2025",
      "as of October 1, 2025",
      "October 1, 2025",
    ]);
    // Each month's name with a day: the suffix follows the month (сәуір → сәуірде, шілде → шілденің).
    expect(plain(formatPeriod(tr.kk, "2025-04-30", "in"))).toBe("2025 жылғы 30 сәуірде");
    expect(plain(formatPeriod(tr.kk, "2025-07-15", "of"))).toBe("2025 жылғы 15 шілденің");
    expect(plain(formatPeriod(tr.ru, "2025-05-09", "dated"))).toBe("на 9 мая 2025 г.");
  });

  it("a day named bare: kk as the forms write it («2025 жылғы 1 қазан»), not the dateline's «2025 ж. 1 қазан»", () => {
    expect(formatPeriod(tr.kk, "2025-10-01")).toBe("2025 жылғы 1 қазан");
    expect(formatPeriod(tr.kk, "2025-07-15")).toBe("2025 жылғы 15 шілде");
    expect(plain(formatPeriod(tr.ru, "2025-10-01"))).toBe("1 октября 2025 г.");
    expect(plain(formatPeriod(tr.en, "2025-10-01"))).toBe("October 1, 2025");
  });
});

// A range of days in one house style with the other periods: kk «2025 жылғы …», the year once
// when both days share it, «аралығында» / «аралығындағы» / «аралығының» after it (Kazinform,
// BAQ.KZ: «2026 жылғы 9-15 ақпан аралығында», «27 қазан – 2 қараша аралығында»); ru «с … по …»
// for when («с 31 декабря 2025 года по 11 января 2026 года»); en Intl's, in the issuer's style,
// the dash closed between two numbers as in "January–November 2025".
describe("a range of days: in one month, across months, across years", () => {
  const cases: [period: string, form: PeriodForm | "bare", en: string, ru: string, kk: string][] = [
    ["2025-10-01/2025-10-15", "bare", "October 1–15, 2025", "1–15 октября 2025_г.", "2025 жылғы 1–15 қазан"],
    [
      "2025-10-01/2025-10-15",
      "in",
      "in the period October 1–15, 2025",
      "с 1 по 15 октября 2025_г.",
      "2025 жылғы 1–15 қазан аралығында",
    ],
    [
      "2025-10-01/2025-10-15",
      "dated",
      "in the period October 1–15, 2025",
      "с 1 по 15 октября 2025_г.",
      "2025 жылғы 1–15 қазан аралығындағы",
    ],
    [
      "2025-10-01/2025-10-15",
      "of",
      "October 1–15, 2025",
      "периода 1–15 октября 2025_г.",
      "2025 жылғы 1–15 қазан аралығының",
    ],
    [
      "2025-09-28/2025-10-03",
      "bare",
      "September 28 – October 3, 2025",
      "28 сентября – 3 октября 2025_г.",
      "2025 жылғы 28 қыркүйек – 3 қазан",
    ],
    [
      "2025-09-28/2025-10-03",
      "in",
      "in the period September 28 – October 3, 2025",
      "с 28 сентября по 3 октября 2025_г.",
      "2025 жылғы 28 қыркүйек – 3 қазан аралығында",
    ],
    [
      "2025-09-28/2025-10-03",
      "dated",
      "in the period September 28 – October 3, 2025",
      "с 28 сентября по 3 октября 2025_г.",
      "2025 жылғы 28 қыркүйек – 3 қазан аралығындағы",
    ],
    [
      "2025-09-28/2025-10-03",
      "of",
      "September 28 – October 3, 2025",
      "периода 28 сентября – 3 октября 2025_г.",
      "2025 жылғы 28 қыркүйек – 3 қазан аралығының",
    ],
    [
      "2024-12-30/2025-01-05",
      "bare",
      "December 30, 2024 – January 5, 2025",
      "30 декабря 2024_г. – 5 января 2025_г.",
      "2024 жылғы 30 желтоқсан – 2025 жылғы 5 қаңтар",
    ],
    [
      "2024-12-30/2025-01-05",
      "in",
      "in the period December 30, 2024 – January 5, 2025",
      "с 30 декабря 2024_г. по 5 января 2025_г.",
      "2024 жылғы 30 желтоқсан – 2025 жылғы 5 қаңтар аралығында",
    ],
    [
      "2024-12-30/2025-01-05",
      "dated",
      "in the period December 30, 2024 – January 5, 2025",
      "с 30 декабря 2024_г. по 5 января 2025_г.",
      "2024 жылғы 30 желтоқсан – 2025 жылғы 5 қаңтар аралығындағы",
    ],
    [
      "2024-12-30/2025-01-05",
      "of",
      "December 30, 2024 – January 5, 2025",
      "периода 30 декабря 2024_г. – 5 января 2025_г.",
      "2024 жылғы 30 желтоқсан – 2025 жылғы 5 қаңтар аралығының",
    ],
  ];
  it.each(cases)("%s %s", (...[period, form, en, ru, kk]) => {
    const f = form === "bare" ? undefined : form;
    // Intl's English spaces are thin (U+2009) around a spaced dash; compared as plain spaces.
    expect(plain(formatPeriod(tr.en, period, f))).toBe(en);
    expect(formatPeriod(tr.ru, period, f)).toBe(nb(ru));
    expect(formatPeriod(tr.kk, period, f)).toBe(kk);
  });

  it("en-GB: the issuer's day-month order, the dash closed between two days", () => {
    const gb = { ...tr.en, dateLocale: "en-GB" };
    expect(formatPeriod(gb, "2025-10-01/2025-10-15")).toBe("1–15 October 2025");
    expect(plain(formatPeriod(gb, "2025-09-28/2025-10-03", "in"))).toBe("in the period 28 September – 3 October 2025");
  });

  it("the bundled catalogs resolve every form", () => {
    expect(diagnostics.items).toEqual([]);
  });
});

// The Bureau of National Statistics' release, entered as a press officer would.
const FIGURES =
  "figures:\n" +
  '  - id: inflation-month\n    type: percent\n    value: 0.8\n    period: "2025-12"\n' +
  '  - id: population\n    value: 20.4\n    scale: million\n    unit: people\n    period: "2025-10-01"\n' +
  '  - id: gdp-growth\n    type: percent\n    value: 6.5\n    period: "2025"\n' +
  '  - id: loans\n    type: money\n    value: 10.8\n    currency: KZT\n    scale: trillion\n    period: "2025-Q3"\n';
const LABELS = {
  en: {
    "inflation-month": "monthly inflation in {period}: {value}",
    population: "population {period.dated}",
    "gdp-growth": "GDP growth {period.in}",
    loans: "{value} in loans {period.in}",
  },
  ru: {
    "inflation-month": "месячная инфляция {period.in} составила {value}",
    population: "численность населения {period.dated} составила {value}",
    "gdp-growth": "по итогам {period.of} ВВП вырос на {value}",
    loans: "{period.in} выдано кредитов на {value}",
  },
  kk: {
    "inflation-month": "{period.dated} айлық инфляция {value} болды",
    population: "{period.dated} халық саны {value}",
    "gdp-growth": "{period.of} қорытындысы бойынша ЖІӨ өсімі {value}",
    loans: "{period.in} {value} несие берілді",
  },
} as const;

/** The figure lines of a built briefing in a locale, as read: spaces collapsed (and by default `plain`). */
function figureLines(
  result: ReturnType<typeof build>,
  locale: string,
  clean: (text: string) => string = plain,
): string[] {
  return selectAll<AnyNode, Element>(
    "section.figures li",
    parseHtml(result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)?.contents ?? ""),
  ).map((li) => clean(textContent(li)).replace(/\s+/g, " ").trim());
}

function releaseProject(
  labels: typeof LABELS | Record<keyof typeof LABELS, Record<string, string>>,
  figures = FIGURES,
): string {
  const root = projectCopy();
  edit(root, `${SEED_DIR}/article.yaml`, /^figures:\n/m, figures);
  for (const [locale, l] of Object.entries(labels)) {
    const lines = Object.entries(l).map(([id, label]) => `  ${id}: ${JSON.stringify(label)}\n`);
    edit(root, `${SEED_DIR}/${locale}.md`, /^figures:\n/m, `figures:\n${lines.join("")}`);
  }
  return root;
}

describe("a release's labels in a built page", () => {
  const root = releaseProject(LABELS);
  reviewTranslations(root, undefined, ["en", "kk", "ru"]);
  const result = build({ root, templates: ["briefing"], locales: ["en", "kk", "ru", "kk-Latn"] });
  const lines = (locale: string) => figureLines(result, locale, (text) => text);

  it("builds without a diagnostic", () => {
    expect(result.diagnostics).toEqual([]);
  });

  it("each label reads as an editor writes it, from the HTML", () => {
    expect(lines("ru")).toEqual(
      expect.arrayContaining([
        "месячная инфляция в декабре 2025 г. составила 0,8 %",
        "численность населения на 1 октября 2025 г. составила 20,4 млн человек",
        "по итогам 2025 года ВВП вырос на 6,5 %",
        "в III квартале 2025 г. выдано кредитов на 10,8 трлн тенге",
      ]),
    );
    expect(lines("kk")).toEqual(
      expect.arrayContaining([
        "2025 жылғы желтоқсандағы айлық инфляция 0,8% болды",
        "2025 жылғы 1 қазандағы халық саны 20,4 млн адам",
        "2025 жылдың қорытындысы бойынша ЖІӨ өсімі 6,5%",
        "2025 жылғы III тоқсанда 10,8 трлн теңге несие берілді",
      ]),
    );
    expect(lines("en")).toEqual(
      expect.arrayContaining([
        "monthly inflation in December 2025: 0.8%",
        "6.5% GDP growth in 2025",
        "₸10.8 trillion in loans in Q3 2025",
      ]),
    );
    // No period is repeated in parentheses after a label that placed it.
    expect(lines("ru").filter((l) => l.includes("("))).toEqual([]);
  });

  it("kk-Latn is transliterated from the Kazakh forms (ғ → ğ, ң → ñ, й → i, ш → ş)", () => {
    expect(lines("kk-Latn")).toEqual(
      expect.arrayContaining([
        "2025 jylğy 1 qazandağy halyq sany 20,4 mln adam",
        "2025 jyldyñ qorytyndysy boiynşa JIÖ ösımı 6,5%",
        "2025 jylğy III toqsanda 10,8 trln teñge nesie berıldı",
      ]),
    );
    expect(lines("kk-Latn").find((l) => l.startsWith("2025 jylğy jeltoqsandağy ailyq "))).toBeDefined();
  });
});

// Kazakhstan's school holidays in the 2025–2026 school year (the Ministry of Enlightenment, as
// BAQ.KZ reported them): autumn 27 October – 2 November 2025, 7 days; spring 19–29 March 2026, 11 days.
const HOLIDAYS =
  "figures:\n" +
  '  - id: autumn-holiday\n    value: 7\n    unit: days\n    period: "2025-10-27/2025-11-02"\n' +
  '  - id: spring-holiday\n    value: 11\n    unit: days\n    period: "2026-03-19/2026-03-29"\n';

describe("a range of days in a built page's labels", () => {
  const root = releaseProject(
    {
      en: {
        "autumn-holiday": "autumn school holidays, {period}: {value}",
        "spring-holiday": "spring school holidays {period.in}: {value}",
      },
      ru: {
        "autumn-holiday": "осенние каникулы {period.in} длились {value}",
        "spring-holiday": "весенние каникулы ({period}): {value}",
      },
      kk: {
        "autumn-holiday": "күзгі каникул {period.in} өтті: {value}",
        "spring-holiday": "{period.dated} көктемгі каникулдың ұзақтығы: {value}",
      },
    },
    HOLIDAYS,
  );
  reviewTranslations(root, undefined, ["en", "kk", "ru"]);
  const result = build({ root, templates: ["briefing"], locales: ["en", "kk", "ru"] });
  const lines = (locale: string) => figureLines(result, locale);

  it("kk writes the days as the other periods, «… жылғы … аралығында», in the HTML", () => {
    expect(result.diagnostics).toEqual([]);
    expect(lines("kk")).toEqual(
      expect.arrayContaining([
        "күзгі каникул 2025 жылғы 27 қазан – 2 қараша аралығында өтті: 7 күн",
        "2026 жылғы 19–29 наурыз аралығындағы көктемгі каникулдың ұзақтығы: 11 күн",
      ]),
    );
    expect(lines("ru")).toEqual(
      expect.arrayContaining([
        "осенние каникулы с 27 октября по 2 ноября 2025 г. длились 7 дней",
        "весенние каникулы (19–29 марта 2026 г.): 11 дней",
      ]),
    );
    expect(lines("en")).toEqual(
      expect.arrayContaining([
        "autumn school holidays, October 27 – November 2, 2025: 7 days",
        "spring school holidays in the period March 19–29, 2026: 11 days",
      ]),
    );
  });
});

describe("a span of years as a figure's period", () => {
  // The Government's statement on the World Bank partnership (12 February 2026): 14 projects
  // worth $4.2 billion in 2020–2025, as a press officer enters it.
  const root = projectCopy();
  edit(
    root,
    `${SEED_DIR}/article.yaml`,
    /^figures:\n/m,
    'figures:\n  - id: projects\n    value: 14\n    unit: people\n    period: "2020/2025"\n',
  );
  const labels = { en: "{period}: projects", ru: "проектов реализовано {period.in}", kk: "{period.dated} жобалар" };
  for (const [locale, label] of Object.entries(labels))
    edit(root, `${SEED_DIR}/${locale}.md`, /^figures:\n/m, `figures:\n  projects: ${JSON.stringify(label)}\n`);
  reviewTranslations(root, undefined, ["en", "kk", "ru"]);
  const result = build({ root, templates: ["briefing"], locales: ["en", "kk", "ru"] });
  const line = (locale: string) => figureLines(result, locale, (text) => text).find((l) => l.includes("2020"));

  it("is accepted and written in each language's form", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(line("en")).toBe("14 people 2020–2025: projects");
    expect(line("ru")).toBe("14 человек проектов реализовано в 2020–2025 гг.");
    expect(line("kk")).toBe("14 адам 2020–2025 жылдардағы жобалар");
  });
});

interface Reported {
  code: string;
  file: string;
  line: number;
  column: number;
  locale: string;
  message: string;
  hint: string;
}
/** The CLI's report of a label placeholder: `figure/period-placeholder` unless another code is asked for. */
const placeholderReport = (root: string, codes: readonly string[] = ["figure/period-placeholder"]) =>
  (
    JSON.parse(runCli(["check", "--root", root, "--reporter", "json", "--no-cache"]).stdout) as {
      diagnostics: (Reported & { severity: string })[];
    }
  ).diagnostics.filter((d) => codes.includes(d.code));
/** The line and column (from 1) of `needle` in a project's file. */
const at = (root: string, file: string, needle: string) => {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const line = lines.findIndex((l) => l.includes(needle));
  return { line: line + 1, column: (lines[line] ?? "").indexOf(needle) + 1 };
};

describe("a period placeholder tilpress cannot fill", () => {
  const report = (root: string) => placeholderReport(root);

  it("an unknown form: an error at the placeholder, with the form meant", () => {
    const root = releaseProject({
      ...LABELS,
      ru: { ...LABELS.ru, "inflation-month": "месячная инфляция {period.inn} составила {value}" },
    });
    const ru = `${SEED_DIR}/ru.md`;
    expect(report(root)).toEqual([
      expect.objectContaining({
        code: "figure/period-placeholder",
        severity: "error",
        file: ru,
        ...at(root, ru, "{period.inn}"),
        locale: "ru",
        message: "Unknown period form `{period.inn}` in the ru label of figure `inflation-month`",
        hint: "Did you mean `{period.in}`?",
      }),
    ]);
  });

  it("a form far from any: the hint lists them; a period on a figure without one: an error too", () => {
    const root = releaseProject({
      ...LABELS,
      kk: { ...LABELS.kk, population: "{period.locative} халық саны {value}" },
    });
    edit(root, `${SEED_DIR}/article.yaml`, '    period: "2025"\n', "");
    const kk = `${SEED_DIR}/kk.md`;
    const found = report(root);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: kk,
          ...at(root, kk, "{period.locative}"),
          locale: "kk",
          hint: 'A label writes the period as `{period}` or in a form: `{period.in}`, `{period.dated}`, `{period.of}` (docs/content-model.md, "Labels").',
        }),
        expect.objectContaining({
          file: `${SEED_DIR}/ru.md`,
          ...at(root, `${SEED_DIR}/ru.md`, "{period.of}"),
          locale: "ru",
          message:
            "The ru label of figure `gdp-growth` places its period with `{period.of}`, but the figure has no `period`",
        }),
      ]),
    );
    expect(found).toHaveLength(4); // kk's unknown form; gdp-growth's period in en, kk and ru.
  });

  it("spaces, capitals or doubled braces: an error at the placeholder, not the braces printed on the page", () => {
    const root = releaseProject({
      ...LABELS,
      kk: { ...LABELS.kk, loans: "{ period.in } {value} несие берілді" },
      ru: { ...LABELS.ru, loans: "{PERIOD.IN} выдано кредитов на {value}", population: "численность {{period.dated}}" },
    });
    const [kk, ru] = [`${SEED_DIR}/kk.md`, `${SEED_DIR}/ru.md`];
    const fix = "Write `{period.in}`: one pair of braces, lower case, no spaces.";
    expect(report(root)).toEqual([
      expect.objectContaining({
        file: kk,
        ...at(root, kk, "{ period.in }"),
        locale: "kk",
        message:
          "`{ period.in }` in the kk label of figure `loans` is not a placeholder: it would be printed as written",
        hint: fix,
      }),
      expect.objectContaining({
        file: ru,
        ...at(root, ru, "{{period.dated}}"),
        locale: "ru",
        message:
          "`{{period.dated}}` in the ru label of figure `population` is not a placeholder: it would be printed as written",
        hint: "Write `{period.dated}`: one pair of braces, lower case, no spaces.",
      }),
      expect.objectContaining({ file: ru, ...at(root, ru, "{PERIOD.IN}"), locale: "ru", hint: fix }),
    ]);
  });
});

describe("a project's catalog made before the day shapes (an earlier `tilpress init`)", () => {
  it("writes days as Intl did, with no missing-key error", () => {
    const root = releaseProject(
      {
        en: { "autumn-holiday": "autumn holidays, {period}: {value}", "spring-holiday": "spring, {period}: {value}" },
        ru: {
          "autumn-holiday": "осенние каникулы {period.in}: {value}",
          "spring-holiday": "весенние каникулы ({period}): {value}",
        },
        kk: {
          "autumn-holiday": "күзгі каникул {period.in}: {value}",
          "spring-holiday": "көктемгі каникул ({period}): {value}",
        },
      },
      HOLIDAYS,
    );
    // The period strings as `tilpress init` wrote them before (commit 7603d1e), in every locale.
    const before: Record<string, { day: Record<string, string>; days: Record<string, string> }> = {
      en: {
        day: { in: "on {{date}}", dated: "as of {{date}}", of: "{{date}}" },
        days: { in: "in the period {{range}}", dated: "in the period {{range}}", of: "{{range}}" },
      },
      ru: {
        day: { in: "{{date}}", dated: "на {{date}}", of: "{{date}}" },
        days: { in: "в период {{range}}", dated: "в период {{range}}", of: "периода {{range}}" },
      },
      kk: {
        day: {
          in: "{{dateYear}} жылғы {{dateDay}} {{dateMonthLocative}}",
          dated: "{{dateYear}} жылғы {{dateDay}} {{dateMonthAttributive}}",
          of: "{{dateYear}} жылғы {{dateDay}} {{dateMonthGenitive}}",
        },
        days: { in: "{{range}} аралығында", dated: "{{range}} аралығындағы", of: "{{range}} аралығының" },
      },
    };
    for (const [locale, strings] of Object.entries(before)) {
      const file = join(root, "locales", locale, "units.json");
      const units = JSON.parse(readFileSync(file, "utf8")) as { period: Record<string, unknown> };
      for (const shape of ["day", "days", "days-months", "days-years"]) delete units.period[shape];
      for (const form of ["in", "dated", "of"] as const) {
        const shapes = units.period[form] as Record<string, string>;
        for (const shape of ["days-months", "days-years"]) delete shapes[shape];
        shapes["day"] = strings.day[form]!;
        shapes["days"] = strings.days[form]!;
      }
      writeFileSync(file, `${JSON.stringify(units, null, 2)}\n`);
    }
    reviewTranslations(root, undefined, ["en", "kk", "ru"]);
    const result = build({ root, templates: ["briefing"], locales: ["en", "kk", "ru"] });
    expect(result.diagnostics).toEqual([]);
    const lines = (locale: string) => figureLines(result, locale);
    expect(lines("kk")).toEqual(
      expect.arrayContaining([
        "күзгі каникул 2025 ж. 27 қазан – 2 қараша аралығында: 7 күн",
        "көктемгі каникул (2026 ж. 19–29 наурыз): 11 күн",
      ]),
    );
    expect(lines("ru")).toEqual(
      expect.arrayContaining([
        "осенние каникулы в период 27 октября – 2 ноября 2025 г.: 7 дней",
        "весенние каникулы (19–29 марта 2026 г.): 11 дней",
      ]),
    );
  });
});

describe("a value placeholder, or a period's, written loosely or misspelt", () => {
  it("is an error at the placeholder, with the placeholder meant; other braces are the label's text", () => {
    const root = releaseProject({
      en: {
        ...LABELS.en,
        "inflation-month": "monthly inflation in {period}: {Value}",
        "gdp-growth": "GDP growth {period.in} {see note}",
        loans: "{ value } in loans {period.in}",
      },
      kk: {
        ...LABELS.kk,
        "gdp-growth": "{period.of} қорытындысы бойынша ЖІӨ өсімі {valeu}",
        loans: "{peroid.in} {value} несие берілді",
      },
      ru: { ...LABELS.ru, population: "численность населения {period.dated} составила {{value}}" },
    });
    const [en, kk, ru] = [`${SEED_DIR}/en.md`, `${SEED_DIR}/kk.md`, `${SEED_DIR}/ru.md`];
    const fix = "Write `{value}`: one pair of braces, lower case, no spaces.";
    const printed = (written: string, locale: string, id: string) =>
      `\`${written}\` in the ${locale} label of figure \`${id}\` is not a placeholder: it would be printed as written`;
    const value = { code: "figure/value-placeholder", severity: "error" };
    expect(placeholderReport(root, ["figure/value-placeholder", "figure/period-placeholder"])).toEqual([
      expect.objectContaining({
        ...value,
        file: en,
        ...at(root, en, "{Value}"),
        locale: "en",
        message: printed("{Value}", "en", "inflation-month"),
        hint: fix,
      }),
      expect.objectContaining({
        ...value,
        file: en,
        ...at(root, en, "{ value }"),
        locale: "en",
        message: printed("{ value }", "en", "loans"),
        hint: fix,
      }),
      expect.objectContaining({
        ...value,
        file: kk,
        ...at(root, kk, "{valeu}"),
        locale: "kk",
        message: printed("{valeu}", "kk", "gdp-growth"),
        hint: "Did you mean `{value}`?",
      }),
      expect.objectContaining({
        code: "figure/period-placeholder",
        file: kk,
        ...at(root, kk, "{peroid.in}"),
        locale: "kk",
        message: printed("{peroid.in}", "kk", "loans"),
        hint: "Did you mean `{period.in}`?",
      }),
      expect.objectContaining({
        ...value,
        file: ru,
        ...at(root, ru, "{{value}}"),
        locale: "ru",
        message: printed("{{value}}", "ru", "population"),
        hint: fix,
      }),
    ]);
  });

  it("placed twice: an error at the second, which the page would drop", () => {
    const root = releaseProject({
      ...LABELS,
      ru: { ...LABELS.ru, loans: "{period.in} выдано кредитов на {value}, или {value}" },
    });
    const ru = `${SEED_DIR}/ru.md`;
    const second = at(root, ru, "или {value}");
    expect(placeholderReport(root, ["figure/value-placeholder"])).toEqual([
      expect.objectContaining({
        code: "figure/value-placeholder",
        file: ru,
        line: second.line,
        column: second.column + "или ".length,
        locale: "ru",
        message: "The ru label of figure `loans` places `{value}` twice: the value is printed at the first only",
      }),
    ]);
  });
});
