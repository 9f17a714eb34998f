import type { Translator } from "../i18n/translator.js";
import type { WrittenNumber } from "./number.js";

/**
 * The grammatical cases a catalog may give a quantity in: ru genitive (after «более», «до») and
 * accusative (a change by it, «рост на 21 человека»); kk ablative and dative.
 */
export const CASES = ["genitive", "accusative", "ablative", "dative"] as const;
export type Case = (typeof CASES)[number];

/** A quantity written out in one locale: "21 человек", and the same words in another case. */
export interface Phrase {
  /** The nominative, as a figure shows it: "21 человек", "1,2 трлн теңге", "12,2 %". */
  readonly text: string;
  /** The whole phrase in a case, from the catalog: "21 человека", "1,2 трлн теңгеден". */
  inCase(name: Case): string;
  /** The number alone. */
  readonly number: WrittenNumber;
}

/**
 * A catalog template whose variables are phrases computed on demand: only the forms the
 * locale's string uses are looked up (a Russian string asks for the genitive, a Kazakh one for
 * the ablative), so a form no string uses need not exist.
 */
export function fillTemplate(tr: Translator, key: string, vars: Readonly<Record<string, () => string>>): string {
  const names = Object.keys(vars);
  const markers = Object.fromEntries(names.map((n, i) => [n, `\uE000${i}\uE000`]));
  const filled = tr.t(key, markers);
  return filled.replace(/\uE000(\d+)\uE000/g, (_, i: string) => vars[names[Number(i)] ?? ""]?.() ?? "");
}

/** `value`, `genitive`, `accusative`, `ablative`, `dative` (or `fromGenitive` … with a prefix) for a phrase. */
export function phraseVars(phrase: Phrase, prefix = ""): Record<string, () => string> {
  const name = (n: string) => (prefix ? prefix + n[0]!.toUpperCase() + n.slice(1) : n);
  return {
    [prefix || "value"]: () => phrase.text,
    ...Object.fromEntries(CASES.map((c) => [name(c), () => phrase.inCase(c)])),
  };
}
