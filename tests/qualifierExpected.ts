/**
 * The qualifier table written by hand: how each bundled unit reads after every qualifier at the
 * probe counts, in Russian, Kazakh and English, as an editor checked it. Spaces are plain and
 * hyphens ordinary: the typesetting stage's no-break characters are tested in typography.test.ts.
 * Used by qualifiers.test.ts (the formatting functions) and qualifierTable.test.ts (the CLI).
 */

export const PROBES = [0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 111, 1000, 1.5, 0.5, 10.8] as const;
export const QUALIFIER_NAMES = ["more-than", "about", "at-least", "up-to", "at-most", "fewer-than"] as const;
export type QualifierName = (typeof QUALIFIER_NAMES)[number];
export const TABLE_UNITS = ["people", "days", "detention-days", "hours", "percent", "points"] as const;
export type TableUnit = (typeof TABLE_UNITS)[number];

/** The probes as Russian and Kazakh write them: a decimal comma, four digits solid. */
export const WRITTEN = ["0", "1", "2", "3", "5", "11", "21", "22", "25", "101", "111", "1000", "1,5", "0,5", "10,8"];
/** The probes as English writes them. */
export const WRITTEN_EN = [
  "0",
  "1",
  "2",
  "3",
  "5",
  "11",
  "21",
  "22",
  "25",
  "101",
  "111",
  "1,000",
  "1.5",
  "0.5",
  "10.8",
];

const RU_WORDS: Readonly<Record<QualifierName, string>> = {
  "more-than": "более",
  about: "около",
  "at-least": "не менее",
  "up-to": "до",
  "at-most": "не более",
  "fewer-than": "менее",
};

/**
 * Russian: every qualifier governs the genitive, singular after 1, 21, 101 and a fraction,
 * plural otherwise. The unit after each probe, in PROBES order.
 */
// prettier-ignore
export const RU_GENITIVE: Readonly<Record<TableUnit, readonly string[]>> = {
  people: ["человек", "человека", "человек", "человек", "человек", "человек", "человека", "человек", "человек", "человека", "человек", "человек", "человека", "человека", "человека"],
  days: ["дней", "дня", "дней", "дней", "дней", "дней", "дня", "дней", "дней", "дня", "дней", "дней", "дня", "дня", "дня"],
  "detention-days": ["суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток", "суток"],
  hours: ["часов", "часа", "часов", "часов", "часов", "часов", "часа", "часов", "часов", "часа", "часов", "часов", "часа", "часа", "часа"],
  percent: Array<string>(15).fill("%"),
  points: Array<string>(15).fill("п. п."),
};

export function expectedRu(qualifier: QualifierName, unit: TableUnit, i: number): string {
  return `${RU_WORDS[qualifier]} ${WRITTEN[i]} ${RU_GENITIVE[unit][i]}`;
}

/**
 * Kazakh: the ablative after the probes as read aloud: нөл, бір, екі, үш, бес, (он) бір,
 * (жиырма) бір, (жиырма) екі, (жиырма) бес, (жүз) бір, (жүз он) бір, мың, (бір бүтін оннан)
 * бес, (нөл бүтін оннан) бес, (он бүтін оннан) сегіз.
 */
// prettier-ignore
export const KK_ABLATIVE = ["ден", "ден", "ден", "тен", "тен", "ден", "ден", "ден", "тен", "ден", "ден", "нан", "тен", "тен", "ден"];

/** Each unit: nominative, ablative and dative (the noun does not change with the number). */
const KK_NOUN: Readonly<Record<TableUnit, readonly [string, string, string]>> = {
  people: ["адам", "адамнан", "адамға"],
  days: ["күн", "күннен", "күнге"],
  "detention-days": ["тәулік", "тәуліктен", "тәулікке"],
  hours: ["сағат", "сағаттан", "сағатқа"],
  percent: ["%", "%-дан", "%-ға"],
  points: ["пайыздық тармақ", "пайыздық тармақтан", "пайыздық тармаққа"],
};
/** A unit that counts things (адам); days, hours and percentages measure, and are qualified as a phrase. */
const isCounted = (unit: TableUnit) => unit === "people";
// "12%" is written solid (Intl's Kazakh percent); every other unit after a space.
const kkPhrase = (n: string, noun: string) => (noun.startsWith("%") ? `${n}${noun}` : `${n} ${noun}`);

export function expectedKk(qualifier: QualifierName, unit: TableUnit, i: number): string {
  const n = WRITTEN[i]!;
  const [nominative, ablative, dative] = KK_NOUN[unit];
  switch (qualifier) {
    // Counted people: «100-ден астам адам» (the suffix on the numeral); a measure: «5 күннен астам», «12%-дан астам».
    case "more-than":
      return isCounted(unit) ? `${n}-${KK_ABLATIVE[i]} астам ${nominative}` : `${kkPhrase(n, ablative)} астам`;
    case "fewer-than":
      return isCounted(unit) ? `${n}-${KK_ABLATIVE[i]} аз ${nominative}` : `${kkPhrase(n, ablative)} аз`;
    case "about":
      return `шамамен ${kkPhrase(n, nominative)}`;
    case "at-least":
      return `кемінде ${kkPhrase(n, nominative)}`;
    case "at-most":
      return `ең көбі ${kkPhrase(n, nominative)}`;
    // «5 тәулікке дейін»: the dative on the whole phrase.
    case "up-to":
      return `${kkPhrase(n, dative)} дейін`;
  }
}

const EN_WORDS: Readonly<Record<QualifierName, string>> = {
  "more-than": "more than",
  about: "about",
  "at-least": "at least",
  "up-to": "up to",
  "at-most": "at most",
  "fewer-than": "fewer than",
};

/** English: the singular only after exactly 1 ("more than 1 person"); 0, 1.5 and 0.5 take the plural. */
// prettier-ignore
const EN_UNIT: Readonly<Record<TableUnit, readonly [string, string]>> = {
  people: [" person", " people"],
  days: [" day", " days"],
  "detention-days": [" day", " days"],
  hours: [" hour", " hours"],
  percent: ["%", "%"],
  points: [" percentage point", " percentage points"],
};

export function expectedEn(qualifier: QualifierName, unit: TableUnit, i: number): string {
  const n = WRITTEN_EN[i]!;
  return `${EN_WORDS[qualifier]} ${n}${EN_UNIT[unit][n === "1" ? 0 : 1]}`;
}
