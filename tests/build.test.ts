import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/build.js";
import { BuildSetUp } from "../src/build/setUp.js";
import { resolveConfig } from "../src/config.js";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { finishSite, siteEntry } from "../src/site/finish.js";
import { edit, lineOf, projectCopy, REPO, SEED } from "./helpers.js";

describe("build set-up and finishing step", () => {
  it("a BuildSetUp kept between builds sets the catalog and templates up once, and again after an edit", () => {
    const root = projectCopy();
    const setUp = new BuildSetUp();
    const config = resolveConfig({ root, formats: ["html"] });
    const first = setUp.shared(config, new DiagnosticList());
    expect(setUp.shared(config, new DiagnosticList())).toBe(first);
    const reused = build({ root, formats: ["html"] }, setUp);
    edit(root, "templates/briefing.hbs", "</main>", "</main><!-- edited -->");
    const afterEdit = setUp.shared(resolveConfig({ root, formats: ["html"] }), new DiagnosticList());
    expect(afterEdit).not.toBe(first);
    // A build with the kept set-up gives the bytes of a build with a fresh one.
    const kept = build({ root, formats: ["html"] }, setUp);
    const fresh = build({ root, formats: ["html"] });
    expect(kept.outputs.map((o) => [o.path, o.contents.toString("base64")])).toEqual(
      fresh.outputs.map((o) => [o.path, o.contents.toString("base64")]),
    );
    const briefing = (r: typeof kept) => r.outputs.find((o) => o.path === `en/${SEED}/briefing.html`)!.contents;
    expect(briefing(kept).toString()).toContain("<!-- edited -->");
    expect(briefing(reused).toString()).not.toContain("<!-- edited -->");
  });

  it("a BuildSetUp keeps the glossary and outlets as checked while their bytes and the policy are the same", () => {
    const root = projectCopy();
    const setUp = new BuildSetUp();
    const options = { root, formats: ["html"], locales: ["ru"], articles: [SEED] } as const;
    const first = setUp.sharedData(resolveConfig(options), new DiagnosticList());
    expect(setUp.sharedData(resolveConfig(options), new DiagnosticList())).toBe(first);

    // A field the glossary may not have: every build with the kept set-up reports it, not only the first.
    edit(root, "data/glossary.yaml", "    ru: { name: Инга Иманбай,", "    ru: { nickname: Инга, name: Инга Иманбай,");
    const unknownField = (r: ReturnType<typeof build>) =>
      r.diagnostics.filter((d) => d.code === "data/unknown-field" && d.file === "data/glossary.yaml");
    const once = build(options, setUp);
    const again = build(options, setUp);
    expect(unknownField(once).map((d) => [d.severity, d.line])).toEqual([
      ["error", lineOf(root, "data/glossary.yaml", "nickname")],
    ]);
    expect(unknownField(again)).toEqual(unknownField(once));
    // A glossary error blocks every article, with the set-up kept or not.
    expect(again.outputs.filter((o) => o.path.includes(SEED))).toEqual([]);

    // The project's policy makes it a warning: the kept glossary is checked again under it.
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ rules: { "data/unknown-field": "warning" } }));
    const relaxed = build(options, setUp);
    expect(unknownField(relaxed).map((d) => d.severity)).toEqual(["warning"]);

    // Fixed, and a name changed as `sed -i` would: the next build reads both.
    edit(root, "data/glossary.yaml", "ru: { nickname: Инга, name: Инга Иманбай,", "ru: { name: Инга Иманбаева,");
    const fixed = build(options, setUp);
    expect(unknownField(fixed)).toEqual([]);
    const page = fixed.outputs.find((o) => o.path === `ru/${SEED}/briefing.html`)!.contents.toString();
    expect(page).toContain("Инга Иманбаева");
    expect(page).not.toContain("Инга Иманбай,");
  });

  it("page entries carry what a press room lists, into manifest.json's lines; manifest.json keeps exactly its own fields, last", () => {
    const root = projectCopy();
    const result = build({ root, formats: ["html"], locales: ["kk"] });
    const page = result.outputs.find((o) => o.path === `kk/${SEED}/briefing.html`)!;
    const facts = readFileSync(join(root, "data/articles", SEED, "article.yaml"), "utf8");
    expect(page.page?.published).toBe(/^published: "(.+)"$/m.exec(facts)![1]);
    expect(page.page?.kind).toBe(/^kind: (\w+)$/m.exec(facts)![1]);
    expect(page.page?.standfirst).toMatch(/[әғқңөұүһі]/);
    expect(result.outputs.at(-1)!.path).toBe("manifest.json");
    const manifest = JSON.parse(result.outputs.at(-1)!.contents.toString()) as { outputs: Record<string, unknown>[] };
    for (const line of manifest.outputs) {
      expect(Object.keys(line)).toEqual([
        "path",
        "article",
        "locale",
        "format",
        "template",
        "bytes",
        "sha256",
        "inputs",
        "title",
        "page",
      ]);
    }
    // A page's facts are in its manifest line (what an index lists of it again); other files have none.
    const lines = new Map(manifest.outputs.map((line) => [line["path"], line["page"]]));
    expect(lines.get(`kk/${SEED}/briefing.html`)).toEqual({
      kind: page.page?.kind,
      published: page.page?.published,
      standfirst: page.page?.standfirst,
    });
    expect(lines.get("index.html")).toBeNull();
    // A shard gets no site pages, feeds or sitemap (merge makes them); the manifest names the shard.
    const entries = result.outputs.filter((o) => o.path !== "manifest.json" && o.path !== "index.html").map(siteEntry);
    let indexed = 0;
    const shard = finishSite({
      entries,
      shard: { label: "1/2", inputs: "x" },
      pages: () => (indexed++, []),
      baseUrl: "https://press.example.org/",
      profiles: resolveConfig({ root: REPO }).profiles,
      feeds: () => (indexed++, []),
    });
    expect(indexed).toBe(0);
    expect(shard.map((f) => f.path)).toEqual(["manifest.json"]);
    const shardManifest = JSON.parse(("contents" in shard[0]! ? shard[0].contents : Buffer.alloc(0)).toString());
    expect(shardManifest.shard).toBe("1/2");
    expect(shardManifest.outputs).toHaveLength(entries.length);
  });
});
