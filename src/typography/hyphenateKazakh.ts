/**
 * Kazakh hyphenation from the language's syllable structure. Hand-written because no maintained
 * pattern set exists for Kazakh (TeX's hyph-utf8 has none, nor do LibreOffice's or Chromium's
 * dictionaries), and the rules are few and regular. They follow the spelling rules on carrying
 * words over (тасымал):
 *
 * - A word breaks only between syllables. Syllables are V, VC, CV, CVC, VCC and CVCC: inside a
 *   word a syllable starts with at most one consonant, so of the consonants between two vowels
 *   the last starts the next syllable (ба-ла, бар-ды, құмырс-қа, күңгірт-теу, Рес-пуб-ли-ка).
 * - й and у between two vowels start the next syllable (да-уыс, са-уат, да-йын-дық, құ-йын).
 * - у after a consonant, and и always, stand for a vowel and a glide (ұу, үу, ый, ій): a vowel
 *   after them starts a new syllable (бу-ын, су-ық, қи-ын, ти-ын). A word-initial у before a
 *   vowel is the glide (уа-қыт).
 * - я and ю are a glide and a vowel: they make a syllable of their own (ти-я-нақ-ты).
 * - ь and ъ stay with the consonant before them (съез-дің, объ-ект).
 * - One letter is never left at a line's end nor carried to the next (not а-на, ө-зі-міз-ге):
 *   at least two letters each side. Words shorter than five letters are not broken.
 * - Words in capitals or with a capital inside (ҚР, БҰҰ, ҚазАқпарат) are not broken; neither is
 *   anything that is not a Kazakh Cyrillic word (numbers with suffixes are left whole by the caller).
 */

/** Letters that are always a syllable's vowel. */
const VOWELS = new Set([..."аәеёиоөұүыіэюя"]);
/** Signs that belong to the consonant before them and never start a syllable. */
const SIGNS = new Set([..."ьъ"]);
const KAZAKH_WORD = /^[а-яёәғқңөұүһі]+$/u;

/** Fewest letters before and after a break, and the shortest word that breaks. */
export const KAZAKH_MINIMUMS = { left: 2, right: 2, word: 5 } as const;

type LetterKind = "vowel" | "consonant" | "sign";

/** у is the vowel [ʊw] after a consonant (or before one at the word's start), the glide [w] otherwise. */
function kindOf(letters: readonly string[], i: number): LetterKind {
  const c = letters[i]!;
  if (VOWELS.has(c)) return "vowel";
  if (SIGNS.has(c)) return "sign";
  if (c !== "у") return "consonant";
  if (i === 0) {
    const next = letters[1];
    return next !== undefined && VOWELS.has(next) ? "consonant" : "vowel";
  }
  return VOWELS.has(letters[i - 1]!) ? "consonant" : "vowel";
}

/**
 * Where a Kazakh word may break: offsets (in UTF-16 units, each letter is one) before which a
 * hyphen may go. Empty for a word that is not broken.
 */
export function kazakhBreaks(word: string): number[] {
  if (word.length < KAZAKH_MINIMUMS.word) return [];
  // A capital after the first letter: an abbreviation or a word in capitals.
  if (/\p{Lu}/u.test(word.slice(1))) return [];
  const lower = word.toLocaleLowerCase("kk");
  if (lower.length !== word.length || !KAZAKH_WORD.test(lower)) return [];
  const letters = [...lower];
  const kinds = letters.map((_, i) => kindOf(letters, i));
  const breaks: number[] = [];
  let previous = -1;
  kinds.forEach((kind, i) => {
    if (kind !== "vowel") return;
    if (previous >= 0) {
      // Between two vowels: right before the second; else before the last consonant (a sign stays left).
      let at = i;
      if (i - previous > 1 && kinds[i - 1] === "consonant") at = i - 1;
      if (at >= KAZAKH_MINIMUMS.left && word.length - at >= KAZAKH_MINIMUMS.right) breaks.push(at);
    }
    previous = i;
  });
  return breaks;
}
