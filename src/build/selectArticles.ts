import { createHash } from "node:crypto";
import { UsageError } from "../core/errors.js";

/** `*` any run of characters, `?` one character; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/**
 * The shard (0-based) an article belongs to: from a hash of its id alone, so adding or
 * removing other articles never moves it, and every job of a CI matrix agrees.
 */
export function shardOf(id: string, count: number): number {
  return createHash("sha256").update(id).digest().readUInt32BE(0) % count;
}

/** The ids a build takes: those matching any pattern, in this shard. A pattern matching nothing is a usage error. */
export function selectArticles(
  ids: readonly string[],
  patterns: readonly string[] | undefined,
  shard: { index: number; count: number } | undefined,
): string[] {
  let selected = [...ids];
  if (patterns) {
    const regexps = patterns.map((p) => [p, globToRegExp(p)] as const);
    const unmatched = regexps.filter(([, r]) => !ids.some((id) => r.test(id))).map(([p]) => p);
    if (unmatched.length)
      throw new UsageError(
        `No article matches ${unmatched.map((p) => `"${p}"`).join(", ")} (have: ${ids.join(", ") || "none"})`,
      );
    selected = ids.filter((id) => regexps.some(([, r]) => r.test(id)));
  }
  return shard ? selected.filter((id) => shardOf(id, shard.count) === shard.index - 1) : selected;
}
