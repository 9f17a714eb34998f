import { existsSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { contentLocale, DEFAULT_SOURCE_LOCALE, type Locale } from "../locale/index.js";
import { UsageError } from "../core/errors.js";
import { selectArticles } from "../build/selectArticles.js";
import { ProjectFiles } from "../core/projectFiles.js";
import { sourceHash, withSourceHash } from "../validate/sourceHash.js";

/**
 * Mark translations reviewed: record in each `<locale>.md` the hash of the source-locale file
 * as it is now, so `translation/stale` reports it again only when the source changes.
 */
export function reviewTranslations(
  root: string,
  articles: readonly string[] | undefined,
  locales: readonly Locale[],
  /** The project's source locale (`source` in tilpress.config.json): its file's hash is recorded. */
  source: Locale = DEFAULT_SOURCE_LOCALE,
): string[] {
  const dir = join(root, "data", "articles");
  const all = existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => existsSync(join(dir, n, `${source}.md`)))
        .sort()
    : [];
  // The same globs as build's --article; an id given exactly that has no source file is named.
  const exact = articles?.filter((a) => !/[*?[\]{}!@()]/.test(a) && !all.includes(a)) ?? [];
  const ids = exact.length ? exact : selectArticles(all, articles, undefined);
  const marked: string[] = [];
  // Read like the build reads them: a pipe, a link out, an oversized file is refused by name.
  const files = new ProjectFiles(root);
  const text = (path: string) => {
    const read = files.read(path);
    if (!read.ok) throw new UsageError(`${read.problem.message}. ${read.problem.hint}`);
    return read.data.toString("utf8");
  };
  for (const id of ids) {
    const sourcePath = join(dir, id, `${source}.md`);
    if (!existsSync(sourcePath))
      throw new UsageError(`No ${source}.md for article "${id}" in ${relative(process.cwd(), dir) || "."}`);
    const hash = sourceHash(text(sourcePath));
    // A derived locale (kk-Latn) has no file of its own to review.
    for (const locale of locales.filter((l) => l !== source && contentLocale(l) === l)) {
      const path = join(dir, id, `${locale}.md`);
      if (!existsSync(path)) continue;
      const before = text(path);
      const next = withSourceHash(before, hash);
      if (next === before) continue;
      writeFileSync(`${path}.tmp-${process.pid}`, next);
      renameSync(`${path}.tmp-${process.pid}`, path);
      marked.push(relative(root, path));
    }
  }
  return marked;
}
