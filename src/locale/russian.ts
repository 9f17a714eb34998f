import type { MonthCase } from "./profile.js";

/**
 * Russian month names in the prepositional case, after «в»: «в декабре 2025 г.». CLDR has the
 * nominative (stand-alone) and the genitive (with a day) names, not this one. Hand-written.
 */
const PREPOSITIONAL: Readonly<Record<string, string>> = {
  январь: "январе",
  февраль: "феврале",
  март: "марте",
  апрель: "апреле",
  май: "мае",
  июнь: "июне",
  июль: "июле",
  август: "августе",
  сентябрь: "сентябре",
  октябрь: "октябре",
  ноябрь: "ноябре",
  декабрь: "декабре",
};

/** «декабрь» → «декабре» (locative: the prepositional after «в»); the genitive is Intl's, and
 * Russian has no attributive form. */
export function russianMonthInCase(month: string, grammaticalCase: MonthCase): string | undefined {
  return grammaticalCase === "locative" ? PREPOSITIONAL[month] : undefined;
}
