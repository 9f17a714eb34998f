/**
 * A per-owner memo bounded by bytes: values are made once per (owner, key) and kept while all
 * owners' entries together stay within `maxBytes`. The rendering caches (shaped words, text
 * operators, measured runs, hyphenation points) use it, so a long batch of varied text neither
 * recomputes the hot words nor grows with the long tail of rare ones: a count of entries would
 * not bound memory, a long Kazakh word in two-byte characters weighing several times a short
 * English one.
 *
 * Two generations, so a look-up costs two map reads and nothing else (the caches sit on the
 * hottest path of layout; a linked LRU list cost more than it saved, measured with --cpu-prof on
 * bench/pdf.js): new entries go into the young generation; when it holds half the budget it
 * becomes the old one and the old one is dropped. An entry found in the old generation moves to
 * the young one, so what is in use survives and what has not been asked for over a whole
 * generation goes.
 *
 * Bytes are estimates of what V8 keeps for an entry (`sizeOf`, built from `stringBytes` and
 * `arrayBytes` below; bench/memory.js compares them with the heap), not measurements; what
 * matters is that they grow with what is kept.
 */
export interface CacheBound<Key, Value> {
  /** The budget of every owner's entries together. */
  readonly maxBytes: number;
  /** The bytes an entry keeps alive: its key and value. */
  readonly sizeOf: (key: Key, value: Value) => number;
}

/** One owner's entries: the young and the old generation, each a map of key → value. */
interface OwnerEntries<Key, Value> {
  young: Map<Key, Value>;
  old: Map<Key, Value>;
  /** The generation `young` belongs to (a rotation ages the owners it has seen lazily). */
  generation: number;
}

/** A map entry's own cost in V8 (an ordered hash table slot with its key, value and chain). */
export const ENTRY_OVERHEAD_BYTES = 32;

/** A string's heap size: a header, then at most two bytes a code unit (one for Latin-1 text). */
export function stringBytes(text: string): number {
  return 16 + Math.ceil(text.length / 4) * 8;
}

/** An array's heap size: its object and a backing store of 8-byte slots (numbers or pointers). */
export function arrayBytes(length: number): number {
  return 32 + 16 + length * 8;
}

/** What a map holds for a value made as undefined (`Map.get` gives undefined for none). */
const UNDEFINED = Symbol("undefined");

export class BoundedCache<Owner extends object, Key, Value> {
  private byOwner = new WeakMap<Owner, OwnerEntries<Key, Value>>();
  /** The owners with entries in the young generation, and in the old one (strongly held: bounded by the budget). */
  private youngOwners = new Set<OwnerEntries<Key, Value>>();
  private oldOwners = new Set<OwnerEntries<Key, Value>>();
  private generation = 0;
  private youngBytes = 0;
  private oldBytes = 0;
  /** Look-ups answered from the cache, and values made (bench/memory.js reports them). */
  hits = 0;
  misses = 0;

  constructor(private readonly bound: CacheBound<Key, Value>) {}

  /** Bytes kept now (estimated). */
  get bytes(): number {
    return this.youngBytes + this.oldBytes;
  }

  /** Entries kept now. */
  get size(): number {
    let n = 0;
    for (const o of this.youngOwners) n += o.young.size;
    for (const o of this.oldOwners) n += o.old.size;
    return n;
  }

  /** Forget everything (what the values were made from has changed). */
  clear(): void {
    this.byOwner = new WeakMap();
    this.youngOwners = new Set();
    this.oldOwners = new Set();
    this.youngBytes = this.oldBytes = 0;
    this.generation++;
  }

  get(owner: Owner, key: Key, make: () => Value): Value {
    let entries = this.byOwner.get(owner);
    if (!entries)
      this.byOwner.set(owner, (entries = { young: new Map(), old: new Map(), generation: this.generation }));
    else if (entries.generation !== this.generation) this.age(entries);
    // One map read per generation: a value made as undefined is kept as UNDEFINED, so a miss
    // needs no has() (the look-ups were 4 % of a build's samples, most of it hashing keys).
    const young = entries.young.get(key);
    if (young !== undefined) {
      this.hits++;
      return young === UNDEFINED ? (undefined as Value) : young;
    }
    const old = entries.old.get(key);
    if (old !== undefined) {
      this.hits++;
      this.keep(entries, key, old); // in use: into the young generation
      return old === UNDEFINED ? (undefined as Value) : old;
    }
    this.misses++;
    const value = make();
    this.keep(entries, key, value === undefined ? (UNDEFINED as Value) : value);
    return value;
  }

  private keep(entries: OwnerEntries<Key, Value>, key: Key, value: Value): void {
    const bytes = this.bound.sizeOf(key, value === UNDEFINED ? (undefined as Value) : value) + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.bound.maxBytes / 2) return; // larger than a generation: not kept
    if (this.youngBytes + bytes > this.bound.maxBytes / 2) {
      this.rotate();
      this.age(entries);
    }
    entries.young.set(key, value);
    this.youngOwners.add(entries);
    this.youngBytes += bytes;
  }

  /** The young generation becomes the old one; the old one is dropped. */
  private rotate(): void {
    for (const o of this.oldOwners) o.old = new Map();
    this.oldOwners = this.youngOwners;
    this.youngOwners = new Set();
    this.oldBytes = this.youngBytes;
    this.youngBytes = 0;
    this.generation++;
    // Every owner with old entries is aged now, so none keeps a generation past the budget.
    for (const o of this.oldOwners) this.age(o);
  }

  /** Bring an owner's maps to the current generation. */
  private age(entries: OwnerEntries<Key, Value>): void {
    if (entries.generation === this.generation) return;
    if (entries.generation === this.generation - 1) {
      entries.old = entries.young;
    } else entries.old = new Map();
    entries.young = new Map();
    entries.generation = this.generation;
  }
}

/**
 * `compute` remembered for the few keys a build asks about (locale tags): each is computed
 * once; past `limit` different keys (an odd page's tags), answers are computed and not kept.
 */
export function memoizeFew<T>(compute: (key: string) => T, limit = 64): (key: string) => T {
  const kept = new Map<string, T>();
  return (key) => {
    if (kept.has(key)) return kept.get(key) as T;
    const value = compute(key);
    if (kept.size < limit) kept.set(key, value);
    return value;
  };
}
