import { describe, expect, it } from "vitest";
import { arrayBytes, BoundedCache, ENTRY_OVERHEAD_BYTES, stringBytes } from "../src/core/boundedCache.js";
import { createFontStack } from "../src/fonts/fontStack.js";
import { shapedWordBytes, shapeWord } from "../src/fonts/shape.js";

/** A cache of strings whose entries weigh what their text does (plus the cache's overhead). */
function textCache(maxBytes: number) {
  let made = 0;
  const cache = new BoundedCache<object, string, string>({
    maxBytes,
    sizeOf: (key, value) => key.length + value.length,
  });
  const get = (owner: object, key: string, value = key) =>
    cache.get(owner, key, () => {
      made++;
      return value;
    });
  return { cache, get, made: () => made };
}

describe("BoundedCache", () => {
  it("makes a value once per owner and key", () => {
    const { get, made } = textCache(10_000);
    const a = {};
    const b = {};
    expect(get(a, "word")).toBe("word");
    expect(get(a, "word")).toBe("word");
    expect(made()).toBe(1);
    get(b, "word");
    expect(made()).toBe(2);
  });

  it("evicts by bytes, not by entries: a few large values take the room of many small ones", () => {
    const entry = (chars: number) => 2 * chars + ENTRY_OVERHEAD_BYTES;
    const budget = 10 * entry(1_000);
    const { cache, get, made } = textCache(budget);
    const owner = {};
    // 100 small entries fit (100 × 114 bytes is under the budget of ten large ones)...
    for (let i = 0; i < 100; i++) get(owner, `s${String(i).padStart(8, "0")}`.slice(0, 9));
    expect(cache.size).toBe(100);
    expect(cache.bytes).toBe(100 * entry(9));
    // ...and ten large entries push most of them out: the bytes stay within the budget.
    for (let i = 0; i < 10; i++) get(owner, `L${i}`.padEnd(1_000, "x"));
    expect(cache.bytes).toBeLessThanOrEqual(budget);
    expect(cache.size).toBeLessThan(30);
    const before = made();
    get(owner, "s00000000"); // the oldest small entry was dropped: made again
    expect(made()).toBe(before + 1);
  });

  it("keeps the entries in use: the least recently used go first", () => {
    const budget = 4 * (2 * 4 + ENTRY_OVERHEAD_BYTES);
    const { cache, get, made } = textCache(budget);
    const owner = {};
    for (const k of ["aaaa", "bbbb", "cccc", "dddd"]) get(owner, k);
    get(owner, "aaaa"); // used again: it gets a second chance
    get(owner, "eeee"); // one must go: not "aaaa", but "bbbb", the oldest unused
    expect(cache.size).toBe(4);
    const before = made();
    get(owner, "aaaa");
    expect(made()).toBe(before);
    get(owner, "bbbb");
    expect(made()).toBe(before + 1);
  });

  it("counts every owner's entries against one budget, and keeps no value larger than the budget", () => {
    const budget = 3 * (2 * 4 + ENTRY_OVERHEAD_BYTES);
    const { cache, get } = textCache(budget);
    get({}, "aaaa");
    get({}, "bbbb");
    get({}, "cccc");
    get({}, "dddd");
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBeLessThanOrEqual(budget);
    expect(get({}, "x".repeat(1_000))).toBe("x".repeat(1_000));
    expect(cache.size).toBe(3);
    cache.clear();
    expect([cache.size, cache.bytes]).toEqual([0, 0]);
  });
});

describe("the bytes of a cached entry", () => {
  it("grow with the text, two bytes a character for Cyrillic", () => {
    expect(stringBytes("almaty")).toBe(16 + 8);
    expect(stringBytes("алматы")).toBe(16 + 16);
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
