import type { Translator } from "../i18n/translator.js";
import type { Figure } from "../validate/schema.js";
import { currencyAffixes, splitSign } from "./money.js";
import { writeNumber, writeRange, type NumberStyle, type WrittenNumber } from "./number.js";
import { fillTemplate, phraseVars, type Phrase } from "./phrase.js";
import { takesHyphenatedSuffix } from "../typography/rules.js";

/** What a figure's value is made of; the rest of a figure (id, places, period) is not formatted here. */
export type Quantity = Partial<
  Pick<
    Figure,
    | "type"
    | "value"
    | "change"
    | "qualifier"
    | "range"
    | "unit"
    | "currency"
    | "scale"
    | "equivalent"
    | "precision"
    | "signed"
    | "trend"
  >
>;

type Amount = number | { readonly from: number; readonly to: number };

const SCALE_FACTORS = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 } as const;

/**
 * A figure's value in a locale: "more than ₸10.8 trillion ($22.6 billion)", «более 21 человека»,
 * «10,8 трлн теңгеден астам», "from 4 to 2 hours", "rose by 7.2%". Numbers through Intl, words
 * and word order from the catalog (`units.json`); see docs/content-model.md, "Figures".
 */
export function formatQuantity(tr: Translator, q: Quantity): string {
  const style: NumberStyle = { precision: q.precision, signed: q.signed };
  if (q.change) return fromTo(tr, q, { frame: "change", ...q.change, style });
  const value = q.value ?? 0;
  let text: string;
  if (typeof value !== "number" && q.range === "from-to") {
    text = fromTo(tr, q, { frame: "range", ...value, style });
  } else if (q.trend && typeof value === "number") {
    const direction = value > 0 ? "rise" : value < 0 ? "fall" : "zero";
    text = fillTemplate(tr, `units:trend.${direction}`, phraseVars(phrase(tr, q, Math.abs(value), style)));
  } else if (q.qualifier) {
    text = qualified(tr, q, { amount: value, style, qualifier: q.qualifier });
  } else {
    text = phrase(tr, q, value, style).text;
  }
  text = framed(tr, q, text);
  if (q.type === "money" && q.equivalent) {
    const e = q.equivalent;
    const eq = moneyPhrase(tr, {
      currency: e.currency,
      scale: e.scale ?? q.scale,
      number: written(tr, e.value, { precision: q.precision }),
    });
    text = tr.t("units:equivalent", { value: text, equivalent: eq.text });
  }
  return text;
}

/** The size a chart draws: a value, a range's upper end, a change's new value, times its scale. */
export function quantityMagnitude(q: Quantity): number {
  const v = q.change ? q.change.to : q.value === undefined ? 0 : typeof q.value === "number" ? q.value : q.value.to;
  return v * (q.scale ? SCALE_FACTORS[q.scale] : 1);
}

interface FromTo {
  /** `change`: from one value to another ("from 4 to 2 hours"); `range`: between two ("from 5 to 10 people"). */
  readonly frame: "change" | "range";
  readonly from: number;
  readonly to: number;
  readonly style: NumberStyle;
}

/**
 * Two values in words, the unit written once where the locale says so: `units:<frame>.count`
 * for a count («с 4 до 2 часов», «от 5 до 10 человек», «5-тен 10 адамға дейін»),
 * `units:<frame>.unit-once` for a percentage, points or money whose words follow the number
 * («от 4 до 5 %», «с 1,2 до 2,5 трлн тенге», «4-тен 5%-ға дейін»: the first number bare, as
 * Russian and Kazakh editors write a span); `units:<frame>.any` otherwise, each value with its
 * unit or currency ("from 4% to 5%", "from ₸1.2 trillion to ₸2.5 trillion").
 */
function fromTo(tr: Translator, q: Quantity, how: FromTo): string {
  const from = phrase(tr, q, how.from, how.style);
  const to = phrase(tr, q, how.to, how.style);
  const count = `units:${how.frame}.count`;
  const once = `units:${how.frame}.unit-once`;
  const key =
    (q.type ?? "count") === "count" && tr.has(count)
      ? count
      : leadsWithNumber(from) && tr.has(once)
        ? once
        : `units:${how.frame}.any`;
  // A count in millions: a locale that writes the unit once writes the scale once too, after the
  // second number («от 5 до 10 млн человек»); one that does not repeats it ("from 5 million to 10
  // million people"), as it repeats money's.
  const first =
    q.scale && (q.type ?? "count") === "count" && !tr.has(once) ? scaled(tr, from.number, q.scale) : from.number;
  return fillTemplate(tr, key, {
    ...phraseVars(from, "from"),
    ...phraseVars(to, "to"),
    fromNumber: () => first.text,
    fromNumberAblative: () => tr.profile.numeralSuffix?.(first.spokenTail, "ablative") ?? "",
  });
}

/** Whether a phrase begins with its number ("4 %", "1,2 трлн тенге"; not "₸1.2 trillion"). */
function leadsWithNumber(p: Phrase): boolean {
  return p.text.startsWith(p.number.text);
}

/**
 * A rate's base around the whole phrase, qualifier and range included (`units:frame.<unit>`:
 * kk «100 000 адамға шаққанда {{value}}» → «100 000 адамға шаққанда шамамен 12 адам», not
 * «шамамен 100 000 адамға шаққанда 12 адам»).
 */
function framed(tr: Translator, q: Quantity, text: string): string {
  const key = `units:frame.${q.unit ?? ""}`;
  return (q.type ?? "count") === "count" && q.unit && tr.has(key) ? tr.t(key, { value: text }) : text;
}

interface Qualifying {
  readonly amount: Amount;
  readonly style: NumberStyle;
  readonly qualifier: NonNullable<Quantity["qualifier"]>;
}

/**
 * A qualifier over the whole phrase (`units:qualifier.<q>`: «более {{genitive}}», "{{ablative}}
 * астам": «5 км-ден астам», «3 сағаттан астам»), or, for a unit whose locale counts things
 * with it and puts the qualifier on the numeral (`units:qualifier-numeral.<unit>.<q>`: kk
 * people "{{value}}-{{ablative}} астам" → «100-ден астам адам»), on the number inside the unit.
 */
function qualified(tr: Translator, q: Quantity, how: Qualifying): string {
  const numeral = `units:qualifier-numeral.${q.unit ?? ""}.${how.qualifier}`;
  if ((q.type ?? "count") === "count" && q.unit && tr.has(numeral)) {
    const n = countNumber(tr, q, written(tr, how.amount, how.style));
    const ablative = tr.profile.numeralSuffix?.(n.spokenTail, "ablative") ?? "";
    return unitForm(tr, q, { ...n, text: joinSuffix(n, tr.t(numeral, { value: n.text, ablative })) }).text;
  }
  return fillTemplate(tr, `units:qualifier.${how.qualifier}`, phraseVars(phrase(tr, q, how.amount, how.style)));
}

function written(tr: Translator, amount: Amount, style: NumberStyle): WrittenNumber {
  return typeof amount === "number"
    ? writeNumber(tr.locale, amount, style)
    : writeRange(tr.locale, amount.from, amount.to, style);
}

function phrase(tr: Translator, q: Quantity, amount: Amount, style: NumberStyle): Phrase {
  const number = written(tr, amount, style);
  if (q.type === "money") return moneyPhrase(tr, { currency: q.currency ?? "XXX", scale: q.scale, number });
  // The phrase's number is the digits alone, as money's: a range writes them bare before the scale («от 5 до 10 млн»).
  return { ...unitForm(tr, q, countNumber(tr, q, number)), number };
}

/** A scaled number: its text, and what grammar needs to know about it. */
interface ScaledNumber extends WrittenNumber {
  /** The scale's word as the catalog writes it («млн», «мың»), which a case suffix follows. */
  readonly scaleWord?: string;
}

/** A count's number, in its scale when it has one ("20.4 million", «20,4 млн»). */
function countNumber(tr: Translator, q: Quantity, number: WrittenNumber): ScaledNumber {
  return q.scale ? scaled(tr, number, q.scale) : number;
}

const scaleCategories = new Map<string, Intl.LDMLPluralRule>();

/**
 * A number in a scale, for a count: the scale word from the catalog (`units:scale.million`,
 * "20.4 million", «20,4 млн»), and the grammar of the scale word rather than of the digits
 * before it. The thing counted agrees with the scale, a whole million, whatever the digits: its
 * plural category is that of the scale's own number ("1 million people", ru «1 млн человек»,
 * «21 млн человек», «1,5 млн человек»: the genitive plural, category many, in every case, as
 * «миллион» governs it; kk «1 млн адам», the singular after any numeral), and a kk case suffix
 * is the scale word's («60 млн-нан»: миллион → -нан; «1 млрд-қа»: миллиард → -қа).
 */
function scaled(tr: Translator, number: WrittenNumber, scale: NonNullable<Quantity["scale"]>): ScaledNumber {
  const factor = SCALE_FACTORS[scale];
  const key = `${tr.locale}:${scale}`;
  let category = scaleCategories.get(key);
  if (!category) scaleCategories.set(key, (category = new Intl.PluralRules(tr.locale).select(factor)));
  const scaleWord = tr.t(`units:scale.${scale}`, { value: "" }).trim();
  return { text: tr.t(`units:scale.${scale}`, { value: number.text }), category, spokenTail: factor, scaleWord };
}

/**
 * A catalog writes a suffix on a number after a hyphen («{{value}}-{{ablative}}»: «60-тан»,
 * «60 млн-нан»); a scale word written in full takes it directly, as Kazakh spells a word
 * («60 мыңнан», not «60 мың-нан»).
 */
function joinSuffix(number: ScaledNumber, text: string): string {
  const word = number.scaleWord;
  return word && !takesHyphenatedSuffix(word) ? text.split(`${number.text}-`).join(number.text) : text;
}

/**
 * A count's unit, or the `percent` and `points` units every catalog has. In a language whose
 * numerals take case suffixes, the forms are also given the number's own (`{{ablative}}`,
 * `{{dative}}`), for a unit that leaves the thing counted to the label and so declines its
 * digits: kk `per-100k-people` «{{value}}-{{ablative}}» → «12,2-ден», «{{value}}-{{dative}}» → «5-ке».
 */
function unitForm(tr: Translator, q: Quantity, number: ScaledNumber): Phrase {
  const key = q.type === undefined || q.type === "count" ? (q.unit ?? "") : q.type;
  const suffix = tr.profile.numeralSuffix;
  const vars = suffix
    ? {
        value: number.text,
        ablative: suffix(number.spokenTail, "ablative"),
        dative: suffix(number.spokenTail, "dative"),
      }
    : { value: number.text };
  const form = (prefix: string) => joinSuffix(number, tr.t(`units:${prefix}${key}_${number.category}`, vars));
  return { text: form(""), inCase: (c) => form(`${c}.`), number };
}

interface MoneyParts {
  readonly currency: string;
  readonly scale: Quantity["scale"];
  readonly number: WrittenNumber;
}

/**
 * Money: the scale word from the catalog (`units:scale.trillion`: "trillion", «трлн»), then the
 * currency from the catalog where the locale has words for it (`units:currency.USD`: «долл. США»,
 * `units:currency.KZT`: «теңге», with case forms `ablative.currency.KZT` …), otherwise CLDR's
 * symbol where CLDR puts it ("₸1.2 trillion", «1,2 трлн ₸»). Symbols do not decline.
 */
function moneyPhrase(tr: Translator, parts: MoneyParts): Phrase {
  const { sign, digits } = splitSign(parts.number.text);
  const amount = parts.scale ? tr.t(`units:scale.${parts.scale}`, { value: digits }) : digits;
  const words = `units:currency.${parts.currency}`;
  if (tr.has(words)) {
    const text = sign + tr.t(words, { value: amount });
    return {
      text,
      inCase: (c) => {
        const key = `units:${c}.currency.${parts.currency}`;
        return tr.has(key) ? sign + tr.t(key, { value: amount }) : text;
      },
      number: parts.number,
    };
  }
  const { prefix, suffix } = currencyAffixes(tr.locale, parts.currency);
  const text = `${sign}${prefix}${amount}${suffix}`;
  return { text, inCase: () => text, number: parts.number };
}
