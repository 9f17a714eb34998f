import type { Locale } from "../locale/index.js";

/**
 * A glossary role as printed after a name, a comma or a dash («Инга Иманбай, оппозиционная
 * активистка», "— president of Kazakhstan"): its first letter in lower case, unless the role
 * begins with a proper noun (`roleBeginsWithProperNoun` in the glossary: «Қазақстан
 * Президенті») or with an abbreviation or a name with more capitals ("U.S.", «АҚШ», "McDonald").
 */
export function roleAfterName(role: string, locale: Locale, beginsWithProperNoun: boolean): string {
  if (beginsWithProperNoun) return role;
  const first = /^\p{Lu}[^\s,;:—–]*/u.exec(role)?.[0];
  if (!first || /\p{Lu}|\./u.test(first.slice(1))) return role;
  return first[0]!.toLocaleLowerCase(locale) + role.slice(1);
}
