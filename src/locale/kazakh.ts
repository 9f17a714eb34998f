/**
 * Kazakh case suffixes after a number written in digits ("100-ден", "10-ға", "5-те", "1000-ның").
 * A suffix follows the number as it is read aloud, so it is chosen from the last spoken word
 * ("10,8" is "он бүтін оннан сегіз": сегіз → -ден; "1000" is "мың" → -нан) by vowel harmony and
 * by the sound the word ends in. Hand-written: no maintained library declines Kazakh numerals.
 */

import type { MonthCase, NumeralCase } from "./profile.js";

// нөл бір екі үш төрт бес алты жеті сегіз тоғыз
const UNITS = ["нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"] as const;
// (он) он жиырма отыз қырық елу алпыс жетпіс сексен тоқсан
const TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"] as const;
// Powers of a thousand: мың, миллион, миллиард, триллион.
const THOUSANDS = ["", "мың", "миллион", "миллиард", "триллион"] as const;

/**
 * The last word of a whole number read aloud: 0 нөл, 25 бес, 40 қырық, 300 жүз, 2000 мың,
 * 1100 жүз, 3 000 000 миллион. A decimal's last word is its fraction's (`WrittenNumber.spokenTail`).
 */
export function spokenLastWord(value: number): string {
  let n = Math.floor(Math.abs(value));
  if (n === 0) return UNITS[0];
  let power = 0;
  while (n % 1000 === 0 && power < THOUSANDS.length - 1) {
    n /= 1000;
    power++;
  }
  if (power > 0) return THOUSANDS[power]!;
  const group = n % 1000;
  if (group % 10 !== 0) return UNITS[group % 10]!;
  if (group % 100 !== 0) return TENS[(group % 100) / 10]!;
  return "жүз";
}

const BACK = /[аоұыяё]/;
const FRONT = /[әеөүіэ]/;
const VOWEL = /[аәеиоөуұүіыэюяё]/;
const NASAL = /[мнң]/;
/** Voiceless consonants, and б в г д, which are devoiced at the end of a word (клуб → клубтан). */
const VOICELESS = /[кқпстшфхцчщбвгд]/;
/** Word-final sounds that take the д- (not н-) genitive although they are voiced: р л й у з ж (таудың, сегіздің). */
const SONORANT = /[рлйузж]/;

/** Whether the word's last vowel is a back vowel (а о ұ ы); и and у are neutral and skipped. */
function isBack(word: string): boolean {
  for (let i = word.length - 1; i >= 0; i--) {
    const ch = word[i]!;
    if (BACK.test(ch)) return true;
    if (FRONT.test(ch)) return false;
  }
  return true;
}

/** The suffix of a case after a word: the allomorph by its last sound, the vowel by harmony. */
export function kazakhSuffix(word: string, grammaticalCase: NumeralCase): string {
  const lower = word.toLocaleLowerCase("kk");
  const last = lower.at(-1) ?? "";
  const back = isBack(lower);
  const voiceless = VOICELESS.test(last);
  switch (grammaticalCase) {
    case "ablative":
      // -дан after vowels and voiced sounds, -нан after м н ң, -тан after voiceless ones.
      return (NASAL.test(last) ? "н" : voiceless ? "т" : "д") + (back ? "ан" : "ен");
    case "dative":
      return back ? (voiceless ? "қа" : "ға") : voiceless ? "ке" : "ге";
    case "locative":
      return (voiceless ? "т" : "д") + (back ? "а" : "е");
    case "genitive": {
      // -ның after vowels (but not у, й) and м н ң; -дың after р л й у з ж; -тың after voiceless.
      const vowel = VOWEL.test(last) && last !== "у";
      const n = vowel || NASAL.test(last);
      const d = !n && SONORANT.test(last);
      return (n ? "н" : d ? "д" : "т") + (back ? "ың" : "ің");
    }
  }
}

/**
 * The case suffix after a number written in digits, from the last word of the number read
 * aloud (`spokenTail`: the whole number, or the fraction's digits of a decimal).
 */
export function kazakhNumeralSuffix(spokenTail: number, grammaticalCase: NumeralCase): string {
  return kazakhSuffix(spokenLastWord(spokenTail), grammaticalCase);
}

/**
 * A Kazakh month's name in a case, the suffix by the last syllable's vowel and the last sound:
 * желтоқсан → желтоқсанда, желтоқсанның; қыркүйек → қыркүйекте, қыркүйектің. The attributive
 * adds -ғы/-гі to the locative (желтоқсандағы, сәуірдегі, қыркүйектегі).
 */
export function kazakhMonthInCase(month: string, grammaticalCase: MonthCase): string {
  if (grammaticalCase !== "attributive") return month + kazakhSuffix(month, grammaticalCase);
  const locative = kazakhSuffix(month, "locative");
  return month + locative + (locative.endsWith("а") ? "ғы" : "гі");
}
