import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { contentLocale, DEFAULT_SOURCE_LOCALE, type Locale } from "../locale/index.js";
import { UsageError } from "../core/errors.js";
import { selectArticles } from "../build/selectArticles.js";
import { ProjectFiles } from "../core/projectFiles.js";
import { replaceFile } from "../emit/replaceFile.js";
import { decodeUtf8 } from "../load/text.js";
import { sourceHash, withSourceHash } from "../validate/sourceHash.js";

/**
 * Mark translations reviewed: record in each `<locale>.md` the hash of the source-locale file
 * as it is now, so `translation/stale` reports it again only when the source changes.
 */
/** The locales whose texts are translations of the source: not the source, not a derived locale (kk-Latn). */
export function translationLocales(locales: readonly Locale[], source: Locale): Locale[] {
  return locales.filter((l) => l !== source && contentLocale(l) === l);
}

/** `review --locale` naming only the source or a derived locale: what to review instead. */
export function nothingToReview(locale: Locale, locales: readonly Locale[], source: Locale): UsageError {
  const translations = translationLocales(locales, source).join(", ");
  const from = contentLocale(locale);
  return new UsageError(
    locale === source
      ? `${locale} is the source locale: review marks the translations made from it (${translations}), not ${locale} itself`
      : `${locale} is made from ${from} and has no text of its own to review; review ${from} (the translations: ${translations})`,
  );
}

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
    const decoded = decodeUtf8(read.data);
    // Written back, the replacement characters would destroy the bytes that were there.
    if (decoded.invalid)
      throw new UsageError(
        `\`${files.display(path)}\` is not UTF-8 (byte ${decoded.invalid.byte}): save it as UTF-8 before reviewing it`,
      );
    return decoded.text;
  };
  for (const id of ids) {
    const sourcePath = join(dir, id, `${source}.md`);
    if (!existsSync(sourcePath))
      throw new UsageError(`No ${source}.md for article "${id}" in ${relative(process.cwd(), dir) || "."}`);
    const hash = sourceHash(text(sourcePath));
    // A derived locale (kk-Latn) has no file of its own to review.
    for (const locale of translationLocales(locales, source)) {
      const path = join(dir, id, `${locale}.md`);
      if (!existsSync(path)) continue;
      const before = text(path);
      const next = withSourceHash(before, hash);
      if (next === undefined)
        throw new UsageError(
          `\`${files.display(path)}\` has no front matter (a first line \`---\`) to record the source in`,
        );
      if (next === before) continue;
      // Through a link to its target (checked when the file was read): the link stays a link.
      const target = files.realPath(path);
      if ("problem" in target) throw new UsageError(`${target.problem.message}. ${target.problem.hint}`);
      replaceFile(target.real, Buffer.from(next, "utf8"));
      marked.push(relative(root, path));
    }
  }
  return marked;
}
