/**
 * Kazakh Cyrillic → Kazakh Latin, the alphabet presented in January 2021 (31 letters), as data.
 * Every choice and its source is in docs/kazakh-latin.md; `kazakhLatin.ts` only applies this.
 *
 * Letters are keyed by the lowercase Cyrillic letter and give both cases explicitly, because
 * the 2021 alphabet pairs its i-letters the Turkish way (і → ı/I, и and й → i/İ), which no
 * locale-free toUpperCase gets right. A multi-letter `upper` is the ALL-CAPS form ("İU", "ŞŞ");
 * inside a capitalised word only its first letter is capital ("İu", "Şş").
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
  // Letters of Russian loanwords, which the 2021 alphabet has no letter for: the replacements
  // presented with it in January 2021 (ц → s, ч → ş, э → e; ё, ю, я are io, iu, ia, or ö, ü, ä
  // after a consonant: CONTEXT_RULES), and for щ (ş; şş in ащы, тұщы, кеще) and the signs the
  // orthography rules of 2018.
  ё: form("io", "İO"),
  э: form("e", "E"),
  ц: form("s", "S"),
  ч: form("ş", "Ş"),
  щ: form("ş", "Ş"),
  ъ: form("", ""),
  ь: form("", ""),
  ю: form("iu", "İU"),
  я: form("ia", "İA"),
};

/**
 * A rule that replaces the letter map for a sequence of letters in a context. The first rule
 * (in this order) whose `letters` start at the position and whose context holds wins; the
 * context is the word's letters before them (`after`) or the whole word (`wordStartsWith`),
 * lowercase Cyrillic.
 */
export interface ContextRule {
  readonly id: string;
  /** Lowercase Cyrillic letters the rule consumes. */
  readonly letters: string;
  readonly output: LatinForm;
  /** The word's letters before `letters` must match this (lowercase Cyrillic). */
  readonly after?: RegExp;
  /** The word must begin with one of these stems. */
  readonly wordStartsWith?: readonly string[];
  /** Example source → Latin, checked by the tests. */
  readonly example: readonly [string, string];
}

const CONSONANT_OR_SIGN = /[бвгғджзйкқлмнңпрстфхһцчшщъь]$/;

export const CONTEXT_RULES: readonly ContextRule[] = [
  // сц is one sound, written s (сценарий → senarii).
  { id: "sc", letters: "сц", output: form("s", "S"), example: ["сценарий", "senarii"] },
  // щ is a long ш in three native words: şş (ащы → aşşy, as in 2021's own example).
  {
    id: "native-shch",
    letters: "щ",
    output: form("şş", "ŞŞ"),
    wordStartsWith: ["ащы", "тұщы", "кеще"],
    example: ["ащы", "aşşy"],
  },
  // After a consonant (or a sign), ё ю я are the front vowels ö ü ä: актёр → aktör,
  // сюрреализм → sürrealizm, заряд → zaräd, компьютер → kompüter.
  {
    id: "yo-after-consonant",
    letters: "ё",
    after: CONSONANT_OR_SIGN,
    output: form("ö", "Ö"),
    example: ["актёр", "aktör"],
  },
  {
    id: "yu-after-consonant",
    letters: "ю",
    after: CONSONANT_OR_SIGN,
    output: form("ü", "Ü"),
    example: ["валюта", "valüta"],
  },
  {
    id: "ya-after-consonant",
    letters: "я",
    after: CONSONANT_OR_SIGN,
    output: form("ä", "Ä"),
    example: ["заряд", "zaräd"],
  },
  // After и (itself i), я and ю add only their vowel (2018 rules): Азия → Azia, қиял → qial.
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
  // plural, possessive, of- and in-adjectives
  ...["лар", "лер", "дар", "дер", "тар", "тер", "сы", "сі", "ғы", "гі", "қы", "кі"],
];
