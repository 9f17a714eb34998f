/**
 * Kazakh Cyrillic → Kazakh Latin, the alphabet presented in January 2021 (31 letters), as data.
 * Every choice and its source is in docs/kazakh-latin.md; `kazakhLatin.ts` only applies this.
 *
 * Letters are keyed by the lowercase Cyrillic letter and give both cases explicitly, because
 * the 2021 alphabet pairs its i-letters the Turkish way (і → ı/I, и and й → i/İ), which no
 * locale-free toUpperCase gets right. A multi-letter `upper` is the ALL-CAPS form ("CH", "İU");
 * inside a capitalised word only its first letter is capital ("Ch", "İu").
 */

/** One Latin rendering: lower case and ALL-CAPS. */
export interface LatinForm {
  readonly lower: string;
  readonly upper: string;
}

const form = (lower: string, upper: string): LatinForm => ({ lower, upper });

/** The 42 letters of Kazakh Cyrillic. `""` drops the letter (ъ; ь outside the rule below). */
export const LETTERS: Readonly<Record<string, LatinForm>> = {
  // The 31 letters of the 2021 alphabet, in Cyrillic order.
  а: form("a", "A"),
  ә: form("ä", "Ä"),
  б: form("b", "B"),
  в: form("v", "V"),
  г: form("g", "G"),
  ғ: form("ğ", "Ğ"),
  д: form("d", "D"),
  е: form("e", "E"),
  ж: form("j", "J"),
  з: form("z", "Z"),
  и: form("i", "İ"),
  й: form("i", "İ"),
  к: form("k", "K"),
  қ: form("q", "Q"),
  л: form("l", "L"),
  м: form("m", "M"),
  н: form("n", "N"),
  ң: form("ñ", "Ñ"),
  о: form("o", "O"),
  ө: form("ö", "Ö"),
  п: form("p", "P"),
  р: form("r", "R"),
  с: form("s", "S"),
  т: form("t", "T"),
  у: form("u", "U"),
  ұ: form("ū", "Ū"),
  ү: form("ü", "Ü"),
  ф: form("f", "F"),
  х: form("h", "H"),
  һ: form("h", "H"),
  ш: form("ş", "Ş"),
  ы: form("y", "Y"),
  і: form("ı", "I"),
  // Letters of Russian loanwords, which the 2021 alphabet has no letter for: the orthography
  // rules of 6 December 2018, their 2018 letters replaced by the 2021 ones.
  ё: form("ö", "Ö"),
  э: form("e", "E"),
  ц: form("s", "S"),
  ч: form("ch", "CH"),
  щ: form("ş", "Ş"),
  ъ: form("", ""),
  ь: form("", ""),
  // Initially and after a vowel; after a consonant see CONTEXT_RULES.
  ю: form("iu", "İU"),
  я: form("ia", "İA"),
};

/**
 * A rule that replaces the letter map for a sequence of letters in a context. The first rule
 * (in this order) whose `letters` start at the position and whose context holds wins; the
 * context is the lowercase Cyrillic source of the word so far (`after`) or the whole word
 * (`wordStartsWith`).
 */
export interface ContextRule {
  readonly id: string;
  /** Lowercase Cyrillic letters the rule consumes. */
  readonly letters: string;
  readonly output: LatinForm;
  /** The word's letters before `letters` must match this (lowercase Cyrillic). */
  readonly after?: RegExp;
  /** The word (lowercase) must begin with one of these stems. */
  readonly wordStartsWith?: readonly string[];
  /** Example source → Latin, checked by the tests. */
  readonly example: readonly [string, string];
}

const CONSONANT_OR_SIGN = /[бвгғджзйкқлмнңпрстфхһцчшщъь]$/;

export const CONTEXT_RULES: readonly ContextRule[] = [
  // сц is one sound, written s (сценарий → senari).
  { id: "sc", letters: "сц", output: form("s", "S"), example: ["сценарий", "senarii"] },
  // щ is long ш in three native words (ащы, тұщы, кеще): şş.
  {
    id: "native-shch",
    letters: "щ",
    output: form("şş", "ŞŞ"),
    wordStartsWith: ["ащы", "тұщы", "кеще"],
    example: ["ащы", "aşşy"],
  },
  // After a consonant, ъ or ь, ю is the front vowel ü (парашют → paraşüt, компьютер → kompüter).
  {
    id: "yu-after-consonant",
    letters: "ю",
    after: CONSONANT_OR_SIGN,
    output: form("ü", "Ü"),
    example: ["валюта", "valüta"],
  },
  // After и (itself i), я and ю add only their vowel: Азия → Azia, қиял → qial.
  { id: "ya-after-i", letters: "я", after: /[и]$/, output: form("a", "A"), example: ["Азия", "Azia"] },
  { id: "yu-after-i", letters: "ю", after: /[и]$/, output: form("u", "U"), example: ["июнь", "iun"] },
];

/**
 * The soft sign after a back vowel's syllable makes that vowel front (асфальт → asfält, пароль →
 * paröl, бульдог → büldog); otherwise, and before a vowel (батальон), it is dropped.
 */
export const SOFTENED_VOWELS: Readonly<Record<string, LatinForm>> = {
  а: form("ä", "Ä"),
  о: form("ö", "Ö"),
  у: form("ü", "Ü"),
};

/** Cyrillic vowels, for the soft-sign rule. */
export const VOWELS = "аәеёиоөуұүыіэюя";

/**
 * Kazakh endings a name may take and still be overridden (Назарбаевтың, Нұр-Сұлтанға,
 * Қазақстандағы): case, plural, third-person possessive and -ғы/-гі endings. A name followed by
 * anything else (Асқар in Асқаров) is another word and is transliterated by the letter rules.
 */
export const NAME_ENDINGS: readonly string[] = [
  // genitive, accusative
  ...["ның", "нің", "дың", "дің", "тың", "тің", "ны", "ні", "ды", "ді", "ты", "ті"],
  // dative, locative, ablative, instrumental
  ...["ға", "ге", "қа", "ке", "на", "не", "да", "де", "та", "те", "нда", "нде"],
  ...["дан", "ден", "тан", "тен", "нан", "нен", "мен", "бен", "пен"],
  // plural, possessive, "of/in" adjectives
  ...["лар", "лер", "дар", "дер", "тар", "тер", "сы", "сі", "ғы", "гі", "қы", "кі"],
];
