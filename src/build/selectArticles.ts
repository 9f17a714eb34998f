import { createHash } from "node:crypto";
import picomatch from "picomatch";
import { UsageError } from "../core/errors.js";

/**
 * An article-id glob as shells and CI configs write them (picomatch: `*`, `?`, `[…]`, `{a,b}`,
 * `@(…)`); a leading `!` is handled by `selectArticles` as an exclusion.
 */
export function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob, { dot: true, nonegate: true });
}

/**
 * The shard (0-based) an article belongs to: from a hash of its id alone, so adding or
 * removing other articles never moves it, and every job of a CI matrix agrees.
 */
export function shardOf(id: string, count: number): number {
  return createHash("sha256").update(id).digest().readUInt32BE(0) % count;
}

/**
 * The ids a build takes: those matching any pattern and no `!pattern` (only exclusions: every
 * other article), in this shard. A pattern matching nothing is a usage error.
 */
export function selectArticles(
  ids: readonly string[],
  patterns: readonly string[] | undefined,
  shard: { index: number; count: number } | undefined,
): string[] {
  let selected = [...ids];
  if (patterns) {
    const compiled = patterns.map(compilePattern);
    const unmatched = compiled.filter(({ test }) => !ids.some(test)).map(({ pattern }) => pattern);
    if (unmatched.length)
      throw new UsageError(
        `No article matches ${unmatched.map((p) => `"${p}"`).join(", ")} (have: ${ids.join(", ") || "none"})`,
      );
    selected = ids.filter((id) => matches(id, compiled));
  }
  return shard ? selected.filter((id) => shardOf(id, shard.count) === shard.index - 1) : selected;
}

/** A `--article` pattern: `!` excludes; an id is always itself (`story(1)-2024` is not read as a glob: workers get ids). */
function compilePattern(pattern: string): { pattern: string; exclude: boolean; test: (id: string) => boolean } {
  const exclude = pattern.startsWith("!");
  const glob = exclude ? pattern.slice(1) : pattern;
  const re = globToRegExp(glob);
  return { pattern, exclude, test: (id) => id === glob || re.test(id) };
}

function matches(id: string, compiled: readonly { exclude: boolean; test: (id: string) => boolean }[]): boolean {
  const include = compiled.filter((c) => !c.exclude);
  return (include.length === 0 || include.some((c) => c.test(id))) && !compiled.some((c) => c.exclude && c.test(id));
}

/**
 * Whether an article id (of the project or not: the outputs of a deleted article) is in a
 * build's selection: the patterns as `selectArticles` reads them, and the shard.
 */
export function articleSelected(
  id: string,
  patterns: readonly string[] | undefined,
  shard: { index: number; count: number } | undefined,
): boolean {
  const compiled = (patterns ?? []).map(compilePattern);
  return matches(id, compiled) && (!shard || shardOf(id, shard.count) === shard.index - 1);
}
