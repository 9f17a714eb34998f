#!/usr/bin/env node
// Generate a project with N articles by varying the seed article: all three locales, the same
// lengths, a numbered headline so every article differs. Translations are marked reviewed.
// Usage: node bench/generate.js <dir> <count>
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { reviewTranslations } from "../lib/cli/review.js";

export function generateProject(dir, count) {
  const repo = new URL("..", import.meta.url).pathname;
  const seed = "kazakhstan-rallies-2020-02-22";
  mkdirSync(join(dir, "data", "articles"), { recursive: true });
  for (const f of ["glossary.yaml", "outlets.yaml"]) cpSync(join(repo, "data", f), join(dir, "data", f));
  cpSync(join(repo, "locales"), join(dir, "locales"), { recursive: true });
  cpSync(join(repo, "templates"), join(dir, "templates"), { recursive: true });
  const files = Object.fromEntries(
    ["article.yaml", "en.md", "kk.md", "ru.md"].map((f) => [
      f,
      readFileSync(join(repo, "data", "articles", seed, f), "utf8"),
    ]),
  );
  for (let i = 1; i <= count; i++) {
    const id = `story-${String(i).padStart(5, "0")}`;
    const target = join(dir, "data", "articles", id);
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, "article.yaml"), files["article.yaml"].replace(`id: ${seed}`, `id: ${id}`));
    for (const locale of ["en", "kk", "ru"]) {
      // "№ 17 · " before the headline: a different text per article, the same facts.
      writeFileSync(
        join(target, `${locale}.md`),
        files[`${locale}.md`].replace(/^headline: (>-\n\s+)?/m, (m) => `${m}№ ${i} · `),
      );
    }
  }
  reviewTranslations(dir, undefined, ["en", "kk", "ru"]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count] = process.argv.slice(2);
  if (!dir || !count) throw new Error("usage: node bench/generate.js <dir> <count>");
  generateProject(dir, Number(count));
}
