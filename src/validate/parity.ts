import { pointerOf } from "../core/diagnostic.js";
import { placeOf } from "../core/source.js";
import { builtInProfile, type Locale } from "../locale/index.js";
import type { ArticleText } from "./content.js";
import { currenciesNamed, currencyOf } from "./currencies.js";
import { readNumbers, type NumberToken } from "./numbers.js";
import type { RuleContext } from "./rules.js";

/** Properties of an `ArticleText` that are not text of the front matter. */
const NOT_TEXT = new Set(["locale", "file", "body", "bodyLine", "yaml", "source", "unmatchedNumbers"]);

/** One text of a locale file: the body, or a string of the front matter at `path`. */
interface TextField {
  /** How messages and `unmatchedNumbers` name it: `body`, `standfirst`, `figures.<id>`, `quotes.0.text`. */
  readonly name: string;
  readonly path: readonly (string | number)[];
  readonly text: string;
}

function collect(value: unknown, path: (string | number)[], out: TextField[]): void {
  if (typeof value === "string") out.push({ name: path.join("."), path, text: value });
  else if (Array.isArray(value)) value.forEach((item, i) => collect(item, [...path, i], out));
  else if (typeof value === "object" && value !== null)
    for (const [key, item] of Object.entries(value)) collect(item, [...path, key], out);
}

/**
 * Every text field of a locale file, whatever the front matter holds (headline, standfirst,
 * labels, chart titles, quotes and their context, and what later fields add), then the body.
 */
export function textFields(text: ArticleText): TextField[] {
  const out: TextField[] = [];
  for (const [key, value] of Object.entries(text)) if (!NOT_TEXT.has(key)) collect(value, [key], out);
  out.push({ name: "body", path: [], text: text.body });
  return out;
}

/**
 * The numbers a field writes, read once per text: both rules compare them, a translation's
 * against the source's and each money figure's against them all (reading the body again for
 * every translation and every figure: `numberParity` was 566 ms of a worker's 1,078 ms of
 * validation on 250 generated articles, --cpu-prof). Kept with the text, which the article's
 * content owns.
 */
const numbersRead = new WeakMap<ArticleText, Map<string, NumberToken[]>>();

function fieldNumbers(text: ArticleText, field: TextField): NumberToken[] {
  let fields = numbersRead.get(text);
  if (!fields) numbersRead.set(text, (fields = new Map()));
  let numbers = fields.get(field.name);
  if (!numbers) fields.set(field.name, (numbers = readNumbers(field.text, text.locale)));
  return numbers;
}

/** What a translation's field writes against the source's: numbers only one of them has, and the pairs. */
interface Difference {
  readonly missing: NumberToken[];
  readonly extra: NumberToken[];
  /** Each source number with the translation's number of the same value: [source, translation]. */
  readonly pairs: [NumberToken, NumberToken][];
}

/**
 * Cells of the longest-common-sequence table at most (4 bytes each): beyond it the middle part
 * of two texts is aligned by value alone. An annex of 34,000 numbers took the whole table, 4.3
 * GB for 24,000, and the process died of it (a red-team test, 2026-12-04).
 */
const LCS_CELLS = 4_000_000;

/**
 * The multisets of values compared: what is left over on either side once every number of the
 * source has an equal number in the translation. Which occurrence is left over follows the
 * order of the texts (their longest common sequence of values), so that a dropped or added
 * number is reported where it was dropped or added. The numbers both texts begin and end with,
 * in the same order, are paired first (most translations keep every number in place); only
 * what lies between is aligned, by its longest common sequence while that is small enough.
 */
function compareNumbers(source: readonly NumberToken[], own: readonly NumberToken[]): Difference {
  let start = 0;
  while (start < source.length && start < own.length && source[start]!.key === own[start]!.key) start++;
  let end = 0;
  while (
    end < source.length - start &&
    end < own.length - start &&
    source[source.length - 1 - end]!.key === own[own.length - 1 - end]!.key
  )
    end++;
  const s = source.slice(start, source.length - end);
  const o = own.slice(start, own.length - end);
  const middle = s.length * o.length <= LCS_CELLS ? alignInOrder(s, o) : alignByValue(s, o);
  const pairs: [NumberToken, NumberToken][] = [
    ...source.slice(0, start).map((n, k) => [n, own[k]!] as [NumberToken, NumberToken]),
    ...middle.pairs,
    ...source.slice(source.length - end).map((n, k) => [n, own[own.length - end + k]!] as [NumberToken, NumberToken]),
  ];
  // A number that moved is in both lists: it is still written, so it is no difference. Each
  // extra one, from the last, takes the first missing one of its value.
  const waiting = new Map<number | string, { readonly list: NumberToken[]; next: number }>();
  for (const n of middle.missing) {
    const found = waiting.get(n.key);
    if (found) found.list.push(n);
    else waiting.set(n.key, { list: [n], next: 0 });
  }
  const moved = new Set<NumberToken>();
  for (let k = middle.extra.length - 1; k >= 0; k--) {
    const extra = middle.extra[k]!;
    const found = waiting.get(extra.key);
    if (found && found.next < found.list.length) {
      const missing = found.list[found.next++]!;
      pairs.push([missing, extra]);
      moved.add(missing).add(extra);
    }
  }
  return {
    missing: middle.missing.filter((n) => !moved.has(n)),
    extra: middle.extra.filter((n) => !moved.has(n)),
    pairs,
  };
}

/** The two lists aligned by their longest common sequence of values. */
function alignInOrder(source: readonly NumberToken[], own: readonly NumberToken[]): Difference {
  const same = (i: number, j: number) => source[i]!.key === own[j]!.key;
  // lcs[i][j]: the longest common sequence of source[i..] and own[j..].
  const lcs = Array.from({ length: source.length + 1 }, () => new Uint32Array(own.length + 1));
  for (let i = source.length - 1; i >= 0; i--)
    for (let j = own.length - 1; j >= 0; j--)
      lcs[i]![j] = same(i, j) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const missing: NumberToken[] = [];
  const extra: NumberToken[] = [];
  const pairs: [NumberToken, NumberToken][] = [];
  let [i, j] = [0, 0];
  while (i < source.length || j < own.length) {
    if (i < source.length && j < own.length && same(i, j)) {
      pairs.push([source[i]!, own[j]!]);
      [i, j] = [i + 1, j + 1];
    } else if (j >= own.length || (i < source.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) missing.push(source[i++]!);
    else extra.push(own[j++]!);
  }
  return { missing, extra, pairs };
}

/** The two lists paired by value alone, each source number with the translation's first unpaired equal one. */
function alignByValue(source: readonly NumberToken[], own: readonly NumberToken[]): Difference {
  const byValue = new Map<number | string, { readonly list: NumberToken[]; next: number }>();
  for (const n of own) {
    const found = byValue.get(n.key);
    if (found) found.list.push(n);
    else byValue.set(n.key, { list: [n], next: 0 });
  }
  const missing: NumberToken[] = [];
  const pairs: [NumberToken, NumberToken][] = [];
  for (const n of source) {
    const found = byValue.get(n.key);
    if (found && found.next < found.list.length) pairs.push([n, found.list[found.next++]!]);
    else missing.push(n);
  }
  const extra = [...byValue.values()].flatMap(({ list, next }) => list.slice(next));
  return { missing, extra: extra.sort((a, b) => a.index - b.index), pairs };
}

/** Removes from `difference` one number per allowed value; returns the allowed values nothing used. */
function applyAllowance(difference: Difference, allowed: readonly number[]): number[] {
  const unused: number[] = [];
  for (const value of allowed) {
    const list = [difference.extra, difference.missing].find((l) => l.some((n) => n.value === value));
    if (list)
      list.splice(
        list.findIndex((n) => n.value === value),
        1,
      );
    else unused.push(value);
  }
  return unused;
}

/** 1-based line and column of `index` in a text that starts at `firstLine`. */
function placeIn(text: string, index: number, firstLine: number) {
  const { line, column } = placeOf(text, index);
  return { line: firstLine + line - 1, column };
}

const HINT =
  "Numbers are facts: every locale writes the same values, each in its own typography (291,49 in kk and ru is " +
  "291.49 in en). Correct the translation; if this number is meant to differ, list its value under " +
  "`unmatchedNumbers:` for this field in the front matter.";

/**
 * A translation writes the same numbers as the source in every text field, compared as values
 * read in each locale's own way (`translation/number-mismatch`); a decimal written with the
 * other convention's mark is a typography warning (`typography/decimal-mark`).
 */
export function numberParity(ctx: RuleContext): void {
  const sourceLocale = ctx.source;
  const source = ctx.article.texts[sourceLocale];
  for (const text of Object.values(ctx.article.texts)) {
    const fields = textFields(text);
    const scope = { file: text.file, locale: text.locale, article: ctx.article.id };
    const fieldAt = (field: TextField) =>
      field.name === "body"
        ? { ...scope, line: text.bodyLine, column: 1 }
        : { ...scope, pointer: pointerOf([...field.path]), ...text.yaml.locate([...field.path]) };
    const numberAt = (field: TextField, n: NumberToken) =>
      field.name === "body" ? { ...scope, ...placeIn(text.body, n.index, text.bodyLine) } : fieldAt(field);
    const numbers = new Map(fields.map((f) => [f.name, fieldNumbers(text, f)]));

    for (const field of fields) {
      for (const n of numbers.get(field.name) ?? []) {
        if (n.foreignDecimal && !inForeignQuotes(field.text, n.index, text.locale))
          decimalMark(ctx, { at: numberAt(field, n), n, locale: text.locale, field: field.name });
      }
    }
    if (!source || text.locale === sourceLocale) continue;

    const allowances = new Map(Object.entries(text.unmatchedNumbers ?? {}));
    const sourceFields = new Map(textFields(source).map((f) => [f.name, f]));
    for (const field of fields) {
      const counterpart = sourceFields.get(field.name);
      if (!counterpart) continue; // a label or quote the source lacks is reported by its own rule
      const sourceNumbers = fieldNumbers(source, counterpart);
      const difference = compareNumbers(sourceNumbers, numbers.get(field.name) ?? []);
      const allowed = allowances.get(field.name);
      if (allowed) allowances.set(field.name, applyAllowance(difference, allowed));
      const label = field.name === "body" ? "body" : `\`${field.name}\``;
      const sourcePlace = (n: NumberToken) => {
        const place =
          field.name === "body"
            ? placeIn(source.body, n.index, source.bodyLine)
            : source.yaml.locate([...counterpart.path]);
        return place.line === undefined ? source.file : `${source.file}:${place.line}:${place.column}`;
      };
      for (const [was, n] of difference.pairs) {
        const theirs = currencyOf(counterpart.text, was, sourceLocale);
        const ours = currencyOf(field.text, n, text.locale);
        if (theirs === undefined || ours === undefined || theirs === ours) continue;
        ctx.diagnostics.error({
          ...numberAt(field, n),
          code: "translation/currency-mismatch",
          message: `The ${text.locale} ${label} writes ${n.text} in ${ours} where the ${sourceLocale} ${label} writes ${was.text} in ${theirs} (${sourcePlace(was)})`,
          hint: `A sum keeps its currency in every language: write it in ${theirs}, as ${sourceLocale} does (or correct ${sourceLocale}).`,
          expected: theirs,
          actual: ours,
        });
      }
      const { missing, extra } = difference;
      extra.forEach((n, i) => {
        const was = missing[i];
        ctx.diagnostics.error({
          ...numberAt(field, n),
          code: "translation/number-mismatch",
          message: was
            ? `The ${text.locale} ${label} writes ${n.text} where the ${sourceLocale} ${label} writes ${was.text} (${sourcePlace(was)})`
            : `The ${text.locale} ${label} writes ${n.text}, which the ${sourceLocale} ${label} does not`,
          hint: HINT,
          ...(was ? { expected: was.text } : {}),
          actual: n.text,
        });
      });
      for (const n of missing.slice(extra.length)) {
        ctx.diagnostics.error({
          ...fieldAt(field),
          code: "translation/number-mismatch",
          message: `The ${text.locale} ${label} lacks ${n.text}, which the ${sourceLocale} ${label} writes (${sourcePlace(n)})`,
          hint: HINT,
          expected: n.text,
        });
      }
    }
    for (const [name, unused] of allowances) {
      if (!unused.length) continue;
      const path = ["unmatchedNumbers", name];
      ctx.diagnostics.warn({
        ...scope,
        pointer: pointerOf(path),
        ...text.yaml.locate(path),
        code: "translation/unused-allowance",
        message: sourceFields.has(name)
          ? `\`unmatchedNumbers\` allows ${unused.join(", ")} in \`${name}\`, which writes the same numbers as ${sourceLocale} without it`
          : `\`unmatchedNumbers\` names \`${name}\`, which is not a text field of both ${text.locale} and ${sourceLocale}`,
        hint: "Remove the allowance, so that a later change of this number is reported.",
      });
    }
  }
}

/**
 * Whether a number stands inside «…» in a text whose language quotes otherwise (English): a
 * title quoted in its own language, «Қазақстан халқының саны 20,4 миллион…» in an English link
 * label, keeps that language's decimal mark, and a label cannot say it is in another language
 * (real material: the warning failed `check --strict` with nothing to fix).
 */
function inForeignQuotes(text: string, index: number, locale: Locale): boolean {
  const quotes = builtInProfile(locale)?.quotes;
  if (!quotes || [...quotes.primary, ...quotes.nested].includes("«")) return false;
  // Searched in the marks' places, kept for the last text: searching the text back from each
  // number took seconds for a body of tens of thousands of them (red team).
  if (guillemets?.text !== text) {
    const at = (mark: string) => [...text.matchAll(new RegExp(mark, "g"))].map((m) => m.index);
    guillemets = { text, opens: at("«"), closes: at("»") };
  }
  const { opens, closes } = guillemets;
  const open = lastBefore(opens, index);
  return open >= 0 && lastBefore(closes, index) < open && (closes.at(-1) ?? -1) >= index;
}

let guillemets: { readonly text: string; readonly opens: number[]; readonly closes: number[] } | undefined;

/** The greatest of ascending `places` at or before `index`, or -1. */
function lastBefore(places: readonly number[], index: number): number {
  let [low, high] = [0, places.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((places[mid] ?? 0) <= index) low = mid + 1;
    else high = mid;
  }
  return places[low - 1] ?? -1;
}

interface DecimalMark {
  readonly at: { file: string; locale: Locale; article: string; line?: number; column?: number; pointer?: string };
  readonly n: NumberToken;
  readonly locale: Locale;
  readonly field: string;
}

function decimalMark(ctx: RuleContext, { at, n, locale, field }: DecimalMark): void {
  const comma = n.text.includes(".");
  const fixed = comma ? n.text.replace(".", ",") : n.text.replace(",", ".");
  ctx.diagnostics.warn({
    ...at,
    code: "typography/decimal-mark",
    message: `The ${locale} ${field === "body" ? "body" : `\`${field}\``} writes ${n.text} with a decimal ${comma ? "point" : "comma"}; ${locale} writes ${fixed}`,
    hint: `In ${locale}, the decimal mark is ${comma ? "a comma" : "a point"}. The number is read as ${n.value} meanwhile.`,
    actual: n.text,
    expected: fixed,
  });
}

/**
 * A money figure's currency is a fact: a text that writes its value in another currency, or a
 * label that names another currency, contradicts it (`figure/currency-mismatch`), in any
 * locale, the source included. Its `equivalent`'s currency is named too, rightly.
 */
export function figureCurrencies(ctx: RuleContext): void {
  const money = ctx.article.facts.figures.filter((f) => f.type === "money" && f.currency !== undefined);
  if (!money.length) return;
  for (const text of Object.values(ctx.article.texts)) {
    const scope = { file: text.file, locale: text.locale, article: ctx.article.id };
    const fields = textFields(text);
    for (const f of money) {
      const allowed = new Set([f.currency, f.equivalent?.currency]);
      const values = new Set(
        [f.value, f.change].flatMap((v) => (v === undefined ? [] : typeof v === "number" ? [v] : [v.from, v.to])),
      );
      const report = (at: object, named: string, what: string) =>
        ctx.diagnostics.error({
          ...scope,
          ...at,
          code: "figure/currency-mismatch",
          message: `${what} in ${named}, and figure \`${f.id}\` is in ${[...allowed].filter(Boolean).join(" and ")}`,
          hint: `The figure's currency is \`currency: ${f.currency ?? ""}\` in article.yaml: correct the text, or the figure.`,
          expected: f.currency ?? "",
          actual: named,
        });
      const labelPath = ["figures", f.id];
      const label = text.figures[f.id];
      for (const named of label === undefined ? [] : currenciesNamed(label, text.locale)) {
        if (allowed.has(named)) continue;
        report(
          { pointer: pointerOf(labelPath), ...text.yaml.locate(labelPath) },
          named,
          `The ${text.locale} label of figure \`${f.id}\` names a sum`,
        );
      }
      for (const field of fields) {
        for (const n of fieldNumbers(text, field)) {
          if (!values.has(n.value)) continue;
          const named = currencyOf(field.text, n, text.locale);
          if (named === undefined || allowed.has(named)) continue;
          const at =
            field.name === "body"
              ? placeIn(text.body, n.index, text.bodyLine)
              : { pointer: pointerOf([...field.path]), ...text.yaml.locate([...field.path]) };
          report(
            at,
            named,
            `The ${text.locale} ${field.name === "body" ? "body" : `\`${field.name}\``} writes ${n.text}`,
          );
        }
      }
    }
  }
}
