import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { SOURCE_LOCALE, type Locale } from "../locale/index.js";
import { UsageError } from "../core/errors.js";
import { selectArticles } from "../build/selectArticles.js";
import { sourceHash, withSourceHash } from "../validate/sourceHash.js";

/**
 * Mark translations reviewed: record in each `<locale>.md` the hash of the source-locale file
 * as it is now, so `translation/stale` reports it again only when the source changes.
 */
export function reviewTranslations(
  root: string,
  articles: readonly string[] | undefined,
  locales: readonly Locale[],
): string[] {
  const dir = join(root, "data", "articles");
  const all = existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => existsSync(join(dir, n, `${SOURCE_LOCALE}.md`)))
        .sort()
    : [];
  // The same globs as build's --article; an id given exactly that has no source file is named.
  const exact = articles?.filter((a) => !/[*?[\]{}!@()]/.test(a) && !all.includes(a)) ?? [];
  const ids = exact.length ? exact : selectArticles(all, articles, undefined);
  const marked: string[] = [];
  for (const id of ids) {
    const sourcePath = join(dir, id, `${SOURCE_LOCALE}.md`);
    if (!existsSync(sourcePath))
      throw new UsageError(`No ${SOURCE_LOCALE}.md for article "${id}" in ${relative(process.cwd(), dir) || "."}`);
    const hash = sourceHash(readFileSync(sourcePath, "utf8"));
    for (const locale of locales.filter((l) => l !== SOURCE_LOCALE)) {
      const path = join(dir, id, `${locale}.md`);
      if (!existsSync(path)) continue;
      const text = readFileSync(path, "utf8");
      const next = withSourceHash(text, hash);
      if (next === text) continue;
      writeFileSync(`${path}.tmp-${process.pid}`, next);
      renameSync(`${path}.tmp-${process.pid}`, path);
      marked.push(relative(root, path));
    }
  }
  return marked;
}
