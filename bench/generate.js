#!/usr/bin/env node
// A benchmark corpus whose text varies as real news does: N articles in en, kk and ru, of every
// kind, with names, numbers, figures, quotes, and photos, tables, charts and timelines in some.
// Deterministic from a seed. How it is made (README, "Performance"):
//
// - Words. Each language starts from the words of the bundled articles (data/articles/*/<lng>.md)
//   and draws every next word of the corpus from what it has written so far (a Simon process:
//   frequent words stay frequent, so the counts follow Zipf's law), or, with a probability that
//   falls as the corpus grows, makes a new one. New words keep coming, as Heaps' law says of real
//   text (vocabulary ≈ K·n^β, with n the words written): a known stem with the language's
//   morphology (Kazakh case and plural suffixes with vowel harmony and consonant assimilation,
//   Russian noun, adjective and verb endings, English suffixes), or a new stem composed of the
//   language's syllables. So shaping, hyphenation and measuring caches see what they would on
//   real news: a few hot words and a long tail that never stops growing.
// - Facts. People and places are made for the corpus (Kazakh names written in Kazakh Cyrillic,
//   transliterated to Russian and English) and added to the glossary, so names vary too. Numbers
//   are the same values in every language, each written as the language writes it (12,345 and
//   12.5% in en; 12 345 and 12,5 % in kk and ru), so `tilpress check` finds every translation's
//   numbers in agreement. The texts are not translations of each other: each language's
//   sentences are drawn from its own words around the same numbers and names.
// - Kinds: news and features (the briefing), press releases and statements (the release page),
//   media advisories (with an event); each article has one page, so 3 languages × (HTML + PDF)
//   = 6 outputs, and its photos.
//
// Usage: node bench/generate.js <dir> <count> [seed=1]   (prints the vocabulary it reached)
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { reviewTranslations } from "../lib/cli/review.js";

const LOCALES = ["en", "kk", "ru"];
const NBSP = "\u00a0";
/**
 * Heaps' law, vocabulary ≈ K·n^β after n words: for English, Reuters RCV1's K = 44, β = 0.49
 * (Manning, Raghavan & Schütze, Introduction to Information Retrieval, §5.1.1); Kazakh and
 * Russian write a word in more forms (cases, suffixes), so their vocabulary grows faster.
 */
const HEAPS = { en: { k: 44, beta: 0.49 }, kk: { k: 40, beta: 0.55 }, ru: { k: 40, beta: 0.54 } };

/** Mulberry32: a small, fast, seedable generator; the corpus depends on nothing else. */
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, int, pick, chance: (p) => next() < p };
}

// ---------------------------------------------------------------------------------------------
// Morphology: new words that look like each language.

const KK_BACK = "аоұы";
const KK_FRONT = "әеөүі";
const KK_VOICELESS = "кқпстшфхцч";
const KK_NASAL = "мнң";

/** The harmony of a Kazakh word: back or front, from its last vowel. */
function kkBack(word) {
  for (let i = word.length - 1; i >= 0; i--) {
    const c = word[i];
    if (KK_BACK.includes(c) || c === "я") return true;
    if (KK_FRONT.includes(c) || c === "и" || c === "э") return false;
  }
  return true;
}

const isVowel = (c) => "аәеёиоөуұүыіэюя".includes(c);

/** A Kazakh suffix after a word: harmony and the assimilation of its first consonant. */
function kkSuffix(word, kind) {
  const back = kkBack(word);
  const last = word.at(-1);
  const vowel = isVowel(last) || last === "й" || last === "у" || last === "р";
  const voiceless = KK_VOICELESS.includes(last);
  const nasal = KK_NASAL.includes(last);
  const a = back ? "а" : "е";
  const y = back ? "ы" : "і";
  switch (kind) {
    case "plural":
      return (vowel ? "л" : voiceless ? "т" : nasal || last === "л" || "жз".includes(last) ? "д" : "л") + a + "р";
    case "locative":
      return (voiceless ? "т" : "д") + a;
    case "dative":
      return voiceless ? (back ? "қа" : "ке") : back ? "ға" : "ге";
    case "ablative":
      return (nasal ? "н" : voiceless ? "т" : "д") + a + "н";
    case "genitive":
      return (vowel ? "н" : voiceless ? "т" : "д") + y + "ң";
    case "accusative":
      return (vowel ? "н" : voiceless ? "т" : "д") + y;
    case "possessive":
      return vowel ? "сы" : y;
    default:
      return "";
  }
}

const KK_CASES = ["plural", "locative", "dative", "ablative", "genitive", "accusative", "possessive"];

function kkWord(rng, stem) {
  let word = stem;
  // One or two suffixes: plural then a case, as Kazakh stacks them (кітап-тар-дың).
  if (rng.chance(0.7)) word += kkSuffix(word, rng.pick(KK_CASES));
  if (rng.chance(0.25)) word += kkSuffix(word, rng.pick(KK_CASES.slice(1, 6)));
  return word;
}

function kkStem(rng) {
  const back = rng.chance(0.6);
  const vowels = back ? "аааоұы" : "еееәөүі";
  const consonants = back ? "бдғжзйқлмнңпрстшсртлн" : "бдгжзйклмнңпрстшсртлн";
  const syllables = rng.int(1, 3);
  let s = rng.chance(0.3) ? rng.pick(back ? "аоұ" : "еәөү") : "";
  for (let i = 0; i < syllables; i++) {
    // Kazakh words do not begin with ң or й.
    s += (i === 0 ? rng.pick(consonants.replace(/[ңй]/g, "")) : rng.pick(consonants)) + rng.pick(vowels);
    if (rng.chance(0.4)) s += rng.pick("лнрстйқз".replace(back ? "" : "қ", back ? "" : "к"));
  }
  return s.length >= 3 ? s : s + rng.pick(consonants) + rng.pick(vowels);
}

const RU_ENDINGS = {
  noun: ["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах", "ой"],
  adjective: ["ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ые", "ых", "ыми", "ое"],
  verb: ["ать", "ает", "ают", "ал", "ала", "али", "ил", "ила", "или", "ует", "уют", "ение", "ения", "ением"],
};

/** Russian spelling: no ы after к, г, х, ж, ш, ч, щ; no я after them either. */
function ruSpell(word) {
  return word.replace(/([кгхжшчщ])ы/g, "$1и").replace(/([кгхжшчщ])я/g, "$1а");
}

function ruWord(rng, stem) {
  const kind = rng.pick(["noun", "noun", "adjective", "verb"]);
  return ruSpell(stem + rng.pick(RU_ENDINGS[kind]));
}

function ruStem(rng) {
  const onsets = [
    "б",
    "в",
    "г",
    "д",
    "з",
    "к",
    "л",
    "м",
    "н",
    "п",
    "р",
    "с",
    "т",
    "ф",
    "х",
    "ч",
    "ш",
    "пр",
    "тр",
    "ст",
    "кр",
    "гр",
    "св",
    "сл",
    "др",
  ];
  const vowels = "аааоооеееиииуя";
  const codas = ["", "", "", "", "н", "р", "л", "с"];
  const syllables = rng.int(1, 2);
  let s = rng.chance(0.15) ? rng.pick(["о", "у", "и", "пере", "при", "раз", "вы", "под", "об"]) : "";
  for (let i = 0; i < syllables; i++)
    s += rng.pick(onsets) + rng.pick(vowels) + (i === syllables - 1 ? "" : rng.pick(codas));
  return s + rng.pick(["н", "т", "л", "к", "р", "в", "ств", "льн", "ск", "ц"]);
}

function enWord(rng, stem) {
  const suffix = rng.pick(["", "", "s", "ed", "ing", "er", "ers", "ly", "ment", "al", "ity", "ation", "ness"]);
  let base = stem;
  if (/e$/.test(base) && /^[aeiouy]/.test(suffix)) base = base.slice(0, -1);
  return base + suffix;
}

function enStem(rng) {
  const onsets = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "br",
    "cr",
    "dr",
    "fl",
    "gr",
    "pl",
    "pr",
    "st",
    "tr",
    "sh",
    "ch",
    "th",
    "sp",
    "cl",
  ];
  const nuclei = ["a", "a", "e", "e", "i", "o", "u", "ea", "ou", "ai", "ee", "oa"];
  const codas = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck", "rt", "mp", "nt"];
  const syllables = rng.chance(0.6) ? 1 : 2;
  let s = "";
  for (let i = 0; i < syllables; i++) s += rng.pick(onsets) + rng.pick(nuclei) + rng.pick(codas);
  return s;
}

const MORPHOLOGY = {
  en: { word: enWord, stem: enStem, root: (w) => w.replace(/(s|ed|ing|ly|er|ers)$/, "") },
  kk: {
    word: kkWord,
    stem: kkStem,
    root: (w) => w.replace(/(лар|лер|дар|дер|тар|тер|ның|нің|дың|дің|тың|тің|да|де|та|те|ға|ге|қа|ке)$/, ""),
  },
  ru: {
    word: ruWord,
    stem: ruStem,
    root: (w) => w.replace(/(ами|ого|ому|ыми|ать|ает|ают|ение|ения|ов|ам|ах|ый|ая|ое|ые|ых|ом|ой|а|у|е|ы|и|о|я)$/, ""),
  },
};

// ---------------------------------------------------------------------------------------------
// Words of the corpus: a Simon process seeded with the bundled articles' words.

/** Words that would make a number next to them a currency (parity checks the currency). */
const CURRENCY_LIKE = /^(долл|тенге|теңге|трлн|млрд|млн|dollar|tenge|usd|kzt|евро|euro|рубл|ruble|сом|us)/i;
/** Spelled-out numbers are not compared, but words like "ten" in one language only look odd. */
const WORD = /^[\p{Ll}][\p{Ll}’'-]*\p{Ll}$/u;

function bundledWords(repo) {
  const words = { en: [], kk: [], ru: [] };
  const dir = join(repo, "data", "articles");
  for (const article of readdirSync(dir).sort())
    for (const locale of LOCALES) {
      const text = readFileSync(join(dir, article, `${locale}.md`), "utf8")
        .split(/^---$/m)
        .slice(2)
        .join(" ");
      for (const m of text.matchAll(/(?<![\p{L}\d-])[\p{L}][\p{L}’'-]*/gu)) {
        const w = m[0].toLowerCase();
        if (WORD.test(m[0]) && !CURRENCY_LIKE.test(w) && w.length > 1) words[locale].push(w);
      }
    }
  return words;
}

class Lexicon {
  constructor(rng, locale, seedWords) {
    this.rng = rng;
    this.heaps = HEAPS[locale];
    this.morphology = MORPHOLOGY[locale];
    this.history = [...seedWords];
    // Roots of real words only: a made word is not a root again (stems would grow and grow).
    this.roots = [...new Set(seedWords.map(this.morphology.root))].filter((r) => r.length >= 3).sort();
    this.known = new Set(seedWords);
    this.written = 0;
  }

  /** The probability that the next word is new: dV/dn of Heaps' law, counting the seed words as written. */
  newWordChance() {
    const n = this.history.length;
    return Math.min(0.5, this.heaps.k * this.heaps.beta * n ** (this.heaps.beta - 1));
  }

  next() {
    this.written++;
    let word;
    if (this.rng.chance(this.newWordChance())) {
      // Mostly a known root in another form (a case, a tense), else a new stem (a name, a term).
      const stem = this.rng.chance(0.65) ? this.rng.pick(this.roots) : this.morphology.stem(this.rng);
      word = stem.length >= 2 ? this.morphology.word(this.rng, stem) : this.rng.pick(this.history);
      if (CURRENCY_LIKE.test(word)) word = this.rng.pick(this.history);
      this.known.add(word);
    } else word = this.rng.pick(this.history);
    this.history.push(word);
    return word;
  }
}

// ---------------------------------------------------------------------------------------------
// Names: Kazakh names made of syllables, in Kazakh Cyrillic, Russian and English spelling.

const KK_TO_RU = { ә: "а", ғ: "г", қ: "к", ң: "н", ө: "о", ұ: "у", ү: "у", һ: "х", і: "и" };
const RU_TO_EN = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "yo",
  ж: "zh",
  з: "z",
  и: "i",
  й: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};
const KK_TO_EN = { ә: "a", ғ: "gh", қ: "q", ң: "ng", ө: "o", ұ: "u", ү: "u", һ: "h", і: "i" };
const spell = (word, table) => [...word].map((c) => (c in table ? table[c] : c)).join("");
const capital = (w) => w[0].toUpperCase() + w.slice(1);

function kkName(rng, syllables) {
  const back = rng.chance(0.55);
  const vowels = back ? "аоұы" : "әеүі";
  let s = rng.chance(0.3) ? rng.pick(vowels.replace("ы", "а").replace("і", "е")) : "";
  for (let i = 0; i < syllables; i++)
    s += rng.pick("бдғжзқлмнрстшй".replace(back ? "" : "ғ", "").replace(back ? "" : "қ", "")) + rng.pick(vowels);
  if (rng.chance(0.6)) s += rng.pick(["н", "р", "т", "л", "с", "ж", "бек", "хан", "гүл", "тай"]);
  if (!back) s = s.replace(/ы/g, "і");
  return capital(s);
}

function person(rng) {
  const first = kkName(rng, rng.int(1, 2));
  const last = kkName(rng, rng.int(2, 3)) + rng.pick(["ов", "ев", "ұлы", "қызы", "", ""]);
  const kk = `${first} ${last}`;
  const ru = spell(kk, KK_TO_RU).replace("ұлы", "улы").replace("қызы", "кызы");
  const en = spell(
    ru.replace(/[а-яё]/gi, (c) => c),
    {},
  ).replace(/[А-ЯЁа-яё]/g, (c) => {
    const lower = c.toLowerCase();
    const latin = RU_TO_EN[lower] ?? lower;
    return c === lower ? latin : capital(latin || "");
  });
  const enFromKk = spell(kk, KK_TO_EN).replace(/[А-ЯЁа-яё]/g, (c) => {
    const lower = c.toLowerCase();
    const latin = RU_TO_EN[lower] ?? lower;
    return c === lower ? latin : capital(latin || "");
  });
  return { kk, ru, en: rng.chance(0.5) ? en : enFromKk };
}

const ROLES = {
  en: [
    "minister of energy",
    "akim of the region",
    "spokesperson of the ministry",
    "economist",
    "chairman of the board",
    "deputy of the Mazhilis",
    "head of the department",
    "director of the institute",
  ],
  kk: [
    "энергетика министрі",
    "облыс әкімі",
    "министрліктің баспасөз хатшысы",
    "экономист",
    "басқарма төрағасы",
    "Мәжіліс депутаты",
    "департамент басшысы",
    "институт директоры",
  ],
  ru: [
    "министр энергетики",
    "аким области",
    "пресс-секретарь министерства",
    "экономист",
    "председатель правления",
    "депутат Мажилиса",
    "руководитель департамента",
    "директор института",
  ],
};

// ---------------------------------------------------------------------------------------------
// Numbers: one value, written as each language writes it.

function group(int, sep) {
  return String(int).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function writeNumber(n, locale) {
  if (n.kind === "year") return String(n.value);
  const [int, frac] = n.value.toFixed(n.decimals).split(".");
  const sep = locale === "en" ? "," : NBSP;
  const mark = locale === "en" ? "." : ",";
  const text = group(Number(int), Number(int) >= 10000 || locale === "en" ? sep : "") + (frac ? mark + frac : "");
  if (n.kind === "percent") return locale === "en" ? `${text}%` : `${text}${NBSP}%`;
  return text;
}

function number(rng) {
  const roll = rng.next();
  if (roll < 0.25) return { kind: "year", value: rng.int(1991, 2026), decimals: 0 };
  if (roll < 0.5) return { kind: "percent", value: rng.int(1, 999) / 10, decimals: 1 };
  if (roll < 0.8) return { kind: "count", value: rng.int(2, 999), decimals: 0 };
  return { kind: "count", value: rng.int(1000, 2_500_000), decimals: 0 };
}

// ---------------------------------------------------------------------------------------------
// Sentences: each language's words around the same numbers and names.

class Writer {
  constructor(rng, lexicons) {
    this.rng = rng;
    this.lexicons = lexicons;
  }

  /** A slot plan shared by the three languages: how many words, and where a number or name goes. */
  plan(options = {}) {
    const { numbers = this.rng.chance(0.35) ? 1 : 0, names = [], min = 8, max = 26 } = options;
    const length = this.rng.int(min, max);
    const slots = Array.from({ length }, () => ({ kind: "word" }));
    const free = () => {
      // Not first, not next to another slot: a word always separates two numbers.
      for (let tries = 0; tries < 20; tries++) {
        const i = this.rng.int(1, length - 2);
        if (slots[i].kind === "word" && slots[i - 1]?.kind === "word" && slots[i + 1]?.kind === "word") return i;
      }
      return -1;
    };
    for (let k = 0; k < numbers; k++) {
      const i = free();
      if (i > 0) slots[i] = { kind: "number", number: number(this.rng) };
    }
    for (const name of names) {
      const i = free();
      if (i > 0) slots[i] = { kind: "name", name };
    }
    for (let i = 2; i < length - 1; i++) if (slots[i].kind === "word" && this.rng.chance(0.08)) slots[i].comma = true;
    return slots;
  }

  sentence(plan, locale) {
    const lexicon = this.lexicons[locale];
    const words = plan.map((slot) => {
      const text =
        slot.kind === "number"
          ? writeNumber(slot.number, locale)
          : slot.kind === "name"
            ? slot.name[locale]
            : lexicon.next();
      return slot.comma ? `${text},` : text;
    });
    words[0] = capital(words[0]);
    return `${words.join(" ").replace(/,$/, "")}.`;
  }

  /** A phrase without numbers (labels, captions, alt texts). */
  phrase(locale, min = 3, max = 9) {
    const plan = Array.from({ length: this.rng.int(min, max) }, () => ({ kind: "word" }));
    return this.sentence(plan, locale).slice(0, -1);
  }

  /** The same plans in every language: a paragraph per locale. */
  paragraph(options) {
    const plans = Array.from({ length: this.rng.int(2, 5) }, () => this.plan(options));
    return Object.fromEntries(LOCALES.map((l) => [l, plans.map((p) => this.sentence(p, l)).join(" ")]));
  }
}

// ---------------------------------------------------------------------------------------------
// Photos: small PNGs, a different picture per article.

function png(rng, width, height) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const [r0, g0, b0] = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
  const [fx, fy] = [rng.int(1, 9), rng.int(1, 9)];
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const i = row + 1 + x * 3;
      raw[i] = (r0 + x * fx) & 255;
      raw[i + 1] = (g0 + y * fy) & 255;
      raw[i + 2] = (b0 + ((x * y) >> 6)) & 255;
    }
  }
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// YAML and Markdown out.

const quote = (s) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar
const pad = (n) => String(n).padStart(2, "0");

function frontMatter(fields) {
  const lines = ["---"];
  const write = (value, indent, key) => {
    const at = " ".repeat(indent);
    if (typeof value === "string") lines.push(`${at}${key}: ${quote(value)}`);
    else if (Array.isArray(value)) {
      lines.push(`${at}${key}:`);
      for (const item of value) {
        const entries = Object.entries(item);
        entries.forEach(([k, v], i) => lines.push(`${at}  ${i === 0 ? "- " : "  "}${k}: ${quote(v)}`));
      }
    } else {
      lines.push(`${at}${key}:`);
      for (const [k, v] of Object.entries(value)) write(v, indent + 2, k);
    }
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) write(value, 0, key);
  lines.push("---");
  return lines.join("\n");
}

const KINDS = [
  "news",
  "news",
  "news",
  "news",
  "feature",
  "press-release",
  "press-release",
  "statement",
  "media-advisory",
];
const OUTLETS = [
  "rferl-kazakh",
  "kazinform",
  "adb",
  "mfa-kazakhstan",
  "central-election-commission",
  "ecology-ministry",
];
const UNITS = ["people", "days", "hours", "kilometres", "percent", "points"];

export function generateProject(dir, count, seed = 1) {
  const repo = new URL("..", import.meta.url).pathname;
  const rng = random(seed);
  mkdirSync(join(dir, "data", "articles"), { recursive: true });
  cpSync(join(repo, "data", "outlets.yaml"), join(dir, "data", "outlets.yaml"));
  cpSync(join(repo, "locales"), join(dir, "locales"), { recursive: true });
  cpSync(join(repo, "templates"), join(dir, "templates"), { recursive: true });
  const seedWords = bundledWords(repo);
  const lexicons = Object.fromEntries(LOCALES.map((l) => [l, new Lexicon(rng, l, seedWords[l])]));
  const writer = new Writer(rng, lexicons);

  // The glossary: the bundled entries, then people and places made for the corpus (more of
  // them as the corpus grows, as a newsroom meets new names).
  const people = Array.from({ length: 20 + Math.ceil(count / 3) }, (_, i) => ({
    id: `person-${String(i + 1).padStart(4, "0")}`,
    names: person(rng),
    role: rng.int(0, ROLES.en.length - 1),
  }));
  const places = Array.from({ length: 10 + Math.ceil(count / 10) }, (_, i) => {
    const kk = kkName(rng, rng.int(2, 3)) + rng.pick(["", "", "тау", "көл", "өзек", "сай"]).replace(/^(.)/, (c) => c);
    const ru = spell(kk, KK_TO_RU);
    const en = spell(kk, KK_TO_EN).replace(/[А-ЯЁа-яё]/g, (c) => {
      const lower = c.toLowerCase();
      const latin = RU_TO_EN[lower] ?? lower;
      return c === lower ? latin : capital(latin);
    });
    return { id: `place-${String(i + 1).padStart(4, "0")}`, names: { kk, ru, en } };
  });
  const glossary = readFileSync(join(repo, "data", "glossary.yaml"), "utf8");
  const peopleYaml = people
    .map(
      (p) =>
        `  ${p.id}:\n` +
        LOCALES.map((l) => `    ${l}: { name: ${quote(p.names[l])}, role: ${quote(ROLES[l][p.role])} }`).join("\n"),
    )
    .join("\n");
  const placesYaml = places
    .map((p) => `  ${p.id}:\n` + LOCALES.map((l) => `    ${l}: { name: ${quote(p.names[l])} }`).join("\n"))
    .join("\n");
  writeFileSync(
    join(dir, "data", "glossary.yaml"),
    glossary.replace(/^people:\n/m, `people:\n${peopleYaml}\n`).replace(/^places:\n/m, `places:\n${placesYaml}\n`),
  );

  for (let i = 1; i <= count; i++) writeArticle({ dir, rng, writer, people, places, index: i });
  reviewTranslations(dir, undefined, LOCALES);
  return {
    vocabulary: Object.fromEntries(LOCALES.map((l) => [l, lexicons[l].known.size])),
    words: Object.fromEntries(LOCALES.map((l) => [l, lexicons[l].written])),
  };
}

function writeArticle({ dir, rng, writer, people, places, index }) {
  const id = `story-${String(index).padStart(5, "0")}`;
  const target = join(dir, "data", "articles", id);
  mkdirSync(target, { recursive: true });
  const kind = rng.pick(KINDS);
  const outlet = rng.pick(OUTLETS);
  const cast = Array.from({ length: rng.int(1, 4) }, () => rng.pick(people));
  const castIds = [...new Set(cast.map((p) => p.id))];
  const place = rng.pick(places);
  const day = new Date(Date.UTC(2019, 0, 1) + rng.int(0, 2550) * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  const names = (p) => p.names;

  const facts = [`id: ${id}`, `kind: ${kind}`, `published: "${date}"`, `dateline: ${place.id}`, `outlet: ${outlet}`];
  const texts = Object.fromEntries(LOCALES.map((l) => [l, {}]));
  const label = (field, key) => {
    for (const l of LOCALES) (texts[l][field] ??= {})[key] = writer.phrase(l);
  };

  if (kind !== "media-advisory" || rng.chance(0.5)) facts.push("people:", ...castIds.map((p) => `  - ${p}`));
  if (kind === "statement" && rng.chance(0.6)) facts.push(`speaker: ${castIds[0]}`);

  const figureCount = kind === "media-advisory" ? 0 : rng.int(0, 6);
  const figureIds = [];
  const figureUnits = [];
  if (figureCount) {
    facts.push("figures:");
    for (let f = 1; f <= figureCount; f++) {
      const unit = rng.pick(UNITS);
      // Percentages and points are figure types, not units of a count (figure/unknown-unit).
      const typed = unit === "percent" || unit === "points";
      const value = typed ? rng.int(1, 999) / 10 : rng.int(1, 5000);
      facts.push(`  - id: figure-${f}`, `    value: ${value}`, typed ? `    type: ${unit}` : `    unit: ${unit}`);
      if (rng.chance(0.3)) facts.push(`    qualifier: ${rng.pick(["about", "more-than", "at-least", "up-to"])}`);
      figureIds.push(`figure-${f}`);
      figureUnits.push(unit);
      label("figures", `figure-${f}`);
    }
  }
  if (figureIds.length >= 3 && rng.chance(0.4)) {
    // One scale for a chart's bars: the figures of the first one's unit (chart/mixed-units).
    const charted = figureIds.filter((_, k) => figureUnits[k] === figureUnits[0]).slice(0, 3);
    facts.push("charts:", "  - id: chart-1", "    kind: bar", `    figures: [${charted.join(", ")}]`);
    for (const l of LOCALES)
      texts[l].charts = { "chart-1": { title: writer.phrase(l), description: writer.phrase(l, 8, 16) } };
  }
  if (kind !== "media-advisory" && rng.chance(0.35)) {
    facts.push("timeline:");
    for (let t = 1, n = rng.int(2, 6); t <= n; t++) {
      facts.push(`  - id: event-${t}`, `    date: "${2010 + t + rng.int(0, 3)}-${pad(rng.int(1, 12))}"`);
      label("timeline", `event-${t}`);
    }
  }
  if (rng.chance(0.5)) {
    facts.push("links:");
    for (let k = 1, n = rng.int(1, 3); k <= n; k++) {
      facts.push(`  - id: source-${k}`, `    url: https://example.org/${id}/source-${k}`);
      label("links", `source-${k}`);
    }
  }
  if (kind === "media-advisory") {
    const start = `${date}T${pad(rng.int(9, 15))}:00:00+05:00`;
    facts.push(
      "event:",
      `  start: "${new Date(day.getTime() + 7 * 86_400_000).toISOString().slice(0, 10)}${start.slice(10)}"`,
      `  place: ${place.id}`,
      "  accreditation:",
      `    deadline: "${new Date(day.getTime() + 5 * 86_400_000).toISOString().slice(0, 10)}T18:00:00+05:00"`,
      `    email: press-${index}@example.org`,
    );
    for (const l of LOCALES) texts[l].event = { venue: writer.phrase(l), accreditation: writer.phrase(l, 10, 20) };
  }
  // Photos in about one article in four.
  if (rng.chance(0.25)) {
    facts.push("images:");
    for (let k = 1, n = rng.int(1, 2); k <= n; k++) {
      writeFileSync(join(target, `photo-${k}.png`), png(rng, rng.int(160, 360), rng.int(120, 240)));
      facts.push(`  - id: photo-${k}`, `    file: photo-${k}.png`, "    credit: { organization: afp }");
      for (const l of LOCALES)
        (texts[l].images ??= {})[`photo-${k}`] = { alt: writer.phrase(l, 6, 14), caption: writer.phrase(l, 6, 14) };
    }
  }
  // Key quotes: the same speakers in every language, each language's own words.
  const quotes = rng.chance(0.5) ? castIds.slice(0, rng.int(1, 2)) : [];
  for (const l of LOCALES)
    texts[l].quotes = quotes.length
      ? quotes.map((speaker) => ({ speaker, text: writer.phrase(l, 5, 14), context: writer.phrase(l, 4, 10) }))
      : undefined;

  // The body: paragraphs with numbers and names, a quoted sentence now and then, a table sometimes.
  const paragraphs = kind === "media-advisory" ? rng.int(2, 4) : kind === "feature" ? rng.int(8, 18) : rng.int(4, 14);
  const body = Object.fromEntries(LOCALES.map((l) => [l, []]));
  for (let p = 0; p < paragraphs; p++) {
    const who = rng.chance(0.4) ? [names(rng.pick(cast))] : [];
    const paragraph = writer.paragraph({ numbers: rng.int(0, 2), names: who });
    const quoted = rng.chance(0.2);
    for (const l of LOCALES)
      body[l].push(quoted ? `"${paragraph[l].replace(/\.$/, "")}," ${writer.phrase(l, 3, 6)}.` : paragraph[l]);
  }
  if (kind !== "media-advisory" && rng.chance(0.2)) {
    const rows = Array.from({ length: rng.int(2, 6) }, () => ({ value: number(rng), share: number(rng) }));
    const heads = Object.fromEntries(
      LOCALES.map((l) => [l, [writer.phrase(l, 1, 2), writer.phrase(l, 1, 3), writer.phrase(l, 1, 3)]]),
    );
    const names = rows.map(() => Object.fromEntries(LOCALES.map((l) => [l, writer.phrase(l, 1, 3)])));
    for (const l of LOCALES) {
      const caption = `${l === "kk" ? ":" : "Table:"} ${writer.phrase(l, 4, 10)}`;
      const table = [
        `| ${heads[l].join(" | ")} |`,
        "|:---|---:|---:|",
        ...rows.map((r, k) => `| ${names[k][l]} | ${writeNumber(r.value, l)} | ${writeNumber(r.share, l)} |`),
      ];
      body[l].splice(Math.min(2, body[l].length), 0, `${caption}\n\n${table.join("\n")}`);
    }
  }

  writeFileSync(join(target, "article.yaml"), `${facts.join("\n")}\n`);
  for (const l of LOCALES) {
    const fields = {
      ...(l === "en" ? {} : { source: "000000000000" }),
      headline: writer.phrase(l, 6, 14),
      standfirst: rng.chance(0.8) ? writer.phrase(l, 14, 30) + "." : undefined,
      ...texts[l],
    };
    writeFileSync(join(target, `${l}.md`), `${frontMatter(fields)}\n${body[l].join("\n\n")}\n`);
  }
}

/**
 * The seed story copied N times with a numbered headline ("№ 17 · "): every word after the first
 * article is one the caches have seen. Not a benchmark corpus; scripts/same-bytes.js edits these
 * copies (the seed's dateline, links and texts) to take other paths through the build.
 */
export function generateCopies(dir, count) {
  const repo = new URL("..", import.meta.url).pathname;
  const seed = "kazakhstan-rallies-2020-02-22";
  mkdirSync(join(dir, "data", "articles"), { recursive: true });
  for (const f of ["glossary.yaml", "outlets.yaml"]) cpSync(join(repo, "data", f), join(dir, "data", f));
  cpSync(join(repo, "locales"), join(dir, "locales"), { recursive: true });
  cpSync(join(repo, "templates"), join(dir, "templates"), { recursive: true });
  const files = Object.fromEntries(
    ["article.yaml", "en.md", "kk.md", "ru.md"].map((f) => [
      f,
      readFileSync(join(repo, "data", "articles", seed, f), "utf8"),
    ]),
  );
  for (let i = 1; i <= count; i++) {
    const id = `story-${String(i).padStart(5, "0")}`;
    const target = join(dir, "data", "articles", id);
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, "article.yaml"), files["article.yaml"].replace(`id: ${seed}`, `id: ${id}`));
    for (const locale of LOCALES)
      writeFileSync(
        join(target, `${locale}.md`),
        files[`${locale}.md`].replace(/^headline: (>-\n\s+)?/m, (m) => `${m}№ ${i} · `),
      );
  }
  reviewTranslations(dir, undefined, LOCALES);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count, seed] = process.argv.slice(2);
  if (!dir || !count) throw new Error("usage: node bench/generate.js <dir> <count> [seed=1]");
  const stats = generateProject(dir, Number(count), Number(seed ?? 1));
  for (const l of LOCALES) console.log(`${l}: ${stats.words[l]} words written, ${stats.vocabulary[l]} distinct`);
}
