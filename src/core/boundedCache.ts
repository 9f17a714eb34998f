/**
 * A per-owner memo with a bound: values are made once per (owner, key) and kept until the
 * owner's map holds `max` entries, when it starts afresh. The rendering caches (shaped words,
 * text operators, measured runs) use it so a long batch neither recomputes nor grows.
 */
export class BoundedCache<Owner extends object, Key, Value> {
  private byOwner = new WeakMap<Owner, Map<Key, Value>>();

  constructor(private readonly max: number) {}

  /** Forget everything (what the values were made from has changed). */
  clear(): void {
    this.byOwner = new WeakMap();
  }

  get(owner: Owner, key: Key, make: () => Value): Value {
    let entries = this.byOwner.get(owner);
    if (!entries) this.byOwner.set(owner, (entries = new Map()));
    if (entries.has(key)) return entries.get(key) as Value;
    const value = make();
    if (entries.size >= this.max) entries.clear();
    entries.set(key, value);
    return value;
  }
}
