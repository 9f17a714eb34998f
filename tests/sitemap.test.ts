import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectAll } from "css-select";
import type { Element } from "domhandler";
import { parseDocument } from "htmlparser2";
import { beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../src/index.js";
import { ARTICLES, projectCopy, REPO, runCli, write } from "./helpers.js";

const BASE = "https://press.example.org/";
const SCHEMA = join(REPO, "tests/fixtures/sitemaps/sitemap-with-alternates.xsd");
const PUBLISHING = [
  "sitemap.xml",
  "robots.txt",
  ...["en", "kk", "ru"].flatMap((l) => ["feed.xml", "atom.xml", "feed.json"].map((f) => `${l}/${f}`)),
];

function build(root: string, out: string, ...args: string[]): void {
  const r = runCli(["build", "--root", root, "--out", out, "--quiet", ...args]);
  expect(r.code, r.stderr + r.stdout).toBe(0);
}

const folder = () => mkdtempSync(join(tmpdir(), "tilpress-sitemap-"));

/** The sitemap as XML (htmlparser2 in XML mode): each <url>'s loc, lastmod and alternates. */
function readSitemap(file: string) {
  const doc = parseDocument(readFileSync(file, "utf8"), { xmlMode: true });
  return (selectAll("url", doc.children) as Element[]).map((url) => {
    const text = (name: string) => {
      const el = (selectAll(name, url.children) as Element[])[0];
      return el ? (el.children[0] as { data?: string } | undefined)?.data : undefined;
    };
    return {
      loc: text("loc")!,
      lastmod: text("lastmod"),
      alternates: (selectAll("xhtml\\:link", url.children) as Element[]).map(
        (l) => [l.attribs["hreflang"], l.attribs["href"]] as const,
      ),
    };
  });
}

describe("sitemap.xml and robots.txt", () => {
  let root: string;
  let out: string;
  beforeAll(() => {
    root = projectCopy();
    write(root, "tilpress.config.json", JSON.stringify({ baseUrl: BASE }));
    out = folder();
    build(root, out);
  }, 240_000);

  it("is valid against the sitemaps.org schema (xmllint), and robots.txt names it", () => {
    const r = spawnSync("xmllint", ["--noout", "--nonet", "--schema", SCHEMA, join(out, "sitemap.xml")], {
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("validates");
    expect(readFileSync(join(out, "robots.txt"), "utf8")).toMatch(
      /^Sitemap: https:\/\/press\.example\.org\/sitemap\.xml$/m,
    );
  });

  it("lists every page with an alternate per locale, x-default and lastmod", () => {
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
    const pages = manifest.outputs.filter((o) => o.format === "html" && o.article);
    expect(pages.length).toBeGreaterThanOrEqual(ARTICLES.length * 3);
    const urls = readSitemap(join(out, "sitemap.xml"));
    const rooms = ["en", "kk", "ru"].map((l) => `${BASE}${l}/index.html`);
    expect(urls.map((u) => u.loc).sort()).toEqual(
      [`${BASE}index.html`, ...rooms, ...pages.map((p) => `${BASE}${p.path}`)].sort(),
    );
    for (const page of pages) {
      const url = urls.find((u) => u.loc === `${BASE}${page.path}`)!;
      const own = (l: string) => `${BASE}${l}/${page.article}/${page.template}.html`;
      expect(url.alternates, page.path).toEqual([
        ["en", own("en")],
        ["kk", own("kk")],
        ["ru", own("ru")],
        ["x-default", own("en")],
      ]);
      for (const [, href] of url.alternates) expect(existsSync(join(out, href!.slice(BASE.length))), href).toBe(true);
      // The date the article was published, as article.yaml writes it (a date, or a date-time in UTC).
      const published = page.page!.published;
      expect(url.lastmod, page.path).toBe(
        published.length === 10 ? published : new Date(published).toISOString().replace(".000Z", "Z"),
      );
    }
  });

  it("two shards merged give the same feeds, sitemap and robots.txt as one build, and a filtered build keeps them", () => {
    const shards = [folder(), folder()];
    build(root, shards[0]!, "--shard", "1/2");
    build(root, shards[1]!, "--shard", "2/2");
    // A shard makes none of them: merge makes them for the whole set.
    for (const shard of shards) for (const file of PUBLISHING) expect(existsSync(join(shard, file)), file).toBe(false);
    const merged = folder();
    const r = runCli(["merge", "--root", root, "--out", merged, ...shards]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    for (const file of [...PUBLISHING, "manifest.json"])
      expect(readFileSync(join(merged, file)).equals(readFileSync(join(out, file))), file).toBe(true);
    // One article and one locale rebuilt into the full folder: the files still list everything.
    build(root, merged, "--article", ARTICLES[0]!, "--locale", "kk");
    for (const file of [...PUBLISHING, "manifest.json"])
      expect(readFileSync(join(merged, file)).equals(readFileSync(join(out, file))), file).toBe(true);
  }, 240_000);
});
