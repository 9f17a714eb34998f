import { describe, expect, it } from "vitest";
import { arrayBytes, BoundedCache, ENTRY_OVERHEAD_BYTES, memoizeFew, stringBytes } from "../src/core/boundedCache.js";
import { createFontStack } from "../src/fonts/fontStack.js";
import { shapedWordBytes, shapeWord } from "../src/fonts/shape.js";
import { HYPHENATION_BYTES, HYPHENATION_CACHE, hyphenationPoints } from "../src/typography/hyphenate.js";

/** A cache of strings whose entries weigh what their text does (plus a map entry's overhead). */
function textCache(maxBytes: number) {
  let made = 0;
  const cache = new BoundedCache<object, string, string>({
    maxBytes,
    sizeOf: (key, value) => key.length + value.length,
  });
  const get = (owner: object, key: string) =>
    cache.get(owner, key, () => {
      made++;
      return key;
    });
  return { cache, get, made: () => made };
}

/** What an entry of `textCache` weighs. */
const weight = (chars: number) => 2 * chars + ENTRY_OVERHEAD_BYTES;

describe("BoundedCache", () => {
  it("makes a value once per owner and key", () => {
    const { cache, get, made } = textCache(10_000);
    const a = {};
    const b = {};
    expect(get(a, "word")).toBe("word");
    expect(get(a, "word")).toBe("word");
    expect(made()).toBe(1);
    get(b, "word");
    expect(made()).toBe(2);
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
  });

  it("keeps a value made as undefined or null, and gives it back as made", () => {
    const cache = new BoundedCache<object, string, string | null | undefined>({
      maxBytes: 1_000,
      sizeOf: (key, value) => key.length + (value?.length ?? 0),
    });
    const owner = {};
    let made = 0;
    const get = (key: string, value: string | null | undefined) =>
      cache.get(owner, key, () => {
        made++;
        return value;
      });
    expect(get("none", undefined)).toBeUndefined();
    expect(get("none", "other")).toBeUndefined();
    expect(get("null", null)).toBeNull();
    expect(get("null", "other")).toBeNull();
    expect(made).toBe(2);
    expect([cache.hits, cache.misses]).toEqual([2, 2]);
  });

  it("evicts by bytes, not by entries: a few large values take the room of many small ones", () => {
    const budget = 10 * weight(1_000);
    const { cache, get, made } = textCache(budget);
    const owner = {};
    // 100 small entries fit (100 × 50 bytes is a tenth of the budget)...
    for (let i = 0; i < 100; i++) get(owner, `s${String(i).padStart(8, "0")}`);
    expect(cache.size).toBe(100);
    expect(cache.bytes).toBe(100 * weight(9));
    // ...and twelve large ones push them all out: the bytes stay within the budget.
    for (let i = 0; i < 12; i++) get(owner, `L${i}`.padEnd(1_000, "x"));
    expect(cache.bytes).toBeLessThanOrEqual(budget);
    expect(cache.size).toBeLessThan(12);
    const before = made();
    get(owner, "s00000000");
    expect(made()).toBe(before + 1); // dropped, so made again
  });

  it("keeps the entries in use: one asked for again survives what was not", () => {
    const budget = 8 * weight(4); // two generations of four entries
    const { cache, get, made } = textCache(budget);
    const owner = {};
    for (const k of ["aaaa", "bbbb", "cccc", "dddd"]) get(owner, k);
    for (const k of ["eeee", "ffff", "gggg", "hhhh"]) get(owner, k); // the first four are now old
    get(owner, "aaaa"); // in use: back into the young generation
    for (const k of ["iiii", "jjjj", "kkkk"]) get(owner, k); // the old generation goes
    expect(cache.bytes).toBeLessThanOrEqual(budget);
    const before = made();
    get(owner, "aaaa");
    expect(made()).toBe(before);
    get(owner, "bbbb");
    expect(made()).toBe(before + 1);
  });

  it("counts every owner's entries against one budget, and keeps no value larger than half of it", () => {
    const budget = 4 * weight(4);
    const { cache, get } = textCache(budget);
    const owners = Array.from({ length: 10 }, () => ({}));
    for (const owner of owners) get(owner, "word");
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.bytes).toBeLessThanOrEqual(budget);
    const before = cache.size;
    expect(get({}, "x".repeat(1_000))).toBe("x".repeat(1_000));
    expect(cache.size).toBe(before);
    cache.clear();
    expect([cache.size, cache.bytes]).toEqual([0, 0]);
  });
});

describe("memoizeFew", () => {
  it("computes each key once, undefined answers too, and past its limit computes without keeping", () => {
    const asked: string[] = [];
    const region = memoizeFew((tag: string) => {
      asked.push(tag);
      return tag === "und" ? undefined : tag.toUpperCase();
    }, 3);
    expect(["kk", "ru", "kk", "und", "und", "ru"].map(region)).toEqual(["KK", "RU", "KK", undefined, undefined, "RU"]);
    expect(asked).toEqual(["kk", "ru", "und"]);
    expect(["en", "en"].map(region)).toEqual(["EN", "EN"]);
    expect(asked).toEqual(["kk", "ru", "und", "en", "en"]);
  });
});

describe("the bytes of a cached entry", () => {
  it("grow with the text and the arrays", () => {
    expect(stringBytes("almaty")).toBe(16 + 16);
    expect(stringBytes("алматы-алматы")).toBe(16 + 32);
    expect(arrayBytes(10)).toBe(48 + 80);
  });

  it("of a shaped word grow with its glyphs: a long Kazakh word weighs more than a short English one", () => {
    const fonts = createFontStack();
    const face = fonts.faces()[0]!;
    const short = shapeWord(fonts, face, "law");
    const long = shapeWord(fonts, face, "мемлекеттіктерінің");
    expect(shapedWordBytes("мемлекеттіктерінің", long)).toBeGreaterThan(2 * shapedWordBytes("law", short));
    expect(fonts.shapedWords.bytes).toBe(
      shapedWordBytes("law", short) + shapedWordBytes("мемлекеттіктерінің", long) + 2 * ENTRY_OVERHEAD_BYTES,
    );
  });
});

describe("hyphenation's memory", () => {
  it("stays bounded over a vocabulary larger than its budget, and the points stay the same", () => {
    const before = hyphenationPoints("правительство", "ru");
    expect(before.length).toBeGreaterThan(0);
    // 30,000 distinct Russian words: past HYPHENATION_BYTES, so the cache drops words on the
    // way (the patterns are walked without a cache of their own).
    const letters = "бвгдклмнпрст";
    const words = new Set<string>();
    for (let i = 0; i < 30_000; i++) {
      let stem = ""; // i in base 12, a syllable a digit: every word differs
      for (let n = i, k = 0; k < 5; n = Math.floor(n / letters.length), k++)
        stem += letters.charAt(n % letters.length) + "ао".charAt(k % 2);
      words.add(stem);
      hyphenationPoints(`${stem}ение`, "ru");
    }
    expect(words.size).toBe(30_000);
    expect(HYPHENATION_CACHE.bytes).toBeLessThanOrEqual(HYPHENATION_BYTES);
    expect(hyphenationPoints("правительство", "ru")).toEqual(before);
  });
});
