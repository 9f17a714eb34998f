/**
 * A per-owner memo bounded by bytes: values are made once per (owner, key) and kept while all
 * owners' entries together stay within `maxBytes`; past it, the entries least recently used are
 * dropped first (the clock algorithm: an entry used since the hand last passed gets a second
 * chance). The rendering caches (shaped words, text operators, measured runs, hyphenation
 * points) use it, so a long batch of varied text neither recomputes the hot words nor grows with
 * the long tail of rare ones: a count of entries would not bound memory, a long Kazakh word in
 * two-byte characters weighing several times a short English one.
 *
 * Bytes are estimates of what V8 keeps for an entry (`sizeOf`, built from `stringBytes` and
 * `arrayBytes` below), not measurements; what matters is that they grow with what is kept.
 */
export interface CacheBound<Key, Value> {
  /** The budget of every owner's entries together. */
  readonly maxBytes: number;
  /** The bytes an entry keeps alive: key, value and the cache's own bookkeeping. */
  readonly sizeOf: (key: Key, value: Value) => number;
}

interface Slot<Key, Value> {
  readonly key: Key;
  readonly value: Value;
  readonly bytes: number;
  readonly entries: Map<Key, Slot<Key, Value>>;
  used: boolean;
}

/** A map entry with its slot object: what the cache adds to each key and value. */
export const ENTRY_OVERHEAD_BYTES = 96;

/** A string's heap size, as V8 lays it out: a header, then one or two bytes per code unit. */
export function stringBytes(text: string): number {
  // eslint-disable-next-line no-control-regex -- one-byte (Latin-1) strings take a byte per char
  const perChar = /^[\u0000-\u00ff]*$/.test(text) ? 1 : 2;
  return 16 + Math.ceil((text.length * perChar) / 8) * 8;
}

/** An array's heap size: its object and a backing store of 8-byte slots (numbers or pointers). */
export function arrayBytes(length: number): number {
  return 32 + 16 + length * 8;
}

export class BoundedCache<Owner extends object, Key, Value> {
  private byOwner = new WeakMap<Owner, Map<Key, Slot<Key, Value>>>();
  /** Every entry, oldest first: the clock's hand starts at the front. */
  private order = new Set<Slot<Key, Value>>();
  private total = 0;
  /** Look-ups answered from the cache, and values made (bench/memory.js reports them). */
  hits = 0;
  misses = 0;

  constructor(private readonly bound: CacheBound<Key, Value>) {}

  /** Bytes kept now (estimated), and entries. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.order.size;
  }

  /** Forget everything (what the values were made from has changed). */
  clear(): void {
    this.byOwner = new WeakMap();
    this.order = new Set();
    this.total = 0;
  }

  get(owner: Owner, key: Key, make: () => Value): Value {
    let entries = this.byOwner.get(owner);
    if (!entries) this.byOwner.set(owner, (entries = new Map()));
    const hit = entries.get(key);
    if (hit) {
      this.hits++;
      hit.used = true;
      return hit.value;
    }
    this.misses++;
    const value = make();
    const bytes = this.bound.sizeOf(key, value) + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.bound.maxBytes) return value; // larger than the whole budget: not kept
    this.evict(this.bound.maxBytes - bytes);
    const slot: Slot<Key, Value> = { key, value, bytes, entries, used: false };
    entries.set(key, slot);
    this.order.add(slot);
    this.total += bytes;
    return value;
  }

  /** Drop entries, least recently used first, until at most `budget` bytes are kept. */
  private evict(budget: number): void {
    while (this.total > budget) {
      const slot = this.order.values().next().value as Slot<Key, Value>;
      this.order.delete(slot);
      if (slot.used) {
        slot.used = false;
        this.order.add(slot); // a second chance, at the back
        continue;
      }
      slot.entries.delete(slot.key);
      this.total -= slot.bytes;
    }
  }
}
