import { join } from "node:path";
import { readFileSync } from "node:fs";
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
    ["2025-Q3", "in", "in Q3 2025", "в III квартале 2025_г.", "2025 жылғы III тоқсанда"],
    ["2025-Q3", "dated", "in Q3 2025", "в III квартале 2025_г.", "2025 жылғы III тоқсандағы"],
    ["2025-Q3", "of", "Q3 2025", "III квартала 2025_г.", "2025 жылғы III тоқсанның"],
    ["2025-01/2025-11", "in", "in January–November 2025", "в январе–ноябре 2025_г.", "2025 жылғы қаңтар–қарашада"],
    ["2025-01/2025-11", "dated", "in January–November 2025", "в январе–ноябре 2025_г.", "2025 жылғы қаңтар–қарашадағы"],
    ["2025-01/2025-11", "of", "January–November 2025", "января–ноября 2025_г.", "2025 жылғы қаңтар–қарашаның"],
    [
      "2024-11/2025-02",
      "in",
      "from November 2024 to February 2025",
      "с ноября 2024_г. по февраль 2025_г.",
      "2024 жылғы қараша – 2025 жылғы ақпанда",
    ],
    [
      "2024-11/2025-02",
      "of",
      "November 2024 – February 2025",
      "ноября 2024_г. – февраля 2025_г.",
      "2024 жылғы қараша – 2025 жылғы ақпанның",
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

  it("a range of days: Intl's range in the frame of a period", () => {
    expect(plain(formatPeriod(tr.ru, "2025-01-15/2025-03-31", "in"))).toBe("в период 15 января – 31 марта 2025 г.");
    expect(plain(formatPeriod(tr.ru, "2025-01-15/2025-03-31", "of"))).toBe("периода 15 января – 31 марта 2025 г.");
    expect(plain(formatPeriod(tr.kk, "2025-01-15/2025-03-31", "dated"))).toMatch(/ аралығындағы$/);
    expect(plain(formatPeriod(tr.en, "2025-01-15/2025-03-31", "in"))).toBe("in the period January 15 – March 31, 2025");
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

function releaseProject(labels: typeof LABELS | Record<keyof typeof LABELS, Record<string, string>>): string {
  const root = projectCopy();
  edit(root, `${SEED_DIR}/article.yaml`, /^figures:\n/m, FIGURES);
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
  const lines = (locale: string) =>
    selectAll<AnyNode, Element>(
      "section.figures li",
      parseHtml(result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)?.contents ?? ""),
    ).map((li) => textContent(li).replace(/\s+/g, " ").trim());

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
});
