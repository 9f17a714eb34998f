import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../src/config.js";
import {
  ARTICLE_KINDS,
  DEFAULT_TEMPLATES,
  documentKindKey,
  newsletterPage,
  PAGE_TEMPLATES,
  templatesForArticle,
  type ArticleKind,
} from "../src/model/kinds.js";
import { REPO } from "./helpers.js";

const KINDS: readonly ArticleKind[] = ["news", "statement", "feature"];

describe("document kinds", () => {
  it("build the shipped templates by default, briefing first", () => {
    expect(DEFAULT_TEMPLATES).toEqual(["briefing", "press-release"]);
    expect(resolveConfig({ root: REPO }).templates).toEqual(["briefing", "press-release"]);
  });

  it("name each template's kind in the catalog; a project's own template `x` uses document.x", () => {
    expect(documentKindKey("briefing")).toBe("document.briefing");
    expect(documentKindKey("press-release")).toBe("document.pressRelease");
    expect(documentKindKey("fact-sheet")).toBe("document.fact-sheet");
    // Not a lookup in Object.prototype.
    expect(documentKindKey("constructor")).toBe("document.constructor");
  });

  it("know every kind of article the schema allows", () => {
    expect(Object.keys(ARTICLE_KINDS).sort()).toEqual([...KINDS].sort());
  });

  it("build every kind in every configured template, in the configured order", () => {
    for (const kind of KINDS) {
      expect(templatesForArticle(kind, DEFAULT_TEMPLATES)).toEqual(["briefing", "press-release"]);
      expect(templatesForArticle(kind, ["press-release", "briefing"])).toEqual(["press-release", "briefing"]);
      expect(templatesForArticle(kind, ["press-release"])).toEqual(["press-release"]);
      expect(templatesForArticle(kind, ["fact-sheet", "briefing"])).toEqual(["fact-sheet", "briefing"]);
      expect(templatesForArticle(kind, [])).toEqual([]);
    }
  });

  it("link every kind's newsletter story to its briefing", () => {
    for (const kind of KINDS) expect(newsletterPage(kind)).toBe("briefing");
  });

  it("name the masthead partial each shipped template includes, and its kind key in every catalog", () => {
    for (const [template, { kindKey, masthead }] of Object.entries(PAGE_TEMPLATES)) {
      const source = readFileSync(join(REPO, "templates", `${template}.hbs`), "utf8");
      expect(source).toContain(`{{> ${masthead}}}`);
      const partial = readFileSync(join(REPO, "templates", "partials", `${masthead}.hbs`), "utf8");
      expect(partial).toContain("{{documentKind}}");
      for (const locale of ["en", "kk", "ru"]) {
        const common = JSON.parse(readFileSync(join(REPO, "locales", locale, "common.json"), "utf8")) as Record<
          string,
          Record<string, string>
        >;
        const [group, key] = kindKey.split(".");
        expect(common[group!]?.[key!], `${locale}: ${kindKey}`).toEqual(expect.any(String));
      }
    }
  });
});
