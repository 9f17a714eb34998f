import type { Locale } from "../locale/index.js";

/** Words English title case leaves in lower case ("Head of the Press Office"). */
const ENGLISH_MINOR_WORDS = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "by",
  "for",
  "from",
  "in",
  "of",
  "on",
  "or",
  "per",
  "the",
  "to",
  "with",
]);

/**
 * An English role written in title case, its second word capitalized as well as every later
 * word but the minor ones ("Media Support Officer", "Deputy Prosecutor-General of Kazakhstan"):
 * lowering its first letter alone would mix the cases ("media Support Officer"), so it is kept
 * as written. "President of Kazakhstan" (second word minor) and "Former Kazakh ambassador" are
 * not: their first letter is lowered as before. Title case is an English convention only.
 */
function isEnglishTitleCase(role: string): boolean {
  const words = role.split(/[\s,;:—–]+/u).filter((w) => /^\p{L}/u.test(w));
  const second = words[1];
  if (second === undefined || !/^\p{Lu}\p{Ll}/u.test(second)) return false;
  return words.slice(2).every((w) => /^\p{Lu}/u.test(w) || ENGLISH_MINOR_WORDS.has(w));
}

/**
 * A glossary role as printed after a name, a comma or a dash («Инга Иманбай, оппозиционная
 * активистка», "— president of Kazakhstan"): its first letter in lower case, unless the role
 * begins with a proper noun (`roleBeginsWithProperNoun` in the glossary: «Қазақстан
 * Президенті») or with an abbreviation or a name with more capitals ("U.S.", «АҚШ», "McDonald"),
 * or is an English title in title case ("Media Support Officer").
 */
export function roleAfterName(role: string, locale: Locale, beginsWithProperNoun: boolean): string {
  if (beginsWithProperNoun) return role;
  const first = /^\p{Lu}[^\s,;:—–]*/u.exec(role)?.[0];
  if (!first || /\p{Lu}|\./u.test(first.slice(1))) return role;
  if (/^en(?:-|$)/u.test(locale) && isEnglishTitleCase(role)) return role;
  return first[0]!.toLocaleLowerCase(locale) + role.slice(1);
}

/**
 * A dash between words in a role: `--`, a spaced hyphen, or a typed en or em dash, with words on
 * both sides (one at the start or end is `roleEdgeDash`'s). An en dash between two numbers is a
 * range («в 2004–2007 годах»), no dash between words.
 */
const DASH_IN_ROLE = /(?<=\S\s*)(?:-{2,}|\s-\s|—|(?<!\d)–|–(?!\d))(?=\s*\S)/gu;

/** A dash the role begins or ends with (`— министр`, `deputy minister –`). */
const EDGE_DASH = /^\s*(?:-+|[—–])|(?:-+|[—–])\s*$/u;

/**
 * Whether a role begins or ends with a dash: the list puts its own dash (or a comma) between the
 * name and the role, so «— министр» would read «Болат Дембаев — — министр». Not a title of two
 * posts (`dashesInRole` counts no such dash): check warns (typography/double-dash).
 */
export function roleEdgeDash(role: string): boolean {
  return EDGE_DASH.test(role);
}

/**
 * How many dashes a role has between its words. An official title of two posts has one by law
 * («заместитель Премьер-Министра Республики Казахстан — министр национальной экономики»,
 * «Премьер-Министрдің орынбасары — Ұлттық экономика министрі»): such a role is printed after
 * its name and a comma, as the press writes a title after a name («Серик Жумангарин,
 * заместитель Премьер-Министра — министр …»), never after a second dash.
 */
export function dashesInRole(role: string): number {
  return role.match(DASH_IN_ROLE)?.length ?? 0;
}
