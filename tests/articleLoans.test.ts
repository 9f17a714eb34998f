import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ArticleLoans, type LoadedArticle } from "../src/build/articleLoans.js";
import { build } from "../src/build/build.js";
import { buildNewsletterOutputs } from "../src/build/newsletters.js";
import { BuildSetUp } from "../src/build/setUp.js";
import { resolveConfig } from "../src/config.js";
import { edit, projectCopy, SEED, SEED_DIR } from "./helpers.js";

/** What the newsletters lend: the loans never look inside it. */
const story = (id: string) => ({ parsed: { id } }) as unknown as LoadedArticle;

describe("the newsletters' stories lent to the article build", () => {
  it("are taken once, and only while every file they were read from is unchanged", () => {
    const root = projectCopy();
    const config = resolveConfig({ root, formats: ["html"] });
    const loans = new ArticleLoans();
    const lent = story(SEED);
    loans.lend(config, SEED, lent);
    expect(loans.take(config, SEED)).toBe(lent);
    expect(loans.take(config, SEED)).toBeUndefined();

    // The article's own text, then the glossary every article's rules read: each makes a loan stale.
    loans.lend(config, SEED, lent);
    edit(root, `${SEED_DIR}/ru.md`, "съезд в Алматы", "съезд в Алма-Ате");
    expect(loans.take(config, SEED)).toBeUndefined();
    loans.lend(config, SEED, lent);
    writeFileSync(join(root, "data/glossary.yaml"), "\n", { flag: "a" });
    expect(loans.take(config, SEED)).toBeUndefined();
    // A file added to the article's folder (an image it may name) too.
    loans.lend(config, SEED, lent);
    writeFileSync(join(root, SEED_DIR, "notes.txt"), "draft");
    expect(loans.take(config, SEED)).toBeUndefined();
  });

  it("leave the build's pages and diagnostics as its own reading would: a story's warning is reported once", async () => {
    const root = projectCopy();
    // A story of the bundled issue with a problem of its own: a Russian figure that differs from the English one.
    edit(
      root,
      `${SEED_DIR}/ru.md`,
      "Всего в Алматы и Нур-Султане задержали около 100",
      "Всего в Алматы и Нур-Султане задержали около 150",
    );
    const run = async (lend: boolean) => {
      const config = resolveConfig({ root, formats: ["html"] });
      const setUp = new BuildSetUp({ toolCache: null });
      const ids = [SEED];
      const newsletterBuild = await buildNewsletterOutputs(config, ids, setUp);
      expect(setUp.loans.ids).toContain(SEED);
      if (!lend) setUp.loans.take(config, SEED); // the build reads the story itself
      const result = build({ root, formats: ["html"], newsletterBuild }, setUp);
      // The build took every story it renders (all of them: the project is built whole).
      expect(setUp.loans.ids).toEqual([]);
      return {
        diagnostics: result.diagnostics.map((d) => `${d.code} ${d.article ?? ""} ${d.message}`),
        pages: result.outputs.map((o) => [o.path, Buffer.from(o.contents).toString("base64")]),
      };
    };
    const withLoans = await run(true);
    const without = await run(false);
    expect(withLoans.diagnostics.filter((d) => d.includes(SEED)).length).toBeGreaterThan(0);
    expect(withLoans).toEqual(without);
    expect(new Set(withLoans.diagnostics).size).toBe(withLoans.diagnostics.length);
  });
});

describe("a set-up's shared inputs pinned for a batch", () => {
  it("builds every article of the batch from one reading, and reads the files again once unpinned", () => {
    const root = projectCopy();
    const setUp = new BuildSetUp({ toolCache: null });
    const page = () => {
      const result = build({ root, formats: ["html"], articles: [SEED], partial: true }, setUp);
      const file = result.outputs.find((o) => o.path === `ru/${SEED}/briefing.html`);
      expect(file, result.outputs.map((o) => o.path).join(", ")).toBeDefined();
      return Buffer.from(file!.contents).toString("utf8");
    };
    setUp.pinInputs();
    const before = page();
    expect(before).not.toContain("Изменённый шаблон");
    // A template and the glossary edited in the middle of the batch: its next article is built as the first was.
    edit(root, "templates/briefing.hbs", "</main>", "<p>Изменённый шаблон</p></main>");
    writeFileSync(join(root, "data/glossary.yaml"), "\n", { flag: "a" });
    expect(page()).toBe(before);
    // The batch over, the next build sees the edit.
    setUp.unpinInputs();
    expect(page()).toContain("<p>Изменённый шаблон</p>");
  });
});
